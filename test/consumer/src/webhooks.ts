// The router's types (`create<Prefix>Webhooks`), compiled under strict (tsconfig.nodenext.json,
// tsconfig.bundler.json) and under `strict: false, strictNullChecks: false`
// (tsconfig.loose.json): a handler's payload is exactly its topic's payload, for every topic of
// every provider; a list of topics gives the union, narrowed on `topic`; a handler map needs no
// cast; drifted deliveries reach `onAny`/`onUnvalidated` as plain JSON, never a typed handler.

import {
  createSpiffyWebhooks,
  createMemoryDeliveryStore,
  type JsonValue,
  type Order,
  type Product,
  type SpiffyAnyWebhookEvent,
  type SpiffyPayload,
  type SpiffyTopic,
  type SpiffyUnknownTopicWebhookEvent,
  type SpiffyUnvalidatedWebhookEvent,
  type SpiffyWebhookAnswer,
  type SpiffyWebhookEvent,
  type SpiffyWebhookHandler,
  type SpiffyWebhookHandlers,
  type SpiffyReceiveResult,
  type PayloadDrift,
  type DeliveryStore,
  type WebhookAbortSignal,
  type WebhookResponse,
  type WebhookSignalLike,
  type WebResponseLike,
} from '@webhook-typegen/generated/spiffy';
import { createCratejoyWebhooks, type CratejoyPayload, type CratejoyTopic, type CratejoyWebhookHandler, type Subscription } from '@webhook-typegen/generated/cratejoy';
import { createLemonSqueezyWebhooks, type LemonSqueezyEnvelope, type LemonSqueezyPayload, type LemonSqueezyTopic, type LemonSqueezyWebhookHandler, type SubscriptionInvoice } from '@webhook-typegen/generated/lemonsqueezy';
import type { Equals, Expect } from './use.js';

// ---- every topic of every provider: the handler's payload is the topic's payload, exactly ----
type PayloadOf<H> = H extends (event: infer E) => unknown ? (E extends { readonly payload: infer P } ? P : never) : never;
type TopicOf<H> = H extends (event: infer E) => unknown ? (E extends { readonly topic: infer T } ? T : never) : never;
type SpiffyNarrowed = { [K in SpiffyTopic]: Equals<PayloadOf<SpiffyWebhookHandler<K>>, SpiffyPayload<K>> }[SpiffyTopic];
type CratejoyNarrowed = { [K in CratejoyTopic]: Equals<PayloadOf<CratejoyWebhookHandler<K>>, CratejoyPayload<K>> }[CratejoyTopic];
type LemonSqueezyNarrowed = { [K in LemonSqueezyTopic]: Equals<PayloadOf<LemonSqueezyWebhookHandler<K>>, LemonSqueezyPayload<K>> }[LemonSqueezyTopic];
export type _SpiffyEveryTopic = Expect<Equals<SpiffyNarrowed, true>>;
export type _CratejoyEveryTopic = Expect<Equals<CratejoyNarrowed, true>>;
export type _LemonSqueezyEveryTopic = Expect<Equals<LemonSqueezyNarrowed, true>>;
type SpiffyTopicsNarrowed = { [K in SpiffyTopic]: Equals<TopicOf<SpiffyWebhookHandler<K>>, K> }[SpiffyTopic];
export type _SpiffyEveryTopicName = Expect<Equals<SpiffyTopicsNarrowed, true>>;

// ---- on(topic), on(topics), on(map), inferred from the call ----
const spiffy = createSpiffyWebhooks({ secrets: 's' });
spiffy.on('orders/create', (event) => {
  type _Payload = Expect<Equals<typeof event.payload, Order>>;
  type _Topic = Expect<Equals<typeof event.topic, 'orders/create'>>;
  type _Shop = Expect<Equals<typeof event.shopDomain, string>>;
  type _Key = Expect<Equals<typeof event.deliveryKey, string>>;
  type _Valid = Expect<Equals<typeof event.valid, true>>;
});
spiffy.on(['orders/create', 'products/update'], (event) => {
  type _Union = Expect<Equals<typeof event.payload, Order | Product>>;
  type _Topics = Expect<Equals<typeof event.topic, 'orders/create' | 'products/update'>>;
  if (event.topic === 'products/update') {
    type _Narrowed = Expect<Equals<typeof event.payload, Product>>;
  }
});
spiffy.on({
  'orders/create': (event) => {
    type _Payload = Expect<Equals<typeof event.payload, Order>>;
  },
  'products/update': [
    (event) => {
      type _Payload = Expect<Equals<typeof event.payload, Product>>;
    },
    async ({ payload }) => {
      type _Payload = Expect<Equals<typeof payload, Product>>;
    },
  ],
});
// a map written on its own, then registered: no cast
const handlers: SpiffyWebhookHandlers = {
  'orders/paid': ({ payload }) => {
    type _Payload = Expect<Equals<typeof payload, Order>>;
  },
};
spiffy.on(handlers);
// @ts-expect-error not a Spiffy topic
spiffy.on('orders/creat', () => undefined);
// @ts-expect-error a products/update handler does not take an orders/create event
spiffy.on({ 'orders/create': (event: SpiffyWebhookEvent<'products/update'>) => event.payload });

