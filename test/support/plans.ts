import type { Db } from "../../src/store/db.js";
import { driverClient } from "../../src/store/library-internals.js";

/** One node of `EXPLAIN (FORMAT JSON)`: what it does, on which table, through which index. */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** A table read in a plan: how (Seq Scan, Index Scan, Bitmap Heap Scan, …) and through which index. */
export interface TableRead {
  node: string;
  table: string;
  index?: string;
}

/** The plan Postgres chooses for `text` with these parameters (the statement is not run). */
export async function explain(db: Db, text: string, params: unknown[] = []): Promise<PlanNode> {
  const { rows } = await driverClient(db).query(`explain (format json) ${text}`, params);
  const cell = Object.values(rows[0] as Record<string, unknown>)[0];
  const parsed = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
  return parsed[0]!.Plan;
}

/** Every table the plan reads, with the index it uses (a bitmap scan names its index on the child). */
export function tableReads(plan: PlanNode): TableRead[] {
  const out: TableRead[] = [];
  const walk = (node: PlanNode) => {
    // Scans only: an INSERT or UPDATE names its table on a ModifyTable node, which reads nothing.
    if (node["Relation Name"] && node["Node Type"].endsWith("Scan")) {
      const bitmapIndex = node["Node Type"] === "Bitmap Heap Scan" ? bitmapIndexOf(node) : undefined;
      out.push({ node: node["Node Type"], table: node["Relation Name"], index: node["Index Name"] ?? bitmapIndex });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return out;
}

function bitmapIndexOf(node: PlanNode): string | undefined {
  const names: string[] = [];
  const walk = (n: PlanNode) => {
    if (n["Node Type"] === "Bitmap Index Scan" && n["Index Name"]) names.push(n["Index Name"]);
    for (const child of n.Plans ?? []) walk(child);
  };
  for (const child of node.Plans ?? []) walk(child);
  return names.join(" + ") || undefined;
}

/** The reads of these tables that scan the whole table. */
export function seqScans(plan: PlanNode, tables: readonly string[]): TableRead[] {
  return tableReads(plan).filter((r) => r.node === "Seq Scan" && tables.includes(r.table));
}
