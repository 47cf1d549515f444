/**
 * The hints absorb can justify: for a field that every sample shows only as `null`, `[]` or
 * `{}` (the fields `generate` cannot type), the type that the same field name has where a
 * sample (or a hint someone wrote) does show it, anywhere in the provider.
 *
 * The rules, in order:
 *  - Evidence is every typed field of every model of the provider whose path ends with the
 *    field's name (array items as `*`), each path starting with its model's name in snake
 *    case: `/customer/default_address/id` matches `/default_address/id` of another model
 *    (two names) better than `/line_items/* /id` (one); a Customer model's `/note` matches an
 *    order's `/customer/note` on two. A match on the name alone counts only between fields
 *    that sit alike (both at a model's root, both in array items, or both in object fields).
 *    Only the fields with the best match count.
 *  - They must agree: one JSON type (integer and number agree as number); two objects agree
 *    when their shared fields agree (fields only one has become optional); two formats that
 *    differ are dropped. Anything else is left for review, with the disagreeing fields named.
 *  - What the field's own samples show is kept: a field null in every sample becomes
 *    `<type> | null`; a field `[]` in every sample gets the item type and stays non-null;
 *    a field `{}` in every sample gets the fields, every one optional (`{}` has none of them).
 *    Nullability, enums, patterns and bounds are never borrowed: only the type and format.
 *  - A hint is written only when it describes every value the samples hold at that field
 *    (checked value by value before writing).
 */
import { refName, typeList } from '../../emit/common.js';
import type { PayloadModel, ProviderModel, Schema } from '../../model/types.js';
import { formatPointer } from '../../util/pointer.js';
import { formatOk } from './checks.js';

/** What every sample shows at an untyped field. */
export type UntypedKind = 'null' | 'empty array' | 'empty object' | 'untyped';

/** A field `generate` cannot type (it reports each one as a problem). */
export interface UntypedField {
  model: string;
  /** segments, `*` = array item */
  path: string[];
  kind: UntypedKind;
}

const TYPE_ORDER = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null', 'json'];

/** A schema as a hint writes it: types as a list, no names, descriptions, enums, patterns or bounds. */
export interface Plain {
  /** JSON types in TYPE_ORDER; empty = untyped */
  type: string[];
  format?: string;
  items?: Plain;
  properties?: Record<string, Plain>;
  required?: string[];
  /** an integer that may exceed 2^53: written as an `int64: string` hint */
  int64?: boolean;
}

/** A typed field of some model: a candidate to type an untyped field with the same name. */
export interface Evidence {
  model: string;
  path: string[];
  /** `union` when it is a union a hint cannot restate as one node */
  schema: Plain | 'union';
}

/**
 * A decision: the hint to write, or why none is written. A `provisional` hint types the field
 * as any JSON value because no evidence says more (the reason is `provisional`): it keeps
 * generate running and is listed for review.
 */
export type Decision =
  | { ok: true; field: UntypedField; schema: Plain; from: Evidence[]; score: number; provisional?: string }
  | { ok: false; field: UntypedField; reason: string };

const INT64_PATTERN = '^-?[0-9]+$';
const KEPT_FORMATS = new Set(['date-time', 'date', 'time']);

function sortTypes(types: Iterable<string>): string[] {
  const set = new Set(types);
  return TYPE_ORDER.filter((t) => set.has(t));
}

function deref(node: Schema, defs: Record<string, Schema>): Schema {
  if (!node.$ref) return node;
  const { $ref, ...rest } = node;
  const target = defs[refName($ref)];
  return target ? { ...target, ...rest } : node;
}

/**
 * The plain form of a built schema node (through `$ref`s and split unions); `union` when it
 * cannot be one node. Depth-bounded by the schema itself (built schemas are finite trees).
 */
