// The generated router (`create<Prefix>Webhooks`) over real local HTTP servers (127.0.0.1,
// port 0): Hono, Express 5 (no body parser, express.raw(), and express.json() first), Node
// http and a bare Web fetch handler. Signed deliveries reach the right handler with the exact
// payload; tampered ones get 401; a throwing handler reaches onError and fails the delivery
// (500) until a redelivery succeeds; a redelivery of a handled delivery runs no handler again;
// a concurrent one is told to come back (409); quick acknowledgement answers 202 while a slow
// handler is still running; the handler timeout aborts the event's signal. Then the route
// topic (Cratejoy), the body-field topic (Lemon Squeezy), a delivery-id header (the
// allfeatures fixture) and the in-memory store's bounds and expiry.
//
// No assertion depends on how long something takes: slow handlers wait on gates the test opens.

import express from 'express';
import { Hono } from 'hono';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSpiffyTestRequest,
  createMemoryDeliveryStore,
  createSpiffyWebhooks,
  orderFixture,
  productFixture,
  WebhookTimeoutError,
  type Order,
  type SpiffyAnyWebhookEvent,
  type SpiffyWebhooksOptions,
  type TestRequest,
} from '../generated/spiffy/index.js';
import { buildCratejoyTestRequest, createCratejoyWebhooks, subscriptionFixture, type Subscription } from '../generated/cratejoy/index.js';
import { buildLemonSqueezyTestRequest, createLemonSqueezyWebhooks, lemonSqueezyFixture } from '../generated/lemonsqueezy/index.js';
import { generate } from '../src/generate.js';
import { loadSpec } from '../src/spec/load.js';
import { close, deferred, fetchServer, listen } from './helpers/http.js';

const SECRET = 'router-test-secret';
const SHOP = 'johns-apparel.spiffystores.com';

interface Call {
  readonly handler: string;
  readonly topic: string;
  readonly payload: unknown;
  readonly key: string;
}

/** A Spiffy router whose handlers record what they saw; `control` makes them slow or fail. */
function recordingRouter(options: Omit<SpiffyWebhooksOptions, 'secrets'> = {}) {
  const calls: Call[] = [];
  const any: { topic: string; valid: boolean }[] = [];
  const errors: { error: unknown; event: SpiffyAnyWebhookEvent | undefined }[] = [];
  const control: { fail: number; gate?: Promise<void>; entered?: () => void; finished?: () => void } = { fail: 0 };
  const webhooks = createSpiffyWebhooks({ secrets: SECRET, ...options })
    .on('orders/create', async (event) => {
      calls.push({ handler: 'orders/create', topic: event.topic, payload: event.payload, key: event.deliveryKey });
      expect(event.shopDomain).toBe(SHOP);
      control.entered?.();
      if (control.gate) await control.gate;
      if (control.fail > 0) {
        control.fail--;
        throw new Error('the CRM is down');
      }
      control.finished?.();
    })
    .on(['products/create', 'products/update'], (event) => {
      calls.push({ handler: 'products', topic: event.topic, payload: event.payload, key: event.deliveryKey });
    })
    .onUnvalidated((event) => {
      calls.push({ handler: 'unvalidated', topic: event.topic, payload: event.drift, key: event.deliveryKey });
    })
    .onUnknownTopic((event) => {
      calls.push({ handler: 'unknown', topic: event.topic, payload: event.payload, key: event.deliveryKey });
    })
    .onAny((event) => {
      any.push({ topic: event.topic, valid: event.valid });
    })
    .onError((error, event) => {
      errors.push({ error, event });
    });
  const reset = () => {
    calls.length = 0;
    any.length = 0;
    errors.length = 0;
    control.fail = 0;
    delete control.gate;
    delete control.entered;
    delete control.finished;
  };
  return { webhooks, calls, any, errors, control, reset };
}
type Recorder = ReturnType<typeof recordingRouter>;

/** Sends a request (as `fetch` takes it) and reads the answer. */
async function send(url: string, request: RequestInit): Promise<{ status: number; body: string }> {
  const response = await fetch(url, request);
  return { status: response.status, body: await response.text() };
}

let seed = 100;
const orderRequest = async (overrides: Partial<Order> = {}): Promise<{ order: Order; request: TestRequest }> => {
  const order = orderFixture.build(overrides, { seed: seed++ });
  return { order, request: await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: SECRET }) };
};

// ---------------------------------------------------------------------------------------------
// The same router behind five servers

