/**
 * What a value may be, as a receiver sees it: the JSON types it may have (an integer delivered
 * as a digit string is its own kind, `int64`), its enum, format and pattern, and its fields or
 * items. The intermediate model's JSON Schemas (with `$ref`s into `$defs` and `anyOf` unions)
 * and api.yaml's types both normalise to this, so one comparison serves payloads, API
 * responses and API inputs.
 */
import type { ApiType, Schema } from '../../model/types.js';

/** A JSON type, plus `int64`: an integer that may exceed 2^53, typed as a digit string. */
export type Atom = 'string' | 'number' | 'integer' | 'int64' | 'boolean' | 'null' | 'object' | 'array';

export interface Field {
  shape: Shape;
  required: boolean;
}

export interface Shape {
  /** any JSON value (`type: json`, or no constraint at all) */
  any: boolean;
  types: ReadonlySet<Atom>;
  /** the allowed values as JSON texts, sorted; absent: any value of the types */
  enum?: readonly string[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** a TypeScript type given by a hint instead of a schema */
  tsType?: string;
  description?: string;
  properties?: ReadonlyMap<string, Field>;
  /** additionalProperties: false (closed), a shape (a map's values), absent (open) */
  additional?: false | Shape;
  items?: Shape;
  /** the named type this is (a `$defs` entry or an API model): compared by name where it recurses */
  ref?: string;
  /** the named type refers back to itself here: compare names only */
  recursive?: boolean;
}

const ALL_JSON: ReadonlySet<Atom> = new Set(['string', 'number', 'boolean', 'null', 'object', 'array']);
const ATOMS: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/** The digit-string member the id policy adds next to `integer`. */
const DIGITS = '^-?[0-9]+$';

/** Deeper than this, a schema is compared by name only (bounded work on any input). */
const MAX_DEPTH = 64;

function jsonAtom(v: unknown): Atom {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object') return typeof v as Atom;
  return 'string';
}

/** The shape of a JSON Schema node of the model (`defs`: its `$defs`). */
export function schemaShape(node: Schema, defs: Readonly<Record<string, Schema>>, stack: readonly string[] = []): Shape {
  if (stack.length > MAX_DEPTH) return { any: false, types: new Set(), recursive: true, ref: stack[stack.length - 1] ?? '' };
  const description = typeof node.description === 'string' ? node.description : undefined;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace(/^#\/\$defs\//, '');
    const def = defs[name];
    if (stack.includes(name) || def === undefined) return { any: false, types: new Set(['object']), ref: name, recursive: true, ...(description ? { description } : {}) };
    const s = schemaShape(def, defs, [...stack, name]);
    // the field's own description (next to the $ref) wins over the type's
    return { ...s, ref: name, ...(description ? { description } : {}) };
  }
  if (typeof node.tsType === 'string') return { any: false, types: new Set(), tsType: node.tsType, ...(description ? { description } : {}) };
  if (Array.isArray(node.anyOf)) {
    const members = node.anyOf.map((m) => schemaShape(m, defs, stack));
    return { ...mergeMembers(members, node.anyOf), ...(description ? { description } : {}) };
  }
  const types = new Set<Atom>();
  const t = node.type;
  for (const x of typeof t === 'string' ? [t] : Array.isArray(t) ? t : []) if (ATOMS.has(x)) types.add(x as Atom);
  let values: unknown[] | undefined = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
  if (values && types.size === 0) for (const v of values) types.add(jsonAtom(v));
  if (values && types.has('null')) values = [...values.filter((v) => v !== null)];
  const shape: {
    -readonly [K in keyof Shape]: Shape[K];
  } = { any: false, types };
  if (types.size === 0 && !values && !node.properties && !node.items) return { any: true, types: ALL_JSON, ...(description ? { description } : {}) };
  if (types.size === 0 && node.properties) types.add('object');
  if (types.size === 0 && node.items) types.add('array');
  if (values) shape.enum = values.map((v) => JSON.stringify(v)).sort();
  if (typeof node.format === 'string') shape.format = node.format;
  if (typeof node.pattern === 'string') shape.pattern = node.pattern;
  if (typeof node.minimum === 'number') shape.minimum = node.minimum;
  if (typeof node.maximum === 'number') shape.maximum = node.maximum;
  if (description) shape.description = description;
  if (node.properties) {
    const required = new Set(node.required ?? []);
    shape.properties = new Map(Object.entries(node.properties).map(([k, v]) => [k, { shape: schemaShape(v, defs, stack), required: required.has(k) }]));
  }
  if (node.additionalProperties === false) shape.additional = false;
  else if (node.additionalProperties !== undefined && node.additionalProperties !== true) shape.additional = schemaShape(node.additionalProperties, defs, stack);
  if (node.items) shape.items = schemaShape(node.items, defs, stack);
  return shape;
}

/**
 * One shape for an `anyOf`: the union of the members' types; `integer` next to a digit-string
 * member is `int64`; an enum only when every non-null member has one; the fields of the object
 * members merged (required only where every object member requires them).
 */
function mergeMembers(members: readonly Shape[], raw: readonly Schema[]): Shape {
  if (members.some((m) => m.any)) return { any: true, types: ALL_JSON };
  const types = new Set<Atom>();
  for (const m of members) for (const t of m.types) types.add(t);
  const digits = raw.some((r) => r.type === 'string' && r.pattern === DIGITS);
  if (digits && types.has('integer')) {
    types.delete('integer');
    types.delete('string');
    types.add('int64');
    // a real string member besides the digits keeps `string`
    if (raw.some((r) => (r.type === 'string' || (Array.isArray(r.type) && r.type.includes('string'))) && r.pattern !== DIGITS)) types.add('string');
  }
  const out: { -readonly [K in keyof Shape]: Shape[K] } = { any: false, types };
  const valued = members.filter((m) => !(m.types.size === 1 && m.types.has('null')) && !(digits && m.pattern === DIGITS));
  const nonNull = valued.filter((m) => !m.types.has('int64'));
  if (nonNull.length > 0 && nonNull.every((m) => m.enum)) out.enum = [...new Set(nonNull.flatMap((m) => m.enum ?? []))].sort();
  const withFormat = nonNull.filter((m) => m.format !== undefined);
  if (withFormat.length === 1 && withFormat[0]?.format) out.format = withFormat[0].format;
  const objects = members.filter((m) => m.properties || m.ref);
  if (objects.length === 1 && objects[0]) {
    const o = objects[0];
    if (o.properties) out.properties = o.properties;
    if (o.additional !== undefined) out.additional = o.additional;
    if (o.ref) out.ref = o.ref;
    if (o.recursive) out.recursive = true;
  } else if (objects.length > 1) {
    const names = new Set(objects.flatMap((o) => [...(o.properties?.keys() ?? [])]));
    const merged = new Map<string, Field>();
    for (const k of names) {
      const present = objects.map((o) => o.properties?.get(k));
      const first = present.find((f) => f !== undefined);
      if (first) merged.set(k, { shape: first.shape, required: present.every((f) => f?.required === true) });
    }
    out.properties = merged;
  }
  const arrays = members.filter((m) => m.items);
  if (arrays[0]?.items) out.items = arrays[0].items;
  return out;
}

/** The shape of an api.yaml type; `topics`: the provider's topics (the values of `type: topic`). */
export function apiShape(t: ApiType, depth = 0): Shape {
  const description = t.description;
  if (t.model !== undefined) return { any: false, types: new Set(['object']), ref: t.model, recursive: true, ...(description ? { description } : {}) };
  if (depth > MAX_DEPTH) return { any: false, types: new Set(), recursive: true, ref: '…' };
  const types = new Set<Atom>();
  let topic = false;
  for (const x of t.type ?? []) {
    if (x === 'topic') {
      types.add('string');
      topic = true;
    } else if (ATOMS.has(x)) types.add(x as Atom);
  }
  const shape: { -readonly [K in keyof Shape]: Shape[K] } = { any: types.size === 0 && !t.properties && !t.items, types: types.size ? types : t.properties ? new Set(['object']) : t.items ? new Set(['array']) : ALL_JSON };
  if (topic) shape.ref = 'topic';
  if (t.enum) shape.enum = t.enum.map((v) => JSON.stringify(v)).sort();
  if (t.format) shape.format = t.format;
  if (t.minimum !== undefined) shape.minimum = t.minimum;
  if (t.maximum !== undefined) shape.maximum = t.maximum;
  if (description) shape.description = description;
  if (t.properties) {
    const required = new Set(t.required ?? []);
    shape.properties = new Map(Object.entries(t.properties).map(([k, v]) => [k, { shape: apiShape(v, depth + 1), required: required.has(k) }]));
  }
  if (t.additionalProperties === false) shape.additional = false;
  else if (t.additionalProperties) shape.additional = apiShape(t.additionalProperties, depth + 1);
  if (t.items) shape.items = apiShape(t.items, depth + 1);
  return shape;
}

/** The TypeScript-ish text of a shape's types, for messages: `string | null`, `"a" | "b"`, `Order`. */
export function typeText(s: Shape): string {
  if (s.tsType !== undefined) return s.tsType;
  if (s.any) return 'any JSON value';
  const parts: string[] = [];
  const order: Atom[] = ['object', 'array', 'string', 'int64', 'integer', 'number', 'boolean', 'null'];
  for (const a of order) {
    if (!s.types.has(a)) continue;
    if (a === 'null') continue;
    if (s.enum && a !== 'object' && a !== 'array') continue;
    parts.push(a === 'object' && s.ref ? s.ref : a === 'array' ? `${s.items ? itemText(s.items) : 'unknown'}[]` : a === 'int64' ? 'int64 (digit string)' : a);
  }
  if (s.enum) parts.push(...(s.enum.length > 6 ? [...s.enum.slice(0, 5), `… (${s.enum.length} values)`] : s.enum));
  if (s.types.has('null')) parts.push('null');
  return parts.join(' | ') || 'never';
}

function itemText(s: Shape): string {
  const t = typeText(s);
  return t.includes('|') ? `(${t})` : t;
}
