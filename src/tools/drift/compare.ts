/**
 * One captured payload against its model's schema: every difference, as occurrences (grouping
 * across payloads is group.ts's job). Parses with the same lossless parser as the generated
 * runtime and judges values with the generated validators' checks (checks.ts).
 */
import { parseLossless, int64ToString } from '../../../runtime/json.js';
import { envelopeModel, refName, typeList } from '../../emit/common.js';
import { closest } from '../../util/diagnostics.js';
import { formatPointer, getAtPointer, parsePointer } from '../../util/pointer.js';
import type { PayloadModel, ProviderModel, Schema } from '../../model/types.js';
import type { Capture } from './captures.js';
import { formatOk, patternOk, rangeOk } from './checks.js';
import { bigIntegers, findRounded } from './rounded.js';
import type { Occurrence } from './types.js';

/** The occurrences of one payload, with its topic and model. */
export type CaptureResult = { ok: true; topic: string; model?: string; value: unknown; findings: (Occurrence & { topic: string; model: string })[] } | { ok: false; message: string };

/** Both parses of a body: lossless (big integers as digit strings) and plain (big integers rounded). */
function parseBody(body: string): { exact: unknown; plain: unknown } {
  let exact: unknown = parseLossless(body);
  let plain: unknown = JSON.parse(body);
  if (typeof exact === 'string') {
    // an escaped JSON string body (json-string delivery)
    const inner = exact;
    exact = parseLossless(inner);
    plain = JSON.parse(inner);
  }
  return { exact, plain };
}

/** Compares one capture with the model of its topic (from the option, a header, a directory or a body field). */
export function compareCapture(p: ProviderModel, c: Capture, topicOption?: string): CaptureResult {
  const src = p.delivery.topic;
  const headerTopic = 'header' in src && c.headers ? c.headers[src.header.toLowerCase()] : undefined;
  // a directory counts only when it is named after a known topic
  const dirTopic = c.dirTopic !== undefined && p.topics.some((t) => t.topic === c.dirTopic) ? c.dirTopic : undefined;
  let topic = topicOption ?? headerTopic ?? dirTopic;
  let parsed: { exact: unknown; plain: unknown };
  try {
    parsed = parseBody(c.body);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` };
  }
  let { exact: value, plain } = parsed;
  if (topic === undefined && 'field' in src) topic = String(getAtPointer(value, src.field) ?? '');
  if (!topic) {
    const how = 'header' in src ? `a ${src.header} header in the capture, ` : 'field' in src ? `the body field ${src.field}, ` : '';
    return { ok: false, message: `no topic: give --topic, ${how}or put the file under a directory named after the topic with / as __ (e.g. orders__create/)` };
  }
  const t = p.topics.find((x) => x.topic === topic);
  if (!t) {
    // a topic the docs leave out (or one added since): drift of its own kind, which --allow can accept
    const guess = closest(topic, p.topics.map((x) => x.topic));
    const unknown: Occurrence & { topic: string; model: string } = {
      kind: 'unknown-topic',
      topic,
      model: '',
      path: '',
      example: '',
      expected: `one of the ${p.topics.length} topics of ${p.specDir}/topics.yaml`,
      received: 'a topic the spec does not list',
      value: topic,
      fix: `add ${JSON.stringify(topic)} to ${p.specDir}/topics.yaml (\`undocumented: true\` until a model describes its payload)${guess ? `; or, if the capture's topic is a typo, did you mean "${guess}"?` : ''}`,
    };
    return { ok: true, topic, value, findings: [unknown] };
  }
  // an envelope's payload is compared with the topic's model, the rest of the body with the
  // envelope's own model (when it has one)
  const outer: (Occurrence & { topic: string; model: string })[] = [];
  if (p.delivery.envelope) {
    const keys = parsePointer(p.delivery.envelope.payload);
    const env = envelopeModel(p);
    if (env) outer.push(...compareParsed(env, withNullAt(value, keys), withNullAt(plain, keys)).map((f) => ({ ...f, topic, model: env.name })));
    value = getAtPointer(value, p.delivery.envelope.payload);
    plain = getAtPointer(plain, p.delivery.envelope.payload);
  }
  if (t.undocumented) return { ok: true, topic, value, findings: outer };
  const model = pickModel(modelsOf(p, t.payload), value);
  const findings = [...outer, ...compareParsed(model, value, plain).map((f) => ({ ...f, topic, model: model.name }))];
  return { ok: true, topic, model: model.name, value, findings };
}

