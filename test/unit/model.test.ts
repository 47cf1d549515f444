import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_INFERENCE } from '../../src/spec/inference.js';
import { createCache } from '../../src/util/cache.js';
import type { HintSpec, ModelSpec, ProviderSpec } from '../../src/model/types.js';
import type { Problem } from '../../src/util/diagnostics.js';

const at = { file: 'spec/t/models/X.yaml', line: 1, col: 1 };
const model = (name: string, samples: unknown[], hints: Partial<HintSpec>[] = []): ModelSpec => ({
  name,
  file: `spec/t/models/${name}.yaml`,
  clean: true,
  at,
  samples: samples.map((v, i) => ({ file: `spec/t/samples/${name}-${i}.json`, value: v, json: JSON.stringify(v) })),
  hints: hints.map((h) => ({ pointer: h.pointer!, segments: h.pointer!.slice(1).split('/'), at, ...h })),
});
const provider = (models: ModelSpec[], topics: [string, string[]][]): ProviderSpec => ({
  id: 't',
  dir: 'spec/t',
  file: 'spec/t/provider.yaml',
  title: 'T',
  typePrefix: 'T',
  docs: [],
  delivery: { method: 'POST', body: 'json', topic: { route: true }, headers: [], signature: 'none' },
  inference: DEFAULT_INFERENCE,
  models,
  topics: topics.map(([topic, payload]) => ({ topic, at, payload, undocumented: payload.length === 0 })),
});
const build = async (p: ProviderSpec) => {
  const problems: Problem[] = [];
  const m = await buildModel([p], problems, createCache({ enabled: false }));
  return { model: m.providers[0]!, problems: problems.map((x) => x.message) };
};

type Case = [string, { given: ProviderSpec; want: (r: Awaited<ReturnType<typeof build>>) => void }];

