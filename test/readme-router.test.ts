// The README's receiving examples, run: each `// #region README <name>` below is the README's
// code block of that name (checked line for line by the first test, imports aside), served over
// real local HTTP servers (127.0.0.1) and fed signed deliveries.

import express from 'express';
import { Hono } from 'hono';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSpiffyTestRequest, createSpiffyWebhooks, orderFixture, productFixture, shopFixture, type JsonValue, type Order, type PayloadDrift, type Product } from '../generated/spiffy/index.js';
import { buildCratejoyTestRequest, createCratejoyWebhooks, parseCratejoyBody, subscriptionFixture, type CratejoyPayload, type Customer } from '../generated/cratejoy/index.js';
import { close, fetchServer, listen } from './helpers/http.js';
import { exampleRegion, readmeExamples } from './helpers/readme.js';
import worker from './readme-router.test.js';

process.env.SPIFFY_SECRET = 'readme-secret';
process.env.CRATEJOY_HOOK_TOKEN = 'readme-token';
const secrets = process.env.SPIFFY_SECRET;

// what the examples call: your code, recorded
const saved: { shopDomain: string; order: Order }[] = [];
const reindexed: Product[] = [];
const forgotten: string[] = [];
const review: { topic: string; payload: JsonValue; drift: readonly PayloadDrift[] }[] = [];
const welcomed: unknown[] = [];
let failSaves = 0;
async function saveOrder(shopDomain: string, order: Order): Promise<void> {
  if (failSaves > 0) {
    failSaves--;
    throw new Error('database unavailable');
  }
  saved.push({ shopDomain, order });
}
async function reindex(product: Product): Promise<void> {
  reindexed.push(product);
}
function forgetShop(shopDomain: string): void {
  forgotten.push(shopDomain);
}
function queueForReview(topic: string, payload: JsonValue, drift: readonly PayloadDrift[]): void {
  review.push({ topic, payload, drift });
}
function welcome(customer: unknown): void {
  welcomed.push(customer);
}
let fulfilmentUrl = '';

// #region README router
export const webhooks = createSpiffyWebhooks({ secrets: process.env.SPIFFY_SECRET ?? '' })
  .on('orders/create', async ({ payload, shopDomain }) => {
    await saveOrder(shopDomain, payload); // payload: Order, validated; 64-bit ids as decimal strings
  })
  .on(['products/create', 'products/update'], async (event) => {
    if (event.topic === 'products/update') await reindex(event.payload); // Product
  })
  .on({
    'app/uninstalled': ({ shopDomain }) => forgetShop(shopDomain), // a map of handlers: no cast either
  })
  .onUnvalidated(({ topic, payload, drift }) => queueForReview(topic, payload, drift)) // payload: JsonValue
  .onError((error, event) => console.error('webhook handler failed', event?.topic, error));
// #endregion

// #region README hono
const handle = webhooks.fetchHandler();
export const app = new Hono();
app.post('/hooks/spiffy', (c) => handle(c.req.raw));
// #endregion

// #region README fetch
export default { fetch: webhooks.fetchHandler({ path: '/hooks/spiffy' }) };
// #endregion

// #region README node
export const server = http.createServer(webhooks.nodeMiddleware({ path: '/hooks/spiffy' }));
// #endregion

// #region README express
export const api = express();
api.post('/hooks/spiffy', webhooks.nodeMiddleware()); // before express.json()
api.use(express.json());
api.post('/api/orders', (req, res) => void res.json(req.body)); // the rest of your API
// #endregion

// #region README cratejoy
// hooks registered as https://example.com/hooks/cratejoy/<event>?token=<CRATEJOY_HOOK_TOKEN>
export const cratejoy = createCratejoyWebhooks({
  verify: ({ url }) => new URL(url ?? '/', 'http://localhost').searchParams.get('token') === process.env.CRATEJOY_HOOK_TOKEN,
}).on('subscription_new', ({ payload }) => welcome(payload.customer)); // Subscription

export const cratejoyServer = http.createServer(cratejoy.nodeMiddleware({ path: '/hooks/cratejoy' }));
// #endregion

// #region README cratejoy-parse
export const cratejoyApp = express();
cratejoyApp.post('/hooks/cratejoy/checkout_failed', express.text({ type: () => true }), (req, res) => {
  const payload = parseCratejoyBody('checkout_failed', req.body); // express.text(): the raw body as a string
  // the docs name two models ("Customer and Order Model"): a union told apart by `type`
  if (payload.type === 'customer') payload.email; // Customer
  else payload.total; // Order: money in minor units (3500 = 35.00)
  res.sendStatus(200);
});

type Renewed = CratejoyPayload<'subscription_renewed'>; // Subscription
// #endregion

// #region README quickack
export const fast = createSpiffyWebhooks({ secrets, quickAck: true, handlerTimeoutMs: 30_000 })
  .on('orders/paid', ({ payload, signal }) => fetch(fulfilmentUrl, { method: 'POST', body: JSON.stringify(payload), signal }));
// #endregion

export type { Renewed };

const servers: http.Server[] = [];
const bases = new Map<string, string>();
const fulfilled: string[] = [];
beforeAll(async () => {
  const fulfilment = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      fulfilled.push(Buffer.concat(chunks).toString('utf8'));
      res.end('queued');
    });
  });
  const all: [string, http.Server][] = [
    ['hono', fetchServer(app.fetch)],
    ['fetch', fetchServer((request) => worker.fetch(request))],
    ['node', server],
    ['express', http.createServer(api)],
    ['cratejoy', cratejoyServer],
    ['cratejoy-parse', http.createServer(cratejoyApp)],
    ['fulfilment', fulfilment],
  ];
  for (const [name, s] of all) {
    servers.push(s);
    bases.set(name, await listen(s));
  }
  fulfilmentUrl = `${bases.get('fulfilment')}/orders`;
});
afterAll(async () => {
  for (const s of servers) await close(s);
});

