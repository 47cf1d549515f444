// Drift's value checks are the generated validators' checks: the same answer for every string,
// including calendar edge cases a shape regex gets wrong (2024-02-30 is not a date).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatOk, isDate, isDateTime, isTime, patternOk, rangeOk } from '../../src/tools/drift/checks.js';
import * as runtime from '../../generated/runtime/validate.js';

const dateTimes: [string, { given: string; want: boolean }][] = [
  ['a Shopify timestamp', { given: '2023-02-20T20:52:53-05:00', want: true }],
  ['UTC with a fraction', { given: '2023-02-18T13:43:22.030Z', want: true }],
  ['a leap day', { given: '2024-02-29T10:00:00Z', want: true }],
  ['February 30th', { given: '2024-02-30T10:00:00Z', want: false }],
  ['February 29th of a common year', { given: '2023-02-29T10:00:00Z', want: false }],
  ['February 29th of 1900 (not a leap year)', { given: '1900-02-29T00:00:00Z', want: false }],
  ['February 29th of 2000 (a leap year)', { given: '2000-02-29T00:00:00Z', want: true }],
  ['April 31st', { given: '2024-04-31T00:00:00Z', want: false }],
  ['month 13', { given: '2024-13-01T00:00:00Z', want: false }],
  ['hour 24', { given: '2024-01-01T24:00:00Z', want: false }],
  ['a leap second at 23:59:60 UTC', { given: '2016-12-31T23:59:60Z', want: true }],
  ['a leap second in another zone', { given: '2016-12-31T18:59:60-05:00', want: true }],
  ['a leap second not at the end of a UTC day', { given: '2016-12-31T12:59:60Z', want: false }],
  ['a space separator', { given: '2024-01-01 10:00:00Z', want: true }],
  ['no time zone', { given: '2024-01-01T10:00:00', want: false }],
  ['a zone hour 24', { given: '2024-01-01T10:00:00+24:00', want: false }],
  ['a zone without colon', { given: '2024-01-01T10:00:00+0530', want: true }],
  ['an empty fraction', { given: '2024-01-01T10:00:00.Z', want: false }],
  ['a date alone', { given: '2024-01-01', want: false }],
  ['words', { given: 'yesterday', want: false }],
];

describe('date-time: drift judges as the generated validators do', () => {
  it.each(dateTimes)('%s', (_, { given, want }) => {
    expect(isDateTime(given)).toBe(want);
    expect(runtime.isDateTime(given)).toBe(want);
    expect(formatOk('date-time', given)).toBe(want);
  });

  it('agrees with the generated runtime on generated near-dates (date-time, date and time)', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const nearDateTime = fc
      .tuple(fc.integer({ min: 1890, max: 2410 }), two, two, fc.constantFrom('T', 't', ' ', 'x'), two, two, two, fc.constantFrom('', '.5', '.', '.123456'), fc.constantFrom('Z', 'z', '', '+05:30', '-0500', '+24:00', '-00:60', '+05'))
      .map(([y, mo, d, sep, h, mi, s, frac, tz]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${tz}`);
    fc.assert(
      fc.property(fc.oneof(nearDateTime, fc.string({ maxLength: 30 })), (s) => {
        expect(isDateTime(s)).toBe(runtime.isDateTime(s));
        expect(isDate(s.slice(0, 10))).toBe(runtime.isDate(s.slice(0, 10)));
        expect(isTime(s.slice(11))).toBe(runtime.isTime(s.slice(11)));
      }),
      { numRuns: 5000, seed: 12 },
    );
  });
});

describe('other value checks', () => {
  const cases: [string, { given: () => boolean; want: boolean }][] = [
    ['date: calendar-checked', { given: () => formatOk('date', '2024-02-30'), want: false }],
    ['date: a real date', { given: () => formatOk('date', '2024-02-29'), want: true }],
    ['time: needs a zone, as the validators say', { given: () => formatOk('time', '10:00:00'), want: false }],
    ['a format the validators do not check passes here too', { given: () => formatOk('email', 'not an email'), want: true }],
    ['pattern: no implicit anchors (new RegExp(pattern))', { given: () => patternOk('[0-9]+', 'abc123'), want: true }],
    ['pattern: anchored', { given: () => patternOk('^[0-9]+$', 'abc123'), want: false }],
    ['range: minimum is inclusive', { given: () => rangeOk({ minimum: 0 }, 0), want: true }],
    ['range: below the minimum', { given: () => rangeOk({ minimum: 0 }, -1), want: false }],
    ['range: above the maximum', { given: () => rangeOk({ maximum: 250 }, 251), want: false }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(given()).toBe(want));
});
