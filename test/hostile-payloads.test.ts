// The hostile-payload campaign (issue 13): what the generated package does with hostile
// deliveries, headers and values, for every provider (Spiffy: signed, topic header; Cratejoy:
// no signature, anyone can post, topic by route, body maybe an escaped JSON string; Lemon
// Squeezy: signed hex, topic in the body). Every case is table-driven, `[name, { given, want }]`,
// and asserts its outcome: the status and reason, the issue count against the limit, the
// message's length and that it is one line of escaped text. No case asserts a time: the cost
// of each class is measured by `npm run bench` (group `hostile`, bench/README.md).
//
// The bodies come from bench/lib/hostile.ts (shared with the bench): real samples of spec/ with
// one member replaced by a long array, a long string, deep nesting, unknown keys, and so on.

import type { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as spiffy from '../generated/spiffy/index.js';
import * as cratejoy from '../generated/cratejoy/index.js';
import * as lemonsqueezy from '../generated/lemonsqueezy/index.js';
import { shapeOf, toMatchWebhookShape } from '../generated/testing.js';
import { createHmacVerifier, decodeSignature, MAX_SIGNATURES, readSignatureHeader, signHmac, type HmacCrypto, type HmacScheme } from '../generated/runtime/receive.js';
import { DEFAULT_MAX_ISSUES, quoteText, showPointer, ValidationError, type ValidationIssue } from '../generated/runtime/validate.js';
import { SHAPE_MAX_DEPTH } from '../generated/runtime/shape.js';
import { hostileCases, PAIRS_SCHEME, STANDARD_WEBHOOKS_SCHEME, type HostileCase, type HostileWant, type Provider } from '../bench/lib/hostile.js';
import { compareValue, loadProviderModel } from '../src/tools/drift/drift.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'hostile-test-secret';
const SHOP = 'hostile.example';

/** Characters no message may carry raw: controls, bidi and zero-width formatting, separators, BOM, lone surrogates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The longest message any case may produce: a summary line and three issues at most. */
const MAX_MESSAGE = 1200;
/** The longest issue message: a pointer of cut segments, the expectation, a cut value. */
const MAX_ISSUE_MESSAGE = 700;

type Result = {
  ok: boolean;
  valid?: boolean;
  reason?: string;
  status?: number;
  message?: string;
  issues?: readonly ValidationIssue[];
  truncated?: true;
  drift?: readonly { count: number; path: string }[];
  topic?: string;
};

/** Asserts that a message is one bounded line of escaped text. */
function expectSafeMessage(message: string, max: number, what: string): void {
  expect(message.length, `${what}: message length`).toBeLessThanOrEqual(max);
  expect(UNSAFE.exec(message)?.[0], `${what}: a raw control, formatting or lone surrogate character in ${JSON.stringify(message.slice(0, 200))}`).toBeUndefined();
}

function expectOutcome(r: Result, want: HostileWant, cap: number, what: string): void {
  expect(r.ok, `${what}: ok (${r.reason ?? ''} ${r.message?.slice(0, 300) ?? ''})`).toBe(want.ok);
  if (want.valid !== undefined) expect(r.valid, `${what}: valid`).toBe(want.valid);
  if (want.reason !== undefined) expect([r.reason, r.status], `${what}: reason and status`).toEqual([want.reason, want.status]);
  if (r.message !== undefined) expectSafeMessage(r.message, MAX_MESSAGE, what);
  if (r.issues !== undefined) {
    expect(r.issues.length, `${what}: issues within the limit`).toBeLessThanOrEqual(cap);
    if (want.issues !== undefined) expect(r.issues.length, `${what}: issue count`).toBe(want.issues);
    if (want.truncated !== undefined) expect(r.truncated === true, `${what}: truncated`).toBe(want.truncated);
    for (const i of r.issues) {
      expectSafeMessage(i.message, MAX_ISSUE_MESSAGE, `${what} ${i.path.slice(0, 60)}`);
      expect(i.received.length, `${what}: received is short`).toBeLessThanOrEqual(120);
      expect(i.path === '' || i.path.startsWith('/'), `${what}: a JSON pointer`).toBe(true);
    }
    expect((r.drift ?? []).length, `${what}: drift groups no more than issues`).toBeLessThanOrEqual(r.issues.length);
  } else if (want.issues !== undefined) throw new Error(`${what}: expected ${want.issues} issues, found none (${JSON.stringify(r).slice(0, 300)})`);
}

/** Sends one hostile case to its provider's receiver, signed when the provider signs. */
async function deliver(c: HostileCase, extra: { readonly maxIssues?: number } = {}): Promise<Result> {
  const options = { ...c.options, ...extra };
  if (c.provider === 'spiffy') {
    const valid = await spiffy.signSpiffyBody(c.body, SECRET);
    const headers = { 'x-spiffy-topic': c.topic, 'x-spiffy-hmac-sha256': c.signature ? c.signature(valid) : valid, 'x-spiffy-shop-domain': SHOP };
    return (await spiffy.createSpiffyReceiver({ secrets: SECRET, ...options }).receive({ headers, body: c.body })) as Result;
  }
  if (c.provider === 'lemonsqueezy') {
    const valid = await lemonsqueezy.signLemonSqueezyBody(c.body, SECRET);
    const headers = { 'x-signature': c.signature ? c.signature(valid) : valid };
    return (await lemonsqueezy.createLemonSqueezyReceiver({ secrets: SECRET, ...options }).receive({ headers, body: c.body })) as Result;
  }
  return (await cratejoy.createCratejoyReceiver(options).receive({ headers: {}, body: c.body, topic: c.topic as cratejoy.CratejoyTopic })) as Result;
}

// ---------------------------------------------------------------------------------------------
// 1. every hostile class, for each provider, at 64 KiB and (some) at a million elements

type ReceiverCase = [string, { given: { case: HostileCase; maxIssues?: number }; want: HostileWant & { cap: number } }];

const small = hostileCases(root, 64 * 1024);
const receiverCases: ReceiverCase[] = [
  ...small.map((c): ReceiverCase => [`${c.id}: ${c.title}`, { given: { case: c }, want: { ...c.want, cap: c.options.maxIssues ?? DEFAULT_MAX_ISSUES } }]),
  // the same classes with a smaller and a larger limit
  ...small
    .filter((c) => c.want.truncated === true && c.options.maxIssues === undefined)
    .flatMap((c): ReceiverCase[] => [
      [`${c.id} with maxIssues: 1`, { given: { case: c, maxIssues: 1 }, want: { ...c.want, issues: 1, cap: 1 } }],
      [`${c.id} with maxIssues: 3`, { given: { case: c, maxIssues: 3 }, want: { ...c.want, issues: 3, cap: 3 } }],
    ]),
];

describe('receivers: hostile bodies (64 KiB)', () => {
  it('covers every provider and every kind of outcome', () => {
    const providers = new Set(small.map((c) => c.provider));
    expect([...providers].sort()).toEqual(['cratejoy', 'lemonsqueezy', 'spiffy']);
    const outcomes = new Set(small.map((c) => (c.want.ok ? `valid:${String(c.want.valid)}` : c.want.reason)));
    expect([...outcomes].sort()).toEqual(['invalid_hmac', 'invalid_json', 'invalid_payload', 'unknown_topic', 'valid:false', 'valid:true']);
  });

  it.each(receiverCases)('%s', async (_name, { given, want }) => {
    const r = await deliver(given.case, given.maxIssues === undefined ? {} : { maxIssues: given.maxIssues });
    expectOutcome(r, want, want.cap, given.case.id);
  });
});

describe('receivers: a million elements (bodies of 2 MiB)', () => {
  const big = hostileCases(root, 2 * 1024 * 1024);
  const pick = (id: string): HostileCase => {
    const c = big.find((x) => x.id === id);
    if (!c) throw new Error(`no hostile case ${id}`);
    return c;
  };
  const cases: [string, { given: HostileCase; want: HostileWant & { elements: number } }][] = [
    ['Spiffy, signed: 10^6 integers as line items', { given: pick('spiffy_bad_items'), want: { ...pick('spiffy_bad_items').want, elements: 1_000_000 } }],
    ['Cratejoy, unsigned: 10^6 integers as coupons', { given: pick('cratejoy_bad_coupons'), want: { ...pick('cratejoy_bad_coupons').want, elements: 1_000_000 } }],
    ['Cratejoy, unsigned: 10^6 integers as coupons, escaped JSON string body', { given: pick('cratejoy_json_string_body'), want: { ...pick('cratejoy_json_string_body').want, elements: 1_000_000 } }],
    ['Spiffy, signed: 700k empty line items (valid)', { given: pick('spiffy_valid_items'), want: { ...pick('spiffy_valid_items').want, elements: 690_000 } }],
    ['Lemon Squeezy, signed: 400k booleans as affiliate products', { given: pick('lemonsqueezy_bad_products'), want: { ...pick('lemonsqueezy_bad_products').want, elements: 400_000 } }],
  ];
  it.each(cases)('%s', async (_name, { given, want }) => {
    // the body really holds that many elements: the count of separators at the top of the array
    const text = given.text;
    expect(text.split(',').length).toBeGreaterThanOrEqual(want.elements);
    const r = await deliver(given);
    expectOutcome(r, want, DEFAULT_MAX_ISSUES, given.id);
    if (r.issues) expect(r.issues.map((i) => i.path).slice(0, 2)).toEqual(expect.arrayContaining([expect.stringMatching(/\/0$/)]));
  });
});

// ---------------------------------------------------------------------------------------------
// 2. signature headers with many items: the HMAC is computed once per secret

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

type SignatureCase = [string, { given: { scheme: HmacScheme; header: (valid: string, t: string) => string; secrets: number }; want: { verified: boolean; hmacs: number } }];

const STD = STANDARD_WEBHOOKS_SCHEME as unknown as HmacScheme;
const PAIRS = PAIRS_SCHEME as unknown as HmacScheme;
const fakeStd = (i: number): string => `v1,${b64(new Uint8Array(32).fill(i % 251))}`;
const fakeHex = (i: number): string => (i % 16).toString(16).repeat(64);
const many = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const stdValue = (v: string): string => v; // the signed header value is `v1,<base64>`
const pairsDigest = (v: string): string => v.slice(v.indexOf('v1=') + 3);

const signatureCases: SignatureCase[] = [
  // Standard Webhooks: space-separated `v1,<base64>` items
  ['std: the valid signature alone', { given: { scheme: STD, header: (v) => stdValue(v), secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['std: the valid one after 7 fakes (the 8th item)', { given: { scheme: STD, header: (v) => [...many(7, fakeStd), v].join(' '), secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  [`std: the valid one after ${MAX_SIGNATURES} fakes (past the ${MAX_SIGNATURES} considered)`, { given: { scheme: STD, header: (v) => [...many(MAX_SIGNATURES, fakeStd), v].join(' '), secrets: 1 }, want: { verified: false, hmacs: 1 } }],
  ['std: 330 fakes, then the valid one', { given: { scheme: STD, header: (v) => [...many(330, fakeStd), v].join(' '), secrets: 1 }, want: { verified: false, hmacs: 1 } }],
  ['std: the valid one, then 330 fakes', { given: { scheme: STD, header: (v) => [v, ...many(330, fakeStd)].join(' '), secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['std: 330 fakes, three secrets', { given: { scheme: STD, header: () => many(330, fakeStd).join(' '), secrets: 3 }, want: { verified: false, hmacs: 3 } }],
  ['std: the valid one 330 times', { given: { scheme: STD, header: (v) => many(330, () => v).join(' '), secrets: 2 }, want: { verified: true, hmacs: 2 } }],
  ['std: v2 items (another version) before the valid one', { given: { scheme: STD, header: (v) => [...many(5, (i) => fakeStd(i).replace('v1,', 'v2,')), v].join(' '), secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['std: 5,000 malformed items (no digest decodes)', { given: { scheme: STD, header: () => many(5000, (i) => `v1,${'!'.repeat(i % 7)}`).join(' '), secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['std: one 64 KiB item', { given: { scheme: STD, header: () => `v1,${'A'.repeat(65536)}`, secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['std: empty header', { given: { scheme: STD, header: () => '', secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['std: only separators', { given: { scheme: STD, header: () => ' '.repeat(10000), secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['std: a digest one byte short', { given: { scheme: STD, header: (v) => `v1,${b64(Buffer.from(v.slice(3), 'base64').subarray(0, 31))}`, secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['std: the valid digest with a flipped last bit', { given: { scheme: STD, header: (v) => { const d = Buffer.from(v.slice(3), 'base64'); d[31] ^= 1; return `v1,${b64(d)}`; }, secrets: 1 }, want: { verified: false, hmacs: 1 } }],
  ['std: newlines and tabs around the items', { given: { scheme: STD, header: (v) => `\t${fakeStd(1)}\n ${v}\r\n`, secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  // Stripe-like pairs: `t=<timestamp>,v1=<hex>,...`
  ['pairs: t and the valid v1', { given: { scheme: PAIRS, header: (v, t) => `t=${t},v1=${pairsDigest(v)}`, secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['pairs: v1 before t', { given: { scheme: PAIRS, header: (v, t) => `v1=${pairsDigest(v)},t=${t}`, secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['pairs: 7 fake v1, then the valid one', { given: { scheme: PAIRS, header: (v, t) => [`t=${t}`, ...many(7, (i) => `v1=${fakeHex(i)}`), `v1=${pairsDigest(v)}`].join(','), secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['pairs: 330 fake v1, then the valid one', { given: { scheme: PAIRS, header: (v, t) => [`t=${t}`, ...many(330, (i) => `v1=${fakeHex(i)}`), `v1=${pairsDigest(v)}`].join(','), secrets: 1 }, want: { verified: false, hmacs: 1 } }],
  ['pairs: 330 fake v1 and two secrets', { given: { scheme: PAIRS, header: (_v, t) => [`t=${t}`, ...many(330, (i) => `v1=${fakeHex(i)}`)].join(','), secrets: 2 }, want: { verified: false, hmacs: 2 } }],
  ['pairs: 4,000 other items between t and the valid v1', { given: { scheme: PAIRS, header: (v, t) => [`t=${t}`, ...many(4000, (i) => `x${i}=y`), `v1=${pairsDigest(v)}`].join(','), secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['pairs: t repeated (the first one counts)', { given: { scheme: PAIRS, header: (v, t) => `t=1,t=${t},v1=${pairsDigest(v)}`, secrets: 1 }, want: { verified: false, hmacs: 1 } }],
  ['pairs: __proto__ and constructor items', { given: { scheme: PAIRS, header: (v, t) => `__proto__=x,constructor=y,toString=z,t=${t},v1=${pairsDigest(v)}`, secrets: 1 }, want: { verified: true, hmacs: 1 } }],
  ['pairs: only v0 items', { given: { scheme: PAIRS, header: (v, t) => `t=${t},v0=${pairsDigest(v)}`, secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['pairs: items without "="', { given: { scheme: PAIRS, header: (v, t) => `t=${t},${pairsDigest(v)},v1`, secrets: 1 }, want: { verified: false, hmacs: 0 } }],
  ['pairs: upper-case hex', { given: { scheme: PAIRS, header: (v, t) => `t=${t},v1=${pairsDigest(v).toUpperCase()}`, secrets: 1 }, want: { verified: true, hmacs: 1 } }],
];

/** Node's crypto module, as the runtime reaches it (process.getBuiltinModule): spied on to count HMACs. */
const nodeCrypto = process.getBuiltinModule('node:crypto');

/**
 * An HMAC implementation for createHmacVerifier (node:crypto, or Web Crypto as in a browser or a
 * Worker) that counts the HMACs it computes and, for node:crypto, the digest comparisons.
 */
function countingCrypto(kind: 'node:crypto' | 'Web Crypto'): { crypto: HmacCrypto; hmacs: () => number; comparisons: () => number } {
  let hmacs = 0;
  let comparisons = 0;
  const subtle = globalThis.crypto.subtle;
  const crypto: HmacCrypto =
    kind === 'node:crypto'
      ? {
          node: {
            createHmac: (algorithm, key) => (hmacs++, nodeCrypto.createHmac(algorithm, key)),
            timingSafeEqual: (a, b) => (comparisons++, nodeCrypto.timingSafeEqual(a, b)),
          },
        }
      : {
          subtle: {
            importKey: (format, key, algorithm, extractable, usages) => subtle.importKey(format, key, algorithm, extractable, [...usages] as webcrypto.KeyUsage[]),
            sign: (algorithm, key, data) => (hmacs++, subtle.sign(algorithm, key as webcrypto.CryptoKey, data)),
          },
        };
  return { crypto, hmacs: () => hmacs, comparisons: () => comparisons };
}

describe.each(['node:crypto', 'Web Crypto'] as const)('signature headers (%s): bounded items, one HMAC per secret, constant-time comparisons', (kind) => {
  const body = new Uint8Array(Buffer.from(JSON.stringify({ hello: 'x'.repeat(1000) })));
  const stdSecrets = ['whsec_' + b64(new Uint8Array(24).fill(7)), 'whsec_' + b64(new Uint8Array(24).fill(8)), 'whsec_' + b64(new Uint8Array(24).fill(9))];
  const pairsSecrets = ['pairs-secret-a', 'pairs-secret-b', 'pairs-secret-c'];

  it.each(signatureCases)('%s', async (_name, { given, want }) => {
    const secrets = (given.scheme === STD ? stdSecrets : pairsSecrets).slice(0, given.secrets);
    const t = '1700000000';
    const id = 'msg_1';
    const counting = countingCrypto(kind);
    // the valid signature is by the last secret, so that every secret is tried before a match;
    // signed with the implementation under test
    const valid = await signHmac(given.scheme, body, secrets[secrets.length - 1] ?? '', { timestamp: t, id }, counting.crypto);
    const header = given.header(valid, t);
    const verify = createHmacVerifier(given.scheme, secrets, 'hostile', counting.crypto);
    const parts: Record<string, string> = given.scheme === STD ? { id, timestamp: t } : { timestamp: readSignatureHeader(given.scheme, header).items.t ?? '' };
    const before = counting.hmacs();
    const compared = counting.comparisons();
    expect(await verify(body, header, parts)).toBe(want.verified);
    expect(counting.hmacs() - before).toBe(want.hmacs);
    // node:crypto: every HMAC is compared with every signature considered, in constant time (timingSafeEqual)
    if (kind === 'node:crypto' && want.hmacs > 0) {
      const considered = readSignatureHeader(given.scheme, header).signatures.filter((v) => decodeSignature(given.scheme, v) !== undefined).length;
      expect(counting.comparisons() - compared).toBe(want.hmacs * considered);
    }
  });
});

describe('signature headers: bounded items (header reading), one HMAC per secret (receivers)', () => {
  let sign: ReturnType<typeof vi.spyOn> | undefined;
  let createHmac: ReturnType<typeof vi.spyOn> | undefined;
  beforeEach(() => {
    sign = undefined;
    createHmac = undefined;
  });
  afterEach(() => {
    sign?.mockRestore();
    createHmac?.mockRestore();
  });
  /** HMACs computed since the spies were set, by either implementation. */
  const hmacs = (): number => (sign?.mock.calls.length ?? 0) + (createHmac?.mock.calls.length ?? 0);

  it(`reads at most ${MAX_SIGNATURES} signatures, and a header's named items into a table without a prototype`, () => {
    const r = readSignatureHeader(PAIRS, [...many(100, (i) => `v1=${fakeHex(i)}`), '__proto__=p', 'constructor=c', 't=1'].join(','));
    expect(r.signatures).toHaveLength(MAX_SIGNATURES);
    expect(Object.getPrototypeOf(r.items)).toBeNull();
    expect(Object.entries(r.items)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['t', '1'],
    ]);
  });

  it.each<[string, { given: { provider: 'spiffy' | 'lemonsqueezy'; header: (valid: string) => string }; want: { reason: string; hmacs: number } }]>([
    ['Spiffy: 330 comma-joined signatures (one value, which decodes to nothing)', { given: { provider: 'spiffy', header: (v) => many(331, () => v).join(',') }, want: { reason: 'invalid_hmac', hmacs: 0 } }],
    ['Spiffy: a 64 KiB signature header', { given: { provider: 'spiffy', header: () => 'A'.repeat(65536) }, want: { reason: 'invalid_hmac', hmacs: 0 } }],
    ['Spiffy: a wrong signature of the right length, two secrets', { given: { provider: 'spiffy', header: (v) => (v[0] === 'A' ? 'B' : 'A') + v.slice(1) }, want: { reason: 'invalid_hmac', hmacs: 2 } }],
    ['Lemon Squeezy: 330 comma-joined hex digests', { given: { provider: 'lemonsqueezy', header: (v) => many(331, () => v).join(',') }, want: { reason: 'invalid_hmac', hmacs: 0 } }],
    ['Lemon Squeezy: a wrong digest of the right length, two secrets', { given: { provider: 'lemonsqueezy', header: (v) => (v[0] === '0' ? '1' : '0') + v.slice(1) }, want: { reason: 'invalid_hmac', hmacs: 2 } }],
  ])('%s', async (_name, { given, want }) => {
    const body = given.provider === 'spiffy' ? readFileSync(join(root, 'spec/spiffy/samples/order.json')) : readFileSync(join(root, 'spec/lemonsqueezy/samples/order.json'));
    const valid = given.provider === 'spiffy' ? await spiffy.signSpiffyBody(body, SECRET) : await lemonsqueezy.signLemonSqueezyBody(body, SECRET);
    const receiver = given.provider === 'spiffy' ? spiffy.createSpiffyReceiver({ secrets: ['other', SECRET] }) : lemonsqueezy.createLemonSqueezyReceiver({ secrets: ['other', SECRET] });
    // first a genuine delivery, so the keys are imported before counting
    const headers = (sig: string) => (given.provider === 'spiffy' ? { 'x-spiffy-topic': 'orders/create', 'x-spiffy-hmac-sha256': sig, 'x-spiffy-shop-domain': SHOP } : { 'x-signature': sig });
    expect(((await receiver.receive({ headers: headers(valid), body })) as Result).ok).toBe(true);
    sign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    createHmac = vi.spyOn(nodeCrypto, 'createHmac');
    const r = (await receiver.receive({ headers: headers(given.header(valid)), body })) as Result;
    expect([r.ok, r.reason, r.status]).toEqual([false, want.reason, 401]);
    expect(hmacs()).toBe(want.hmacs);
    expectSafeMessage(r.message ?? '', 300, 'signature failure');
  });
});

// ---------------------------------------------------------------------------------------------
// 3. messages are data: keys and values escaped and cut, the path exact

const order = JSON.parse(readFileSync(join(root, 'spec/spiffy/samples/order.json'), 'utf8')) as Record<string, unknown>;
const orderValue = spiffy.parseSpiffyBody('orders/create', JSON.stringify(order)) as unknown as Record<string, unknown>;
const HUGE = 5 * 1024 * 1024;

const cratejoyOrder = cratejoy.parseCratejoyBody('order_new', readFileSync(join(root, 'spec/cratejoy/samples/order.json'), 'utf8')) as unknown as Record<string, unknown>;

type MessageCase = [string, { given: { key?: string; value?: unknown; at?: string; cratejoy?: true }; want: { path: string; shows: RegExp; maxLength: number } }];

const messageCases: MessageCase[] = [
  ['a key with a newline forging a log line', { given: { key: 'a\nINFO 200 OK forged' }, want: { path: '/a\nINFO 200 OK forged', shows: /^\/a\\nINFO 200 OK forged: expected absent/, maxLength: 200 } }],
  ['a key with CR LF', { given: { key: 'x\r\ny' }, want: { path: '/x\r\ny', shows: /^\/x\\r\\ny:/, maxLength: 200 } }],
  ['a key of 5 MiB', { given: { key: 'k'.repeat(HUGE) }, want: { path: `/${'k'.repeat(HUGE)}`, shows: new RegExp(`^/k{100}… \\(${HUGE} chars\\): expected absent`), maxLength: 300 } }],
  ['a key with a right-to-left override', { given: { key: 'user\u202etxt.exe' }, want: { path: '/user\u202etxt.exe', shows: /^\/user\\u202etxt\.exe:/, maxLength: 200 } }],
  ['a key with bidi isolates', { given: { key: '\u2066a\u2069' }, want: { path: '/\u2066a\u2069', shows: /^\/\\u2066a\\u2069:/, maxLength: 200 } }],
  ['a key with a zero-width space', { given: { key: 'a\u200bb' }, want: { path: '/a\u200bb', shows: /^\/a\\u200bb:/, maxLength: 200 } }],
  ['a key with a line separator', { given: { key: 'a\u2028b\u2029c' }, want: { path: '/a\u2028b\u2029c', shows: /^\/a\\u2028b\\u2029c:/, maxLength: 200 } }],
  ['a key with a C1 control (NEL)', { given: { key: 'a\u0085b' }, want: { path: '/a\u0085b', shows: /^\/a\\u0085b:/, maxLength: 200 } }],
  ['a key with DEL and ESC', { given: { key: '\u007f\u001b[31m' }, want: { path: '/\u007f\u001b[31m', shows: /^\/\\u007f\\u001b\[31m:/, maxLength: 200 } }],
  ['a key with a byte order mark', { given: { key: '\ufeffid' }, want: { path: '/\ufeffid', shows: /^\/\\ufeffid:/, maxLength: 200 } }],
  ['a key with a lone high surrogate', { given: { key: 'a\ud800b' }, want: { path: '/a\ud800b', shows: /^\/a\\ud800b:/, maxLength: 200 } }],
  ['a key with a lone low surrogate', { given: { key: '\udc00' }, want: { path: '/\udc00', shows: /^\/\\udc00:/, maxLength: 200 } }],
  ['a key with an emoji (a valid pair, shown as it is)', { given: { key: 'a😀b' }, want: { path: '/a😀b', shows: /^\/a😀b:/, maxLength: 200 } }],
  ['a key with a slash and a tilde (escaped in the pointer)', { given: { key: 'a/b~c' }, want: { path: '/a~1b~0c', shows: /^\/a~1b~0c:/, maxLength: 200 } }],
  ['a key with a backslash', { given: { key: 'a\\nb' }, want: { path: '/a\\nb', shows: /^\/a\\\\nb:/, maxLength: 200 } }],
  ['a key with a quote', { given: { key: 'a"b' }, want: { path: '/a"b', shows: /^\/a"b:/, maxLength: 200 } }],
  ['a key __proto__', { given: { key: '__proto__' }, want: { path: '/__proto__', shows: /^\/__proto__: expected absent/, maxLength: 200 } }],
  ['a key of 200 newlines', { given: { key: '\n'.repeat(200) }, want: { path: `/${'\n'.repeat(200)}`, shows: /^\/(\\n){100}… \(200 chars\):/, maxLength: 400 } }],
  ['a value of 5 MiB where a boolean is expected', { given: { at: 'buyer_accepts_marketing', value: 'v'.repeat(HUGE) }, want: { path: '/buyer_accepts_marketing', shows: /^\/buyer_accepts_marketing: expected boolean \| null, received string$/, maxLength: 200 } }],
  ['a date-time of 5 MiB with newlines', { given: { at: 'created_at', value: '2020-01-01\n'.repeat(HUGE / 11) }, want: { path: '/created_at', shows: /^\/created_at: expected date-time string \| null, received "2020-01-01\\n2020-01-01\\n2020-01-01\\n2020-01…" \(\d+ chars\)$/, maxLength: 200 } }],
  ['an enum value with a right-to-left override', { given: { cratejoy: true, at: 'status', value: 'open\u202e' }, want: { path: '/status', shows: /^\/status: expected "open" \| "closed" \| null, received "open\\u202e"$/, maxLength: 300 } }],
  ['an enum value with a lone surrogate', { given: { cratejoy: true, at: 'status', value: '\ud83d' }, want: { path: '/status', shows: /received "\\ud83d"$/, maxLength: 300 } }],
  ['an enum value of 5 MiB of ANSI escapes', { given: { cratejoy: true, at: 'status', value: '\u001b[31m'.repeat(HUGE / 5) }, want: { path: '/status', shows: /received "(\\u001b\[31m){8}…" \(\d+ chars\)$/, maxLength: 300 } }],
  ['a Cratejoy key with a newline', { given: { cratejoy: true, key: 'x\ny' }, want: { path: '/x\ny', shows: /^\/x\\ny: expected absent/, maxLength: 200 } }],
  ['a digit string of newlines in a 64-bit id field', { given: { at: 'id', value: '1\n2' }, want: { path: '/id', shows: /^\/id: expected digit string \(64-bit integer\), received "1\\n2"$/, maxLength: 200 } }],
];

describe('messages are data: received keys and values escaped and cut; the path exact', () => {
  it.each(messageCases)('%s', (_name, { given, want }) => {
    const base = given.cratejoy ? cratejoyOrder : orderValue;
    const value = given.key !== undefined ? { ...base, [given.key]: 1 } : { ...base, [given.at ?? '']: given.value };
    // a computed `__proto__` key defines an own property, as JSON.parse does
    if (given.key === '__proto__') Object.defineProperty(value, '__proto__', { value: 1, enumerable: true, configurable: true, writable: true });
    const p = api(given.cratejoy ? 'cratejoy' : 'spiffy');
    const topic = given.cratejoy ? 'order_new' : 'orders/create';
    const r = (p.validate as (t: string, v: unknown, o: { strict: boolean }) => ReturnType<typeof spiffy.validateSpiffyPayload>)(topic, value, { strict: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.path === want.path);
    expect(issue, `an issue at the exact path (found ${r.issues.map((i) => JSON.stringify(i.path.slice(0, 40))).join(', ')})`).toBeDefined();
    if (!issue) return;
    expect(issue.message).toMatch(want.shows);
    expectSafeMessage(issue.message, want.maxLength, 'issue');
    // assert… throws the same, as one line per issue
    let thrown: unknown;
    try {
      (p.assert as (t: string, v: unknown, o: { strict: boolean }) => void)(topic, value, { strict: true });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    if (thrown instanceof ValidationError) expect(thrown.message.split('\n')).toHaveLength(r.issues.length + 1);
    // the Standard Schema issue carries the decoded path segments
    const s = (p.schema as unknown as (t: string, o: { strict: boolean }) => ReturnType<typeof spiffy.spiffyPayloadSchema>)(topic, { strict: true })['~standard'].validate(value);
    expect('issues' in s && s.issues !== undefined && s.issues.every((i) => UNSAFE.exec(i.message) === null)).toBe(true);
  });

  it.each<[string, { given: { topic: string }; want: { shows: RegExp; maxLength: number } }]>([
    ['a topic header with a newline', { given: { topic: 'orders/create\nforged' }, want: { shows: /^unknown Spiffy Stores topic "orders\/create\\nforged" \(the receiver was made with unknownTopics: 'reject'\)$/, maxLength: 160 } }],
    ['a topic header of 1 MiB', { given: { topic: 't'.repeat(1 << 20) }, want: { shows: new RegExp(`^unknown Spiffy Stores topic "t{100}…" \\(${1 << 20} chars\\) \\(the receiver was made with unknownTopics: 'reject'\\)$`), maxLength: 260 } }],
    ['a topic header with bidi', { given: { topic: '\u202eetaerc/sredro' }, want: { shows: /^unknown Spiffy Stores topic "\\u202eetaerc\/sredro" \(the receiver was made with unknownTopics: 'reject'\)$/, maxLength: 160 } }],
    ['a topic header __proto__', { given: { topic: '__proto__' }, want: { shows: /^unknown Spiffy Stores topic "__proto__" \(the receiver was made with unknownTopics: 'reject'\)$/, maxLength: 160 } }],
  ])('receiver: %s', async (_name, { given, want }) => {
    const body = readFileSync(join(root, 'spec/spiffy/samples/order.json'));
    const headers = { 'x-spiffy-topic': given.topic, 'x-spiffy-hmac-sha256': await spiffy.signSpiffyBody(body, SECRET), 'x-spiffy-shop-domain': SHOP };
    const r = (await spiffy.createSpiffyReceiver({ secrets: SECRET, unknownTopics: 'reject' }).receive({ headers, body })) as Result;
    expect([r.ok, r.reason, r.status]).toEqual([false, 'unknown_topic', 400]);
    expect(r.message).toMatch(want.shows);
    expectSafeMessage(r.message ?? '', want.maxLength, 'unknown topic');
    // by default the delivery is accepted as known: false; its one issue quotes the topic as safely
    const accepted = (await spiffy.createSpiffyReceiver({ secrets: SECRET }).receive({ headers, body })) as Result & { known?: boolean; topic?: string };
    expect([accepted.ok, accepted.valid, accepted.known, accepted.topic]).toEqual([true, false, false, given.topic]);
    expect(accepted.issues).toHaveLength(1);
    expectSafeMessage(accepted.issues?.[0]?.message ?? '', want.maxLength, 'unknown topic issue');
  });

  it.each<[string, { given: string; want: RegExp }]>([
    ['a syntax error after a line separator', { given: '{"a":"\u2028\u202e"x}', want: /^the body is not JSON: / }],
    ['a syntax error in a 1 MiB line of text', { given: `{"a":1,${'z'.repeat(1 << 20)}}`, want: /^the body is not JSON: / }],
    ['text that is not JSON at all, with escapes', { given: '\u001b[2J\u202e<html>', want: /^the body is not JSON: / }],
  ])('receiver, invalid JSON: %s', async (_name, { given, want }) => {
    const r = (await cratejoy.createCratejoyReceiver({}).receive({ headers: {}, body: given, topic: 'order_new' })) as Result;
    expect([r.ok, r.reason, r.status]).toEqual([false, 'invalid_json', 400]);
    expect(r.message).toMatch(want);
    expectSafeMessage(r.message ?? '', 400, 'invalid JSON');
  });

  it.each<[string, { given: { provider: Provider; topic: string }; want: RegExp }]>([
    ['Spiffy, a topic with a newline', { given: { provider: 'spiffy', topic: 'orders/create\nforged' }, want: /^Spiffy Stores payload of orders\/create\\nforged is invalid \(1 issue\):$/ }],
    ['Cratejoy, a topic of 1 MiB', { given: { provider: 'cratejoy', topic: 'c'.repeat(1 << 20) }, want: new RegExp(`^Cratejoy payload of c{100}… \\(${1 << 20} chars\\) is invalid \\(1 issue\\):$`) }],
    ['Lemon Squeezy, a topic with bidi and a lone surrogate', { given: { provider: 'lemonsqueezy', topic: '\u202eorder\ud800' }, want: /^Lemon Squeezy payload of \\u202eorder\\ud800 is invalid \(1 issue\):$/ }],
  ])('assert…Payload: %s', (_name, { given, want }) => {
    let thrown: unknown;
    try {
      api(given.provider).assert(given.topic, {});
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const lines = thrown instanceof ValidationError ? thrown.message.split('\n') : [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(want);
    for (const line of lines) expectSafeMessage(line, 400, 'assert');
  });

  it('quoteText and showPointer: bounded whatever the length, exact below the bound', () => {
    expect(quoteText('plain')).toBe('"plain"');
    expect(quoteText('x'.repeat(101))).toBe(`"${'x'.repeat(100)}…" (101 chars)`);
    // never cut inside a surrogate pair
    expect(quoteText(`${'x'.repeat(99)}😀`)).toBe(`"${'x'.repeat(99)}…" (101 chars)`);
    expect(showPointer('')).toBe('/');
    expect(showPointer('/a/0/b')).toBe('/a/0/b');
    expect(showPointer(`/${'q'.repeat(10 ** 6)}/x`)).toBe(`/${'q'.repeat(100)}… (1000000 chars)/x`);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. topic-keyed lookups with prototype names: the documented unknown-topic answers

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

interface ProviderApi {
  title: string;
  parse: (topic: string, body: string) => unknown;
  stringify: (topic: string, payload: unknown) => string;
  validate: (topic: string, value: unknown) => { ok: boolean; issues?: readonly ValidationIssue[] };
  is: (topic: string, value: unknown) => boolean;
  assert: (topic: string, value: unknown) => void;
  schema: (topic: string) => { '~standard': { validate: (v: unknown) => unknown } };
  fixture: (topic: string) => unknown;
  receive: (topic: string, options?: { unknownTopics: 'reject' }) => Promise<Result & { known?: boolean; topic?: string }>;
}

/** The providers' topic-keyed functions, called with any string (as untyped callers and requests do). */
function api(p: Provider): ProviderApi {
  const any = <F>(f: unknown): F => f as F;
  if (p === 'spiffy') {
    return {
      title: 'Spiffy Stores',
      parse: any(spiffy.parseSpiffyBody),
      stringify: any(spiffy.stringifySpiffyBody),
      validate: any(spiffy.validateSpiffyPayload),
      is: any(spiffy.isSpiffyPayload),
      assert: any(spiffy.assertSpiffyPayload),
      schema: any(spiffy.spiffyPayloadSchema),
      fixture: any(spiffy.spiffyFixture),
      receive: async (topic, options) => {
        const body = '{}';
        const headers = { 'x-spiffy-topic': topic, 'x-spiffy-hmac-sha256': await spiffy.signSpiffyBody(body, SECRET), 'x-spiffy-shop-domain': SHOP };
        return (await spiffy.createSpiffyReceiver({ secrets: SECRET, ...options }).receive({ headers, body })) as Result;
      },
    };
  }
  if (p === 'cratejoy') {
    return {
      title: 'Cratejoy',
      parse: any(cratejoy.parseCratejoyBody),
      stringify: any(cratejoy.stringifyCratejoyBody),
      validate: any(cratejoy.validateCratejoyPayload),
      is: any(cratejoy.isCratejoyPayload),
      assert: any(cratejoy.assertCratejoyPayload),
      schema: any(cratejoy.cratejoyPayloadSchema),
      fixture: any(cratejoy.cratejoyFixture),
      receive: async (topic, options) => (await cratejoy.createCratejoyReceiver({ ...options }).receive({ headers: {}, body: '{}', topic: topic as cratejoy.CratejoyTopic })) as Result,
    };
  }
  return {
    title: 'Lemon Squeezy',
    parse: any(lemonsqueezy.parseLemonSqueezyBody),
    stringify: any(lemonsqueezy.stringifyLemonSqueezyBody),
    validate: any(lemonsqueezy.validateLemonSqueezyPayload),
    is: any(lemonsqueezy.isLemonSqueezyPayload),
    assert: any(lemonsqueezy.assertLemonSqueezyPayload),
    schema: any(lemonsqueezy.lemonSqueezyPayloadSchema),
    fixture: any(lemonsqueezy.lemonSqueezyFixture),
    receive: async (topic, options) => {
      const body = JSON.stringify({ meta: { event_name: topic }, data: {} });
      const headers = { 'x-signature': await lemonsqueezy.signLemonSqueezyBody(body, SECRET) };
      return (await lemonsqueezy.createLemonSqueezyReceiver({ secrets: SECRET, ...options }).receive({ headers, body })) as Result;
    },
  };
}

type ProtoCase = [string, { given: { provider: Provider; topic: string; call: keyof Omit<ProviderApi, 'title'> | 'matcher' }; want: string }];

const protoCases: ProtoCase[] = (['spiffy', 'cratejoy', 'lemonsqueezy'] as const).flatMap((provider) =>
  PROTO_NAMES.flatMap((topic) =>
    (['parse', 'stringify', 'validate', 'is', 'assert', 'schema', 'fixture', 'receive', 'matcher'] as const).map((call): ProtoCase => [
      `${provider} ${call}(${JSON.stringify(topic)})`,
      {
        given: { provider, topic, call },
        want: {
          parse: 'the body parsed, no 64-bit paths applied',
          stringify: 'the payload as JSON, no 64-bit paths applied',
          validate: 'one issue: expected a known topic',
          is: 'false',
          assert: 'a ValidationError',
          schema: 'one Standard Schema issue',
          fixture: 'TypeError: unknown topic',
          receive: "by default ok, known: false; with unknownTopics: 'reject', unknown_topic (400)",
          matcher: 'pass: false, unknown provider',
        }[call],
      },
    ]),
  ),
);

describe('topic-keyed lookups with prototype names answer as for any unknown topic', () => {
  it.each(protoCases)('%s → %s', async (_name, { given }) => {
    const a = api(given.provider);
    const t = given.topic;
    switch (given.call) {
      case 'parse':
        // Lemon Squeezy's body is an envelope: parse hands over its payload member (/data)
        if (given.provider === 'lemonsqueezy') expect(a.parse(t, '{"meta":{},"data":{"id":12345678901234567890,"n":[1]}}')).toEqual({ id: '12345678901234567890', n: [1] });
        else expect(a.parse(t, '{"id":12345678901234567890,"n":[1]}')).toEqual({ id: '12345678901234567890', n: [1] });
        break;
      case 'stringify':
        if (given.provider === 'lemonsqueezy') expect(JSON.parse(a.stringify(t, { a: 1, b: '2' })).data).toEqual({ a: 1, b: '2' });
        else expect(a.stringify(t, { a: 1, b: '2' })).toBe(given.provider === 'cratejoy' ? JSON.stringify('{"a":1,"b":"2"}') : '{"a":1,"b":"2"}');
        break;
      case 'validate': {
        const r = a.validate(t, {});
        expect(r.ok).toBe(false);
        expect(r.issues?.map((i) => [i.path, i.expected, i.received])).toEqual([['', `a known ${a.title} topic`, JSON.stringify(t)]]);
        break;
      }
      case 'is':
        expect(a.is(t, {})).toBe(false);
        break;
      case 'assert':
        expect(() => a.assert(t, {})).toThrow(ValidationError);
        break;
      case 'schema': {
        const r = a.schema(t)['~standard'].validate({}) as { issues?: unknown[] };
        expect(r.issues).toHaveLength(1);
        break;
      }
      case 'fixture':
        expect(() => a.fixture(t)).toThrow(new RegExp(`^unknown ${a.title} topic`));
        expect(() => a.fixture(t)).toThrow(TypeError);
        break;
      case 'receive': {
        const accepted = await a.receive(t);
        expect([accepted.ok, accepted.valid, accepted.known, accepted.topic]).toEqual([true, false, false, t]);
        const r = await a.receive(t, { unknownTopics: 'reject' });
        expect([r.ok, r.reason, r.status]).toEqual([false, 'unknown_topic', 400]);
        expectSafeMessage(r.message ?? '', 200, 'unknown topic');
        break;
      }
      case 'matcher': {
        const r = (toMatchWebhookShape as (v: unknown, p: string, t: string) => { pass: boolean; message: () => string })({}, t, 'orders/create');
        expect(r.pass).toBe(false);
        expect(r.message()).toMatch(/^unknown provider/);
        break;
      }
    }
    // nothing reached Object.prototype
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. validators called directly: the issue limit

describe('validators: maxIssues', () => {
  const bad = { ...orderValue, line_items: Array.from({ length: 1000 }, () => 1) };
  it.each<[string, { given: { maxIssues?: number; strict?: boolean }; want: { issues: number; truncated: boolean } }]>([
    ['the default (20)', { given: {}, want: { issues: 20, truncated: true } }],
    ['1', { given: { maxIssues: 1 }, want: { issues: 1, truncated: true } }],
    ['999 (one short)', { given: { maxIssues: 999 }, want: { issues: 999, truncated: true } }],
    ['1000 (exactly all)', { given: { maxIssues: 1000 }, want: { issues: 1000, truncated: false } }],
    ['Infinity', { given: { maxIssues: Infinity }, want: { issues: 1000, truncated: false } }],
    ['strict, the default', { given: { strict: true }, want: { issues: 20, truncated: true } }],
  ])('%s', (_name, { given, want }) => {
    const r = spiffy.validateSpiffyPayload('orders/create', bad, given);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.issues.length, r.truncated === true]).toEqual([want.issues, want.truncated]);
    expect(r.issues[0]?.path).toBe('/line_items/0');
    const m = spiffy.validateOrder(bad, given);
    expect(m.ok ? 0 : m.issues.length).toBe(want.issues);
  });

  it.each<[string, { given: unknown; want: RegExp }]>([
    ['0', { given: 0, want: /maxIssues: expected a positive integer or Infinity, received 0/ }],
    ['-1', { given: -1, want: /received -1/ }],
    ['1.5', { given: 1.5, want: /received 1\.5/ }],
    ['NaN', { given: Number.NaN, want: /received NaN/ }],
    ['a string', { given: '20', want: /received "20"/ }],
    ['null', { given: null, want: /received null/ }],
  ])('rejects maxIssues %s', (_name, { given, want }) => {
    expect(() => spiffy.validateSpiffyPayload('orders/create', {}, { maxIssues: given as number })).toThrow(want);
    expect(() => spiffy.createSpiffyReceiver({ secrets: SECRET, maxIssues: given as number })).toThrow(/`maxIssues` must be a positive integer or Infinity/);
  });

  it('an assert error says when it holds only the first issues', () => {
    expect(() => spiffy.assertOrder(bad)).toThrow(/\(more than 20 issues; the first 20\):/);
    try {
      spiffy.assertOrder(bad);
    } catch (e) {
      expect(e instanceof ValidationError && e.truncated).toBe(true);
    }
  });

  it('the matcher says when it lists only the first differences', () => {
    const r = toMatchWebhookShape(bad, 'spiffy', 'orders/create');
    expect(r.pass).toBe(false);
    expect(r.message()).toMatch(/\(more than 20 differences\):/);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. shapeOf: iterative, depth-bounded, keys cut

describe('shapeOf on hostile values', () => {
  const deep = (n: number, kind: 'array' | 'object' | 'mixed'): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = kind === 'array' || (kind === 'mixed' && i % 2) ? [v] : { a: v };
    return v;
  };
  it.each<[string, { given: unknown; want: { maxLength: number; includes: string[] } }]>([
    ['arrays nested 10^5 deep', { given: deep(100_000, 'array'), want: { maxLength: 30_000, includes: ['array (deeper levels not shown)'] } }],
    ['objects nested 10^5 deep', { given: deep(100_000, 'object'), want: { maxLength: 30_000, includes: ['object (deeper levels not shown)'] } }],
    ['arrays and objects nested 10^5 deep', { given: deep(100_000, 'mixed'), want: { maxLength: 30_000, includes: ['(deeper levels not shown)'] } }],
    [`nested exactly ${SHAPE_MAX_DEPTH} deep (all shown)`, { given: deep(SHAPE_MAX_DEPTH, 'array'), want: { maxLength: 100_000, includes: [`${'/*'.repeat(SHAPE_MAX_DEPTH)}: integer`] } }],
    ['an array of 10^6 integers', { given: Array.from({ length: 1_000_000 }, (_, i) => i), want: { maxLength: 100, includes: ['/*: integer'] } }],
    ['an array of 10^6 mixed values', { given: Array.from({ length: 1_000_000 }, (_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? 'x' : 1.5)), want: { maxLength: 100, includes: ['/*: null | number | string'] } }],
    ['a key of 5 MiB above 1,000 fields', { given: { ['k'.repeat(HUGE)]: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, i])) }, want: { maxLength: 200_000, includes: [`/${'k'.repeat(100)}… (${HUGE} chars)/f999: integer`] } }],
    ['keys with newlines and bidi', { given: { 'a\nb': 1, '\u202ec': 2 }, want: { maxLength: 200, includes: ['/a\\nb: integer', '/\\u202ec: integer'] } }],
    ['__proto__ and constructor keys', { given: JSON.parse('{"__proto__":{"x":1},"constructor":[1]}') as unknown, want: { maxLength: 200, includes: ['/__proto__/x: integer', '/constructor/*: integer'] } }],
  ])('%s', (_name, { given, want }) => {
    const text = shapeOf(given);
    expect(text.length).toBeLessThanOrEqual(want.maxLength);
    for (const line of want.includes) expect(text).toContain(line);
    expect(UNSAFE.exec(text.replace(/\n/g, ''))).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// 7. drift's comparison: a million bad items are one finding with a count

describe('drift comparison on hostile captures', async () => {
  const model = await loadProviderModel(root, 'spiffy');
  const orderModel = model.models.find((m) => m.name === 'Order');
  it.each<[string, { given: unknown; want: { findings: number; times: number } }]>([
    ['10^6 integers as line items', { given: { ...orderValue, line_items: Array.from({ length: 1_000_000 }, () => 1) }, want: { findings: 1, times: 1_000_000 } }],
    ['10^6 line items with a wrong quantity', { given: { ...orderValue, line_items: Array.from({ length: 1_000_000 }, () => ({ quantity: 'x' })) }, want: { findings: 1, times: 1_000_000 } }],
    ['10^5 line items, each a distinct wrong value (values listed up to 100)', { given: { ...orderValue, line_items: Array.from({ length: 100_000 }, (_, i) => ({ quantity: `q${i}` })) }, want: { findings: 100, times: 100_000 } }],
  ])('%s', (_name, { given, want }) => {
    if (!orderModel) throw new Error('no Order model');
    const found = compareValue(orderModel, given).filter((f) => f.path.startsWith('/line_items'));
    expect(found).toHaveLength(want.findings);
    expect(found.reduce((n, f) => n + (f.times ?? 1), 0)).toBe(want.times);
  });
});