const base = (name: string): string => {
  const b = bases.get(name);
  if (b === undefined) throw new Error(`no server ${name}`);
  return b;
};
async function send(url: string, request: RequestInit): Promise<{ status: number; body: string }> {
  const response = await fetch(url, request);
  return { status: response.status, body: await response.text() };
}

describe('README: receiving webhooks', () => {
  it('each marked README example is the code of its test region, line for line', () => {
    const examples = readmeExamples();
    expect(examples.map((e) => `${e.name} ${e.file}`)).toEqual([
      'cratejoy-parse test/readme-router.test.ts',
      'router test/readme-router.test.ts',
      'hono test/readme-router.test.ts',
      'fetch test/readme-router.test.ts',
      'node test/readme-router.test.ts',
      'express test/readme-router.test.ts',
      'cratejoy test/readme-router.test.ts',
      'redis test/webhooks-redis.test.ts',
      'quickack test/readme-router.test.ts',
    ]);
    for (const e of examples) expect(exampleRegion(e.file, e.name), `README.md:${e.line} (${e.name}) differs from ${e.file}`).toBe(e.code);
  });

  it.each(['hono', 'fetch', 'node', 'express'])('the router behind the %s example: each handler gets its topic, a redelivery runs nothing again', async (name) => {
    const url = `${base(name)}/hooks/spiffy`;
    const seed = ['hono', 'fetch', 'node', 'express'].indexOf(name) * 10 + 1;
    const order = orderFixture.build(undefined, { seed });
    const product = productFixture.build(undefined, { seed });
    const shop = shopFixture.build(undefined, { seed });
    const [s0, r0, f0] = [saved.length, reindexed.length, forgotten.length];
    const orderRequest = await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: secrets });
    expect(await send(url, orderRequest)).toEqual({ status: 200, body: 'ok' });
    expect(await send(url, orderRequest)).toEqual({ status: 200, body: 'duplicate: already handled' });
    for (const topic of ['products/create', 'products/update'] as const) {
      expect((await send(url, await buildSpiffyTestRequest({ topic, payload: product, secret: secrets }))).status).toBe(200);
    }
    expect((await send(url, await buildSpiffyTestRequest({ topic: 'app/uninstalled', payload: shop, secret: secrets }))).status).toBe(200);
    expect(saved.slice(s0)).toEqual([{ shopDomain: 'johns-apparel.spiffystores.com', order }]);
    expect(reindexed.slice(r0)).toEqual([product]);
    expect(forgotten.slice(f0)).toEqual(['johns-apparel.spiffystores.com']);
  });

  it('a drifted delivery goes to review; a failing handler is logged, answered 500, and runs again on the retry', async () => {
    const url = `${base('node')}/hooks/spiffy`;
    const drifted = { ...orderFixture.build(undefined, { seed: 90 }), total_price: 403 } as unknown as Order;
    expect((await send(url, await buildSpiffyTestRequest({ topic: 'orders/create', payload: drifted, secret: secrets }))).status).toBe(200);
    expect(review.at(-1)?.drift.map((d) => `${d.kind} ${d.path}`)).toEqual(['retyped /total_price']);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      failSaves = 1;
      const order = orderFixture.build(undefined, { seed: 91 });
      const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: secrets });
      expect(await send(url, request)).toEqual({ status: 500, body: 'a handler failed' });
      expect(logged.mock.calls).toEqual([['webhook handler failed', 'orders/create', new Error('database unavailable')]]);
      expect(await send(url, request)).toEqual({ status: 200, body: 'ok' });
      expect(saved.at(-1)?.order).toEqual(order);
    } finally {
      logged.mockRestore();
    }
  });

  it('the Express example keeps the rest of the API on express.json()', async () => {
    expect(await send(`${base('express')}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":1}' })).toEqual({ status: 200, body: '{"id":1}' });
  });

  it('the Cratejoy router: the topic from the route, the token checked by verify', async () => {
    const subscription = subscriptionFixture.build(undefined, { seed: 4 });
    const request = await buildCratejoyTestRequest({ topic: 'subscription_new', payload: subscription });
    expect(await send(`${base('cratejoy')}/hooks/cratejoy/subscription_new?token=readme-token`, request)).toEqual({ status: 200, body: 'ok' });
    expect((await send(`${base('cratejoy')}/hooks/cratejoy/subscription_new?token=wrong`, request)).status).toBe(401);
    expect(welcomed).toEqual([subscription.customer]);
  });

  it('the Cratejoy parse example: an escaped JSON string body, with express.text()', async () => {
    const customer: Partial<Customer> = { id: '7', type: 'customer', email: 'a@example.com' };
    const body = JSON.stringify(JSON.stringify({ ...customer, id: 7 }));
    expect(await send(`${base('cratejoy-parse')}/hooks/cratejoy/checkout_failed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).toEqual({ status: 200, body: 'OK' });
  });

  it('the quick-ack example answers 202, then its handler posts the order with the signal', async () => {
    const order = orderFixture.build(undefined, { seed: 5 });
    const request = await buildSpiffyTestRequest({ topic: 'orders/paid', payload: order, secret: secrets });
    const answer = await fast.handle({ headers: request.headers, body: request.body });
    expect([answer.status, answer.outcome]).toEqual([202, 'acknowledged']);
    await answer.settled;
    expect(fulfilled.map((text) => (JSON.parse(text) as { id: unknown }).id)).toEqual([order.id]);
  });
});
