// The generated package for Lemon Squeezy (spec/lemonsqueezy/): the docs' samples validate, the topic
// list is the docs' event table, the receiver verifies X-Signature exactly as the docs describe
// (hex HMAC-SHA256 of the raw body) and reads the topic from the body field /meta/event_name, the
// body is an envelope typed by its own model (models/Envelope.yaml: `meta`) around the payload
// at /data, the test-request builder round-trips, fixtures validate for every topic (payloads and
// whole bodies), and drift sees an added field in the payload and in the envelope.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import {
  buildLemonSqueezyTestRequest,
  createLemonSqueezyReceiver,
  lemonSqueezyEnvelopeFixture,
  lemonSqueezyFixture,
  lemonSqueezyTopicModels,
  lemonSqueezyTopics,
  parseLemonSqueezyBody,
  parseLemonSqueezyEnvelope,
  signLemonSqueezyBody,
  stringifyLemonSqueezyBody,
  validateEnvelope,
  validateLemonSqueezyEnvelope,
  validateLemonSqueezyPayload,
  type LemonSqueezyEnvelope,
  type LemonSqueezyTopic,
  type Order,
} from '../generated/lemonsqueezy/index.js';
import { drift } from '../src/tools/drift/drift.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const specDir = join(repo, 'spec/lemonsqueezy');
const SECRET = 'test-secret';

/** The event table of https://docs.lemonsqueezy.com/help/webhooks/event-types, in its order, with "Data Sent". */
const DOCS_EVENTS: [LemonSqueezyTopic, string][] = [
  ['order_created', 'Order'],
  ['order_refunded', 'Order'],
  ['subscription_created', 'Subscription'],
  ['subscription_updated', 'Subscription'],
  ['subscription_cancelled', 'Subscription'],
  ['subscription_resumed', 'Subscription'],
  ['subscription_expired', 'Subscription'],
  ['subscription_paused', 'Subscription'],
  ['subscription_unpaused', 'Subscription'],
  ['subscription_payment_success', 'SubscriptionInvoice'],
  ['subscription_payment_failed', 'SubscriptionInvoice'],
  ['subscription_payment_recovered', 'SubscriptionInvoice'],
  ['subscription_payment_refunded', 'SubscriptionInvoice'],
  ['license_key_created', 'LicenseKey'],
  ['license_key_updated', 'LicenseKey'],
  ['affiliate_activated', 'Affiliate'],
];

/** What the docs say to compute: an HMAC hex digest of the raw body under the signing secret. */
const docsSignature = (rawBody: Buffer | string, secret = SECRET) => createHmac('sha256', secret).update(rawBody).digest('hex');

/**
 * Every sample file (a whole body, verbatim) with the model of its payload and the topics that
 * carry that model: each payload model's samples are `<file>#/data`, and the envelope model's are
 * the same files whole.
 */
const samples = ['Order', 'Subscription', 'SubscriptionInvoice', 'LicenseKey', 'Affiliate'].flatMap((model) => {
  const spec = YAML.parse(readFileSync(join(specDir, 'models', `${model}.yaml`), 'utf8')) as { samples: string[] };
  const topics = lemonSqueezyTopics.filter((t) => lemonSqueezyTopicModels[t].includes(model));
  return spec.samples.map((ref) => {
    const [file = '', pointer] = ref.split('#');
    expect(pointer, ref).toBe('/data');
    return { model, file, topics, raw: readFileSync(join(specDir, file)) };
  });
});
const envelopeSamples = (YAML.parse(readFileSync(join(specDir, 'models/Envelope.yaml'), 'utf8')) as { samples: string[] }).samples;

const orderRaw = readFileSync(join(specDir, 'samples/order.json'));

function headersFor(rawBody: Buffer | string, eventName: string, signature = docsSignature(rawBody)) {
  return { 'Content-Type': 'application/json', 'X-Event-Name': eventName, 'X-Signature': signature };
}

describe('topics', () => {
  it("equal the docs' event table, each with the model of its Data Sent column", () => {
    expect([...lemonSqueezyTopics].sort()).toEqual(DOCS_EVENTS.map(([t]) => t).sort());
    for (const [topic, model] of DOCS_EVENTS) expect(lemonSqueezyTopicModels[topic], topic).toEqual([model]);
  });
});

