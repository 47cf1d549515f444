// The receiving API as a consumer sees it, with neither DOM nor Node types (`types: []`,
// `lib: es2022`): compiled by test/typecheck.test.ts under tsconfig.nodenext.json,
// tsconfig.bundler.json and tsconfig.loose.json (strictNullChecks off), so everything here must
// hold in strict and non-strict mode alike. Each `@ts-expect-error` is a misuse that must not
// compile. Real `Request` / `http.IncomingMessage` objects are checked in receive-platform.ts.
//
// Without strictNullChecks TypeScript narrows a union on `x.ok === false` but not on `!x.ok`
// (any member's `ok` could be undefined), so failures are tested with `=== false` here and with
// `!result.ok` in receive-strict.ts.

import {
  buildSpiffyTestRequest,
  createSpiffyReceiver,
  signSpiffyBody,
  type Order,
  type Product,
  type ReceiveHeaders,
  type DriftReport,
  type InvalidPayloadAction,
  type JsonValue,
  type PayloadDrift,
  type PayloadDriftKind,
  type SpiffyDelivery,
  type SpiffyDriftReport,
  type SpiffyReceiveFailure,
  type SpiffyReceiveFailureReason,
  type SpiffyReceiveResult,
  type SpiffyTopic,
  type SpiffyUnknownTopicDelivery,
  type SpiffyUnvalidatedDelivery,
  type TestRequest,
  type UnknownTopicAction,
  type ValidationIssue,
} from '@webhook-typegen/generated/spiffy';
import {
  buildCratejoyTestRequest,
  createCratejoyReceiver,
  type CratejoyReceiveFailureReason,
  type CratejoyVerifyContext,
  type Subscription,
} from '@webhook-typegen/generated/cratejoy';
import { cratejoy, spiffy } from '@webhook-typegen/generated';
import type { Equals, Expect, IsAny, IsNever } from './use.js';

declare const rawBody: Uint8Array;
declare const headersRecord: { readonly [name: string]: string | string[] | undefined };
declare const webHeaders: { get(name: string): string | null; has(name: string): boolean };
declare const webRequest: { readonly headers: typeof webHeaders; readonly body: null; arrayBuffer(): Promise<ArrayBuffer> };

const receiver = createSpiffyReceiver({ secrets: ['current', 'previous'], strict: true, maxBodyBytes: 1 << 20 });
createSpiffyReceiver({ secrets: 'one' });
// @ts-expect-error an HMAC provider's receiver needs its secret(s)
createSpiffyReceiver({});
// @ts-expect-error secrets are strings
createSpiffyReceiver({ secrets: [42] });
// @ts-expect-error Spiffy Stores signs its deliveries: no `verify` hook
createSpiffyReceiver({ secrets: 's', verify: () => true });
// @ts-expect-error a payload that does not match its model is accepted or rejected, nothing else
createSpiffyReceiver({ secrets: 's', invalidPayload: 'drop' });
// @ts-expect-error a delivery of a topic the spec does not list is accepted or rejected, nothing else
createSpiffyReceiver({ secrets: 's', unknownTopics: 'drop' });
createSpiffyReceiver({
  secrets: 's',
  invalidPayload: 'accept',
  onDrift: (report) => {
    type _Report = Expect<Equals<typeof report, SpiffyDriftReport>>;
    type _Generic = Expect<Equals<SpiffyDriftReport, DriftReport<SpiffyTopic> & { readonly shopDomain: string }>>;
    const shop: string = report.shopDomain;
    const topic: SpiffyTopic = report.topic;
    const outcome: 'accepted' | 'rejected' = report.outcome;
    const kinds: PayloadDriftKind[] = report.drift.map((d) => d.kind);
    const payload: JsonValue | undefined = report.payload;
    void topic, outcome, kinds, payload, shop;
  },
});
export type _Actions = Expect<Equals<InvalidPayloadAction, 'accept' | 'reject'>>;
export type _UnknownActions = Expect<Equals<UnknownTopicAction, 'accept' | 'reject'>>;
export type _Kinds = Expect<Equals<PayloadDriftKind, 'missing' | 'nullability' | 'retyped' | 'value' | 'precision' | 'added'>>;

