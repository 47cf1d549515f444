// Every delivery feature of the spec at once, from the test-only provider in
// test/fixtures-all/spec/allfeatures (a root of its own, so the golden file list of
// test/fixtures stays acme's): the topic in a body field of an envelope whose /data member is
// the payload, a signature over "{id}.{timestamp}.{body}" with its parts from headers, a
// timestamp tolerance with an injectable clock, several signatures in one header, a `v1,`-prefixed
// base64 digest, a whsec_-style base64 secret, topics sharing a model, a multi-model topic, an
// undocumented topic and a .yaml sample. Then Stripe-, Paddle- and Standard-Webhooks-style
// variants of the same provider.yaml, and the spec checks of the new keys.
//
// Every signature here is computed with node:crypto exactly as the scheme says, never with
// the generated signer (which is checked against it).

import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { loadSpec } from '../src/spec/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtureRoot = path.join(root, 'test', 'fixtures-all');
const providerFile = path.join(fixtureRoot, 'spec', 'allfeatures', 'provider.yaml');
const providerText = fs.readFileSync(providerFile, 'utf8');

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-all-'));
  tempDirs.push(dir);
  return dir;
};

type Mod = Record<string, any>;

/** Generates the fixture (as it is, or with provider.yaml edited) into a temp dir and imports it. */
async function generateFixture(edit?: (provider: string) => string): Promise<{ out: string; mod: Mod }> {
  const dir = tempDir();
  let specRoot = fixtureRoot;
  if (edit) {
    specRoot = path.join(dir, 'root');
    fs.cpSync(path.join(fixtureRoot, 'spec'), path.join(specRoot, 'spec'), { recursive: true });
    fs.writeFileSync(path.join(specRoot, 'spec', 'allfeatures', 'provider.yaml'), edit(providerText));
  }
  const out = path.join(dir, 'generated');
  const result = await generate({ root: specRoot, outDir: out, cache: false });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  const mod = (await import(pathToFileURL(path.join(out, 'allfeatures', 'index.js')).href)) as Mod;
  return { out, mod };
}

/** provider.yaml with its `signature:` block (the last one of `delivery`) replaced. */
const withSignature = (yaml: string) => (provider: string): string => provider.replace(/ {2}signature:\n[\s\S]*$/, yaml);

// ---------------------------------------------------------------------------------------------
// Bodies and signatures, by hand

const NOW = 1_700_000_000; // the receiver's clock, in Unix seconds
const KEY = Buffer.from('all-features-test-key-0123456789', 'utf8');
const SECRET = `whsec_${KEY.toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('some-other-key-of-32-bytes-long!', 'utf8').toString('base64')}`;
const MSG_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const ID = '327475578523353102'; // above 2^53

const thing = {
  id: ID,
  kind: 'thing',
  name: 'Blue/green thing, café',
  price: '19.99',
  created_at: '2024-01-01T00:00:00Z',
  archived_at: null,
  tags: ['blue'],
};

/**
 * A body as a provider would send it, with what JSON.stringify would never write (spacing, a
 * `\/` escape, the 64-bit id as a number): only the exact bytes verify.
 */
function envelopeText(type: string, data: string | null = thingText()): string {
  return `{ "type": "${type}", "timestamp": "2023-11-14T22:13:20Z"${data === null ? '' : `,\n  "data": ${data}`} }`;
}
function thingText(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: ID,
    kind: '"thing"',
    name: '"Blue\\/green thing, caf\u00e9"',
    price: '"19.99"',
    created_at: '"2024-01-01T00:00:00Z"',
    archived_at: 'null',
    tags: '["blue"]',
    ...overrides,
  };
  return `{${Object.entries(fields)
    .map(([k, v]) => `"${k}":  ${v}`)
    .join(', ')}}`;
}
const BODY = Buffer.from(envelopeText('thing.created'), 'utf8');

/** Standard Webhooks: base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` under the decoded key. */
function swSignature(body: Buffer, id: string, timestamp: number | string, key: Buffer = KEY): string {
  return `v1,${createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body])).digest('base64')}`;
}

function swHeaders(body: Buffer, opts: { id?: string; timestamp?: number | string; signature?: string } = {}): Record<string, string> {
  const id = opts.id ?? MSG_ID;
  const timestamp = opts.timestamp ?? NOW;
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': opts.signature ?? swSignature(body, id, timestamp),
    'x-account': 'acct_42',
  };
}

