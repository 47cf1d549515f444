// The README's handler-test example, run for real: a node:http server using the generated
// receiver, a fixture, and a signed request built from it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSpiffyTestRequest, createSpiffyReceiver, orderFixture, type Order } from '../generated/spiffy/index.js';
import { shapeOf } from '../generated/index.js';
import { webhookMatchers, type WebhookTopics } from '../generated/testing.js';

expect.extend(webhookMatchers);
// types `expect(x).toMatchWebhookShape(…)` through vitest's Matchers interface
declare module 'vitest' {
  interface Matchers<T> {
    toMatchWebhookShape<P extends keyof WebhookTopics>(provider: P, topic: WebhookTopics[P]): void;
  }
}

const saved: Order[] = [];
const review: unknown[] = [];
const spiffy = createSpiffyReceiver({ secrets: 'test-secret' });
const server = http.createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/hooks/spiffy') return void res.writeHead(404).end();
  const result = await spiffy.fromNode(req);
  if (result.ok === false) return void res.writeHead(result.status, { 'content-type': 'text/plain' }).end(result.message);
  if (result.valid === false) review.push(result.drift); // still 200
  else if (result.topic === 'orders/create') saved.push(result.payload);
  res.writeHead(200).end('ok');
});

let url = '';
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/spiffy`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('a new order is saved', async () => {
  const order = orderFixture.build({ email: 'vip@example.com' }, { seed: 1 });
  const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: 'test-secret' });
  const res = await fetch(url, request);
  expect(res.status).toBe(200);
  expect(saved.at(-1)).toEqual(order);
});

test('an order that drifts from the docs is still answered 200, and queued for review', async () => {
  const order = { ...orderFixture.build(undefined, { seed: 2 }), total_price: 403 } as unknown as Order;
  const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: 'test-secret' });
  const before = saved.length;
  expect((await fetch(url, request)).status).toBe(200);
  expect(saved.length).toBe(before);
  expect(review.at(-1)).toEqual([{ kind: 'retyped', path: '/total_price', expected: 'string | null', received: 'integer', count: 1, example: '/total_price' }]);
});

test('a request signed with another secret is refused', async () => {
  const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload: orderFixture.build(), secret: 'other' });
  expect((await fetch(url, request)).status).toBe(401);
});

test('the matcher and shapeOf, as the README shows them', () => {
  const payload = orderFixture.build(undefined, { seed: 2 });
  expect(payload).toMatchWebhookShape('spiffy', 'orders/create');
  const drifted = { ...payload, total_price: 403, duties: [] } as Record<string, unknown>;
  const m = webhookMatchers.toMatchWebhookShape(drifted, 'spiffy', 'orders/create');
  expect(m.pass).toBe(false);
  expect(m.message()).toBe(
    'the payload drifts from the spiffy spec of orders/create (2 differences):\n  /total_price: expected string | null, received integer\n  /duties: expected absent (not in the spec; strict mode), received array',
  );
  expect(shapeOf({ line_items: [{ price: '1.00' }] })).toBe('/: object\n/line_items: array\n/line_items/*: object\n/line_items/*/price: string');
});

test('XML deliveries, as the README shows them: the same handler saves the same Order', async () => {
  const order = orderFixture.build(undefined, { seed: 3 });
  const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: 'test-secret', format: 'xml' });
  expect(request.headers['Content-Type']).toBe('application/xml');
  expect(request.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<order>\n  <billing-address>\n')).toBe(true);
  expect(request.body).toContain(`\n  <id type="integer">${order.id}</id>\n`);
  const res = await fetch(url, request);
  expect(res.status).toBe(200);
  expect(saved.at(-1)).toEqual(order);
  const broken = await fetch(url, { ...request, body: request.body.replace('</order>', '') });
  // the signature is checked first: an altered body is refused before it is parsed
  expect(broken.status).toBe(401);
});
