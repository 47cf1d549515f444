// The validators' shared runtime (runtime/validate.ts): issue records and their messages, the
// error class, Standard Schema objects, the registered-`fields` checks, and examples of the
// string formats (test/guards.fuzz.test.ts compares the formats with ajv-formats at length).

import { describe, expect, it } from 'vitest';
import {
  addIssue,
  collectIssues,
  collectFields,
  isDate,
  isDateTime,
  isFields,
  isTime,
  pointerKey,
  pushIssue,
  quoteText,
  show,
  showPointer,
  standardSchema,
  typeName,
  ValidationError,
  type FieldChecks,
  type ValidationIssue,
  type ValidationResult,
} from '../../runtime/validate.js';

describe('typeName and show', () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [[1], 'array'],
    [3, 'integer'],
    [3.5, 'number'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['x', 'string'],
    [true, 'boolean'],
    [{}, 'object'],
    [undefined, 'undefined'],
  ])('typeName(%j) is %s', (value, want) => {
    expect(typeName(value)).toBe(want);
  });

  it('show quotes strings, cuts long ones, prints scalars and names the rest', () => {
    expect(show('paid')).toBe('"paid"');
    // cut at 40 characters, with an ellipsis and the full length
    expect(show('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…" (41 chars)`);
    expect(show('x'.repeat(40))).toBe(JSON.stringify('x'.repeat(40)));
    expect(show(12)).toBe('12');
    expect(show(false)).toBe('false');
    expect(show(null)).toBe('null');
    expect(show([1, 2])).toBe('array');
    expect(show({ a: 1 })).toBe('object');
  });
});

describe('quoteText and showPointer on their fast paths', () => {
  it('quoteText gives what JSON.stringify gives for printable ASCII, and escapes DEL and the controls', () => {
    for (let c = 0; c < 0x80; c++) {
      const text = `a${String.fromCharCode(c)}b`;
      const json = JSON.stringify(text);
      expect(quoteText(text)).toBe(c === 0x7f ? '"a\\u007fb"' : json);
    }
    expect(quoteText('x'.repeat(100))).toBe(`"${'x'.repeat(100)}"`);
    expect(quoteText('x'.repeat(101), 100)).toBe(`"${'x'.repeat(100)}…" (101 chars)`);
  });

  it('showPointer gives a concatenated pointer as it is when plain, escaped when not', () => {
    const base = '/line_items';
    expect(showPointer(`${base}/${String(12)}/quantity`)).toBe('/line_items/12/quantity');
    expect(showPointer(`${base}/${'a\u202eb'}`)).toBe('/line_items/a\\u202eb');
  });
});

describe('pointerKey and pushIssue', () => {
  it('escapes ~ and / as RFC 6901 says (~ first)', () => {
    expect(pointerKey('a/b~c')).toBe('a~1b~0c');
    expect(pointerKey('~1')).toBe('~01');
    expect(pointerKey(3)).toBe('3');
  });

  it('records path, expected, received and the one-line message (the payload itself is /)', () => {
    const issues: ValidationIssue[] = [];
    pushIssue(issues, '/line_items/0/price', 'string', 'number');
    pushIssue(issues, '', 'object', 'array');
    expect(issues).toEqual([
      { path: '/line_items/0/price', expected: 'string', received: 'number', message: '/line_items/0/price: expected string, received number' },
      { path: '', expected: 'object', received: 'array', message: '/: expected object, received array' },
    ]);
  });
});

describe('ValidationError', () => {
  const issues: ValidationIssue[] = [];
  pushIssue(issues, '/id', 'integer', 'string');
  pushIssue(issues, '/name', 'string', 'missing');

  it('is an Error named ValidationError listing every issue', () => {
    const error = new ValidationError('the Order', issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.issues).toBe(issues);
    expect(error.message).toBe('the Order is invalid (2 issues):\n  /id: expected integer, received string\n  /name: expected string, received missing');
    expect(new ValidationError('x', issues.slice(0, 1)).message).toBe('x is invalid (1 issue):\n  /id: expected integer, received string');
  });

  it('its own enumerable properties are name and issues, in that order (no class fields)', () => {
    expect(Object.keys(new ValidationError('x', issues))).toEqual(['name', 'issues']);
  });
});

