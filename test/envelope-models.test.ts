// Envelopes as models, and payloads that are not objects, end to end, from the test-only provider
// in test/fixtures-envelope/spec/storefront: every body is one envelope (scope, store_id,
// event_id, data, hash, created_at, producer; the topic in `scope`) typed by models/Envelope.yaml,
// and the payload at /data is an object (Product), an array (PriceRecords, 64-bit ids inside its
// items) or a scalar (CartToken). Generate → receive a signed delivery → a typed envelope and
// payload; an envelope that drifts is handed over as `valid: false` with its issues under the
// envelope (or rejected with 422 when asked); fixtures build whole bodies; parse, stringify,
// schemas, catalog, shapes and drift see the envelope and the array; the declarations type it
// all (tsc, strict), and the guards' TypeScript source type-checks. Then the spec's checks.

import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { loadSpec } from '../src/spec/load.js';
import { buildModel } from '../src/model/build.js';
import { createCache } from '../src/util/cache.js';
import { guardsSource } from '../src/emit/guards.js';
import { loadCodeBuilder } from '../src/print/ts.js';
import { drift } from '../src/tools/drift/drift.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtureRoot = path.join(root, 'test', 'fixtures-envelope');
const samplesDir = path.join(fixtureRoot, 'spec', 'storefront', 'samples');
const SECRET = 'storefront-test-secret';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-envelope-'));
  dirs.push(dir);
  return dir;
};

type Mod = Record<string, any>;
let out = '';
let mod: Mod;

beforeAll(async () => {
  out = path.join(tempDir(), 'generated');
  const result = await generate({ root: fixtureRoot, outDir: out, cache: false });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  mod = (await import(pathToFileURL(path.join(out, 'storefront', 'index.js')).href)) as Mod;
}, 180_000);

const sample = (name: string): string => fs.readFileSync(path.join(samplesDir, `${name}.json`), 'utf8');
/** The docs' computation: hex HMAC-SHA256 of the raw body. */
const sign = (body: string): string => createHmac('sha256', SECRET).update(body).digest('hex');
const headers = (body: string) => ({ 'content-type': 'application/json', 'x-storefront-hmac-sha256': sign(body) });