type Target = { readonly url: string; readonly recorder: Recorder; readonly server: http.Server };
const targets = new Map<string, Target>();
const NAMES = ['Hono', 'Express 5', 'Express 5 with express.raw()', 'Node http', 'a Web fetch handler'] as const;

/** The server of each target, each with a router of its own (and so a store of its own). */
function serverFor(name: (typeof NAMES)[number], r: Recorder): http.Server {
  switch (name) {
    case 'Hono': {
      const handler = r.webhooks.fetchHandler();
      const app = new Hono().post('/hooks/spiffy', (c) => handler(c.req.raw));
      return fetchServer(app.fetch);
    }
    case 'Express 5': {
      const app = express();
      app.post('/hooks/spiffy', r.webhooks.nodeMiddleware());
      return http.createServer(app);
    }
    case 'Express 5 with express.raw()': {
      const app = express();
      app.post('/hooks/spiffy', express.raw({ type: () => true }), r.webhooks.nodeMiddleware());
      return http.createServer(app);
    }
    case 'Node http':
      return http.createServer(r.webhooks.nodeMiddleware({ path: '/hooks/spiffy' }));
    case 'a Web fetch handler':
      return fetchServer(r.webhooks.fetchHandler({ path: '/hooks/spiffy' }));
  }
}

beforeAll(async () => {
  for (const name of NAMES) {
    const recorder = recordingRouter();
    const server = serverFor(name, recorder);
    targets.set(name, { url: `${await listen(server)}/hooks/spiffy`, recorder, server });
  }
});
afterAll(async () => {
  for (const t of targets.values()) await close(t.server);
});

