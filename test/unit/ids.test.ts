// The provider's id policy (`inference.ids` of provider.yaml; src/spec/inference.ts reads it,
// src/model/ids.ts applies it): integer fields whose name says they are ids are 64-bit ids,
// exactly as an `int64: string` hint makes them. A name alone types nothing: a field that is
// null in every sample stays an error until a hint says it is an integer.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { HintSpec, IdPolicySpec, ModelSpec, PayloadModel, ProviderSpec, Schema } from '../../src/model/types.js';
import { DEFAULT_INFERENCE, idNameMatcher, loadInference } from '../../src/spec/inference.js';
import { reader } from '../../src/spec/reader.js';
import { parseYamlSource } from '../../src/spec/yaml.js';
import { createCache } from '../../src/util/cache.js';
import { formatProblem, type Problem } from '../../src/util/diagnostics.js';

type Case<G, W> = [name: string, c: { given: G; want: W }];

const INT64: Schema = { type: 'string', pattern: '^-?[0-9]+$', description: 'A 64-bit integer, delivered as its decimal digits in a string so that no digit is lost (JSON numbers above 2^53 are rounded).' };
const NULLABLE_INT64: Schema = { ...INT64, type: ['string', 'null'] };

describe('idNameMatcher', () => {
  const cases: Case<{ patterns: string[]; name: string }, boolean>[] = [
    ['`id` itself', { given: { patterns: ['id', '*_id', '*_ids'], name: 'id' }, want: true }],
    ['`*_id`', { given: { patterns: ['id', '*_id', '*_ids'], name: 'order_id' }, want: true }],
    ['`*_ids`', { given: { patterns: ['id', '*_id', '*_ids'], name: 'variant_ids' }, want: true }],
    ['`*` may stand for no text', { given: { patterns: ['*_id'], name: '_id' }, want: true }],
    ['a name that only contains id', { given: { patterns: ['id', '*_id', '*_ids'], name: 'paid' }, want: false }],
    ['`ids` alone is not `*_ids`', { given: { patterns: ['id', '*_id', '*_ids'], name: 'ids' }, want: false }],
    ['`id` is the whole name, not a prefix', { given: { patterns: ['id', '*_id', '*_ids'], name: 'idx' }, want: false }],
    ['case matters', { given: { patterns: ['id', '*_id', '*_ids'], name: 'Order_ID' }, want: false }],
    ['a camelCase provider', { given: { patterns: ['id', '*Id', '*Ids'], name: 'orderId' }, want: true }],
    ['regex characters are literal', { given: { patterns: ['a.b+(c)'], name: 'a.b+(c)' }, want: true }],
    ['regex characters do not match other text', { given: { patterns: ['a.b'], name: 'axb' }, want: false }],
    ['no patterns: nothing', { given: { patterns: [], name: 'id' }, want: false }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(idNameMatcher(given.patterns)(given.name)).toBe(want));
});

describe('inference in provider.yaml', () => {
  const load = (yaml: string) => {
    const problems: Problem[] = [];
    const src = parseYamlSource(yaml, 'spec/x/provider.yaml', problems);
    const inference = loadInference(src, reader(src, problems), problems);
    return { inference, report: problems.map(formatProblem) };
  };
  const cases: Case<string, { ids: string[]; report: string[] }>[] = [
    ['absent: the default policy', { given: 'provider: x\n', want: { ids: ['id', '*_id', '*_ids'], report: [] } }],
    ['`ids` absent: the default', { given: 'inference: {}\n', want: { ids: ['id', '*_id', '*_ids'], report: [] } }],
    ['the policy turned off', { given: 'inference:\n  ids:\n    int64: []\n', want: { ids: [], report: [] } }],
    ["a provider's own names", { given: "inference:\n  ids:\n    int64: [id, '*Id', id]\n", want: { ids: ['id', '*Id'], report: [] } }],
    ['the presence and nulls keys are known', { given: 'inference:\n  presence: observed\n  nulls: observed\n', want: { ids: ['id', '*_id', '*_ids'], report: [] } }],
    [
      'an unknown key, with did-you-mean',
      {
        given: 'inference:\n  idz:\n    int64: [id]\n',
        want: { ids: ['id', '*_id', '*_ids'], report: ['spec/x/provider.yaml:2:3: error: unknown key `idz` in inference\n  expected: one of: ids, presence, nulls\n  found:    `idz`\n  fix:      did you mean `ids`?'] },
      },
    ],
    [
      'an unknown representation',
      {
        given: 'inference:\n  ids:\n    int46: [id]\n',
        want: { ids: ['id', '*_id', '*_ids'], report: ['spec/x/provider.yaml:3:5: error: unknown key `int46` in inference.ids\n  expected: one of: int64\n  found:    `int46`\n  fix:      did you mean `int64`?'] },
      },
    ],
    [
      'a pattern list written as one string',
      {
        given: "inference:\n  ids:\n    int64: '*_id'\n",
        want: {
          ids: ['id', '*_id', '*_ids'],
          report: ["spec/x/provider.yaml:3:12: error: `inference.ids.int64` has the wrong type\n  expected: a list\n  found:    \"*_id\"\n  fix:      write the field-name patterns as a list, e.g. `int64: [id, '*_id', '*_ids']` (`[]` turns the policy off)"],
        },
      },
    ],
    [
      'a pattern that names every field',
      {
        given: "inference:\n  ids:\n    int64: [id, '**']\n",
        want: {
          ids: ['id'],
          report: ['spec/x/provider.yaml:3:17: error: an id pattern must name something besides `*`\n  expected: a field name with `*` for any text, e.g. \'*_id\'\n  found:    "**"\n  fix:      every integer field would be a 64-bit id: name the id fields instead'],
        },
      },
    ],
    ['`inference` not a map', { given: 'inference: [ids]\n', want: { ids: ['id', '*_id', '*_ids'], report: ['spec/x/provider.yaml:1:12: error: `inference` has the wrong type\n  expected: a map\n  found:    a list (1 items)\n  fix:      write `inference` as a map (see spec/README.md)'] } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const { inference, report } = load(given);
    expect({ ids: [...inference.ids.int64], report }).toEqual(want);
  });
});

// ---- the policy applied by buildModel ----

const at = { file: 'spec/t/models/M.yaml', line: 1, col: 1 };
const model = (samples: unknown[], hints: Partial<HintSpec>[] = []): ModelSpec => ({
  name: 'M',
  file: 'spec/t/models/M.yaml',
  clean: true,
  at,
  samples: samples.map((v, i) => ({ file: `spec/t/samples/m-${i}.json`, value: v, json: JSON.stringify(v) })),
  hints: hints.map((h) => ({ pointer: h.pointer ?? '', segments: (h.pointer ?? '').slice(1).split('/'), at, ...h })),
});
async function build(m: ModelSpec, ids: IdPolicySpec = DEFAULT_INFERENCE.ids): Promise<{ model: PayloadModel; problems: string[] }> {
  const p: ProviderSpec = {
    id: 't',
    dir: 'spec/t',
    file: 'spec/t/provider.yaml',
    title: 'T',
    typePrefix: 'T',
    docs: [],
    delivery: { method: 'POST', body: 'json', topic: { route: true }, headers: [], signature: 'none' },
    inference: { ids, presence: 'observed', nulls: 'observed' },
    models: [m],
    topics: [{ topic: 'm', at, payload: ['M'], undocumented: false }],
  };
  const problems: Problem[] = [];
  const g = await buildModel([p], problems, createCache({ enabled: false }));
  return { model: g.providers[0]!.models[0]!, problems: problems.map((x) => x.message) };
}
const field = (m: PayloadModel, name: string): Schema | undefined => m.schema.properties?.[name];

describe('buildModel applies the id policy', () => {
  it('integer ids become 64-bit ids; other integers, and ids that are not integers, do not', async () => {
    const { model: m, problems } = await build(model([{ id: 1, order_id: 2, number: 3, quantity: 4, cart_id: 'abc', ratio_id: 1.5, variant_ids: [5, 6], tag_ids: ['a'] }]));
    expect(problems).toEqual([]);
    expect(field(m, 'id')).toEqual(INT64);
    expect(field(m, 'order_id')).toEqual(INT64);
    expect(field(m, 'number')).toEqual({ type: 'integer' });
    expect(field(m, 'quantity')).toEqual({ type: 'integer' });
    expect(field(m, 'cart_id')).toEqual({ type: 'string' });
    expect(field(m, 'ratio_id')).toEqual({ type: 'number' });
    expect(field(m, 'variant_ids')).toEqual({ type: 'array', items: INT64 });
    expect(field(m, 'tag_ids')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(m.int64Paths).toEqual([['id'], ['order_id'], ['variant_ids', '*']]);
  });

  it('everywhere in the tree: nested objects, array items, and a nullable id', async () => {
    const { model: m } = await build(model([{ customer: { id: 1, last_order_id: null }, line_items: [{ id: 2, product_id: 3 }] }, { customer: { id: 1, last_order_id: 7 }, line_items: [] }]));
    expect(m.defs.MCustomer?.properties?.last_order_id).toEqual(NULLABLE_INT64);
    expect(m.defs.MLineItem?.properties?.product_id).toEqual(INT64);
    expect(m.int64Paths).toEqual([['customer', 'id'], ['customer', 'last_order_id'], ['line_items', '*', 'id'], ['line_items', '*', 'product_id']]);
  });

  it('a field null in every sample is not typed by its name: it stays a problem with its hint', async () => {
    const { problems } = await build(model([{ id: 1, location_id: null }]));
    expect(problems).toEqual(['cannot type M field /location_id: it is null in every sample']);
  });

  it('...a hint that types it as an integer makes it a 64-bit id, as the policy says', async () => {
    const { model: m, problems } = await build(model([{ id: 1, location_id: null }], [{ pointer: '/location_id', schema: { type: ['integer', 'null'] } }]));
    expect(problems).toEqual([]);
    expect(field(m, 'location_id')).toEqual(NULLABLE_INT64);
    expect(m.int64Paths).toEqual([['id'], ['location_id']]);
  });

  it('...and a hint that types it as a string keeps it a string', async () => {
    const { model: m } = await build(model([{ id: 1, location_id: null }], [{ pointer: '/location_id', schema: { type: ['string', 'null'] } }]));
    expect(field(m, 'location_id')).toEqual({ type: ['string', 'null'] });
    expect(m.int64Paths).toEqual([['id']]);
  });

  it('an int64 hint and the policy name the same path once; a hint with an enum or a range keeps its integer', async () => {
    const { model: m } = await build(
      model([{ id: 1, kind_id: 2, step_id: 3 }], [
        { pointer: '/id', int64: 'string', description: 'The id.' },
        { pointer: '/kind_id', enum: [1, 2] },
        { pointer: '/step_id', schema: { type: 'integer', minimum: 1 } },
      ]),
    );
    expect(field(m, 'id')).toEqual({ ...INT64, description: 'The id.' });
    expect(field(m, 'kind_id')).toEqual({ type: 'integer', enum: [1, 2] });
    expect(field(m, 'step_id')).toEqual({ type: 'integer', minimum: 1 });
    expect(m.int64Paths).toEqual([['id']]);
  });

  it('a map (additionalProperties) is not entered: its keys are data, not field names', async () => {
    const { model: m } = await build(model([{ id: 1, counts: { a: 1 } }], [{ pointer: '/counts', schema: { type: 'object', additionalProperties: { type: 'object', properties: { id: { type: 'integer' } } } } }]));
    expect(m.int64Paths).toEqual([['id']]);
  });

  it('turned off (`int64: []`), ids stay integers', async () => {
    const { model: m } = await build(model([{ id: 1, order_id: 2 }]), { int64: [] });
    expect(field(m, 'id')).toEqual({ type: 'integer' });
    expect(m.int64Paths).toEqual([]);
  });

  it("a provider's own patterns", async () => {
    const { model: m } = await build(model([{ id: 1, orderId: 2, order_id: 3 }]), { int64: ['*Id'] });
    expect(m.int64Paths).toEqual([['orderId']]);
    expect(field(m, 'id')).toEqual({ type: 'integer' });
  });
});