/** Every difference between a parsed value (lossless, and as JSON.parse made it) and a model, rounded integers too. */
function compareParsed(model: PayloadModel, value: unknown, plain: unknown): Occurrence[] {
  const tokens = bigIntegers(plain, value);
  const rounded = findRounded(value, tokens); // before int64 paths turn integers into strings
  for (const path of model.int64Paths) int64ToString(value, path, 0);
  const bigAt = new Set(tokens.map((x) => x.pointer));
  const roundedList = occurrenceList();
  for (const o of rounded) roundedList.add(o);
  return [...compareValue(model, value, bigAt), ...roundedList.list];
}

/**
 * A copy of a body with null at `keys` (the envelope's payload member, which its model types as
 * any JSON value), so that the envelope's comparison never looks into the payload. Objects on
 * the way are copied; a body without the member is returned as it is.
 */
function withNullAt(value: unknown, keys: readonly string[]): unknown {
  const [key, ...rest] = keys;
  if (key === undefined) return null;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  copy[key] = withNullAt(copy[key], rest);
  return copy;
}

/** The payload models of a topic, by name (a name without a model is an internal error). */
export function modelsOf(p: ProviderModel, names: string[]): PayloadModel[] {
  return names.map((n) => {
    const m = p.models.find((x) => x.name === n);
    if (!m) throw new Error(`internal: ${p.id} has no payload model "${n}"`);
    return m;
  });
}

/** The model of a union that the value's discriminator names (else the first). */
export function pickModel(models: PayloadModel[], value: unknown): PayloadModel {
  if (models.length === 1) return models[0];
  const v = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return models.find((m) => m.discriminator && v[m.discriminator.property] === m.discriminator.value) ?? models[0];
}

/**
 * Every difference between a value and a model's schema (rounded ids are found by
 * findRounded, from the body's text).
 * @param bigAt concrete pointers of the integer tokens above 2^53 (the lossless parse holds them as strings)
 */
