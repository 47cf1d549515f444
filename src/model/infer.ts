/**
 * Stage 2a: one JSON Schema per model, inferred by quicktype-core from that model's samples
 * alone (never one combined input: combined names depend on input order). quicktype's names
 * are thrown away here: its definitions are inlined, and names are assigned later from paths.
 */

import { packageVersion, type Cache } from '../util/cache.js';
import { renameJsonKey } from '../spec/json.js';
import type { Schema } from './types.js';

/**
 * The pinned inference flags (see ../shared/notes/stack-probe.md): guesses that one sample
 * value can flip (enums, integer-strings, maps, uuids) are off; date-times are on.
 */
export const QUICKTYPE_FLAGS = Object.freeze({
  inferMaps: false,
  inferEnums: false,
  inferUuids: false,
  inferIntegerStrings: false,
  inferBooleanStrings: false,
  inferDateTimes: true,
  combineClasses: false,
  alphabetizeProperties: true,
});

/** Formats we keep from inference; `uri` is dropped: one absolute URL in a sample says little. */
const KEPT_FORMATS = new Set(['date-time', 'date', 'time']);

/** JSON type names in the order a type list is written. */
export const TYPE_ORDER: readonly string[] = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

/** quicktype loses a property named `__proto__` (it keeps it in `required` only): it is given this name instead. */
const PROTO_STANDIN = '__webhook_typegen_proto__';
const fromStandin = (k: string): string => (k === PROTO_STANDIN ? '__proto__' : k);

/**
 * Infers one schema per input, in input order. quicktype is imported only when the cache
 * misses at least one model.
 */
export async function inferSchemas(inputs: readonly { name: string; samples: string[] }[], cache: Cache): Promise<Schema[]> {
  const version = packageVersion('quicktype-core');
  const samples = inputs.map((input) => input.samples.map((text) => renameJsonKey(text, '__proto__', PROTO_STANDIN)));
  const keys = inputs.map((input, i) => ['quicktype', version, QUICKTYPE_FLAGS, input.name, samples[i]]);
  const raws = keys.map((k) => cache.get(k));
  if (raws.some((r) => r === undefined)) {
    const { quicktype, InputData, jsonInputForTargetLanguage } = await import('quicktype-core');
    for (const [i, input] of inputs.entries()) {
      if (raws[i] !== undefined) continue;
      const jsonInput = jsonInputForTargetLanguage('schema');
      await jsonInput.addSource({ name: input.name, samples: samples[i] ?? [] });
      const inputData = new InputData();
      inputData.addInput(jsonInput);
      const result = await quicktype({ inputData, lang: 'schema', ...QUICKTYPE_FLAGS });
      const raw = result.lines.join('\n');
      raws[i] = raw;
      cache.set(keys[i], raw);
    }
  }
  // quicktype's `schema` output: a root `$ref` and its `definitions`
  return raws.map((raw) => inlineDefinitions(JSON.parse(raw ?? 'null') as QuicktypeSchema));
}

/** quicktype's JSON Schema output, as far as it is read here. */
export interface QuicktypeNode {
  $ref?: string;
  anyOf?: QuicktypeNode[];
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: QuicktypeNode;
  properties?: Record<string, QuicktypeNode>;
  required?: string[];
  additionalProperties?: boolean | QuicktypeNode;
}

/**
 * The whole schema quicktype prints for one model: a root `$ref` for an object payload; for an
 * array or a scalar payload, the root node itself (`type`, `items`) next to the definitions.
 */
export interface QuicktypeSchema extends QuicktypeNode {
  definitions: Record<string, QuicktypeNode>;
}

/**
 * Replaces quicktype's `$ref: #/definitions/X` with the definitions themselves and normalises
 * each node (nullable unions as type lists, no titles, no quicktype-private keys).
 */
