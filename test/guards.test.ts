// The generated runtime guards (generated/<provider>/guards.js): isX / validateX / assertX /
// XSchema per payload model and the per-provider topic functions. They must mean exactly what
// the emitted JSON Schemas mean, so Ajv (draft 2020-12, strict, full formats) is the judge
// wherever a verdict is compared. Strict mode is compared against a copy of the schema in
// which every object schema with `properties` and no `additionalProperties` is closed.
//
// Every sample passes; hand-written invalid payloads give the exact issues; topic-level
// functions; assert ↔ validate; adversarial inputs (non-objects, __proto__ keys, huge strings,
// deep nesting). The randomized differential test is test/guards.fuzz.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';
import { generate } from '../src/generate.js';
import * as spiffyModule from '../generated/spiffy/index.js';
import * as cratejoyModule from '../generated/cratejoy/index.js';
import { ValidationError } from '../generated/runtime/validate.js';
import { int64ToString, parseLossless } from '../generated/runtime/json.js';
import { parsedFormSchema } from './helpers/int64.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// shared helpers

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Issue = { path: string; expected: string; received: string; message: string };
type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };
type Opts = { strict?: boolean };
type Schema = Record<string, any>;
type Case<G, W> = [name: string, c: { given: G; want: W }];

/** The public API of one generated provider module, looked up by name. */
interface Provider {
  id: string; // spiffy
  prefix: string; // Spiffy
  specDir: string; // absolute spec/<id>
  schemaDir: string; // absolute generated/<id>/schemas
  mod: Record<string, any>;
  topicModels: Record<string, readonly string[]>;
}

interface ModelApi {
  is(v: unknown, o?: Opts): boolean;
  validate(v: unknown, o?: Opts): Result;
  assert(v: unknown, o?: Opts): void;
  schema: { '~standard': { version: number; vendor: string; validate(v: unknown): any } };
}

function api(p: Provider, model: string): ModelApi {
  const get = (name: string) => {
    const f = p.mod[name];
    if (f === undefined) throw new Error(`test setup: ${p.id} exports no ${name}`);
    return f;
  };
  return { is: get(`is${model}`), validate: get(`validate${model}`), assert: get(`assert${model}`), schema: get(`${model}Schema`) };
}

function payloadApi(p: Provider) {
  const lower = p.prefix[0].toLowerCase() + p.prefix.slice(1);
  return {
    is: p.mod[`is${p.prefix}Payload`] as (t: string, v: unknown, o?: Opts) => boolean,
    validate: p.mod[`validate${p.prefix}Payload`] as (t: string, v: unknown, o?: Opts) => Result,
    assert: p.mod[`assert${p.prefix}Payload`] as (t: string, v: unknown, o?: Opts) => void,
    schema: p.mod[`${lower}PayloadSchema`] as (t: string, o?: Opts) => ModelApi['schema'],
    parse: p.mod[`parse${p.prefix}Body`] as (t: string, text: string) => unknown,
  };
}

const spiffy: Provider = {
  id: 'spiffy',
  prefix: 'Spiffy',
  specDir: join(REPO, 'spec/spiffy'),
  schemaDir: join(REPO, 'generated/spiffy/schemas'),
  mod: spiffyModule,
  topicModels: spiffyModule.spiffyTopicModels,
};
const cratejoy: Provider = {
  id: 'cratejoy',
  prefix: 'Cratejoy',
  specDir: join(REPO, 'spec/cratejoy'),
  schemaDir: join(REPO, 'generated/cratejoy/schemas'),
  mod: cratejoyModule,
  topicModels: cratejoyModule.cratejoyTopicModels,
};

/** Model name → its sample files (relative to the provider's spec dir), from models/*.yaml. */
function modelsOf(specDir: string): [model: string, samples: string[]][] {
  return readdirSync(join(specDir, 'models'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const m = YAML.parse(readFileSync(join(specDir, 'models', f), 'utf8')) as { model: string; samples: string[] };
      return [m.model, m.samples];
    });
}

/** Topics whose payload includes `model`; the single-model ones first. */
function topicsOf(p: Provider, model: string): string[] {
  const all = Object.keys(p.topicModels).filter((t) => p.topicModels[t].includes(model));
  return [...all.filter((t) => p.topicModels[t].length === 1), ...all.filter((t) => p.topicModels[t].length > 1)];
}

/** A sample as a receiver sees it: .json through the generated body parser of a topic of the model. */
function loadSample(p: Provider, model: string, file: string): Json {
  const text = readFileSync(join(p.specDir, file), 'utf8');
  if (file.endsWith('.yaml')) return YAML.parse(text) as Json;
  const topic = topicsOf(p, model)[0];
  if (topic !== undefined) return payloadApi(p).parse(topic, text) as Json;
  // a model no topic delivers (Cratejoy Address): parsed as a receiver would parse it, with its
  // own 64-bit paths (the provider's id policy makes its `id` one)
  const value = parseLossless(text);
  const lower = p.prefix[0]!.toLowerCase() + p.prefix.slice(1);
  for (const path of (p.mod[`${lower}Int64Paths`] as Record<string, string[][]>)[model] ?? []) int64ToString(value, path, 0);
  return value as Json;
}

const sampleCache = new Map<string, Json>();
/** A fresh deep copy of sample `index` of a model. */
function sample(p: Provider, model: string, index = 0): any {
  const key = `${p.id}/${model}/${index}`;
  if (!sampleCache.has(key)) {
    const files = modelsOf(p.specDir).find(([m]) => m === model)?.[1];
    if (!files?.[index]) throw new Error(`test setup: no sample ${index} of ${p.id} ${model}`);
    sampleCache.set(key, loadSample(p, model, files[index]));
  }
  return structuredClone(sampleCache.get(key));
}

/** A copy of a sample, changed by `change`. */
function edit(p: Provider, model: string, change: (v: any) => void, index = 0): any {
  const v = sample(p, model, index);
  change(v);
  return v;
}

/** A model's emitted schema, read for the parsed form the validators check (64-bit integers as digit strings only). */
function readSchema(p: Provider, model: string): Schema {
  return parsedFormSchema(JSON.parse(readFileSync(join(p.schemaDir, `${model}.schema.json`), 'utf8')));
}

const OTHER_APPLICATORS = ['allOf', 'oneOf', 'not', 'if', 'then', 'else', 'prefixItems', 'contains', 'patternProperties', 'propertyNames', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems'];

/** The strict-mode reading of a schema: every object schema with `properties` and no `additionalProperties` is closed. */
function strictSchema(node: Schema): Schema {
  for (const k of OTHER_APPLICATORS) if (k in node) throw new Error(`test setup: strictSchema does not handle ${k}`);
  const out: Schema = { ...node };
  const map = (o: Record<string, Schema>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, strictSchema(v)]));
  if (node.properties) {
    out.properties = map(node.properties);
    if (node.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (node.$defs) out.$defs = map(node.$defs);
  if (node.items) out.items = strictSchema(node.items);
  if (node.anyOf) out.anyOf = node.anyOf.map(strictSchema);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = strictSchema(node.additionalProperties);
  return out;
}

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2020) => void;
function newAjv() {
  const a = new Ajv2020({ strict: true, allErrors: true });
  addFormats(a);
  return a;
}
const ajvCache = new Map<string, (v: unknown) => boolean>();
/** Ajv's verdict on `v` for a model, in default or strict mode. */
function ajvJudge(p: Provider, model: string, strict: boolean): (v: unknown) => boolean {
  const key = `${p.id}/${model}/${strict}`;
  let f = ajvCache.get(key);
  if (!f) {
    const schema = readSchema(p, model);
    const compiled = newAjv().compile(strict ? strictSchema(schema) : schema);
    f = (v) => compiled(v) as boolean;
    ajvCache.set(key, f);
  }
  return f;
}

/** RFC 6901 pointer → Standard Schema path segments (array indexes as numbers). */
function segments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function issuesOf(r: Result): Issue[] {
  return r.ok ? [] : r.issues;
}

function caught(f: () => void): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the test-only provider: generated into a temp folder from test/fixtures

