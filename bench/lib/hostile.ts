// Hostile deliveries for the generated receivers, shared by `npm run bench` (the cost of each
// class as a ratio to JSON.parse of the same bytes, bench/micro.ts group `hostile`) and the
// hostile-payload suite (test/hostile-payloads.test.ts, which asserts each one's outcome).
//
// Each class is built at a requested size from a real sample of spec/ (the Spiffy and Cratejoy
// Orders, the Lemon Squeezy Order and Affiliate): the sample with one member replaced by a
// repeated item, a long string, a long key, deep nesting, and so on. Bodies are bytes, exactly
// as they would arrive; signing is left to the caller (it needs the generated package).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Provider = 'spiffy' | 'cratejoy' | 'lemonsqueezy';

/** What a receiver must answer for a class (the issue counts are bounded by `maxIssues`). */
export interface HostileWant {
  readonly ok: boolean;
  /** ok only: whether the payload matched its model */
  readonly valid?: boolean;
  /** a failure's reason */
  readonly reason?: string;
  readonly status?: number;
  /** valid: false or invalid_payload: whether there were more issues than kept */
  readonly truncated?: boolean;
  /** valid: false or invalid_payload: exactly this many issues (when known) */
  readonly issues?: number;
}

export interface HostileCase {
  /** `<provider>_<class>`: the bench's candidate names and the test's case names */
  readonly id: string;
  readonly provider: Provider;
  /** what the body is, in a few words */
  readonly title: string;
  /** the topic: sent as the topic header (Spiffy), the route (Cratejoy), in the body (Lemon Squeezy) */
  readonly topic: string;
  /** receiver options besides `secrets` / `verify` */
  readonly options: { readonly strict?: boolean; readonly maxIssues?: number; readonly invalidPayload?: 'accept' | 'reject' };
  readonly body: Uint8Array;
  /** what JSON.parse is given in the baseline: the body decoded as UTF-8 (invalid bytes replaced) */
  readonly text: string;
  /** a signature header to send instead of a valid one (multi-signature classes) */
  readonly signature?: (valid: string) => string;
  /** false: a small body whose cost is the receiver's fixed cost (the bench leaves it out) */
  readonly sized: boolean;
  /** the JSON.parse baseline: the text once, or twice for a body that is an escaped JSON string */
  readonly baseline: 'parse' | 'parse-twice';
  readonly want: HostileWant;
}

const encoder = new TextEncoder();
const lenient = new TextDecoder('utf-8');

function sample(repo: string, ...path: string[]): Record<string, unknown> {
  const v: unknown = JSON.parse(readFileSync(join(repo, 'spec', ...path), 'utf8'));
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`hostile: spec/${path.join('/')}: expected a JSON object`);
  return v as Record<string, unknown>;
}

const MARK = '\u0000hostile-hole\u0000';

/** `base` as JSON with the member at `key` (under `inside`) replaced by `fill` (raw JSON text), and as many more. */
function withRaw(base: Record<string, unknown>, inside: readonly string[], key: string, fill: string, ...more: [readonly string[], string, string][]): string {
  const copy: Record<string, unknown> = structuredClone(base);
  const all: [readonly string[], string, string][] = [[inside, key, fill], ...more];
  all.forEach(([path, k, _], n) => {
    let at: Record<string, unknown> = copy;
    for (const p of path) {
      const next = at[p];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) throw new Error(`hostile: no object at ${path.join('/')}`);
      at = next as Record<string, unknown>;
    }
    at[k] = `${MARK}${n}`;
  });
  let text = JSON.stringify(copy);
  all.forEach(([, , f], n) => {
    const hole = JSON.stringify(`${MARK}${n}`);
    const i = text.indexOf(hole);
    if (i < 0) throw new Error('hostile: the hole was not written');
    text = text.slice(0, i) + f + text.slice(i + hole.length);
  });
  return text;
}

/** How many copies of `item` {@link repeated} writes for `bytes`. */
function count(item: string, bytes: number): number {
  return Math.max(1, Math.floor(bytes / (item.length + 1)));
}

/** A JSON array of `item` repeated to about `bytes` bytes. */
function repeated(item: string, bytes: number): string {
  return `[${Array(count(item, bytes)).fill(item).join(',')}]`;
}

/** `{"k0":<value>,"k1":...}` of about `bytes` bytes (distinct keys). */
function manyKeys(value: string, bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const p = `"k${i}":${value}`;
    parts.push(p);
    size += p.length + 1;
  }
  return `{${parts.join(',')}}`;
}

