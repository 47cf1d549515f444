// One measuring process of `npm run bench` (bench/README.md): `node --expose-gc
// dist/bench/micro.js <group> <options JSON>` checks the inputs and every candidate's output,
// then measures the group's candidates (bench/lib/measure.ts) and prints one JSON object on
// stdout. bench/run.ts starts several of these per group and takes the ratios of each process.
//
// Groups: receive (the generated Spiffy receiver and the hand-rolled pipeline), validate-order
// and validate-250 (isOrder, strict isOrder, typia is/equals, Ajv; and on the Order sample the
// 5-error payload through validateOrder and Ajv allErrors), parse and parse-1mb
// (parseSpiffyBody and JSON.parse), hostile (each hostile class of bench/lib/hostile.ts through
// its provider's receiver and JSON.parse of the same bytes; signature headers of 330 items
// and of one).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildInputs, type Body, type Inputs } from './fixtures.js';
import { hostileCases, HOSTILE_BENCH_BYTES, HOSTILE_BENCH_IDS, PAIRS_SCHEME, STANDARD_WEBHOOKS_SCHEME, type HostileCase } from './lib/hostile.js';
import { INT64_PATTERN, firstDifference } from './lib/json-reference.js';
import { measure, type Candidate, type MeasureOptions } from './lib/measure.js';
import { GROUPS, type Check, type Group, type GroupResult } from './lib/types.js';

// the repository: two levels up from dist/bench/
const repo = fileURLToPath(new URL('../..', import.meta.url));

type Spiffy = typeof import('../generated/spiffy/index.js');
type Cratejoy = typeof import('../generated/cratejoy/index.js');
type LemonSqueezy = typeof import('../generated/lemonsqueezy/index.js');
type RuntimeReceive = typeof import('../generated/runtime/receive.js');
type RuntimeJson = typeof import('../generated/runtime/json.js');

interface TypiaOrder {
  isOrder: (value: unknown) => boolean;
  equalsOrder: (value: unknown) => boolean;
}

/** The typia validators that bench/typia/ generated (bench/typia.ts builds them). */
async function loadTypia(): Promise<TypiaOrder> {
  const file = join(repo, 'bench/typia/out/order.mjs');
  const m: unknown = await import(pathToFileURL(file).href).catch((e: unknown) => {
    throw new Error(`${file}: cannot import typia's validators (${e instanceof Error ? e.message : String(e)}); \`npm run bench\` builds them`);
  });
  const isOrder: unknown = m !== null && typeof m === 'object' ? Reflect.get(m, 'isOrder') : undefined;
  const equalsOrder: unknown = m !== null && typeof m === 'object' ? Reflect.get(m, 'equalsOrder') : undefined;
  if (typeof isOrder !== 'function' || typeof equalsOrder !== 'function') throw new Error(`${file}: expected the exports isOrder and equalsOrder, found ${m && typeof m === 'object' ? Object.keys(m).join(', ') : typeof m}`);
  return {
    isOrder: (v) => Reflect.apply(isOrder, undefined, [v]) === true,
    equalsOrder: (v) => Reflect.apply(equalsOrder, undefined, [v]) === true,
  };
}

function newAjv(allErrors: boolean): Ajv2020 {
  // what a user writes: Ajv for the schemas' draft, with ajv-formats (its default "full" mode:
  // date-time checked as a real date and time, as the generated guards check it)
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors });
  addFormats.default(ajv);
  return ajv;
}

/**
 * The schema as a `JSON.parse` pipeline needs it: where the generated schema declares a 64-bit
 * id as a digit string only, an integer is accepted too (JSON.parse hands over a number).
 * Returns the schema and how many nodes were widened (none once the schemas accept both).
 */