describe('receiving: a typed envelope and a typed payload of any kind', () => {
  const receive = (body: string, options: Record<string, unknown> = {}) => mod.createStorefrontReceiver({ secrets: SECRET, ...options }).receive({ headers: headers(body), body });

  it('an object payload: the envelope typed by its model, its 64-bit event id kept as digits', async () => {
    const r = await receive(sample('product-updated'));
    expect(r).toMatchObject({ ok: true, valid: true, topic: 'store/product/updated', payload: { id: '327475578523353102', name: 'Blue thing', price: '9.50', status: 'active' } });
    expect(r.envelope).toEqual({ scope: 'store/product/updated', store_id: '1025646', event_id: '9007199254740993', data: r.payload, hash: '3f2a9c1b', created_at: 1561482670, producer: 'stores/abc123' });
    expect(r.envelope.data).toBe(r.payload);
  });

  it('an array payload: each item validated, the 64-bit ids inside the items kept as digits', async () => {
    const r = await receive(sample('price-records-updated'));
    expect(r).toMatchObject({ ok: true, valid: true, topic: 'priceList/records/updated' });
    expect(r.payload).toEqual([
      { price_list_id: '3', variant_id: '327475578523353103', price: 12.5, currency: 'USD' },
      { price_list_id: '3', variant_id: '327475578523353104', price: 7.25, currency: 'EUR' },
    ]);
    expect(r.envelope.event_id).toBe('9007199254740995');
  });

  it('a scalar payload', async () => {
    expect(await receive(sample('cart-converted'))).toMatchObject({ ok: true, valid: true, topic: 'store/cart/converted', payload: 'cart-0c7b2e', envelope: { data: 'cart-0c7b2e' } });
  });

  it('an envelope field of the wrong type, a null one and a missing one: valid: false, the issues under the envelope, as pointers into the body', async () => {
    // the issue's delivery: a numeric store_id, producer: null and no hash (which strict mode used to pass)
    const body = sample('product-updated').replace('"store_id": "1025646"', '"store_id": 1025646').replace('"producer": "stores/abc123"', '"producer": null').replace('"hash": "3f2a9c1b",\n', '');
    const reports: unknown[] = [];
    const r = await receive(body, { onDrift: (report: unknown) => void reports.push(report) });
    expect(r).toMatchObject({ ok: true, valid: false, topic: 'store/product/updated', payload: { id: '327475578523353102' } });
    expect(r.issues.map((i: { path: string; expected: string; received: string }) => [i.path, i.expected, i.received])).toEqual([
      ['/hash', 'string', 'missing'],
      ['/producer', 'string', 'null'],
      ['/store_id', 'string', 'integer'],
    ]);
    expect(r.drift.map((d: { kind: string; path: string }) => [d.kind, d.path])).toEqual([
      ['missing', '/hash'],
      ['nullability', '/producer'],
      ['retyped', '/store_id'],
    ]);
    expect(r.envelope).toMatchObject({ store_id: 1025646, producer: null });
    expect(reports).toEqual([expect.objectContaining({ topic: 'store/product/updated', outcome: 'accepted', payload: r.payload, envelope: r.envelope, drift: r.drift })]);
    const rejected = await receive(body, { invalidPayload: 'reject' });
    expect(rejected).toMatchObject({ ok: false, reason: 'invalid_payload', status: 422, topic: 'store/product/updated', issues: r.issues, drift: r.drift });
    expect(rejected.message).toContain('the store/product/updated delivery does not match the spec (3 issues): /hash: expected string, received missing');
  });

  it('payload issues start with the payload pointer; inside an array, drift groups the items as *', async () => {
    const body = sample('price-records-updated').replace('"price": 7.25', '"price": "7.25"').replace('"currency": "USD"', '"currency": "GBP"');
    const r = await receive(body);
    expect(r).toMatchObject({ ok: true, valid: false });
    expect(r.issues.map((i: { path: string }) => i.path)).toEqual(['/data/0/currency', '/data/1/price']);
    expect(r.drift.map((d: { kind: string; path: string }) => [d.kind, d.path])).toEqual([
      ['retyped', '/data/*/price'],
      ['value', '/data/*/currency'],
    ]);
  });

  it('strict mode counts unknown envelope and payload keys; a scalar where an array belongs is retyped', async () => {
    const body = sample('product-updated').replace('"hash"', '"shard": 4, "hash"').replace('"status": "active"', '"status": "active", "tags": []');
    expect(await receive(body)).toMatchObject({ ok: true, valid: true });
    const strict = await receive(body, { strict: true });
    expect(strict.drift.map((d: { kind: string; path: string }) => [d.kind, d.path])).toEqual([
      ['added', '/data/tags'],
      ['added', '/shard'],
    ]);
    const scalar = sample('price-records-updated').replace(/"data": \[[\s\S]*?\n {2}\],/, '"data": "records",');
    expect(await receive(scalar)).toMatchObject({ ok: true, valid: false, issues: [{ path: '/data', expected: 'PriceRecord[]', received: 'string' }] });
  });

  it('a body without its payload member: one issue at the member, from the envelope model', async () => {
    const body = sample('cart-converted').replace('"data": "cart-0c7b2e",\n', '');
    const r = await receive(body);
    expect(r).toMatchObject({ ok: true, valid: false, payload: undefined });
    expect(r.issues).toEqual([{ path: '/data', expected: 'JSON value', received: 'missing', message: '/data: expected JSON value, received missing' }]);
  });
});