const oneByteChanged = (body: Buffer): Buffer => {
  const copy = Buffer.from(body);
  copy[copy.indexOf('Blue')] ^= 0x20; // "blue"
  return copy;
};

// ---------------------------------------------------------------------------------------------
// The fixture as it is: Standard-Webhooks-like

describe('allfeatures: envelope, topic field, {id}.{timestamp}.{body}, tolerance, several v1, signatures, whsec_ secret', () => {
  let out: string;
  let mod: Mod;
  let receiver: any;
  beforeAll(async () => {
    ({ out, mod } = await generateFixture());
    receiver = mod.createAllFeaturesReceiver({ secrets: SECRET, now: () => NOW * 1000 });
  });

  it('accepts a valid delivery: the envelope payload, the whole envelope and the header field', async () => {
    const result = await receiver.receive({ headers: swHeaders(BODY), body: BODY });
    expect(result).toMatchObject({ ok: true, topic: 'thing.created', account: 'acct_42' });
    expect(result.payload).toEqual(thing); // validated, the 64-bit id as its digits
    expect(result.envelope).toEqual({ type: 'thing.created', timestamp: '2023-11-14T22:13:20Z', data: thing });
    expect(result.envelope.data).toBe(result.payload);
  });

  it.each([
    ['one byte of the body changed', () => ({ headers: swHeaders(BODY), body: oneByteChanged(BODY) })],
    ['a wrong secret', () => ({ headers: swHeaders(BODY, { signature: swSignature(BODY, MSG_ID, NOW, Buffer.from(OTHER_SECRET.slice(6), 'base64')) }), body: BODY })],
    ['the signed id changed', () => ({ headers: { ...swHeaders(BODY), 'webhook-id': 'msg_other' }, body: BODY })],
    ['the signed timestamp changed', () => ({ headers: { ...swHeaders(BODY), 'webhook-timestamp': String(NOW + 1) }, body: BODY })],
    ['the secret used as UTF-8 text instead of its base64 key', () => ({ headers: swHeaders(BODY, { signature: swSignature(BODY, MSG_ID, NOW, Buffer.from(SECRET, 'utf8')) }), body: BODY })],
    ['a signature without its v1, prefix', () => ({ headers: swHeaders(BODY, { signature: swSignature(BODY, MSG_ID, NOW).slice(3) }), body: BODY })],
    ['a signature over the re-serialized body', () => ({ headers: swHeaders(BODY, { signature: swSignature(Buffer.from(JSON.stringify(JSON.parse(BODY.toString()))), MSG_ID, NOW) }), body: BODY })],
  ])('rejects %s as invalid_hmac (401)', async (_name, input) => {
    expect(await receiver.receive(input())).toMatchObject({ ok: false, reason: 'invalid_hmac', status: 401, message: expect.stringContaining('{id}.{timestamp}.{body}') });
  });

  it('accepts any of several signatures in the header', async () => {
    const good = swSignature(BODY, MSG_ID, NOW);
    const bad = swSignature(BODY, MSG_ID, NOW, Buffer.from(OTHER_SECRET.slice(6), 'base64'));
    for (const header of [`${bad} ${good}`, `${good} ${bad}`, `v2,${good.slice(3)} ${good}`, `  ${bad}   ${good}  `, `not-a-signature ${good}`]) {
      expect(await receiver.receive({ headers: swHeaders(BODY, { signature: header }), body: BODY })).toMatchObject({ ok: true });
    }
    expect(await receiver.receive({ headers: swHeaders(BODY, { signature: `${bad} ${bad}` }), body: BODY })).toMatchObject({ reason: 'invalid_hmac' });
  });

  it('rejects a stale or future timestamp as timestamp_out_of_range (401), only once the signature holds', async () => {
    for (const timestamp of [NOW - 301, NOW + 301, NOW - 86_400]) {
      const result = await receiver.receive({ headers: swHeaders(BODY, { timestamp }), body: BODY });
      expect(result).toMatchObject({ ok: false, reason: 'timestamp_out_of_range', status: 401, message: expect.stringContaining('tolerance of 300 s') });
    }
    for (const timestamp of [NOW - 300, NOW + 300, NOW]) {
      expect(await receiver.receive({ headers: swHeaders(BODY, { timestamp }), body: BODY })).toMatchObject({ ok: true });
    }
    // a stale delivery with a forged signature is a bad signature, not a stale one
    const forged = swHeaders(BODY, { timestamp: NOW - 1000, signature: swSignature(BODY, MSG_ID, NOW - 1000, Buffer.alloc(32)) });
    expect(await receiver.receive({ headers: forged, body: BODY })).toMatchObject({ reason: 'invalid_hmac' });
    // a signed timestamp that is not Unix seconds
    const iso = '2023-11-14T22:13:20Z';
    expect(await receiver.receive({ headers: swHeaders(BODY, { timestamp: iso }), body: BODY })).toMatchObject({ reason: 'timestamp_out_of_range', message: expect.stringContaining('not a Unix time') });
  });

  it('uses Date.now without a `now` option', async () => {
    const real = mod.createAllFeaturesReceiver({ secrets: SECRET });
    expect(await real.receive({ headers: swHeaders(BODY), body: BODY })).toMatchObject({ reason: 'timestamp_out_of_range' });
    const t = Math.floor(Date.now() / 1000);
    expect(await real.receive({ headers: swHeaders(BODY, { timestamp: t }), body: BODY })).toMatchObject({ ok: true });
  });

  it('takes the secret with or without whsec_, rotates secrets, and refuses a secret that is not base64', async () => {
    const bare = mod.createAllFeaturesReceiver({ secrets: KEY.toString('base64'), now: () => NOW * 1000 });
    expect(await bare.receive({ headers: swHeaders(BODY), body: BODY })).toMatchObject({ ok: true });
    const rotating = mod.createAllFeaturesReceiver({ secrets: [OTHER_SECRET, SECRET], now: () => NOW * 1000 });
    expect(await rotating.receive({ headers: swHeaders(BODY), body: BODY })).toMatchObject({ ok: true });
    expect(() => mod.createAllFeaturesReceiver({ secrets: ['whsec_not base64!'] })).toThrow(/secrets\[0\] is not a base64 key \(after the optional whsec_ prefix\)/);
    expect(() => mod.createAllFeaturesReceiver({ secrets: SECRET, now: 5 })).toThrow(/`now` must be a function/);
  });

  it('requires the headers the signed content reads', async () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-account']) {
      const headers = swHeaders(BODY);
      delete headers[name];
      expect(await receiver.receive({ headers, body: BODY })).toMatchObject({ ok: false, reason: 'missing_header', status: 400, message: expect.stringMatching(new RegExp(name, 'i')) });
    }
  });

  it('reads the topic from the envelope, and validates the payload at /data', async () => {
    const send = (body: string) => receiver.receive({ headers: swHeaders(Buffer.from(body)), body });
    const rejecting = mod.createAllFeaturesReceiver({ secrets: SECRET, now: () => NOW * 1000, invalidPayload: 'reject' });
    const sendStrictly = (body: string) => rejecting.receive({ headers: swHeaders(Buffer.from(body)), body });
    const rejectingUnknown = mod.createAllFeaturesReceiver({ secrets: SECRET, now: () => NOW * 1000, unknownTopics: 'reject' });
    expect(await rejectingUnknown.receive({ headers: swHeaders(Buffer.from(envelopeText('thing.deleted'))), body: envelopeText('thing.deleted') })).toMatchObject({ ok: false, reason: 'unknown_topic', message: expect.stringContaining('"thing.deleted" (at /type)') });
    // by default a topic the spec does not list is handed over: the envelope, and its payload member, as parsed
    expect(await send(envelopeText('thing.deleted'))).toMatchObject({ ok: true, valid: false, known: false, topic: 'thing.deleted', envelope: { type: 'thing.deleted' } });
    // a genuine envelope without its payload member: handed over unvalidated, or 422 when asked
    const empty = envelopeText('thing.created', null);
    expect(await send(empty)).toMatchObject({ ok: true, valid: false, topic: 'thing.created', payload: undefined, envelope: { type: 'thing.created' }, issues: [{ path: '/data', received: 'missing' }], drift: [{ kind: 'missing', path: '/data' }] });
    expect(await sendStrictly(empty)).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
      status: 422,
      topic: 'thing.created',
      issues: [{ path: '/data', received: 'missing' }],
    });
    const badText = envelopeText('thing.created', thingText({ price: '19.99', tags: '"blue"' }));
    const bad = await send(badText);
    expect(bad).toMatchObject({ ok: true, valid: false, payload: { price: 19.99, tags: 'blue' }, envelope: { type: 'thing.created' } });
    expect(bad.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/data/price', '/data/tags']); // pointers into the body
    expect(bad.drift.map((d: { path: string }) => d.path)).toEqual(['/data/price', '/data/tags']);
    const rejected = await sendStrictly(badText);
    expect(rejected).toMatchObject({ ok: false, reason: 'invalid_payload', message: expect.stringContaining('the thing.created delivery does not match the spec (2 issues): /data/') });
    expect(rejected.issues).toEqual(bad.issues);
    expect(await send('{"type": "thing.created", "data": [1,')).toMatchObject({ reason: 'invalid_json' });
  });

  it('topics sharing one model, a multi-model topic (told apart by kind), an undocumented topic, a YAML-documented model', async () => {
    const send = (type: string, data: string) => {
      const body = Buffer.from(envelopeText(type, data));
      return receiver.receive({ headers: swHeaders(body), body });
    };
    const gizmo = '{"kind": "gizmo", "serial": "G-0001", "weight": 2.5}';
    expect(await send('thing.updated', thingText())).toMatchObject({ ok: true, valid: true, topic: 'thing.updated', payload: thing });
    expect(await send('thing.merged', thingText())).toMatchObject({ ok: true, valid: true, payload: { kind: 'thing', id: ID } });
    expect(await send('thing.merged', gizmo)).toMatchObject({ ok: true, valid: true, payload: { kind: 'gizmo', serial: 'G-0001' } });
    expect(await send('thing.merged', '{"kind": "gizmo", "serial": 7, "weight": 2.5}')).toMatchObject({ ok: true, valid: false, drift: [{ kind: 'retyped', path: '/data/serial' }] });
    expect(await send('gizmo.created', gizmo)).toMatchObject({ ok: true, valid: true, payload: { kind: 'gizmo', weight: 2.5 } });
    expect(await send('gizmo.created', '{"kind": "gizmo"}')).toMatchObject({ ok: true, valid: false, drift: [{ kind: 'missing', path: '/data/serial' }, { kind: 'missing', path: '/data/weight' }] });
    const mystery = await send('mystery.event', '{"anything": [1, 2], "big": 12345678901234567890}');
    expect(mystery).toMatchObject({ ok: true, valid: true, topic: 'mystery.event', payload: { anything: [1, 2], big: '12345678901234567890' } });
  });

  it('signs as node:crypto does, and parses the envelope and its payload', async () => {
    expect(await mod.signAllFeaturesBody(BODY, SECRET, { id: MSG_ID, timestamp: NOW })).toBe(swSignature(BODY, MSG_ID, NOW));
    expect(await mod.signAllFeaturesBody(BODY, SECRET, { id: MSG_ID, timestamp: String(NOW) })).toBe(swSignature(BODY, MSG_ID, NOW));
    await expect(mod.signAllFeaturesBody(BODY, SECRET, { timestamp: NOW })).rejects.toThrow(/\{id\}/);
    expect(mod.parseAllFeaturesBody('thing.created', BODY.toString())).toEqual(thing);
    expect(mod.parseAllFeaturesEnvelope('thing.created', BODY.toString())).toEqual({ type: 'thing.created', timestamp: '2023-11-14T22:13:20Z', data: thing });
    const text = mod.stringifyAllFeaturesBody('thing.created', thing, { id: 'evt_1', type: 'overwritten' });
    expect(text).toContain(`"id":${ID}`);
    expect(JSON.parse(text.replace(`"id":${ID}`, `"id":"${ID}"`))).toEqual({ id: 'evt_1', type: 'thing.created', data: thing });
  });

  it('builds test requests: envelope, topic, part headers, timestamp, signature', async () => {
    const request = await mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing, envelope: { id: 'evt_1' }, secret: SECRET, timestamp: NOW });
    expect(Object.keys(request.headers).sort()).toEqual(['Content-Type', 'X-Account', 'webhook-id', 'webhook-signature', 'webhook-timestamp']);
    expect(request.headers['webhook-id']).toBe(MSG_ID); // the docs' example
    expect(request.headers['webhook-timestamp']).toBe(String(NOW));
    expect(request.headers['webhook-signature']).toBe(swSignature(Buffer.from(request.body), MSG_ID, NOW));
    expect(await receiver.receive(request)).toMatchObject({ ok: true, topic: 'thing.created', payload: thing, envelope: { id: 'evt_1', type: 'thing.created' }, account: 'acct_123' });
    const stale = await mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing, secret: SECRET, timestamp: NOW - 3600 });
    expect(await receiver.receive(stale)).toMatchObject({ reason: 'timestamp_out_of_range' });
    const given = await mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing, secret: SECRET, headers: { 'webhook-id': 'msg_given', 'webhook-timestamp': String(NOW) } });
    expect(given.headers['webhook-signature']).toBe(swSignature(Buffer.from(given.body), 'msg_given', NOW));
    expect(await receiver.receive(given)).toMatchObject({ ok: true });
    const unsigned = await mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing });
    expect(unsigned.headers['webhook-signature']).toBeUndefined();
    expect(unsigned.headers['webhook-timestamp']).toMatch(/^[0-9]+$/);
  });

  it('works through fromRequest on a Web Request', async () => {
    const request = new Request('http://localhost/hooks', { method: 'POST', headers: swHeaders(BODY), body: BODY });
    expect(await receiver.fromRequest(request)).toMatchObject({ ok: true, topic: 'thing.created', payload: { id: ID } });
  });

  it('its declarations type the envelope, the clock, the sign parts and the new failure reason (tsc, strictest flags)', () => {
    const dir = path.dirname(out);
    fs.writeFileSync(
      path.join(dir, 'usage.ts'),
      `import {
  buildAllFeaturesTestRequest,
  createAllFeaturesReceiver,
  signAllFeaturesBody,
  type AllFeaturesReceiveFailureReason,
  type AllFeaturesReceiveResult,
  type JsonObject,
  type JsonValue,
} from './generated/allfeatures/index.js';

const receiver = createAllFeaturesReceiver({ secrets: 'whsec_AAAA', now: () => 0 });
export async function use(result: AllFeaturesReceiveResult): Promise<void> {
  if (result.ok && result.topic === 'thing.created') {
    // @ts-expect-error unchecked, the payload may be unvalidated JSON (or absent from the envelope)
    void result.payload.id;
  }
  if (result.ok && !result.valid) {
    const payload: JsonValue | undefined = result.payload;
    const envelope: JsonObject = result.envelope;
    void [payload, envelope, result.drift, result.issues];
  }
  if (result.ok && result.valid && result.topic === 'thing.created') {
    const id: string = result.payload.id;
    const envelope: JsonObject = result.envelope;
    const account: string = result.account;
    void [id, envelope, account];
  }
  if (result.ok && result.valid && result.topic === 'thing.merged') {
    const kind: 'thing' | 'gizmo' = result.payload.kind;
    void kind;
  }
  const reason: AllFeaturesReceiveFailureReason = 'timestamp_out_of_range';
  void reason;
  await signAllFeaturesBody('{}', 's', { id: 'msg', timestamp: 1 });
  await signAllFeaturesBody('{}', 's', { id: 'msg' });
  // @ts-expect-error the {id} part is required
  await signAllFeaturesBody('{}', 's', { timestamp: 1 });
  await buildAllFeaturesTestRequest({ topic: 'gizmo.created', payload: { kind: 'gizmo', serial: 'G', weight: 1 }, envelope: { id: 'evt' }, timestamp: 1, secret: 's' });
  await receiver.receive({ headers: {}, body: '' });
}
`,
    );
    const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.generated.json'), 'utf8'));
    config.include = ['generated/**/*.d.ts', 'usage.ts'];
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Variants: the other schemes of spec/README.md, on the same provider

const stripeLike = withSignature(`  signature:
    header: X-Sig
    algorithm: hmac-sha256
    encoding: hex
    signed: '{timestamp}.{body}'
    parts:
      timestamp: { part: t }
    format: { separator: ',', pairs: '=', signature: v1 }
    tolerance: 300
`);

describe('variant: Stripe-like (t=<ts>,v1=<hex>,v1=<hex>, signed {timestamp}.{body}, the whole whsec_ string as the key)', () => {
  let mod: Mod;
  let receiver: any;
  const hex = (body: Buffer, t: number, secret = SECRET) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.concat([Buffer.from(`${t}.`), body])).digest('hex');
  const headers = (value: string) => ({ 'X-Sig': value, 'X-Account': 'acct_42' });
  beforeAll(async () => {
    ({ mod } = await generateFixture(stripeLike));
    receiver = mod.createAllFeaturesReceiver({ secrets: SECRET, now: () => NOW * 1000 });
  });

  it('accepts a valid signature, also as the second v1 of two, and ignores other schemes', async () => {
    const good = hex(BODY, NOW);
    for (const value of [`t=${NOW},v1=${good}`, `t=${NOW},v1=${hex(BODY, NOW, 'wrong')},v1=${good}`, `t=${NOW},v0=${'0'.repeat(64)},v1=${good}`, `v1=${good}, t=${NOW}`]) {
      expect(await receiver.receive({ headers: headers(value), body: BODY })).toMatchObject({ ok: true, topic: 'thing.created', payload: thing });
    }
    expect(await mod.signAllFeaturesBody(BODY, SECRET, { timestamp: NOW })).toBe(`t=${NOW},v1=${good}`);
  });

  it.each([
    ['one byte changed', () => headers(`t=${NOW},v1=${hex(BODY, NOW)}`), oneByteChanged(BODY), 'invalid_hmac'],
    ['a wrong secret', () => headers(`t=${NOW},v1=${hex(BODY, NOW, OTHER_SECRET)}`), BODY, 'invalid_hmac'],
    ['a v0 signature only', () => headers(`t=${NOW},v0=${hex(BODY, NOW)}`), BODY, 'invalid_hmac'],
    ['no t= item', () => headers(`v1=${hex(BODY, NOW)}`), BODY, 'invalid_hmac'],
    ['a stale timestamp', () => headers(`t=${NOW - 301},v1=${hex(BODY, NOW - 301)}`), BODY, 'timestamp_out_of_range'],
  ] as const)('rejects %s', async (_name, h, body, reason) => {
    expect(await receiver.receive({ headers: h(), body })).toMatchObject({ ok: false, reason, status: 401 });
  });

  it('names the missing t= item', async () => {
    expect(await receiver.receive({ headers: headers(`v1=${hex(BODY, NOW)}`), body: BODY })).toMatchObject({ message: expect.stringContaining('t= item') });
  });

  it('builds a request the receiver accepts, and a stale one it refuses', async () => {
    const request = await mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing, secret: SECRET, timestamp: NOW });
    expect(request.headers['X-Sig']).toBe(`t=${NOW},v1=${hex(Buffer.from(request.body), NOW)}`);
    expect(await receiver.receive(request)).toMatchObject({ ok: true });
    const stale = await mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing, secret: SECRET, timestamp: NOW - 301 });
    expect(await receiver.receive(stale)).toMatchObject({ reason: 'timestamp_out_of_range' });
  });
});