const ACME_SPEC = join(REPO, 'test/fixtures/spec/acme');
const acme: Provider = {
  id: 'acme',
  prefix: 'Acme',
  specDir: ACME_SPEC,
  schemaDir: '', // set in beforeAll
  mod: {},
  topicModels: {},
};
let acmeOut = '';
const byId: Record<string, Provider> = { spiffy, cratejoy, acme };

/** Generates test/fixtures into a temp folder and loads its acme package. */
async function generateAcme() {
  acmeOut = mkdtempSync(join(tmpdir(), 'webhook-typegen-guards-'));
  const r = await generate({ root: join(REPO, 'test/fixtures'), outDir: acmeOut, cache: false });
  if (!r.ok) throw new Error(`generating test/fixtures failed: ${JSON.stringify(r.problems)}`);
  // the guards module itself, plus the package entry for the body parser and the topic table
  acme.mod = { ...(await import(pathToFileURL(join(acmeOut, 'acme/index.js')).href)), ...(await import(pathToFileURL(join(acmeOut, 'acme/guards.js')).href)) };
  acme.topicModels = acme.mod.acmeTopicModels;
  acme.schemaDir = join(acmeOut, 'acme/schemas');
}

// ---------------------------------------------------------------------------------------------
// every sample is valid, through every entry point, in default and strict mode

const providers: [string, Provider][] = [
  ['spiffy', spiffy],
  ['cratejoy', cratejoy],
  ['acme (test/fixtures, generated to a temp folder)', acme],
];

describe.each(providers)('samples of %s pass', (_, p) => {
  if (p === acme) {
    beforeAll(generateAcme, 120_000);
    afterAll(() => {
      if (acmeOut) rmSync(acmeOut, { recursive: true, force: true });
    });
  }
  const rows = modelsOf(p.specDir).flatMap(([model, files]) => files.map((file) => [`${model} ← ${file}`, model, file] as const));

  it('has samples', () => expect(rows.length).toBeGreaterThan(0));

  it.each(rows)('%s', (_, model, file) => {
    const v = loadSample(p, model, file);
    const m = api(p, model);
    const P = payloadApi(p);
    const topics = topicsOf(p, model);
    for (const strict of [false, true]) {
      const o = { strict };
      expect({ strict, ajv: ajvJudge(p, model, strict)(v) }).toEqual({ strict, ajv: true }); // the schema judge agrees
      expect({ strict, issues: issuesOf(m.validate(v, o)).map((i) => i.message) }).toEqual({ strict, issues: [] });
      expect(m.is(v, o)).toBe(true);
      const r = m.validate(v, o);
      expect(r).toEqual({ ok: true, value: v });
      expect(r.ok && r.value).toBe(v);
      expect(() => m.assert(v, o)).not.toThrow();
      for (const topic of topics) {
        expect(P.is(topic, v, o)).toBe(true);
        expect(P.validate(topic, v, o)).toEqual({ ok: true, value: v });
        expect(() => P.assert(topic, v, o)).not.toThrow();
        expect(P.schema(topic, o)['~standard'].validate(v)).toEqual({ value: v });
      }
    }
    const std = m.schema['~standard'];
    expect(std.version).toBe(1);
    expect(std.vendor).toBe('webhook-typegen');
    expect(std.validate(v)).toEqual({ value: v });
  });
});

// ---------------------------------------------------------------------------------------------
// invalid payloads: the exact issues

type Want = [path: string, message: string][];
interface InvalidCase {
  given: unknown;
  strict?: boolean;
  want: Want;
  /**
   * Every issue is an integer number at a 64-bit integer field: what a framework's JSON.parse
   * hands over. The Standard Schema objects accept it, and hand on a copy with digit strings.
   */
  numbersAtInt64?: true;
}

/** A copy of `value` with the numbers at these concrete pointers as their decimal strings. */
function withDigitStrings(value: unknown, pointers: readonly string[]): unknown {
  const copy: any = structuredClone(value);
  for (const pointer of pointers) {
    const keys = segments(pointer);
    const last = keys.pop()!;
    let parent = copy;
    for (const k of keys) parent = parent[k];
    if (typeof parent[last] !== 'number') throw new Error(`test setup: ${pointer} is not a number`);
    parent[last] = String(parent[last]);
  }
  return copy;
}

/** Checks one invalid payload through every entry point of its model. */
function checkInvalid(p: Provider, model: string, { given, strict = false, want, numbersAtInt64 }: InvalidCase) {
  const m = api(p, model);
  const o = { strict };
  const r = m.validate(given, o);
  expect(r.ok).toBe(false);
  const issues = issuesOf(r);
  expect(issues.map((i) => [i.path, i.message])).toEqual(want);
  for (const i of issues) expect(i.message).toBe(`${i.path || '/'}: expected ${i.expected}, received ${i.received}`);
  expect(m.is(given, o)).toBe(false);
  expect(ajvJudge(p, model, strict)(given)).toBe(false);
  const e = caught(() => m.assert(given, o));
  expect(e).toBeInstanceOf(ValidationError);
  expect((e as ValidationError).issues).toEqual(issues);
  const before = structuredClone(given);
  const std = numbersAtInt64 ? { value: withDigitStrings(given, want.map(([path]) => path)) } : { issues: want.map(([path, message]) => ({ message, path: segments(path) })) };
  if (!strict) expect(m.schema['~standard'].validate(given)).toEqual(std);
  const topic = topicsOf(p, model).find((t) => p.topicModels[t].length === 1);
  if (topic) {
    const P = payloadApi(p);
    expect(P.validate(topic, given, o)).toEqual({ ok: false, issues });
    expect(P.is(topic, given, o)).toBe(false);
    expect(P.schema(topic, o)['~standard'].validate(given)).toEqual(std);
  }
  // the Standard Schema objects hand on a copy: the input is never changed
  expect(given).toEqual(before);
}

/** A payload the inference policy accepts: every entry point of its model and Ajv say valid. */
function checkValidUnderPolicy(p: Provider, model: string, given: unknown) {
  const m = api(p, model);
  expect(m.validate(given)).toEqual({ ok: true, value: given });
  expect(m.is(given)).toBe(true);
  expect(ajvJudge(p, model, false)(given)).toBe(true);
  expect(m.schema['~standard'].validate(given)).toEqual({ value: given });
  expect(() => m.assert(given)).not.toThrow();
}

const S = (model: string, change: (v: any) => void, index = 0) => edit(spiffy, model, change, index);
const C = (model: string, change: (v: any) => void, index = 0) => edit(cratejoy, model, change, index);

/** A valid Spiffy Customer address (the sample has none). */
const spiffyAddress = () => ({
  address1: null,
  address2: null,
  city: null,
  company: null,
  country: null,
  country_code: null,
  country_name: null,
  default: true,
  first_name: null,
  id: null,
  last_name: null,
  name: null,
  phone: null,
  province: null,
  province_code: null,
  zip: null,
});