function acceptParsedIds(schema: SchemaObject): { schema: SchemaObject; widened: number } {
  let widened = 0;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (out.pattern === INT64_PATTERN) {
      const types = Array.isArray(out.type) ? out.type : [out.type];
      if (types.includes('string') && !types.includes('integer')) {
        out.type = [...types.filter((t) => t !== 'null'), 'integer', ...types.filter((t) => t === 'null')];
        widened++;
      }
    }
    return out;
  };
  const out = walk(schema);
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw new Error('acceptParsedIds: the schema is not an object');
  return { schema: out, widened };
}

interface HandRolledAccept {
  ok: true;
  topic: string;
  shopDomain: string;
  payload: unknown;
}
type HandRolledResult = HandRolledAccept | { ok: false; status: 400 | 401 | 422; errors?: unknown };

/**
 * The pipeline a user would write without the generated receiver: Node's HMAC and
 * timingSafeEqual over the raw body, JSON.parse, and Ajv compiled from the generated schema.
 */
function handRolledReceiver(secret: string, validators: ReadonlyMap<string, ValidateFunction>): (headers: IncomingHttpHeaders, body: Buffer) => HandRolledResult {
  return (headers, body) => {
    const topic = headers['x-spiffy-topic'];
    const signature = headers['x-spiffy-hmac-sha256'];
    const shopDomain = headers['x-spiffy-shop-domain'];
    if (typeof topic !== 'string' || typeof signature !== 'string' || typeof shopDomain !== 'string') return { ok: false, status: 400 };
    const digest = createHmac('sha256', secret).update(body).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== digest.length || !timingSafeEqual(given, digest)) return { ok: false, status: 401 };
    const validate = validators.get(topic);
    if (validate === undefined) return { ok: false, status: 400 };
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, status: 400 };
    }
    if (!validate(payload)) return { ok: false, status: 422, errors: validate.errors };
    return { ok: true, topic, shopDomain, payload };
  };
}

