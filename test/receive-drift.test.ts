// What a receiver does with a genuine delivery whose payload does not match its model, end to end
// over a real node:http server on 127.0.0.1: by default it answers 2xx and hands the payload over
// unvalidated (`valid: false`, with its issues and drift), with `invalidPayload: 'reject'` it
// answers 422; either way the drift reaches the `onDrift` hook. A tampered delivery is still 401.
// Then every real delivery of the shared corpus through the same server, and the drift grouping.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSpiffyReceiver,
  parseSpiffyBody,
  signSpiffyBody,
  stringifySpiffyBody,
  validateSpiffyPayload,
  type SpiffyDriftReport,
  type SpiffyReceiveResult,
  type SpiffyTopic,
} from '../generated/spiffy/index.js';
import { payloadDrift, type PayloadDrift } from '../generated/runtime/receive.js';
import { corpusDir, corpusFiles, describeCorpus, REPO } from './drift/corpus.js';

const SECRET = 'drift-test-secret';
const SHOP = 'johns-apparel.spiffystores.com';

const reports: { receiver: string; report: SpiffyDriftReport }[] = [];
const accepting = createSpiffyReceiver({ secrets: SECRET, onDrift: (report) => void reports.push({ receiver: 'accept', report }) });
const rejecting = createSpiffyReceiver({ secrets: SECRET, invalidPayload: 'reject', onDrift: async (report) => void reports.push({ receiver: 'reject', report }) });

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const receiver = req.url === '/hooks/reject' ? rejecting : accepting;
    receiver.fromNode(req).then(
      (result: SpiffyReceiveResult) => res.writeHead(result.ok ? 200 : result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  reports.length = 0;
});

async function deliver(route: 'accept' | 'reject', topic: string, body: string | Uint8Array, signature?: string): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${base}/hooks/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spiffy-topic': topic, 'x-spiffy-shop-domain': SHOP, 'x-spiffy-hmac-sha256': signature ?? (await signSpiffyBody(body, SECRET)) },
    body,
  });
  const text = await res.text();
  if (res.status === 500) throw new Error(`server error: ${text}`);
  return { status: res.status, json: JSON.parse(text) };
}

// the Product sample, drifted as real deliveries drift: a field the model requires is gone, a
// value has another type, and one field of every variant holds a number
const productText = fs.readFileSync(path.join(REPO, 'spec/spiffy/samples/product.json'), 'utf8');
const product = parseSpiffyBody('products/update', productText);
const drifted = { ...product, title: 7, variants: (product.variants ?? []).map((v) => ({ ...v, sku: 5 })) } as Record<string, unknown>;
delete drifted.id;
const driftedBody = stringifySpiffyBody('products/update', drifted as unknown as typeof product);
const variantCount = (product.variants ?? []).length;

const expectedDrift: PayloadDrift[] = [
  { kind: 'missing', path: '/id', expected: 'digit string (64-bit integer)', received: 'missing', count: 1, example: '/id' },
  { kind: 'retyped', path: '/title', expected: 'string | null', received: 'integer', count: 1, example: '/title' },
  { kind: 'retyped', path: '/variants/*/sku', expected: 'string | null', received: 'integer', count: variantCount, example: '/variants/0/sku' },
];

describe('a genuine delivery that does not match its model', () => {
  it('has drift to show (the test data is what it claims)', () => {
    expect(variantCount).toBeGreaterThan(1);
    expect(validateSpiffyPayload('products/update', JSON.parse(driftedBody)).ok).toBe(false);
  });

  it('by default: 2xx, handed over as valid: false with its issues and drift, and the drift reaches onDrift', async () => {
    const { status, json } = await deliver('accept', 'products/update', driftedBody);
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, valid: false, topic: 'products/update', shopDomain: SHOP, drift: expectedDrift });
    expect(json.payload).toEqual(parseSpiffyBody('products/update', driftedBody)); // lossless: 64-bit ids as their digits
    expect(json.issues.map((i: { path: string }) => i.path)).toEqual(['/id', '/title', ...Array.from({ length: variantCount }, (_, i) => `/variants/${i}/sku`)]);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.receiver).toBe('accept');
    expect(reports[0]?.report).toEqual({ topic: 'products/update', outcome: 'accepted', issues: json.issues, drift: expectedDrift, payload: json.payload, shopDomain: SHOP });
  });

  it("with invalidPayload: 'reject': 422 invalid_payload with the same issues and drift, and onDrift hears it was rejected", async () => {
    const { status, json } = await deliver('reject', 'products/update', driftedBody);
    expect(status).toBe(422);
    expect(json).toMatchObject({ ok: false, reason: 'invalid_payload', status: 422, topic: 'products/update', drift: expectedDrift });
    expect(json.message).toMatch(/^the products\/update payload does not match the spec \(\d+ issues\): \/id: expected digit string \(64-bit integer\), received missing; /);
    expect(reports.map((r) => [r.receiver, r.report.outcome, r.report.drift])).toEqual([['reject', 'rejected', expectedDrift]]);
  });

  it('a tampered delivery is still 401, whatever the option, and reports no drift', async () => {
    const signature = await signSpiffyBody(driftedBody, SECRET);
    const tampered = driftedBody.replace('"title":7', '"title":8');
    expect(tampered).not.toBe(driftedBody);
    for (const route of ['accept', 'reject'] as const) {
      const { status, json } = await deliver(route, 'products/update', tampered, signature);
      expect([status, json.ok, json.reason]).toEqual([401, false, 'invalid_hmac']);
    }
    const wrongSecret = await signSpiffyBody(driftedBody, 'not-the-secret');
    expect((await deliver('accept', 'products/update', driftedBody, wrongSecret)).status).toBe(401);
    expect(reports).toEqual([]);
  });

  it('a delivery that matches its model is valid: true, and the hook stays quiet', async () => {
    for (const route of ['accept', 'reject'] as const) {
      const { status, json } = await deliver(route, 'products/update', productText);
      expect([status, json.ok, json.valid]).toEqual([200, true, true]);
      expect(json.issues).toBeUndefined();
    }
    expect(reports).toEqual([]);
  });

  it("an onDrift hook that throws rejects the receiver's promise (documented: the hook decides)", async () => {
    const failing = createSpiffyReceiver({
      secrets: SECRET,
      onDrift: () => {
        throw new Error('metrics are down');
      },
    });
    const headers = { 'x-spiffy-topic': 'products/update', 'x-spiffy-shop-domain': SHOP, 'x-spiffy-hmac-sha256': await signSpiffyBody(driftedBody, SECRET) };
    await expect(failing.receive({ headers, body: driftedBody })).rejects.toThrow('metrics are down');
  });

  it('invalidPayload takes only accept or reject, and onDrift only a function', () => {
    // @ts-expect-error not an action
    expect(() => createSpiffyReceiver({ secrets: SECRET, invalidPayload: 'drop' })).toThrow("createSpiffyReceiver: `invalidPayload` must be 'accept' or 'reject'; got \"drop\"");
    // @ts-expect-error not a function
    expect(() => createSpiffyReceiver({ secrets: SECRET, onDrift: 'log' })).toThrow('createSpiffyReceiver: `onDrift` must be a function');
  });
});

