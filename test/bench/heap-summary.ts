import fs from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * The biggest entries of a V8 heap snapshot by self size: objects grouped by constructor name,
 * everything else by node type ("(string)", "(code)", "(array)", …).
 */
export function summariseHeapSnapshot(file: string, top: number): { name: string; bytes: number; count: number }[] {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const name = type === "object" || type === "closure" ? `${snap.strings[snap.nodes[i + nameAt]!]}${type === "closure" ? "()" : ""}` : `(${type})`;
    const group = groups.get(name) ?? { bytes: 0, count: 0 };
    group.bytes += snap.nodes[i + sizeAt]!;
    group.count++;
    groups.set(name, group);
  }
  return [...groups.entries()].map(([name, g]) => ({ name, ...g })).sort((a, b) => b.bytes - a.bytes).slice(0, top);
}
