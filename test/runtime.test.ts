// The generated body parsers and topic tables, exercised as a consumer would call them:
// escaped-JSON-string bodies, 64-bit ids as decimal strings (the int64 hints of spec/ and the
// providers' id policy: `id`, `*_id`, `*_ids` by default), and the
// topic tables against spec/. The lossless parser itself is tested in test/runtime/json.test.ts.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpiffyBody, spiffyInt64Paths, spiffyTopicModels, spiffyTopics, type SpiffyTopic } from '../generated/spiffy/index.js';
import { cratejoyInt64Paths, cratejoyTopicModels, cratejoyTopics, parseCratejoyBody, type CratejoyTopic } from '../generated/cratejoy/index.js';
import { decodeJsonString, int64PathsToString, parseLossless } from '../generated/runtime/json.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const spec = (...p: string[]): string => fs.readFileSync(path.join(root, 'spec', ...p), 'utf8');

type Case<G, W> = [name: string, c: { given: G; want: W }];

// ---------------------------------------------------------------------------------------------
// parseSpiffyBody and the int64 paths of spec/spiffy/models/*.yaml

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const INT = '\u0000int:';
/**
 * An oracle independent of the generated runtime: JSON.parse of the sample text after every
 * integer literal outside a string has become the string `INT + digits`, so each integer's
 * exact source text can be read back.
 */
function parseWithIntegerText(text: string): Json {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m) =>
    /^-?\d+$/.test(m) ? JSON.stringify(INT + m) : m,
  );
  return JSON.parse(marked) as Json;
}

/** The values at a JSON pointer (a `*` segment stands for every array item), with their concrete paths. */
function valuesAt(value: Json, pointer: string): [string, Json][] {
  const segments = pointer.split('/').slice(1);
  let found: [string, Json][] = [['', value]];
  for (const seg of segments) {
    const next: [string, Json][] = [];
    for (const [p, v] of found) {
      if (seg === '*') {
        if (Array.isArray(v)) v.forEach((item, i) => next.push([`${p}/${i}`, item]));
      } else if (Array.isArray(v)) {
        if (/^\d+$/.test(seg) && Number(seg) < v.length) next.push([`${p}/${seg}`, v[Number(seg)]!]);
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, seg)) {
        next.push([`${p}/${seg}`, v[seg]!]);
      }
    }
    found = next;
  }
  return found;
}

function setAt(value: Json, concretePointer: string, to: Json): void {
  const segments = concretePointer.split('/').slice(1);
  let v = value as Record<string, Json>;
  for (const seg of segments.slice(0, -1)) v = v[seg] as Record<string, Json>;
  v[segments.at(-1)!] = to;
}

interface ModelSpec {
  model: string;
  samples: string[];
  hints?: Record<string, { int64?: string }>;
}