describeCorpus('every real delivery of the shared corpus, over HTTP', () => {
  const files = (() => {
    try {
      return corpusFiles();
    } catch {
      return ['(the corpus is missing)'];
    }
  })();

  it.each(files)('%s: 2xx from the default receiver, typed and conforming or handed over with its drift', async (file) => {
    const body = fs.readFileSync(path.join(corpusDir(), file));
    const topic = (file.split('/')[0] ?? '').replace('__', '/') as SpiffyTopic;
    const { status, json } = await deliver('accept', topic, body);
    expect([status, json.ok, json.topic]).toEqual([200, true, topic]);
    if (json.valid === true) {
      // handed over as the model's type: it conforms to that type (checked again, independently of the receiver)
      expect(validateSpiffyPayload(topic, parseSpiffyBody(topic, body.toString('utf8')))).toMatchObject({ ok: true });
      expect(reports).toEqual([]);
    } else {
      expect(json.valid).toBe(false);
      expect(json.drift.length).toBeGreaterThan(0);
      expect(reports.map((r) => [r.report.topic, r.report.outcome, r.report.drift])).toEqual([[topic, 'accepted', json.drift]]);
      // with the reject option the same delivery is a 422
      const rejected = await deliver('reject', topic, body);
      expect([rejected.status, rejected.json.reason, rejected.json.drift]).toEqual([422, 'invalid_payload', json.drift]);
    }
  });
});

describe('payloadDrift groups issues by kind and field', () => {
  const issue = (path: string, expected: string, received: string) => ({ path, expected, received, message: `${path}: expected ${expected}, received ${received}` });

  it('names each kind as npm run drift does, array items as *, in kind order', () => {
    const payload = { a: [{ b: null }, { b: null }], c: '12345678901234567890', d: 'x', e: 1, '0': { f: true } };
    const issues = [
      issue('/e', 'string | null', 'integer'),
      issue('/a/0/b', 'string', 'null'),
      issue('/a/1/b', 'string', 'null'),
      issue('/c', 'integer', 'string'),
      issue('/d', '"y" | "z"', '"x"'),
      issue('/0/f', 'absent (not in the spec; strict mode)', 'boolean'),
      issue('/g', 'string', 'missing'),
    ];
    expect(payloadDrift(issues, payload)).toEqual([
      { kind: 'missing', path: '/g', expected: 'string', received: 'missing', count: 1, example: '/g' },
      { kind: 'nullability', path: '/a/*/b', expected: 'string', received: 'null', count: 2, example: '/a/0/b' },
      { kind: 'retyped', path: '/e', expected: 'string | null', received: 'integer', count: 1, example: '/e' },
      { kind: 'value', path: '/d', expected: '"y" | "z"', received: '"x"', count: 1, example: '/d' },
      { kind: 'precision', path: '/c', expected: 'integer', received: 'string', count: 1, example: '/c' },
      // an object key made of digits is a key, not an array index
      { kind: 'added', path: '/0/f', expected: 'absent (not in the spec; strict mode)', received: 'boolean', count: 1, example: '/0/f' },
    ]);
  });

  it('lists each distinct received value once per group', () => {
    const payload = { a: [1, 'x', 2] };
    const drift = payloadDrift([issue('/a/0', 'boolean', 'integer'), issue('/a/1', 'boolean', 'string'), issue('/a/2', 'boolean', 'integer')], payload);
    expect(drift).toEqual([{ kind: 'retyped', path: '/a/*', expected: 'boolean', received: 'integer | string', count: 3, example: '/a/0' }]);
  });
});