export function compareValue(model: PayloadModel, value: unknown, bigAt: ReadonlySet<string> = new Set()): Occurrence[] {
  const out = occurrenceList();
  const defs = model.defs;
  const int64 = new Set(model.int64Paths.map((p) => formatPointer(p)));
  const deref = (node: Schema): Schema => {
    if (!node.$ref || node.type || node.anyOf) return node;
    const target = defs[refName(node.$ref)];
    return target ? { ...target } : node;
  };
  const fits = (m: Schema, jt: string): boolean => {
    const a = allowedTypes(deref(m));
    return a.has(jt) || (jt === 'integer' && a.has('number'));
  };
  const walk = (n0: Schema, v: unknown, path: string[], shape: string[]): void => {
    const node = deref(n0);
    // `type: json`: every JSON value fits, nested ones included
    if (node.type === 'json') return;
    const concrete = formatPointer(path);
    const ptr = formatPointer(shape);
    const at = { path: ptr, example: concrete };
    const allowed = allowedTypes(node);
    if (v === null) {
      if (!allowed.has('null')) out.add({ kind: 'nullability', ...at, expected: describeNode(node), received: 'null', fix: hint(ptr, 'nullable: true') });
      return;
    }
    const big = typeof v === 'string' && bigAt.has(concrete);
    // at an int64 path an integer token is the digit string the schema asks for
    const jt = big && !int64.has(ptr) ? 'integer' : jsonType(v);
    const shown = big ? String(v) : summarize(v);
    if (big && jt === 'integer' && (allowed.has('integer') || allowed.has('number'))) {
      out.add({ kind: 'precision', ...at, expected: describeNode(node), received: 'integer above 2^53', value: String(v), fix: `${hint(ptr, 'int64: string')} (JSON.parse would round it)` });
      return;
    }
    if (!allowed.has(jt) && !(jt === 'integer' && allowed.has('number'))) {
      if (allowed.size === 1 && allowed.has('null')) out.add({ kind: 'nullability', ...at, expected: 'null (the spec only knew null)', received: jt, value: shown, fix: hint(ptr, `type: [${jt}, "null"]`) });
      else {
        const types = [...allowed].filter((t) => t !== 'null').concat(jt, ...(allowed.has('null') ? ['"null"'] : []));
        out.add({ kind: 'retyped', ...at, expected: describeNode(node), received: jt, value: shown, fix: `${hint(ptr, `type: [${types.join(', ')}]`)} (or correct the sample)` });
      }
      return;
    }
    // the member of a union that fits this value
    const member = node.anyOf?.find((m) => fits(m, jt));
    const n = member ? deref(member) : node;
    if (n.enum && !n.enum.some((e) => e === v)) {
      out.add({ kind: 'value', ...at, expected: n.enum.map((e) => JSON.stringify(e)).join(' | '), received: 'a value outside the enum', value: short(JSON.stringify(v)), fix: '', enumFix: { known: n.enum, value: v } });
      return;
    }
    if (typeof v === 'string' && typeof n.format === 'string' && !formatOk(n.format, v)) {
      out.add({ kind: 'value', ...at, expected: `${n.format} string`, received: `string, not a valid ${n.format}`, value: short(JSON.stringify(v)), fix: `${hint(ptr, 'type: string')} (drops the format), or correct the sample` });
      return;
    }
    if (typeof v === 'number' && !rangeOk(n, v)) {
      const bounds = [typeof n.minimum === 'number' ? `>= ${n.minimum}` : '', typeof n.maximum === 'number' ? `<= ${n.maximum}` : ''].filter(Boolean).join(' and ');
      out.add({ kind: 'value', ...at, expected: `${jt} ${bounds}`, received: 'a number out of range', value: String(v), fix: 'correct the sample, or relax the hint' });
      return;
    }
    if (Array.isArray(v)) {
      const items = n.items;
      if (items) v.forEach((item: unknown, i) => walk(items, item, [...path, String(i)], [...shape, '*']));
      return;
    }
    if (jt === 'object' && v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const props = n.properties ?? {};
      for (const [k, s] of Object.entries(props)) {
        const child = o[k];
        if (child === undefined) {
          if (n.required?.includes(k)) {
            const cptr = formatPointer([...shape, k]);
            out.add({ kind: 'missing', path: cptr, example: formatPointer([...path, k]), expected: describeNode(deref(s)), received: 'absent', fix: hint(cptr, 'optional: true') });
          }
        } else walk(s, child, [...path, k], [...shape, k]);
      }
      const extra = n.additionalProperties;
      for (const k of Object.keys(o)) {
        if (Object.prototype.hasOwnProperty.call(props, k)) continue;
        if (extra && typeof extra === 'object') walk(extra, o[k], [...path, k], [...shape, '*']);
        else if (extra !== true) {
          const childBig = typeof o[k] === 'string' && bigAt.has(formatPointer([...path, k]));
          out.add({
            kind: 'added',
            path: formatPointer([...shape, k]),
            example: formatPointer([...path, k]),
            expected: 'absent',
            received: childBig ? 'integer' : jsonType(o[k]),
            value: childBig ? String(o[k]) : summarize(o[k]),
            fix: 'add a sample that has it (`npm run drift -- --write-samples`, or edit a sample): hints can only refine fields the samples show',
          });
        }
      }
      return;
    }
    if (typeof v === 'string' && typeof n.pattern === 'string' && !patternOk(n.pattern, v)) {
      out.add({ kind: 'value', ...at, expected: `string matching /${n.pattern}/`, received: 'string not matching', value: short(JSON.stringify(v)), fix: 'correct the sample, or relax the hint' });
    }
  };
  walk(model.schema, value, [], []);
  return out.list;
}

