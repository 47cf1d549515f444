// One measuring process of `npm run bench` (bench/README.md): `node --expose-gc
// dist/bench/micro.js <group> <options JSON>` checks the inputs and every candidate's output,
// then measures the group's candidates (bench/lib/measure.ts) and prints one JSON object on
// stdout. bench/run.ts starts several of these per group and takes the ratios of each process.
//
// Groups: receive (the generated Spiffy receiver and the hand-rolled pipeline), validate-order
// and validate-250 (isOrder, strict isOrder, typia is/equals, Ajv; and on the Order sample the
// 5-error payload through validateOrder and Ajv allErrors), parse and parse-1mb
// (parseSpiffyBody and JSON.parse).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildInputs, type Body, type Inputs } from './fixtures.js';
import { INT64_PATTERN, firstDifference } from './lib/json-reference.js';
import { measure, type Candidate, type MeasureOptions } from './lib/measure.js';
import { GROUPS, type Check, type Group, type GroupResult } from './lib/types.js';

// the repository: two levels up from dist/bench/
const repo = fileURLToPath(new URL('../..', import.meta.url));

type Spiffy = typeof import('../generated/spiffy/index.js');
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
        : parseGroup(spiffy, json, inputs, checks, notes, group === 'parse-1mb');
  for (const c of candidates) if (!checks.list.some((k) => k.candidates.includes(c.name))) throw new Error(`bench ${group}: ${c.name}: no check of its output`);
  const measured = await measure(candidates, opts);
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