const spiffyModels: ModelSpec[] = fs
  .readdirSync(path.join(root, 'spec', 'spiffy', 'models'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => YAML.parse(spec('spiffy', 'models', f)) as ModelSpec);

/** The int64 hints a model file writes. */
const hintedPointers = (m: ModelSpec): string[] =>
  Object.entries(m.hints ?? {})
    .filter(([, h]) => h && h.int64 !== undefined)
    .map(([p]) => p)
    .sort();

const pointerOf = (path: readonly string[]): string => path.map((s) => `/${s}`).join('');

/** Every 64-bit path of a model: its int64 hints and the fields the id policy names (`id`, `*_id`, `*_ids` items). */
const int64Pointers = (m: ModelSpec): string[] => (spiffyInt64Paths[m.model] ?? []).map(pointerOf).sort();

/** `value` with the integers at `pointers` (`*` = every item) as their decimal strings, as the parser delivers them. */
function withIdStrings(value: Json, pointers: readonly string[]): Json {
  const copy = structuredClone(value);
  for (const pointer of pointers) for (const [p, v] of valuesAt(copy, pointer)) if (typeof v === 'number') setAt(copy, p, String(v));
  return copy;
}

/** A topic whose payload is exactly this model. */
function topicOf(model: string): string {
  const topic = spiffyTopics.find((t) => {
    const models = spiffyTopicModels[t];
    return models.length === 1 && models[0] === model;
  });
  if (!topic) throw new Error(`no Spiffy topic delivers ${model}`);
  return topic;
}

describe('parseSpiffyBody', () => {
  it('the real Product sample: every int64 path of Product.yaml arrives as a string with the exact digits of the sample', () => {
    const product = spiffyModels.find((m) => m.model === 'Product')!;
    const pointers = int64Pointers(product);
    expect(hintedPointers(product)).toEqual(['/id', '/image/product_id', '/images/*/product_id', '/options/*/product_id', '/variants/*/product_id']);
    // the hints, and every other id the policy names
    expect(pointers).toEqual([...hintedPointers(product), '/image/id', '/image/variant_ids/*', '/images/*/id', '/images/*/variant_ids/*', '/options/*/id', '/variants/*/id', '/variants/*/image_id'].sort());

    const text = spec('spiffy', 'samples', 'product.json');
    const parsed = parseSpiffyBody('products/create', text) as unknown as Json;
    const oracle = parseWithIntegerText(text);

    let seen = 0;
    // the sample's `image` is null, so /image/* has no value to compare; no image lists a variant
    for (const pointer of pointers.filter((q) => !q.startsWith('/image/') && q !== '/images/*/variant_ids/*' && q !== '/variants/*/image_id')) {
      const want = valuesAt(oracle, pointer);
      const got = new Map(valuesAt(parsed, pointer));
      expect(want.length, `${pointer} in the sample`).toBeGreaterThan(0);
      for (const [p, w] of want) {
        expect(typeof w === 'string' && w.startsWith(INT), `${p} is an integer in the sample`).toBe(true);
        const digits = (w as string).slice(INT.length);
        expect(got.get(p), p).toBe(digits);
        seen++;
      }
    }
    expect(seen).toBe(9); // /id, and the id and product_id of 2 variants, 1 option and 1 image
    const p = parsed as { id: string; variants: { product_id: string; id: number }[] };
    expect(p.id).toBe('327475578523353102');
    expect(p.variants[0]!.product_id).toBe('327475578523353102');
    // what JSON.parse would have made of it
    expect(String((JSON.parse(text) as { id: number }).id)).not.toBe('327475578523353102');
  });

  it('the real Product sample: everything else is exactly what JSON.parse gives', () => {
    const text = spec('spiffy', 'samples', 'product.json');
    const want = JSON.parse(text) as Json;
    const oracle = parseWithIntegerText(text);
    for (const pointer of int64Pointers(spiffyModels.find((m) => m.model === 'Product')!)) {
      // a null id (a variant without an image) stays null
      for (const [p, w] of valuesAt(oracle, pointer)) if (typeof w === 'string') setAt(want, p, w.slice(INT.length));
    }
    const got = parseSpiffyBody('products/update', text);
    expect(got).toStrictEqual(want);
    expect(got.variants?.[0]?.id).toBe('1234567');
    expect(got.variants?.[0]?.weight).toBe(0.44);
    expect(got.images?.[0]?.src?.startsWith('//cdn.spiffy.com/s/assets/spiffy_shirt-39bb555874ecaeed0a1170417d58bbcf792f7ceb56')).toBe(true);
  });

  const modelsWithInt64 = spiffyModels.filter((m) => int64Pointers(m).length > 0);

  it.each(modelsWithInt64.map((m) => [m.model, m] as const))(
    '%s sample: every int64 path holds the exact digits, as a string (null stays null)',
    (_name, m) => {
      const topic = topicOf(m.model) as Parameters<typeof parseSpiffyBody>[0];
      for (const sample of m.samples) {
        const text = spec('spiffy', sample);
        const parsed = parseSpiffyBody(topic, text) as unknown as Json;
        const oracle = parseWithIntegerText(text);
        for (const pointer of int64Pointers(m)) {
          const got = new Map(valuesAt(parsed, pointer));
          for (const [p, w] of valuesAt(oracle, pointer)) {
            const want = typeof w === 'string' && w.startsWith(INT) ? w.slice(INT.length) : w;
            expect(got.get(p), `${sample} ${p} (topic ${topic})`).toStrictEqual(want);
          }
        }
      }
    },
  );

  const cases: Case<{ topic: Parameters<typeof parseSpiffyBody>[0]; body: string }, unknown>[] = [
    [
      'a small id in an int64 field is a string too',
      { given: { topic: 'products/create', body: '{"id":1,"variants":[{"id":2,"product_id":3}]}' }, want: { id: '1', variants: [{ id: '2', product_id: '3' }] } },
    ],
    [
      'a big id in an int64 field is a string with every digit',
      {
        given: { topic: 'products/create', body: '{"id":327475578523353102,"variants":[{"id":2,"product_id":327475578523353102}]}' },
        want: { id: '327475578523353102', variants: [{ id: '2', product_id: '327475578523353102' }] },
      },
    ],
    [
      'an int64 id already sent as a string stays that string',
      { given: { topic: 'collections/update', body: '{"id":"327475578523353102"}' }, want: { id: '327475578523353102' } },
    ],
    [
      'a nullable int64 field that is null stays null',
      { given: { topic: 'orders/create', body: '{"checkout_id":null,"line_items":[]}' }, want: { checkout_id: null, line_items: [] } },
    ],
    [
      'a nested int64 path (refund_line_items/*/line_item/product_id)',
      {
        given: { topic: 'refunds/create', body: '{"refund_line_items":[{"id":5,"line_item":{"id":6,"product_id":77}}]}' },
        want: { refund_line_items: [{ id: '5', line_item: { id: '6', product_id: '77' } }] },
      },
    ],
    [
      'integers that are not ids stay numbers; ids (named by the id policy) are strings',
      {
        given: { topic: 'orders/create', body: '{"id":450789469,"number":1,"line_items":[{"id":466157049,"product_id":632910392,"quantity":1,"grams":200}]}' },
        want: { id: '450789469', number: 1, line_items: [{ id: '466157049', product_id: '632910392', quantity: 1, grams: 200 }] },
      },
    ],
    [
      'an undocumented topic gets lossless JSON, with no int64 conversion',
      {
        given: { topic: 'variants/in_stock', body: '{"id":327475578523353102,"product_id":12,"qty":3}' },
        want: { id: '327475578523353102', product_id: 12, qty: 3 },
      },
    ],
    [
      'a missing int64 field is not invented',
      { given: { topic: 'products/delete', body: '{"title":"x"}' }, want: { title: 'x' } },
    ],
  ];

  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseSpiffyBody(given.topic, given.body)).toStrictEqual(want);
  });

  // A product id is one 64-bit id wherever it appears in a payload: the same id must not be a
  // string in one place (int64) and a number in another (plain integer; a big one would then
  // arrive as a string anyway, through parseLossless, against its `number` type).
  const productIdCases: [name: string, c: { given: { topic: Parameters<typeof parseSpiffyBody>[0]; body: string }; pointer: string; twin: string }][] = [
    [
      'Order /fulfillments/*/line_items/*/product_id (like Fulfillment /line_items/*/product_id)',
      {
        given: { topic: 'orders/create', body: '{"line_items":[{"product_id":632910392}],"fulfillments":[{"line_items":[{"id":1,"product_id":632910392}]}]}' },
        pointer: '/fulfillments/0/line_items/0/product_id',
        twin: '/line_items/0/product_id',
      },
    ],
    [
      'Order /refunds/*/refund_line_items/*/line_item/product_id (like Refund /refund_line_items/*/line_item/product_id)',
      {
        given: { topic: 'orders/create', body: '{"line_items":[{"product_id":632910392}],"refunds":[{"refund_line_items":[{"line_item":{"product_id":632910392}}]}]}' },
        pointer: '/refunds/0/refund_line_items/0/line_item/product_id',
        twin: '/line_items/0/product_id',
      },
    ],
    [
      'Product /image/product_id (like Product /images/*/product_id)',
      {
        given: { topic: 'products/create', body: '{"id":632910392,"images":[{"id":2,"product_id":632910392}],"image":{"id":2,"product_id":632910392}}' },
        pointer: '/image/product_id',
        twin: '/images/0/product_id',
      },
    ],
    [
      'CollectionPublication /collection_listing/default_product_image/product_id (like Product /images/*/product_id)',
      {
        given: {
          topic: 'collection_listings/add',
          body: '{"collection_listing":{"collection_id":1,"default_product_image":{"id":2,"product_id":632910392}}}',
        },
        pointer: '/collection_listing/default_product_image/product_id',
        twin: '/collection_listing/collection_id',
      },
    ],
  ];

  it.each(productIdCases)('a product id is a string everywhere: %s', (_name, { given, pointer, twin }) => {
    const parsed = parseSpiffyBody(given.topic, given.body) as unknown as Json;
    const [[, other]] = valuesAt(parsed, twin) as [[string, Json]];
    expect(typeof other, `${twin} (an int64 path) is a string`).toBe('string');
    const got = valuesAt(parsed, pointer);
    expect(got.map(([p]) => p)).toEqual([pointer]);
    expect(got[0]![1], `${pointer} should be the string '632910392', as the int64 field ${twin} of the same payload is`).toBe('632910392');
  });

  it('one static type whatever the size: small and big ids are both strings', () => {
    const small = parseSpiffyBody('products/create', '{"id":42}');
    const big = parseSpiffyBody('products/create', '{"id":327475578523353102}');
    expect(typeof small.id).toBe('string');
    expect(typeof big.id).toBe('string');
    const ids: string[] = [small.id, big.id];
    expect(ids).toEqual(['42', '327475578523353102']);
  });

  it('throws SyntaxError when the body is not JSON', () => {
    expect(() => parseSpiffyBody('orders/create', '<html>')).toThrow(SyntaxError);
  });
});

