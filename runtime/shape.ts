// The shape of a payload as text, for snapshot tests (`shapeOf`, re-exported by testing.js).

import { showPointer } from './validate.js';

/** The deepest level `shapeOf` lists; a container below it is shown by its type alone. */
export const SHAPE_MAX_DEPTH: number = 128;

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A key as a path segment: escaped for the pointer, and shown as messages show it when it is long or unusual. */
function segment(key: string): string {
  const token = key.replace(/~/g, '~0').replace(/\//g, '~1');
  return token.length <= 100 && /^[\x20-\x5b\x5d-\x7e]*$/.test(token) ? `/${token}` : showPointer(`/${token}`);
}

/**
 * A stable, compact text of a payload's shape: one line per JSON pointer (array items as `*`,
 * all items merged) with the JSON types seen there, e.g.
 * `/line_items/*\/price: string`. Values and key order do not matter: snapshot it.
 *
 * Bounded for any input: the walk is iterative, a container deeper than
 * {@link SHAPE_MAX_DEPTH} levels is listed by its type alone (`object (deeper levels not
 * shown)`), and a key over 100 characters, or with control or formatting characters, is shown
 * escaped and cut as validation messages show it.
 */
export function shapeOf(value: unknown): string {
  const seen = new Map<string, Set<string>>();
  // containers still to list; scalars are noted at once, so a long array of numbers costs no stack entries
  const stack: { readonly v: object; readonly path: string; readonly depth: number }[] = [];
  const note = (v: unknown, path: string, depth: number): void => {
    let types = seen.get(path);
    if (types === undefined) seen.set(path, (types = new Set<string>()));
    const type = jsonType(v);
    if (v === null || typeof v !== 'object') types.add(type);
    else if (depth >= SHAPE_MAX_DEPTH) types.add(`${type} (deeper levels not shown)`);
    else {
      types.add(type);
      stack.push({ v, path, depth });
    }
  };
  note(value, '', 0);
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { v, path, depth } = top;
    if (Array.isArray(v)) {
      const item = `${path}/*`;
      for (const x of v as unknown[]) note(x, item, depth + 1);
    } else {
      const members = v as { readonly [key: string]: unknown };
      for (const k of Object.keys(members)) note(members[k], path + segment(k), depth + 1);
    }
  }
  return [...seen]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, types]) => `${path || '/'}: ${[...types].sort().join(' | ')}`)
    .join('\n');
}
