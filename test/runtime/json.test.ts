// The lossless JSON runtime (runtime/json.ts): integers beyond 2^53 kept as digit strings,
// escaped-JSON-string bodies, 64-bit ids written back as numbers, and the member helpers. Every
// case runs against the TypeScript source and against the compiled copy generated/ ships.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as source from '../../runtime/json.js';
import * as shipped from '../../generated/runtime/json.js';

type Case<G, W> = [name: string, c: { given: G; want: W }];

const implementations = [
  ['runtime/json.ts', source],
  ['generated/runtime/json.js', shipped],
] as const;

describe.each(implementations)('%s', (_file, json) => {
  const { parseLossless, decodeJsonString, int64ToString, int64PathsToString, ownEntry, withInt64Strings, stringifyLossless, valueAt, withValueAt } = json;

  // ---------------------------------------------------------------------------------------------
  // parseLossless

  describe('parseLossless', () => {
    const cases: Case<string, unknown>[] = [
      ['a big positive id stays exact, as a string', { given: '{"id":327475578523353102}', want: { id: '327475578523353102' } }],
      ['a big negative integer stays exact, as a string', { given: '{"n":-9007199254740993}', want: { n: '-9007199254740993' } }],
      ['2^53 (the first unsafe integer) is a string', { given: '{"n":9007199254740992}', want: { n: '9007199254740992' } }],
      ['a 20-digit integer is a string', { given: '{"n":12345678901234567890}', want: { n: '12345678901234567890' } }],
      ['MAX_SAFE_INTEGER stays a number', { given: '{"n":9007199254740991}', want: { n: 9007199254740991 } }],
      ['MIN_SAFE_INTEGER stays a number', { given: '{"n":-9007199254740991}', want: { n: -9007199254740991 } }],
      ['a safe 16-digit integer stays a number', { given: '{"n":1234567890123456}', want: { n: 1234567890123456 } }],
      ['small integers stay numbers', { given: '[0,-1,42,1234567]', want: [0, -1, 42, 1234567] }],
      ['a big integer as the whole document', { given: '327475578523353102', want: '327475578523353102' }],
      [
        'safe and unsafe integers side by side',
        { given: '{"a":1,"b":327475578523353102,"c":2}', want: { a: 1, b: '327475578523353102', c: 2 } },
      ],
      [
        'whitespace and newlines around a big integer',
        { given: '{\n  "id" :\t327475578523353102 ,\r\n  "x": 1\n}', want: { id: '327475578523353102', x: 1 } },
      ],
      [
        'a 16+ digit run inside a string is untouched',
        { given: '{"s":"order 327475578523353102 placed"}', want: { s: 'order 327475578523353102 placed' } },
      ],
      [
        'a string that is only digits stays that string',
        { given: '{"tracking_number":"9400100000000000000000"}', want: { tracking_number: '9400100000000000000000' } },
      ],
      [
        'digits inside a string after an escaped quote \\" are untouched',
        {
          given: '{"s":"a\\"327475578523353102\\"b","n":327475578523353102}',
          want: { s: 'a"327475578523353102"b', n: '327475578523353102' },
        },
      ],
      [
        'a string ending in an escaped backslash \\\\ closes where it should',
        {
          given: '{"s":"C:\\\\","n":327475578523353102,"t":"\\\\12345678901234567890\\\\"}',
          want: { s: 'C:\\', n: '327475578523353102', t: '\\12345678901234567890\\' },
        },
      ],
      [
        'escaped backslash followed by an escaped quote',
        {
          given: '{"s":"\\\\\\"12345678901234567890","n":-12345678901234567890}',
          want: { s: '\\"12345678901234567890', n: '-12345678901234567890' },
        },
      ],
      [
        'digits after a \\u0022 escape stay in the string',
        { given: '{"s":"\\u0022 12345678901234567890 \\u0022"}', want: { s: '" 12345678901234567890 "' } },
      ],
      [
        'an object key made of 16+ digits is a key, and its big value a string',
        { given: '{"12345678901234567890":12345678901234567890}', want: { '12345678901234567890': '12345678901234567890' } },
      ],
      [
        'floats are untouched (JSON.parse semantics)',
        {
          given: '{"f":3.14159265358979323846,"g":1234567890123456789.5,"h":-0.5,"w":0.44}',
          want: { f: 3.14159265358979323846, g: 1234567890123456789.5, h: -0.5, w: 0.44 },
        },
      ],
      [
        'exponents are untouched (JSON.parse semantics)',
        {
          given: '{"a":1e21,"b":12345678901234567890E-2,"c":1.5e+300,"d":-2E-7,"e":12345678901234567e2}',
          want: { a: 1e21, b: 12345678901234567890e-2, c: 1.5e300, d: -2e-7, e: 12345678901234567e2 },
        },
      ],
      [
        '\\/ escapes decode to /',
        {
          given: '{"src":"\\/\\/cdn.spiffy.com\\/s\\/a-39bb555874ecaeed0a1170417d58bbcf792f7ceb56.png","id":327475578523353102}',
          want: { src: '//cdn.spiffy.com/s/a-39bb555874ecaeed0a1170417d58bbcf792f7ceb56.png', id: '327475578523353102' },
        },
      ],
      [
        'nested arrays',
        {
          given: '[[327475578523353102,[-9007199254740993,1]],{"a":[[12345678901234567]],"b":[]},[[[9007199254740993]]]]',
          want: [['327475578523353102', ['-9007199254740993', 1]], { a: [['12345678901234567']], b: [] }, [[['9007199254740993']]]],
        },
      ],
      [
        'literals and nulls pass through',
        { given: '{"t":true,"f":false,"z":null,"id":327475578523353102}', want: { t: true, f: false, z: null, id: '327475578523353102' } },
      ],
      ['a body with no long digit run (the fast path)', { given: '{"a":[1,2.5,"x"]}', want: { a: [1, 2.5, 'x'] } }],
    ];

    it.each(cases)('%s', (_name, { given, want }) => {
      expect(parseLossless(given)).toStrictEqual(want);
    });

    it('finds a 16-digit unsafe integer at every offset (the 16-stride probe has no blind spot)', () => {
      for (let pad = 0; pad < 40; pad++) {
        const given = `${' '.repeat(pad)}{"n":9007199254740993}`;
        expect(parseLossless(given), `offset ${pad}`).toStrictEqual({ n: '9007199254740993' });
        const negative = `[${' '.repeat(pad)}-9007199254740993]`;
        expect(parseLossless(negative), `offset ${pad}`).toStrictEqual(['-9007199254740993']);
      }
    });

    it.each([
      ['not JSON', 'not json'],
      ['truncated after a big integer', '{"id":327475578523353102'],
      ['empty', ''],
      ['a big integer with a leading zero (JSON forbids it)', '{"n":0327475578523353102}'],
      ['a big integer followed by a stray token', '{"n":327475578523353102 x}'],
    ])('throws SyntaxError on %s', (_name, given) => {
      expect(() => parseLossless(given)).toThrow(SyntaxError);
    });

    // a run of digits inside a string whose neighbours look like a number token's: the quick
    // quoting takes it for one, JSON.parse rejects that text, and the full scan decides
    it.each<Case<string, unknown>>([
      ['after ": " and before ","', { given: '{"note":"total: 12345678901234567890, paid","n":12345678901234567890}', want: { note: 'total: 12345678901234567890, paid', n: '12345678901234567890' } }],
      ['in brackets', { given: '["[12345678901234567890]",-12345678901234567890]', want: ['[12345678901234567890]', '-12345678901234567890'] }],
      ['a negative one before "}"', { given: '{"s":"{\\"a\\":-12345678901234567890}"}', want: { s: '{"a":-12345678901234567890}' } }],
      ['a document that is one string (an escaped JSON body)', { given: ' "{\\"id\\": 327475578523353102, \\"n\\":[12345678901234567890]}"', want: '{"id": 327475578523353102, "n":[12345678901234567890]}' }],
      ['several in one string', { given: '{"s":": 12345678901234567890 , 98765432109876543210 ]","t":[9007199254740993]}', want: { s: ': 12345678901234567890 , 98765432109876543210 ]', t: ['9007199254740993'] } }],
    ])('a run inside a string that looks like a number token: %s', (_name, { given, want }) => {
      expect(parseLossless(given)).toStrictEqual(want);
    });

    // the message (and its position) of a body that is not JSON is the one the full scan's text
    // gives, as before the quick quoting: the unsafe integers it quotes are quoted here by hand
    it.each([
      ['{"n":327475578523353102 x}', '{"n":"327475578523353102" x}'],
      ['{"a":[12345678901234567890,]}', '{"a":["12345678901234567890",]}'],
      ['{"s":"x: 12345678901234567890,"', '{"s":"x: 12345678901234567890,"'],
      ['[12345678901234567890 12345678901234567890]', '["12345678901234567890" "12345678901234567890"]'],
      ['"a string, then" 12345678901234567890', '"a string, then" "12345678901234567890"'],
    ])('the message for %s is the full scan\'s', (given, quoted) => {
      let expected = '';
      try {
        JSON.parse(quoted);
      } catch (error) {
        expected = error instanceof Error ? error.message : String(error);
      }
      expect(expected).not.toBe('');
      expect(() => parseLossless(given)).toThrow(expected);
    });

    it('random documents: every unsafe integer exact, digits in strings untouched (fast-check)', () => {
      type Doc = { big: string } | { str: string } | number | boolean | null | Doc[] | { obj: [string, Doc][] };
      const space = fc.constantFrom('', ' ', '\n  ', '\t', '\r\n');
      const digits = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 22 })).map(([d, ds]) => `${d}${ds.join('')}`);
      const bigInt = fc.tuple(fc.boolean(), digits).map(([negative, ds]) => `${negative ? '-' : ''}${ds}`);
      // strings full of what a number token's neighbours look like
      const piece = fc.oneof(digits, bigInt, fc.constantFrom(':', ',', '[', ']', '}', ' ', '\\"', '\\\\', '\\n', 'a', '0', '.5', 'e3'));
      const str = fc.array(piece, { maxLength: 8 }).map((ps) => ps.join(''));
      const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
        doc: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          bigInt.map((big) => ({ big })),
          str.map((s) => ({ str: s })),
          fc.integer(),
          fc.constantFrom(0.5, 1e21, -2.5e-7, true, false, null),
          fc.array(tie('doc'), { maxLength: 4 }),
          fc.array(fc.tuple(str, tie('doc')), { maxLength: 4 }).map((obj) => ({ obj })),
        ),
      }));
      const text = (d: Doc, ws: string): string => {
        if (Array.isArray(d)) return `[${ws}${d.map((x) => text(x, ws)).join(`${ws},${ws}`)}${ws}]`;
        if (d !== null && typeof d === 'object') {
          if ('big' in d) return d.big;
          if ('str' in d) return `"${d.str}"`;
          return `{${ws}${d.obj.map(([k, x]) => `"${k}"${ws}:${ws}${text(x, ws)}`).join(`${ws},${ws}`)}${ws}}`;
        }
        return JSON.stringify(d);
      };
      const value = (d: Doc): unknown => {
        if (Array.isArray(d)) return d.map(value);
        if (d !== null && typeof d === 'object') {
          if ('big' in d) return Number.isSafeInteger(Number(d.big)) ? Number(d.big) : d.big;
          if ('str' in d) return JSON.parse(`"${d.str}"`) as unknown;
          const out: Record<string, unknown> = {};
          for (const [k, x] of d.obj) Object.defineProperty(out, JSON.parse(`"${k}"`) as string, { value: value(x), enumerable: true, writable: true, configurable: true });
          return out;
        }
        return d;
      };
      fc.assert(
        fc.property(doc, space, (d, ws) => {
          const t = text(d, ws);
          expect(JSON.stringify(parseLossless(t)), t).toBe(JSON.stringify(value(d)));
        }),
        { numRuns: 2000 },
      );
    });
  });

  // ---------------------------------------------------------------------------------------------
  // decodeJsonString

  describe('decodeJsonString', () => {
    const cases: Case<unknown, unknown>[] = [
      ['a JSON string holding an object gives the object', { given: '{"a":1,"b":[true,null]}', want: { a: 1, b: [true, null] } }],
      [
        'a big integer inside the escaped JSON stays exact',
        { given: '{"id":327475578523353102,"n":-9007199254740993}', want: { id: '327475578523353102', n: '-9007199254740993' } },
      ],
      ['escapes inside the inner JSON', { given: '{"s":"a\\"b\\\\c\\/d"}', want: { s: 'a"b\\c/d' } }],
      ['an object passes through', { given: { a: 1 }, want: { a: 1 } }],
      ['an array passes through', { given: [1, 2], want: [1, 2] }],
      ['a number passes through', { given: 5, want: 5 }],
      ['null passes through', { given: null, want: null }],
      ['a string holding a JSON string is decoded once', { given: '"x"', want: 'x' }],
    ];

    it.each(cases)('%s', (_name, { given, want }) => {
      expect(decodeJsonString(given as never)).toStrictEqual(want);
    });

    it('an escaped JSON string body (parse, then decode) gives the object', () => {
      const inner = '{"id":327475578523353102,"type":"customer","url":"\\/v1\\/customers\\/1\\/"}';
      const body = JSON.stringify(inner);
      expect(body.startsWith('"{\\"id\\":327475578523353102')).toBe(true);
      expect(decodeJsonString(parseLossless(body))).toStrictEqual({ id: '327475578523353102', type: 'customer', url: '/v1/customers/1/' });
    });

    it('throws SyntaxError on a string that is not JSON', () => {
      expect(() => decodeJsonString('not json')).toThrow(SyntaxError);
    });
  });

  // -------------------------------------------------------------------------------------------
  // int64ToString

  describe('int64ToString', () => {
    it('turns the integer at a path into its digits, in place', () => {
      const value = parseLossless('{"order":{"id":42,"line_items":[{"id":7},{"id":8,"x":1.5},{"id":327475578523353102}]}}');
      int64ToString(value, ['order', 'id'], 0);
      int64ToString(value, ['order', 'line_items', '*', 'id'], 0);
      expect(value).toStrictEqual({ order: { id: '42', line_items: [{ id: '7' }, { id: '8', x: 1.5 }, { id: '327475578523353102' }] } });
    });

    it.each<Case<string, unknown>>([
      ['a float is not an integer: left alone', { given: '{"id":1.5}', want: { id: 1.5 } }],
      ['a string, null or object there is left alone', { given: '[{"id":"7"},{"id":null},{"id":{"a":1}}]', want: [{ id: '7' }, { id: null }, { id: { a: 1 } }] }],
      ['a missing member changes nothing', { given: '[{"other":1},{}]', want: [{ other: 1 }, {}] }],
      ['`*` over an object changes nothing', { given: '{"id":3}', want: { id: 3 } }],
    ])('%s', (_name, { given, want }) => {
      const value = parseLossless(given);
      int64ToString(value, ['*', 'id'], 0);
      if (!Array.isArray(value)) int64ToString(value, ['*'], 0);
      expect(value).toStrictEqual(want);
    });

    it('only own members: an inherited key is not a member', () => {
      const value = parseLossless('{"a":{}}');
      int64ToString(value, ['a', 'constructor'], 0);
      int64ToString(value, ['a', '__proto__', 'x'], 0);
      expect(value).toStrictEqual({ a: {} });
    });

    it('an index past the path changes nothing', () => {
      const value = parseLossless('{"id":5}');
      int64ToString(value, ['id'], 1);
      expect(value).toStrictEqual({ id: 5 });
    });
  });

  // -------------------------------------------------------------------------------------------
  // int64PathsToString: every path in one walk, the same result as int64ToString path by path

  describe('int64PathsToString', () => {
    const paths = [['id'], ['a', '*', 'id'], ['a', '*', 'b', '*'], ['a', '*', 'c', 'd'], ['m', 'x'], ['m'], ['*', 'id'], ['a', '*', 'id']];
    it.each<Case<string, unknown>>([
      ['ids at every kind of path', { given: '{"id":1,"a":[{"id":2,"b":[3,4.5,"6"],"c":{"d":7}},{"id":12345678901234567890}],"m":{"x":8}}', want: { id: '1', a: [{ id: '2', b: ['3', 4.5, '6'], c: { d: '7' } }, { id: '12345678901234567890' }], m: { x: '8' } } }],
      ['a leaf that is also a prefix: a number converts, an object is walked', { given: '{"m":9}', want: { m: '9' } }],
      ['`*` over an object and a key over an array change nothing', { given: '{"a":{"0":{"id":1}},"m":[{"x":1}]}', want: { a: { '0': { id: 1 } }, m: [{ x: 1 }] } }],
      ['a root array: `*` paths apply', { given: '[{"id":1},{"id":2.5},{}]', want: [{ id: '1' }, { id: 2.5 }, {}] }],
      ['inherited keys are not members', { given: '{"a":[{"constructor":{"d":1}}],"m":{}}', want: JSON.parse('{"a":[{"constructor":{"d":1}}],"m":{}}') as unknown }],
      ['a `__proto__` member is an ordinary member', { given: '{"m":{"__proto__":{"x":1},"x":2}}', want: JSON.parse('{"m":{"__proto__":{"x":1},"x":"2"}}') as unknown }],
    ])('%s', (_name, { given, want }) => {
      const once = parseLossless(given);
      int64PathsToString(once, paths);
      const oneByOne = parseLossless(given);
      for (const p of paths) int64ToString(oneByOne, p, 0);
      // compared as JSON text: an own `constructor` member confuses deep equality
      expect(JSON.stringify(once)).toBe(JSON.stringify(want));
      expect(JSON.stringify(once)).toBe(JSON.stringify(oneByOne));
    });

    it('no paths: nothing changes', () => {
      const value = parseLossless('{"id":1}');
      int64PathsToString(value, []);
      expect(value).toStrictEqual({ id: 1 });
    });
  });

  describe('ownEntry', () => {
    const table = Object.freeze({ 'orders/create': ['Order'], constructor: ['Own'] });
    it.each<Case<string, unknown>>([
      ['an own entry', { given: 'orders/create', want: ['Order'] }],
      ['an own entry named constructor', { given: 'constructor', want: ['Own'] }],
      ['__proto__ is not an entry', { given: '__proto__', want: undefined }],
      ['toString is not an entry', { given: 'toString', want: undefined }],
      ['hasOwnProperty is not an entry', { given: 'hasOwnProperty', want: undefined }],
      ['an unknown name', { given: 'orders/delete', want: undefined }],
    ])('%s', (_name, { given, want }) => {
      expect(ownEntry(table, given)).toEqual(want);
    });
  });

  // -------------------------------------------------------------------------------------------
  // withInt64Strings: what a framework's JSON.parse made of a 64-bit id, as the parser delivers it

  describe('withInt64Strings', () => {
    const cases: Case<{ value: unknown; path: string[] }, unknown>[] = [
      ['a safe integer becomes its digits', { given: { value: { id: 42 }, path: ['id'] }, want: { id: '42' } }],
      ['an integer above 2^53 (already rounded by JSON.parse) becomes the digits JavaScript prints for it', { given: { value: { id: JSON.parse('327475578523353102') }, path: ['id'] }, want: { id: '327475578523353100' } }],
      ['digits a JavaScript tool wrote come back as written', { given: { value: JSON.parse('{"id":981820079255243500}'), path: ['id'] }, want: { id: '981820079255243500' } }],
      ['a negative integer', { given: { value: { id: -7 }, path: ['id'] }, want: { id: '-7' } }],
      ['1e21 and above are written out, never in exponent form', { given: { value: { id: 1e21 }, path: ['id'] }, want: { id: '1000000000000000000000' } }],
      ['a digit string stays', { given: { value: { id: '42' }, path: ['id'] }, want: { id: '42' } }],
      ['a fraction, null, a boolean or an object stays (for the validator to reject or accept)', { given: { value: [{ id: 1.5 }, { id: null }, { id: true }, { id: { a: 1 } }], path: ['*', 'id'] }, want: [{ id: 1.5 }, { id: null }, { id: true }, { id: { a: 1 } }] }],
      ['every item of an array, nested', { given: { value: { a: [{ b: [1, '2', 3] }, { b: [] }, {}] }, path: ['a', '*', 'b', '*'] }, want: { a: [{ b: ['1', '2', '3'] }, { b: [] }, {}] } }],
      ['`*` over an object, or a key over an array, changes nothing', { given: { value: { a: { x: 1 }, b: [1] }, path: ['a', '*'] }, want: { a: { x: 1 }, b: [1] } }],
      ['a missing member is not invented', { given: { value: { other: 1 }, path: ['id'] }, want: { other: 1 } }],
    ];
    it.each(cases)('%s', (_name, { given, want }) => {
      const before = structuredClone(given.value);
      expect(withInt64Strings(given.value, given.path)).toStrictEqual(want);
      expect(given.value).toStrictEqual(before);
    });

    it('copies only what it changes: the same object when nothing changes, untouched branches shared', () => {
      const value = { id: '1', items: [{ id: 2 }], other: { deep: [1] } };
      expect(withInt64Strings(value, ['id'])).toBe(value);
      const out = withInt64Strings(value, ['items', '*', 'id']) as typeof value;
      expect(out).not.toBe(value);
      expect(out.items).not.toBe(value.items);
      expect(out.other).toBe(value.other);
      expect(value.items[0]!.id).toBe(2);
    });

    it('own members only; a `__proto__` member is a member of the copy, not its prototype', () => {
      expect(withInt64Strings({}, ['constructor'])).toStrictEqual({});
      const value = JSON.parse('{"__proto__":{"id":5},"id":1}') as Record<string, unknown>;
      const out = withInt64Strings(value, ['__proto__', 'id']) as Record<string, unknown>;
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toStrictEqual({ id: '5' });
      expect(out.id).toBe(1);
    });
  });

  // -------------------------------------------------------------------------------------------
  // stringifyLossless

  describe('stringifyLossless', () => {
    it('writes 64-bit ids held as digit strings as JSON numbers, every digit kept, without changing the value', () => {
      const value = { id: '327475578523353102', items: [{ id: '-9007199254740993' }, { id: '12' }], name: '42', note: 'id 7' };
      const text = stringifyLossless(value, [['id'], ['items', '*', 'id']]);
      expect(text).toBe('{"id":327475578523353102,"items":[{"id":-9007199254740993},{"id":12}],"name":"42","note":"id 7"}');
      expect(value.id).toBe('327475578523353102');
      expect(parseLossless(text)).toStrictEqual({ id: '327475578523353102', items: [{ id: '-9007199254740993' }, { id: 12 }], name: '42', note: 'id 7' });
    });

    it('leaves non-digit strings, numbers and missing members as they are', () => {
      expect(stringifyLossless({ id: 'abc', n: 5, a: [{ id: '1.5' }, {}] }, [['id'], ['n'], ['a', '*', 'id'], ['gone']])).toBe('{"id":"abc","n":5,"a":[{"id":"1.5"},{}]}');
    });

    it('without paths it is JSON.stringify', () => {
      const value = { a: [1, 'x', null], b: { c: true } };
      expect(stringifyLossless(value, [])).toBe(JSON.stringify(value));
    });

    it('a payload string that looks like the internal mark stays a string', () => {
      const strings = { a: '\u0000int64:12', b: '\u0000int64:~~3', c: 'x\u0000int64:4' };
      const value = { ...strings, id: '99' };
      expect(JSON.parse(stringifyLossless(value, [['id'], ['a'], ['b'], ['c']]))).toStrictEqual({ ...strings, id: 99 });
      expect(JSON.parse(stringifyLossless(value, [['id']]))).toStrictEqual({ ...strings, id: 99 });
    });
  });

  // -------------------------------------------------------------------------------------------
  // valueAt and withValueAt

  describe('valueAt', () => {
    const body = { meta: { event_name: 'order_created', custom: null }, data: [{ id: 1 }] };
    it.each<Case<string[], unknown>>([
      ['a nested member', { given: ['meta', 'event_name'], want: 'order_created' }],
      ['null is a value', { given: ['meta', 'custom'], want: null }],
      ['an array item by index', { given: ['data', '0', 'id'], want: 1 }],
      ['the empty path is the value', { given: [], want: body }],
      ['absent: undefined', { given: ['meta', 'missing'], want: undefined }],
      ['through a primitive: undefined', { given: ['meta', 'event_name', 'length'], want: undefined }],
      ['through null: undefined', { given: ['meta', 'custom', 'x'], want: undefined }],
      ['an inherited key is not a member', { given: ['meta', 'constructor'], want: undefined }],
    ])('%s', (_name, { given, want }) => {
      expect(valueAt(body, given)).toStrictEqual(want);
    });
  });

  describe('withValueAt', () => {
    it('sets a nested member on a copy, copying the objects along the path', () => {
      const value = { meta: { a: 1 }, other: { b: 2 } };
      const out = withValueAt(value, ['meta', 'event_name'], 'x') as typeof value & { meta: { event_name: string } };
      expect(out).toStrictEqual({ meta: { a: 1, event_name: 'x' }, other: { b: 2 } });
      expect(value).toStrictEqual({ meta: { a: 1 }, other: { b: 2 } });
      expect(out.other).toBe(value.other);
    });

    it('makes the objects that are missing, and replaces a non-object along the path', () => {
      expect(withValueAt(undefined, ['a', 'b'], 1)).toStrictEqual({ a: { b: 1 } });
      expect(withValueAt({ a: 'text' }, ['a', 'b'], 1)).toStrictEqual({ a: { b: 1 } });
      expect(withValueAt({ a: [1] }, ['a', 'b'], 1)).toStrictEqual({ a: { b: 1 } });
    });

    it('the empty path gives the member', () => {
      expect(withValueAt({ a: 1 }, [], 'whole')).toBe('whole');
    });
  });
});
