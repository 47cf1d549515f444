/**
 * The value checks drift applies (string formats, patterns, number ranges), judged exactly as
 * the generated validators judge them, so drift never calls a value wrong that the receiver
 * accepts, or the reverse.
 *
 * The format functions are a TypeScript copy of templates/runtime-validate.js.hbs (`isDate`,
 * `isTime`, `isDateTime`), which test/drift/checks.test.ts compares with the generated
 * runtime. TODO when the runtime's source lands as `runtime/validate.ts`: delete the copies
 * (from DATE down to slowDateTime) and import them instead, the one line to change:
 *   import { isDate, isTime, isDateTime } from '../../../runtime/validate.js';
 *   export { isDate, isTime, isDateTime };
 */
import type { Schema } from '../../model/types.js';

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DATE_TIME_SEPARATOR = /t|\s/i;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** RFC 3339 full-date, calendar-checked (`2024-02-30` is not a date). */
export function isDate(str: string): boolean {
  const m = DATE.exec(str);
  if (!m) return false;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]);
}

/** RFC 3339 time with a time zone (leap seconds allowed at 23:59:60 UTC). */
export function isTime(str: string): boolean {
  const m = TIME.exec(str);
  if (!m) return false;
  const hr = +m[1];
  const min = +m[2];
  const sec = +m[3];
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
 * Same fast path as the template (charCodeAt, no allocation for the common shape), so the two
 * cannot disagree on an edge the regexes and the fast path would judge differently.
 */
export function isDateTime(str: string): boolean {
  const n = str.length;
  if (n < 20 || !digits(str, 0, 4) || str.charCodeAt(4) !== 45 || !digits(str, 5, 2) || str.charCodeAt(7) !== 45 || !digits(str, 8, 2)) return slowDateTime(str);
  const sep = str.charCodeAt(10);
  if (sep !== 84 && sep !== 116) return slowDateTime(str);
  if (!digits(str, 11, 2) || str.charCodeAt(13) !== 58 || !digits(str, 14, 2) || str.charCodeAt(16) !== 58 || !digits(str, 17, 2)) return slowDateTime(str);
  let i = 19;
  let c = str.charCodeAt(i);
  if (c === 46) {
    i++;
    const start = i;
    while (i < n && isDigitCode(str.charCodeAt(i))) i++;
    if (i === start) return false;
    c = str.charCodeAt(i);
  }
  let tzH = 0;
  let tzM = 0;
  if (c === 90 || c === 122) {
    if (i + 1 !== n) return slowDateTime(str);
  } else if (c === 43 || c === 45) {
    if (!digits(str, i + 1, 2)) return false;
    tzH = num(str, i + 1, 2);
    let j = i + 3;
    if (j < n) {
      if (str.charCodeAt(j) === 58) j++;
      if (!digits(str, j, 2) || j + 2 !== n) return slowDateTime(str);
      tzM = num(str, j, 2);
    }
  } else return slowDateTime(str);
  const year = num(str, 0, 4);
  const month = num(str, 5, 2);
  const day = num(str, 8, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]))) return false;
  const hr = num(str, 11, 2);
  const min = num(str, 14, 2);
  const whole = num(str, 17, 2);
  if (tzH > 23 || tzM > 59) return false;
  if (hr <= 23 && min <= 59 && whole <= 59) return true;
  // leap second (or an out-of-range field): the exact rule, with the fraction
  return isTime(str.slice(11));
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
  return parts.length === 2 && isDate(parts[0]) && isTime(parts[1]);
}

/** The formats the generated validators check (src/emit/guards.js FORMAT_FN); others pass there, so here too. */
const FORMATS: Record<string, (s: string) => boolean> = { 'date-time': isDateTime, date: isDate, time: isTime };

/** Whether a string has the schema's `format`, as the generated validator decides. */
export function formatOk(format: string, value: string): boolean {
  const check = Object.prototype.hasOwnProperty.call(FORMATS, format) ? FORMATS[format] : undefined;
  return check === undefined || check(value);
}

/** Whether a string matches the schema's `pattern` (the validators build `new RegExp(pattern)`, no flags). */
export function patternOk(pattern: string, value: string): boolean {
  return new RegExp(pattern).test(value);
}

/** Whether a number is within the schema's `minimum`/`maximum` (inclusive, as the validators check). */
export function rangeOk(node: Schema, value: number): boolean {
  if (typeof node.minimum === 'number' && !(value >= node.minimum)) return false;
  if (typeof node.maximum === 'number' && !(value <= node.maximum)) return false;
  return true;
}