export function inlineDefinitions(raw: QuicktypeSchema): Schema {
  const defs = raw.definitions;
  const visit = (node: QuicktypeNode, stack: string[]): Schema => {
    if (node.$ref) {
      const name = node.$ref.replace('#/definitions/', '');
      if (stack.includes(name)) throw new Error(`recursive type ${name} in a sample: not supported`);
      const def = defs[name];
      if (!def) throw new Error(`quicktype output refers to a missing definition ${name}`);
      return visit(def, [...stack, name]);
    }
    const s: Schema = {};
    if (node.anyOf) return normalizeUnion(node.anyOf.map((n) => visit(n, stack)));
    if (node.type !== undefined) s.type = node.type;
    if (node.format && KEPT_FORMATS.has(node.format)) s.format = node.format;
    if (node.enum) s.enum = node.enum;
    if (node.items) s.items = visit(node.items, stack);
    if (node.type === 'object') {
      // fromEntries defines own properties: a field named `__proto__` stays a field
      s.properties = Object.fromEntries(Object.entries(node.properties ?? {}).map(([k, v]) => [fromStandin(k), visit(v, stack)]));
      s.required = (node.required ?? []).map(fromStandin).sort();
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        s.additionalProperties = visit(node.additionalProperties, stack);
      }
    }
    return s;
  };
  const { definitions: _defs, ...root } = raw;
  return visit(root.$ref ? { $ref: root.$ref } : root, []);
}

/**
 * `anyOf` of plain types (with at most one string format) becomes a type list, as humans
 * write it (`type: [string, "null"]`); anything richer stays an `anyOf`.
 */
export function normalizeUnion(members: readonly Schema[]): Schema {
  const flat = members.flatMap((m) => (m.anyOf && Object.keys(m).length === 1 ? m.anyOf : [m]));
  const isPlain = (m: Schema) => Object.keys(m).every((k) => k === 'type' || (k === 'format' && m.type === 'string')) && m.type !== undefined;
  if (flat.every(isPlain) && flat.filter((m) => m.format).length <= 1) {
    const types = new Set(flat.flatMap((m) => (Array.isArray(m.type) ? m.type : m.type === undefined ? [] : [m.type])));
    if (types.has('number')) types.delete('integer');
    const fmt = flat.find((m) => m.format)?.format;
    const list = TYPE_ORDER.filter((t) => types.has(t));
    return { type: list.length === 1 ? list[0] : list, ...(fmt ? { format: fmt } : {}) };
  }
  // a nullable rich type: keep `null` as one more member
  const plainTypes = new Set(flat.flatMap((m) => (Object.keys(m).length === 1 && typeof m.type === 'string' ? [m.type] : [])));
  const rich = flat.filter((m) => !(Object.keys(m).length === 1 && typeof m.type === 'string'));
  const merged = TYPE_ORDER.filter((t) => plainTypes.has(t)).map((t) => ({ type: t }));
  return { anyOf: [...rich, ...merged] };
}

/** The type names a schema node allows (`anyOf` members included). */
export function typesOf(s: Schema): string[] {
  const own = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return s.anyOf ? [...own, ...s.anyOf.flatMap(typesOf)] : own;
}

const KEYWORDS_BY_TYPE: Record<string, string[]> = {
  string: ['format', 'pattern'],
  array: ['items'],
  object: ['properties', 'required', 'additionalProperties'],
  integer: ['minimum', 'maximum'],
  number: ['minimum', 'maximum'],
};

/**
 * A node whose `type` lists two or more non-null types becomes an `anyOf` with one member
 * per type, each carrying its own keywords: Ajv's strict mode rejects mixed type lists,
 * while `[T, "null"]` stays as is. Returns a new node; the input is not changed.
 */
export function splitTypeUnion(node: Schema): Schema {
  if (!Array.isArray(node.type)) return node;
  const nonNull = node.type.filter((t) => t !== 'null');
  // `[object, "null"]` with properties is split too, so the object gets a name of its own
  if (nonNull.length < 2 && !(nonNull[0] === 'object' && node.properties)) return node;
  const owned = new Set(Object.values(KEYWORDS_BY_TYPE).flat());
  const outer: Schema = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'type' && !owned.has(k)) outer[k] = v;
  const members = node.type.map((t) => {
    const m: Schema = { type: t };
    for (const k of KEYWORDS_BY_TYPE[t] ?? []) if (node[k] !== undefined) m[k] = node[k];
    return m;
  });
  return { ...outer, anyOf: members };
}
