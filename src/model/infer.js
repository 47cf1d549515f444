// @ts-check
/**
 * Stage 2a: one JSON Schema per model, inferred by quicktype-core from that model's samples
 * alone (never one combined input: combined names depend on input order). quicktype's names
 * are thrown away here: its definitions are inlined, and names are assigned later from paths.
 */

import { packageVersion } from '../util/cache.js';

/** @typedef {import('./types.js').Schema} Schema */

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
const TYPE_ORDER = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

/**
 * Infers one schema per input, in input order. quicktype is imported only when the cache
 * misses at least one model.
 * @param {{ name: string, samples: string[] }[]} inputs
 * @param {import('../util/cache.js').Cache} cache
 * @returns {Promise<Schema[]>}
 */
export async function inferSchemas(inputs, cache) {
  const version = packageVersion('quicktype-core');
  const keys = inputs.map((input) => ['quicktype', version, QUICKTYPE_FLAGS, input.name, input.samples]);
  const raws = keys.map((k) => cache.get(k));
  if (raws.some((r) => r === undefined)) {
    const { quicktype, InputData, jsonInputForTargetLanguage } = await import('quicktype-core');
    for (let i = 0; i < inputs.length; i++) {
      if (raws[i] !== undefined) continue;
      const jsonInput = jsonInputForTargetLanguage('schema');
      await jsonInput.addSource({ name: inputs[i].name, samples: inputs[i].samples });
      const inputData = new InputData();
      inputData.addInput(jsonInput);
      const result = await quicktype({ inputData, lang: 'schema', ...QUICKTYPE_FLAGS });
      raws[i] = result.lines.join('\n');
      cache.set(keys[i], /** @type {string} */ (raws[i]));
    }
  }
  return raws.map((raw) => inlineDefinitions(JSON.parse(/** @type {string} */ (raw))));
}

/**
 * Replaces quicktype's `$ref: #/definitions/X` with the definitions themselves and normalises
 * each node (nullable unions as type lists, no titles, no quicktype-private keys).
 * @param {{ $ref: string, definitions: Record<string, any> }} raw
 * @returns {Schema}
 */
export function inlineDefinitions(raw) {
  const defs = raw.definitions;
  /** @param {any} node @param {string[]} stack @returns {Schema} */
  const visit = (node, stack) => {
    if (node.$ref) {
      const name = node.$ref.replace('#/definitions/', '');
      if (stack.includes(name)) throw new Error(`recursive type ${name} in a sample: not supported`);
      return visit(defs[name], [...stack, name]);
    }
    /** @type {Schema} */
    const s = {};
    if (node.anyOf) return normalizeUnion(node.anyOf.map((/** @type {any} */ n) => visit(n, stack)));
    if (node.type !== undefined) s.type = node.type;
    if (node.format && KEPT_FORMATS.has(node.format)) s.format = node.format;
    if (node.enum) s.enum = node.enum;
    if (node.items) s.items = visit(node.items, stack);
    if (node.type === 'object') {
      s.properties = {};
      for (const [k, v] of Object.entries(node.properties ?? {})) s.properties[k] = visit(v, stack);
      s.required = [...(node.required ?? [])].sort();
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        s.additionalProperties = visit(node.additionalProperties, stack);
      }
    }
    return s;
  };
  return visit({ $ref: raw.$ref }, []);
}

/**
 * `anyOf` of plain types (with at most one string format) becomes a type list, as humans
 * write it (`type: [string, "null"]`); anything richer stays an `anyOf`.
 * @param {Schema[]} members
 * @returns {Schema}
 */
export function normalizeUnion(members) {
  const flat = members.flatMap((m) => (m.anyOf && Object.keys(m).length === 1 ? m.anyOf : [m]));
  const isPlain = (/** @type {Schema} */ m) => Object.keys(m).every((k) => k === 'type' || (k === 'format' && m.type === 'string')) && m.type !== undefined;
  if (flat.every(isPlain) && flat.filter((m) => m.format).length <= 1) {
    const types = new Set(flat.flatMap((m) => (Array.isArray(m.type) ? m.type : [/** @type {string} */ (m.type)])));
    if (types.has('number')) types.delete('integer');
    const fmt = flat.find((m) => m.format)?.format;
    const list = TYPE_ORDER.filter((t) => types.has(t));
    return { type: list.length === 1 ? list[0] : list, ...(fmt ? { format: fmt } : {}) };
  }
  // a nullable rich type: keep `null` as one more member
  const plainTypes = new Set(flat.filter((m) => Object.keys(m).length === 1 && typeof m.type === 'string').map((m) => /** @type {string} */ (m.type)));
  const rich = flat.filter((m) => !(Object.keys(m).length === 1 && typeof m.type === 'string'));
  const merged = TYPE_ORDER.filter((t) => plainTypes.has(t)).map((t) => ({ type: t }));
  return { anyOf: [...rich, ...merged] };
}

/**
 * The type names a schema node allows (`anyOf` members included).
 * @param {Schema} s
 * @returns {string[]}
 */
export function typesOf(s) {
  /** @type {string[]} */
  const own = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return s.anyOf ? [...own, ...s.anyOf.flatMap(typesOf)] : own;
}

export { TYPE_ORDER };

const KEYWORDS_BY_TYPE = /** @type {Record<string, string[]>} */ ({
  string: ['format', 'pattern'],
  array: ['items'],
  object: ['properties', 'required', 'additionalProperties'],
  integer: ['minimum', 'maximum'],
  number: ['minimum', 'maximum'],
});

/**
 * A node whose `type` lists two or more non-null types becomes an `anyOf` with one member
 * per type, each carrying its own keywords: Ajv's strict mode rejects mixed type lists,
 * while `[T, "null"]` stays as is. Returns a new node; the input is not changed.
 * @param {Schema} node
 * @returns {Schema}
 */
export function splitTypeUnion(node) {
  if (!Array.isArray(node.type)) return node;
  const nonNull = node.type.filter((t) => t !== 'null');
  // `[object, "null"]` with properties is split too, so the object gets a name of its own
  if (nonNull.length < 2 && !(nonNull[0] === 'object' && node.properties)) return node;
  const owned = new Set(Object.values(KEYWORDS_BY_TYPE).flat());
  /** @type {Schema} */
  const outer = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'type' && !owned.has(k)) outer[k] = v;
  const members = node.type.map((t) => {
    /** @type {Schema} */
    const m = { type: t };
    for (const k of KEYWORDS_BY_TYPE[t] ?? []) if (node[k] !== undefined) m[k] = node[k];
    return m;
  });
  return { ...outer, anyOf: members };
}