describe.each(NAMES)('the Spiffy router behind %s', (name) => {
  const target = (): Target => {
    const t = targets.get(name);
    if (t === undefined) throw new Error(`no server for ${name}`);
    t.recorder.reset();
    return t;
  };

  it('a signed delivery reaches its handler with the exact payload; its redelivery is answered 200 and runs nothing again', async () => {
    const { url, recorder } = target();
    const { order, request } = await orderRequest({ email: 'vip@example.com' });
    expect(await send(url, request)).toEqual({ status: 200, body: 'ok' });
    expect(recorder.calls).toEqual([{ handler: 'orders/create', topic: 'orders/create', payload: order, key: expect.stringMatching(/^spiffy:sha256:[0-9a-f]{64}$/) }]);
    expect(recorder.any).toEqual([{ topic: 'orders/create', valid: true }]);
    expect(await send(url, request)).toEqual({ status: 200, body: 'duplicate: already handled' });
    expect(recorder.calls).toHaveLength(1);
    expect(recorder.errors).toEqual([]);
  });

  it('a handler of several topics gets each of them; the orders handler does not', async () => {
    const { url, recorder } = target();
    const product = productFixture.build(undefined, { seed: seed++ });
    for (const topic of ['products/update', 'products/create'] as const) {
      expect((await send(url, await buildSpiffyTestRequest({ topic, payload: product, secret: SECRET }))).status).toBe(200);
    }
    expect(recorder.calls.map((c) => [c.handler, c.topic, c.payload])).toEqual([
      ['products', 'products/update', product],
      ['products', 'products/create', product],
    ]);
    // the same body under another topic is another delivery
    expect(recorder.calls[0]?.key).not.toBe(recorder.calls[1]?.key);
  });

  it('an XML delivery (Content-Type: application/xml) reaches the same handler with the same typed payload as its JSON twin', async () => {
    const { url, recorder } = target();
    const order = orderFixture.build({ email: 'xml@example.com' }, { seed: seed++ });
    const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: SECRET, format: 'xml' });
    expect(new Headers(request.headers).get('content-type')).toBe('application/xml');
    expect(await send(url, request)).toEqual({ status: 200, body: 'ok' });
    expect(recorder.calls).toEqual([{ handler: 'orders/create', topic: 'orders/create', payload: order, key: expect.stringMatching(/^spiffy:sha256:[0-9a-f]{64}$/) }]);
    expect(recorder.errors).toEqual([]);
  });

  it('a tampered delivery is 401 and reaches no handler', async () => {
    const { url, recorder } = target();
    const { request } = await orderRequest({ email: 'vip@example.com' });
    const tampered = { ...request, body: request.body.replace('vip@example.com', 'vip@example.org') };
    expect(tampered.body).not.toBe(request.body);
    expect(await send(url, tampered)).toEqual({ status: 401, body: 'X-Spiffy-Hmac-Sha256 does not match the body under any of the secrets' });
    const wrongSecret = await buildSpiffyTestRequest({ topic: 'orders/create', payload: orderFixture.build(undefined, { seed: 1 }), secret: 'other' });
    expect((await send(url, wrongSecret)).status).toBe(401);
    expect(recorder.calls).toEqual([]);
    expect(recorder.any).toEqual([]);
  });

  it('a throwing handler reaches onError with its event and fails the delivery (500); the redelivery runs it again', async () => {
    const { url, recorder } = target();
    recorder.control.fail = 1;
    const { request } = await orderRequest();
    expect(await send(url, request)).toEqual({ status: 500, body: 'a handler failed' });
    expect(recorder.errors).toHaveLength(1);
    const [failure] = recorder.errors;
    expect(failure?.error).toEqual(new Error('the CRM is down'));
    expect([failure?.event?.topic, failure?.event?.deliveryKey]).toEqual(['orders/create', recorder.calls[0]?.key]);
    // the claim was released: the provider's retry runs the handlers again, and then counts as done
    expect(await send(url, request)).toEqual({ status: 200, body: 'ok' });
    expect(await send(url, request)).toEqual({ status: 200, body: 'duplicate: already handled' });
    expect(recorder.calls.map((c) => c.handler)).toEqual(['orders/create', 'orders/create']);
  });

  it('a redelivery that arrives while the first attempt still runs is answered 409, and runs nothing', async () => {
    const { url, recorder } = target();
    const gate = deferred();
    const entered = deferred();
    recorder.control.gate = gate.promise;
    recorder.control.entered = () => entered.resolve();
    const { request } = await orderRequest();
    const first = send(url, request);
    await entered.promise;
    expect(await send(url, request)).toEqual({ status: 409, body: 'in progress: an earlier attempt of this delivery is still running' });
    gate.resolve();
    expect(await first).toEqual({ status: 200, body: 'ok' });
    expect(await send(url, request)).toEqual({ status: 200, body: 'duplicate: already handled' });
    expect(recorder.calls).toHaveLength(1);
  });

  it('a genuine delivery that drifts from the model goes to onUnvalidated and onAny, never to the typed handler; 200', async () => {
    const { url, recorder } = target();
    const drifted = { ...orderFixture.build(undefined, { seed: seed++ }), total_price: 403 } as unknown as Order;
    expect(await send(url, await buildSpiffyTestRequest({ topic: 'orders/create', payload: drifted, secret: SECRET }))).toEqual({ status: 200, body: 'ok' });
    expect(recorder.calls.map((c) => [c.handler, c.topic, c.payload])).toEqual([
      ['unvalidated', 'orders/create', [{ kind: 'retyped', path: '/total_price', expected: 'string | null', received: 'integer', count: 1, example: '/total_price' }]],
    ]);
    expect(recorder.any).toEqual([{ topic: 'orders/create', valid: false }]);
  });

  it('a genuine delivery of a topic the spec does not list goes to onUnknownTopic and onAny only, its body as parsed; 200', async () => {
    const { url, recorder } = target();
    const { order, request } = await orderRequest();
    const unknown = { ...request, headers: { ...request.headers, 'X-Spiffy-Topic': 'orders/creat' } };
    expect(await send(url, unknown)).toEqual({ status: 200, body: 'ok' });
    expect(recorder.calls).toEqual([{ handler: 'unknown', topic: 'orders/creat', payload: expect.objectContaining({ email: order.email }), key: expect.stringMatching(/^spiffy:sha256:[0-9a-f]{64}$/) }]);
    // parsed without a model, losslessly: an id above 2^53 arrives as its digits, never rounded
    expect(String((recorder.calls[0]?.payload as { id?: unknown }).id)).toBe(String(order.id));
    expect(recorder.any).toEqual([{ topic: 'orders/creat', valid: false }]);
  });

  it('the receiver\'s statuses: with unknownTopics: \'reject\', an unknown topic is 400 and runs nothing', async () => {
    const rejecting = recordingRouter({ unknownTopics: 'reject' });
    const { request } = await orderRequest();
    const answer = await rejecting.webhooks.handle({ headers: { ...request.headers, 'X-Spiffy-Topic': 'orders/creat' }, body: request.body });
    expect([answer.status, answer.body, answer.outcome]).toEqual([400, 'unknown Spiffy Stores topic "orders/creat" (the receiver was made with unknownTopics: \'reject\')', 'rejected']);
    expect([rejecting.calls, rejecting.any]).toEqual([[], []]);
  });
});

