/**
 * What a human still has to decide about a model's samples, field by field (JSON pointers
 * with `*` for array items, as hints are keyed): fields the samples cannot type (null in
 * every sample, always `[]`, always `{}` — the generator refuses these until a hint types
 * them), integers above 2^53, and strings of digits.
 */
import { escapeToken, parsePointer } from '../../util/pointer.js';
import { parseTolerant, type JsonNode } from './json-repair.js';

export interface FieldFinding {
  kind: 'null' | 'empty-array' | 'empty-object' | 'int64' | 'int-string';
  model: string;
  pointer: string;
  /** provider-relative sample file where it first occurs */
  sample: string;
  /** in that sample file */
  line: number;
  col: number;
  /** the value as written (int64, int-string) */
  value?: string;
  /**
   * null, `[]` or `{}` in every sample, yet typed where another model's samples show a field of
   * that name (drift's evidence rules, src/tools/drift/evidence.ts): the hint, as YAML lines,
   * and the fields it comes from
   */
  evidence?: { hint: string[]; from: string[] };
}

/** Where a field first occurs: a provider-relative sample file, 1-based line and column. */
interface SamplePosition {
  sample: string;
  line: number;
  col: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The fields a human has to type, in the order they first occur.
 * @param samples provider-relative file, its text, and (inside an envelope) the pointer of the payload in it
 */
export function analyzeModel(model: string, samples: readonly { file: string; text: string; at?: string }[]): FieldFinding[] {
  const stats = new Map<string, { kinds: Set<string>; at: SamplePosition }>();
  const values: FieldFinding[] = [];
  const seenValue = new Set<string>();
  for (const s of samples) {
    const r = parseTolerant(s.text);
    if (!r.ok) continue;
    const lines = lineStarts(s.text);
    const pos = (offset: number): SamplePosition => {
      let line = 0;
      while (line + 1 < lines.length && lines[line + 1] <= offset) line++;
      return { sample: s.file, line: line + 1, col: offset - lines[line] + 1 };
    };
    const visit = (node: JsonNode, pointer: string): void => {
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
      else if (node.kind === 'object') for (const m of node.members) visit(m.value, `${pointer}/${escapeToken(m.key)}`);
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
    const root = s.at ? memberAt(r.node, parsePointer(s.at)) : r.node;
    if (root) visit(root, '');
  }
  const untyped: FieldFinding[] = [];
  for (const [pointer, st] of stats) {
    const nonNull = [...st.kinds].filter((k) => k !== 'null');
    const kind: FieldFinding['kind'] | undefined =
      nonNull.length === 0 ? 'null'
      : nonNull.every((k) => k === 'empty-array') ? 'empty-array'
      : nonNull.every((k) => k === 'empty-object') ? 'empty-object'
      : undefined;
    if (kind) untyped.push({ kind, model, pointer, ...st.at });
  }
  return [...untyped, ...values];
}

/** The node at `keys` (object members only), or undefined. */
function memberAt(node: JsonNode, keys: readonly string[]): JsonNode | undefined {
  let cur: JsonNode | undefined = node;
  for (const k of keys) cur = cur?.kind === 'object' ? cur.members.find((m) => m.key === k)?.value : undefined;
  return cur;
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** The hint a finding needs, as YAML lines (without the pointer line). */
export function suggestedHint(f: FieldFinding): string[] {
  if (f.evidence) {
    const [first = '', ...rest] = f.evidence.hint;
    const from = f.evidence.from.length > 2 ? `${f.evidence.from.slice(0, 2).join(', ')} and ${f.evidence.from.length - 2} more` : f.evidence.from.join(', ');
    return [`${first}   # the type of ${from}`, ...rest];
  }
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