describe('standardSchema', () => {
  const validate = (value: unknown): ValidationResult<number> => {
    if (typeof value === 'number') return { ok: true, value };
    const issues: ValidationIssue[] = [];
    pushIssue(issues, '/items/12/a~1b~0c', 'number', typeName(value));
    return { ok: false, issues };
  };
  const schema = standardSchema(validate);

  it('is a frozen Standard Schema v1 object of vendor webhook-typegen', () => {
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema['~standard'])).toBe(true);
    expect(schema['~standard'].version).toBe(1);
    expect(schema['~standard'].vendor).toBe('webhook-typegen');
  });

  it('gives the value, or the issues with their paths as segments (array indexes as numbers)', () => {
    expect(schema['~standard'].validate(4)).toEqual({ value: 4 });
    expect(schema['~standard'].validate('x')).toEqual({ issues: [{ message: '/items/12/a~1b~0c: expected number, received string', path: ['items', 12, 'a/b~c'] }] });
  });

  describe('with 64-bit integer paths: what a framework parsed with JSON.parse is accepted, and handed on as digit strings', () => {
    type Order = { id: string; items: { id: string }[] };
    const digits = /^-?[0-9]+$/;
    const validateOrder = (value: unknown): ValidationResult<Order> => {
      const issues: ValidationIssue[] = [];
      const v = value as { id?: unknown; items?: { id?: unknown }[] };
      if (typeof v.id !== 'string' || !digits.test(v.id)) pushIssue(issues, '/id', 'digit string (64-bit integer)', typeName(v.id));
      (v.items ?? []).forEach((item, i) => {
        if (typeof item.id !== 'string' || !digits.test(item.id)) pushIssue(issues, `/items/${i}/id`, 'digit string (64-bit integer)', typeName(item.id));
      });
      return issues.length ? { ok: false, issues } : { ok: true, value: value as Order };
    };
    const orderSchema = standardSchema(validateOrder, [[['id'], ['items', '*', 'id']]]);

    it('numbers (safe or not) and digit strings alike; the input is not changed', () => {
      const input = JSON.parse('{"id":327475578523353102,"items":[{"id":7},{"id":"8"}]}') as unknown;
      const before = structuredClone(input);
      expect(orderSchema['~standard'].validate(input)).toEqual({ value: { id: '327475578523353100', items: [{ id: '7' }, { id: '8' }] } });
      expect(input).toEqual(before);
    });

    it('anything else at those paths is still an issue', () => {
      expect(orderSchema['~standard'].validate({ id: 1.5, items: [{ id: 'x' }] })).toEqual({
        issues: [
          { message: '/id: expected digit string (64-bit integer), received number', path: ['id'] },
          { message: '/items/0/id: expected digit string (64-bit integer), received string', path: ['items', 0, 'id'] },
        ],
      });
    });

    it('several path sets (a topic with several models) are tried in turn; the issues are those of the first', () => {
      const byKind = (value: unknown): ValidationResult<{ kind: string; n: unknown }> => {
        const v = value as { kind?: unknown; n?: unknown };
        const ok = (v.kind === 'a' && typeof v.n === 'string') || (v.kind === 'b' && typeof v.n === 'number');
        const issues: ValidationIssue[] = [];
        if (!ok) pushIssue(issues, '/n', 'a: string, b: number', typeName(v.n));
        return ok ? { ok: true, value: v as { kind: string; n: unknown } } : { ok: false, issues };
      };
      const union = standardSchema(byKind, [[['n']], []]);
      expect(union['~standard'].validate({ kind: 'a', n: 5 })).toEqual({ value: { kind: 'a', n: '5' } });
      // model b says n is a plain integer: its own (empty) path set hands the number on unchanged
      expect(union['~standard'].validate({ kind: 'b', n: 5 })).toEqual({ value: { kind: 'b', n: 5 } });
      expect(union['~standard'].validate({ kind: 'c', n: 5 })).toEqual({ issues: [{ message: '/n: expected a: string, b: number, received string', path: ['n'] }] });
    });
  });
});

