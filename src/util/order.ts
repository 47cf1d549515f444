/**
 * The one ordering chokepoint: every emitter iterates maps and sets through these helpers,
 * so output never depends on YAML key order, file-system order or insertion order.
 */

/** Locale-independent string comparison (code-unit order), so every machine sorts alike. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries of an object or Map, sorted by key. */
export function sortedEntries<T>(obj: Readonly<Record<string, T>> | ReadonlyMap<string, T>): [string, T][] {
  const entries: [string, T][] = obj instanceof Map ? [...obj.entries()] : Object.entries(obj);
  return entries.sort((a, b) => compareStrings(a[0], b[0]));
}

/** Values sorted by a string key. */
export function sortedBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}

/**
 * JSON text with the keys of every object sorted (2-space indent, final newline): the key
 * order of a YAML sample or any other source never changes the output.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const src = v as Record<string, unknown>;
    // fromEntries defines own properties: a key `__proto__` stays a key
    return Object.fromEntries(Object.keys(src).sort(compareStrings).map((k) => [k, sortKeys(src[k])]));
  }
  return v;
}