const invalid: Record<string, [Provider, [string, InvalidCase][]]> = {
  // ------------------------------------------------------------------ Spiffy
  'spiffy Cart': [
    spiffy,
    [
      ['a price as a number', { given: S('Cart', (v) => (v.line_items[0].price = 19.99)), want: [['/line_items/0/price', '/line_items/0/price: expected string | null, received number']] }],
      [
        'a 64-bit product id as a number',
        { given: S('Cart', (v) => (v.line_items[0].product_id = 632910392)), want: [['/line_items/0/product_id', '/line_items/0/product_id: expected digit string (64-bit integer) | null, received integer']], numbersAtInt64: true },
      ],
      [
        'a 64-bit product id that is not digits',
        { given: S('Cart', (v) => (v.line_items[0].product_id = '6329103.92')), want: [['/line_items/0/product_id', '/line_items/0/product_id: expected digit string (64-bit integer) | null, received "6329103.92"']] },
      ],
      [
        'a non-string value in the properties map',
        { given: S('Cart', (v) => (v.line_items[0].properties = { engraving: 'Bob', gift_wrap: true })), want: [['/line_items/0/properties/gift_wrap', '/line_items/0/properties/gift_wrap: expected string, received boolean']] },
      ],
      ['an extra key (strict)', { given: S('Cart', (v) => (v.note = 'hi')), strict: true, want: [['/note', '/note: expected absent (not in the spec; strict mode), received string']] }],
    ],
  ],
  'spiffy Checkout': [
    spiffy,
    [
      ['closed_at not a date-time', { given: S('Checkout', (v) => (v.closed_at = 'yesterday')), want: [['/closed_at', '/closed_at: expected date-time string | null, received "yesterday"']] }],
      ['the 64-bit id as a number', { given: S('Checkout', (v) => (v.id = 327474488104976)), want: [['/id', '/id: expected digit string (64-bit integer), received integer']], numbersAtInt64: true }],
      [
        'a tax rate as a string, deep in a line item',
        { given: S('Checkout', (v) => (v.line_items[1].tax_lines = [{ price: '1.00', rate: '0.06', title: 'VAT' }])), want: [['/line_items/1/tax_lines/0/rate', '/line_items/1/tax_lines/0/rate: expected number | null, received string']] },
      ],
      ['line item properties as an array', { given: S('Checkout', (v) => (v.line_items[0].properties = [])), want: [['/line_items/0/properties', '/line_items/0/properties: expected object | null, received array']] }],
    ],
  ],
  'spiffy Collection': [
    spiffy,
    [
      ['published_at on February 30', { given: S('Collection', (v) => (v.published_at = '2017-02-30T00:00:00Z')), want: [['/published_at', '/published_at: expected date-time string | null, received "2017-02-30T00:00:00Z"']] }],
      ['the 64-bit id as a number', { given: S('Collection', (v) => (v.id = 841564295)), want: [['/id', '/id: expected digit string (64-bit integer), received integer']], numbersAtInt64: true }],
      ['template_suffix as a number', { given: S('Collection', (v) => (v.template_suffix = 7)), want: [['/template_suffix', '/template_suffix: expected string | null, received integer']] }],
      [
        'a numeric title and a boolean handle',
        {
          given: S('Collection', (v) => {
            v.title = 5;
            v.handle = false;
          }),
          want: [
            ['/handle', '/handle: expected string | null, received boolean'],
            ['/title', '/title: expected string | null, received integer'],
          ],
        },
      ],
    ],
  ],
  'spiffy CollectionPublication': [
    spiffy,
    [
      [
        'the default image a string (object or null)',
        {
          given: S('CollectionPublication', (v) => (v.collection_listing.default_product_image = 'img.png')),
          want: [['/collection_listing/default_product_image', '/collection_listing/default_product_image: expected CollectionPublicationCollectionListingDefaultProductImage | null, received string']],
        },
      ],
      [
        'a non-digit string among the variant ids of the default image (64-bit ids, by the id policy)',
        {
          given: S(
            'CollectionPublication',
            (v) =>
              (v.collection_listing.default_product_image = {
                created_at: '2017-03-20T16:04:30-04:00',
                id: '1',
                position: 1,
                product_id: '327474488104976386',
                src: '//cdn/x.png',
                updated_at: null,
                variant_ids: ['1', 'x2'],
              }),
          ),
          want: [['/collection_listing/default_product_image/variant_ids/1', '/collection_listing/default_product_image/variant_ids/1: expected digit string (64-bit integer), received "x2"']],
        },
      ],
      [
        'an extra key in the listing (strict)',
        { given: S('CollectionPublication', (v) => (v.collection_listing.published = true)), strict: true, want: [['/collection_listing/published', '/collection_listing/published: expected absent (not in the spec; strict mode), received boolean']]},
      ],
    ],
  ],
  'spiffy Customer': [
    spiffy,
    [
      ['a fractional orders_count', { given: S('Customer', (v) => (v.orders_count = 1.5)), want: [['/orders_count', '/orders_count: expected integer | null, received number']] }],
      ['updated_at without a time zone', { given: S('Customer', (v) => (v.updated_at = '2017-03-20 16:04:30')), want: [['/updated_at', '/updated_at: expected date-time string | null, received "2017-03-20 16:04:30"']] }],
      [
        'a string `default` in the second address',
        { given: S('Customer', (v) => (v.addresses = [spiffyAddress(), { ...spiffyAddress(), default: 'yes' }])), want: [['/addresses/1/default', '/addresses/1/default: expected boolean | null, received string']] },
      ],
    ],
  ],
  'spiffy CustomerSavedSearch': [
    spiffy,
    [
      ['the id as a non-digit string', { given: S('CustomerSavedSearch', (v) => (v.id = '775454534a')), want: [['/id', '/id: expected digit string (64-bit integer), received "775454534a"']] }],
      ['created_at without an offset', { given: S('CustomerSavedSearch', (v) => (v.created_at = '2017-03-20T16:04:30')), want: [['/created_at', '/created_at: expected date-time string | null, received "2017-03-20T16:04:30"']] }],
      ['an array', { given: [], want: [['', '/: expected CustomerSavedSearch, received array']] }],
    ],
  ],
  'spiffy DraftOrder': [
    spiffy,
    [
      [
        'a numeric value_type in a line item discount',
        {
          given: S('DraftOrder', (v) => (v.line_items[2].applied_discount = { amount: '1.00', description: '', title: 'x', value: '1.0', value_type: 5 })),
          want: [['/line_items/2/applied_discount/value_type', '/line_items/2/applied_discount/value_type: expected string | null, received integer']],
        },
      ],
      ['a 64-bit product id as a number', { given: S('DraftOrder', (v) => (v.line_items[0].product_id = 632910392)), want: [['/line_items/0/product_id', '/line_items/0/product_id: expected digit string (64-bit integer) | null, received integer']], numbersAtInt64: true }],
      [
        'a numeric status and a string taxes_included (issues in key order)',
        {
          given: S('DraftOrder', (v) => {
            v.taxes_included = 'false';
            v.status = 1;
          }),
          want: [
            ['/status', '/status: expected string | null, received integer'],
            ['/taxes_included', '/taxes_included: expected boolean | null, received string'],
          ],
        },
      ],
    ],
  ],
  'spiffy Fulfillment': [
    spiffy,
    [
      ['a number among tracking numbers', { given: S('Fulfillment', (v) => v.tracking_numbers.push(12)), want: [['/tracking_numbers/1', '/tracking_numbers/1: expected string, received integer']] }],
      ['a variant id as a fraction', { given: S('Fulfillment', (v) => (v.line_items[1].variant_id = 808950811.5)), want: [['/line_items/1/variant_id', '/line_items/1/variant_id: expected digit string (64-bit integer) | null, received number']] }],
      ['latitude as a string', { given: S('Fulfillment', (v) => (v.destination.latitude = '45.4')), want: [['/destination/latitude', '/destination/latitude: expected number | null, received string']] }],
    ],
  ],
  'spiffy FulfillmentEvent': [
    spiffy,
    [
      ['happened_at at hour 25', { given: S('FulfillmentEvent', (v) => (v.happened_at = '2017-03-20T25:04:31-04:00')), want: [['/happened_at', '/happened_at: expected date-time string | null, received "2017-03-20T25:04:31-04:00"']] }],
      ['latitude a boolean', { given: S('FulfillmentEvent', (v) => (v.latitude = true)), want: [['/latitude', '/latitude: expected number | null, received boolean']] }],
      ['an extra key (strict)', { given: S('FulfillmentEvent', (v) => (v.carrier = null)), strict: true, want: [['/carrier', '/carrier: expected absent (not in the spec; strict mode), received null']] }],
    ],
  ],
  'spiffy Order': [
    spiffy,
    [
      ['no id (the payload\'s own id stays required)', { given: S('Order', (v) => delete v.id), want: [['/id', '/id: expected digit string (64-bit integer), received missing']] }],
      ['id null (the payload\'s own id stays non-null)', { given: S('Order', (v) => (v.id = null)), want: [['/id', '/id: expected digit string (64-bit integer), received null']] }],
      ['a line item price as a number', { given: S('Order', (v) => (v.line_items[0].price = 199)), want: [['/line_items/0/price', '/line_items/0/price: expected string | null, received integer']] }],
      ['closed_at not a date-time', { given: S('Order', (v) => (v.closed_at = 'yesterday')), want: [['/closed_at', '/closed_at: expected date-time string | null, received "yesterday"']] }],
      ['the 64-bit checkout id as a number', { given: S('Order', (v) => (v.checkout_id = 901414060)), want: [['/checkout_id', '/checkout_id: expected digit string (64-bit integer) | null, received integer']], numbersAtInt64: true }],
      ['payment_gateway_names a string', { given: S('Order', (v) => (v.payment_gateway_names = 'visa')), want: [['/payment_gateway_names', '/payment_gateway_names: expected string[] | null, received string']] }],
    ],
  ],
  'spiffy OrderTransaction': [
    spiffy,
    [
      ['the card number as a number', { given: S('OrderTransaction', (v) => (v.payment_details.credit_card_number = 1234)), want: [['/payment_details/credit_card_number', '/payment_details/credit_card_number: expected string | null, received integer']] }],
      ['receipt an array', { given: S('OrderTransaction', (v) => (v.receipt = [])), want: [['/receipt', '/receipt: expected object | null, received array']] }],
      ['test a string', { given: S('OrderTransaction', (v) => (v.test = 'false')), want: [['/test', '/test: expected boolean | null, received string']] }],
      ['created_at empty', { given: S('OrderTransaction', (v) => (v.created_at = '')), want: [['/created_at', '/created_at: expected date-time string | null, received ""']] }],
    ],
  ],
  'spiffy Product': [
    spiffy,
    [
      ['the 64-bit id as a number', { given: S('Product', (v) => (v.id = 327475578523353)), want: [['/id', '/id: expected digit string (64-bit integer), received integer']], numbersAtInt64: true }],
      ['image a string', { given: S('Product', (v) => (v.image = 'x.png')), want: [['/image', '/image: expected ProductMainImage | null, received string']] }],
      ['a variant weight as a string', { given: S('Product', (v) => (v.variants[1].weight = '0.44')), want: [['/variants/1/weight', '/variants/1/weight: expected number | null, received string']] }],
      ['a null option value', { given: S('Product', (v) => v.options[0].values.push(null)), want: [['/options/0/values/2', '/options/0/values/2: expected string, received null']] }],
    ],
  ],
  'spiffy ProductPublication': [
    spiffy,
    [
      ['the listing a string', { given: S('ProductPublication', (v) => (v.product_listing = 'listing')), want: [['/product_listing', '/product_listing: expected ProductPublicationProductListing | null, received string']] }],
      [
        'an option id as a boolean, four levels down',
        {
          given: S('ProductPublication', (v) => (v.product_listing.variants[0].option_values[0].option_id = true)),
          want: [['/product_listing/variants/0/option_values/0/option_id', '/product_listing/variants/0/option_values/0/option_id: expected digit string (64-bit integer) | null, received boolean']],
        },
      ],
      ['available as 1', { given: S('ProductPublication', (v) => (v.product_listing.available = 1)), want: [['/product_listing/available', '/product_listing/available: expected boolean | null, received integer']] }],
    ],
  ],
  'spiffy Refund': [
    spiffy,
    [
      ['no id', { given: S('Refund', (v) => delete v.id), want: [['/id', '/id: expected digit string (64-bit integer), received missing']] }],
      [
        'a 64-bit product id as a number, deep in a refund line item',
        {
          given: S('Refund', (v) => (v.refund_line_items[1].line_item.product_id = 632910392)),
          want: [['/refund_line_items/1/line_item/product_id', '/refund_line_items/1/line_item/product_id: expected digit string (64-bit integer) | null, received integer']], numbersAtInt64: true,
        },
      ],
      ['a transaction created_at "now"', { given: S('Refund', (v) => (v.transactions[0].created_at = 'now')), want: [['/transactions/0/created_at', '/transactions/0/created_at: expected date-time string | null, received "now"']] }],
    ],
  ],
  'spiffy Shop': [
    spiffy,
    [
      ['county_taxes a string', { given: S('Shop', (v) => (v.county_taxes = 'yes')), want: [['/county_taxes', '/county_taxes: expected boolean | null, received string']] }],
      ['id null', { given: S('Shop', (v) => (v.id = null)), want: [['/id', '/id: expected digit string (64-bit integer), received null']] }],
      ['created_at in month 13', { given: S('Shop', (v) => (v.created_at = '2017-13-01T00:00:00Z')), want: [['/created_at', '/created_at: expected date-time string | null, received "2017-13-01T00:00:00Z"']] }],
      ['an extra key (strict)', { given: S('Shop', (v) => (v.plan = { name: 'basic' })), strict: true, want: [['/plan', '/plan: expected absent (not in the spec; strict mode), received object']] }],
    ],
  ],
  'spiffy Theme': [
    spiffy,
    [
      ['id a word', { given: S('Theme', (v) => (v.id = 'one')), want: [['/id', '/id: expected digit string (64-bit integer) | null, received "one"']] }],
      ['a leap second that is not 23:59:60 UTC', { given: S('Theme', (v) => (v.updated_at = '2017-03-20T16:02:60-04:00')), want: [['/updated_at', '/updated_at: expected date-time string | null, received "2017-03-20T16:02:60-04:00"']] }],
      ['null', { given: null, want: [['', '/: expected Theme, received null']] }],
    ],
  ],
  // ------------------------------------------------------------------ Cratejoy
  'cratejoy Address': [
    cratejoy,
    [
      ['a misspelt type', { given: C('Address', (v) => (v.type = 'adress')), want: [['/type', '/type: expected "address", received "adress"']] }],
      ['status as a string', { given: C('Address', (v) => (v.status = '0')), want: [['/status', '/status: expected integer | null, received string']] }],
      ['status_message a number', { given: C('Address', (v) => (v.status_message = 5)), want: [['/status_message', '/status_message: expected string | null, received integer']] }],
      ['an extra key (strict)', { given: C('Address', (v) => (v.lat = 1.5)), strict: true, want: [['/lat', '/lat: expected absent (not in the spec; strict mode), received number']] }],
    ],
  ],
  'cratejoy Customer': [
    cratejoy,
    [
      ['email a number', { given: C('Customer', (v) => (v.email = 42)), want: [['/email', '/email: expected string | null, received integer']] }],
      ['the _md relation a number (object or URL)', { given: C('Customer', (v) => (v._md = 5)), want: [['/_md', '/_md: expected CustomerMetadata | string | null, received integer']] }],
      ['the addresses relation an object', { given: C('Customer', (v) => (v.addresses = {})), want: [['/addresses', '/addresses: expected CustomerAddress[] | string | null, received object']] }],
      ['a zip code as a number in the second address', { given: C('Customer', (v) => (v.addresses[1].zip_code = 78701)), want: [['/addresses/1/zip_code', '/addresses/1/zip_code: expected string | null, received integer']] }],
      ['metadata created_at on February 30', { given: C('Customer', (v) => (v._md.created_at = '2017-02-30T00:00:00Z')), want: [['/_md/created_at', '/_md/created_at: expected date-time string, received "2017-02-30T00:00:00Z"']] }],
      ['metadata updated_at a float (date-time or epoch integer)', { given: C('Customer', (v) => (v._md.updated_at = 1.5)), want: [['/_md/updated_at', '/_md/updated_at: expected integer, received number']] }],
      ['no type', { given: C('Customer', (v) => delete v.type), want: [['/type', '/type: expected "customer", received missing']] }],
      ['a wrong type', { given: C('Customer', (v) => (v.type = 'order')), want: [['/type', '/type: expected "customer", received "order"']] }],
    ],
  ],
  'cratejoy Design': [
    cratejoy,
    [
      ['theme_name a number', { given: C('Design', (v) => (v.theme_name = 1)), want: [['/theme_name', '/theme_name: expected string | null, received integer']] }],
      ['a string', { given: 'mytheme', want: [['', '/: expected Design, received string']] }],
      ['an extra key (strict)', { given: C('Design', (v) => (v.user = 'me')), strict: true, want: [['/user', '/user: expected absent (not in the spec; strict mode), received string']] }],
    ],
  ],
  'cratejoy Inventory': [
    cratejoy,
    [
      ['type capitalised', { given: C('Inventory', (v) => (v.type = 'Inventory')), want: [['/type', '/type: expected "inventory", received "Inventory"']] }],
      ['quantity_on_hand a string', { given: C('Inventory', (v) => (v.quantity_on_hand = '42')), want: [['/quantity_on_hand', '/quantity_on_hand: expected integer | null, received string']] }],
      ['confidence a float', { given: C('Inventory', (v) => (v.confidence = 10.5)), want: [['/confidence', '/confidence: expected integer | null, received number']] }],
      ['no id', { given: C('Inventory', (v) => delete v.id), want: [['/id', '/id: expected digit string (64-bit integer), received missing']] }],
    ],
  ],
  'cratejoy Order': [
    cratejoy,
    [
      ['an unknown status', { given: C('Order', (v) => (v.status = 'pending')), want: [['/status', '/status: expected "open" | "closed" | null, received "pending"']] }],
      ['the customer relation a number (object or URL)', { given: C('Order', (v) => (v.customer = 5)), want: [['/customer', '/customer: expected OrderCustomer | string | null, received integer']] }],
      ['transaction_fee_status out of its enum', { given: C('Order', (v) => (v.transaction_fee_status = 4)), want: [['/transaction_fee_status', '/transaction_fee_status: expected 1 | 2 | 3 | null, received 4']] }],
      [
        'a product type deep in a cart product',
        { given: C('Order', (v) => (v.products[0].instance.product.type = 'products')), want: [['/products/0/instance/product/type', '/products/0/instance/product/type: expected "product", received "products"']] },
      ],
      ['placed_at not a date-time', { given: C('Order', (v) => (v.placed_at = 'yesterday')), want: [['/placed_at', '/placed_at: expected date-time string, received "yesterday"']] }],
      ['a string tax rate in the cart', { given: C('Order', (v) => v.cart.tax_rates.push('50')), want: [['/cart/tax_rates/2', '/cart/tax_rates/2: expected integer, received string']] }],
      ['the customer store_settings an array', { given: C('Order', (v) => (v.customer.store_settings = [])), want: [['/customer/store_settings', '/customer/store_settings: expected object | null, received array']] }],
    ],
  ],
  'cratejoy Product': [
    cratejoy,
    [
      ['an unknown ship_option', { given: C('Product', (v) => (v.ship_option = 'free')), want: [['/ship_option', '/ship_option: expected "flat" | "calculate" | "pricedin" | null, received "free"']] }],
      ['product_type out of its enum', { given: C('Product', (v) => (v.product_type = 3)), want: [['/product_type', '/product_type: expected 0 | 1 | 2 | null, received 3']] }],
      ['a term price as a string', { given: C('Product', (v) => (v.instances[0].term_prices[1].price = '3000')), want: [['/instances/0/term_prices/1/price', '/instances/0/term_prices/1/price: expected integer | null, received string']] }],
      ['a number among the images', { given: C('Product', (v) => (v.images = [{}, 1])), want: [['/images/1', '/images/1: expected object, received integer']] }],
    ],
  ],
  'cratejoy Shipment': [
    cratejoy,
    [
      ['an unknown status', { given: C('Shipment', (v) => (v.status = 'lost')), want: [['/status', '/status: expected "unshipped" | "shipped" | "cancelled" | null, received "lost"']] }],
      ['shipped_at "soon" (date-time, epoch integer or null)', { given: C('Shipment', (v) => (v.shipped_at = 'soon')), want: [['/shipped_at', '/shipped_at: expected date-time string, received "soon"']] }],
      ['shipped_at a boolean', { given: C('Shipment', (v) => (v.shipped_at = false)), want: [['/shipped_at', '/shipped_at: expected date-time string | integer | null, received boolean']] }],
      ['a fulfillment order relation a number', { given: C('Shipment', (v) => (v.fulfillments[0].order = 42)), want: [['/fulfillments/0/order', '/fulfillments/0/order: expected FulfillmentOrder | string | null, received integer']] }],
      [
        'a null image seven levels down',
        {
          given: C('Shipment', (v) => (v.fulfillments[0].instance.variants[0].variant_type.values[1].images = [null])),
          want: [['/fulfillments/0/instance/variants/0/variant_type/values/1/images/0', '/fulfillments/0/instance/variants/0/variant_type/values/1/images/0: expected object, received null']],
        },
      ],
    ],
  ],
  'cratejoy Subscription': [
    cratejoy,
    [
      ['end_date a boolean', { given: C('Subscription', (v) => (v.end_date = true)), want: [['/end_date', '/end_date: expected date-time string | integer | null, received boolean']] }],
      ['the term relation an array', { given: C('Subscription', (v) => (v.term = ['x'])), want: [['/term', '/term: expected SubscriptionTerm | string | null, received array']] }],
      ['the gift sender id a word', { given: C('Subscription', (v) => (v.subscription_gift_info.gift_sender.id = 'one')), want: [['/subscription_gift_info/gift_sender/id', '/subscription_gift_info/gift_sender/id: expected digit string (64-bit integer) | null, received "one"']] }],
      ['start_date without a time zone', { given: C('Subscription', (v) => (v.start_date = '2017-03-20T22:59:40')), want: [['/start_date', '/start_date: expected date-time string, received "2017-03-20T22:59:40"']] }],
    ],
  ],
  'cratejoy Transaction': [
    cratejoy,
    [
      ['no type (a constant stays required)', { given: C('Transaction', (v) => delete v.type), want: [['/type', '/type: expected "transaction", received missing']] }],
      ['result capitalised', { given: C('Transaction', (v) => (v.result = 'Captured')), want: [['/result', '/result: expected "authorized" | "captured" | "failed" | "refunded" | "failed refund" | null, received "Captured"']] }],
      ['the order fee status as a string', { given: C('Transaction', (v) => (v.order.transaction_fee_status = '1')), want: [['/order/transaction_fee_status', '/order/transaction_fee_status: expected 1 | 2 | 3 | null, received string']] }],
      ['total a string', { given: C('Transaction', (v) => (v.total = '4398')), want: [['/total', '/total: expected integer | null, received string']] }],
      ['the order relation a boolean', { given: C('Transaction', (v) => (v.order = true)), want: [['/order', '/order: expected TransactionOrder | string | null, received boolean']] }],
    ],
  ],
};

