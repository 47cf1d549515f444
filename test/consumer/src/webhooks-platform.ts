// The router's adapters against the real platform types (tsconfig.platform-dom.json: the DOM
// lib; tsconfig.platform-node.json: @types/node's undici types): its fetch handler returns the
// platform's own `Response` and a handler's `signal` is the platform's `AbortSignal`, so they
// pass to `fetch` and to frameworks as they are; its Node middleware is an http listener.
// Compiled by test/receive.test.ts.

import http from 'node:http';
import { createSpiffyWebhooks, type WebhookAbortSignal, type WebhookResponse } from '@webhook-typegen/generated/spiffy';
import type { Equals, Expect } from './use.js';

export type _Response = Expect<Equals<WebhookResponse, Response>>;
export type _Signal = Expect<Equals<WebhookAbortSignal, AbortSignal>>;

const webhooks = createSpiffyWebhooks({ secrets: 's' }).on('orders/create', async ({ payload, signal }) => {
  await fetch('https://crm.example/orders', { method: 'POST', body: JSON.stringify(payload), signal });
});
const handler = webhooks.fetchHandler();
export const fetchAnswer = (request: Request): Promise<Response> => handler(request);
export const server = http.createServer(webhooks.nodeMiddleware({ path: '/hooks/spiffy' }));