describe('the Node middleware and the fetch handler route by path and method', () => {
  it('another path goes to next() (Express) or is 404; another method is 405 with Allow', async () => {
    const r = recordingRouter();
    const app = express();
    app.use(r.webhooks.nodeMiddleware({ path: '/hooks/spiffy' }));
    app.get('/health', (_req, res) => void res.send('fine'));
    const viaExpress = http.createServer(app);
    const viaNode = http.createServer(r.webhooks.nodeMiddleware({ path: '/hooks/spiffy' }));
    const viaFetch = fetchServer(r.webhooks.fetchHandler({ path: '/hooks/spiffy' }));
    try {
      const [e, n, f] = [await listen(viaExpress), await listen(viaNode), await listen(viaFetch)];
      expect(await send(`${e}/health`, {})).toEqual({ status: 200, body: 'fine' });
      expect((await send(`${n}/health`, {})).status).toBe(404);
      expect((await send(`${f}/health`, {})).status).toBe(404);
      for (const base of [e, n, f]) {
        const response = await fetch(`${base}/hooks/spiffy`);
        expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
      }
      // the path may end in a slash and carry a query
      const { order, request } = await orderRequest();
      expect(await send(`${n}/hooks/spiffy/?source=test`, request)).toEqual({ status: 200, body: 'ok' });
      expect(r.calls.map((c) => c.payload)).toEqual([order]);
    } finally {
      for (const s of [viaExpress, viaNode, viaFetch]) await close(s);
    }
  });
});