/**
 * Payloads that an `observed` inference policy would reject and the providers' policy
 * (`presence: optional`, `nulls: nullable`, spec/README.md "Inference policy") accepts: a field
 * a docs sample shows may be absent or null in a real delivery. Every entry point and Ajv agree.
 */
const loosened: [name: string, p: Provider, model: string, given: unknown][] = [
  ['no token', spiffy, 'Cart', S('Cart', (v) => delete v.token)],
  ['a discount with no title, deep in a line item', spiffy, 'Cart', S('Cart', (v) => (v.line_items[0].discounts = [{ amount: '1.00', title: 'x' }, { amount: '2.00' }]))],
  ['created_at null', spiffy, 'Checkout', S('Checkout', (v) => (v.created_at = null))],
  ['no billing city', spiffy, 'Checkout', S('Checkout', (v) => delete v.billing_address.city)],
  ['the listing null', spiffy, 'CollectionPublication', S('CollectionPublication', (v) => (v.collection_listing = null))],
  ['an image without src', spiffy, 'CollectionPublication', S('CollectionPublication', (v) => (v.collection_listing.image = { created_at: null }))],
  ['email null', spiffy, 'Customer', S('Customer', (v) => (v.email = null))],
  ['no query', spiffy, 'CustomerSavedSearch', S('CustomerSavedSearch', (v) => delete v.query)],
  ['shipping_line null', spiffy, 'DraftOrder', S('DraftOrder', (v) => (v.shipping_line = null))],
  ['receipt null', spiffy, 'Fulfillment', S('Fulfillment', (v) => (v.receipt = null))],
  ['no message', spiffy, 'FulfillmentEvent', S('FulfillmentEvent', (v) => delete v.message)],
  ['no email', spiffy, 'Order', S('Order', (v) => delete v.email)],
  ['the customer default address `default` null', spiffy, 'Order', S('Order', (v) => (v.customer.default_address.default = null))],
  ['a line item without its id (only the payload\'s own id is kept)', spiffy, 'Order', S('Order', (v) => delete v.line_items[0].id)],
  ['a shipping tax line without title', spiffy, 'Order', S('Order', (v) => (v.shipping_lines[0].tax_lines = [{ price: '1.00', rate: 0.1 }]))],
  ['no product id', spiffy, 'ProductPublication', S('ProductPublication', (v) => delete v.product_listing.product_id)],
  ['published_at null', spiffy, 'ProductPublication', S('ProductPublication', (v) => (v.product_listing.published_at = null))],
  ['restock null', spiffy, 'Refund', S('Refund', (v) => (v.restock = null))],
  ['no order_adjustments', spiffy, 'Refund', S('Refund', (v) => delete v.order_adjustments)],
  ['no role', spiffy, 'Theme', S('Theme', (v) => delete v.role)],
  ['no zip_code', cratejoy, 'Address', C('Address', (v) => delete v.zip_code)],
  ['no file_changed', cratejoy, 'Design', C('Design', (v) => delete v.file_changed)],
  ['the billing relation null', cratejoy, 'Product', C('Product', (v) => (v.billing = null))],
  ['meta null', cratejoy, 'Product', C('Product', (v) => (v.meta = null))],
  ['labels null', cratejoy, 'Shipment', C('Shipment', (v) => (v.labels = null))],
  ['the embedded customer email null', cratejoy, 'Subscription', C('Subscription', (v) => (v.customer.email = null))],
];

