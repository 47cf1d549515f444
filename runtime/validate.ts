// Shared pieces of the generated validators: issue records, the error class, the Standard
// Schema objects, and the string formats, written to judge exactly as ajv-formats' "full" mode
// does, so the generated checks and the emitted JSON Schemas agree (the schemas also take an
// integer number at a 64-bit integer field, as the Standard Schema objects do: what JSON.parse
// gives; the checks take the parsed form, its digit string).

import { withInt64Strings } from './json.js';

/** One problem found by a generated validator. */
export interface ValidationIssue {
  /** JSON pointer to the value, e.g. `/line_items/0/price` (`` for the payload itself) */
  readonly path: string;
  /** what the schema allows there, e.g. `string`, `"paid" | "pending"`, `property present` */
  readonly expected: string;
  /** what the value is, e.g. `number`, `null`, `"refunded"`, `missing` */
  readonly received: string;
  /** `<path>: expected <expected>, received <received>` */
  readonly message: string;
}

/** The result of a generated `validate…` function. */
export type ValidationResult<T> = { readonly ok: true; readonly value: T } | ValidationFailure;

/**
 * A failed validation: its issues, in the order the payload was walked. `truncated` is there
 * (and true) when there were more than `maxIssues`: the walk stopped at the first one past it.
 */
export interface ValidationFailure {
  readonly ok: false;
  readonly issues: readonly ValidationIssue[];
  readonly truncated?: true;
}

/** Options of the generated validators. */
export interface ValidateOptions {
  /**
   * Reject keys the spec does not know. Off by default: real payloads gain fields over time,
   * and an extra key is not an error for a receiver. Turn it on in drift tests.
   */
  readonly strict?: boolean;
  /**
   * The most issues a failed validation collects (default {@link DEFAULT_MAX_ISSUES}, 20): the
   * walk stops at the first issue past it and the result says `truncated: true`. So a hostile
   * payload (a million bad array items) costs one walk, not a million issue records. A positive
   * integer, or `Infinity` to collect every issue (work and memory then grow with the issues).
   */
  readonly maxIssues?: number;
}

/** How many issues a failed validation collects unless `maxIssues` says otherwise. */
export const DEFAULT_MAX_ISSUES: number = 20;

/** The Standard Schema v1 interface (https://standardschema.dev), written out so nothing is imported. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export declare namespace StandardSchemaV1 {
  type Result<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly Issue[] };
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
}

/**
 * Where the generated collectors put issues: at most `max`. The collector that finds one more
 * sets `truncated` and stops the whole walk (see {@link addIssue}); {@link collectIssues} makes
 * one per validation, so nothing is shared between calls.
 */
export interface IssueSink {
  readonly issues: ValidationIssue[];
  readonly max: number;
  truncated: boolean;
}

/** A table of per-field checks: `[is, collect]` by top-level field name. */
export type FieldChecks = { readonly [field: string]: readonly [(value: unknown, strict: boolean) => boolean, (value: unknown, path: string, out: IssueSink, strict: boolean) => void] };

/** An object's members by key, for the checks below once a value is known to be an object. */
type Members = { readonly [key: string]: unknown };

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DATE_TIME_SEPARATOR = /t|\s/i;
/**
 * An RFC 3339 date-time every rule of {@link isDateTime} accepts when its day is at most 28:
 * month 01-12, day 01-31 (29-31 are checked against the month), hour 00-23, minute and second
 * 00-59, an optional fraction, and `Z` or an offset up to ±23:59. A leap second or a space
 * separator does not match and is judged by the full rules.
 */
const DATE_TIME_USUAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)$/;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The last day of `month` (1-12) in `year`; NaN for any other month. */
function daysIn(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS[month] ?? Number.NaN);
}

