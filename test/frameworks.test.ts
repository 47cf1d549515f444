// Spiffy's Standard Schema objects in real frameworks, over a real local HTTP server
// (127.0.0.1, port 0): Hono with `sValidator('json', …)` and a tRPC procedure with `.input(…)`.
// A framework parses the body with JSON.parse, so 64-bit ids reach the schema as numbers; the
// schema accepts them and the handler gets the model type, ids as digit strings. The bodies are
// real deliveries from ../shared/corpus/shopify-family/, posted byte for byte.
// test/consumer/src/frameworks.ts type-checks the same uses (and TanStack Form's).

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sValidator } from '@hono/standard-validator';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutSchema, OrderSchema, spiffyPayloadSchema, type Checkout, type Order } from '../generated/spiffy/index.js';
import { corpusDir, describeCorpus } from './drift/corpus.js';

/** What each handler was handed, in order. */
const seen: { route: string; value: Checkout | Order }[] = [];

const app = new Hono()
  .post('/hooks/checkouts', sValidator('json', CheckoutSchema), (c) => {
    seen.push({ route: 'hono checkouts', value: c.req.valid('json') });
    return c.json({ ok: true });
  })
  .post('/hooks/orders', sValidator('json', OrderSchema), (c) => {
    seen.push({ route: 'hono orders', value: c.req.valid('json') });
    return c.json({ ok: true });
  })
  .post('/hooks/orders-create', sValidator('json', spiffyPayloadSchema('orders/create')), (c) => {
    seen.push({ route: 'hono orders/create', value: c.req.valid('json') });
    return c.json({ ok: true });
  });

const t = initTRPC.create();
const router = t.router({
  checkoutCreated: t.procedure.input(CheckoutSchema).mutation(({ input }) => {
    seen.push({ route: 'trpc checkouts', value: input });
    return { ok: true };
  }),
  orderCreated: t.procedure.input(OrderSchema).mutation(({ input }) => {
    seen.push({ route: 'trpc orders', value: input });
    return { ok: true };
  }),
});

/** A node:http server in front of Hono's fetch handler (what @hono/node-server does, in a few lines). */
function honoServer(): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = Buffer.concat(chunks);
      const response = await app.fetch(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length ? { body } : {}) }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
}

let hono: http.Server;
let trpc: http.Server;
let honoUrl: string;
let trpcUrl: string;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  hono = honoServer();
  trpc = http.createServer(createHTTPHandler({ router }));
  honoUrl = await listen(hono);
  trpcUrl = await listen(trpc);
});

afterAll(async () => {
  for (const s of [hono, trpc]) if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** POSTs the bytes as they are; the status and the parsed answer. */
async function post(url: string, body: Buffer): Promise<{ status: number; json: any }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: r.status, json: await r.json() };
}

/** The id tokens of a JSON text at a key, as written. */
const written = (text: string, key: string): string[] => [...text.matchAll(new RegExp(`"${key}":\\s*(-?[0-9]+)`, 'g'))].map((m) => m[1]!);