describe('the inference policy lets absent and null fields through', () => {
  it.each(loosened)('%s', (_, p, model, given) => checkValidUnderPolicy(p, model, given));
});

describe('invalid payloads give exactly these issues', () => {
  it('covers every Spiffy and Cratejoy model with at least 3 cases', () => {
    const covered = (p: Provider) => modelsOf(p.specDir).map(([m]) => [m, invalid[`${p.id} ${m}`]?.[1].length ?? 0] as const);
    for (const p of [spiffy, cratejoy]) for (const [m, n] of covered(p)) expect({ model: `${p.id} ${m}`, enough: n >= 3 }).toEqual({ model: `${p.id} ${m}`, enough: true });
  });
  describe.each(Object.entries(invalid))('%s', (name, [p, cases]) => {
    const model = name.split(' ')[1];
    it.each(cases)('%s', (_, c) => checkInvalid(p, model, c));
  });
});

describe('Standard Schema issues carry path segments', () => {
  it('a deep array item', () => {
    const given = edit(spiffy, 'Order', (v) => (v.line_items[1].price = 199));
    expect(spiffyModule.OrderSchema['~standard'].validate(given)).toEqual({
      issues: [{ message: '/line_items/1/price: expected string | null, received integer', path: ['line_items', 1, 'price'] }],
    });
  });
  it('a map key with / and ~ is unescaped', () => {
    const given = edit(spiffy, 'Cart', (v) => (v.line_items[0].properties = { 'a/b~c': 1 }));
    expect(spiffyModule.CartSchema['~standard'].validate(given)).toEqual({
      issues: [{ message: '/line_items/0/properties/a~1b~0c: expected string, received integer', path: ['line_items', 0, 'properties', 'a/b~c'] }],
    });
  });
  it('the root', () => {
    expect(spiffyModule.CartSchema['~standard'].validate(null)).toEqual({ issues: [{ message: '/: expected Cart, received null', path: [] }] });
  });
});