/** Records passed checks; a failed one stops the bench with what was expected and found. */
class Checks {
  readonly list: Check[] = [];
  constructor(private readonly group: Group) {}
  that(candidates: string[], what: string, failure: string | undefined): void {
    if (failure !== undefined) throw new Error(`bench ${this.group}: ${candidates.join(', ')}: ${what}: ${failure}`);
    this.list.push({ candidates, what });
  }
  equal(candidates: string[], what: string, found: unknown, expected: unknown): void {
    this.that(candidates, what, Object.is(found, expected) ? undefined : `expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
  }
}

function sameBody(b: Body, checks: Checks, candidates: string[], value: unknown): void {
  checks.that(candidates, `returns the exact value of the ${b.label} (64-bit ids as digit strings)`, firstDifference(value, b.expected));
}

async function receiveGroup(spiffy: Spiffy, inputs: Inputs, checks: Checks, notes: GroupResult['notes']): Promise<Candidate[]> {
  const secret = 'bench-secret';
  const sign = (text: string): string => createHmac('sha256', secret).update(text).digest('base64');
  const request = (b: Body, signature = sign(b.text)): { headers: IncomingHttpHeaders; body: Buffer } => ({
    headers: { 'content-type': 'application/json', 'x-spiffy-topic': b.topic, 'x-spiffy-hmac-sha256': signature, 'x-spiffy-shop-domain': 'bench.spiffystores.com' },
    body: Buffer.from(b.text, 'utf8'),
  });
  const receiver = spiffy.createSpiffyReceiver({ secrets: secret });
  const wire = acceptParsedIds(inputs.orderSchema);
  notes.hand_rolled_schema_nodes_widened = wire.widened;
  const hand = handRolledReceiver(secret, new Map([['orders/create', newAjv(false).compile(wire.schema)]]));
  const receive = (headers: IncomingHttpHeaders, body: Buffer): ReturnType<typeof receiver.receive> => receiver.receive({ headers, body });

  const good = request(inputs.order);
  const both = ['receive', 'hand_rolled'];
  const r = await receive(good.headers, good.body);
  checks.that(['receive'], 'accepts the signed Order delivery', r.ok ? undefined : `rejected it: ${r.reason}: ${r.message}`);
  if (r.ok) {
    checks.equal(['receive'], 'reports the topic', r.topic, 'orders/create');
    sameBody(inputs.order, checks, ['receive'], r.payload);
  }
  const h = hand(good.headers, good.body);
  checks.that(['hand_rolled'], 'accepts the signed Order delivery', h.ok ? undefined : `rejected it with ${h.status}: ${JSON.stringify(h.errors)}`);
  if (h.ok) {
    checks.equal(['hand_rolled'], 'reports the topic', h.topic, 'orders/create');
    checks.that(['hand_rolled'], 'returns the Order as numbers (JSON.parse)', firstDifference(h.payload, inputs.order.rounded));
  }
  const sig = sign(inputs.order.text);
  const tampered = request(inputs.order, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
  const rt = await receive(tampered.headers, tampered.body);
  const ht = hand(tampered.headers, tampered.body);
  checks.that(both, 'rejects a wrong signature', !rt.ok && rt.reason === 'invalid_hmac' && !ht.ok && ht.status === 401 ? undefined : `receive: ${rt.ok ? 'accepted' : rt.reason}, hand-rolled: ${ht.ok ? 'accepted' : ht.status}`);
  const bad = request(inputs.invalidOrder);
  // by default a genuine delivery that does not match its model is handed over unvalidated (2xx);
  // with invalidPayload: 'reject' it is a 422, as the hand-rolled pipeline answers
  const drifted = await receive(bad.headers, bad.body);
  checks.that(['receive'], 'hands the signed Order with 5 errors over unvalidated, with its 5 issues', drifted.ok && !drifted.valid && drifted.issues.length === 5 ? undefined : `found ${drifted.ok ? `valid: ${String(drifted.valid)}` : drifted.reason}`);
  const rb = await spiffy.createSpiffyReceiver({ secrets: secret, invalidPayload: 'reject' }).receive({ headers: bad.headers, body: bad.body });
  const hb = hand(bad.headers, bad.body);
  checks.that(both, "rejects the signed Order with 5 errors (the receiver with invalidPayload: 'reject')", !rb.ok && rb.reason === 'invalid_payload' && !hb.ok && hb.status === 422 ? undefined : `receive: ${rb.ok ? 'accepted' : rb.reason}, hand-rolled: ${hb.ok ? 'accepted' : hb.status}`);
  // both are awaited in the loop, as a request handler awaits them (the hand-rolled one is sync)
  return [
    { name: 'receive', fn: receive, a: good.headers, b: good.body, async: true },
    { name: 'hand_rolled', fn: hand, a: good.headers, b: good.body, async: true },
  ];
}

async function validateGroup(spiffy: Spiffy, inputs: Inputs, checks: Checks, notes: GroupResult['notes'], large: boolean): Promise<Candidate[]> {
  const typia = await loadTypia();
  const ajv = newAjv(false).compile(inputs.orderSchema);
  const b = large ? inputs.order250 : inputs.order;
  // the value the receiver validates: parsed from the JSON text by the generated parser
  const value = spiffy.parseSpiffyBody('orders/create', b.text);
  sameBody(b, checks, ['is', 'is_strict', 'typia_is', 'typia_equals', 'ajv'], value);
  const strict = { strict: true };
  const verdicts = (v: unknown): Record<string, boolean> => ({
    is: spiffy.isOrder(v),
    is_strict: spiffy.isOrder(v, strict),
    typia_is: typia.isOrder(v),
    typia_equals: typia.equalsOrder(v),
    ajv: ajv(v) === true,
  });
  const all = (v: unknown, want: Record<string, boolean>, what: string): void => {
    const got = verdicts(v);
    checks.that(Object.keys(want), what, Object.keys(want).every((k) => got[k] === want[k]) ? undefined : `expected ${JSON.stringify(want)}, found ${JSON.stringify(got)}`);
  };
  all(value, { is: true, is_strict: true, typia_is: true, typia_equals: true, ajv: true }, `accept the ${b.label}`);
  const invalid = spiffy.parseSpiffyBody('orders/create', inputs.invalidOrder.text);
  all(invalid, { is: false, is_strict: false, typia_is: false, typia_equals: false, ajv: false }, 'reject the Order with 5 errors');
  const extra = { ...spiffy.parseSpiffyBody('orders/create', b.text), bench_unknown_key: 1 };
  all(extra, { is: true, is_strict: false, typia_is: true, typia_equals: false, ajv: true }, 'treat an unknown key alike (allowed unless strict/equals)');
  notes.order_bytes = b.text.length;
  const candidates: Candidate[] = [
    { name: 'is', fn: spiffy.isOrder, a: value },
    { name: 'is_strict', fn: spiffy.isOrder, a: value, b: strict },
    { name: 'typia_is', fn: typia.isOrder, a: value },
    { name: 'typia_equals', fn: typia.equalsOrder, a: value },
    { name: 'ajv', fn: ajv, a: value },
  ];
  if (large) return candidates;

  const ajvAll = newAjv(true).compile(inputs.orderSchema);
  const r = spiffy.validateOrder(invalid);
  const paths = (xs: readonly string[]): string => JSON.stringify([...new Set(xs)].sort());
  const want = paths(inputs.invalidPaths);
  checks.that(['validate_5_errors'], 'reports exactly the 5 errors', !r.ok && r.issues.length === 5 && paths(r.issues.map((i) => i.path)) === want ? undefined : `expected 5 issues at ${want}, found ${r.ok ? 'ok' : JSON.stringify(r.issues.map((i) => i.path))}`);
  const okAll = ajvAll(invalid);
  const errors = ajvAll.errors ?? [];
  // a nullable object is an anyOf [object, null]: Ajv also reports the anyOf at the object's own path
  const errorPaths = errors.map((e) => e.instancePath);
  const leaves = errorPaths.filter((p) => !errorPaths.some((q) => q.startsWith(`${p}/`)));
  checks.that(['ajv_all_5_errors'], 'reports errors at exactly the 5 paths (leaves)', !okAll && paths(leaves) === want ? undefined : `expected errors at ${want}, found ${JSON.stringify(errorPaths)}`);
  notes.ajv_all_errors_reported = errors.length;
  const valid = spiffy.validateOrder(value);
  checks.that(['validate_5_errors', 'ajv_all_5_errors'], 'accept the Order sample', valid.ok && ajvAll(value) === true ? undefined : 'one of them rejected it');
  candidates.push({ name: 'validate_5_errors', fn: spiffy.validateOrder, a: invalid }, { name: 'ajv_all_5_errors', fn: ajvAll, a: invalid });
  return candidates;
}

function parseGroup(spiffy: Spiffy, json: RuntimeJson, inputs: Inputs, checks: Checks, notes: GroupResult['notes'], large: boolean): Candidate[] {
  const bodies: [string, Body][] = large
    ? [
        ['order_1mb', inputs.order1mb],
        ['product_1mb', inputs.product1mb],
      ]
    : [
        ['order', inputs.order],
        ['product', inputs.product],
      ];
  const candidates: Candidate[] = [];
  for (const [key, b] of bodies) {
    const lossless = `parse_${key}`;
    const runtime = `parse_lossless_${key}`;
    const plain = `json_parse_${key}`;
    const isProduct = key.startsWith('product');
    checks.that([lossless, runtime, plain], `the ${b.label} ${isProduct ? 'has' : 'has no'} integer beyond 2^53`, (b.bigInts > 0) === isProduct ? undefined : `found ${b.bigInts}`);
    sameBody(b, checks, [lossless], spiffy.parseSpiffyBody(b.topic, b.text));
    // the runtime's parser alone (what parseSpiffyBody runs before turning the model's id paths into strings)
    checks.that([runtime], `returns the ${b.label} with integers beyond 2^53 as exact digit strings`, firstDifference(json.parseLossless(b.text), b.unsafeAsStrings));
    // JSON.parse is the baseline: the same value, with 64-bit ids as (rounded) numbers
    checks.that([plain], `returns the ${b.label} as numbers (integers beyond 2^53 rounded)`, firstDifference(JSON.parse(b.text), b.rounded));
    notes[`${key}_bytes`] = b.text.length;
    notes[`${key}_big_ints`] = b.bigInts;
    candidates.push({ name: lossless, fn: spiffy.parseSpiffyBody, a: b.topic, b: b.text }, { name: runtime, fn: json.parseLossless, a: b.text }, { name: plain, fn: JSON.parse, a: b.text });
  }
  return candidates;
}

/** What a hostile delivery's receive resolves to, as far as the checks read it. */
interface HostileOutcome {
  ok: boolean;
  valid?: boolean;
  reason?: string;
  status?: number;
  issues?: readonly unknown[];
  truncated?: true;
  message?: string;
}

function hostileFailure(c: HostileCase, r: HostileOutcome): string | undefined {
  const w = c.want;
  const found = `found ok: ${String(r.ok)}, valid: ${String(r.valid)}, reason: ${String(r.reason)}, ${r.issues?.length ?? 0} issue(s), truncated: ${String(r.truncated === true)}`;
  if (r.ok !== w.ok || (w.valid !== undefined && r.valid !== w.valid) || (w.reason !== undefined && (r.reason !== w.reason || r.status !== w.status))) return `expected ${JSON.stringify(w)}, ${found}`;
  const cap = c.options.maxIssues ?? 20;
  if (r.issues !== undefined && (r.issues.length > cap || (w.issues !== undefined && r.issues.length !== w.issues) || (w.truncated !== undefined && (r.truncated === true) !== w.truncated))) return `expected ${JSON.stringify(w)} within ${cap} issues, ${found}`;
  if (r.message !== undefined && r.message.length > 1200) return `a message of ${r.message.length} characters`;
  return undefined;
}

/**
 * The hostile classes: each body through its provider's receiver (signed with the bench's
 * secret where the provider signs) and, as the baseline, JSON.parse of the same bytes decoded
 * as UTF-8 (twice for an escaped JSON string body; a body JSON.parse rejects costs what the
 * rejection costs). Then a Standard Webhooks and a `t=…,v1=…` verifier over a 1 MiB body with
 * a header of 330 signatures (the valid one last) against a header of one.
 */
async function hostileGroup(checks: Checks, notes: GroupResult['notes']): Promise<Candidate[]> {
  const load = async <M>(path: string): Promise<M> => (await import(pathToFileURL(join(repo, path)).href)) as M;
  const spiffy = await load<Spiffy>('generated/spiffy/index.js');
  const cratejoy = await load<Cratejoy>('generated/cratejoy/index.js');
  const lemon = await load<LemonSqueezy>('generated/lemonsqueezy/index.js');
  const runtime = await load<RuntimeReceive>('generated/runtime/receive.js');
  const raw = process.env.BENCH_HOSTILE_BYTES;
  const bytes = raw === undefined || raw === '' ? (process.env.BENCH_QUICK === '1' ? 32 * 1024 : HOSTILE_BENCH_BYTES) : Number(raw);
  if (!Number.isInteger(bytes) || bytes < 16 * 1024) throw new RangeError(`BENCH_HOSTILE_BYTES: expected an integer of at least 16384, received ${JSON.stringify(raw)}`);
  notes.hostile_body_bytes = bytes;
  const secret = 'bench-secret';
  const all = hostileCases(repo, bytes);
  const sized = all.filter((c) => c.sized).map((c) => c.id);
  checks.that(HOSTILE_BENCH_IDS.flatMap((id) => [`receive_${id}`, `json_parse_${id}`]), 'the figures name exactly the classes with bodies of the bench size', sized.join(',') === HOSTILE_BENCH_IDS.join(',') ? undefined : `figures: ${HOSTILE_BENCH_IDS.join(', ')}; classes: ${sized.join(', ')}`);
  const candidates: Candidate[] = [];
  for (const id of HOSTILE_BENCH_IDS) {
    const c = all.find((x) => x.id === id);
    if (c === undefined) throw new Error(`bench hostile: no class ${id}`);
    let receive: (input: never) => Promise<unknown>;
    let input: unknown;
    if (c.provider === 'spiffy') {
      const receiver = spiffy.createSpiffyReceiver({ secrets: secret, ...c.options });
      const sig = await spiffy.signSpiffyBody(c.body, secret);
      input = { headers: { 'x-spiffy-topic': c.topic, 'x-spiffy-hmac-sha256': c.signature ? c.signature(sig) : sig, 'x-spiffy-shop-domain': 'bench.spiffystores.com' }, body: c.body };
      receive = (x: never) => receiver.receive(x);
    } else if (c.provider === 'lemonsqueezy') {
      const receiver = lemon.createLemonSqueezyReceiver({ secrets: secret, ...c.options });
      const sig = await lemon.signLemonSqueezyBody(c.body, secret);
      input = { headers: { 'x-signature': c.signature ? c.signature(sig) : sig }, body: c.body };
      receive = (x: never) => receiver.receive(x);
    } else {
      const receiver = cratejoy.createCratejoyReceiver({ ...c.options });
      input = { headers: {}, body: c.body, topic: c.topic };
      receive = (x: never) => receiver.receive(x);
    }
    const r = (await receive(input as never)) as HostileOutcome;
    checks.that([`receive_${id}`], `${c.title}: ${JSON.stringify(c.want)}`, hostileFailure(c, r));
    // the baseline never throws out of the loop: a body JSON.parse rejects costs the rejection
    const parse =
      c.baseline === 'parse-twice'
        ? (text: string): unknown => {
            try {
              const v: unknown = JSON.parse(text);
              return typeof v === 'string' ? JSON.parse(v) : v;
            } catch (e) {
              return e;
            }
          }
        : (text: string): unknown => {
            try {
              return JSON.parse(text);
            } catch (e) {
              return e;
            }
          };
    const p = parse(c.text);
    checks.that([`json_parse_${id}`], `JSON.parse${c.baseline === 'parse-twice' ? ' (twice)' : ''} of the ${c.body.byteLength} bytes ${p instanceof SyntaxError ? 'rejects them' : 'returns a value'}`, p === undefined ? 'returned undefined' : undefined);
    notes[`${id}_bytes`] = c.body.byteLength;
    candidates.push({ name: `receive_${id}`, fn: receive, a: input, async: true }, { name: `json_parse_${id}`, fn: parse, a: c.text });
  }
  // signature headers with many items
  const body = new TextEncoder().encode(JSON.stringify({ filler: 'x'.repeat(1024 * 1024) }));
  const std = STANDARD_WEBHOOKS_SCHEME as unknown as Parameters<RuntimeReceive['createHmacVerifier']>[0];
  const pairs = PAIRS_SCHEME as unknown as Parameters<RuntimeReceive['createHmacVerifier']>[0];
  const stdSecret = `whsec_${Buffer.from('bench-standard-webhooks-secret').toString('base64')}`;
  const t = String(Math.floor(Date.now() / 1000));
  const stdValid = await runtime.signHmac(std, body, stdSecret, { id: 'msg_bench', timestamp: t });
  const pairsValid = await runtime.signHmac(pairs, body, secret, { timestamp: t });
  const fakeStd = (i: number): string => `v1,${Buffer.alloc(32, i % 251).toString('base64')}`;
  const fakeHex = (i: number): string => (i % 16).toString(16).repeat(64);
  const verifyStd = runtime.createHmacVerifier(std, stdSecret, 'bench');
  const verifyPairs = runtime.createHmacVerifier(pairs, secret, 'bench');
  const stdParts = { id: 'msg_bench', timestamp: t };
  const pairsParts = { timestamp: t };
  const headers = {
    std_1: stdValid,
    std_330: [...Array.from({ length: 329 }, (_, i) => fakeStd(i)), stdValid].join(' '),
    pairs_1: pairsValid,
    pairs_330: [`t=${t}`, ...Array.from({ length: 329 }, (_, i) => `v1=${fakeHex(i)}`), pairsValid.slice(pairsValid.indexOf('v1='))].join(','),
  };
  notes.signature_body_bytes = body.byteLength;
  notes.signature_header_330_bytes = headers.std_330.length;
  const verifyStdWith = (header: string): Promise<boolean> => verifyStd(body, header, stdParts);
  const verifyPairsWith = (header: string): Promise<boolean> => verifyPairs(body, header, pairsParts);
  checks.that(['verify_std_1', 'verify_pairs_1'], 'accept the header with the one valid signature', (await verifyStdWith(headers.std_1)) && (await verifyPairsWith(headers.pairs_1)) ? undefined : 'rejected it');
  // the valid signature is the 330th item: past the signatures considered, so the header is rejected
  checks.that(['verify_std_330', 'verify_pairs_330'], 'reject the header whose valid signature comes after 329 fakes (past the signatures considered)', !(await verifyStdWith(headers.std_330)) && !(await verifyPairsWith(headers.pairs_330)) ? undefined : 'accepted it');
  candidates.push(
    { name: 'verify_std_1', fn: verifyStdWith, a: headers.std_1, async: true },
    { name: 'verify_std_330', fn: verifyStdWith, a: headers.std_330, async: true },
    { name: 'verify_pairs_1', fn: verifyPairsWith, a: headers.pairs_1, async: true },
    { name: 'verify_pairs_330', fn: verifyPairsWith, a: headers.pairs_330, async: true },
  );
  return candidates;
}

async function runGroup(group: Group, opts: MeasureOptions): Promise<GroupResult> {
  const spiffy: Spiffy = await import(pathToFileURL(join(repo, 'generated/spiffy/index.js')).href);
  const json: RuntimeJson = await import(pathToFileURL(join(repo, 'generated/runtime/json.js')).href);
  const inputs = buildInputs(repo);
  const checks = new Checks(group);
  const notes: GroupResult['notes'] = {};
  const candidates =
    group === 'receive'
      ? await receiveGroup(spiffy, inputs, checks, notes)
      : group === 'validate-order' || group === 'validate-250'
        ? await validateGroup(spiffy, inputs, checks, notes, group === 'validate-250')
        : group === 'hostile'
          ? await hostileGroup(checks, notes)
          : parseGroup(spiffy, json, inputs, checks, notes, group === 'parse-1mb');
  for (const c of candidates) if (!checks.list.some((k) => k.candidates.includes(c.name))) throw new Error(`bench ${group}: ${c.name}: no check of its output`);
  // the hostile group has 90 candidates, most of them milliseconds a call: shorter turns
  const groupOpts = group === 'hostile' ? { ...opts, warmupMs: Math.min(opts.warmupMs, 100), roundMs: Math.min(opts.roundMs, 60), rounds: Math.min(opts.rounds, 3) } : opts;
  const measured = await measure(candidates, groupOpts);
  return { group, checks: checks.list, measured, notes };
}

function isGroup(x: string | undefined): x is Group {
  return GROUPS.some((g) => g === x);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [group, optionsJson] = process.argv.slice(2);
  if (!isGroup(group)) {
    process.stderr.write(`micro: expected a group (${GROUPS.join(', ')}), received ${JSON.stringify(group)}\n`);
    process.exit(2);
  }
  const opts: MeasureOptions = { warmupMs: 300, roundMs: 120, rounds: 5, batchMs: 5, ...(optionsJson ? JSON.parse(optionsJson) : {}) };
  const result = await runGroup(group, opts);
  process.stdout.write(JSON.stringify(result));
}
