/** Finds the entry whose key or one of whose aliases matches what a person typed. */
export function lookupByAlias<K extends string>(infos: Record<K, { key: K; aliases: string[] }>, token: string): K | undefined {
  const t = token.trim().toLowerCase().replace(/[_\s/]+/g, "-");
  for (const info of Object.values<{ key: K; aliases: string[] }>(infos)) {
    if (info.key === t || info.aliases.includes(t)) return info.key;
  }
  return undefined;
}