describe('samples', () => {
  it('cover every model, each carried by at least one topic; the envelope model has every sample file whole', () => {
    expect(samples.map((s) => s.model)).toEqual(['Order', 'Subscription', 'SubscriptionInvoice', 'LicenseKey', 'Affiliate']);
    for (const s of samples) expect(s.topics.length, s.model).toBeGreaterThan(0);
    expect([...envelopeSamples].sort()).toEqual(samples.map((s) => s.file).sort());
  });

  it.each(samples.map((s) => [`${s.model} ← ${s.file}`, s] as const))('%s: the body validates (strict) as an envelope of its topic, its data for every topic of its model', (_, s) => {
    const event = (JSON.parse(s.raw.toString('utf8')) as { meta: { event_name: LemonSqueezyTopic } }).meta.event_name;
    expect(s.topics).toContain(event); // the sample's own meta.event_name is a topic of its model
    const body = parseLemonSqueezyEnvelope(event, s.raw.toString('utf8'));
    const whole = validateLemonSqueezyEnvelope(event, body, { strict: true });
    expect(whole.ok ? [] : whole.issues, event).toEqual([]);
    expect(validateEnvelope(body, { strict: true }).ok).toBe(true);
    for (const topic of s.topics) {
      const value = parseLemonSqueezyBody(topic, s.raw.toString('utf8'));
      const r = validateLemonSqueezyPayload(topic, value, { strict: true });
      expect(r.ok ? [] : r.issues, topic).toEqual([]);
    }
  });

  it('the validator is not vacuous: a retyped payload field and a missing envelope field are reported, as pointers into the body', () => {
    // parsed as a receiver does: the ids (customer_id, store_id, ...) are digit strings
    const body = parseLemonSqueezyEnvelope('order_created', orderRaw.toString('utf8')) as unknown as Record<string, any>;
    body.data.attributes.total = '11.99';
    delete body.meta.event_name;
    const r = validateLemonSqueezyEnvelope('order_created', body);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => i.message).sort()).toEqual(['/data/attributes/total: expected integer, received string', '/meta/event_name: expected string, received missing']);
    // another topic's body is not this topic's: the topic field is checked
    const other = validateLemonSqueezyEnvelope('order_refunded', parseLemonSqueezyEnvelope('order_created', orderRaw.toString('utf8')));
    expect(other.ok ? [] : other.issues.map((i) => i.message)).toEqual(['/meta/event_name: expected "order_refunded", received "order_created"']);
  });
});

