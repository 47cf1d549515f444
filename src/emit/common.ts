/** Small helpers shared by the emitters that walk schemas (guards, fixtures, shapes, catalog, drift). */
import { sortedEntries } from '../util/order.js';
import type { PayloadModel, ProviderModel, Schema } from '../model/types.js';

/**
 * Every named object type of a provider (the roots of object models, and nested types), each
 * once, sorted by name. The root of an array or scalar model is an alias, not listed here.
 */
export function namedTypes(p: ProviderModel): [string, Schema][] {
  const all = new Map<string, Schema>();
  for (const m of p.models) {
    if (isObjectModel(m)) all.set(m.typeName, m.schema);
    for (const [k, v] of Object.entries(m.defs)) all.set(k, v);
  }
  return sortedEntries(all);
}

/** Whether a model's payload is a JSON object (else an array or a scalar: `payload` of any JSON kind). */
export function isObjectModel(m: PayloadModel): boolean {
  return m.schema.type === 'object';
}

/** The envelope's own model (`delivery.envelope.model`), when the provider has one. */
export function envelopeModel(p: ProviderModel): PayloadModel | undefined {
  const name = p.delivery.envelope?.model;
  return name === undefined ? undefined : p.models.find((m) => m.name === name);
}

/** The models that are some topic's payload: every model but the envelope's. */
export function payloadModels(p: ProviderModel): PayloadModel[] {
  const name = p.delivery.envelope?.model;
  return p.models.filter((m) => m.name !== name);
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