export function toPlain(node: Schema, defs: Record<string, Schema>): Plain | 'union' {
  const n = deref(node, defs);
  if (n.type === 'json') return { type: ['json'] };
  if (n.anyOf) {
    const members = n.anyOf.map((m) => toPlain(m, defs));
    const out: Plain = { type: [] };
    for (const m of members) {
      if (m === 'union') return 'union';
      if (m.type.length === 0 || m.type.some((t) => t !== 'null' && out.type.includes(t))) return 'union';
      out.type = sortTypes([...out.type, ...m.type]);
      const { type: _t, ...keywords } = m;
      for (const [k, v] of Object.entries(keywords)) {
        if (v === undefined) continue;
        if (k in out) return 'union';
        Object.assign(out, { [k]: v });
      }
    }
    return out;
  }
  let types = typeList(n);
  if (types.length === 0 && n.enum) types = [...new Set(n.enum.map(jsonType))];
  const out: Plain = { type: sortTypes(types) };
  if (types.includes('string') && n.pattern === INT64_PATTERN) {
    out.type = sortTypes(types.map((t) => (t === 'string' ? 'integer' : t)));
    out.int64 = true;
    return out;
  }
  if (types.includes('string') && typeof n.format === 'string' && KEPT_FORMATS.has(n.format)) out.format = n.format;
  if (types.includes('array') && n.items) {
    const items = toPlain(n.items, defs);
    if (items === 'union') return 'union';
    out.items = items;
  }
  if (types.includes('object')) {
    const props: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(n.properties ?? {})) {
      const p = toPlain(v, defs);
      if (p === 'union') return 'union';
      props[k] = p;
    }
    out.properties = props;
    out.required = [...(n.required ?? [])].sort();
    if (n.additionalProperties !== undefined && n.additionalProperties !== false) return 'union';
  }
  return out;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** What a node shows when `generate` cannot type it (the same tests as its untyped-field problems). */
export function untypedKind(p: Plain): UntypedKind | undefined {
  if (p.type.length === 0) return 'untyped';
  if (p.type.every((t) => t === 'null')) return 'null';
  if (p.type.length === 1 && p.type[0] === 'array' && (!p.items || p.items.type.length === 0)) return 'empty array';
  if (p.type.length === 1 && p.type[0] === 'object' && Object.keys(p.properties ?? {}).length === 0) return 'empty object';
  return undefined;
}

/** Every field of every model, with its plain schema (untyped ones included), in model and document order. */
export function collectFields(p: ProviderModel): { model: PayloadModel; path: string[]; schema: Plain | 'union' }[] {
  const out: { model: PayloadModel; path: string[]; schema: Plain | 'union' }[] = [];
  for (const m of p.models) {
    const visit = (node: Schema, path: string[]): void => {
      const n = deref(node, m.defs);
      const schema = toPlain(n, m.defs);
      if (path.length) out.push({ model: m, path, schema });
      if (schema !== 'union' && untypedKind(schema)) return;
      for (const b of n.anyOf ? n.anyOf.map((x) => deref(x, m.defs)) : [n]) {
        if (b.items) visit(b.items, [...path, '*']);
        for (const [k, v] of Object.entries(b.properties ?? {})) visit(v, [...path, k]);
      }
    };
    visit(m.schema, []);
  }
  return out;
}

/** The untyped fields of a provider, as `generate` reports them (outermost only). */
export function untypedFields(p: ProviderModel): UntypedField[] {
  const out: UntypedField[] = [];
  for (const f of collectFields(p)) {
    const kind = f.schema === 'union' ? undefined : untypedKind(f.schema);
    if (kind) out.push({ model: f.model.name, path: f.path, kind });
  }
  return out;
}