describeCorpus('Hono and tRPC with the Standard Schema objects, over HTTP', () => {
  const file = (f: string) => readFileSync(join(corpusDir(), f));

  it('a real checkouts/create delivery, byte for byte: 200, and the handler sees every 64-bit id as a digit string', async () => {
    const body = file('checkouts__create/capture-2023-01.json');
    const text = body.toString('utf8');
    // the capture holds ids above 2^53: JSON.parse (the frameworks') makes numbers of them
    const id = written(text, 'id')[0]!;
    expect(Number.isSafeInteger(Number(id))).toBe(false);
    seen.length = 0;
    const viaHono = await post(`${honoUrl}/hooks/checkouts`, body);
    const viaTrpc = await post(`${trpcUrl}/checkoutCreated`, body);
    expect([viaHono.status, viaTrpc.status]).toEqual([200, 200]);
    expect(viaTrpc.json).toEqual({ result: { data: { ok: true } } });
    expect(seen.map((s) => s.route)).toEqual(['hono checkouts', 'trpc checkouts']);
    for (const { value } of seen) {
      const checkout = value as Checkout;
      // the digits JavaScript prints for what JSON.parse made: here, exactly the digits written
      expect(checkout.id).toBe(id);
      expect(checkout.line_items?.map((l) => l.product_id)).toEqual(JSON.parse(text).line_items.map((l: { product_id: number }) => String(l.product_id)));
    }
  });

  it('the byte-exact test notification of orders/create: 200 from both frameworks, ids digit strings, its missing and null fields allowed', async () => {
    const body = file('orders__create/test-notification-2015.json');
    const sent = JSON.parse(body.toString('utf8')) as Record<string, any>;
    seen.length = 0;
    const results = [await post(`${honoUrl}/hooks/orders`, body), await post(`${honoUrl}/hooks/orders-create`, body), await post(`${trpcUrl}/orderCreated`, body)];
    // no 64-bit id is turned away ("received integer" at a 64-bit id was the 400 of issue 12), and
    // the fields this notification omits or sends as null (customer/id, customer/default_address/id,
    // customer/phone, order_status_url, token, four of shipping_lines/0) are what the provider's
    // presence and nulls policy allows (optional, nullable; issue 12 item 2)
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results[2]!.json).toEqual({ result: { data: { ok: true } } });
    for (const r of results) expect(JSON.stringify(r.json)).not.toMatch(/received integer/);
    expect(seen.map((s) => s.route)).toEqual(['hono orders', 'hono orders/create', 'trpc orders']);
    // the facts the policy lets through, as the notification has them
    expect([sent.customer.id, sent.customer.default_address.id, sent.token, 'order_status_url' in sent, 'phone' in sent.customer]).toEqual([null, null, null, false, false]);
    for (const { value } of seen) {
      const o = value as Order;
      expect(o.id).toBe('123456');
      expect([o.customer?.id, o.customer?.default_address?.id, o.token, 'order_status_url' in o]).toEqual([null, null, null, false]);
      expect(o.line_items?.map((l) => l.product_id)).toEqual(['327475578523353100', '327475578523353100']);
    }
  });

  it('the test notification with the fields its docs sample promises: 200 over both, `id` a digit string', async () => {
    // the notification's own bytes, with the nine presence and null facts above filled in as the
    // docs sample has them (also 200); every id stays a JSON number as Shopify wrote it
    const text = file('orders__create/test-notification-2015.json').toString('utf8');
    const order = JSON.parse(text) as Record<string, any>;
    order.customer.id = 115310627314723954;
    order.customer.default_address.id = 715243470612851245;
    order.customer.phone = null;
    order.order_status_url = null;
    order.token = 'token';
    Object.assign(order.shipping_lines[0], { carrier_identifier: null, delivery_category: null, id: 271878346596884015, requested_fulfillment_service_id: null });
    const body = Buffer.from(JSON.stringify(order));
    seen.length = 0;
    const results = [await post(`${honoUrl}/hooks/orders`, body), await post(`${honoUrl}/hooks/orders-create`, body), await post(`${trpcUrl}/orderCreated`, body)];
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(seen.map((s) => s.route)).toEqual(['hono orders', 'hono orders/create', 'trpc orders']);
    for (const { value } of seen) {
      const o = value as Order;
      expect(o.id).toBe('123456');
      expect(o.customer?.id).toBe(String(115310627314723954));
      expect(o.line_items?.map((l) => l.product_id)).toEqual(['327475578523353100', '327475578523353100']);
    }
  });
});

describeCorpus('the frameworks reject what the schema rejects', () => {
  it('a checkout whose id is a word: 400 from both, naming the field', async () => {
    const checkout = JSON.parse(readFileSync(join(corpusDir(), 'checkouts__create/capture-2023-01.json'), 'utf8')) as Record<string, unknown>;
    const body = Buffer.from(JSON.stringify({ ...checkout, id: 'one' }));
    const viaHono = await post(`${honoUrl}/hooks/checkouts`, body);
    const viaTrpc = await post(`${trpcUrl}/checkoutCreated`, body);
    expect([viaHono.status, viaTrpc.status]).toEqual([400, 400]);
    expect(JSON.stringify(viaHono.json)).toContain('/id: expected digit string (64-bit integer), received \\"one\\"');
    expect(JSON.stringify(viaTrpc.json)).toContain('/id: expected digit string (64-bit integer), received \\"one\\"');
  });
});
