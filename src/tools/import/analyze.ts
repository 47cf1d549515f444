// @ts-check
/**
 * What a human still has to decide about a model's samples, field by field (JSON pointers
 * with `*` for array items, as hints are keyed): fields the samples cannot type (null in
 * every sample, always `[]`, always `{}` — the generator refuses these until a hint types
 * them), integers above 2^53, and strings of digits.
 */
import { parseTolerant } from './json-repair.js';

/** @typedef {import('./json-repair.js').JsonNode} JsonNode */

/**
 * @typedef {object} FieldFinding
 * @property {'null' | 'empty-array' | 'empty-object' | 'int64' | 'int-string'} kind
 * @property {string} model
 * @property {string} pointer
 * @property {string} sample provider-relative sample file where it first occurs
 * @property {number} line in that sample file
 * @property {number} col
 * @property {string} [value] the value as written (int64, int-string)
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(/** @type {string} */ key) {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * @param {string} model
 * @param {{ file: string, text: string }[]} samples provider-relative file and its text
 * @returns {FieldFinding[]} in the order the fields first occur
 */
export function analyzeModel(model, samples) {
  /** @type {Map<string, { kinds: Set<string>, at: { sample: string, line: number, col: number } }>} */
  const stats = new Map();
  /** @type {FieldFinding[]} */
  const values = [];
  const seenValue = new Set();
  for (const s of samples) {
    const r = parseTolerant(s.text);
    if (!r.ok) continue;
    const lines = lineStarts(s.text);
    /** @param {number} offset */
    const pos = (offset) => {
      let line = 0;
      while (line + 1 < lines.length && lines[line + 1] <= offset) line++;
      return { sample: s.file, line: line + 1, col: offset - lines[line] + 1 };
    };
    /** @param {JsonNode} node @param {string} pointer */
    const visit = (node, pointer) => {
      const kind =
        node.kind === 'literal' && node.value === null ? 'null'
        : node.kind === 'array' ? (node.items.length ? 'array' : 'empty-array')
        : node.kind === 'object' ? (node.members.length ? 'object' : 'empty-object')
        : 'scalar';
      if (pointer !== '') {
        const st = stats.get(pointer);
        if (st) st.kinds.add(kind);
        else stats.set(pointer, { kinds: new Set([kind]), at: pos(node.start) });
      }
      if (node.kind === 'array') for (const item of node.items) visit(item, `${pointer}/*`);
      else if (node.kind === 'object') for (const m of node.members) visit(m.value, `${pointer}/${pointerSegment(m.key)}`);
      else if (node.kind === 'number' && /^-?\d+$/.test(node.raw)) {
        const big = BigInt(node.raw);
        if ((big < 0n ? -big : big) > MAX_SAFE && !seenValue.has(`int64 ${pointer}`)) {
          seenValue.add(`int64 ${pointer}`);
          values.push({ kind: 'int64', model, pointer, ...pos(node.start), value: node.raw });
        }
      } else if (node.kind === 'string' && /^-?\d+$/.test(node.value) && pointer !== '' && !seenValue.has(`str ${pointer}`)) {
        seenValue.add(`str ${pointer}`);
        values.push({ kind: 'int-string', model, pointer, ...pos(node.start), value: JSON.stringify(node.value) });
      }
    };
    visit(r.node, '');
  }
  /** @type {FieldFinding[]} */
  const untyped = [];
  for (const [pointer, st] of stats) {
    const nonNull = [...st.kinds].filter((k) => k !== 'null');
    /** @type {FieldFinding['kind'] | undefined} */
    const kind =
      nonNull.length === 0 ? 'null'
      : nonNull.every((k) => k === 'empty-array') ? 'empty-array'
      : nonNull.every((k) => k === 'empty-object') ? 'empty-object'
      : undefined;
    if (kind) untyped.push({ kind, model, pointer, ...st.at });
  }
  return [...untyped, ...values];
}

/** @param {string} text */
function lineStarts(text) {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/**
 * The hint a finding needs, as YAML lines (without the pointer line).
 * @param {FieldFinding} f
 * @returns {string[]}
 */
export function suggestedHint(f) {
  switch (f.kind) {
    case 'null':
      return ['type: [string, "null"]   # the real type, keeping "null"'];
    case 'empty-array':
      return ['type: array', 'items:', '  type: object   # the item type', '  properties: { id: { type: integer } }', '  required: [id]'];
    case 'empty-object':
      return ['type: object', 'additionalProperties: { type: string }   # or properties: {...}'];
    case 'int64':
      return ['int64: string'];
    default:
      return ['type: [string, integer]   # only if the provider also sends it as a number'];
  }
}
