// Seeded value generators for the generated fixture factories. Only integer arithmetic and
// Date.UTC are used, so a seed gives the same bytes on every machine and in every time zone.

/**
 * Overrides for a fixture: every field optional at every depth. Objects are merged key by key;
 * arrays are replaced whole (give the full array you want), as are all other values.
 */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Options of `build` and `buildList`. */
export interface BuildOptions {
  /** Same seed, same payload, on every machine (default 1). `buildList` uses seed, seed+1, ... */
  readonly seed?: number;
  /** Position in a list: ids derive from it, so `buildList` gives sequential ids (default 0). */
  readonly sequence?: number;
}

/** Test payloads for one model or topic. */
export interface Fixture<T> {
  /** The documented sample, as a fresh object on every call (64-bit ids exact, as digit strings). */
  sample(): T;
  /** A valid payload generated from the seed, with `overrides` merged in (objects deep, arrays replaced). */
  build(overrides?: DeepPartial<T>, options?: BuildOptions): T;
  /** `count` payloads with seeds seed, seed+1, ... and sequential ids. */
  buildList(count: number, overrides?: DeepPartial<T>, options?: Pick<BuildOptions, 'seed'>): T[];
}

/** An object's members by key, once a value is known to be a plain object. */
type Members = { [key: string]: unknown };

/** A seeded PRNG (mulberry32): same seed, same sequence, everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** One of the values. */
export function pick<T>(r: () => number, values: readonly T[]): T {
  // r() < 1, so the index is always in range for a non-empty list
  return values[Math.floor(r() * values.length)] as T;
}

/** A decimal string with two places, like the docs' money fields ("19.99"). */
export function money(r: () => number, max: number): string {
  const cents = int(r, 0, Math.max(100, Math.round(max * 100)));
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A number with at most two decimals. */
export function decimal(r: () => number, max: number): number {
  return Math.round(r() * Math.max(1, max) * 100) / 100;
}

const START = Date.UTC(2017, 0, 1);
const SPAN_S = 10 * 365 * 24 * 3600;

/** An RFC 3339 date-time (UTC) between 2017 and 2026. */
export function dateTime(r: () => number): string {
  return new Date(START + int(r, 0, SPAN_S) * 1000).toISOString().replace('.000Z', 'Z');
}

/** An RFC 3339 full-date. */
export function date(r: () => number): string {
  return dateTime(r).slice(0, 10);
}

/** An RFC 3339 time with a time zone. */
export function time(r: () => number): string {
  return dateTime(r).slice(11);
}

/** A 64-bit id as digits, above 2^53 so that a lossy parser would show itself. */
export function id64(n: number): string {
  return String(9007199254740993n + BigInt(n));
}

/** Objects merged key by key; arrays and everything else replaced; `undefined` changes nothing. */
export function merge<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (overrides === undefined) return base;
  // the values are JSON-shaped payloads: a plain object merges, anything else replaces
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const out: Members = { ...base };
  for (const key of Object.keys(overrides)) {
    if (key === '__proto__') continue;
    const value = overrides[key];
    if (value !== undefined) out[key] = merge(base[key], value);
  }
  return out as T;
}

function isPlainObject(v: unknown): v is Members {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The factory object behind every model's and topic's fixtures. */
export function factory<T>(sample: () => T, generate: (r: () => number, sequence: number) => T): Fixture<T> {
  const build = (overrides?: DeepPartial<T>, options?: BuildOptions): T => merge(generate(random(options?.seed ?? 1), options?.sequence ?? 0), overrides);
  return Object.freeze({
    sample,
    build,
    buildList(count: number, overrides?: DeepPartial<T>, options?: Pick<BuildOptions, 'seed'>): T[] {
      const seed = options?.seed ?? 1;
      return Array.from({ length: count }, (_, i) => build(overrides, { seed: seed + i, sequence: i }));
    },
  });
}

/** `value` with `member` at `keys` (the objects on the way made when missing); fixtures are JSON, changed in place. */
function setAt<T>(value: T, keys: readonly string[], member: unknown): T {
  let node = value as Members;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Members;
  }
  node[keys[keys.length - 1] ?? ''] = member;
  return value;
}

/**
 * The fixture of a topic whose name travels inside the payload (a body field such as
 * /meta/event_name): every payload it gives carries that topic there, unless overridden.
 */
export function withTopicField<T>(fixture: Fixture<T>, pointer: string, topic: string): Fixture<T> {
  const segments = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const set = (value: T): T => setAt(value, segments, topic);
  return Object.freeze({
    sample: () => set(fixture.sample()),
    build: (overrides?: DeepPartial<T>, options?: BuildOptions) => merge(set(fixture.build(undefined, options)), overrides),
    buildList: (count: number, overrides?: DeepPartial<T>, options?: Pick<BuildOptions, 'seed'>) => fixture.buildList(count, undefined, options).map((v) => merge(set(v), overrides)),
  });
}

/**
 * Whole bodies of one topic, for a provider whose body is an envelope with a model of its own:
 * the envelope's values with the topic's payload at `at` (keys) and, when the topic is a field
 * of the envelope, the topic at `topicAt`. `sample()` is the docs' envelope sample (`sample`)
 * around the payload's sample; `build` generates both from the same seed.
 */
export function withPayload<R>(envelope: Fixture<unknown>, sample: () => unknown, payload: Fixture<unknown>, at: readonly string[], topicAt: readonly string[] | undefined, topic: string): Fixture<R> {
  const put = (value: unknown, member: unknown): R => {
    setAt(value, at, member);
    if (topicAt !== undefined) setAt(value, topicAt, topic);
    // the envelope's fields, the topic's payload and the topic: what R (the typed body) says
    return value as R;
  };
  const build = (overrides?: DeepPartial<R>, options?: BuildOptions): R => merge(put(envelope.build(undefined, options), payload.build(undefined, options)), overrides);
  return Object.freeze({
    sample: () => put(sample(), payload.sample()),
    build,
    buildList(count: number, overrides?: DeepPartial<R>, options?: Pick<BuildOptions, 'seed'>): R[] {
      const seed = options?.seed ?? 1;
      return Array.from({ length: count }, (_, i) => build(overrides, { seed: seed + i, sequence: i }));
    },
  });
}