export async function spiffyHandler(): Promise<number> {
  const result = await receiver.receive({ headers: headersRecord, body: rawBody });
  type _Result = Expect<Equals<typeof result, SpiffyReceiveResult>>;
  if (result.ok === false) {
    const reason: SpiffyReceiveFailureReason = result.reason;
    const issues: readonly ValidationIssue[] | undefined = result.issues;
    // @ts-expect-error the reason is named invalid_hmac for an HMAC provider
    if (result.reason === 'invalid_signature') return 0;
    // @ts-expect-error verification_failed is only for providers without a signature
    if (result.reason === 'verification_failed') return 0;
    void reason, issues;
    return result.status;
  }
  // narrowed on ok: a delivery of a topic the spec does not list is plain JSON under a topic of no known kind
  if (result.known === false) {
    type _Unknown = Expect<Equals<typeof result, SpiffyUnknownTopicDelivery>>;
    type _Valid = Expect<Equals<typeof result.valid, false>>;
    const payload: JsonValue = result.payload;
    const topic: string = result.topic;
    // code that logs every unvalidated delivery's issues and drift compiles for it too
    const issues: readonly ValidationIssue[] = result.issues;
    const drift: readonly PayloadDrift[] = result.drift;
    const shop: string = result.shopDomain;
    // @ts-expect-error an unknown topic is no Spiffy Stores topic
    const known: SpiffyTopic = result.topic;
    void payload, topic, issues, drift, shop, known;
    return 202;
  }
  // a genuine one that drifts is handed over as JSON
  if (result.valid === false) {
    type _Unvalidated = Expect<Equals<typeof result, SpiffyUnvalidatedDelivery>>;
    const payload: JsonValue = result.payload;
    const issues: readonly ValidationIssue[] = result.issues;
    const drift: readonly PayloadDrift[] = result.drift;
    const shop: string = result.shopDomain;
    if (result.topic === 'orders/create') {
      // @ts-expect-error an unvalidated payload is JSON, never the model's type
      const order: Order = result.payload;
      void order;
    }
    void payload, issues, drift, shop;
    return 200;
  }
  // narrowed on valid, then on topic
  type _Payload = Expect<Equals<typeof result.payload, SpiffyDelivery['payload']>>;
  const shop: string = result.shopDomain;
  if (result.topic === 'orders/create') {
    type _Order = Expect<Equals<typeof result.payload, Order>>;
    const price: string | null | undefined = result.payload.line_items?.[0]?.price;
    void price;
  } else if (result.topic === 'products/update') {
    const id: string = result.payload.id;
    // @ts-expect-error a Product has no line_items
    result.payload.line_items;
    void id;
  }
  // @ts-expect-error not a Spiffy Stores topic
  if (result.topic === 'orders/creat') return 0;
  void shop;
  return 200;
}

// a handler that skips the `valid` check does not compile: the payload may be unvalidated JSON
export async function unchecked(): Promise<void> {
  const result = await receiver.receive({ headers: headersRecord, body: rawBody });
  if (result.ok === true && result.topic === 'orders/create') {
    // @ts-expect-error `valid` is not checked
    const order: Order = result.payload;
    void order;
  }
}

// with invalidPayload: 'reject' there is no unvalidated delivery: such a payload is invalid_payload (422);
// with unknownTopics: 'reject' there is no unknown-topic delivery either: it is unknown_topic (400)
const rejecting = createSpiffyReceiver({ secrets: 's', invalidPayload: 'reject', unknownTopics: 'reject' });
export async function rejectingHandler(): Promise<void> {
  const result = await rejecting.receive({ headers: headersRecord, body: rawBody });
  type _Result = Expect<Equals<typeof result, SpiffyReceiveResult<never, 'reject', 'reject'>>>;
  type _Members = Expect<Equals<SpiffyReceiveResult<never, 'reject', 'reject'>, SpiffyDelivery | SpiffyReceiveFailure>>;
  if (result.ok === true) {
    type _Delivery = Expect<Equals<typeof result, SpiffyDelivery>>;
    if (result.topic === 'orders/create') {
      const order: Order = result.payload;
      void order;
    }
  }
}
// rejecting invalid payloads only, a delivery of an unknown topic may still arrive (its topic a
// string that may equal any topic): the payload is the model's once `known` (or `valid`) is checked
const rejectingInvalid = createSpiffyReceiver({ secrets: 's', invalidPayload: 'reject' });
export async function rejectingInvalidHandler(): Promise<void> {
  const result = await rejectingInvalid.receive({ headers: headersRecord, body: rawBody });
  type _Members = Expect<Equals<typeof result, SpiffyDelivery | SpiffyUnknownTopicDelivery | SpiffyReceiveFailure>>;
  if (result.ok === true && result.topic === 'orders/create') {
    // @ts-expect-error `known` is not checked: an unknown topic's payload is JSON
    const unchecked: Order = result.payload;
    void unchecked;
  }
  if (result.ok === true && result.known === true && result.topic === 'orders/create') {
    const order: Order = result.payload;
    void order;
  }
}
export type _DefaultResult = Expect<Equals<SpiffyReceiveResult, SpiffyDelivery | SpiffyUnvalidatedDelivery | SpiffyUnknownTopicDelivery | SpiffyReceiveFailure>>;
export type _UnknownFormat = Expect<Equals<SpiffyUnknownTopicDelivery['format'], 'json' | 'xml'>>;

