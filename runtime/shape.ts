// The shape of a payload as text, for snapshot tests (`shapeOf`, re-exported by testing.js).

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * A stable, compact text of a payload's shape: one line per JSON pointer (array items as `*`,
 * all items merged) with the JSON types seen there, e.g.
 * `/line_items/*\/price: string`. Values and key order do not matter: snapshot it.
 */
export function shapeOf(value: unknown): string {
  const seen = new Map<string, Set<string>>();
  const visit = (v: unknown, path: string): void => {
    const types = seen.get(path) ?? new Set<string>();
    types.add(jsonType(v));
    seen.set(path, types);
    if (Array.isArray(v)) for (const item of v) visit(item, `${path}/*`);
    else if (v !== null && typeof v === 'object') {
      const members = v as { readonly [key: string]: unknown };
      for (const k of Object.keys(members)) visit(members[k], `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  visit(value, '');
  return [...seen]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, types]) => `${path || '/'}: ${[...types].sort().join(' | ')}`)
    .join('\n');
}