const cases: Case[] = [
  [
    'nested objects are named from the model and the path; items are singular',
    {
      given: provider([model('Order', [{ line_items: [{ tax_lines: [{ rate: 0.1 }] }], billing_address: { zip: '1' } }])], [['orders/create', ['Order']]]),
      want: ({ model, problems }) => {
        expect(problems).toEqual([]);
        expect(Object.keys(model.models[0]!.defs)).toEqual(['OrderBillingAddress', 'OrderLineItem', 'OrderLineItemTaxLine']);
        expect(model.topics[0]!.typeName).toBe('OrdersCreatePayload');
      },
    },
  ],
  [
    'one name for two different shapes is an error that suggests a name hint',
    {
      given: provider([model('Product', [{ image: { src: 'a' }, images: [{ src: 'a', width: 1 }] }])], [['products/create', ['Product']]]),
      want: ({ problems }) => expect(problems).toEqual(['two different object types are both named ProductImage (at Product /images/* and in Product /image)']),
    },
  ],
  [
    'the same name for the same shape is shared, not duplicated',
    {
      given: provider([model('Order', [{ billing: { zip: '1' }, shipping: { zip: '2' } }], [{ pointer: '/billing', name: 'Address' }, { pointer: '/shipping', name: 'Address' }])], [['o', ['Order']]]),
      want: ({ model, problems }) => {
        expect(problems).toEqual([]);
        expect(Object.keys(model.models[0]!.defs)).toEqual(['Address']);
        expect(model.models[0]!.schema.properties!.shipping).toEqual({ anyOf: [{ $ref: '#/$defs/Address' }, { type: 'null' }] });
      },
    },
  ],
  [
    'a single-value `type` enum is the discriminator',
    {
      given: provider([model('Customer', [{ type: 'customer', id: 1 }], [{ pointer: '/type', enum: ['customer'] }])], [['customer_new', ['Customer']]]),
      want: ({ model }) => expect(model.models[0]!.discriminator).toEqual({ property: 'type', value: 'customer' }),
    },
  ],
  [
    'int64 hints become the parser\'s paths',
    {
      given: provider([model('P', [{ id: 1, variants: [{ product_id: 1 }] }], [{ pointer: '/id', int64: 'string' }, { pointer: '/variants/*/product_id', int64: 'string' }])], [['p', ['P']]]),
      want: ({ model }) => expect(model.models[0]!.int64Paths).toEqual([['id'], ['variants', '*', 'product_id']]),
    },
  ],
  [
    'a topic whose payload type name is taken by a model type is an error',
    {
      given: provider([model('OrdersCreatePayload', [{ a: 1 }])], [['orders/create', ['OrdersCreatePayload']]]),
      want: ({ problems }) => expect(problems[0]).toMatch(/topic "orders\/create" gets the type name OrdersCreatePayload, which is already the type at OrdersCreatePayload/),
    },
  ],
  [
    'topics and models come out sorted whatever the input order',
    {
      given: provider([model('B', [{ a: 1 }]), model('A', [{ a: 1 }])], [['z', ['B']], ['a', ['A', 'B'].reverse()]]),
      want: ({ model }) => {
        expect(model.models.map((m) => m.name)).toEqual(['A', 'B']);
        expect(model.topics.map((t) => [t.topic, t.payload])).toEqual([['a', ['A', 'B']], ['z', ['B']]]);
      },
    },
  ],
  [
    'an array payload: its type is an alias, its items named <Model>Item (or by a name hint on /*), 64-bit ids inside the items',
    {
      given: provider(
        [model('Records', [[{ id: 1, variant_id: 2, price: 1.5 }]]), model('Named', [[{ id: 1 }]], [{ pointer: '/*', name: 'NamedRecord' }])],
        [['records/updated', ['Records']], ['named', ['Named']]],
      ),
      want: ({ model, problems }) => {
        expect(problems).toEqual([]);
        const [named, records] = model.models;
        expect(records!.schema).toEqual({ type: 'array', items: { $ref: '#/$defs/RecordsItem' } });
        expect(Object.keys(records!.defs)).toEqual(['RecordsItem']);
        expect(records!.int64Paths).toEqual([['*', 'id'], ['*', 'variant_id']]);
        expect(named!.schema.items).toEqual({ $ref: '#/$defs/NamedRecord' });
      },
    },
  ],
  [
    'a scalar payload: its type is the scalar (no named type)',
    {
      given: provider([model('Token', ['cart-1', 'cart-2'])], [['carts/converted', ['Token']]]),
      want: ({ model, problems }) => {
        expect(problems).toEqual([]);
        expect(model.models[0]!.schema).toEqual({ type: 'string' });
        expect(model.models[0]!.defs).toEqual({});
      },
    },
  ],
  [
    "under the default policy an array payload's item ids stay required and non-null, its other fields loosen",
    {
      given: { ...provider([model('Records', [[{ id: 1, name: 'a' }]])], [['r', ['Records']]]), inference: { ...DEFAULT_INFERENCE, presence: 'optional', nulls: 'nullable' } },
      want: ({ model }) => {
        const item = model.models[0]!.defs.RecordsItem!;
        expect(item.required).toEqual(['id']);
        expect(item.properties!.id!.type).toEqual('string');
        expect(item.properties!.name!.type).toEqual(['string', 'null']);
      },
    },
  ],
  [
    "the envelope model: its payload member is any JSON value (the topics' models type it), its path and topic field stay required and non-null; a hint into the member is a problem",
    {
      given: {
        ...provider(
          [
            model('Event', [{ type: 'a.b', at: 1, data: { id: 1, x: 'y' } }, { type: 'a.c', at: 2, data: [1] }], [{ pointer: '/data/x', description: 'nope' }, { pointer: '/at', description: 'When.' }]),
            model('Thing', [{ id: 1, x: 'y' }]),
          ],
          [['a.b', ['Thing']]],
        ),
        delivery: { method: 'POST', body: 'json', topic: { field: '/type' }, headers: [], signature: 'none', envelope: { payload: '/data', model: 'Event' } },
        inference: { ...DEFAULT_INFERENCE, presence: 'optional', nulls: 'nullable' },
      },
      want: ({ model, problems }) => {
        expect(problems).toEqual(["hint /data/x points into the envelope's payload member /data"]);
        const event = model.models[0]!;
        expect(event.schema.properties!.data).toMatchObject({ type: 'json' });
        expect(event.schema.required).toEqual(['data', 'type']);
        expect(event.schema.properties!.type!.type).toBe('string');
        expect(event.schema.properties!.at).toEqual({ type: ['integer', 'null'], description: 'When.' });
      },
    },
  ],
  [
    '<Prefix>Envelope is a provider-level name once the envelope has a model',
    {
      given: {
        ...provider([model('TEnvelope', [{ data: {} }]), model('Thing', [{ id: 1 }])], [['a', ['Thing']]]),
        delivery: { method: 'POST', body: 'json', topic: { route: true }, headers: [], signature: 'none', envelope: { payload: '/data', model: 'TEnvelope' } },
      },
      want: ({ problems }) => expect(problems).toEqual(['model TEnvelope is named like a provider-level type']),
    },
  ],
];

describe('buildModel', () => {
  it.each(cases)('%s', async (_, { given, want }) => want(await build(given)));
});