export type _DeliveryOfTopic = Expect<Equals<SpiffyDelivery<'products/update'>['payload'], Product>>;
export type _DeliveryTopic = Expect<Equals<SpiffyDelivery<'products/update' | 'orders/create'>['topic'], 'products/update' | 'orders/create'>>;
export type _ShopDomain = Expect<Equals<SpiffyDelivery['shopDomain'], string>>;
export type _NotAny = Expect<Equals<IsAny<SpiffyDelivery['payload']>, false>>;
export type _NotNever = Expect<Equals<IsNever<SpiffyDelivery<'orders/create'>>, false>>;
export type _Reasons = Expect<
  Equals<SpiffyReceiveFailureReason, 'payload_too_large' | 'missing_header' | 'invalid_hmac' | 'unknown_topic' | 'invalid_json' | 'invalid_xml' | 'invalid_payload'>
>;
// Spiffy delivers JSON or XML: every delivery says which, and the payload type is the same
export type _Format = Expect<Equals<SpiffyDelivery['format'], 'json' | 'xml'>>;
export type _UnvalidatedFormat = Expect<Equals<SpiffyUnvalidatedDelivery['format'], 'json' | 'xml'>>;

// every header shape, and every body shape
receiver.receive({ headers: webHeaders, body: 'text' });
receiver.receive({ headers: { 'X-Spiffy-Topic': 'orders/create' }, body: new ArrayBuffer(0) });
const headersValue: ReceiveHeaders = headersRecord;
// @ts-expect-error a parsed object is not a raw body
receiver.receive({ headers: headersValue, body: { id: 1 } });
// @ts-expect-error Spiffy Stores sends the topic in a header: no `topic` input
receiver.receive({ headers: headersValue, body: rawBody, topic: 'orders/create' });
receiver.fromRequest(webRequest);

export async function signing(product: Product): Promise<TestRequest> {
  const signature: string = await signSpiffyBody(rawBody, 'secret');
  void signature;
  const request = await buildSpiffyTestRequest({ topic: 'products/update', payload: product, secret: 'secret' });
  const headers: Record<string, string> = request.headers;
  const body: string = request.body;
  void headers, body;
  // @ts-expect-error the payload must match the topic's model (a whole Product now fits Order
  // structurally: under the inference policy every Order field but id is optional, and both ids are
  // digit strings, so the Product's own `variants` is what an order cannot have)
  await buildSpiffyTestRequest({ topic: 'orders/create', payload: { id: product.id, variants: product.variants }, secret: 'secret' });
  return request;
}

// ---- a provider without a signature, topic from the route ----

const cratejoyReceiver = createCratejoyReceiver({
  verify: (context) => {
    type _Context = Expect<Equals<typeof context, CratejoyVerifyContext>>;
    const body: Uint8Array = context.body;
    const topic: string = context.topic;
    const token: string | undefined = context.header('x-token');
    void body, topic;
    return Promise.resolve(token === 'secret');
  },
});
createCratejoyReceiver();
// @ts-expect-error Cratejoy documents no signature: no secrets
createCratejoyReceiver({ secrets: 'x' });

export async function cratejoyHandler(): Promise<void> {
  const result = await cratejoyReceiver.receive({ headers: headersRecord, body: rawBody, topic: 'subscription_new' });
  if (result.ok && result.valid && result.topic === 'subscription_new') {
    type _Subscription = Expect<Equals<typeof result.payload, Subscription>>;
  }
  if (result.ok === false) {
    const reason: CratejoyReceiveFailureReason = result.reason;
    // @ts-expect-error no signature, so no invalid_hmac
    if (result.reason === 'invalid_hmac') return;
    void reason;
  }
  // @ts-expect-error the topic comes from the route: it is required
  await cratejoyReceiver.receive({ headers: headersRecord, body: rawBody });
  // @ts-expect-error the adapters need the route's topic too
  await cratejoyReceiver.fromRequest(webRequest);
  await cratejoyReceiver.fromRequest(webRequest, { topic: 'subscription_new' });
  // @ts-expect-error no signing helper without a signature
  void cratejoy.signCratejoyBody;
}

export async function cratejoyTestRequest(subscription: Subscription): Promise<string> {
  const request = await buildCratejoyTestRequest({ topic: 'subscription_new', payload: subscription });
  // @ts-expect-error nothing to sign with
  await buildCratejoyTestRequest({ topic: 'subscription_new', payload: subscription, secret: 's' });
  return request.body;
}

// the root namespace carries the receivers too
export const rootReceiver = spiffy.createSpiffyReceiver({ secrets: 's' });