// ---------------------------------------------------------------------------------------------
// parseCratejoyBody

describe('parseCratejoyBody', () => {
  const customerText = spec('cratejoy', 'samples', 'customer.json');
  const customerIds = (cratejoyInt64Paths.Customer ?? []).map(pointerOf);
  // the ids of a Customer (the id policy) arrive as digit strings
  const customer = withIdStrings(JSON.parse(customerText) as Json, customerIds);

  const cases: Case<{ topic: Parameters<typeof parseCratejoyBody>[0]; body: string }, unknown>[] = [
    [
      'a body that is a JSON string holding JSON (the documented "escaped JSON string")',
      { given: { topic: 'customer_new', body: JSON.stringify(customerText) }, want: customer },
    ],
    ['a plain JSON body', { given: { topic: 'customer_new', body: customerText }, want: customer }],
    [
      'escaped body, compact inner JSON',
      { given: { topic: 'checkout_failed', body: JSON.stringify(JSON.stringify(customer)) }, want: customer },
    ],
    [
      'a plain body of the other model of a multi-model topic',
      {
        given: { topic: 'checkout_failed', body: '{"type":"order","id":1,"total_price":1000}' },
        want: { type: 'order', id: '1', total_price: 1000 },
      },
    ],
    [
      'a big integer inside an escaped body stays exact',
      {
        given: { topic: 'order_new', body: JSON.stringify('{"type":"order","id":327475578523353102}') },
        want: { type: 'order', id: '327475578523353102' },
      },
    ],
    [
      'a long digit string (tracking number) inside an escaped body stays a string',
      {
        given: { topic: 'shipment_shipped', body: JSON.stringify('{"type":"shipment","tracking_number":"9400100000000000000000"}') },
        want: { type: 'shipment', tracking_number: '9400100000000000000000' },
      },
    ],
  ];

  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseCratejoyBody(given.topic, given.body)).toStrictEqual(want);
  });

  it('the escaped and the plain body give the same object for every Cratejoy sample', () => {
    const dir = path.join(root, 'spec', 'cratejoy', 'samples');
    const jsonSamples = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(jsonSamples.length).toBeGreaterThan(10);
    for (const f of jsonSamples) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const plain = parseCratejoyBody('order_updated', text);
      expect(parseCratejoyBody('order_updated', JSON.stringify(text)), f).toStrictEqual(plain);
      // the Order model's ids (order_updated delivers an Order) as digit strings, the rest as JSON.parse gives it
      expect(plain, f).toStrictEqual(withIdStrings(JSON.parse(text) as Json, (cratejoyInt64Paths.Order ?? []).map(pointerOf)));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Topic tables

interface TopicsSpec {
  topics: Record<string, { payload?: string[]; undocumented?: boolean }>;
}

describe('topic tables', () => {
  it('spiffyTopics: 62 topics, sorted, unique, frozen', () => {
    expect(spiffyTopics).toHaveLength(62);
    expect(new Set(spiffyTopics).size).toBe(62);
    expect([...spiffyTopics]).toEqual([...spiffyTopics].sort());
    expect(Object.isFrozen(spiffyTopics)).toBe(true);
    expect(Object.keys(spiffyTopicModels).sort()).toEqual([...spiffyTopics]);
  });

  it('spiffyTopicModels: 15 undocumented topics (no model), 47 with exactly one model', () => {
    const lists = spiffyTopics.map((t) => spiffyTopicModels[t]);
    expect(lists.filter((l) => l.length === 0)).toHaveLength(15);
    expect(lists.filter((l) => l.length === 1)).toHaveLength(47);
    expect(spiffyTopicModels['variants/in_stock']).toEqual([]);
    expect(spiffyTopicModels['orders/create']).toEqual(['Order']);
    expect(spiffyTopicModels['products/update']).toEqual(['Product']);
    expect(Object.isFrozen(spiffyTopicModels['orders/create'])).toBe(true);
  });

  it('spiffyTopicModels matches spec/spiffy/topics.yaml', () => {
    const t = (YAML.parse(spec('spiffy', 'topics.yaml')) as TopicsSpec).topics;
    expect(Object.keys(t).sort()).toEqual([...spiffyTopics]);
    for (const [topic, entry] of Object.entries(t)) {
      expect(spiffyTopicModels[topic as keyof typeof spiffyTopicModels], topic).toEqual(entry.undocumented ? [] : entry.payload);
    }
  });

  it('cratejoyTopics: 17 events; checkout_failed delivers Customer or Order', () => {
    expect(cratejoyTopics).toHaveLength(17);
    expect(new Set(cratejoyTopics).size).toBe(17);
    expect(Object.keys(cratejoyTopicModels).sort()).toEqual([...cratejoyTopics].sort());
    expect(cratejoyTopicModels.checkout_failed).toEqual(['Customer', 'Order']);
    const t = (YAML.parse(spec('cratejoy', 'topics.yaml')) as TopicsSpec).topics;
    expect(Object.keys(t).sort()).toEqual([...cratejoyTopics].sort());
    for (const [topic, entry] of Object.entries(t)) {
      expect([...cratejoyTopicModels[topic as keyof typeof cratejoyTopicModels]].sort(), topic).toEqual([...(entry.payload ?? [])].sort());
    }
  });
});

// ---------------------------------------------------------------------------------------------
// the emitted int64 walkers (code made for each model's paths) against the runtime's tree walk

describe('the parse functions turn exactly the int64 paths into strings, as int64PathsToString does', () => {
  interface Provider {
    name: string;
    topics: readonly string[];
    topicModels: { readonly [topic: string]: readonly string[] };
    int64Paths: { readonly [model: string]: readonly (readonly string[])[] };
    parse(topic: string, body: string): unknown;
    /** bodies may be escaped JSON strings: a string payload is decoded as JSON */
    jsonString: boolean;
  }
  const providers: Provider[] = [
    { name: 'spiffy', topics: spiffyTopics, topicModels: spiffyTopicModels, int64Paths: spiffyInt64Paths, parse: (t, b) => parseSpiffyBody(t as SpiffyTopic, b), jsonString: false },
    { name: 'cratejoy', topics: cratejoyTopics, topicModels: cratejoyTopicModels, int64Paths: cratejoyInt64Paths, parse: (t, b) => parseCratejoyBody(t as CratejoyTopic, b), jsonString: true },
  ];

  /** A random JSON value shaped along the paths (so the walk goes deep), with anything at each step. */
  function shaped(paths: readonly (readonly string[])[]): fc.Arbitrary<unknown> {
    const leaf = fc.oneof(fc.integer(), fc.constantFrom(1.5, -0, 2 ** 60, 'x', '12', null, true), fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }).map((n) => ({ big: n.toString() })));
    const at = (rest: readonly (readonly string[])[], depth: number): fc.Arbitrary<unknown> => {
      const live = rest.filter((r) => r.length > 0);
      if (live.length === 0 || depth > 6) return leaf;
      const keys = [...new Set(live.map((r) => r[0]!))];
      const below = (k: string) => at(live.filter((r) => r[0] === k).map((r) => r.slice(1)), depth + 1);
      const star = keys.includes('*') ? fc.array(below('*'), { maxLength: 3 }) : undefined;
      const named = keys.filter((k) => k !== '*');
      const object = named.length
        ? fc.record(Object.fromEntries([...named.map((k) => [k, below(k)] as const), ['other_id', leaf] as const]), { requiredKeys: [] })
        : undefined;
      // the wrong container for the path, or a leaf, now and then
      const options: fc.Arbitrary<unknown>[] = [leaf];
      if (star) options.push(star, fc.record({ 0: below('*') }));
      if (object) options.push(object, fc.array(object, { maxLength: 2 }));
      return fc.oneof(...options);
    };
    // a string body would be decoded as JSON (an escaped JSON string body), not walked
    return at(paths, 0).filter((v) => typeof v !== 'string');
  }
  /** JSON text with the `{ big }` markers written as bare integer literals. */
  const text = (v: unknown): string => JSON.stringify(v).replace(/\{"big":"(\d+)"\}/g, '$1');

  for (const { name, topics, topicModels, int64Paths, parse, jsonString } of providers) {
    const withPaths = topics.filter((t) => (topicModels[t] ?? []).some((m) => (int64Paths[m]?.length ?? 0) > 0));
    it(`${name}: every topic with 64-bit ids, random payloads along its paths (fast-check)`, () => {
      expect(withPaths.length).toBeGreaterThan(0);
      for (const topic of withPaths) {
        const paths = (topicModels[topic] ?? []).flatMap((m) => int64Paths[m] ?? []);
        fc.assert(
          fc.property(shaped(paths), (payload) => {
            const body = text(payload);
            const want = jsonString ? decodeJsonString(parseLossless(body)) : parseLossless(body);
            int64PathsToString(want, paths);
            expect(JSON.stringify(parse(topic, body)), `${topic}: ${body}`).toBe(JSON.stringify(want));
          }),
          { numRuns: 60 },
        );
      }
    });
  }

  it('an inherited member is never walked or set, even when Object.prototype has one', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.id = 7;
      proto.line_items = [{ id: 8 }];
      const order = parseSpiffyBody('orders/create', '{"number":1}') as unknown as Record<string, unknown>;
      expect(Object.keys(order)).toEqual(['number']);
      expect(proto.line_items).toEqual([{ id: 8 }]);
    } finally {
      delete proto.id;
      delete proto.line_items;
    }
  });

  it('an own `__proto__` member is an ordinary member, and no path goes through it', () => {
    const order = parseSpiffyBody('orders/create', '{"__proto__":{"id":1},"id":2}') as unknown as Record<string, unknown>;
    expect(JSON.stringify(order)).toBe('{"__proto__":{"id":1},"id":"2"}');
    expect(Object.getPrototypeOf(order)).toBe(Object.prototype);
  });
});
