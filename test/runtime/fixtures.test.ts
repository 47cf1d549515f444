// The fixture runtime (runtime/fixtures.ts): the seeded generators give the same values on
// every machine, `merge` deep-merges objects and replaces the rest, and the factories build
// payloads from seeds and sequences.

import { describe, expect, it } from 'vitest';
import { date, dateTime, decimal, factory, id64, int, merge, money, pick, random, time, withPayload, withTopicField } from '../../runtime/fixtures.js';

describe('seeded generators', () => {
  it('random: the same seed gives the same sequence, in [0, 1)', () => {
    const a = random(42);
    const b = random(42);
    const seq = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(seq);
    expect(seq.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(random(43)()).not.toBe(seq[0]);
    // mulberry32 from seed 1: pinned, so a change of the generator shows here
    const r = random(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('int, pick, money and decimal stay in range and take their shapes', () => {
    const r = random(7);
    for (let k = 0; k < 500; k++) {
      const n = int(r, -3, 3);
      expect(Number.isInteger(n) && n >= -3 && n <= 3).toBe(true);
      expect(['a', 'b']).toContain(pick(r, ['a', 'b']));
      expect(money(r, 50)).toMatch(/^\d+\.\d\d$/);
      const d = decimal(r, 10);
      expect(d >= 0 && d <= 10 && Number(d.toFixed(2)) === d).toBe(true);
    }
  });

  it('dates are RFC 3339 between 2017 and 2026, in UTC', () => {
    const r = random(3);
    for (let k = 0; k < 200; k++) {
      const dt = dateTime(r);
      expect(dt).toMatch(/^20(1[7-9]|2[0-7])-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(date(random(5))).toBe(dateTime(random(5)).slice(0, 10));
    expect(time(random(5))).toBe(dateTime(random(5)).slice(11));
  });

  it('id64 is above 2^53 (a lossy parser would change it) and sequential', () => {
    expect(id64(0)).toBe('9007199254740993');
    expect(id64(1)).toBe('9007199254740994');
    expect(Number.isSafeInteger(Number(id64(0)))).toBe(false);
  });
});

describe('merge', () => {
  it('merges objects key by key, replaces arrays and scalars, and leaves the base unchanged', () => {
    const base = { a: 1, nested: { x: 1, y: 2 }, list: [1, 2, 3] };
    const out = merge(base, { nested: { y: 3 }, list: [9] });
    expect(out).toEqual({ a: 1, nested: { x: 1, y: 3 }, list: [9] });
    expect(base).toEqual({ a: 1, nested: { x: 1, y: 2 }, list: [1, 2, 3] });
  });

  it('undefined changes nothing; null replaces', () => {
    const base = { a: 1, b: { c: 2 } as { c: number } | null };
    expect(merge(base, undefined)).toBe(base);
    expect(merge<Record<string, unknown>>(base, { a: undefined })).toEqual(base);
    expect(merge(base, { b: null })).toEqual({ a: 1, b: null });
  });

  it('a __proto__ key in the overrides is ignored (no prototype pollution)', () => {
    const out = merge<Record<string, unknown>>({ a: 1 }, JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(out).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('factory and withTopicField', () => {
  interface Thing {
    id: string;
    n: number;
    meta: { event_name: string; tags: string[] };
  }
  const generate = (r: () => number, sequence: number): Thing => ({ id: id64(sequence), n: int(r, 0, 1000), meta: { event_name: 'generated', tags: ['a'] } });
  const sample = (): Thing => ({ id: '1', n: 5, meta: { event_name: 'sample', tags: [] } });
  const things = factory(sample, generate);

  it('is frozen; sample is a fresh object each time', () => {
    expect(Object.isFrozen(things)).toBe(true);
    expect(things.sample()).toEqual(sample());
    expect(things.sample()).not.toBe(things.sample());
  });

  it('build: seed 1 and sequence 0 by default, the same seed the same payload, overrides merged', () => {
    expect(things.build()).toEqual(generate(random(1), 0));
    expect(things.build(undefined, { seed: 9, sequence: 4 })).toEqual(generate(random(9), 4));
    expect(things.build({ meta: { tags: ['x'] } }).meta).toEqual({ event_name: 'generated', tags: ['x'] });
  });

  it('buildList: seeds seed, seed+1, … and sequential ids', () => {
    const list = things.buildList(3, { n: 7 }, { seed: 10 });
    expect(list.map((t) => t.id)).toEqual([id64(0), id64(1), id64(2)]);
    expect(list).toEqual([0, 1, 2].map((i) => ({ ...generate(random(10 + i), i), n: 7 })));
  });

  it('withTopicField puts the topic at the pointer of every payload, unless overridden', () => {
    const topical = withTopicField(things, '/meta/event_name', 'order_created');
    expect(topical.sample().meta.event_name).toBe('order_created');
    expect(topical.build().meta.event_name).toBe('order_created');
    expect(topical.buildList(2).map((t) => t.meta.event_name)).toEqual(['order_created', 'order_created']);
    expect(topical.build({ meta: { event_name: 'other' } }).meta.event_name).toBe('other');
    // missing objects along the pointer are made; ~1 and ~0 are unescaped
    const bare = withTopicField(factory(() => ({}) as Record<string, unknown>, () => ({})), '/a~1b/c~0d', 't');
    expect(bare.sample()).toEqual({ 'a/b': { 'c~d': 't' } });
  });

  it("withPayload: whole bodies, the envelope's values around the topic's payload (from the same seed) and the topic", () => {
    interface Body {
      meta: { event_name: string; at: number };
      data: Thing;
    }
    const envelope = factory(
      () => ({ meta: { event_name: 'sample', at: 1 }, data: null }) as unknown,
      (r) => ({ meta: { event_name: 'generated', at: int(r, 0, 9) }, data: null }) as unknown,
    );
    const bodies = withPayload<Body>(envelope, () => ({ meta: { event_name: 'docs', at: 2 }, data: 'replaced' }), things, ['data'], ['meta', 'event_name'], 'order_created');
    expect(bodies.sample()).toEqual({ meta: { event_name: 'order_created', at: 2 }, data: sample() });
    const built = bodies.build(undefined, { seed: 4, sequence: 2 });
    expect(built).toEqual({ meta: { event_name: 'order_created', at: int(random(4), 0, 9) }, data: generate(random(4), 2) });
    expect(bodies.build({ data: { n: 1 }, meta: { at: 99 } }, { seed: 4 })).toMatchObject({ meta: { event_name: 'order_created', at: 99 }, data: { n: 1, id: id64(0) } });
    expect(bodies.buildList(2, undefined, { seed: 4 }).map((b) => b.data.id)).toEqual([id64(0), id64(1)]);
    // the topic only where the envelope holds it; members on the way are made
    const nested = withPayload<{ event: { object: unknown } }>(envelope, () => ({}), things, ['event', 'object'], undefined, 't');
    expect(nested.sample()).toEqual({ event: { object: sample() } });
  });
});
