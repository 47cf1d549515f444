// @ts-check
/** Small helpers shared by the emitters that walk schemas (guards, fixtures). */
import { sortedEntries } from '../util/order.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').Schema} Schema */

/**
 * Every named type of a provider (model roots and nested types), each once, sorted by name.
 * @param {ProviderModel} p
 * @returns {[string, Schema][]}
 */
export function namedTypes(p) {
  /** @type {Map<string, Schema>} */
  const all = new Map();
  for (const m of p.models) {
    all.set(m.typeName, m.schema);
    for (const [k, v] of Object.entries(m.defs)) all.set(k, v);
  }
  return sortedEntries(all);
}

/** `#/$defs/OrderLineItem` → `OrderLineItem`. */
export const refName = (/** @type {string} */ ref) => ref.replace('#/$defs/', '');

/** The `type` keyword as a list. */
export const typeList = (/** @type {Schema} */ s) => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);

/**
 * What a schema allows, for `expected`.
 * @param {Schema} node
 * @returns {string}
 */
export function describe(node) {
  if (node.enum) return node.enum.map((e) => JSON.stringify(e)).join(' | ');
  /** @type {string[]} */
  const parts = [];
  if (node.$ref) parts.push(refName(node.$ref));
  for (const t of typeList(node)) {
    if (t === 'string' && node.pattern === '^-?[0-9]+$') parts.push('digit string (64-bit integer)');
    else if (t === 'string' && node.format) parts.push(`${node.format} string`);
    else if (t === 'string' && node.pattern) parts.push(`string matching /${node.pattern}/`);
    else if (t === 'array' && node.items) parts.push(`${bracket(describe(node.items))}[]`);
    else parts.push(t);
  }
  if (node.anyOf) parts.push(...node.anyOf.map(describe));
  return parts.join(' | ');
}

function bracket(/** @type {string} */ s) {
  return s.includes(' ') ? `(${s})` : s;
}