describe('isFields and collectFields (a webhook registered with `fields`)', () => {
  const isString = (v: unknown): boolean => typeof v === 'string';
  const table: FieldChecks = {
    id: [(v) => Number.isInteger(v), (v, path, out) => (Number.isInteger(v) ? undefined : addIssue(out, path, 'integer', typeName(v)))],
    name: [isString, (v, path, out) => (isString(v) ? undefined : addIssue(out, path, 'string', typeName(v)))],
  };
  const required = new Set(['id']);
  const collect = (value: unknown, fields: readonly string[], strict: boolean): readonly ValidationIssue[] => collectIssues(Infinity, (out) => collectFields(table, required, value, '', out, strict, fields)).issues;

  it('checks only the registered fields', () => {
    expect(isFields(table, required, { id: 1, other: 'anything' }, ['id'], false)).toBe(true);
    expect(isFields(table, required, { id: 'x' }, ['id'], false)).toBe(false);
    expect(collect({ id: 'x', name: 5 }, ['id'], false).map((i) => i.message)).toEqual(['/id: expected integer, received string']);
  });

  it('a registered required field must be present; an optional one may be absent', () => {
    expect(isFields(table, required, { name: 'n' }, ['id', 'name'], false)).toBe(false);
    expect(isFields(table, required, { id: 2 }, ['id', 'name'], false)).toBe(true);
    expect(collect({}, ['id', 'name'], false).map((i) => i.message)).toEqual(['/id: expected present (a field the webhook was registered with), received missing']);
  });

  it('strict: a key outside the registered fields is an issue', () => {
    expect(isFields(table, required, { id: 1, extra: true }, ['id'], true)).toBe(false);
    expect(isFields(table, required, { id: 1 }, ['id'], true)).toBe(true);
    expect(collect({ id: 1, 'a/b': true }, ['id'], true).map((i) => i.message)).toEqual(['/a~1b: expected absent (not among the registered fields; strict mode), received boolean']);
  });

  it('a value that is not an object fails', () => {
    for (const v of [null, [], 'x', 3]) expect(isFields(table, required, v, ['id'], false)).toBe(false);
    expect(collect([], ['id'], false).map((i) => i.message)).toEqual(['/: expected object, received array']);
  });
});

describe('the string formats (examples; the fuzz test compares them with ajv-formats)', () => {
  it.each<[string, boolean]>([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
  ])('isDate(%s) is %s', (value, want) => {
    expect(isDate(value)).toBe(want);
  });

  it.each<[string, boolean]>([
    ['10:00:00Z', true],
    ['10:00:00.123+05:30', true],
    ['23:59:60Z', true],
    ['22:59:60Z', false],
    ['10:00:00', false],
    ['24:00:00Z', false],
  ])('isTime(%s) is %s', (value, want) => {
    expect(isTime(value)).toBe(want);
  });

  it.each<[string, boolean]>([
    ['2024-02-29T10:00:00Z', true],
    ['2024-02-30T10:00:00Z', false],
    ['2014-04-25T16:15:47-04:00', true],
    ['2014-04-25t16:15:47.5z', true],
    ['2014-04-25 16:15:47Z', true],
    ['2016-12-31T23:59:60Z', true],
    ['2016-12-31T23:59:60+01:00', false],
    ['2014-04-25T16:15:47', false],
    ['2014-04-25T16:15:47.Z', false],
    ['2014-04-25T16:15:47+24:00', false],
    // the days past 28, each side of the month's last day (the usual-shape regex leaves them to the exact rules)
    ['2023-02-28T00:00:00Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['2024-04-30T00:00:00Z', true],
    ['2024-04-31T00:00:00Z', false],
    ['2024-01-31T00:00:00+05:30', true],
    ['2024-01-32T00:00:00Z', false],
    ['2024-00-10T00:00:00Z', false],
    ['2024-01-00T00:00:00Z', false],
    ['2024-01-10T23:59:59.999999+23:59', true],
    ['2024-01-10T10:60:00Z', false],
    ['2024-01-10T10:00:00-0530', true],
    ['2024-01-10T10:00:00+05', true],
    ['2024-01-10T10:00:00+05:60', false],
    ['2024-01-10T10:00:00Zx', false],
    ['\uff12024-01-10T10:00:00Z', false],
  ])('isDateTime(%s) is %s', (value, want) => {
    expect(isDateTime(value)).toBe(want);
  });
});
