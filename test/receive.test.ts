// Webhook receiving (generated/<provider>/receive.js over generated/runtime/receive.js), end to
// end over a real node:http server on 127.0.0.1 through both adapters: `fromNode` on the
// IncomingMessage, and `fromRequest` on a Web `Request` made from it. Then the pieces (header
// lookup, base64/hex, nesting limit, signing), the receivers generated for other delivery shapes
// (hex + prefix, topic in a body field, no signature) from the acme fixture, the spec checks of
// the header keys `field` and `required`, and the types against real Node and DOM declarations.

import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildSpiffyTestRequest,
  createSpiffyReceiver,
  parseSpiffyBody,
  signSpiffyBody,
  spiffyTopicModels,
  spiffyTopics,
  type SpiffyReceiveResult,
  type SpiffyTopic,
} from '../generated/spiffy/index.js';
import {
  buildCratejoyTestRequest,
  createCratejoyReceiver,
  parseCratejoyBody,
  type CratejoyReceiveResult,
} from '../generated/cratejoy/index.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  decodeBase64,
  decodeHex,
  decodeSignature,
  encodeBase64,
  encodeHex,
  createHmacVerifier,
  exceedsValueDepth,
  getHeader,
  hmacCrypto,
  readNodeBody,
  readRequestBody,
  signHmac,
  toBytes,
  type HmacCrypto,
  type HmacScheme,
} from '../generated/runtime/receive.js';
import { generate } from '../src/generate.js';
import { loadSpec } from '../src/spec/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specText = (...p: string[]): string => fs.readFileSync(path.join(root, 'spec', ...p), 'utf8');
const specBytes = (...p: string[]): Buffer<ArrayBuffer> => fs.readFileSync(path.join(root, 'spec', ...p));

const SECRET = 'spiffy-test-secret';
const OLD_SECRET = 'spiffy-previous-secret';
const TOKEN = 'cratejoy-route-token';
const LIMIT = 1024 * 1024;
const SHOP = 'johns-apparel.spiffystores.com';
const PRODUCT_ID = '327475578523353102';

const productRaw = specBytes('spiffy', 'samples', 'product.json');

/** Node's crypto module, as the runtime reaches it (process.getBuiltinModule). */
const nodeCrypto = process.getBuiltinModule('node:crypto');

/** `make()` on a runtime without node:crypto (a browser, a Worker): process.getBuiltinModule gives nothing meanwhile. */
function withoutNodeCrypto<T>(make: () => T): T {
  const spy = vi.spyOn(process, 'getBuiltinModule').mockImplementation((() => undefined) as typeof process.getBuiltinModule);
  try {
    return make();
  } finally {
    spy.mockRestore();
  }
}
const subscriptionRaw = specText('cratejoy', 'samples', 'subscription.json');

/** Every Spiffy sample with a topic that carries its model. */
const spiffySamples = fs
  .readdirSync(path.join(root, 'spec', 'spiffy', 'models'))
  .sort()
  .flatMap((file) => {
    const model = YAML.parse(specText('spiffy', 'models', file)) as { model: string; samples: string[] };
    const topic = spiffyTopics.find((t) => spiffyTopicModels[t].length === 1 && spiffyTopicModels[t][0] === model.model);
    return topic ? model.samples.map((sample) => ({ model: model.model, sample, topic })) : [];
  });

// ---------------------------------------------------------------------------------------------
// The server: /<adapter>/<provider>[/<topic>], answering with the result as JSON

type Adapter = 'node' | 'web';
type AnyResult = SpiffyReceiveResult | CratejoyReceiveResult;

const spiffyReceiver = createSpiffyReceiver({ secrets: [OLD_SECRET, SECRET], maxBodyBytes: LIMIT });
const strictSpiffyReceiver = createSpiffyReceiver({ secrets: SECRET, strict: true });
const rejectingSpiffyReceiver = createSpiffyReceiver({ secrets: [OLD_SECRET, SECRET], maxBodyBytes: LIMIT, unknownTopics: 'reject' });
const verifyCalls: { topic: string; url: string | undefined; bytes: number }[] = [];
const cratejoyOptions = {
  maxBodyBytes: LIMIT,
  verify: ({ url, topic, body }: { url: string | undefined; topic: string | undefined; body: Uint8Array }) => {
    verifyCalls.push({ topic: topic ?? '', url, bytes: body.byteLength });
    return new URL(url ?? '/', 'http://localhost').searchParams.get('token') === TOKEN;
  },
};
const cratejoyReceiver = createCratejoyReceiver(cratejoyOptions);
const rejectingCratejoyReceiver = createCratejoyReceiver({ ...cratejoyOptions, unknownTopics: 'reject' });

/**
 * A Web `Request` over a Node request, as a server adapter (Hono's node-server, for one) makes
 * it. Cancelling its body drains the rest of the Node stream instead of destroying the socket,
 * so the 413 answer can still be sent.
 */
function toWebRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (!cancelled) controller.enqueue(new Uint8Array(chunk));
      });
      req.on('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => controller.error(error));
    },
    cancel() {
      cancelled = true;
      req.resume();
    },
  });
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), { method: req.method, headers, body, duplex: 'half' } as RequestInit);
}

let server: http.Server;
let base: string;