/** The most distinct values one difference (kind, path pattern, expectation) lists per payload. */
export const MAX_VALUES_PER_PAYLOAD = 100;

/**
 * The occurrences of one payload, merged as they are found: the same difference at the same
 * path pattern with the same value is one occurrence seen `times` times (a million bad array
 * items are one entry), and past {@link MAX_VALUES_PER_PAYLOAD} distinct values of one
 * difference the rest are only counted (on its first occurrence). So the list grows with the
 * distinct places of the payload, never with its array lengths.
 */
function occurrenceList(): { list: Occurrence[]; add(o: Occurrence): void } {
  const list: Occurrence[] = [];
  const groups = new Map<string, { first: Occurrence; byValue: Map<string, Occurrence> }>();
  return {
    list,
    add(o: Occurrence): void {
      const key = [o.kind, o.path, o.expected, o.received, o.enumFix ? '' : o.fix].join('\u0000');
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { first: o, byValue: new Map() }));
      const valueKey = o.value === undefined ? '' : `=${o.value}`;
      const same = g.byValue.get(valueKey);
      if (same !== undefined) same.times = (same.times ?? 1) + 1;
      else if (g.byValue.size >= MAX_VALUES_PER_PAYLOAD) g.first.times = (g.first.times ?? 1) + 1;
      else {
        g.byValue.set(valueKey, o);
        list.push(o);
      }
    },
  };
}

/** The hint that would absorb a finding, as written in a model file. */
export function hint(ptr: string, body: string): string {
  return `hint \`${ptr || '/'}: { ${body} }\``;
}

/** The fix for values outside an enum: one hint listing every new value. */
export function enumHint(ptr: string, known: unknown[], added: unknown[]): string {
  const all: unknown[] = known.filter((e) => e !== null);
  for (const v of added) if (!all.some((e) => e === v)) all.push(v);
  return hint(ptr, `enum: [${all.map((e) => JSON.stringify(e)).join(', ')}]`);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function short(s: string, max = 40): string {
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

/** A value as a finding shows it: scalars as JSON (long strings cut), containers by size. */
export function summarize(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.length} item${v.length === 1 ? '' : 's'}]`;
  if (v !== null && typeof v === 'object') {
    const n = Object.keys(v).length;
    return n === 0 ? '{}' : `{${n} field${n === 1 ? '' : 's'}}`;
  }
  if (typeof v === 'string') return short(JSON.stringify(v));
  return String(v);
}

/** The JSON types a node allows (through refs and unions). */
function allowedTypes(node: Schema): Set<string> {
  const out = new Set<string>();
  if (node.$ref) out.add('object');
  for (const t of typeList(node)) out.add(t);
  if (node.enum && typeList(node).length === 0) for (const e of node.enum) out.add(jsonType(e));
  for (const m of node.anyOf ?? []) for (const t of allowedTypes(m)) out.add(t);
  if (out.has('number')) out.add('integer');
  return out;
}

function describeNode(node: Schema): string {
  if (node.enum) return node.enum.map((e) => JSON.stringify(e)).join(' | ');
  const parts: string[] = [];
  if (node.title) parts.push(node.title);
  if (node.$ref) parts.push(refName(node.$ref));
  for (const t of typeList(node)) {
    if (t === 'object' && node.title) continue;
    parts.push(t === 'string' && node.pattern === '^-?[0-9]+$' ? 'digit string (64-bit integer)' : t === 'string' && node.format ? `${node.format} string` : t);
  }
  for (const m of node.anyOf ?? []) parts.push(describeNode(m));
  return [...new Set(parts)].join(' | ');
}
