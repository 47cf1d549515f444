// Fixture factories: valid for every topic and many seeds, deterministic across processes,
// deep-merge semantics for overrides (objects merged, arrays replaced), exact documented samples.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as spiffy from '../generated/spiffy/index.js';
import * as cratejoy from '../generated/cratejoy/index.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe.each([
  ['spiffy', spiffy.spiffyTopics, spiffy.spiffyFixture, spiffy.validateSpiffyPayload],
  ['cratejoy', cratejoy.cratejoyTopics, cratejoy.cratejoyFixture, cratejoy.validateCratejoyPayload],
] as const)('%s fixtures', (_, topics, fixture, validate) => {
  it.each(topics.map((t) => [t]))('%s: build() × 20 seeds passes the strict validator', (topic) => {
    for (const seed of SEEDS) {
      const payload = (fixture as (t: string) => { build: (o?: unknown, s?: { seed: number }) => unknown })(topic).build(undefined, { seed });
      const r = (validate as (t: string, v: unknown, o: { strict: boolean }) => { ok: boolean; issues?: unknown })(topic, payload, { strict: true });
      expect(r.ok ? [] : r.issues, `seed ${seed}`).toEqual([]);
    }
  });
});

describe('build', () => {
  it('the same seed gives the same payload, a different seed another', () => {
    const a = JSON.stringify(spiffy.orderFixture.build(undefined, { seed: 42 }));
    expect(JSON.stringify(spiffy.orderFixture.build(undefined, { seed: 42 }))).toBe(a);
    expect(JSON.stringify(spiffy.orderFixture.build(undefined, { seed: 43 }))).not.toBe(a);
  });

  it('the same seed gives the same bytes in another process', () => {
    const code = `import('./generated/spiffy/index.js').then((m) => process.stdout.write(JSON.stringify(m.orderFixture.buildList(3, undefined, { seed: 9 }))))`;
    const run = () => spawnSync(process.execPath, ['-e', code], { cwd: repo, encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Kiritimati' } }).stdout;
    const here = JSON.stringify(spiffy.orderFixture.buildList(3, undefined, { seed: 9 }));
    expect(run()).toBe(here);
  });

  it('overrides: objects are merged deeply, arrays replaced, undefined ignored', () => {
    const base = spiffy.orderFixture.build(undefined, { seed: 3 });
    const firstLine = base.line_items?.[0];
    if (!firstLine || !base.billing_address) throw new Error('test setup: the Order fixture has line items and a billing address');
    const o = spiffy.orderFixture.build({ billing_address: { city: 'Paris' }, line_items: [{ ...firstLine, price: '1.00' }], note: undefined }, { seed: 3 });
    expect(o.billing_address?.city).toBe('Paris');
    expect(o.billing_address?.zip).toBe(base.billing_address.zip); // merged, not replaced
    expect(o.line_items).toHaveLength(1); // replaced
    expect(o.line_items?.[0]?.price).toBe('1.00');
    expect(o.note).toBe(base.note);
  });

  it('buildList gives sequential ids, and 64-bit ids above 2^53 as exact digit strings', () => {
    const products = spiffy.productFixture.buildList(3, undefined, { seed: 5 });
    expect(products.map((p) => p.id)).toEqual(['9007199254740993', '9007199254740994', '9007199254740995']);
    // an order's id is a 64-bit id too (the provider's id policy), whatever the seed
    const orders = spiffy.orderFixture.buildList(3);
    expect(orders.map((o) => o.id)).toEqual(['9007199254740993', '9007199254740994', '9007199254740995']);
    // an integer that is not an id stays a number
    expect(orders.every((o) => Number.isSafeInteger(o.number))).toBe(true);
  });

  it('values are plausible: money strings look like money, dates are RFC 3339, enums are members', () => {
    for (const seed of SEEDS) {
      const o = spiffy.orderFixture.build(undefined, { seed });
      expect(o.total_price).toMatch(/^[0-9]+\.[0-9]{2}$/);
      expect(o.created_at).toMatch(/^20[12][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$/);
      const s = cratejoy.shipmentFixture.build(undefined, { seed });
      expect(['unshipped', 'shipped', 'cancelled']).toContain(s.status);
    }
  });
});

describe('sample', () => {
  it('is the documented sample, every digit of its 64-bit ids kept, a fresh object each call', () => {
    const text = readFileSync(`${repo}/spec/spiffy/samples/product.json`, 'utf8');
    const a = spiffy.productFixture.sample();
    expect(a.id).toBe('327475578523353102');
    expect(a).toEqual(spiffy.parseSpiffyBody('products/create', text));
    a.title = 'changed';
    expect(spiffy.productFixture.sample().title).not.toBe('changed');
  });

  it('topic fixtures: a multi-model topic builds one of its models; an undocumented topic an empty object', () => {
    const kinds = new Set(SEEDS.map((seed) => (cratejoy.cratejoyFixture('checkout_failed').build(undefined, { seed }) as { type: string }).type));
    expect([...kinds].sort()).toEqual(['customer', 'order']);
    expect(spiffy.spiffyFixture('variants/in_stock').build()).toEqual({});
    expect(() => spiffy.spiffyFixture('nope' as never)).toThrow(/unknown Spiffy Stores topic: nope/);
  });
});
