// The inference policy (provider.yaml `inference:`): how it is read and reported
// (src/spec/inference.ts), and what it does to a model's schema (src/model/policy.ts, through
// buildModel): which fields become optional and nullable, which stay as the samples show them,
// and how hints pin a field either way.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { DeliverySpec, HintSpec, InferencePolicy, InferenceSpec, ModelSpec, ProviderSpec, Schema } from '../../src/model/types.js';
import { DEFAULT_INFERENCE, loadInference } from '../../src/spec/inference.js';

const DEFAULT_IDS = { int64: ['id', '*_id', '*_ids'] };
import { reader } from '../../src/spec/reader.js';
import { parseYamlSource } from '../../src/spec/yaml.js';
import { createCache } from '../../src/util/cache.js';
import { formatProblem, type Problem } from '../../src/util/diagnostics.js';

// ---- reading `inference:` ----

function read(text: string) {
  const problems: Problem[] = [];
  const src = parseYamlSource(text, 'spec/x/provider.yaml', problems);
  const policy = loadInference(src, reader(src, problems), problems);
  return { policy, report: problems.map(formatProblem).join('\n') };
}

describe('loadInference', () => {
  it('defaults to optional presence and nullable values (and the default id patterns) when provider.yaml says nothing', () => {
    expect(read('provider: x\n')).toEqual({ policy: { ids: DEFAULT_IDS, presence: 'optional', nulls: 'nullable' }, report: '' });
    expect(DEFAULT_INFERENCE).toEqual({ ids: DEFAULT_IDS, presence: 'optional', nulls: 'nullable' });
  });

  it('reads both keys, alone or together, next to the id policy', () => {
    expect(read('inference:\n  presence: observed\n').policy).toEqual({ ids: DEFAULT_IDS, presence: 'observed', nulls: 'nullable' });
    expect(read('inference:\n  nulls: observed\n').policy).toEqual({ ids: DEFAULT_IDS, presence: 'optional', nulls: 'observed' });
    expect(read('inference:\n  presence: observed\n  nulls: observed\n  ids: { int64: [id] }\n')).toEqual({ policy: { ids: { int64: ['id'] }, presence: 'observed', nulls: 'observed' }, report: '' });
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown key, with a did-you-mean', 'inference:\n  presense: observed\n', /^spec\/x\/provider\.yaml:2:3: error: unknown key `presense` in inference\n {2}expected: one of: ids, presence, nulls\n[\s\S]*did you mean `presence`\?/],
    ['an unknown value, with a did-you-mean', 'inference:\n  nulls: nulable\n', /^spec\/x\/provider\.yaml:2:10: error: unsupported `inference.nulls`\n {2}expected: "nullable" \| "observed" \(nullable: [^\n]*\)\n {2}found: {4}"nulable"\n {2}fix: {6}did you mean "nullable"\?/],
    ['a value that is not a string', 'inference:\n  presence: true\n', /^spec\/x\/provider\.yaml:2:13: error: unsupported `inference.presence`[\s\S]*found: {4}true/],
    ['a list instead of a map', 'inference: [optional]\n', /^spec\/x\/provider\.yaml:1:12: error: `inference` has the wrong type\n {2}expected: a map/],
  ];
  it.each(bad)('reports %s where it is, and falls back to the default', (_, text, want) => {
    const { policy, report } = read(text);
    expect(report).toMatch(want);
    expect(policy.presence === 'optional' || policy.nulls === 'nullable').toBe(true);
  });
});

// ---- the policy applied to a model ----

const at = { file: 'spec/t/models/X.yaml', line: 1, col: 1 };
const model = (name: string, samples: unknown[], hints: Partial<HintSpec>[] = []): ModelSpec => ({
  name,
  file: `spec/t/models/${name}.yaml`,
  clean: true,
  at,
  samples: samples.map((v, i) => ({ file: `spec/t/samples/${name}-${i}.json`, value: v, json: JSON.stringify(v) })),
  hints: hints.map((h) => ({ pointer: h.pointer ?? '', segments: (h.pointer ?? '').slice(1).split('/'), at, ...h })),
});
const ROUTE: DeliverySpec = { method: 'POST', body: 'json', topic: { route: true }, headers: [], signature: 'none' };
const provider = (models: ModelSpec[], policy: InferencePolicy = DEFAULT_INFERENCE, delivery: DeliverySpec = ROUTE, apiModels: string[] = []): ProviderSpec => ({
  id: 't',
  dir: 'spec/t',
  file: 'spec/t/provider.yaml',
  title: 'T',
  typePrefix: 'T',
  docs: [],
  delivery,
  // the id policy as a provider that states none has it (default patterns)
  inference: { ...DEFAULT_INFERENCE, ...policy } satisfies InferenceSpec,
  models,
  topics: models.map((m) => ({ topic: m.name.toLowerCase(), at, payload: [m.name], undocumented: false })),
  ...(apiModels.length ? { api: { file: 'spec/t/api.yaml', docs: [], models: apiModels, operations: [], errors: [] } } : {}),
});
async function build(p: ProviderSpec) {
  const problems: Problem[] = [];
  const m = await buildModel([p], problems, createCache({ enabled: false }));
  const provider = m.providers[0];
  if (!provider) throw new Error('no provider built');
  return { models: provider.models, problems };
}
/** The schema of model `name`, and of its named object `def`. */
async function schemaOf(p: ProviderSpec, name = 'Order'): Promise<{ root: Schema; defs: Record<string, Schema>; problems: Problem[] }> {
  const { models, problems } = await build(p);
  const m = models.find((x) => x.name === name);
  if (!m) throw new Error(`no model ${name}`);
  return { root: m.schema, defs: m.defs, problems };
}

const ORDER = { id: 1, email: 'a@b.c', total: '1.00', tags: ['x'], address: { id: 7, city: 'Ottawa' }, lines: [{ id: 3, sku: 'S' }], closed_at: null };

describe('the inference policy', () => {
  it('observed: what every sample shows is required, only what a sample shows null is nullable', async () => {
    const { root, defs } = await schemaOf(provider([model('Order', [ORDER], [{ pointer: '/closed_at', schema: { type: ['string', 'null'] } }])], { presence: 'observed', nulls: 'observed' }));
    expect(root.required).toEqual(['address', 'closed_at', 'email', 'id', 'lines', 'tags', 'total']);
    expect(root.properties?.email).toEqual({ type: 'string' });
    expect(root.properties?.closed_at).toEqual({ type: ['string', 'null'] });
    expect(defs.OrderAddress?.required).toEqual(['city', 'id']);
  });

  it('optional + nullable (the default): every field may be absent or null, except the payload\'s own id', async () => {
    const { root, defs } = await schemaOf(provider([model('Order', [ORDER], [{ pointer: '/closed_at', schema: { type: ['string', 'null'] } }])]));
    expect(root.required).toEqual(['id']);
    // `id` is a 64-bit id by the default id policy: a digit string
    expect(root.properties?.id).toMatchObject({ type: 'string', pattern: '^-?[0-9]+$' });
    expect(root.properties?.email).toEqual({ type: ['string', 'null'] });
    expect(root.properties?.tags).toEqual({ type: ['array', 'null'], items: { type: 'string' } });
    // array items themselves are not made nullable; objects become a nullable named type
    expect(root.properties?.address).toEqual({ anyOf: [{ $ref: '#/$defs/OrderAddress' }, { type: 'null' }] });
    // nested ids follow the policy (Shopify's test notifications leave them out or null)
    expect(defs.OrderAddress).toMatchObject({ required: [], properties: { id: { type: ['string', 'null'], pattern: '^-?[0-9]+$' }, city: { type: ['string', 'null'] } } });
    expect(defs.OrderLine).toMatchObject({ required: [], properties: { id: { type: ['string', 'null'], pattern: '^-?[0-9]+$' } } });
  });

  it('each key on its own', async () => {
    const presence = await schemaOf(provider([model('Order', [ORDER])], { presence: 'optional', nulls: 'observed' }));
    expect(presence.root.required).toEqual(['id']);
    expect(presence.root.properties?.email).toEqual({ type: 'string' });
    const nulls = await schemaOf(provider([model('Order', [ORDER])], { presence: 'observed', nulls: 'nullable' }));
    expect(nulls.root.required).toContain('email');
    expect(nulls.root.properties?.email).toEqual({ type: ['string', 'null'] });
  });

  it('the policy reaches into a hint\'s schema: its `required:` list is observed presence', async () => {
    const hint = { pointer: '/refunds', schema: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, note: { type: 'string' } }, required: ['id', 'note'] } } };
    const { defs } = await schemaOf(provider([model('Order', [{ ...ORDER, refunds: [] }], [hint])]));
    expect(defs.OrderRefund).toMatchObject({ required: [], properties: { note: { type: ['string', 'null'] } } });
  });

  it('hints pin a field either way: optional: false and nullable: false tighten, under any policy', async () => {
    const { root, defs, problems } = await schemaOf(
      provider([
        model('Order', [ORDER], [
          { pointer: '/email', optional: false, nullable: false },
          { pointer: '/address/city', optional: false },
          { pointer: '/lines/*/sku', nullable: false },
          { pointer: '/closed_at', schema: { type: ['string', 'null'] } },
        ]),
      ]),
    );
    expect(problems).toEqual([]);
    expect(root.required).toEqual(['email', 'id']);
    expect(root.properties?.email).toEqual({ type: 'string' });
    expect(defs.OrderAddress?.required).toEqual(['city']);
    expect(defs.OrderAddress?.properties?.city).toEqual({ type: ['string', 'null'] });
    expect(defs.OrderLine?.required).toEqual([]);
    expect(defs.OrderLine?.properties?.sku).toEqual({ type: 'string' });
  });

  it('optional: true and nullable: true still loosen under observed', async () => {
    const { root } = await schemaOf(provider([model('Order', [ORDER], [{ pointer: '/email', optional: true, nullable: true }])], { presence: 'observed', nulls: 'observed' }));
    expect(root.required).not.toContain('email');
    expect(root.properties?.email).toEqual({ type: ['string', 'null'] });
  });

  it('nullable: false on a field a sample shows null is a located problem', async () => {
    const { problems } = await schemaOf(provider([model('Order', [ORDER, { ...ORDER, email: null }], [{ pointer: '/email', nullable: false }, { pointer: '/closed_at', schema: { type: ['string', 'null'] } }])]));
    expect(problems.map((p) => [p.at, p.message, p.fix])).toEqual([[at, 'nullable: false on /email, which a sample shows as null', 'remove `nullable: false` (the field can be null), or correct the sample or the hint type']]);
  });

  it('a constant (a one-value enum) stays required and non-null: it tells union members apart', async () => {
    const { models } = await build(provider([model('Customer', [{ type: 'customer', id: 1, name: 'x' }], [{ pointer: '/type', enum: ['customer'] }])]));
    const customer = models[0];
    expect(customer?.schema.required).toEqual(['id', 'type']);
    expect(customer?.schema.properties?.type).toEqual({ type: 'string', enum: ['customer'] });
    expect(customer?.discriminator).toEqual({ property: 'type', value: 'customer' });
  });

  it('the topic field a receiver routes on stays required and non-null, with the objects on its way', async () => {
    const delivery: DeliverySpec = { ...ROUTE, topic: { field: '/meta/event_name' } };
    const { root, defs } = await schemaOf(provider([model('Order', [{ meta: { event_name: 'order', test: true }, data: { id: '1' } }])], DEFAULT_INFERENCE, delivery));
    expect(root.required).toEqual(['meta']);
    expect(root.properties?.meta).toEqual({ $ref: '#/$defs/OrderMeta' });
    expect(defs.OrderMeta?.required).toEqual(['event_name']);
    expect(defs.OrderMeta?.properties?.event_name).toEqual({ type: 'string' });
    expect(defs.OrderMeta?.properties?.test).toEqual({ type: ['boolean', 'null'] });
    // inside an envelope, the pointer is relative to the payload member
    const enveloped: DeliverySpec = { ...ROUTE, topic: { field: '/data/kind' }, envelope: { payload: '/data' } };
    const inner = await schemaOf(provider([model('Order', [{ kind: 'order', note: 'n' }])], DEFAULT_INFERENCE, enveloped));
    expect(inner.root.required).toEqual(['kind']);
  });

  it('api.yaml models keep what their samples show: they type request bodies too', async () => {
    const { models } = await build(provider([model('Order', [ORDER]), model('Webhook', [{ id: 1, address: 'https://x' }])], DEFAULT_INFERENCE, ROUTE, ['Webhook']));
    const webhook = models.find((m) => m.name === 'Webhook');
    expect(webhook?.schema.required).toEqual(['address', 'id']);
    expect(webhook?.schema.properties?.address).toEqual({ type: 'string' });
  });
});