async function handle(req: http.IncomingMessage): Promise<AnyResult> {
  const [, adapter, provider, topic = ''] = new URL(req.url ?? '/', 'http://localhost').pathname.split('/');
  const web = adapter === 'web';
  if (provider === 'spiffy' || provider === 'spiffy-strict' || provider === 'spiffy-reject') {
    const receiver = provider === 'spiffy' ? spiffyReceiver : provider === 'spiffy-strict' ? strictSpiffyReceiver : rejectingSpiffyReceiver;
    return web ? receiver.fromRequest(toWebRequest(req)) : receiver.fromNode(req);
  }
  const cratejoy = provider === 'cratejoy-reject' ? rejectingCratejoyReceiver : cratejoyReceiver;
  return web ? cratejoy.fromRequest(toWebRequest(req), { topic }) : cratejoy.fromNode(req, { topic });
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    handle(req).then(
      (result) => res.writeHead(result.ok ? 200 : result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
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

interface Reply {
  status: number;
  // the result as the server sent it back (JSON)
  json: Record<string, any>;
}

async function post(urlPath: string, headers: Record<string, string>, body: string | Uint8Array): Promise<Reply> {
  const res = await fetch(`${base}${urlPath}`, { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status === 500) throw new Error(`server error: ${text}`);
  return { status: res.status, json: JSON.parse(text) };
}

/** A POST without Content-Length (chunked), written in pieces. */
function postChunked(urlPath: string, headers: Record<string, string>, chunks: Uint8Array[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${urlPath}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    const write = (i: number): void => {
      if (i === chunks.length) return void req.end();
      req.write(chunks[i], () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

async function spiffyHeaders(topic: string, body: string | Uint8Array, secret = SECRET): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'x-spiffy-topic': topic,
    'x-spiffy-hmac-sha256': await signSpiffyBody(body, secret),
    'x-spiffy-shop-domain': SHOP,
  };
}

const without = (headers: Record<string, string>, name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase()));

// ---------------------------------------------------------------------------------------------
// Spiffy Stores over HTTP

describe.each<Adapter>(['node', 'web'])('Spiffy Stores over HTTP, %s adapter', (adapter) => {
  const url = `/${adapter}/spiffy`;

  it('accepts the Product sample sent verbatim, every digit of its 64-bit ids kept', async () => {
    // the sample is not what JSON.stringify would write (it has `\/` escapes and spacing): the
    // signature only holds over the exact bytes
    expect(productRaw.toString('utf8')).toContain('\\/');
    expect(JSON.stringify(JSON.parse(productRaw.toString('utf8')))).not.toBe(productRaw.toString('utf8'));
    const { status, json } = await post(url, await spiffyHeaders('products/update', productRaw), productRaw);
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect(json.topic).toBe('products/update');
    expect(json.shopDomain).toBe(SHOP);
    expect(json.payload.id).toBe(PRODUCT_ID);
    expect(json.payload.variants[0].product_id).toBe(PRODUCT_ID);
    expect(json.payload).toEqual(parseSpiffyBody('products/update', productRaw.toString('utf8')));
  });

  it.each(spiffySamples.map((s) => [s.sample, s] as const))('accepts %s verbatim', async (_name, s) => {
    const raw = specBytes('spiffy', s.sample);
    const { status, json } = await post(url, await spiffyHeaders(s.topic, raw), raw);
    expect({ status, ok: json.ok, topic: json.topic, message: json.message }).toEqual({ status: 200, ok: true, topic: s.topic, message: undefined });
    expect(json.payload).toEqual(parseSpiffyBody(s.topic as SpiffyTopic, raw.toString('utf8')));
  });

  it('accepts a delivery signed with the second (rotated) secret', async () => {
    const { status, json } = await post(url, await spiffyHeaders('products/update', productRaw, OLD_SECRET), productRaw);
    expect([status, json.ok]).toEqual([200, true]);
  });

  interface FailureCase {
    headers: () => Promise<Record<string, string>>;
    body: string | Uint8Array;
    reason: string;
    status: number;
    message?: RegExp;
    /** the receiver made with unknownTopics: 'reject' */
    rejecting?: boolean;
    /** the failure's `topic` (undefined: none), when the case names it: only a known topic is a failure's topic */
    topic?: string | undefined;
  }
  const signed = (topic: string, body: string | Uint8Array) => () => spiffyHeaders(topic, body);
  const oneByteChanged = Buffer.from(productRaw);
  oneByteChanged[oneByteChanged.indexOf('Example T-Shirt')] ^= 0x20; // "example T-Shirt"
  const invalidPayload = '{"id": true, "title": 7}';
  const failures: [string, FailureCase][] = [
    ['a body changed by one byte', { headers: signed('products/update', productRaw), body: oneByteChanged, reason: 'invalid_hmac', status: 401, message: /X-Spiffy-Hmac-Sha256/ }],
    ['a wrong secret', { headers: () => spiffyHeaders('products/update', productRaw, 'not-the-secret'), body: productRaw, reason: 'invalid_hmac', status: 401 }],
    [
      'a signature that is not base64',
      { headers: async () => ({ ...(await spiffyHeaders('products/update', productRaw)), 'x-spiffy-hmac-sha256': 'not base64!' }), body: productRaw, reason: 'invalid_hmac', status: 401 },
    ],
    [
      'a signature of the wrong length (hex of the right digest)',
      {
        headers: async () => ({ ...(await spiffyHeaders('products/update', productRaw)), 'x-spiffy-hmac-sha256': createHmac('sha256', SECRET).update(productRaw).digest('hex') }),
        body: productRaw,
        reason: 'invalid_hmac',
        status: 401,
      },
    ],
    ['no signature header', { headers: async () => without(await spiffyHeaders('products/update', productRaw), 'x-spiffy-hmac-sha256'), body: productRaw, reason: 'missing_header', status: 400, message: /X-Spiffy-Hmac-Sha256/ }],
    ['no topic header', { headers: async () => without(await spiffyHeaders('products/update', productRaw), 'x-spiffy-topic'), body: productRaw, reason: 'missing_header', status: 400, message: /X-Spiffy-Topic/ }],
    ['no shop domain header (required: true)', { headers: async () => without(await spiffyHeaders('products/update', productRaw), 'x-spiffy-shop-domain'), body: productRaw, reason: 'missing_header', status: 400, message: /X-Spiffy-Shop-Domain/ }],
    ['an unknown topic (unknownTopics: \'reject\')', { headers: signed('products/updated', productRaw), body: productRaw, reason: 'unknown_topic', status: 400, message: /"products\/updated".*unknownTopics: 'reject'/, rejecting: true }],
    ['a body that is not JSON', { headers: signed('products/update', '{"id": 1,'), body: '{"id": 1,', reason: 'invalid_json', status: 400 }],
    ['a body that is not JSON, of a known topic', { headers: signed('products/update', '{"id": 1,'), body: '{"id": 1,', reason: 'invalid_json', status: 400, topic: 'products/update' }],
    // the failure's type names a provider topic: an unknown one (accepted by default) is not one
    ['a body that is not JSON, of an unknown topic', { headers: signed('products/updated', '{"id": 1,'), body: '{"id": 1,', reason: 'invalid_json', status: 400, topic: undefined }],
    ['an empty body', { headers: signed('products/update', ''), body: '', reason: 'invalid_json', status: 400 }],
    ['a body that is not UTF-8', { headers: signed('products/update', new Uint8Array([0x7b, 0xff, 0x7d])), body: new Uint8Array([0x7b, 0xff, 0x7d]), reason: 'invalid_json', status: 400 }],
    [
      'a body nested 100,000 deep',
      { headers: signed('products/update', '['.repeat(100_000) + ']'.repeat(100_000)), body: '['.repeat(100_000) + ']'.repeat(100_000), reason: 'invalid_json', status: 400, message: /deeper than 128/ },
    ],
    [
      'a body nested 200 deep, of an unknown topic',
      { headers: signed('products/updated', '['.repeat(200) + ']'.repeat(200)), body: '['.repeat(200) + ']'.repeat(200), reason: 'invalid_json', status: 400, message: /deeper than 128/, topic: undefined },
    ],
    ['a body over maxBodyBytes (Content-Length)', { headers: signed('products/update', 'x'), body: new Uint8Array(LIMIT + 1).fill(0x20), reason: 'payload_too_large', status: 413 }],
  ];

  it.each(failures)('rejects %s', async (_name, c) => {
    const { status, json } = await post(c.rejecting ? `/${adapter}/spiffy-reject` : url, await c.headers(), c.body);
    expect({ status, ok: json.ok, reason: json.reason, statusField: json.status }).toEqual({ status: c.status, ok: false, reason: c.reason, statusField: c.status });
    expect(json.message).toEqual(expect.any(String));
    if (c.message) expect(json.message).toMatch(c.message);
    if (c.reason !== 'invalid_payload') expect(json.issues).toBeUndefined();
    if ('topic' in c) expect(json.topic).toBe(c.topic);
  });

  it('hands over a genuine delivery of a topic the spec does not list (2xx, known: false), the body as parsed, 64-bit ids exact', async () => {
    const { status, json } = await post(url, await spiffyHeaders('products/updated', productRaw), productRaw);
    expect([status, json.ok, json.valid, json.known, json.topic, json.shopDomain]).toEqual([200, true, false, false, 'products/updated', SHOP]);
    // parsed without a model: the 64-bit id above 2^53 keeps every digit (as its digits: no model says it is an id)
    expect(json.payload.title).toBe('Example T-Shirt');
    expect(String(json.payload.id)).toBe(PRODUCT_ID);
    expect(json.issues).toEqual([{ path: '', expected: 'one of the 62 Spiffy Stores topics', received: '"products/updated"', message: 'topic: expected one of the 62 Spiffy Stores topics, received "products/updated"' }]);
    expect(json.drift).toEqual([]);
    // a forged one is still refused: the signature comes before the topic
    const forged = await post(url, await spiffyHeaders('products/updated', productRaw, 'not-the-secret'), productRaw);
    expect([forged.status, forged.json.reason]).toEqual([401, 'invalid_hmac']);
  });

  it('hands over a genuine delivery that does not match its model unvalidated (2xx), with every issue and its path', async () => {
    const { status, json } = await post(url, await spiffyHeaders('products/update', invalidPayload), invalidPayload);
    expect([status, json.ok, json.valid, json.topic, json.shopDomain]).toEqual([200, true, false, 'products/update', SHOP]);
    expect(json.payload).toEqual({ id: true, title: 7 });
    const paths = (json.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(['/id', '/title']);
    expect(json.drift).toEqual([
      { kind: 'retyped', path: '/id', expected: 'digit string (64-bit integer)', received: 'boolean', count: 1, example: '/id' },
      { kind: 'retyped', path: '/title', expected: 'string | null', received: 'integer', count: 1, example: '/title' },
    ]);
    for (const issue of json.issues) expect(Object.keys(issue).sort()).toEqual(['expected', 'message', 'path', 'received']);
  });

  it('rejects a chunked body (no Content-Length) once it passes maxBodyBytes, and still answers', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    const { status, json } = await postChunked(url, await spiffyHeaders('products/update', 'x'), [chunk, chunk, chunk, chunk, chunk, chunk]);
    expect([status, json.reason]).toEqual([413, 'payload_too_large']);
  });

  it('does not let __proto__ or constructor keys in a body touch Object.prototype', async () => {
    const text = productRaw.toString('utf8');
    const body = `{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},${text.slice(text.indexOf('{') + 1)}`;
    const { status, json } = await post(url, await spiffyHeaders('products/update', body), body);
    expect([status, json.ok]).toEqual([200, true]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    // strict mode reports both keys as unknown, as own keys of the payload: drift of kind `added`
    const strict = await post(`/${adapter}/spiffy-strict`, await spiffyHeaders('products/update', body), body);
    expect([strict.status, strict.json.ok, strict.json.valid]).toEqual([200, true, false]);
    expect(strict.json.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/__proto__', '/constructor']));
    expect(strict.json.drift.filter((d: { kind: string }) => d.kind === 'added').map((d: { path: string }) => d.path)).toEqual(['/__proto__', '/constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a request built by buildSpiffyTestRequest', async () => {
    const payload = parseSpiffyBody('products/update', productRaw.toString('utf8'));
    const request = await buildSpiffyTestRequest({ topic: 'products/update', payload, secret: SECRET });
    const { status, json } = await post(url, request.headers, request.body);
    expect([status, json.ok, json.shopDomain]).toEqual([200, true, SHOP]);
    expect(json.payload).toEqual(payload);
  });
});

// ---------------------------------------------------------------------------------------------
// Cratejoy over HTTP

describe.each<Adapter>(['node', 'web'])('Cratejoy over HTTP, %s adapter', (adapter) => {
  const route = (topic: string, token = TOKEN) => `/${adapter}/cratejoy/${topic}?token=${token}`;
  const json = { 'content-type': 'application/json' };

  it.each([
    ['an escaped JSON string body (as the docs describe)', JSON.stringify(subscriptionRaw)],
    ['a plain JSON body', subscriptionRaw],
  ])('accepts %s for subscription_new', async (_name, body) => {
    expect(body.startsWith('"') || body.startsWith('{')).toBe(true);
    const { status, json: result } = await post(route('subscription_new'), json, body);
    expect([status, result.ok, result.topic]).toEqual([200, true, 'subscription_new']);
    expect(result.payload).toEqual(parseCratejoyBody('subscription_new', subscriptionRaw));
  });

  it('passes the URL, the route topic and the raw bytes to the verify hook', async () => {
    verifyCalls.length = 0;
    const body = JSON.stringify(subscriptionRaw);
    await post(route('subscription_new'), json, body);
    expect(verifyCalls).toEqual([{ topic: 'subscription_new', url: expect.stringContaining(`/cratejoy/subscription_new?token=${TOKEN}`), bytes: Buffer.byteLength(body) }]);
  });

  const failures: [string, { url: string; body: string; reason: string; status: number }][] = [
    ['a route topic that is not a Cratejoy event (unknownTopics: \'reject\')', { url: route('subscription_created').replace('/cratejoy/', '/cratejoy-reject/'), body: subscriptionRaw, reason: 'unknown_topic', status: 400 }],
    ['a delivery the verify hook rejects', { url: route('subscription_new', 'wrong-token'), body: subscriptionRaw, reason: 'verification_failed', status: 401 }],
    ['a body that is not JSON', { url: route('subscription_new'), body: 'subscription', reason: 'invalid_json', status: 400 }],
    ['an escaped string that holds no JSON', { url: route('subscription_new'), body: JSON.stringify('{"id": '), reason: 'invalid_json', status: 400 }],
    ['a body nested 100,000 deep', { url: route('subscription_new'), body: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), reason: 'invalid_json', status: 400 }],
    ['an escaped string nesting 100,000 deep', { url: route('subscription_new'), body: JSON.stringify('['.repeat(100_000) + ']'.repeat(100_000)), reason: 'invalid_json', status: 400 }],
  ];

  it.each(failures)('rejects %s', async (_name, c) => {
    const { status, json: result } = await post(c.url, json, c.body);
    expect([status, result.ok, result.reason, result.status]).toEqual([c.status, false, c.reason, c.status]);
  });

  it('hands over a verified delivery of a route topic that is not a Cratejoy event (2xx, known: false), after the verify hook', async () => {
    const { status, json: result } = await post(route('subscription_created'), json, JSON.stringify(subscriptionRaw));
    expect([status, result.ok, result.valid, result.known, result.topic]).toEqual([200, true, false, false, 'subscription_created']);
    expect(result.payload).toEqual(JSON.parse(subscriptionRaw));
    const refused = await post(route('subscription_created', 'wrong-token'), json, subscriptionRaw);
    expect([refused.status, refused.json.reason]).toEqual([401, 'verification_failed']);
  });

  it('hands over a verified delivery that does not match its model unvalidated (2xx)', async () => {
    const { status, json: result } = await post(route('subscription_new'), json, JSON.stringify('{"id": "x"}'));
    expect([status, result.ok, result.valid, result.topic, result.payload]).toEqual([200, true, false, 'subscription_new', { id: 'x' }]);
    // the `type` constant stays required under the optional-presence policy; everything else may be absent
    expect(result.drift).toEqual([
      { kind: 'missing', path: '/type', expected: '"subscription"', received: 'missing', count: 1, example: '/type' },
      // the id is a 64-bit id (digit string) by the id policy: "x" is a wrong value, not a wrong type
      { kind: 'value', path: '/id', expected: 'digit string (64-bit integer)', received: '"x"', count: 1, example: '/id' },
    ]);
  });

  it('accepts a request built by buildCratejoyTestRequest (an escaped JSON string body)', async () => {
    const payload = parseCratejoyBody('subscription_new', subscriptionRaw);
    const request = await buildCratejoyTestRequest({ topic: 'subscription_new', payload });
    expect(request.method).toBe('POST');
    expect(typeof JSON.parse(request.body)).toBe('string');
    const { status, json: result } = await post(route('subscription_new'), request.headers, request.body);
    expect([status, result.ok]).toEqual([200, true]);
    expect(result.payload).toEqual(payload);
  });
});

// ---------------------------------------------------------------------------------------------
// receive() and the adapters without a server

describe('receive() directly', () => {
  it('takes every header shape and every body shape', async () => {
    const headers = await spiffyHeaders('products/update', productRaw);
    const shapes: [string, Parameters<typeof spiffyReceiver.receive>[0]][] = [
      ['a plain record, mixed case', { headers: { 'X-Spiffy-Topic': headers['x-spiffy-topic']!, 'x-SPIFFY-hmac-sha256': headers['x-spiffy-hmac-sha256']!, 'X-Spiffy-Shop-Domain': SHOP }, body: productRaw }],
      ['a Web Headers', { headers: new Headers(headers), body: productRaw }],
      ['Node-style string[] values', { headers: { ...headers, 'x-spiffy-shop-domain': [SHOP] }, body: productRaw }],
      ['an ArrayBuffer body', { headers, body: productRaw.buffer.slice(productRaw.byteOffset, productRaw.byteOffset + productRaw.byteLength) }],
      ['a string body', { headers, body: productRaw.toString('utf8') }],
    ];
    for (const [name, input] of shapes) {
      const result = await spiffyReceiver.receive(input);
      expect([name, result.ok]).toEqual([name, true]);
    }
  });

  it('checks in order: size, headers, signature, topic, JSON, payload', async () => {
    // every check fails at once; each result names the first one
    const small = createSpiffyReceiver({ secrets: SECRET, maxBodyBytes: 10, unknownTopics: 'reject' });
    const bad = { headers: { 'x-spiffy-topic': 'nope' }, body: '{"id":' };
    expect(await small.receive({ ...bad, body: 'x'.repeat(11) })).toMatchObject({ reason: 'payload_too_large', status: 413 });
    expect(await small.receive(bad)).toMatchObject({ reason: 'missing_header' });
    const signedWrong = { 'x-spiffy-topic': 'nope', 'x-spiffy-hmac-sha256': await signSpiffyBody('other', SECRET), 'x-spiffy-shop-domain': SHOP };
    expect(await small.receive({ headers: signedWrong, body: bad.body })).toMatchObject({ reason: 'invalid_hmac' });
    const signedRight = { ...signedWrong, 'x-spiffy-hmac-sha256': await signSpiffyBody(bad.body, SECRET) };
    expect(await small.receive({ headers: signedRight, body: bad.body })).toMatchObject({ reason: 'unknown_topic' });
    expect(await small.receive({ headers: { ...signedRight, 'x-spiffy-topic': 'products/update' }, body: bad.body })).toMatchObject({ reason: 'invalid_json' });
    // accepting unknown topics (the default), the body must still be JSON
    const accepting = createSpiffyReceiver({ secrets: SECRET, maxBodyBytes: 10 });
    expect(await accepting.receive({ headers: signedRight, body: bad.body })).toMatchObject({ reason: 'invalid_json', status: 400 });
  });

  it('refuses an unknownTopics option that is not accept or reject', () => {
    // @ts-expect-error not an UnknownTopicAction
    expect(() => createSpiffyReceiver({ secrets: SECRET, unknownTopics: 'drop' })).toThrow(/createSpiffyReceiver: `unknownTopics` must be 'accept' or 'reject'; got "drop"/);
  });

  it('computes HMACs with node:crypto where the runtime has it: one per secret per delivery, no Web Crypto call', async () => {
    expect(hmacCrypto().node).toBe(nodeCrypto);
    const createHmacSpy = vi.spyOn(nodeCrypto, 'createHmac');
    const timingSafeEqualSpy = vi.spyOn(nodeCrypto, 'timingSafeEqual');
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const sign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    try {
      const receiver = createSpiffyReceiver({ secrets: [SECRET, 'a', 'b'] });
      const headers = await spiffyHeaders('products/update', productRaw);
      createHmacSpy.mockClear(); // signing the test delivery
      for (let i = 0; i < 3; i++) expect((await receiver.receive({ headers, body: productRaw })).ok).toBe(true);
      expect(createHmacSpy).toHaveBeenCalledTimes(9); // every secret, every time, even after a match
      expect(timingSafeEqualSpy).toHaveBeenCalledTimes(9);
      // over the raw bytes as received, the key the secret's UTF-8 bytes
      expect(createHmacSpy.mock.calls[0]?.[0]).toBe('sha256');
      expect(Buffer.from(createHmacSpy.mock.calls[0]?.[1] as Uint8Array).toString('utf8')).toBe(SECRET);
      expect((await receiver.receive({ headers: { ...headers, 'x-spiffy-hmac-sha256': await signSpiffyBody(productRaw, 'c') }, body: productRaw })).ok).toBe(false);
      expect(importKey).not.toHaveBeenCalled();
      expect(sign).not.toHaveBeenCalled();
    } finally {
      createHmacSpy.mockRestore();
      timingSafeEqualSpy.mockRestore();
      importKey.mockRestore();
      sign.mockRestore();
    }
  });

  it('without node:crypto (a browser, a Worker): Web Crypto, each secret imported once per receiver, its HMAC computed once per delivery (crypto.subtle.sign)', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const verify = vi.spyOn(globalThis.crypto.subtle, 'sign');
    const createHmacSpy = vi.spyOn(nodeCrypto, 'createHmac');
    try {
      const receiver = withoutNodeCrypto(() => createSpiffyReceiver({ secrets: [SECRET, 'a', 'b'] }));
      const headers = await spiffyHeaders('products/update', productRaw);
      const wrongHeaders = { ...headers, 'x-spiffy-hmac-sha256': await signSpiffyBody(productRaw, 'c') };
      importKey.mockClear();
      verify.mockClear(); // signing the test deliveries
      createHmacSpy.mockClear();
      for (let i = 0; i < 3; i++) expect(await receiver.receive({ headers, body: productRaw })).toMatchObject({ ok: true, valid: true });
      expect(importKey).toHaveBeenCalledTimes(3);
      expect(verify).toHaveBeenCalledTimes(9); // every secret, every time, even after a match
      expect(await receiver.receive({ headers: wrongHeaders, body: productRaw })).toMatchObject({ ok: false, reason: 'invalid_hmac', status: 401 });
      expect(verify).toHaveBeenCalledTimes(12);
      expect(createHmacSpy).not.toHaveBeenCalled();
    } finally {
      importKey.mockRestore();
      verify.mockRestore();
      createHmacSpy.mockRestore();
    }
  });

  it('finds node:crypto through process.getBuiltinModule, and falls back to Web Crypto without it', () => {
    const web = { subtle: globalThis.crypto.subtle };
    expect(hmacCrypto()).toEqual({ node: nodeCrypto });
    expect(withoutNodeCrypto(() => hmacCrypto())).toEqual(web);
    const spy = vi.spyOn(process, 'getBuiltinModule');
    try {
      spy.mockImplementation((() => ({ createHmac: 'not a function' })) as typeof process.getBuiltinModule);
      expect(hmacCrypto()).toEqual(web);
      spy.mockImplementation((() => {
        throw new Error('no such module');
      }) as typeof process.getBuiltinModule);
      expect(hmacCrypto()).toEqual(web);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['hmac-sha1', 'hex', undefined],
    ['hmac-sha256', 'base64', undefined],
    ['hmac-sha256', 'hex', '{timestamp}.{body}'],
    ['hmac-sha512', 'base64', '{id}.{timestamp}.{body}'],
  ] as const)('signs and verifies the same with node:crypto and Web Crypto: %s, %s, %s', async (algorithm, encoding, signed) => {
    const scheme: HmacScheme = { header: 'X-Sig', algorithm, encoding, ...(signed ? { signed, parts: { timestamp: { header: 'X-Ts' }, id: { header: 'X-Id' } } } : {}) };
    const parts = { timestamp: '1700000000', id: 'msg_1' };
    const web: HmacCrypto = { subtle: globalThis.crypto.subtle };
    const node: HmacCrypto = { node: nodeCrypto };
    const content = Buffer.concat([Buffer.from(signed ? signed.replace('{id}', parts.id).replace('{timestamp}', parts.timestamp).replace('{body}', '') : ''), productRaw]);
    const expected = createHmac(algorithm.slice(5), SECRET).update(content).digest(encoding);
    for (const crypto of [node, web]) {
      expect(await signHmac(scheme, productRaw, SECRET, parts, crypto)).toBe(expected);
      for (const other of [node, web]) {
        const verify = createHmacVerifier(scheme, ['x', SECRET], 'test', other);
        expect(await verify(productRaw, expected, parts)).toBe(true);
        // a part of the signed template changed: no match (without a template, parts are not signed)
        expect(await verify(productRaw, expected, { ...parts, timestamp: '1700000001' })).toBe(signed === undefined);
        expect(await verify(productRaw.subarray(1), expected, parts)).toBe(false);
      }
    }
  });

  it('signs as node:crypto does (HMAC-SHA256 of the raw bytes, base64)', async () => {
    for (const body of [productRaw, '', 'é', new Uint8Array([0, 255, 10])]) {
      expect(await signSpiffyBody(body, SECRET)).toBe(createHmac('sha256', SECRET).update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).digest('base64'));
    }
  });

  it('throws on configuration errors at creation', () => {
    const create = createSpiffyReceiver as (options: unknown) => unknown;
    expect(() => create({ secrets: [] })).toThrow(/empty list/);
    expect(() => create({ secrets: '' })).toThrow(/non-empty string/);
    expect(() => create({})).toThrow(/`secrets` is required/);
    expect(() => create(undefined)).toThrow(/`secrets` is required/);
    expect(() => create({ secrets: ['ok', 3] })).toThrow(/secrets\[1\]/);
    expect(() => create({ secrets: 's', maxBodyBytes: -1 })).toThrow(/maxBodyBytes/);
    expect(() => (createCratejoyReceiver as (o: unknown) => unknown)({ verify: 'yes' })).toThrow(/verify/);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(10 * 1024 * 1024);
  });

  it('rejects misuse loudly: a parsed body, a route provider without a topic, a body already read', async () => {
    const headers = await spiffyHeaders('products/update', productRaw);
    await expect(spiffyReceiver.receive({ headers, body: { id: 1 } as unknown as string })).rejects.toThrow(/raw request body/);
    const noTopic = cratejoyReceiver.receive as (input: unknown) => Promise<unknown>;
    await expect(noTopic({ headers: {}, body: subscriptionRaw })).rejects.toThrow(/topic/);
    const consumed = { headers, readableEnded: true, on: () => undefined };
    await expect(spiffyReceiver.fromNode(consumed)).rejects.toThrow(/already read/);
    const used = new Request('http://x/', { method: 'POST', body: 'x' });
    await used.text();
    await expect(spiffyReceiver.fromRequest(used)).rejects.toThrow(/already read/);
  });

  it('fromNode uses the bytes express.raw() left in req.body', async () => {
    const headers = await spiffyHeaders('products/update', productRaw);
    const expressRaw = { headers, body: Buffer.from(productRaw), readableEnded: true, on: () => undefined };
    const result = await spiffyReceiver.fromNode(expressRaw);
    expect(result.ok && result.valid && result.topic === 'products/update' && result.payload.id).toBe(PRODUCT_ID);
  });

  it('a verify hook that throws rejects the promise', async () => {
    const receiver = createCratejoyReceiver({
      verify: () => {
        throw new Error('hook bug');
      },
    });
    await expect(receiver.receive({ headers: {}, body: subscriptionRaw, topic: 'subscription_new' })).rejects.toThrow('hook bug');
  });

  it('builds test requests: required headers from the docs or the caller, unsigned without a secret', async () => {
    const payload = parseSpiffyBody('products/update', productRaw.toString('utf8'));
    const request = await buildSpiffyTestRequest({ topic: 'products/update', payload, secret: SECRET, headers: { 'x-spiffy-shop-domain': 'other.spiffystores.com', 'X-Extra': '1' } });
    expect(request.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Spiffy-Topic': 'products/update',
      'x-spiffy-shop-domain': 'other.spiffystores.com',
      'X-Spiffy-Hmac-Sha256': await signSpiffyBody(request.body, SECRET),
      'X-Extra': '1',
    });
    expect(request.body).toContain(`"id":${PRODUCT_ID}`);
    const unsigned = await buildSpiffyTestRequest({ topic: 'products/update', payload });
    expect(unsigned.headers['X-Spiffy-Shop-Domain']).toBe(SHOP); // the docs' example
    expect(unsigned.headers['X-Spiffy-Hmac-Sha256']).toBeUndefined();
    expect(await spiffyReceiver.receive(unsigned)).toMatchObject({ ok: false, reason: 'missing_header' });
    // headers override, for negative tests
    const tampered = await buildSpiffyTestRequest({ topic: 'products/update', payload, secret: SECRET, headers: { 'X-Spiffy-Hmac-Sha256': 'AAAA' } });
    expect(await spiffyReceiver.receive(tampered)).toMatchObject({ ok: false, reason: 'invalid_hmac' });
  });
});

// ---------------------------------------------------------------------------------------------
// Pieces of runtime/receive.js

describe('getHeader', () => {
  const cases: [string, Parameters<typeof getHeader>[0], string, string | undefined][] = [
    ['Web Headers, any case', new Headers({ 'X-Spiffy-Topic': 'orders/create' }), 'x-spiffy-TOPIC', 'orders/create'],
    ['Web Headers, absent', new Headers(), 'x-spiffy-topic', undefined],
    ['Node headers (lower-case keys)', { 'x-spiffy-topic': 'orders/create' }, 'X-Spiffy-Topic', 'orders/create'],
    ['Node headers, string[] joined as Headers.get does', { 'x-a': ['1', '2'] }, 'X-A', '1, 2'],
    ['Node headers, empty string[]', { 'x-a': [] }, 'x-a', undefined],
    ['a plain record, mixed case', { 'X-Spiffy-Topic': 'orders/create' }, 'x-spiffy-topic', 'orders/create'],
    ['a plain record, undefined value then a defined one', { 'x-a': undefined, 'X-A': 'v' }, 'x-a', 'v'],
    ['a plain record, absent', { other: 'x' }, 'x-a', undefined],
    ['an empty value is a value', { 'x-a': '' }, 'x-a', ''],
    ['no inherited keys', {}, 'constructor', undefined],
    ['no inherited keys (__proto__)', {}, '__proto__', undefined],
  ];
  it.each(cases)('%s', (_name, headers, name, want) => {
    expect(getHeader(headers, name)).toBe(want);
  });
});

describe('base64 and hex', () => {
  it('round-trips every length 0..70 like Buffer does', () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 73 + n * 31) & 255);
      const b64 = Buffer.from(bytes).toString('base64');
      expect(encodeBase64(bytes)).toBe(b64);
      expect(decodeBase64(b64)).toEqual(bytes);
      expect(decodeBase64(b64.replace(/=+$/, ''))).toEqual(bytes); // padding is optional
      expect(encodeHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      expect(decodeHex(encodeHex(bytes))).toEqual(bytes);
      expect(decodeHex(encodeHex(bytes).toUpperCase())).toEqual(bytes);
    }
  });

  it('decodes the docs\' example signature to a 32-byte SHA-256 digest', () => {
    expect(decodeBase64('XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=')?.length).toBe(32);
  });

  const badBase64: [string, string][] = [
    ['a character outside the alphabet', 'QUJD!'],
    ['URL-safe characters', 'ab-_'],
    ['whitespace', 'QUJD QUJD'],
    ['a length of 4n+1', 'QUJDR'],
    ['padding on a length that is not 4n', 'QQ='],
    ['three padding characters', 'Q==='],
    ['padding in the middle', 'QQ==QUJD'],
    ['non-zero unused bits, one byte (non-canonical)', 'QR=='],
    ['non-zero unused bits, two bytes (non-canonical)', 'QUJ='],
    ['a non-ASCII character', 'QUJé'],
  ];
  it.each(badBase64)('base64 rejects %s', (_name, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });

  it.each([
    ['an odd length', 'abc'],
    ['a non-hex character', '0g'],
    ['a prefix', '0x00'],
  ])('hex rejects %s', (_name, text) => {
    expect(decodeHex(text)).toBeUndefined();
  });

  it('decodeSignature strips the prefix (required when the scheme has one) and checks the length', () => {
    const scheme: HmacScheme = { header: 'X-Sig', algorithm: 'hmac-sha256', encoding: 'hex', prefix: 'sha256=' };
    const hex = '00'.repeat(32);
    expect(decodeSignature(scheme, `sha256=${hex}`)).toEqual(new Uint8Array(32));
    expect(decodeSignature(scheme, ` sha256=${hex} `)).toEqual(new Uint8Array(32));
    expect(decodeSignature(scheme, hex)).toBeUndefined();
    expect(decodeSignature(scheme, `sha256=${hex}00`)).toBeUndefined();
    expect(decodeSignature({ ...scheme, algorithm: 'hmac-sha1' }, `sha256=${'00'.repeat(20)}`)).toEqual(new Uint8Array(20));
    expect(decodeSignature({ ...scheme, algorithm: 'hmac-sha512', encoding: 'base64', prefix: '' }, Buffer.alloc(64).toString('base64'))).toEqual(new Uint8Array(64));
  });
});

describe('reading bodies with a limit', () => {
  /** A Node-style request stream that emits what the test tells it to. */
  function fakeNodeRequest(headers: Record<string, string> = {}) {
    const emitter = new EventEmitter();
    return Object.assign(emitter, { headers, readableEnded: false, resume: () => undefined });
  }
  const settled = <T>(p: Promise<T>, ms = 200): Promise<T | 'pending'> => Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

  it('readNodeBody concatenates chunks (Buffers and strings) until end', async () => {
    const req = fakeNodeRequest();
    const read = readNodeBody(req, 100);
    req.emit('data', Buffer.from('{"a":'));
    req.emit('data', '"é"}');
    req.emit('end');
    const result = await read;
    expect(result.ok && Buffer.from(result.bytes).toString('utf8')).toBe('{"a":"é"}');
  });

  it('readNodeBody stops at the limit without waiting for the end of the stream', async () => {
    const req = fakeNodeRequest();
    const read = readNodeBody(req, 25);
    for (let i = 0; i < 3; i++) req.emit('data', Buffer.alloc(10));
    expect(await settled(read)).toEqual({ ok: false, size: 30 });
    req.emit('data', Buffer.alloc(10)); // the rest is discarded
  });

  it('readNodeBody rejects when the stream fails or closes early', async () => {
    const failing = fakeNodeRequest();
    const a = readNodeBody(failing, 100);
    failing.emit('error', new Error('aborted'));
    await expect(a).rejects.toThrow('aborted');
    const closing = fakeNodeRequest();
    const b = readNodeBody(closing, 100);
    closing.emit('close');
    await expect(b).rejects.toThrow(/closed before/);
  });

  it('fromNode answers 413 from Content-Length before reading anything', async () => {
    const req = fakeNodeRequest({ 'content-length': String(LIMIT + 1) });
    expect(await settled(spiffyReceiver.fromNode(req))).toMatchObject({ ok: false, reason: 'payload_too_large', status: 413 });
  });

  it('readRequestBody stops at the limit and cancels the stream', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await settled(readRequestBody(request, 25))).toEqual({ ok: false, size: 30 });
    expect(cancelled).toBe(true);
  });

  it('fromRequest answers 413 from Content-Length before reading anything', async () => {
    const request = { headers: new Headers({ 'content-length': String(LIMIT + 1) }), body: null, arrayBuffer: () => new Promise<ArrayBuffer>(() => undefined) };
    expect(await settled(spiffyReceiver.fromRequest(request))).toMatchObject({ ok: false, reason: 'payload_too_large', status: 413 });
  });
});

describe('exceedsValueDepth and toBytes', () => {
  it.each([
    ['flat', '{"a":1}', 1, false],
    ['two levels', '{"a":[1]}', 1, true],
    ['brackets inside strings do not count', '{"a":"[[[[{{{{"}', 1, false],
    ['an escaped quote does not end a string', '{"a":"\\"[[[["}', 1, false],
    ['an escaped backslash does end it', '{"a":"\\\\","b":[[1]]}', 2, true],
    ['100,000 levels', '['.repeat(100_000) + ']'.repeat(100_000), 128, true],
    ['exactly the limit', '['.repeat(128) + ']'.repeat(128), 128, false],
  ] as const)('the text parsed: %s', (_name, text, max, want) => {
    // the receiver checks the parsed value: brackets inside strings are no containers
    expect(exceedsValueDepth(JSON.parse(text), max)).toBe(want);
  });

  it.each([
    ['a scalar', 7, 0, false],
    ['an empty object at the root, limit 0', {}, 0, true],
    ['siblings do not add up', { a: [1], b: { c: [2] }, d: [[3]] }, 3, false],
    ['the deepest of many siblings counts', { a: [1], b: { c: [2] }, d: [[[3]]] }, 3, true],
    ['an own __proto__ member is walked', JSON.parse('{"__proto__":[[[]]]}'), 3, true],
    ['200,000 levels, limit 199,999 (no recursion)', JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)), 199_999, true],
    ['200,000 levels, limit 200,000', JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)), 200_000, false],
  ] as const)('exceedsValueDepth: %s', (_name, value, max, want) => {
    expect(exceedsValueDepth(value, max)).toBe(want);
  });

  it('views bytes without copying and encodes strings as UTF-8', () => {
    const buf = Buffer.from('héllo');
    expect(toBytes(buf)).toBe(buf);
    expect(toBytes('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    const ab = new Uint8Array([1, 2, 3]).buffer;
    expect(toBytes(ab)).toEqual(new Uint8Array([1, 2, 3]));
    expect(toBytes(new DataView(ab, 1) as unknown as Uint8Array)).toEqual(new Uint8Array([2, 3]));
    expect(() => toBytes({} as unknown as string)).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Receivers for other delivery shapes, generated from the acme fixture (nothing in the
// generator knows a provider: only provider.yaml changes)

const fixtureSpec = path.join(root, 'test', 'fixtures', 'spec');
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Copies the acme fixture, applies `edit` to its files, generates, and imports the acme module. */
async function generateAcme(edit: (files: { provider: string; topics: string }) => { provider: string; topics: string }): Promise<{ dir: string; mod: Record<string, any> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-receive-'));
  tempDirs.push(dir);
  fs.cpSync(fixtureSpec, path.join(dir, 'spec'), { recursive: true });
  const p = (f: string) => path.join(dir, 'spec', 'acme', f);
  const edited = edit({ provider: fs.readFileSync(p('provider.yaml'), 'utf8'), topics: fs.readFileSync(p('topics.yaml'), 'utf8') });
  fs.writeFileSync(p('provider.yaml'), edited.provider);
  fs.writeFileSync(p('topics.yaml'), edited.topics);
  const result = await generate({ root: dir, cache: false });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  const mod = (await import(pathToFileURL(path.join(dir, 'generated', 'acme', 'index.js')).href)) as Record<string, any>;
  return { dir, mod };
}

const widgetRaw = fs.readFileSync(path.join(fixtureSpec, 'acme', 'samples', 'widget.json'), 'utf8');

describe('acme: header topic, hex signature with a prefix, a required and an optional header field', () => {
  let acme: Record<string, any>;
  beforeAll(async () => {
    acme = (await generateAcme((f) => f)).mod;
  });

  it('signs as sha256=<hex> and accepts the signed delivery', async () => {
    const signature = await acme.signAcmeBody(widgetRaw, 's3cret');
    expect(signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(widgetRaw).digest('hex')}`);
    const receiver = acme.createAcmeReceiver({ secrets: 's3cret' });
    const headers = { 'X-Acme-Topic': 'widgets/create', 'X-Acme-Signature': signature, 'X-Acme-Shop': 'demo' };
    const result = await receiver.receive({ headers, body: widgetRaw });
    expect(result).toMatchObject({ ok: true, topic: 'widgets/create', shop: 'demo', deliveryId: undefined });
    expect(result.payload.id).toBe('327475578523353102');
    expect(await receiver.receive({ headers: { ...headers, 'X-Acme-Delivery': 'd-1' }, body: widgetRaw })).toMatchObject({ ok: true, deliveryId: 'd-1' });
    expect(await receiver.receive({ headers: { ...headers, 'X-Acme-Signature': signature.toUpperCase().replace('SHA256=', 'sha256=') }, body: widgetRaw })).toMatchObject({ ok: true });
    expect(await receiver.receive({ headers: { ...headers, 'X-Acme-Signature': signature.slice('sha256='.length) }, body: widgetRaw })).toMatchObject({ ok: false, reason: 'invalid_hmac', status: 401 });
    expect(await receiver.receive({ headers: { 'X-Acme-Topic': 'widgets/create', 'X-Acme-Signature': signature }, body: widgetRaw })).toMatchObject({ ok: false, reason: 'missing_header', message: expect.stringContaining('X-Acme-Shop') });
  });

  it('builds a test request with the docs\' example for the required header', async () => {
    const payload = acme.parseAcmeBody('widgets/create', widgetRaw);
    const request = await acme.buildAcmeTestRequest({ topic: 'widgets/create', payload, secret: 's3cret' });
    expect(Object.keys(request.headers).sort()).toEqual(['Content-Type', 'X-Acme-Shop', 'X-Acme-Signature', 'X-Acme-Topic']);
    expect(request.headers['X-Acme-Shop']).toBe('demo.acme.test');
    expect(await acme.createAcmeReceiver({ secrets: ['x', 's3cret'] }).receive(request)).toMatchObject({ ok: true, shop: 'demo.acme.test' });
  });
});

describe('acme variant: topic in a body field, escaped JSON string body, no signature, a required header without example', () => {
  let variant: { dir: string; mod: Record<string, any> };
  beforeAll(async () => {
    variant = await generateAcme(({ provider }) => ({
      provider: provider
        .replace(/body: json\n/, 'body: json-string\n')
        .replace(/topic:\n {4}header: X-Acme-Topic\n/, 'topic:\n    field: /type\n')
        .replace(/ {2}headers:\n[\s\S]*?(?=\n {2}signature:)/, '  headers:\n    - name: X-Acme-Shop\n      field: shop\n      required: true')
        .replace(/ {2}signature:\n[\s\S]*$/, '  signature: none\n'),
      topics: 'topics:\n  widget:\n    payload: [Widget]\n  gadget:\n    payload: [Gadget]\n',
    }));
  });

  it('reads the topic from the body, after the verify hook', async () => {
    const seen: unknown[] = [];
    const verify = (c: { topic: unknown; header(n: string): string | undefined }) => (seen.push([c.topic, c.header('x-acme-shop')]), true);
    const receiver = variant.mod.createAcmeReceiver({ verify, unknownTopics: 'reject' });
    const headers = { 'x-acme-shop': 'demo' };
    const result = await receiver.receive({ headers, body: JSON.stringify(widgetRaw) });
    expect(result).toMatchObject({ ok: true, topic: 'widget', shop: 'demo' });
    expect(result.payload.id).toBe('327475578523353102');
    expect(seen).toEqual([[undefined, 'demo']]);
    expect(await receiver.receive({ headers, body: widgetRaw.replace('"widget"', '"sprocket"') })).toMatchObject({ ok: false, reason: 'unknown_topic', message: expect.stringContaining('"sprocket"') });
    // by default a topic the spec does not list, read from the body, is handed over as parsed JSON
    const accepting = variant.mod.createAcmeReceiver({ verify });
    expect(await accepting.receive({ headers, body: widgetRaw.replace('"widget"', '"sprocket"') })).toMatchObject({ ok: true, valid: false, known: false, topic: 'sprocket', shop: 'demo', payload: { type: 'sprocket' } });
    // a body without the topic field is no delivery of any topic: still unknown_topic
    expect(await accepting.receive({ headers, body: '{"id": 1}' })).toMatchObject({ ok: false, reason: 'unknown_topic', message: expect.stringContaining('/type') });
    expect(await receiver.receive({ headers, body: '{"id": 1}' })).toMatchObject({ ok: false, reason: 'unknown_topic', message: expect.stringContaining('/type') });
    expect(await receiver.receive({ headers: {}, body: widgetRaw })).toMatchObject({ ok: false, reason: 'missing_header' });
  });

  it('the test request builder needs the header the docs give no example for', async () => {
    const payload = variant.mod.parseAcmeBody('widget', widgetRaw);
    await expect(variant.mod.buildAcmeTestRequest({ topic: 'widget', payload })).rejects.toThrow(/X-Acme-Shop/);
    const request = await variant.mod.buildAcmeTestRequest({ topic: 'widget', payload, headers: { 'X-Acme-Shop': 'demo' } });
    expect(Object.keys(request.headers).sort()).toEqual(['Content-Type', 'X-Acme-Shop']);
    expect(await variant.mod.createAcmeReceiver().receive(request)).toMatchObject({ ok: true, topic: 'widget' });
    const dts = fs.readFileSync(path.join(variant.dir, 'generated', 'acme', 'receive.d.ts'), 'utf8');
    expect(dts).toContain("readonly headers: {\n    readonly 'X-Acme-Shop': string;\n    readonly [name: string]: string;\n  };");
    expect(dts).toContain('readonly topic: string | undefined;');
    expect(dts).not.toContain('signAcmeBody');
  });

  it('its declarations pass tsc under the strictest flags', () => {
    const tsconfig = path.join(variant.dir, 'tsconfig.json');
    fs.writeFileSync(tsconfig, fs.readFileSync(path.join(root, 'tsconfig.generated.json'), 'utf8'));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig, '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The spec keys `field` and `required` of delivery headers

describe('spec: delivery header `field` and `required`', () => {
  function load(edit: (provider: string) => string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-spec-'));
    tempDirs.push(dir);
    fs.cpSync(fixtureSpec, path.join(dir, 'spec'), { recursive: true });
    const file = path.join(dir, 'spec', 'acme', 'provider.yaml');
    const text = edit(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, text);
    const { problems, providers } = loadSpec(dir, 'spec');
    return { problems, providers, text };
  }

  it('loads field and required into the model', () => {
    const { problems, providers } = load((t) => t);
    expect(problems).toEqual([]);
    expect(providers[0]!.delivery.headers.filter((h) => h.field)).toEqual([
      { name: 'X-Acme-Shop', description: 'The shop the webhook comes from.', example: 'demo.acme.test', field: 'shop', required: true },
      { name: 'X-Acme-Delivery', description: 'An id of this delivery attempt, sent only sometimes.', field: 'deliveryId' },
    ]);
  });

  const cases: [string, (t: string) => string, string, RegExp][] = [
    ['a field that is not camelCase', (t) => t.replace('field: shop', 'field: Shop-Name'), 'Shop-Name', /invalid header field name/],
    ['a field that clashes with a result property', (t) => t.replace('field: shop', 'field: payload'), 'field: payload', /clashes with a property every receive result has/],
    ['two headers with one field', (t) => t.replace('field: deliveryId', 'field: shop'), 'field: shop\n', /is also the field of delivery\.headers\.2/],
    ['required that is not a boolean', (t) => t.replace('required: true', 'required: "yes"'), '"yes"', /`delivery\.headers\.2\.required` has the wrong type/],
    ['the topic header made optional', (t) => t.replace('example: widgets/create', 'example: widgets/create\n      required: false'), 'required: false', /cannot be optional: it carries the topic/],
    ['a misspelt key', (t) => t.replace('field: shop', 'feild: shop'), 'feild', /unknown key `feild`/],
  ];
  it.each(cases)('reports %s where it is', (_name, edit, needle, message) => {
    const { problems, text } = load(edit);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem!.message).toMatch(message);
    expect(problem!.at.file).toBe('spec/acme/provider.yaml');
    // two headers share the field: the problem is at the second one
    const at = needle === 'field: shop\n' ? text.lastIndexOf(needle) : text.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    expect(problem!.at.line).toBe(text.slice(0, at).split('\n').length);
  });
});

// ---------------------------------------------------------------------------------------------
// Types against the real platform declarations (the package itself needs neither)

describe('types: real Node and DOM request types fit the adapters', () => {
  it.each(['tsconfig.platform-node.json', 'tsconfig.platform-dom.json'])('tsc -p test/consumer/%s exits 0', (config) => {
    const consumer = path.join(root, 'test', 'consumer');
    const link = path.join(consumer, 'node_modules', '@webhook-typegen', 'generated');
    if (!fs.existsSync(link)) {
      fs.mkdirSync(path.dirname(link), { recursive: true });
      try {
        fs.symlinkSync(path.relative(path.dirname(link), path.join(root, 'generated')), link, 'dir');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', config, '--pretty', 'false'], { cwd: consumer, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