describe('receiver', () => {
  const receiver = createLemonSqueezyReceiver({ secrets: SECRET });

  it('accepts the docs sample signed as the docs describe, and reads the topic from meta.event_name', async () => {
    const result = await receiver.receive({ headers: headersFor(orderRaw, 'order_created'), body: orderRaw });
    expect(result.ok ? '' : result.message).toBe('');
    if (!result.ok) return;
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.topic).toBe('order_created');
    expect(result.eventName).toBe('order_created');
    if (result.topic === 'order_created') {
      const order: Order = result.payload;
      expect(order.attributes.identifier).toBe('104e18a2-d755-4d4b-80c4-a6c1dcbe1c10');
      const envelope: LemonSqueezyEnvelope<'order_created'> = result.envelope;
      expect(envelope.meta.event_name).toBe('order_created');
      expect(envelope.meta.custom_data).toEqual({ customer_id: 25 });
      expect(envelope.data).toBe(order);
    }
  });

  it('an envelope that drifts is a genuine delivery handed over unvalidated, the issue under the envelope (or 422 when asked)', async () => {
    const body = orderRaw.toString('utf8').replace('"custom_data": {', '"test_mode": "yes", "custom_data": 7, "unused": {');
    const result = await receiver.receive({ headers: headersFor(body, 'order_created'), body });
    expect(result).toMatchObject({ ok: true, valid: false, topic: 'order_created', issues: [{ path: '/meta/custom_data', expected: 'object', received: 'integer' }], drift: [{ kind: 'retyped', path: '/meta/custom_data' }] });
    const strict = await createLemonSqueezyReceiver({ secrets: SECRET, strict: true, invalidPayload: 'reject' }).receive({ headers: headersFor(body, 'order_created'), body });
    expect(strict.ok ? [] : (strict.drift ?? []).map((d) => [d.kind, d.path])).toEqual([
      ['retyped', '/meta/custom_data'],
      ['added', '/meta/test_mode'],
      ['added', '/meta/unused'],
    ]);
  });

  it('accepts every sample through a Web Request', async () => {
    for (const s of samples) {
      const event = (JSON.parse(s.raw.toString('utf8')) as { meta: { event_name: string } }).meta.event_name;
      const request = new Request('https://example.test/hooks/lemonsqueezy', { method: 'POST', headers: headersFor(s.raw, event), body: s.raw });
      const result = await receiver.fromRequest(request);
      expect(result.ok ? result.topic : result.message, s.file).toBe(event);
    }
  });

  it("parses a body once: the topic read from it, the payload given that topic's 64-bit ids (as a parse for the topic gives them)", async () => {
    for (const s of samples) {
      const text = s.raw.toString('utf8');
      const event = (JSON.parse(text) as { meta: { event_name: LemonSqueezyTopic } }).meta.event_name;
      const headers = headersFor(s.raw, event);
      const parse = vi.spyOn(JSON, 'parse');
      try {
        const result = await receiver.receive({ headers, body: s.raw });
        expect(parse, s.file).toHaveBeenCalledTimes(1);
        expect(result.ok && result.valid, s.file).toBe(true);
        if (!result.ok) continue;
        expect(result.envelope, s.file).toEqual(parseLemonSqueezyEnvelope(event, text));
        expect(result.payload, s.file).toEqual(parseLemonSqueezyBody(event, text));
      } finally {
        parse.mockRestore();
      }
    }
    // the ids are strings where the topic's model has them, even as safe integers
    const order = await receiver.receive({ headers: headersFor(orderRaw, 'order_created'), body: orderRaw });
    expect(order.ok && order.valid && order.topic === 'order_created' && typeof order.payload.attributes.store_id).toBe('string');
  });

  it('the topic is the body field, not the X-Event-Name header', async () => {
    const body = orderRaw.toString('utf8').replace('"event_name": "order_created"', '"event_name": "order_refunded"');
    const result = await receiver.receive({ headers: headersFor(body, 'order_created'), body });
    expect(result.ok && result.topic).toBe('order_refunded');
    expect(result.ok && result.eventName).toBe('order_created'); // the header, as sent
  });

  it('rejects a one-byte change to the body (invalid_hmac, 401)', async () => {
    const signature = docsSignature(orderRaw);
    const changed = Buffer.from(orderRaw);
    const at = changed.indexOf('1199');
    changed[at] = '2'.charCodeAt(0); // "total": 2199
    const result = await receiver.receive({ headers: headersFor(changed, 'order_created', signature), body: changed });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('invalid_hmac');
      expect(result.status).toBe(401);
    }
  });

  it('rejects a signature made with another secret (invalid_hmac)', async () => {
    const result = await receiver.receive({ headers: headersFor(orderRaw, 'order_created', docsSignature(orderRaw, 'another-secret')), body: orderRaw });
    expect(result.ok ? 'ok' : result.reason).toBe('invalid_hmac');
  });

  it('rejects a base64 signature of the same digest (the docs say hex)', async () => {
    const base64 = createHmac('sha256', SECRET).update(orderRaw).digest('base64');
    const result = await receiver.receive({ headers: headersFor(orderRaw, 'order_created', base64), body: orderRaw });
    expect(result.ok ? 'ok' : result.reason).toBe('invalid_hmac');
  });

  it('rejects a delivery without X-Signature (missing_header) and, with unknownTopics: \'reject\', an unknown event (unknown_topic)', async () => {
    const missing = await receiver.receive({ headers: { 'Content-Type': 'application/json' }, body: orderRaw });
    expect(missing.ok ? 'ok' : missing.reason).toBe('missing_header');
    const body = orderRaw.toString('utf8').replace('"event_name": "order_created"', '"event_name": "customer_updated"');
    const rejecting = createLemonSqueezyReceiver({ secrets: SECRET, unknownTopics: 'reject' });
    const unknown = await rejecting.receive({ headers: headersFor(body, 'customer_updated'), body });
    expect(unknown.ok ? 'ok' : unknown.reason).toBe('unknown_topic');
    // by default the event the spec does not list is handed over as parsed: its payload member, and the envelope
    const accepted = await receiver.receive({ headers: headersFor(body, 'customer_updated'), body });
    expect(accepted).toMatchObject({ ok: true, valid: false, known: false, topic: 'customer_updated', payload: { type: 'orders' }, envelope: { meta: { event_name: 'customer_updated' } } });
  });

  it('signLemonSqueezyBody is the docs computation', async () => {
    expect(await signLemonSqueezyBody(orderRaw, SECRET)).toBe(docsSignature(orderRaw));
  });
});