/** RFC 3339 full-date. */
export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** RFC 3339 time with a time zone (leap seconds allowed at 23:59:60 UTC). */
export function isTime(value: string): boolean {
  const m = TIME.exec(value);
  if (!m) return false;
  const hr = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  const tz = m[4];
  const tzSign = m[5] === '-' ? -1 : 1;
  const tzH = +(m[6] || 0);
  const tzM = +(m[7] || 0);
  if (tzH > 23 || tzM > 59 || !tz) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

/**
 * RFC 3339 date-time: `<full-date><t|T|whitespace><time>`, judged as isDate and isTime do.
 * It runs on every timestamp of every payload: the usual shape costs one match of a precompiled
 * regex and no allocation; anything unusual is judged step by step, then by the regex definitions.
 */
export function isDateTime(value: string): boolean {
  // the usual shape with every field in range (the day up to 28, so in every month): one
  // native regex match instead of some twenty charCodeAt calls; anything else is judged below
  if (DATE_TIME_USUAL.test(value)) {
    const d = value.charCodeAt(8);
    if (d < 50 || (d === 50 && value.charCodeAt(9) !== 57)) return true;
  }
  return isDateTimeExact(value);
}

/** {@link isDateTime} for any string: the common shape in charCodeAt steps, the rest by the regex definitions. */
function isDateTimeExact(value: string): boolean {
  const n = value.length;
  if (n < 20 || !digits(value, 0, 4) || value.charCodeAt(4) !== 45 || !digits(value, 5, 2) || value.charCodeAt(7) !== 45 || !digits(value, 8, 2)) return slowDateTime(value);
  const sep = value.charCodeAt(10);
  if (sep !== 84 && sep !== 116) return slowDateTime(value);
  if (!digits(value, 11, 2) || value.charCodeAt(13) !== 58 || !digits(value, 14, 2) || value.charCodeAt(16) !== 58 || !digits(value, 17, 2)) return slowDateTime(value);
  let i = 19;
  let c = value.charCodeAt(i);
  if (c === 46) {
    i++;
    const start = i;
    while (i < n && isDigitCode(value.charCodeAt(i))) i++;
    if (i === start) return false;
    c = value.charCodeAt(i);
  }
  let tzH = 0;
  let tzM = 0;
  if (c === 90 || c === 122) {
    if (i + 1 !== n) return slowDateTime(value);
  } else if (c === 43 || c === 45) {
    if (!digits(value, i + 1, 2)) return false;
    tzH = num(value, i + 1, 2);
    let j = i + 3;
    if (j < n) {
      if (value.charCodeAt(j) === 58) j++;
      if (!digits(value, j, 2) || j + 2 !== n) return slowDateTime(value);
      tzM = num(value, j, 2);
    }
  } else return slowDateTime(value);
  const year = num(value, 0, 4);
  const month = num(value, 5, 2);
  const day = num(value, 8, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return false;
  const hr = num(value, 11, 2);
  const min = num(value, 14, 2);
  const whole = num(value, 17, 2);
  if (tzH > 23 || tzM > 59) return false;
  if (hr <= 23 && min <= 59 && whole <= 59) return true;
  // leap second (or an out-of-range field): the exact rule, with the fraction
  return isTime(value.slice(11));
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function digits(str: string, at: number, count: number): boolean {
  for (let k = at; k < at + count; k++) if (!isDigitCode(str.charCodeAt(k))) return false;
  return true;
}

function num(str: string, at: number, count: number): number {
  let v = 0;
  for (let k = at; k < at + count; k++) v = v * 10 + (str.charCodeAt(k) - 48);
  return v;
}

function slowDateTime(str: string): boolean {
  const parts = str.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && isDate(parts[0] ?? '') && isTime(parts[1] ?? '');
}

/** The JSON type of a value, as issues name it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : String(value);
  return typeof value;
}

/** A short rendering of a value for `received`: a string quoted, escaped and cut at 40 characters. */
export function show(value: unknown): string {
  if (typeof value === 'string') return quoteText(value, 40);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeName(value);
}

/**
 * Characters a message never carries raw: JSON.stringify escapes the C0 controls, `"` and `\`;
 * these are the rest that can break or disguise a log line: DEL and the C1 controls, the soft
 * hyphen, bidirectional and zero-width formatting characters, the line and paragraph
 * separators, the byte order mark, interlinear annotations, and lone surrogates.
 */
const UNSAFE_AFTER_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The first `max` UTF-16 units of `text`, never ending inside a surrogate pair. */
function head(text: string, max: number): string {
  const end = max > 0 && text.charCodeAt(max - 1) >= 0xd800 && text.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/** Printable ASCII with no `"` and no backslash: text that JSON.stringify only wraps in quotes. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * Received text (a value, a key, a header) as a message shows it: quoted as a JSON string, with
 * every control, formatting and bidirectional character and every lone surrogate escaped, and,
 * past `max` characters (default 100), cut with an ellipsis and the full length:
 * `"abc…" (5242880 chars)`. Work is bounded by `max`, whatever the text's length.
 */
export function quoteText(text: string, max = 100): string {
  if (text.length <= max && isPlainText(text)) return `"${text}"`;
  const cut = text.length > max;
  const quoted = JSON.stringify(cut ? head(text, max) : text).replace(UNSAFE_AFTER_JSON, unicodeEscape);
  return cut ? `${quoted.slice(0, -1)}…" (${text.length} chars)` : quoted;
}

/**
 * Received text for a message without quotes (an error message that quotes a body, a header
 * value): the same escapes as {@link quoteText}, cut at `max` characters with an ellipsis and the
 * full length.
 */
export function escapeText(text: string, max = 200): string {
  const q = quoteText(text, max);
  const end = q.lastIndexOf('"');
  return q.slice(1, end) + q.slice(end + 1);
}

/** A JSON pointer segment that can be shown as it is: printable ASCII, no backslash, at most 100 characters. */
const PLAIN_POINTER = /^[\x20-\x5b\x5d-\x7e]*$/;

/**
 * A JSON pointer as a message shows it: each segment (a received key, possibly) with controls,
 * formatting characters, lone surrogates and `\` escaped, and one over 100 characters cut with an
 * ellipsis and its length. The issue's `path` keeps the exact pointer.
 */
export function showPointer(path: string): string {
  if (path === '') return '/';
  // a collector's pointer is a concatenation: one charCodeAt flattens it in place (the regex
  // would take a slower road to the same flat string)
  path.charCodeAt(0);
  if (path.length <= 100 && PLAIN_POINTER.test(path)) return path;
  let out = '';
  let at = 1;
  for (;;) {
    const next = path.indexOf('/', at);
    const segment = next < 0 ? path.slice(at) : path.slice(at, Math.min(next, at + 101));
    const length = (next < 0 ? path.length : next) - at;
    const shown = quoteText(segment, 100);
    // the segment without its quotes; `"` itself stays readable
    const inner = shown.slice(1, shown.lastIndexOf('"')).replace(/\\"/g, '"');
    out += `/${inner}${length > 100 ? ` (${length} chars)` : ''}`;
    if (next < 0) return out;
    at = next + 1;
  }
}

/** Escapes a key for a JSON pointer (RFC 6901). */
export function pointerKey(key: string | number): string {
  const k = String(key);
  return k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k;
}

function issue(path: string, expected: string, received: string): ValidationIssue {
  return { path, expected, received, message: `${showPointer(path)}: expected ${expected}, received ${received}` };
}

/** Records one problem in a list (no limit: for callers whose issues are bounded by their own input). */
export function pushIssue(issues: ValidationIssue[], path: string, expected: string, received: string): void {
  issues.push(issue(path, expected, received));
}

/** Thrown through the generated collectors once a sink is full; caught by {@link collectIssues}. */
const SINK_FULL: unique symbol = Symbol('issue limit reached');

/**
 * Records one problem found by a generated collector. Past the sink's `max`, it marks the
 * sink truncated and stops the walk: it throws a private marker that {@link collectIssues}
 * catches, so that no collector needs to test for a full sink after each call or in each loop.
 */
export function addIssue(out: IssueSink, path: string, expected: string, received: string): void {
  if (out.issues.length >= out.max) {
    out.truncated = true;
    throw SINK_FULL;
  }
  out.issues.push(issue(path, expected, received));
}

/**
 * The issue limit of a validation: `options.maxIssues`, else {@link DEFAULT_MAX_ISSUES}.
 * @throws TypeError when `maxIssues` is not a positive integer or Infinity
 */
export function issueLimit(options: ValidateOptions | undefined): number {
  const max = options === undefined || options === null ? undefined : options.maxIssues;
  if (max === undefined) return DEFAULT_MAX_ISSUES;
  if (typeof max === 'number' && (max === Infinity || (Number.isInteger(max) && max >= 1))) return max;
  throw new TypeError(`maxIssues: expected a positive integer or Infinity, received ${show(max)}`);
}

/**
 * Runs a generated collector with a fresh sink of at most `max` issues: the failed result, with
 * `truncated: true` when the collector found more.
 */
export function collectIssues(max: number, collect: (out: IssueSink) => void): ValidationFailure {
  const out: IssueSink = { issues: [], max, truncated: false };
  try {
    collect(out);
  } catch (error) {
    if (error !== SINK_FULL) throw error;
  }
  return out.truncated ? { ok: false, issues: out.issues, truncated: true } : { ok: false, issues: out.issues };
}

/**
 * The issues of the collector that explains a value best (the fewest issues; a truncated run
 * counts as more than every complete one), added to `out`: for a topic with several payload
 * models and no discriminator. Each collector runs with `out`'s limit, so the work is bounded by
 * the number of collectors times one walk.
 */
export function collectClosest(collectors: readonly ((v: unknown, p: string, out: IssueSink, s: boolean) => void)[], v: unknown, p: string, out: IssueSink, s: boolean): void {
  let best: ValidationFailure | undefined;
  for (const c of collectors) {
    const r = collectIssues(out.max, (o) => c(v, p, o, s));
    if (best === undefined || (best.truncated === true && r.truncated !== true) || (best.truncated === r.truncated && r.issues.length < best.issues.length)) best = r;
  }
  if (best === undefined) return;
  for (const i of best.issues) addIssue(out, i.path, i.expected, i.received);
  if (best.truncated === true) {
    out.truncated = true;
    throw SINK_FULL;
  }
}

/** Thrown by the generated `assert…` functions; carries the issues found (at most `maxIssues`). */
export class ValidationError extends Error {
  declare readonly issues: readonly ValidationIssue[];
  /** present (true) when there were more issues than were collected */
  declare readonly truncated?: true;

  constructor(what: string, issues: readonly ValidationIssue[], truncated = false) {
    const n = issues.length;
    const count = truncated ? `more than ${n} issues; the first ${n}` : `${n} issue${n === 1 ? '' : 's'}`;
    super(`${what} is invalid (${count}):\n${issues.map((i) => `  ${i.message}`).join('\n')}`);
    this.name = 'ValidationError';
    this.issues = issues;
    if (truncated) this.truncated = true;
  }
}

/** The JSON paths (`*` = any array item) of a model's 64-bit integer fields. */
export type Int64Paths = readonly (readonly string[])[];

/**
 * A Standard Schema v1 object (https://standardschema.dev) over a generated validator.
 *
 * A framework hands a schema what `JSON.parse` made of the body, so a 64-bit id arrives as a
 * number: at the `int64` paths an integer number is accepted too, and the value handed on is a
 * copy with those numbers as digit strings (the model type; the input is never changed). With
 * several path sets (a topic with several payload models) each is tried in turn, and the
 * issues are those of the first.
 */
export function standardSchema<T>(validate: (value: unknown) => ValidationResult<T>, int64: readonly Int64Paths[] = []): StandardSchemaV1<T, T> {
  const sets: readonly Int64Paths[] = int64.length ? int64 : [[]];
  return Object.freeze({
    '~standard': Object.freeze({
      version: 1,
      vendor: 'webhook-typegen',
      validate(value: unknown): StandardSchemaV1.Result<T> {
        let first: readonly ValidationIssue[] | undefined;
        const tried: unknown[] = [];
        for (const paths of sets) {
          let v = value;
          for (const path of paths) v = withInt64Strings(v, path);
          if (tried.includes(v)) continue;
          tried.push(v);
          const r = validate(v);
          if (r.ok) return { value: r.value };
          first ??= r.issues;
        }
        return { issues: (first ?? []).map((i) => ({ message: i.message, path: pointerSegments(i.path) })) };
      },
    }),
  });
}

function pointerSegments(path: string): (string | number)[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** Checks only the top-level `fields` a webhook was registered with (tables of per-field checks come from the generated guards). */
export function isFields(table: FieldChecks, required: ReadonlySet<string>, value: unknown, fields: readonly string[], strict: boolean): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Members;
  let n = 0;
  for (const f of fields) {
    const x = v[f];
    if (x === undefined) {
      if (required.has(f)) return false;
      continue;
    }
    n++;
    const c = table[f];
    if (c !== undefined && !c[0](x, strict)) return false;
  }
  if (strict) {
    let k = 0;
    for (const _ in v) k++;
    if (k !== n) return false;
  }
  return true;
}

/** Collects the issues of the registered `fields` only. */
export function collectFields(table: FieldChecks, required: ReadonlySet<string>, value: unknown, path: string, out: IssueSink, strict: boolean, fields: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    addIssue(out, path, 'object', typeName(value));
    return;
  }
  const v = value as Members;
  for (const f of fields) {
    const x = v[f];
    const at = path + '/' + pointerKey(f);
    if (x === undefined) {
      if (required.has(f)) addIssue(out, at, 'present (a field the webhook was registered with)', 'missing');
      continue;
    }
    const c = table[f];
    if (c !== undefined) c[1](x, at, out, strict);
  }
  if (strict) {
    const known = new Set(fields);
    for (const k in v) if (!known.has(k)) addIssue(out, path + '/' + pointerKey(k), 'absent (not among the registered fields; strict mode)', typeName(v[k]));
  }
}

/**
 * Whether a value is JSON data (`JsonValue`): null, a boolean, a string, a finite number, an
 * array or a plain object of JSON data. For the fields a spec types as `type: json` (a JSON
 * value of whatever kind).
 * Iterative, and each object or array is visited once (a shared or cyclic reference is
 * not walked again), so the work is linear in the value's size.
 */
export function isJsonValue(value: unknown): boolean {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (typeof v !== 'object') return false;
    if (seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) stack.push((v as Record<string, unknown>)[k]);
  }
  return true;
}