// ---- onAny, onUnvalidated, onError ----
spiffy.onAny((event) => {
  type _Any = Expect<Equals<typeof event, SpiffyAnyWebhookEvent>>;
  if (event.valid === false) {
    type _Json = Expect<Equals<typeof event.payload, JsonValue>>;
    type _Drift = Expect<Equals<typeof event.drift, readonly PayloadDrift[]>>;
  } else if (event.topic === 'orders/create') {
    type _Order = Expect<Equals<typeof event.payload, Order>>;
  }
});
spiffy.onUnvalidated((event) => {
  type _Unvalidated = Expect<Equals<typeof event, SpiffyUnvalidatedWebhookEvent>>;
  type _Json = Expect<Equals<typeof event.payload, JsonValue>>;
});
spiffy.onUnknownTopic((event) => {
  type _Unknown = Expect<Equals<typeof event, SpiffyUnknownTopicWebhookEvent>>;
  type _Json = Expect<Equals<typeof event.payload, JsonValue>>;
  const topic: string = event.topic;
  const key: string = event.deliveryKey;
  void topic, key;
});
spiffy.onError((error, event) => {
  type _Error = Expect<Equals<typeof error, unknown>>;
  type _Event = Expect<Equals<typeof event, SpiffyAnyWebhookEvent | undefined>>;
});
// with invalidPayload: 'reject' and unknownTopics: 'reject' there is no unvalidated delivery: onAny only sees valid ones
createSpiffyWebhooks({ secrets: 's', invalidPayload: 'reject', unknownTopics: 'reject' }).onAny((event) => {
  type _Valid = Expect<Equals<typeof event.valid, true>>;
});
// with invalidPayload: 'reject' alone, onAny also sees deliveries of unknown topics, told apart by `known`
createSpiffyWebhooks({ secrets: 's', invalidPayload: 'reject' }).onAny((event) => {
  if (event.known === false) {
    type _Unknown = Expect<Equals<typeof event, SpiffyUnknownTopicWebhookEvent>>;
  } else if (event.topic === 'orders/create') {
    type _Order = Expect<Equals<typeof event.payload, Order>>;
  }
});
// a webhook registered with fields: the handlers get those fields
createSpiffyWebhooks({ secrets: 's', fields: ['id', 'updated_at'] }).on('orders/create', (event) => {
  type _Slim = Expect<Equals<typeof event.payload, SpiffyPayload<'orders/create', 'id' | 'updated_at'>>>;
});

// ---- the answer, the other providers, a store ----
export async function answer(headers: Record<string, string>, body: Uint8Array): Promise<number> {
  const a = await spiffy.handle({ headers, body });
  type _Answer = Expect<Equals<typeof a, SpiffyWebhookAnswer>>;
  type _Result = Expect<Equals<typeof a.result, SpiffyReceiveResult>>;
  return a.status;
}
createCratejoyWebhooks().on('subscription_new', (event) => {
  type _Subscription = Expect<Equals<typeof event.payload, Subscription>>;
});
createLemonSqueezyWebhooks({ secrets: 's' }).on('subscription_payment_success', (event) => {
  type _Invoice = Expect<Equals<typeof event.payload, SubscriptionInvoice>>;
  type _Envelope = Expect<Equals<typeof event.eventName, string | undefined>>;
  // the whole body, typed: the envelope model with this topic's payload and event name
  type _Body = Expect<Equals<typeof event.envelope, LemonSqueezyEnvelope<'subscription_payment_success'>>>;
  const eventName: 'subscription_payment_success' = event.envelope.meta.event_name;
  void eventName;
});
const store: DeliveryStore = createMemoryDeliveryStore({ maxEntries: 100 });
createSpiffyWebhooks({ secrets: 's', dedupe: { store, ttlMs: 60_000 }, quickAck: 5_000, handlerTimeoutMs: 10_000 });
createSpiffyWebhooks({ secrets: 's', dedupe: false, quickAck: true });

// ---- without DOM or Node types (lib es2022, types: []), the structural stand-ins ----
export type _Response = Expect<Equals<WebhookResponse, WebResponseLike>>;
export type _Signal = Expect<Equals<WebhookAbortSignal, WebhookSignalLike>>;