describe('an envelope whose topic is a header: a correctly signed body need not be an object', () => {
  // with the topic in a header (or the route), nothing makes the body an object before it is
  // validated: a delivery of an unknown topic, or one that fails the envelope model, may carry
  // `null`, an array or a scalar as its whole body, and the result's type must say so
  let headerOut = '';
  let headerMod: Mod;
  beforeAll(async () => {
    const dir = tempDir();
    fs.cpSync(path.join(fixtureRoot, 'spec'), path.join(dir, 'spec'), { recursive: true });
    const provider = path.join(dir, 'spec', 'storefront', 'provider.yaml');
    fs.writeFileSync(provider, fs.readFileSync(provider, 'utf8').replace('    field: /scope\n', '    header: X-Storefront-Topic\n'));
    headerOut = path.join(dir, 'generated');
    const result = await generate({ root: dir, cache: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    headerMod = (await import(pathToFileURL(path.join(headerOut, 'storefront', 'index.js')).href)) as Mod;
  }, 180_000);

  it.each([
    ['an unknown topic', 'no/such/topic', 'null', { known: false, envelope: null }],
    ['an unknown topic', 'no/such/topic', '[1]', { known: false, envelope: [1] }],
    ['a known topic, the body not an envelope', 'store/product/updated', 'null', { known: true, envelope: null }],
    ['a known topic, the body not an envelope', 'store/product/updated', '"x"', { known: true, envelope: 'x' }],
  ])('%s (%s), body %s: handed over with that body as `envelope`', async (_, topic, body, want) => {
    const r = await headerMod.createStorefrontReceiver({ secrets: SECRET }).receive({ headers: { ...headers(body), 'x-storefront-topic': topic }, body });
    expect(r).toMatchObject({ ok: true, valid: false, ...want });
  });

  it('the declarations type such an envelope as any JSON value, not as an object', () => {
    const types = fs.readFileSync(path.join(headerOut, 'storefront', 'receive.d.ts'), 'utf8');
    const of = (name: string): string => {
      const start = types.search(new RegExp(`export type ${name}\\b`));
      return start < 0 ? '' : types.slice(start, types.indexOf('};', start));
    };
    expect(of('StorefrontUnknownTopicDelivery')).toContain('readonly envelope: JsonValue;');
    expect(of('StorefrontUnvalidatedDelivery')).toContain('readonly envelope: JsonValue;');
  });
});

describe('validators, parse and stringify', () => {
  it("validateStorefrontEnvelope checks the envelope, its topic and the topic's payload", () => {
    const body = mod.parseStorefrontEnvelope('priceList/records/updated', sample('price-records-updated'));
    expect(mod.validateStorefrontEnvelope('priceList/records/updated', body, { strict: true })).toEqual({ ok: true, value: body });
    expect(mod.isStorefrontEnvelope('priceList/records/updated', body)).toBe(true);
    const other = mod.validateStorefrontEnvelope('store/product/updated', body);
    expect(other.issues.map((i: { message: string }) => i.message)).toEqual(['/scope: expected "store/product/updated", received "priceList/records/updated"', '/data: expected Product, received array']);
    // the envelope model's own validator: its fields only (the payload member is any JSON value)
    expect(mod.validateEnvelope({ ...body, data: 42 }).ok).toBe(true);
    expect(mod.validateEnvelope({ ...body, created_at: '1561482671' }).issues.map((i: { path: string }) => i.path)).toEqual(['/created_at']);
  });

  it('the array and scalar models have their own validators and Standard Schema objects', async () => {
    expect(mod.validatePriceRecords([{ price_list_id: '3', variant_id: '4', price: 1, currency: 'USD' }])).toMatchObject({ ok: true });
    expect(mod.validatePriceRecords({}).issues).toEqual([{ path: '', expected: 'PriceRecord[]', received: 'object', message: '/: expected PriceRecord[], received object' }]);
    expect(mod.isCartToken('x')).toBe(true);
    expect(mod.isCartToken(3)).toBe(false);
    // a framework's JSON.parse gives numbers for the 64-bit ids: the Standard Schema takes them and hands on digits
    const std = await mod.PriceRecordsSchema['~standard'].validate([{ price_list_id: 3, variant_id: 327475578523353100, price: 1, currency: 'EUR' }]);
    expect(std.value).toEqual([{ price_list_id: '3', variant_id: '327475578523353100', price: 1, currency: 'EUR' }]);
    expect(mod.validateStorefrontPayload('store/cart/converted', ['x']).issues[0]).toMatchObject({ path: '', expected: 'string', received: 'array' });
  });

  it('parse gives the payload at /data (digits kept inside the array); stringify puts it back, the envelope ids as numbers', () => {
    const text = sample('price-records-updated');
    const payload = mod.parseStorefrontBody('priceList/records/updated', text);
    expect(payload.map((r: { variant_id: string }) => r.variant_id)).toEqual(['327475578523353103', '327475578523353104']);
    const envelope = mod.parseStorefrontEnvelope('priceList/records/updated', text);
    const again = mod.stringifyStorefrontBody('priceList/records/updated', payload, envelope);
    expect(again).toContain('"event_id":9007199254740995');
    expect(again).toContain('"variant_id":327475578523353103');
    expect(mod.parseStorefrontEnvelope('priceList/records/updated', again)).toEqual(envelope);
  });

  it('fields (a webhook registered with some) do not apply to an array or scalar payload: it is checked whole', () => {
    expect(mod.validateStorefrontPayload('priceList/records/updated', [{ price: 1 }], { fields: ['price'] }).ok).toBe(false);
    expect(mod.validateStorefrontPayload('store/product/updated', { id: '1' }, { fields: ['id'] }).ok).toBe(true);
  });
});

describe('fixtures: whole bodies of each topic', () => {
  const topics = ['priceList/records/updated', 'store/cart/converted', 'store/product/updated'];

  it.each(topics)('%s: build() × 20 seeds is a valid whole body (strict), its topic in scope; the payload fixture alone validates too', (topic) => {
    for (let seed = 1; seed <= 20; seed++) {
      const body = mod.storefrontEnvelopeFixture(topic).build(undefined, { seed });
      expect(body.scope).toBe(topic);
      const r = mod.validateStorefrontEnvelope(topic, body, { strict: true });
      expect(r.ok ? [] : r.issues, `seed ${seed}`).toEqual([]);
      const payload = mod.storefrontFixture(topic).build(undefined, { seed });
      expect(payload, 'the topic field is the envelope\'s, never written into the payload').toEqual(body.data);
    }
  });

  it.each(topics)("%s: sample() is the docs' verbatim envelope of that topic", (topic) => {
    const file = { 'priceList/records/updated': 'price-records-updated', 'store/cart/converted': 'cart-converted', 'store/product/updated': 'product-updated' }[topic] ?? '';
    expect(mod.storefrontEnvelopeFixture(topic).sample()).toEqual(mod.parseStorefrontEnvelope(topic, sample(file)));
  });

  it('an undocumented topic gets the first envelope sample around an empty object; overrides reach into the envelope; buildList is sequential', () => {
    const body = mod.storefrontEnvelopeFixture('store/app/uninstalled').sample();
    expect(body).toMatchObject({ scope: 'store/app/uninstalled', data: {}, store_id: '1025646' });
    expect(mod.storefrontEnvelopeFixture('store/product/updated').build({ store_id: '42', data: { name: 'Pinned' } }, { seed: 3 })).toMatchObject({ store_id: '42', data: { name: 'Pinned', status: expect.any(String) } });
    const list = mod.storefrontEnvelopeFixture('store/product/updated').buildList(3);
    expect(list.map((b: { data: { id: string } }) => b.data.id)).toEqual(['9007199254740993', '9007199254740994', '9007199254740995']);
    expect(() => mod.storefrontEnvelopeFixture('nope')).toThrow('unknown Storefront topic: nope');
  });

  it('a test request from a whole-body fixture is received back unchanged', async () => {
    const receiver = mod.createStorefrontReceiver({ secrets: SECRET });
    for (const topic of topics) {
      const body = mod.storefrontEnvelopeFixture(topic).build(undefined, { seed: 5 });
      const request = await mod.buildStorefrontTestRequest({ topic, payload: body.data, envelope: body, secret: SECRET });
      expect(request.headers['X-Storefront-Hmac-Sha256']).toBe(sign(request.body));
      expect(await receiver.receive(request)).toMatchObject({ ok: true, valid: true, topic, payload: body.data, envelope: body });
    }
  });
});

describe('schemas, shapes, catalog', () => {
  it('the JSON Schemas: the array model is an array, the envelope leaves its payload member open; Ajv (strict) takes the samples', () => {
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(out, 'storefront', 'schemas', `${name}.schema.json`), 'utf8'));
    const records = read('PriceRecords');
    expect(records).toMatchObject({ type: 'array', items: { $ref: '#/$defs/PriceRecord' } });
    const envelope = read('Envelope');
    expect(envelope.properties.data).toEqual({ description: expect.stringContaining("the topic's payload model types it") });
    expect(read('CartToken')).toMatchObject({ type: 'string' });
    const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
    const judges = new Map(['Envelope', 'PriceRecords', 'CartToken'].map((name) => [name, ajv.compile(read(name))]));
    for (const [name, file, pointer] of [['Envelope', 'product-updated', undefined], ['Envelope', 'price-records-updated', undefined], ['PriceRecords', 'price-records-updated', 'data'], ['CartToken', 'cart-converted', 'data']] as const) {
      const value = JSON.parse(sample(file));
      const judge = judges.get(name);
      expect(judge?.(pointer ? value[pointer] : value), `${name} ${file}: ${ajv.errorsText(judge?.errors)}`).toBe(true);
    }
    expect(judges.get('PriceRecords')?.([{ price_list_id: 3 }])).toBe(false);
  });

  it('shapes.txt lists the envelope and the array model (a root line for a non-object payload)', () => {
    const shapes = fs.readFileSync(path.join(out, 'storefront', 'shapes.txt'), 'utf8');
    expect(shapes).toContain('Envelope /data: JSON value\n');
    expect(shapes).toContain('PriceRecords (the payload): PriceRecord[]\nPriceRecords /*/currency: "USD" | "EUR"\n');
    expect(shapes).toContain('CartToken (the payload): string\n');
  });

  it('the catalog shows the envelope with its tree and example, and what kind an array payload is', () => {
    const md = fs.readFileSync(path.join(out, 'catalog', 'storefront.md'), 'utf8');
    expect(md).toContain("the envelope's own fields are typed and validated by the model Envelope (below)");
    expect(md).toMatch(/## Envelope: Envelope\n\nThe body of every delivery, around the payload at \/data\.\n\nEvery body is this object; the member at `\/data` is the topic's payload \(`StorefrontEnvelope<T>` types both\)\.\n\n- `created_at`: `integer`/);
    expect(md).toContain('Payload **PriceRecords**: The changed records of a price list.\n\nA JSON array: PriceRecord\\[\\].');
    const html = fs.readFileSync(path.join(out, 'catalog', 'index.html'), 'utf8');
    expect(html).toContain('<h3>Envelope: Envelope</h3>');
  });
});

describe('drift compares captured envelopes with the envelope model, payloads with theirs', () => {
  it('an envelope field retyped and one added, an array item retyped: each finding under its model', async () => {
    const dir = tempDir();
    // edited as text: the 64-bit ids keep every digit (a JSON round trip would round them, which drift reports)
    const body = sample('price-records-updated').replace('"store_id": "1025646"', '"store_id": 1025646, "retry": 2').replace('"price": 7.25', '"price": "7.25"');
    fs.writeFileSync(path.join(dir, 'capture.json'), body);
    const r = await drift({ root: fixtureRoot, provider: 'storefront', inputs: [dir] });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.kind, f.topic, f.model, f.path])).toEqual([
      ['retyped', 'priceList/records/updated', 'PriceRecords', '/*/price'],
      ['retyped', 'priceList/records/updated', 'Envelope', '/store_id'],
      ['added', 'priceList/records/updated', 'Envelope', '/retry'],
    ]);
    // a rounded 64-bit id in the envelope is found in the envelope, one in an item in the payload
    fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(JSON.parse(sample('price-records-updated'))));
    const rounded = await drift({ root: fixtureRoot, provider: 'storefront', inputs: [dir] });
    expect(rounded.findings.map((f) => [f.kind, f.model, f.path])).toEqual([
      ['rounded', 'PriceRecords', '/*/variant_id'],
      ['rounded', 'Envelope', '/event_id'],
    ]);
  });

  it('the samples themselves have no drift', async () => {
    const r = await drift({ root: fixtureRoot, provider: 'storefront', inputs: [samplesDir] });
    expect(r.errors).toEqual([]);
    expect(r.payloads).toBe(3);
    expect(r.findings).toEqual([]);
  });
});