/** Top-level members `"k0":<value>,...` of about `bytes` bytes, spliced into an object's text. */
function spliceMembers(objectText: string, members: string): string {
  return `{${members.slice(1, -1)},${objectText.slice(1)}`;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

function make(c: Omit<HostileCase, 'text' | 'body' | 'sized' | 'baseline'> & { readonly body: string | Uint8Array; readonly baseline?: HostileCase['baseline'] }, bytes: number): HostileCase {
  const body = typeof c.body === 'string' ? bytesOf(c.body) : c.body;
  return { baseline: 'parse', ...c, body, text: lenient.decode(body), sized: body.byteLength >= bytes / 2 };
}

const TRUNCATED = (cap: number): HostileWant => ({ ok: true, valid: false, truncated: true, issues: cap });

/**
 * Every hostile class, each body about `bytes` long (a few are fixed-size: a BOM, a long key
 * is half the size, ...). `cap` is the receivers' issue limit the wants assume (20, the default).
 */
export function hostileCases(repo: string, bytes: number, cap = 20): HostileCase[] {
  const spiffy = sample(repo, 'spiffy', 'samples', 'order.json');
  const cratejoy = sample(repo, 'cratejoy', 'samples', 'order.json');
  const lemonOrder = sample(repo, 'lemonsqueezy', 'samples', 'order.json');
  const lemonAffiliate = sample(repo, 'lemonsqueezy', 'samples', 'affiliate.json');
  const spiffyText = JSON.stringify(spiffy);
  const cratejoyText = JSON.stringify(cratejoy);
  const lemonText = JSON.stringify(lemonOrder);
  const S = (id: string, title: string, body: string | Uint8Array, want: HostileWant, options: HostileCase['options'] = {}, signature?: HostileCase['signature']): HostileCase =>
    make({ id: `spiffy_${id}`, provider: 'spiffy', title, topic: 'orders/create', options, body, want, ...(signature ? { signature } : {}) }, bytes);
  const C = (id: string, title: string, body: string | Uint8Array, want: HostileWant, options: HostileCase['options'] = {}, baseline: HostileCase['baseline'] = 'parse'): HostileCase =>
    make({ id: `cratejoy_${id}`, provider: 'cratejoy', title, topic: 'order_new', options, body, want, baseline }, bytes);
  const L = (id: string, title: string, topic: string, body: string | Uint8Array, want: HostileWant, options: HostileCase['options'] = {}, signature?: HostileCase['signature']): HostileCase =>
    make({ id: `lemonsqueezy_${id}`, provider: 'lemonsqueezy', title, topic, options, body, want, ...(signature ? { signature } : {}) }, bytes);
  // valid filler, so that a class about one value still has a body of about `bytes`
  const spiffyPad: [readonly string[], string, string] = [[], 'line_items', repeated('{}', bytes)];
  const lemonPad: [readonly string[], string, string] = [['meta'], 'custom_data', manyKeys('"v"', bytes)];
  const valid: HostileWant = { ok: true, valid: true };
  const badJson: HostileWant = { ok: false, reason: 'invalid_json', status: 400 };
  const half = Math.floor(bytes / 2);
  const items = (item: string): number => count(item, bytes);
  const badByte = (text: string, inside: string): Uint8Array => {
    const b = bytesOf(text);
    const out = new Uint8Array(b.byteLength);
    out.set(b);
    // a lone continuation byte in the middle of a long string value: not UTF-8 (JSON.parse
    // of the leniently decoded text still parses the whole body, a U+FFFD in the string)
    const at = text.indexOf(inside);
    if (at < 0) throw new Error('hostile: no place for the bad byte');
    out[at + (inside.length >> 1)] = 0x80;
    return out;
  };
  return [
    // ---- Spiffy (signed; orders/create, the Order model) ----
    S('valid_items', 'line_items: empty objects (valid)', withRaw(spiffy, [], 'line_items', repeated('{}', bytes)), valid),
    S('bad_items', 'line_items: integers, each an issue', withRaw(spiffy, [], 'line_items', repeated('1', bytes)), TRUNCATED(cap)),
    S('bad_fields', 'line_items: every field of the wrong type', withRaw(spiffy, [], 'line_items', repeated('{"grams":"x","quantity":"y","taxable":1,"title":2,"price":3}', bytes)), TRUNCATED(cap)),
    S('nulls', 'line_items: nulls, each an issue', withRaw(spiffy, [], 'line_items', repeated('null', bytes)), TRUNCATED(cap)),
    S('int64_ids', 'line_items: 64-bit ids above 2^53 (valid, lossless path)', withRaw(spiffy, [], 'line_items', repeated('{"id":12345678901234567890,"product_id":9007199254740993,"variant_id":18446744073709551615}', bytes)), valid),
    S('huge_string', 'note: one long string (valid)', withRaw(spiffy, [], 'note', JSON.stringify('x'.repeat(bytes))), valid),
    S('huge_string_wrong', 'buyer_accepts_marketing: one long string (one issue)', withRaw(spiffy, [], 'buyer_accepts_marketing', JSON.stringify('y'.repeat(bytes))), { ok: true, valid: false, issues: 1 }),
    S('escapes', 'note: a string of \\u escapes, bidi and line separators (valid)', withRaw(spiffy, [], 'note', `"${'\\u202e\\u2028\\n\\ud800'.repeat(Math.floor(bytes / 24))}"`), valid),
    S('huge_integer', 'total_weight: an integer literal of many digits (one issue)', withRaw(spiffy, [], 'total_weight', '9'.repeat(half)), { ok: true, valid: false, issues: 1 }),
    S('huge_exponent', 'total_weight: 1e400 (Infinity to JSON.parse; one issue), valid line items', withRaw(spiffy, [], 'total_weight', '1e400', spiffyPad), { ok: true, valid: false, issues: 1 }),
    S('negative_zero_and_floats', 'total_weight: -0, and line items with float quantities (each an issue)', withRaw(spiffy, [], 'total_weight', '-0', [[], 'line_items', repeated('{"quantity":1.5}', bytes)]), TRUNCATED(cap)),
    S('unknown_keys', 'top level: many unknown keys (allowed by default)', spliceMembers(spiffyText, manyKeys('1', bytes)), valid),
    S('strict_unknown_keys', 'top level: many unknown keys, strict receiver', spliceMembers(spiffyText, manyKeys('1', bytes)), TRUNCATED(cap), { strict: true }),
    S('strict_unknown_item_keys', 'line_items: objects with an unknown key, strict receiver', withRaw(spiffy, [], 'line_items', repeated('{"zz":1}', bytes)), TRUNCATED(cap), { strict: true }),
    S('long_key', 'one unknown key of half the body, strict receiver (one issue)', spliceMembers(spiffyText, `{${JSON.stringify('k'.repeat(half))}:1}`), { ok: true, valid: false, issues: 1 }, { strict: true }),
    S('proto_keys', '__proto__ and constructor members, strict receiver', spliceMembers(spiffyText, '{"__proto__":{"polluted":1},"constructor":{"prototype":1},"toString":1}'), { ok: true, valid: false, issues: 3 }, { strict: true }),
    S('proto_keys_default', '__proto__ and constructor members (allowed by default)', spliceMembers(spiffyText, '{"__proto__":{"polluted":1},"constructor":{"prototype":1},"toString":1}'), valid),
    S('proto_item_keys', 'line_items: objects with __proto__ and constructor members, strict receiver', withRaw(spiffy, [], 'line_items', repeated('{"__proto__":{"x":1},"constructor":1,"hasOwnProperty":2}', bytes)), TRUNCATED(cap), { strict: true }),
    S('deep_nesting', 'an unknown member nested far past maxDepth', spliceMembers(spiffyText, `{"x":${nested(half)}}`), badJson),
    S('deep_within_limit', 'unknown members nested 120 deep, many of them (allowed)', spliceMembers(spiffyText, manyKeys(nested(120), bytes)), valid),
    S('wrong_root_array', 'the body is an array of orders', repeated(spiffyText, bytes), { ok: true, valid: false, issues: 1 }),
    S('wrong_root_string', 'the body is one long JSON string', JSON.stringify('z'.repeat(bytes)), { ok: true, valid: false, issues: 1 }),
    S('invalid_utf8', 'a byte that is not UTF-8', badByte(withRaw(spiffy, [], 'note', JSON.stringify('x'.repeat(bytes))), 'xxxx'), badJson),
    S('bom', 'a UTF-8 byte order mark before the JSON (ignored), valid line items', `\ufeff${withRaw(spiffy, ...spiffyPad)}`, valid),
    S('two_boms', 'two byte order marks before the JSON', `\ufeff\ufeff${spiffyText}`, badJson),
    S('lone_surrogates', 'total_price: a string of lone surrogates where a string is expected, and a key of lone surrogates (strict)', spliceMembers(withRaw(spiffy, [], 'total_weight', '"\\ud800\\udfff"', spiffyPad), '{"\\udc00\\ud800":1}'), { ok: true, valid: false, issues: 2 }, { strict: true }),
    S('truncated_json', 'the body cut short', withRaw(spiffy, [], 'line_items', repeated('{}', bytes)).slice(0, -10), badJson),
    S('multi_signature', 'a signature header of many comma-separated signatures', withRaw(spiffy, [], 'line_items', repeated('{}', bytes)), { ok: false, reason: 'invalid_hmac', status: 401 }, {}, (sig) => Array(330).fill(sig.replace(/^./, sig[0] === 'A' ? 'B' : 'A')).concat(sig).join(',')),
    S('reject_bad_items', "line_items: integers, receiver with invalidPayload: 'reject'", withRaw(spiffy, [], 'line_items', repeated('1', bytes)), { ok: false, reason: 'invalid_payload', status: 422, truncated: true, issues: cap }, { invalidPayload: 'reject' }),
    // ---- Cratejoy (no signature: anyone can post; order_new, the Order model; body may be a JSON string) ----
    C('bad_coupons', 'coupons: integers, each an issue', withRaw(cratejoy, [], 'coupons', repeated('1', bytes)), TRUNCATED(cap)),
    C('bad_coupon_fields', 'coupons: every field of the wrong type', withRaw(cratejoy, [], 'coupons', repeated('{"id":true,"name":1,"num_renewals":"x","cart_id":[]}', bytes)), TRUNCATED(cap)),
    C('valid_coupons', 'coupons: empty objects (valid)', withRaw(cratejoy, [], 'coupons', repeated('{}', bytes)), valid),
    C('json_string_body', 'the body as an escaped JSON string, coupons of integers', JSON.stringify(withRaw(cratejoy, [], 'coupons', repeated('1', bytes))), TRUNCATED(cap), {}, 'parse-twice'),
    C('json_string_deep', 'an escaped JSON string body nesting past maxDepth inside', JSON.stringify(spliceMembers(cratejoyText, `{"x":${nested(half)}}`)), badJson, {}, 'parse-twice'),
    C('json_string_of_string', 'an escaped JSON string body that holds a JSON string (one issue)', JSON.stringify(JSON.stringify('w'.repeat(bytes))), { ok: true, valid: false, issues: 1 }, {}, 'parse-twice'),
    C('strict_unknown_keys', 'top level: many unknown keys, strict receiver', spliceMembers(cratejoyText, manyKeys('null', bytes)), TRUNCATED(cap), { strict: true }),
    C('all_issues', 'coupons: integers, receiver with maxIssues: 1000', withRaw(cratejoy, [], 'coupons', repeated('1', bytes)), items('1') > 1000 ? TRUNCATED(1000) : { ok: true, valid: false, truncated: false, issues: items('1') }, { maxIssues: 1000 }),
    // ---- Lemon Squeezy (signed, hex; the topic is meta.event_name; the whole body is the payload) ----
    L('bad_products', 'affiliate products: booleans, each an issue', 'affiliate_activated', withRaw(lemonAffiliate, ['data', 'attributes'], 'products', repeated('true', bytes)), TRUNCATED(cap)),
    L('custom_data', 'meta.custom_data: many keys (a free-form object, valid)', 'order_created', withRaw(lemonOrder, ['meta'], 'custom_data', manyKeys('"v"', bytes)), valid),
    L('strict_unknown_keys', 'data.attributes: many unknown keys, strict receiver', 'order_created', withRaw(lemonOrder, ['data'], 'attributes', spliceMembers(JSON.stringify((lemonOrder.data as Record<string, unknown>).attributes), manyKeys('0', bytes))), TRUNCATED(cap), { strict: true }),
    L('wrong_root', 'the body is an array', 'order_created', repeated(lemonText, bytes), { ok: false, reason: 'unknown_topic', status: 400 }),
    L('proto_topic', 'meta.event_name is "__proto__", a large custom_data (accepted as an unknown topic: known: false, one issue)', 'order_created', withRaw(lemonOrder, ['meta'], 'event_name', '"__proto__"', lemonPad), { ok: true, valid: false, issues: 1 }),
    L('constructor_topic', 'meta.event_name is "constructor" (accepted as an unknown topic)', 'order_created', withRaw(lemonOrder, ['meta'], 'event_name', '"constructor"'), { ok: true, valid: false, issues: 1 }),
    L('topic_not_string', 'meta.event_name is an object', 'order_created', withRaw(lemonOrder, ['meta'], 'event_name', '{"toString":1}'), { ok: false, reason: 'unknown_topic', status: 400 }),
    L('invalid_utf8', 'a byte that is not UTF-8', 'order_created', badByte(withRaw(lemonOrder, ['meta'], 'custom_data', JSON.stringify({ note: 'x'.repeat(bytes) })), 'xxxx'), badJson),
    L('deep_custom_data', 'meta.custom_data nested far past maxDepth', 'order_created', withRaw(lemonOrder, ['meta'], 'custom_data', `{"x":${nested(half)}}`), badJson),
    L('huge_string_wrong', 'data.attributes.subtotal: one long string (one issue)', 'order_created', withRaw(lemonOrder, ['data', 'attributes'], 'subtotal', JSON.stringify('s'.repeat(bytes))), { ok: true, valid: false, issues: 1 }),
    L('multi_signature', 'a signature header of many comma-separated digests', 'order_created', withRaw(lemonOrder, ['meta'], 'custom_data', manyKeys('"v"', bytes)), { ok: false, reason: 'invalid_hmac', status: 401 }, {}, (sig) => Array(330).fill('0'.repeat(64)).concat(sig).join(',')),
  ];
}

/** The size of the bench's hostile bodies (`BENCH_HOSTILE_BYTES` overrides it): the ratios do not depend on it, the run time does. */
export const HOSTILE_BENCH_BYTES = 256 * 1024;

/**
 * The classes `npm run bench` measures: every class whose body has the bench's size (the few
 * fixed-size ones, a BOM twice or a topic named `constructor`, cost only the receiver's fixed
 * cost and are left to the tests). bench/micro.ts checks that this list is exactly those.
 */
export const HOSTILE_BENCH_IDS: readonly string[] = [
  'spiffy_valid_items', 'spiffy_bad_items', 'spiffy_bad_fields', 'spiffy_nulls', 'spiffy_int64_ids', 'spiffy_huge_string', 'spiffy_huge_string_wrong', 'spiffy_escapes',
  'spiffy_huge_integer', 'spiffy_huge_exponent', 'spiffy_negative_zero_and_floats', 'spiffy_unknown_keys', 'spiffy_strict_unknown_keys', 'spiffy_strict_unknown_item_keys',
  'spiffy_long_key', 'spiffy_proto_item_keys', 'spiffy_deep_nesting', 'spiffy_deep_within_limit', 'spiffy_wrong_root_array', 'spiffy_wrong_root_string', 'spiffy_invalid_utf8',
  'spiffy_bom', 'spiffy_lone_surrogates', 'spiffy_truncated_json', 'spiffy_multi_signature', 'spiffy_reject_bad_items',
  'cratejoy_bad_coupons', 'cratejoy_bad_coupon_fields', 'cratejoy_valid_coupons', 'cratejoy_json_string_body', 'cratejoy_json_string_deep', 'cratejoy_json_string_of_string',
  'cratejoy_strict_unknown_keys', 'cratejoy_all_issues',
  'lemonsqueezy_bad_products', 'lemonsqueezy_custom_data', 'lemonsqueezy_strict_unknown_keys', 'lemonsqueezy_wrong_root', 'lemonsqueezy_proto_topic', 'lemonsqueezy_invalid_utf8',
  'lemonsqueezy_deep_custom_data', 'lemonsqueezy_huge_string_wrong', 'lemonsqueezy_multi_signature',
];

/** A Standard Webhooks style scheme (space-separated `v1,<base64>` signatures over `{id}.{timestamp}.{body}`). */
export const STANDARD_WEBHOOKS_SCHEME = {
  header: 'webhook-signature',
  algorithm: 'hmac-sha256',
  encoding: 'base64',
  prefix: 'v1,',
  signed: '{id}.{timestamp}.{body}',
  parts: { id: { header: 'webhook-id' }, timestamp: { header: 'webhook-timestamp' } },
  format: { separator: ' ' },
  tolerance: 300,
  secret: { encoding: 'base64', prefix: 'whsec_' },
} as const;

/** A Stripe style scheme (`t=<timestamp>,v1=<hex>,v1=<hex>` over `{timestamp}.{body}`). */
export const PAIRS_SCHEME = {
  header: 'x-pairs-signature',
  algorithm: 'hmac-sha256',
  encoding: 'hex',
  signed: '{timestamp}.{body}',
  parts: { timestamp: { part: 't' } },
  format: { separator: ',', pairs: '=', signature: 'v1' },
  tolerance: 300,
} as const;
