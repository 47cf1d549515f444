/**
 * The value checks drift applies (string formats, patterns, number ranges), judged exactly as
 * the generated validators judge them, so drift never calls a value wrong that the receiver
 * accepts, or the reverse.
 *
 * The format functions are the runtime's own (`runtime/validate.ts`), the ones every generated
 * validator calls.
 */
import type { Schema } from '../../model/types.js';

import { isDate, isTime, isDateTime } from '../../../runtime/validate.js';

export { isDate, isTime, isDateTime };

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