describe('buildLemonSqueezyTestRequest', () => {
  const receiver = createLemonSqueezyReceiver({ secrets: SECRET });

  it.each(DOCS_EVENTS.map(([t]) => [t]))('%s: built from a payload fixture (in an empty envelope) and from a whole-body fixture, signed, received back unchanged', async (topic) => {
    const payload = lemonSqueezyFixture(topic).build(undefined, { seed: 7 });
    const request = await buildLemonSqueezyTestRequest({ topic, payload, secret: SECRET });
    expect(request.method).toBe('POST');
    expect(request.headers['X-Signature']).toBe(docsSignature(request.body));
    const result = await receiver.receive({ headers: request.headers, body: request.body });
    expect(result.ok ? '' : result.message).toBe('');
    expect(result.ok && result.valid && result.topic).toBe(topic);
    expect(result.ok && result.payload).toEqual(payload);
    expect(result.ok && result.envelope).toEqual({ meta: { event_name: topic }, data: payload });
    const envelope = lemonSqueezyEnvelopeFixture(topic).build(undefined, { seed: 7 });
    const whole = await receiver.receive(await buildLemonSqueezyTestRequest({ topic, payload: envelope.data, envelope, secret: SECRET }));
    expect(whole).toMatchObject({ ok: true, valid: true, topic, payload: envelope.data, envelope });
  });

  it('round-trips the docs sample byte for byte through parse and stringify', async () => {
    const envelope = parseLemonSqueezyEnvelope('order_created', orderRaw.toString('utf8'));
    const request = await buildLemonSqueezyTestRequest({ topic: 'order_created', payload: envelope.data, envelope, secret: SECRET });
    expect(JSON.parse(request.body)).toEqual(JSON.parse(orderRaw.toString('utf8')));
    expect(stringifyLemonSqueezyBody('order_created', envelope.data, envelope)).toBe(JSON.stringify(JSON.parse(orderRaw.toString('utf8'))));
    const result = await receiver.receive({ headers: request.headers, body: request.body });
    expect(result.ok && result.payload).toEqual(envelope.data);
    expect(result.ok && result.envelope).toEqual(envelope);
  });
});

describe('fixtures', () => {
  it.each(DOCS_EVENTS.map(([t]) => [t]))('%s: build() × 20 seeds passes the strict validator', (topic) => {
    for (let seed = 1; seed <= 20; seed++) {
      const payload = lemonSqueezyFixture(topic).build(undefined, { seed });
      const r = validateLemonSqueezyPayload(topic, payload, { strict: true });
      expect(r.ok ? [] : r.issues, `seed ${seed}`).toEqual([]);
      const body = lemonSqueezyEnvelopeFixture(topic).build(undefined, { seed });
      expect(body.meta.event_name).toBe(topic);
      const whole = validateLemonSqueezyEnvelope(topic, body, { strict: true });
      expect(whole.ok ? [] : whole.issues, `seed ${seed}`).toEqual([]);
    }
  });

  it.each(DOCS_EVENTS.map(([t]) => [t]))("%s: the whole-body sample is the docs' envelope around the payload's sample, with the topic", (topic) => {
    const body = lemonSqueezyEnvelopeFixture(topic).sample();
    expect(body.meta.event_name).toBe(topic);
    expect(body.data).toEqual(lemonSqueezyFixture(topic).sample());
    const r = validateLemonSqueezyEnvelope(topic, body, { strict: true });
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it("order_created's whole-body sample is the docs' webhook example", () => {
    expect(lemonSqueezyEnvelopeFixture('order_created').sample()).toEqual(parseLemonSqueezyEnvelope('order_created', orderRaw.toString('utf8')));
  });
});

describe('drift', () => {
  it('reports a field added to a modified sample, with the topic taken from meta.event_name', async () => {
    const order = JSON.parse(orderRaw.toString('utf8')) as Record<string, any>;
    order.data.attributes.setup_fee = 999;
    const dir = mkdtempSync(join(tmpdir(), 'drift-lemonsqueezy-'));
    writeFileSync(join(dir, 'order.json'), JSON.stringify(order));
    const r = await drift({ root: repo, provider: 'lemonsqueezy', inputs: [dir] });
    expect(r.errors).toEqual([]);
    expect(r.payloads).toBe(1);
    expect(r.findings.map((f) => [f.kind, f.topic, f.model, f.path, f.received, f.values.map((v) => v.value)])).toEqual([['added', 'order_created', 'Order', '/attributes/setup_fee', 'integer', ['999']]]);
    expect(r.drift).toBe(true);
  });

  it('compares the envelope with its own model: a field added to meta, a retyped event field', async () => {
    const order = JSON.parse(orderRaw.toString('utf8')) as Record<string, any>;
    order.meta.test_mode = true;
    order.meta.custom_data = 'none';
    const dir = mkdtempSync(join(tmpdir(), 'drift-lemonsqueezy-'));
    writeFileSync(join(dir, 'order.json'), JSON.stringify(order));
    const r = await drift({ root: repo, provider: 'lemonsqueezy', inputs: [dir] });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.kind, f.topic, f.model, f.path, f.received])).toEqual([
      ['retyped', 'order_created', 'Envelope', '/meta/custom_data', 'string'],
      ['added', 'order_created', 'Envelope', '/meta/test_mode', 'boolean'],
    ]);
  });

  it('the unmodified sample has no drift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-lemonsqueezy-'));
    writeFileSync(join(dir, 'order.json'), orderRaw);
    const r = await drift({ root: repo, provider: 'lemonsqueezy', inputs: [dir] });
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
