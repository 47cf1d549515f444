// Receiving, with strictNullChecks (tsconfig.nodenext.json, tsconfig.bundler.json): the usual
// `if (!result.ok)` narrows the result to a failure, and after it to a delivery.

import { createSpiffyReceiver, type Order, type SpiffyReceiveFailure, type SpiffyUnknownTopicDelivery, type SpiffyUnvalidatedDelivery } from '@webhook-typegen/generated/spiffy';
import { createCratejoyReceiver, type Subscription } from '@webhook-typegen/generated/cratejoy';
import type { Equals, Expect } from './use.js';

declare const rawBody: Uint8Array;
declare const headers: { readonly [name: string]: string | string[] | undefined };

export async function handle(): Promise<number> {
  const result = await createSpiffyReceiver({ secrets: 's' }).receive({ headers, body: rawBody });
  if (!result.ok) {
    type _Failure = Expect<Equals<typeof result, SpiffyReceiveFailure>>;
    return result.status;
  }
  const shopDomain: string = result.shopDomain;
  void shopDomain;
  if (!result.known) {
    type _Unknown = Expect<Equals<typeof result, SpiffyUnknownTopicDelivery>>;
    return 200;
  }
  if (!result.valid) {
    type _Unvalidated = Expect<Equals<typeof result, SpiffyUnvalidatedDelivery>>;
    return 200;
  }
  if (result.topic === 'orders/create') {
    type _Order = Expect<Equals<typeof result.payload, Order>>;
  }
  // @ts-expect-error a delivery has no `reason`
  void result.reason;
  return 200;
}

export async function handleCratejoy(): Promise<string> {
  const result = await createCratejoyReceiver().receive({ headers, body: rawBody, topic: 'subscription_new' });
  if (!result.ok) return result.message;
  if (result.valid && result.topic === 'subscription_new') {
    type _Subscription = Expect<Equals<typeof result.payload, Subscription>>;
  }
  return result.topic;
}