/** A model's name as a field would be named (`OrderTransaction` → `order_transaction`): the virtual root segment of its paths. */
export function rootSegment(model: string): string {
  return model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Where a field sits: at a model's root, in an array item, or in an object field. */
function parentKind(path: readonly string[], nameAt: number): 'root' | 'item' | 'field' {
  if (nameAt === 1) return 'root';
  return path[nameAt - 1] === '*' ? 'item' : 'field';
}

/**
 * How well a field's path matches another field's: the named segments of the run they share
 * at the end, each path starting with its model's root segment (so a `Customer` model's
 * `/note` and an order's `/customer/note` share two). 0 when the names differ; a match on the
 * name alone counts only when both fields sit alike (at a root, in an array item, or in an
 * object field): an order's `/company` is not an address's `/billing_address/company`.
 * @param field the untyped field's path, with its root segment first
 * @param other the other field's path, with its root segment first
 */
export function suffixScore(field: readonly string[], other: readonly string[]): number {
  let k = 0;
  let named = 0;
  while (k < field.length && k < other.length && field[field.length - 1 - k] === other[other.length - 1 - k]) {
    if (field[field.length - 1 - k] !== '*') named++;
    k++;
  }
  let stars = 0;
  while (stars < field.length && field[field.length - 1 - stars] === '*') stars++;
  if (k <= stars || named === 0) return 0;
  if (named === 1) {
    const otherStars = other.length - 1 - stars;
    if (parentKind(field, field.length - 1 - stars) !== parentKind(other, otherStars)) return 0;
  }
  return named;
}

/** Two plain schemas as one that describes both, or a conflict (the first place they disagree). */
export function merge(a: Plain, b: Plain, at = ''): Plain | { conflict: string } {
  const na = a.type.filter((t) => t !== 'null');
  const nb = b.type.filter((t) => t !== 'null');
  const widen = (ts: string[]) => (ts.includes('number') ? ts.filter((t) => t !== 'integer') : ts);
  const ta = widen(na);
  const tb = widen(nb);
  let types: string[];
  if (ta.join() === tb.join()) types = ta;
  else if ((ta.join() === 'integer' && tb.join() === 'number') || (ta.join() === 'number' && tb.join() === 'integer')) types = ['number'];
  else return { conflict: `${at || '/'}: ${na.join(' | ') || 'null'} vs ${nb.join(' | ') || 'null'}` };
  const out: Plain = { type: sortTypes([...types, ...(a.type.includes('null') || b.type.includes('null') ? ['null'] : [])]) };
  if (a.format !== undefined && a.format === b.format) out.format = a.format;
  // one 64-bit sighting makes the field 64-bit: the smaller values fit too
  if ((a.int64 || b.int64) && types.join() === 'integer') out.int64 = true;
  if (a.items && b.items) {
    const items = merge(a.items, b.items, `${at}/*`);
    if ('conflict' in items) return items;
    out.items = items;
  } else if (a.items || b.items) out.items = a.items ?? b.items;
  if (a.properties || b.properties) {
    const pa = a.properties ?? {};
    const pb = b.properties ?? {};
    const props: Record<string, Plain> = {};
    for (const k of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
      const x = pa[k];
      const y = pb[k];
      if (x && y) {
        const m = merge(x, y, `${at}/${k}`);
        if ('conflict' in m) return m;
        props[k] = m;
      } else {
        const only = x ?? y;
        if (only) props[k] = only;
      }
    }
    out.properties = props;
    const rb = new Set(b.required ?? []);
    out.required = (a.required ?? []).filter((r) => rb.has(r));
  }
  return out;
}

/** A copy without `null` in the top-level type. */
function nonNull(p: Plain): Plain {
  return { ...p, type: p.type.filter((t) => t !== 'null') };
}

/** Whether a candidate can type a field of this kind: a typed top, of the shape the samples show. */
function usable(kind: UntypedKind, s: Plain): boolean {
  const own = untypedKind(s);
  if (own !== undefined) return false;
  const t = s.type.filter((x) => x !== 'null');
  if (kind === 'empty array') return t.length === 1 && t[0] === 'array' && s.items !== undefined && untypedKind(s.items) === undefined;
  if (kind === 'empty object') return t.length === 1 && t[0] === 'object' && Object.keys(s.properties ?? {}).length > 0;
  return true;
}

/** Nested untyped parts a hint cannot say (`[]` or `{}` items, untyped nodes); `null` ones are said as `"null"`. */
function unsayable(p: Plain, at = ''): string | undefined {
  if (p.type.length === 0) return at || '/';
  if (p.items) {
    if (p.items.type.length === 0) return `${at}/*`;
    const inner = unsayable(p.items, `${at}/*`);
    if (inner) return inner;
  }
  for (const [k, v] of Object.entries(p.properties ?? {})) {
    const inner = unsayable(v, `${at}/${k}`);
    if (inner) return inner;
  }
  return undefined;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Decides one untyped field from the evidence (every field of the provider but itself).
 * Pure: the same inputs give the same decision.
 */
export function decide(field: UntypedField, evidence: readonly Evidence[]): Decision {
  const name = [...field.path].reverse().find((s) => s !== '*') ?? '';
  let best = 0;
  let top: Evidence[] = [];
  const elsewhere: Evidence[] = [];
  for (const e of evidence) {
    if (e.model === field.model && same(e.path, field.path)) continue;
    if (e.schema !== 'union' && !usable(field.kind, e.schema)) continue;
    const score = suffixScore([rootSegment(field.model), ...field.path], [rootSegment(e.model), ...e.path]);
    if (score === 0 && [...e.path].reverse().find((s) => s !== '*') === name) elsewhere.push(e);
    if (score === 0) continue;
    if (score > best) {
      best = score;
      top = [e];
    } else if (score === best) top.push(e);
  }
  const where = (e: Evidence) => `${e.model} ${formatPointer(e.path)}`;
  if (top.length === 0) {
    const what = field.kind === 'empty array' ? 'non-empty array' : field.kind === 'empty object' ? 'object with fields' : 'type';
    if (elsewhere.length) {
      const sits = { root: "at a model's root", item: 'in an array item', field: 'in an object field' }[parentKind([rootSegment(field.model), ...field.path], field.path.length - [...field.path].reverse().findIndex((s) => s !== '*'))];
      return { ok: false, field, reason: `the fields named ${name} that have a ${what} sit elsewhere (${elsewhere.slice(0, 3).map(where).join(', ')}${elsewhere.length > 3 ? ` and ${elsewhere.length - 3} more` : ''}), not ${sits}: too far to say this one is the same` };
    }
    return { ok: false, field, reason: `no other field named ${name} has a ${what} in any sample or hint` };
  }
  const unions = top.filter((e) => e.schema === 'union');
  if (unions.length) return { ok: false, field, reason: `${where(unions[0] as Evidence)} is a union (or a map) that a hint cannot restate as one type` };
  let merged: Plain | undefined;
  for (const e of top) {
    const s = nonNull(e.schema as Plain);
    if (merged === undefined) merged = s;
    else {
      const m = merge(merged, s);
      if ('conflict' in m) {
        const list = top.map((x) => `${where(x)}: ${describePlain(x.schema as Plain)}`);
        return { ok: false, field, reason: `the fields named ${name} disagree (${m.conflict}): ${list.join('; ')}` };
      }
      merged = m;
    }
  }
  if (merged === undefined) return { ok: false, field, reason: 'internal: no evidence' };
  const gap = unsayable(merged);
  if (gap) return { ok: false, field, reason: `${top.map(where).join(', ')} ${top.length === 1 ? 'has' : 'have'} no type at ${gap} either` };
  let schema: Plain;
  if (field.kind === 'null') schema = { ...merged, type: sortTypes([...merged.type, 'null']) };
  else if (field.kind === 'empty array') schema = { type: ['array'], ...(merged.items ? { items: merged.items } : {}) };
  else if (field.kind === 'empty object') schema = { ...merged, required: [] };
  else schema = merged;
  return { ok: true, field, schema, from: top, score: best };
}

/**
 * The hint for a field no evidence types: any JSON value (`type: json`), as an array of them
 * when every sample shows `[]` (the field is an array; its items are unknown).
 */
export function provisional(field: UntypedField, reason: string): Decision & { ok: true } {
  const schema: Plain = field.kind === 'empty array' ? { type: ['array'], items: { type: ['json'] } } : { type: ['json'] };
  return { ok: true, field, schema, from: [], score: 0, provisional: reason };
}

/** The deepest sample value {@link plainOfValue} types (bounded work on untrusted samples). */
const MAX_VALUE_DEPTH = 64;

/**
 * The plain form of a JSON sample value: its JSON type, an object's fields (each required, as
 * one value has them all), an array's item type (the items' forms merged; items that
 * disagree leave the item type open). A string is never given a format (a hint keeps formats
 * only where a schema states them).
 */
export function plainOfValue(v: unknown, depth = 0): Plain {
  const t = jsonType(v);
  if (depth > MAX_VALUE_DEPTH) return { type: [] };
  if (t === 'array') {
    let items: Plain | undefined;
    for (const x of v as unknown[]) {
      const p = plainOfValue(x, depth + 1);
      if (items === undefined) items = p;
      else {
        const m = merge(items, p);
        if ('conflict' in m) return { type: ['array'], items: { type: [] } };
        items = m;
      }
    }
    return items ? { type: ['array'], items } : { type: ['array'] };
  }
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    const properties: Record<string, Plain> = {};
    for (const k of Object.keys(o).sort()) properties[k] = plainOfValue(o[k], depth + 1);
    return { type: ['object'], properties, required: Object.keys(properties) };
  }
  return { type: [t] };
}

/**
 * Evidence from the sample values of models before any model is built (the importer's): each
 * field of each model, its plain form merged across the model's samples (`union` where the
 * samples disagree), array items as `*`. Fields only `null`, `[]` or `{}` are left out: they
 * are no evidence.
 */
export function evidenceFromValues(models: readonly { model: string; values: readonly unknown[] }[]): Evidence[] {
  const out: Evidence[] = [];
  for (const m of models) {
    const fields = new Map<string, { path: string[]; schema: Plain | 'union' }>();
    const visit = (p: Plain, path: string[]): void => {
      if (path.length) {
        const key = formatPointer(path);
        const had = fields.get(key);
        if (!had) fields.set(key, { path, schema: p });
        else if (had.schema !== 'union') {
          const merged = merge(had.schema, p);
          had.schema = 'conflict' in merged ? 'union' : merged;
        }
      }
      if (p.items) visit(p.items, [...path, '*']);
      for (const [k, v] of Object.entries(p.properties ?? {})) visit(v, [...path, k]);
    };
    for (const v of m.values) visit(plainOfValue(v), []);
    for (const f of fields.values()) if (f.schema === 'union' || untypedKind(f.schema) === undefined) out.push({ model: m.model, path: f.path, schema: f.schema });
  }
  return out;
}

/** A short rendering for messages: `string | null`, `object {a, b}`, `array of integer`. */
export function describePlain(p: Plain): string {
  return p.type
    .map((t) => t === 'json' ? 'any JSON value' : (t === 'object' && p.properties ? `object {${Object.keys(p.properties).join(', ')}}` : t === 'array' && p.items ? `array of ${describePlain(p.items)}` : t === 'string' && p.format ? `${p.format} string` : t))
    .join(' | ');
}

/** Whether a plain schema describes a value, as the generated validator would judge its types and formats. */
export function describes(p: Plain, v: unknown): boolean {
  if (p.type.length === 0) return false;
  if (p.type.includes('json')) return true;
  const t = jsonType(v);
  if (t === 'null') return p.type.includes('null');
  if (p.int64 && typeof v === 'string' && /^-?[0-9]+$/.test(v)) return true;
  if (t === 'integer' && !p.type.includes('integer') && !p.type.includes('number')) return false;
  if (t !== 'integer' && !p.type.includes(t)) return false;
  if (typeof v === 'string' && p.format && !formatOk(p.format, v)) return false;
  if (Array.isArray(v)) return p.items === undefined || v.every((x: unknown) => describes(p.items as Plain, x));
  if (t === 'object' && v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ((p.required ?? []).some((r) => !(r in o))) return false;
    return Object.entries(p.properties ?? {}).every(([k, s]) => !(k in o) || describes(s, o[k]));
  }
  return true;
}

/** The values at a path (`*` = every item) of a value; absent steps give nothing. */
export function valuesAt(v: unknown, path: readonly string[]): unknown[] {
  let cur: unknown[] = [v];
  for (const seg of path) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (seg === '*') {
        if (Array.isArray(c)) next.push(...(c as unknown[]));
      } else if (c !== null && typeof c === 'object' && !Array.isArray(c) && Object.prototype.hasOwnProperty.call(c, seg)) next.push((c as Record<string, unknown>)[seg]);
    }
    cur = next;
  }
  return cur;
}

/**
 * The hint's value as written in a model file (`type` as one name or a list), with the
 * pointers of nested 64-bit integers, which need an `int64: string` hint of their own.
 */
export function hintValue(p: Plain): { value: Record<string, unknown>; int64: string[][] } {
  const int64: string[][] = [];
  const render = (s: Plain, at: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = { type: s.type.length === 1 ? s.type[0] : s.type };
    if (s.int64 && at.length) int64.push(at);
    if (s.format) out.format = s.format;
    if (s.items) out.items = render(s.items, [...at, '*']);
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, render(v, [...at, k])]));
    if (s.required && s.required.length) out.required = s.required;
    return out;
  };
  const value = render(p, []);
  if (p.int64) value.int64 = 'string';
  return { value, int64 };
}