// ---------------------------------------------------------------------------------------------
// topic-level functions

describe('topic-level functions', () => {
  const SP = payloadApi(spiffy);
  const CP = payloadApi(cratejoy);

  it.each([['nope/nope'], [''], ['__proto__'], ['constructor'], ['toString'], ['hasOwnProperty'], ['ORDERS/CREATE']])('an unknown Spiffy topic %j is never valid', (topic) => {
    const want = { ok: false, issues: [{ path: '', expected: 'a known Spiffy Stores topic', received: JSON.stringify(topic), message: `/: expected a known Spiffy Stores topic, received ${JSON.stringify(topic)}` }] };
    expect(SP.validate(topic, {})).toEqual(want);
    expect(SP.validate(topic, sample(spiffy, 'Order'), { strict: true })).toEqual(want);
    expect(SP.is(topic, {})).toBe(false);
    const e = caught(() => SP.assert(topic, {}));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues).toEqual(want.issues);
    expect(SP.schema(topic)['~standard'].validate({})).toEqual({ issues: [{ message: want.issues[0].message, path: [] }] });
  });

  it('an unknown Cratejoy topic', () => {
    expect(CP.validate('order_deleted', {})).toEqual({
      ok: false,
      issues: [{ path: '', expected: 'a known Cratejoy topic', received: '"order_deleted"', message: '/: expected a known Cratejoy topic, received "order_deleted"' }],
    });
  });

  describe('an undocumented Spiffy topic takes any JSON object', () => {
    const objects: [string, unknown][] = [
      ['{}', {}],
      ['an object of anything', JSON.parse('{"a":[1,{"b":null}],"c":"d","__proto__":{"e":1}}')],
      ['an Order', sample(spiffy, 'Order')],
    ];
    it.each(objects)('%s', (_, v) => {
      for (const strict of [false, true]) {
        expect(SP.validate('variants/in_stock', v, { strict })).toEqual({ ok: true, value: v });
        expect(SP.is('variants/in_stock', v, { strict })).toBe(true);
        expect(() => SP.assert('variants/in_stock', v, { strict })).not.toThrow();
        expect(SP.schema('variants/in_stock', { strict })['~standard'].validate(v)).toEqual({ value: v });
      }
    });
    const nonObjects: Case<unknown, Want>[] = [
      ['an array', { given: [], want: [['', '/: expected object, received array']] }],
      ['an array of objects', { given: [{}], want: [['', '/: expected object, received array']] }],
      ['null', { given: null, want: [['', '/: expected object, received null']] }],
      ['a string', { given: '{}', want: [['', '/: expected object, received string']] }],
    ];
    it.each(nonObjects)('not %s', (_, { given, want }) => {
      const r = SP.validate('disputes/create', given);
      expect(issuesOf(r).map((i) => [i.path, i.message])).toEqual(want);
      expect(SP.is('disputes/create', given)).toBe(false);
    });
  });

  describe('Cratejoy checkout_failed: a Customer or an Order, told apart by `type`', () => {
    const anyOfJudge = (v: unknown) => ajvJudge(cratejoy, 'Customer', false)(v) || ajvJudge(cratejoy, 'Order', false)(v);
    it('a Customer and an Order are valid', () => {
      for (const v of [sample(cratejoy, 'Customer'), sample(cratejoy, 'Order')]) {
        expect(CP.validate('checkout_failed', v)).toEqual({ ok: true, value: v });
        expect(anyOfJudge(v)).toBe(true);
      }
    });
    const cases: Case<unknown, Want>[] = [
      ['`type: customer` is explained as a Customer', { given: C('Customer', (v) => (v.email = 1)), want: [['/email', '/email: expected string | null, received integer']] }],
      ['`type: order` is explained as an Order', { given: C('Order', (v) => (v.total = '1')), want: [['/total', '/total: expected integer | null, received string']] }],
      ['a Customer without id', { given: C('Customer', (v) => delete v.id), want: [['/id', '/id: expected digit string (64-bit integer), received missing']] }],
      ['`type: thing` names the two types', { given: C('Customer', (v) => (v.type = 'thing')), want: [['/type', '/type: expected "customer" | "order", received "thing"']] }],
      ['a missing `type` is reported as missing', { given: C('Customer', (v) => delete v.type), want: [['/type', '/type: expected "customer" | "order", received missing']] }],
      ['an array', { given: [C('Customer', () => {})], want: [['', '/: expected object, received array']] }],
    ];
    it.each(cases)('%s', (_, { given, want }) => {
      const r = CP.validate('checkout_failed', given);
      expect(issuesOf(r).map((i) => [i.path, i.message])).toEqual(want);
      expect(CP.is('checkout_failed', given)).toBe(false);
      expect(anyOfJudge(JSON.parse(JSON.stringify(given)))).toBe(false);
      const e = caught(() => CP.assert('checkout_failed', given));
      expect((e as ValidationError).issues).toEqual(issuesOf(r));
    });
    const withFields: Case<unknown, Want>[] = [
      ['null', { given: null, want: [['', '/: expected object, received null']] }],
      ['a string', { given: 'order', want: [['', '/: expected object, received string']] }],
      ['an array', { given: [], want: [['', '/: expected object, received array']] }],
      ['`type: order` with a wrong total is explained as an Order', { given: C('Order', (v) => (v.total = '1')), want: [['/total', '/total: expected integer | null, received string']] }],
    ];
    it.each(withFields)('with `fields`: %s is reported (never thrown), as the discriminator says', (_, { given, want }) => {
      const r = (CP.validate as (t: string, v: unknown, o?: { fields?: string[] }) => Result)('checkout_failed', given, { fields: ['id', 'total', 'type'] });
      expect(issuesOf(r).map((i) => [i.path, i.message])).toEqual(want);
    });
    it('the assert message names the topic', () => {
      const e = caught(() => CP.assert('checkout_failed', C('Customer', (v) => (v.type = 'thing'))));
      expect((e as Error).message).toBe('Cratejoy payload of checkout_failed is invalid (1 issue):\n  /type: expected "customer" | "order", received "thing"');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// assert ↔ validate

describe('assertX throws a ValidationError with the issues of validateX', () => {
  it('a model with several issues', () => {
    const given = edit(spiffy, 'Order', (v) => {
      delete v.id;
      v.total_price = 403;
      v.extra = 1;
    });
    for (const strict of [false, true]) {
      const r = spiffyModule.validateOrder(given, { strict });
      const e = caught(() => spiffyModule.assertOrder(given, { strict }));
      expect(e).toBeInstanceOf(ValidationError);
      expect(e).toBeInstanceOf(Error);
      expect((e as ValidationError).name).toBe('ValidationError');
      expect((e as ValidationError).issues).toEqual(issuesOf(r as Result));
      expect((e as ValidationError).issues.length).toBe(strict ? 3 : 2);
    }
    expect((caught(() => spiffyModule.assertOrder(given)) as Error).message).toBe(
      'Order is invalid (2 issues):\n  /id: expected digit string (64-bit integer), received missing\n  /total_price: expected string | null, received integer',
    );
  });
  it.each([...modelsOf(spiffy.specDir).map(([m]) => ['spiffy', m] as const), ...modelsOf(cratejoy.specDir).map(([m]) => ['cratejoy', m] as const)])('%s %s', (id, model) => {
    const p = byId[id];
    const m = api(p, model);
    for (const given of [null, {}, sample(p, model), edit(p, model, (v) => (v.unknown_key = 1))]) {
      for (const strict of [false, true]) {
        const r = m.validate(given, { strict });
        const e = caught(() => m.assert(given, { strict }));
        if (r.ok) expect(e).toBeUndefined();
        else {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).issues).toEqual(r.issues);
        }
      }
    }
  });
  it('the provider modules export ValidationError, as their .d.ts declares', () => {
    // generated/<p>/guards.d.ts: `export { ValidationError } from '../runtime/validate.js';`
    expect(readFileSync(join(REPO, 'generated/spiffy/guards.d.ts'), 'utf8')).toContain("export { ValidationError } from '../runtime/validate.js';");
    expect(spiffyModule).toHaveProperty('ValidationError', ValidationError);
    expect(cratejoyModule).toHaveProperty('ValidationError', ValidationError);
  });
});

// ---------------------------------------------------------------------------------------------
// adversarial inputs

describe('adversarial inputs', () => {
  const allModels = [...modelsOf(spiffy.specDir).map(([m]) => ['spiffy', m] as const), ...modelsOf(cratejoy.specDir).map(([m]) => ['cratejoy', m] as const)];

  describe.each([
    ['null', null, 'null'],
    ['1', 1, 'integer'],
    ["'x'", 'x', 'string'],
    ['[]', [], 'array'],
    ['true', true, 'boolean'],
    ['undefined', undefined, 'undefined'],
  ])('a non-object root %s', (_, root, received) => {
    it.each(allModels)(`%s %s: one issue at ''`, (id, model) => {
      const p = byId[id];
      const m = api(p, model);
      for (const strict of [false, true]) {
        const r = m.validate(root, { strict });
        expect(r.ok).toBe(false);
        expect(issuesOf(r)).toEqual([{ path: '', expected: model, received, message: `/: expected ${model}, received ${received}` }]);
        expect(m.is(root, { strict })).toBe(false);
        expect(caught(() => m.assert(root, { strict }))).toBeInstanceOf(ValidationError);
      }
      expect(m.schema['~standard'].validate(root)).toEqual({ issues: [{ message: `/: expected ${model}, received ${received}`, path: [] }] });
      for (const topic of topicsOf(p, model)) expect(issuesOf(payloadApi(p).validate(topic, root)).map((i) => i.path)).toEqual(['']);
    });
  });

  describe('__proto__, constructor and prototype keys', () => {
    /** JSON text of a sample with keys spliced into its root object (JSON.parse makes `__proto__` an own key). */
    const withKeys = (v: unknown, keys: string) => JSON.parse(JSON.stringify(v).replace(/^\{/, `{${keys},`));
    const hostile = '"__proto__":{"polluted":true,"id":"1","token":"t"},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true}';

    const cases: [string, { p: Provider; model: string; given: () => unknown; want: { default: Want; strict: Want } }][] = [
      [
        'at the root of a valid Cart',
        {
          p: spiffy,
          model: 'Cart',
          given: () => withKeys(sample(spiffy, 'Cart'), hostile),
          want: {
            default: [],
            strict: [
              ['/__proto__', '/__proto__: expected absent (not in the spec; strict mode), received object'],
              ['/constructor', '/constructor: expected absent (not in the spec; strict mode), received object'],
              ['/prototype', '/prototype: expected absent (not in the spec; strict mode), received object'],
            ],
          },
        },
      ],
      [
        'a required key given only inside an own __proto__ key is missing',
        {
          p: spiffy,
          model: 'Cart',
          given: () => withKeys(edit(spiffy, 'Cart', (v) => delete v.id), hostile),
          want: {
            default: [['/id', '/id: expected string, received missing']],
            strict: [
              ['/id', '/id: expected string, received missing'],
              ['/__proto__', '/__proto__: expected absent (not in the spec; strict mode), received object'],
              ['/constructor', '/constructor: expected absent (not in the spec; strict mode), received object'],
              ['/prototype', '/prototype: expected absent (not in the spec; strict mode), received object'],
            ],
          },
        },
      ],
      [
        'string values under these keys in a string map are valid',
        {
          p: spiffy,
          model: 'Cart',
          given: () => {
            const v = sample(spiffy, 'Cart');
            v.line_items[0].properties = JSON.parse('{"__proto__":"a","constructor":"b","prototype":"c","toString":"d"}');
            return v;
          },
          want: { default: [], strict: [] },
        },
      ],
      [
        'an object under __proto__ in a string map is reported there',
        {
          p: spiffy,
          model: 'Cart',
          given: () => {
            const v = sample(spiffy, 'Cart');
            v.line_items[0].properties = JSON.parse('{"__proto__":{"polluted":true},"constructor":1}');
            return v;
          },
          want: {
            default: [
              ['/line_items/0/properties/__proto__', '/line_items/0/properties/__proto__: expected string, received object'],
              ['/line_items/0/properties/constructor', '/line_items/0/properties/constructor: expected string, received integer'],
            ],
            strict: [
              ['/line_items/0/properties/__proto__', '/line_items/0/properties/__proto__: expected string, received object'],
              ['/line_items/0/properties/constructor', '/line_items/0/properties/constructor: expected string, received integer'],
            ],
          },
        },
      ],
      [
        'in a nested Cratejoy object',
        {
          p: cratejoy,
          model: 'Order',
          given: () => {
            const v = sample(cratejoy, 'Order');
            v.cart = withKeys(v.cart, hostile);
            return v;
          },
          want: {
            default: [],
            strict: [
              ['/cart/__proto__', '/cart/__proto__: expected absent (not in the spec; strict mode), received object'],
              ['/cart/constructor', '/cart/constructor: expected absent (not in the spec; strict mode), received object'],
              ['/cart/prototype', '/cart/prototype: expected absent (not in the spec; strict mode), received object'],
            ],
          },
        },
      ],
    ];

    it.each(cases)('%s', (_, { p, model, given, want }) => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const v = given();
      const m = api(p, model);
      for (const strict of [false, true]) {
        const r = m.validate(v, { strict });
        const w = strict ? want.strict : want.default;
        expect(issuesOf(r).map((i) => [i.path, i.message])).toEqual(w);
        expect(r.ok).toBe(w.length === 0);
        expect(m.is(v, { strict })).toBe(w.length === 0);
        expect(ajvJudge(p, model, strict)(v)).toBe(w.length === 0);
      }
      expect(({} as any).polluted).toBeUndefined();
      expect(({} as any).token).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    });
  });

  // no timing assertions here (the machines are noisy): a pathological regex would still time the test out
  describe('a 10 MB string', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const bigDigits = '7'.repeat(10 * 1024 * 1024);
    it('in a string field is valid', () => {
      const v = edit(spiffy, 'Order', (o) => {
        o.note = big;
        o.email = big;
        o.line_items[0].name = big;
      });
      for (const strict of [false, true]) expect(spiffyModule.validateOrder(v, { strict })).toEqual({ ok: true, value: v });
      expect(spiffyModule.isOrder(v)).toBe(true);
      expect(ajvJudge(spiffy, 'Order', false)(v)).toBe(true);
    });
    it('of digits in a 64-bit id field is valid', () => {
      const v = edit(spiffy, 'Order', (o) => (o.checkout_id = bigDigits));
      expect(spiffyModule.validateOrder(v)).toEqual({ ok: true, value: v });
    });
    it('in a date-time field is invalid, and shown truncated', () => {
      const v = edit(spiffy, 'Order', (o) => (o.closed_at = big));
      expect(issuesOf(spiffyModule.validateOrder(v) as Result).map((i) => i.message)).toEqual([`/closed_at: expected date-time string | null, received "${'x'.repeat(40)}…" (${big.length} chars)`]);
    });
  });

  describe('a value nested 100,000 deep', () => {
    const deep = (() => {
      let d: unknown = 'bottom';
      for (let i = 0; i < 100_000; i++) d = i % 2 ? { a: d } : [d];
      return d;
    })();
    it('under an unknown key: valid by default, one issue in strict mode', () => {
      const v = edit(spiffy, 'Order', (o) => (o.unknown_key = deep));
      expect(() => spiffyModule.validateOrder(v)).not.toThrow();
      const r = spiffyModule.validateOrder(v) as Result;
      expect(r.ok).toBe(true);
      expect(spiffyModule.isOrder(v)).toBe(true);
      const s = spiffyModule.validateOrder(v, { strict: true }) as Result;
      expect(issuesOf(s).map((i) => i.message)).toEqual(['/unknown_key: expected absent (not in the spec; strict mode), received object']);
      expect(ajvJudge(spiffy, 'Order', false)(v)).toBe(true);
    });
    it('deep inside a line item', () => {
      const v = edit(cratejoy, 'Order', (o) => (o.products[1].instance.unknown_key = deep));
      expect(cratejoyModule.validateOrder(v).ok).toBe(true);
      expect(issuesOf(cratejoyModule.validateOrder(v, { strict: true }) as Result).map((i) => i.path)).toEqual(['/products/1/instance/unknown_key']);
    });
    it('in an object that allows any key', () => {
      const v = edit(spiffy, 'Fulfillment', (o) => (o.receipt = { deep }));
      expect(spiffyModule.validateFulfillment(v).ok).toBe(true);
      expect(ajvJudge(spiffy, 'Fulfillment', false)(v)).toBe(true);
    });
    it('in a string map: one issue, no descent', () => {
      const v = edit(spiffy, 'Cart', (o) => (o.line_items[0].properties = { deep }));
      expect(issuesOf(spiffyModule.validateCart(v) as Result).map((i) => i.message)).toEqual(['/line_items/0/properties/deep: expected string, received object']);
    });
    it('as the payload of an undocumented topic', () => {
      expect(spiffyModule.validateSpiffyPayload('variants/in_stock', { deep }).ok).toBe(true);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// objects that allow any key (`additionalProperties: true`) in strict mode

describe('strict mode closes only objects that list properties', () => {
  // The schemas type these as `{ "type": "object", "additionalProperties": true }` (gateway
  // receipts, Cratejoy metadata `data`, store_settings …): their keys are not in the spec by
  // design, so strict mode has nothing to reject there — Ajv on the strict copy agrees.
  const cases: [string, { p: Provider; model: string; given: () => unknown }][] = [
    ['Spiffy Fulfillment receipt', { p: spiffy, model: 'Fulfillment', given: () => edit(spiffy, 'Fulfillment', (v) => (v.receipt = { authorization: '123', testcase: true })) }],
    ['Spiffy OrderTransaction receipt', { p: spiffy, model: 'OrderTransaction', given: () => edit(spiffy, 'OrderTransaction', (v) => (v.receipt = { authorization: '123' })) }],
    ['Cratejoy Customer _md.data (its first sample)', { p: cratejoy, model: 'Customer', given: () => sample(cratejoy, 'Customer') }],
    ['Cratejoy Order customer.store_settings', { p: cratejoy, model: 'Order', given: () => edit(cratejoy, 'Order', (v) => (v.customer.store_settings = { theme: 'dark' })) }],
    ['Cratejoy Product meta', { p: cratejoy, model: 'Product', given: () => edit(cratejoy, 'Product', (v) => (v.meta = { color: 'red' })) }],
  ];
  it.each(cases)('%s', (_, { p, model, given }) => {
    const v = given();
    expect(ajvJudge(p, model, true)(v)).toBe(true);
    expect(issuesOf(api(p, model).validate(v, { strict: true })).map((i) => i.message)).toEqual([]);
    expect(api(p, model).is(v, { strict: true })).toBe(true);
  });
});

describe('a field named like a member every object inherits (toString, constructor, __proto__)', () => {
  // `v.toString` is Object.prototype's function when the payload has no such field: a guard that
  // read it so judged every payload without the (optional) field invalid ("received function"),
  // where the model's type and JSON Schema (Ajv with ownProperties) accept it
  let dir = '';
  let acme: Record<string, any>;
  let schema: Record<string, unknown>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'typegen-inherited-names-'));
    cpSync(join(REPO, 'test', 'fixtures', 'spec'), join(dir, 'spec'), { recursive: true });
    const file = join(dir, 'spec', 'acme', 'models', 'Gadget.yaml');
    const names = ['toString', 'constructor', 'valueOf', '__proto__'];
    writeFileSync(file, readFileSync(file, 'utf8') + names.map((n) => `  /${n}:\n    type: string\n    optional: true\n`).join(''));
    const result = await generate({ root: dir, cache: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    acme = (await import(pathToFileURL(join(dir, 'generated', 'acme', 'guards.js')).href)) as Record<string, any>;
    schema = JSON.parse(readFileSync(join(dir, 'generated', 'acme', 'schemas', 'Gadget.schema.json'), 'utf8')) as Record<string, unknown>;
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['none of them', '{"type":"gadget"}', true],
    ['toString given', '{"type":"gadget","toString":"x"}', true],
    ['__proto__ given', '{"type":"gadget","__proto__":"x"}', true],
    ['constructor of the wrong type', '{"type":"gadget","constructor":1}', false],
    // (Ajv itself accepts this one: it reads `data.__proto__` as an inherited member too)
    ['__proto__ of the wrong type', '{"type":"gadget","__proto__":{}}', false],
    ['valueOf null', '{"type":"gadget","valueOf":null}', true],
  ])('%s: %s is judged as Ajv (own properties) judges it, in both modes', (_, text, valid) => {
    const ajv = new Ajv2020({ strict: false, ownProperties: true });
    (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
    const judge = ajv.compile(schema);
    const value: unknown = JSON.parse(text);
    if (!text.includes('"__proto__":{}')) expect(judge(value)).toBe(valid);
    for (const strict of [false, true]) {
      expect(acme.isGadget(value, { strict })).toBe(valid);
      expect(acme.validateGadget(value, { strict }).ok).toBe(valid);
    }
  });
});
