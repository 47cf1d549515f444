// Numbers as the sample's text writes them (src/model/numbers.ts): `199.0` is a number, not an
// integer, though JSON.parse (and so quicktype) reads 199. The scan finds every number written
// with a fraction or an exponent, by JSON pointer with array indexes as `*`; the widening makes
// those paths `number` after inference.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { fractionalNumberPaths, widenToNumber } from '../../src/model/numbers.js';
import type { ModelSpec, ProviderSpec, Schema } from '../../src/model/types.js';
import { DEFAULT_INFERENCE } from '../../src/spec/inference.js';
import { createCache } from '../../src/util/cache.js';
import type { Problem } from '../../src/util/diagnostics.js';

type Case<G, W> = [name: string, c: { given: G; want: W }];

describe('fractionalNumberPaths', () => {
  const cases: Case<string, string[][]>[] = [
    ['a fraction of zero is a number', { given: '{"subtotal": 199.0}', want: [['subtotal']] }],
    ['an integer is not listed', { given: '{"count": 199, "neg": -3}', want: [] }],
    ['exponents, either case, signed, and negative fractions', { given: '{"a": 1e3, "b": 2E-2, "c": -0.5, "d": 5e+1}', want: [['a'], ['b'], ['c'], ['d']] }],
    ['array indexes are generalised to *, each path once', { given: '{"items": [{"p": 1}, {"p": 2.50}, {"p": 3.0}]}', want: [['items', '*', 'p']] }],
    ['nested arrays', { given: '{"m": [[1], [1.5]]}', want: [['m', '*', '*']] }],
    ['a number in a string is text', { given: '{"s": "1.5", "t": "a\\"b 2.5 \\\\", "u": 2.5}', want: [['u']] }],
    ['keys with escapes, slashes and tildes, as they decode', { given: '{"a/b~c": 1.5, "\\u0041\\"": 2.0}', want: [['a/b~c'], ['A"']] }],
    ['a member after a nested object or array is read under its own key', { given: '{"o": {"x": 1, "y": [1, 2]}, "z": 0.5, "w": {"v": 1.25}}', want: [['z'], ['w', 'v']] }],
    ['pretty-printed text, first occurrence first', { given: '{\n  "b": [\n    1.0\n  ],\n  "a": 7.5\n}\n', want: [['b', '*'], ['a']] }],
    ['a number at the root', { given: '3.0', want: [[]] }],
    ['keys and values that look like literals', { given: '{"true": 1.5, "null": null, "x": [true, false, null, 2e0]}', want: [['true'], ['x', '*']] }],
    ['empty containers', { given: '{"a": {}, "b": [], "c": 1.1}', want: [['c']] }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(JSON.parse(given)).toBeDefined(); // every case is valid JSON
    expect(fractionalNumberPaths(given)).toEqual(want);
  });

  it('is one linear pass: a long sample with many numbers takes little time', () => {
    const text = JSON.stringify({ rows: Array.from({ length: 50_000 }, (_, i) => ({ a: i, b: `${i}.5`, c: [i, i] })) }).replace(/"(\d+\.5)"/g, '$1');
    const start = performance.now();
    expect(fractionalNumberPaths(text)).toEqual([['rows', '*', 'b']]);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('widenToNumber', () => {
  const cases: Case<{ schema: Schema; paths: string[][] }, Schema>[] = [
    ['integer becomes number', { given: { schema: { type: 'object', properties: { a: { type: 'integer' } } }, paths: [['a']] }, want: { type: 'object', properties: { a: { type: 'number' } } } }],
    ['a nullable integer stays nullable', { given: { schema: { type: 'object', properties: { a: { type: ['integer', 'null'] } } }, paths: [['a']] }, want: { type: 'object', properties: { a: { type: ['number', 'null'] } } } }],
    ['through array items', { given: { schema: { type: 'array', items: { type: 'object', properties: { p: { type: 'integer' } } } }, paths: [['*', 'p']] }, want: { type: 'array', items: { type: 'object', properties: { p: { type: 'number' } } } } }],
    [
      'an integer member of an anyOf',
      { given: { schema: { type: 'object', properties: { a: { anyOf: [{ type: 'integer' }, { type: 'object', properties: {} }] } } }, paths: [['a']] }, want: { type: 'object', properties: { a: { anyOf: [{ type: 'number' }, { type: 'object', properties: {} }] } } } },
    ],
    ['a path that reaches nothing changes nothing', { given: { schema: { type: 'object', properties: { a: { type: 'integer' } } }, paths: [['b'], ['a', 'x']] }, want: { type: 'object', properties: { a: { type: 'integer' } } } }],
    ['beside a string (another sample), the integer widens', { given: { schema: { type: 'object', properties: { a: { type: ['string', 'integer'] } } }, paths: [['a']] }, want: { type: 'object', properties: { a: { type: ['string', 'number'] } } } }],
    ['integer and number together become number', { given: { schema: { type: 'object', properties: { a: { type: ['integer', 'number', 'null'] } } }, paths: [['a']] }, want: { type: 'object', properties: { a: { type: ['number', 'null'] } } } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const schema = structuredClone(given.schema);
    widenToNumber(schema, given.paths);
    expect(schema).toEqual(want);
  });
});

describe('buildModel reads numbers from the sample text', () => {
  const at = { file: 'spec/t/models/Refund.yaml', line: 1, col: 1 };
  const model = (texts: string[], hints: ModelSpec['hints'] = []): ModelSpec => ({
    name: 'Refund',
    file: 'spec/t/models/Refund.yaml',
    clean: true,
    at,
    samples: texts.map((json, i) => ({ file: `spec/t/samples/refund-${i}.json`, value: JSON.parse(json), json })),
    hints,
  });
  const build = async (m: ModelSpec) => {
    const p: ProviderSpec = {
      id: 't',
      dir: 'spec/t',
      file: 'spec/t/provider.yaml',
      title: 'T',
      typePrefix: 'T',
      docs: [],
      delivery: { method: 'POST', body: 'json', topic: { route: true }, headers: [], signature: 'none' },
      inference: { ...DEFAULT_INFERENCE, presence: 'observed', nulls: 'observed' },
      models: [m],
      topics: [{ topic: 'refunds/create', at, payload: ['Refund'], undocumented: false }],
    };
    const problems: Problem[] = [];
    const g = await buildModel([p], problems, createCache({ enabled: false }));
    return { schema: g.providers[0]!.models[0]!.schema, defs: g.providers[0]!.models[0]!.defs, problems };
  };

  it('`199.0` is a number, `2` an integer (the docs sample of a Refund)', async () => {
    const { schema, defs, problems } = await build(model(['{"quantity": 2, "subtotal": 199.0, "lines": [{"total_tax": 0.0, "n": 1}]}']));
    expect(problems).toEqual([]);
    expect(schema.properties?.subtotal).toEqual({ type: 'number' });
    expect(schema.properties?.quantity).toEqual({ type: 'integer' });
    expect(defs.RefundLine?.properties).toEqual({ n: { type: 'integer' }, total_tax: { type: 'number' } });
  });

  it('one sample with a fraction is enough, whatever the others say', async () => {
    const { schema } = await build(model(['{"subtotal": 5}', '{"subtotal": 5.0}']));
    expect(schema.properties?.subtotal).toEqual({ type: 'number' });
  });

  it('a hint still decides: it is applied after the widening', async () => {
    const { schema } = await build(model(['{"subtotal": 5.0}'], [{ pointer: '/subtotal', segments: ['subtotal'], at, schema: { type: 'integer' } }]));
    expect(schema.properties?.subtotal).toEqual({ type: 'integer' });
  });
});