describe('variant: Paddle-like (ts=<ts>;h1=<hex>, signed {timestamp}:{body})', () => {
  let receiver: any;
  let mod: Mod;
  const hex = (body: Buffer, ts: number, secret = 'pdl_ntfset_secret') => createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${ts}:`), body])).digest('hex');
  const headers = (value: string) => ({ 'Paddle-Like-Signature': value, 'X-Account': 'acct_42' });
  beforeAll(async () => {
    ({ mod } = await generateFixture(
      withSignature(`  signature:
    header: Paddle-Like-Signature
    algorithm: hmac-sha256
    encoding: hex
    signed: '{timestamp}:{body}'
    parts:
      timestamp: { part: ts }
    format: { separator: ';', pairs: '=', signature: h1 }
    tolerance: 5
`),
    ));
    receiver = mod.createAllFeaturesReceiver({ secrets: 'pdl_ntfset_secret', now: () => NOW * 1000 });
  });

  it('accepts a valid signature (also the second h1), refuses a changed byte, a wrong secret and a stale timestamp', async () => {
    const good = hex(BODY, NOW);
    expect(await receiver.receive({ headers: headers(`ts=${NOW};h1=${good}`), body: BODY })).toMatchObject({ ok: true, envelope: { type: 'thing.created' } });
    expect(await receiver.receive({ headers: headers(`ts=${NOW};h1=${hex(BODY, NOW, 'old')};h1=${good}`), body: BODY })).toMatchObject({ ok: true });
    expect(await receiver.receive({ headers: headers(`ts=${NOW};h1=${good}`), body: oneByteChanged(BODY) })).toMatchObject({ reason: 'invalid_hmac' });
    expect(await receiver.receive({ headers: headers(`ts=${NOW};h1=${hex(BODY, NOW, 'wrong')}`), body: BODY })).toMatchObject({ reason: 'invalid_hmac' });
    expect(await receiver.receive({ headers: headers(`ts=${NOW - 6};h1=${hex(BODY, NOW - 6)}`), body: BODY })).toMatchObject({ reason: 'timestamp_out_of_range' });
    expect(await mod.signAllFeaturesBody(BODY, 'pdl_ntfset_secret', { timestamp: NOW })).toBe(`ts=${NOW};h1=${good}`);
  });
});

describe('variant: Standard Webhooks with named items (v1,<base64> as pairs) instead of a prefix', () => {
  it('accepts the second of two signatures and refuses a stale timestamp', async () => {
    const { mod } = await generateFixture(
      withSignature(`  signature:
    header: webhook-signature
    algorithm: hmac-sha256
    encoding: base64
    signed: '{id}.{timestamp}.{body}'
    parts:
      id: { header: webhook-id }
      timestamp: { header: webhook-timestamp }
    format: { separator: ' ', pairs: ',', signature: v1 }
    tolerance: 300
    secret: { encoding: base64, prefix: whsec_ }
`),
    );
    const receiver = mod.createAllFeaturesReceiver({ secrets: SECRET, now: () => NOW * 1000 });
    const good = swSignature(BODY, MSG_ID, NOW);
    const other = swSignature(BODY, MSG_ID, NOW, Buffer.alloc(32, 1));
    expect(await receiver.receive({ headers: swHeaders(BODY, { signature: `${other} ${good}` }), body: BODY })).toMatchObject({ ok: true });
    expect(await receiver.receive({ headers: swHeaders(BODY, { signature: other }), body: BODY })).toMatchObject({ reason: 'invalid_hmac' });
    expect(await receiver.receive({ headers: swHeaders(BODY, { timestamp: NOW - 301 }), body: BODY })).toMatchObject({ reason: 'timestamp_out_of_range' });
    expect(await mod.signAllFeaturesBody(BODY, SECRET, { id: MSG_ID, timestamp: NOW })).toBe(good);
  });
});

describe('variant: raw body, several sha256=<hex> signatures in one header, no envelope', () => {
  it('verifies the raw bytes against any of the signatures', async () => {
    const { mod } = await generateFixture((provider) =>
      withSignature(`  signature:
    header: X-Sig
    algorithm: hmac-sha256
    encoding: hex
    prefix: sha256=
    signed: raw-body
    format: { separator: ',' }
`)(provider.replace(/ {2}envelope:\n {4}payload: \/data\n/, '')),
    );
    const receiver = mod.createAllFeaturesReceiver({ secrets: 'plain-secret' });
    const body = Buffer.from(`{"type":  "thing.created", ${thingText().slice(1)}`);
    const sig = (secret: string, b: Buffer = body) => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;
    const headers = (value: string) => ({ 'X-Sig': value, 'X-Account': 'a' });
    expect(await receiver.receive({ headers: headers(`${sig('old')},${sig('plain-secret')}`), body })).toMatchObject({ ok: true, payload: { id: ID, type: 'thing.created' } });
    expect((await receiver.receive({ headers: headers(sig('plain-secret')), body })).envelope).toBeUndefined();
    expect(await receiver.receive({ headers: headers(`${sig('old')},${sig('plain-secret', oneByteChanged(body))}`), body })).toMatchObject({ reason: 'invalid_hmac' });
    expect(await mod.signAllFeaturesBody(body, 'plain-secret')).toBe(sig('plain-secret'));
  });
});

// ---------------------------------------------------------------------------------------------
// The spec checks of the new keys: each problem where it is, with expected/found/fix

describe('spec: signature and envelope keys are checked where they are written', () => {
  function load(edit: (provider: string) => string) {
    const dir = tempDir();
    fs.cpSync(path.join(fixtureRoot, 'spec'), path.join(dir, 'spec'), { recursive: true });
    const file = path.join(dir, 'spec', 'allfeatures', 'provider.yaml');
    const text = edit(providerText);
    fs.writeFileSync(file, text);
    return { ...loadSpec(dir, 'spec'), text };
  }

  it('loads the fixture into the model', () => {
    const { problems, providers } = load((t) => t);
    expect(problems).toEqual([]);
    expect(providers[0]!.delivery.envelope).toEqual({ payload: '/data' });
    expect(providers[0]!.delivery.signature).toEqual({
      header: 'webhook-signature',
      algorithm: 'hmac-sha256',
      encoding: 'base64',
      prefix: 'v1,',
      signed: '{id}.{timestamp}.{body}',
      parts: { id: { header: 'webhook-id' }, timestamp: { header: 'webhook-timestamp' } },
      format: { separator: ' ' },
      tolerance: 300,
      secret: { encoding: 'base64', prefix: 'whsec_' },
    });
  });

  const cases: [string, (t: string) => string, string, RegExp][] = [
    ['a template without {body}', (t) => t.replace("'{id}.{timestamp}.{body}'", "'{id}.{timestamp}'"), "'{id}.{timestamp}'", /has no \{body\}/],
    ['a placeholder that no part declares', (t) => t.replace("'{id}.{timestamp}.{body}'", "'{id}.{timestmp}.{body}'"), '{timestmp}', /uses \{timestmp\}, which `parts` does not declare/],
    ['a part the template does not use', (t) => t.replace("'{id}.{timestamp}.{body}'", "'{timestamp}.{body}'"), 'id: { header', /part `id` is not used/],
    ['an unbalanced brace', (t) => t.replace("'{id}.{timestamp}.{body}'", "'{id}.{timestamp.{body}'"), '{id}.{timestamp.{body}', /unbalanced brace|invalid placeholder/],
    ['a tolerance without {timestamp}', (t) => t.replace("'{id}.{timestamp}.{body}'", "'{id}.{body}'").replace(/ {6}timestamp: \{ header: webhook-timestamp \}\n/, ''), 'tolerance: 300', /tolerance needs a `\{timestamp\}`/],
    ['a tolerance that is not whole seconds', (t) => t.replace('tolerance: 300', 'tolerance: 5m'), '5m', /invalid signature tolerance/],
    ['a part from an item without format.pairs', (t) => t.replace('timestamp: { header: webhook-timestamp }', 'timestamp: { part: t }'), 'part: t', /`format` does not name its items/],
    ['a part with both sources', (t) => t.replace('id: { header: webhook-id }', 'id: { header: webhook-id, part: i }'), 'id: {', /exactly one of header or part/],
    ['format.pairs without format.signature', (t) => t.replace("separator: ' '", "separator: ' '\n      pairs: ','"), 'format:', /`format.pairs` needs `format.signature`/],
    ['an unknown secret encoding', (t) => t.replace('encoding: base64\n      prefix: whsec_', 'encoding: base46\n      prefix: whsec_'), 'base46', /unsupported `encoding`/],
    ['a misspelt signature key', (t) => t.replace('tolerance: 300', 'tolerence: 300'), 'tolerence', /unknown key `tolerence`/],
    ['an envelope payload that is not a pointer', (t) => t.replace('payload: /data', 'payload: data'), 'payload: data', /must be a JSON pointer/],
    ['an envelope without payload', (t) => t.replace('payload: /data', 'member: /data'), 'member: /data', /unknown key `member`|missing `payload`/],
    ['a part header made optional', (t) => t.replace("example: '1674087231'", "example: '1674087231'\n      required: false"), 'required: false', /cannot be optional: it carries the signed part \{timestamp\}/],
    ['a header field named envelope', (t) => t.replace('field: account', 'field: envelope'), 'field: envelope', /clashes with a property every receive result has/],
  ];
  it.each(cases)('reports %s where it is', (_name, edit, needle, message) => {
    const { problems, text } = load(edit);
    expect(problems.length).toBeGreaterThan(0);
    const problem = problems.find((p) => message.test(p.message));
    expect(problem, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(problem!.at.file).toBe('spec/allfeatures/provider.yaml');
    expect([problem!.expected, problem!.found, problem!.fix].every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    const line = text.slice(0, at).split('\n').length;
    // the problem is at the key, its value or its map
    expect(Math.abs(problem!.at.line! - line), `${problem!.message} at line ${problem!.at.line}, expected near ${line}`).toBeLessThanOrEqual(1);
  });
});
