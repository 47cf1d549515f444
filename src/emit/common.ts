/** Small helpers shared by the emitters that walk schemas (guards, fixtures, shapes, catalog, drift). */
import { sortedEntries } from '../util/order.js';
import type { ProviderModel, Schema } from '../model/types.js';

/** Every named type of a provider (model roots and nested types), each once, sorted by name. */
export function namedTypes(p: ProviderModel): [string, Schema][] {
  const all = new Map<string, Schema>();
  for (const m of p.models) {
    all.set(m.typeName, m.schema);
    for (const [k, v] of Object.entries(m.defs)) all.set(k, v);
  }
  return sortedEntries(all);
}

/** `#/$defs/OrderLineItem` → `OrderLineItem`. */
export const refName = (ref: string): string => ref.replace('#/$defs/', '');

/** The `type` keyword as a list. */
export const typeList = (s: Schema): string[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);

/** What a schema allows, for `expected` (plain text: the caller escapes it for where it goes). */
export function describe(node: Schema): string {
  if (node.enum) return node.enum.map((e) => JSON.stringify(e)).join(' | ');
  const parts: string[] = [];
  if (node.$ref) parts.push(refName(node.$ref));
  for (const t of typeList(node)) {
    if (t === 'json') parts.push('JSON value');
    else if (t === 'string' && node.pattern === '^-?[0-9]+$') parts.push('digit string (64-bit integer)');
    else if (t === 'string' && node.format) parts.push(`${node.format} string`);
    else if (t === 'string' && node.pattern) parts.push(`string matching /${node.pattern}/`);
    else if (t === 'array' && node.items) parts.push(`${bracket(describe(node.items))}[]`);
    else parts.push(t);
  }
  if (node.anyOf) parts.push(...node.anyOf.map(describe));
  return parts.join(' | ');
}

function bracket(s: string): string {
  return s.includes(' ') ? `(${s})` : s;
}