describe('types (tsc, strict)', () => {
  it('the declarations type the envelope per topic, array and scalar payloads, and the envelope fixture', () => {
    const dir = path.dirname(out);
    fs.writeFileSync(
      path.join(dir, 'usage.ts'),
      `import {
  buildStorefrontTestRequest,
  createStorefrontReceiver,
  parseStorefrontEnvelope,
  storefrontEnvelopeFixture,
  storefrontFixture,
  validateStorefrontEnvelope,
  type JsonObject,
  type PriceRecords,
  type StorefrontEnvelope,
  type StorefrontPayload,
  type StorefrontPayloadField,
  type StorefrontReceiveResult,
} from './generated/storefront/index.js';

export async function use(result: StorefrontReceiveResult): Promise<void> {
  if (result.ok && result.valid && result.topic === 'priceList/records/updated') {
    const records: PriceRecords = result.payload;
    const variant: string | undefined = records[0]?.variant_id;
    const envelope: StorefrontEnvelope<'priceList/records/updated'> = result.envelope;
    const scope: 'priceList/records/updated' = envelope.scope;
    const storeId: string = envelope.store_id;
    const createdAt: number = envelope.created_at;
    const data: PriceRecords = envelope.data;
    void [variant, scope, storeId, createdAt, data];
  }
  if (result.ok && result.valid && result.topic === 'store/cart/converted') {
    const token: string = result.payload;
    // @ts-expect-error the topic field holds this topic, not another
    const wrong: 'store/product/updated' = result.envelope.scope;
    void [token, wrong];
  }
  if (result.ok && !result.valid) {
    const envelope: JsonObject = result.envelope;
    // @ts-expect-error an unvalidated envelope is plain JSON
    const storeId: string = result.envelope.store_id;
    void [envelope, storeId];
  }
  // an array or scalar payload has no fields to register a webhook with
  const none: [StorefrontPayloadField<'priceList/records/updated'>] extends [never] ? true : false = true;
  const some: StorefrontPayloadField<'store/product/updated'> = 'price';
  const payload: StorefrontPayload<'store/cart/converted'> = 'cart-1';
  const parsed = parseStorefrontEnvelope('store/product/updated', '{}');
  const status: 'active' | 'draft' = parsed.data.status;
  const body = storefrontEnvelopeFixture('priceList/records/updated').build({ store_id: '7' });
  const price: number | undefined = body.data[0]?.price;
  const checked = validateStorefrontEnvelope('store/product/updated', body);
  if (checked.ok) {
    const name: string = checked.value.data.name;
    void name;
  }
  await buildStorefrontTestRequest({ topic: 'store/cart/converted', payload: storefrontFixture('store/cart/converted').build(), envelope: storefrontEnvelopeFixture('store/cart/converted').sample(), secret: 's' });
  // @ts-expect-error the payload of an array topic is an array
  await buildStorefrontTestRequest({ topic: 'priceList/records/updated', payload: {}, secret: 's' });
  void [none, some, payload, status, price, createStorefrontReceiver];
}
`,
    );
    const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.generated.json'), 'utf8'));
    config.include = ['generated/**/*.d.ts', 'usage.ts'];
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  }, 120_000);

  it("the guards' TypeScript source (root checks of array and scalar models, the envelope validator) type-checks in place of its .js/.d.ts", async () => {
    const { providers, problems } = loadSpec(fixtureRoot, 'spec');
    const model = await buildModel(providers, problems, createCache({ enabled: false }));
    expect(problems).toEqual([]);
    const dir = tempDir();
    fs.cpSync(out, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'storefront', 'guards.js'));
    fs.rmSync(path.join(dir, 'storefront', 'guards.d.ts'));
    fs.writeFileSync(path.join(dir, 'storefront', 'guards.ts'), guardsSource(model.providers[0]!, await loadCodeBuilder()));
    const options = { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, types: [], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['storefront/guards.ts'] }));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8', timeout: 120_000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