describe('Express 5 with express.json() before the webhook route', () => {
  it('fails at the first request, saying why and what to do, and runs no handler', async () => {
    const r = recordingRouter();
    const app = express();
    app.use(express.json());
    app.post('/hooks/spiffy', r.webhooks.nodeMiddleware());
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).type('text/plain').send(error instanceof Error ? error.message : String(error));
    });
    const server = http.createServer(app);
    try {
      const base = await listen(server);
      const { request } = await orderRequest();
      const answer = await send(`${base}/hooks/spiffy`, request);
      expect(answer.status).toBe(500);
      expect(answer.body).toBe(
        'createSpiffyWebhooks: nodeMiddleware(): req.body is already parsed (an object) and the request stream is consumed: a JSON body parser such as express.json() ran before this route and took the raw bytes the X-Spiffy-Hmac-Sha256 signature is computed over. Register the webhook route before app.use(express.json()), or give it express.raw({ type: () => true }) instead.',
      );
      expect(r.calls).toEqual([]);
    } finally {
      await close(server);
    }
  });

  it('a route registered before express.json() works', async () => {
    const r = recordingRouter();
    const app = express();
    app.post('/hooks/spiffy', r.webhooks.nodeMiddleware());
    app.use(express.json());
    app.post('/api/echo', (req, res) => void res.json(req.body));
    const server = http.createServer(app);
    try {
      const base = await listen(server);
      const { order, request } = await orderRequest();
      expect(await send(`${base}/hooks/spiffy`, request)).toEqual({ status: 200, body: 'ok' });
      expect(r.calls.map((c) => c.payload)).toEqual([order]);
      expect(await send(`${base}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })).toEqual({ status: 200, body: '{"a":1}' });
    } finally {
      await close(server);
    }
  });

  it('plain Node http without next: a body already read is a 500 and goes to onError', async () => {
    const r = recordingRouter();
    const middleware = r.webhooks.nodeMiddleware();
    const server = http.createServer((req, res) => {
      // a parser of its own that consumed the stream
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        void middleware(req, res);
      });
    });
    try {
      const base = await listen(server);
      const { request } = await orderRequest();
      expect(await send(`${base}/hooks/spiffy`, request)).toEqual({ status: 500, body: 'internal error' });
      expect(r.errors).toHaveLength(1);
      expect(String(r.errors[0]?.error)).toMatch(/^TypeError: createSpiffyWebhooks: nodeMiddleware\(\): req\.body is already parsed \(an object\)/);
      expect(r.errors[0]?.event).toBeUndefined();
    } finally {
      await close(server);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Quick acknowledgement and the handler timeout

describe('quickAck: true answers 202 as soon as the delivery is verified; the handlers run on', () => {
  const QUICK = ['Hono', 'Node http', 'a Web fetch handler'] as const;
  it.each(QUICK)('behind %s: 202 while the handler still waits, then it finishes', async (name) => {
    const recorder = recordingRouter({ quickAck: true });
    const server = serverFor(name, recorder);
    try {
      const url = `${await listen(server)}/hooks/spiffy`;
      const gate = deferred();
      const finished = deferred();
      let done = false;
      recorder.control.gate = gate.promise;
      recorder.control.finished = () => {
        done = true;
        finished.resolve();
      };
      const { order, request } = await orderRequest();
      expect(await send(url, request)).toEqual({ status: 202, body: 'accepted' });
      expect(recorder.calls.map((c) => c.payload)).toEqual([order]);
      expect(done).toBe(false);
      gate.resolve();
      await finished.promise;
      expect(done).toBe(true);
    } finally {
      await close(server);
    }
  });

  it('a failure after the answer goes to onError and releases the claim: the redelivery runs again', async () => {
    const recorder = recordingRouter({ quickAck: true });
    const gate = deferred();
    recorder.control.gate = gate.promise;
    recorder.control.fail = 1;
    const { request } = await orderRequest();
    const first = await recorder.webhooks.handle({ headers: request.headers, body: request.body });
    expect([first.status, first.outcome]).toEqual([202, 'acknowledged']);
    gate.resolve();
    await first.settled;
    expect(recorder.errors.map((e) => String(e.error))).toEqual(['Error: the CRM is down']);
    const second = await recorder.webhooks.handle({ headers: request.headers, body: request.body });
    await second.settled;
    expect([second.status, second.outcome]).toEqual([202, 'acknowledged']);
    const third = await recorder.webhooks.handle({ headers: request.headers, body: request.body });
    expect([third.status, third.outcome]).toEqual([200, 'duplicate']);
    expect(recorder.calls).toHaveLength(2);
  });

  it("a Workers-style ctx (the fetch handler's third argument) or the waitUntil option keeps the handlers alive", async () => {
    for (const how of ['ctx', 'option'] as const) {
      const recorder = recordingRouter({ quickAck: true });
      const kept: Promise<unknown>[] = [];
      const waitUntil = (promise: Promise<unknown>) => void kept.push(promise);
      const handler = recorder.webhooks.fetchHandler(how === 'option' ? { waitUntil } : {});
      const gate = deferred();
      let done = false;
      recorder.control.gate = gate.promise;
      recorder.control.finished = () => {
        done = true;
      };
      const { request } = await orderRequest();
      const response = await handler(new Request('https://example.com/hooks/spiffy', request), {}, how === 'ctx' ? { waitUntil } : undefined);
      expect(response.status).toBe(202);
      expect([kept.length, done]).toEqual([1, false]);
      gate.resolve();
      await kept[0];
      expect(done).toBe(true);
    }
  });

  it('quickAck: <ms> answers 200 when the handlers finish first, else 202 at that time', async () => {
    const recorder = recordingRouter({ quickAck: 20 });
    const fast = await orderRequest();
    const a = await recorder.webhooks.handle({ headers: fast.request.headers, body: fast.request.body });
    expect([a.status, a.outcome]).toEqual([200, 'handled']);
    const gate = deferred();
    recorder.control.gate = gate.promise;
    const slow = await orderRequest();
    const b = await recorder.webhooks.handle({ headers: slow.request.headers, body: slow.request.body });
    expect([b.status, b.outcome]).toEqual([202, 'acknowledged']);
    gate.resolve();
    await b.settled;
    expect(recorder.calls).toHaveLength(2);
  });
});

describe('handlerTimeoutMs', () => {
  it('aborts the signal, reports a WebhookTimeoutError, answers 500 and releases the claim', async () => {
    const errors: unknown[] = [];
    const signals: { aborted: boolean; reason: unknown }[] = [];
    let attempts = 0;
    const webhooks = createSpiffyWebhooks({ secrets: SECRET, handlerTimeoutMs: 25 })
      .on('orders/create', async ({ signal }) => {
        attempts++;
        // the first attempt never finishes by itself: it stops when the signal aborts
        if (attempts === 1) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        signals.push({ aborted: signal.aborted, reason: signal.reason });
      })
      .onError((error) => void errors.push(error));
    const server = http.createServer(webhooks.nodeMiddleware());
    try {
      const url = `${await listen(server)}/hooks/spiffy`;
      const { request } = await orderRequest();
      expect(await send(url, request)).toEqual({ status: 500, body: 'a handler failed' });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(WebhookTimeoutError);
      expect(String(errors[0])).toMatch(/^WebhookTimeoutError: createSpiffyWebhooks: the handlers of orders\/create \(delivery spiffy:sha256:[0-9a-f]{64}\) did not finish within 25 ms$/);
      expect(signals).toEqual([{ aborted: true, reason: errors[0] }]);
      expect(await send(url, request)).toEqual({ status: 200, body: 'ok' });
      expect(attempts).toBe(2);
    } finally {
      await close(server);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Other topic sources, other options

describe('Cratejoy: the topic is the route', () => {
  it('Node http with a path prefix and Express with a :topic route: the topic from the path, verify with the URL', async () => {
    const seen: { via: string; payload: Subscription }[] = [];
    const unknown: { via: string; topic: string }[] = [];
    const make = (via: string) =>
      createCratejoyWebhooks({ verify: ({ url }) => new URL(url ?? '/', 'http://localhost').searchParams.get('token') === 't0ken' })
        .on('subscription_new', ({ payload }) => {
          seen.push({ via, payload });
        })
        .onUnknownTopic(({ topic }) => {
          unknown.push({ via, topic });
        });
    const viaNode = http.createServer(make('node').nodeMiddleware({ path: '/hooks/cratejoy' }));
    const app = express();
    app.post('/hooks/cratejoy/:topic', make('express').nodeMiddleware());
    const viaExpress = http.createServer(app);
    try {
      const subscription = subscriptionFixture.build(undefined, { seed: 3 });
      const request = await buildCratejoyTestRequest({ topic: 'subscription_new', payload: subscription });
      for (const base of [await listen(viaNode), await listen(viaExpress)]) {
        expect(await send(`${base}/hooks/cratejoy/subscription_new?token=t0ken`, request)).toEqual({ status: 200, body: 'ok' });
        expect((await send(`${base}/hooks/cratejoy/subscription_new?token=guess`, request)).status).toBe(401);
        // a route the spec does not list: verified, handed to onUnknownTopic, answered 200
        expect(await send(`${base}/hooks/cratejoy/subscription_neu?token=t0ken`, request)).toEqual({ status: 200, body: 'ok' });
        expect((await send(`${base}/hooks/cratejoy/subscription_neu?token=guess`, request)).status).toBe(401);
      }
      expect(seen).toEqual([
        { via: 'node', payload: subscription },
        { via: 'express', payload: subscription },
      ]);
      expect(unknown).toEqual([
        { via: 'node', topic: 'subscription_neu' },
        { via: 'express', topic: 'subscription_neu' },
      ]);
      const rejecting = createCratejoyWebhooks({ verify: () => true, unknownTopics: 'reject' });
      const answer = await rejecting.handle({ headers: request.headers, body: request.body, topic: 'subscription_neu' });
      expect([answer.status, answer.body]).toEqual([400, 'unknown Cratejoy topic "subscription_neu" (the receiver was made with unknownTopics: \'reject\')']);
    } finally {
      await close(viaNode);
      await close(viaExpress);
    }
  });
});

describe('Lemon Squeezy: the topic is a body field', () => {
  it('behind Hono, the payload of its topic', async () => {
    const seen: unknown[] = [];
    const webhooks = createLemonSqueezyWebhooks({ secrets: SECRET }).on('subscription_payment_success', ({ payload, eventName }) => {
      seen.push({ payload, eventName });
    });
    const handler = webhooks.fetchHandler();
    const server = fetchServer(new Hono().post('/hooks/lemonsqueezy', (c) => handler(c.req.raw)).fetch);
    try {
      const payload = lemonSqueezyFixture('subscription_payment_success').build(undefined, { seed: 5 });
      const request = await buildLemonSqueezyTestRequest({ topic: 'subscription_payment_success', payload, secret: SECRET, headers: { 'X-Event-Name': 'subscription_payment_success' } });
      expect(await send(`${await listen(server)}/hooks/lemonsqueezy`, request)).toEqual({ status: 200, body: 'ok' });
      expect(seen).toEqual([{ payload, eventName: 'subscription_payment_success' }]);
    } finally {
      await close(server);
    }
  });
});

describe('a delivery-id header (`deliveryId: true` in provider.yaml): the allfeatures fixture', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-router-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // the fixture's own models, typed loosely: this module is generated at test time
  type Mod = Record<string, (...args: never[]) => any>;
  let mod: Mod;
  beforeAll(async () => {
    const result = await generate({ root: path.join(root, 'test', 'fixtures-all'), outDir: path.join(dir, 'generated'), cache: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    mod = (await import(pathToFileURL(path.join(dir, 'generated', 'allfeatures', 'index.js')).href)) as Mod;
  });

  it('the key is the id: a retry signed again at another time is a duplicate; another id runs again', async () => {
    const KEY = Buffer.from('all-features-test-key-0123456789', 'utf8');
    const secret = `whsec_${KEY.toString('base64')}`;
    const keys: string[] = [];
    const webhooks = mod.createAllFeaturesWebhooks({ secrets: secret } as never).on('thing.created', ((event: { deliveryKey: string }) => void keys.push(event.deliveryKey)) as never);
    const thing = { id: '327475578523353102', kind: 'thing', name: 'Blue thing', price: '19.99', created_at: '2024-01-01T00:00:00Z', archived_at: null, tags: ['blue'] };
    const now = Math.floor(Date.now() / 1000);
    const build = (id: string, timestamp: number): Promise<TestRequest> =>
      mod.buildAllFeaturesTestRequest({ topic: 'thing.created', payload: thing, secret, timestamp, headers: { 'webhook-id': id } } as never);
    const statuses: number[] = [];
    for (const request of [await build('msg_1', now), await build('msg_1', now + 30), await build('msg_2', now)]) {
      statuses.push((await webhooks.handle({ headers: request.headers, body: request.body })).status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect(keys).toEqual(['allfeatures:id:msg_1', 'allfeatures:id:msg_2']);
  });
});

// ---------------------------------------------------------------------------------------------
// The in-memory store, and the options' checks

describe('createMemoryDeliveryStore', () => {
  it('claims, reports pending and done, releases, and expires by its clock', async () => {
    let now = 1_000;
    const store = createMemoryDeliveryStore({ now: () => now });
    expect(await store.claim('a', 100)).toBe('claimed');
    expect(await store.claim('a', 100)).toBe('pending');
    now += 100; // the lease ran out: an attempt that crashed no longer blocks the retry
    expect(await store.claim('a', 100)).toBe('claimed');
    await store.complete('a', 1_000);
    expect(await store.claim('a', 100)).toBe('done');
    now += 999;
    expect(await store.claim('a', 100)).toBe('done');
    now += 1;
    expect(await store.claim('a', 100)).toBe('claimed');
    await store.release('a');
    expect(await store.claim('a', 100)).toBe('claimed');
  });

  it('holds at most maxEntries keys, forgetting the oldest first', async () => {
    const store = createMemoryDeliveryStore({ maxEntries: 3, now: () => 0 });
    for (const k of ['a', 'b', 'c']) await store.complete(k, 1_000);
    await store.complete('a', 1_000); // a is the newest again
    await store.complete('d', 1_000); // b goes
    expect([await store.claim('a', 10), await store.claim('c', 10), await store.claim('d', 10)]).toEqual(['done', 'done', 'done']);
    expect(await store.claim('b', 10)).toBe('claimed');
  });

  it('bounded: after 100,000 claims it holds the last 1,000 (maxEntries) and has forgotten the one before', async () => {
    const store = createMemoryDeliveryStore({ maxEntries: 1_000, now: () => 0 });
    for (let i = 0; i < 100_000; i++) await store.claim(`k${i}`, 10);
    const recent = new Set<string>();
    for (let i = 99_000; i < 100_000; i++) recent.add(await store.claim(`k${i}`, 10));
    expect([...recent]).toEqual(['pending']);
    expect(await store.claim('k98999', 10)).toBe('claimed');
  });

  it('a shared store is used as given, and a broken one fails the delivery (500) with onError', async () => {
    const errors: unknown[] = [];
    const broken = { claim: async () => Promise.reject(new Error('store down')), complete: async () => undefined, release: async () => undefined };
    const webhooks = createSpiffyWebhooks({ secrets: SECRET, dedupe: { store: broken } }).onError((error) => void errors.push(error));
    const { request } = await orderRequest();
    const answer = await webhooks.handle({ headers: request.headers, body: request.body });
    expect([answer.status, answer.outcome, String(errors[0])]).toEqual([500, 'failed', 'Error: store down']);
  });

  it('dedupe: false runs the handlers for every delivery', async () => {
    let runs = 0;
    const webhooks = createSpiffyWebhooks({ secrets: SECRET, dedupe: false }).on('orders/create', () => void runs++);
    const { request } = await orderRequest();
    for (let i = 0; i < 3; i++) expect((await webhooks.handle({ headers: request.headers, body: request.body })).status).toBe(200);
    expect(runs).toBe(3);
  });

  it('misuse fails at once, saying what was expected', () => {
    const webhooks = createSpiffyWebhooks({ secrets: SECRET });
    expect(() => webhooks.on('orders/creat' as never, () => undefined)).toThrow('createSpiffyWebhooks: on(topic): expected one of the 62 Spiffy Stores topics, found "orders/creat"');
    expect(() => webhooks.on('orders/create', 'save' as never)).toThrow('createSpiffyWebhooks: on("orders/create"): expected a handler function, found string');
    expect(() => webhooks.on([], () => undefined)).toThrow('createSpiffyWebhooks: on([]): expected at least one topic');
    expect(() => webhooks.on({ 'orders/create': [() => undefined, null as never] })).toThrow('createSpiffyWebhooks: on(handlers)["orders/create"][1]: expected a handler function, found null');
    expect(() => createSpiffyWebhooks({ secrets: SECRET, handlerTimeoutMs: -1 })).toThrow('createSpiffyWebhooks: `handlerTimeoutMs` must be a positive number of milliseconds; got -1');
    expect(() => createSpiffyWebhooks({ secrets: SECRET, dedupe: { store: {} as never } })).toThrow('createSpiffyWebhooks: `dedupe.store` must have claim(key, leaseMs), complete(key, ttlMs) and release(key)');
    expect(() => createMemoryDeliveryStore({ maxEntries: 0 })).toThrow('createMemoryDeliveryStore: `maxEntries` must be a positive integer; got 0');
  });
});

// ---------------------------------------------------------------------------------------------
// The spec key `deliveryId` of delivery headers

describe('spec: delivery header `deliveryId`', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  /** The acme fixture's spec with provider.yaml edited. */
  function load(edit: (provider: string) => string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-spec-'));
    dirs.push(dir);
    fs.cpSync(path.join(root, 'test', 'fixtures', 'spec'), path.join(dir, 'spec'), { recursive: true });
    const file = path.join(dir, 'spec', 'acme', 'provider.yaml');
    const text = edit(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, text);
    return { ...loadSpec(dir, 'spec'), text };
  }
  // acme's X-Acme-Delivery is an id per attempt: it is not a delivery id, and the fixture says so by leaving the key out
  const idOnShop = (t: string) => t.replace('field: shop\n', 'field: shop\n      deliveryId: true\n');

  it('loads into the model; the acme fixture (an id per attempt) has none', () => {
    const { problems, providers } = load(idOnShop);
    expect(problems).toEqual([]);
    expect(providers[0]?.delivery.headers.filter((h) => h.deliveryId)).toEqual([{ name: 'X-Acme-Shop', description: 'The shop the webhook comes from.', example: 'demo.acme.test', field: 'shop', required: true, deliveryId: true }]);
    expect(load((t) => t).providers[0]?.delivery.headers.some((h) => h.deliveryId)).toBe(false);
  });

  const cases: [string, (t: string) => string, string, string][] = [
    ['a second delivery-id header', (t) => idOnShop(t).replace('field: deliveryId\n', 'field: deliveryId\n      deliveryId: true\n'), 'deliveryId: true\n', 'a second delivery-id header: delivery.headers.2 already carries the delivery id'],
    ['the topic header as the id', (t) => t.replace('example: widgets/create\n', 'example: widgets/create\n      deliveryId: true\n'), 'deliveryId: true', 'header X-Acme-Topic carries the topic, not a delivery id'],
    ['the signature header as the id', (t) => t.replace('example: sha256=00ff\n', 'example: sha256=00ff\n      deliveryId: true\n'), 'deliveryId: true', 'header X-Acme-Signature carries the signature, not a delivery id'],
    ['a value that is not a boolean', (t) => t.replace('field: shop\n', 'field: shop\n      deliveryId: yes-please\n'), 'yes-please', '`delivery.headers.2.deliveryId` has the wrong type'],
  ];
  it.each(cases)('reports %s where it is', (_name, edit, needle, message) => {
    const { problems, text } = load(edit);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.message).toContain(message);
    expect(problem?.at.file).toBe('spec/acme/provider.yaml');
    // the second of two: the problem is at the last one
    const at = needle === 'deliveryId: true\n' ? text.lastIndexOf(needle) : text.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    expect(problem?.at.line).toBe(text.slice(0, at).split('\n').length);
  });
});
