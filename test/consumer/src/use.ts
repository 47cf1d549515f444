// A downstream project's view of @webhook-typegen/generated: everything is imported through the
// package's `exports`, exactly as another project would. Compiled (never run) by
// test/typecheck.test.ts under tsconfig.nodenext.json, tsconfig.bundler.json and
// tsconfig.loose.json; this file must hold in all three (strict and non-strict) modes.
//
// Every `// @ts-expect-error` line below is a thing that must NOT compile. If the types degrade
// (to `any`, `never`, or a looser type), the directive goes unused and tsc fails with TS2578.

import {
  parseSpiffyBody,
  spiffyTopics,
  spiffyTopicModels,
  type JsonObject,
  type JsonValue,
  type Order,
  type Product,
  type SpiffyDocumentedTopic,
  type SpiffyModel,
  type SpiffyPayload,
  type SpiffyPayloadMap,
  type SpiffyTopic,
  type SpiffyUndocumentedPayload,
  type SpiffyUndocumentedTopic,
} from '@webhook-typegen/generated/spiffy';
import {
  cratejoyTopicModels,
  cratejoyTopics,
  parseCratejoyBody,
  type CratejoyModel,
  type CratejoyPayload,
  type CratejoyPayloadMap,
  type CratejoyTopic,
  type Customer as CratejoyCustomer,
  type Order as CratejoyOrder,
} from '@webhook-typegen/generated/cratejoy';
import {
  lemonSqueezyTopics,
  parseLemonSqueezyBody,
  parseLemonSqueezyEnvelope,
  type Envelope as LemonSqueezyEnvelopeModel,
  type LemonSqueezyEnvelope,
  type LemonSqueezyModel,
  type LemonSqueezyPayload,
  type LemonSqueezyPayloadMap,
  type LemonSqueezyTopic,
  type Order as LemonSqueezyOrder,
  type SubscriptionInvoice as LemonSqueezySubscriptionInvoice,
} from '@webhook-typegen/generated/lemonsqueezy';
import { cratejoy, lemonSqueezy, spiffy } from '@webhook-typegen/generated';

// ---------------------------------------------------------------------------------------------
// Type-level helpers

/** true iff A and B are the same type (not merely mutually assignable; `any` only equals `any`). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when T is `true`. */
export type Expect<T extends true> = T;
export type IsNever<T> = [T] extends [never] ? true : false;
export type IsAny<T> = 0 extends 1 & T ? true : false;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type LastOf<U> = UnionToIntersection<U extends unknown ? () => U : never> extends () => infer L ? L : never;
type UnionToTuple<U, Acc extends unknown[] = []> = [U] extends [never]
  ? Acc
  : UnionToTuple<Exclude<U, LastOf<U>>, [LastOf<U>, ...Acc]>;
/** The number of members of a union. */
export type CountOf<U> = UnionToTuple<U> extends infer T extends readonly unknown[] ? T['length'] : never;

/**
 * The paths (up to 6 levels deep) inside T whose type is `any` or `never`: `never` when T is
 * clean. Catches a payload that "collapses" (the usual failure of generated types under
 * `strictNullChecks: false`) as well as an `any` that slipped through.
 */
type Depth = [never, 0, 1, 2, 3, 4, 5, 6];
export type BadPaths<T, P extends string = '', D extends number = 6> = [D] extends [never]
  ? never
  : IsAny<T> extends true
    ? `${P}: any`
    : IsNever<T> extends true
      ? `${P}: never`
      : T extends readonly (infer E)[]
        ? BadPaths<E, `${P}[]`, Depth[D]>
        : T extends object
          ? { [K in keyof T & (string | number)]-?: BadPaths<T[K], `${P}.${K}`, Depth[D]> }[keyof T & (string | number)]
          : never;

// ---------------------------------------------------------------------------------------------
// Spiffy Stores: topics

// the topic union has exactly 62 members: 47 documented + 15 known by name only
export type _SpiffyTopicCount = Expect<Equals<CountOf<SpiffyTopic>, 62>>;
export type _SpiffyDocumentedCount = Expect<Equals<CountOf<SpiffyDocumentedTopic>, 47>>;
export type _SpiffyUndocumentedCount = Expect<Equals<CountOf<SpiffyUndocumentedTopic>, 15>>;
export type _SpiffyMapKeys = Expect<Equals<keyof SpiffyPayloadMap, SpiffyTopic>>;
export type _SpiffyTopicNotString = Expect<Equals<string extends SpiffyTopic ? true : false, false>>;

export const topics: SpiffyTopic[] = ['orders/create', 'products/update', 'app/uninstalled', 'variants/in_stock'];
// @ts-expect-error 'orders/creat' is not a Spiffy Stores topic
export const typo: SpiffyTopic = 'orders/creat';
// @ts-expect-error a Cratejoy event is not a Spiffy Stores topic
export const wrongProvider: SpiffyTopic = 'order_new';
// @ts-expect-error the topic list is read-only
spiffyTopics.push('orders/create');
export const firstTopic: SpiffyTopic | undefined = spiffyTopics[0];
export const orderModels: readonly string[] = spiffyTopicModels['orders/create'];

// ---------------------------------------------------------------------------------------------
// Spiffy Stores: payloads

declare const body: string;

// the inference policy (spec/spiffy: presence optional, nulls nullable): a field the docs show may be absent or null
export type _OrderPrice = Expect<Equals<NonNullable<NonNullable<SpiffyPayload<'orders/create'>['line_items']>[number]['price']>, string>>;
export type _OrdersCreateIsOrder = Expect<Equals<SpiffyPayload<'orders/create'>, Order>>;

// parseSpiffyBody is typed by its topic argument
const created = parseSpiffyBody('orders/create', body);
export type _ParsedOrder = Expect<Equals<typeof created, Order>>;
export const price: string | null | undefined = created.line_items?.[0]?.price;
// @ts-expect-error line_items[].price is a decimal string, not a number
export const priceAsNumber: number | null | undefined = created.line_items?.[0]?.price;
// @ts-expect-error orders have no `handle` (that is a Product field)
export const noSuchField = created.handle;
// @ts-expect-error unknown topic
parseSpiffyBody('orders/creat', body);
// @ts-expect-error the body is the raw text, not a parsed object
parseSpiffyBody('orders/create', { id: 1 });

const product = parseSpiffyBody('products/update', body);
export type _ParsedProduct = Expect<Equals<typeof product, Product>>;
export type _ProductReturnType = Expect<Equals<ReturnType<typeof parseSpiffyBody<'products/create'>>, Product>>;

// 64-bit ids are decimal strings, one static type whatever the size of the value
export type _ProductId = Expect<Equals<Product['id'], string>>;
export type _VariantProductId = Expect<Equals<NonNullable<NonNullable<Product['variants']>[number]['product_id']>, string>>;
export type _ImageProductId = Expect<Equals<NonNullable<NonNullable<Product['images']>[number]['product_id']>, string>>;
export type _OptionProductId = Expect<Equals<NonNullable<NonNullable<Product['options']>[number]['product_id']>, string>>;
export const productId: string = product.id;
// @ts-expect-error a 64-bit id is never a number
export const productIdAsNumber: number = product.id;
// @ts-expect-error a 64-bit id is not a bigint either (int64: string)
export const productIdAsBigint: bigint = product.id;

// undocumented topics: known by name, payload is an untyped JSON object
export type _InStockIsUndocumented = Expect<Equals<Extract<SpiffyUndocumentedTopic, 'variants/in_stock'>, 'variants/in_stock'>>;
export type _InStockNotDocumented = Expect<Equals<Extract<SpiffyDocumentedTopic, 'variants/in_stock'>, never>>;
export type _UndocumentedPayload = Expect<Equals<SpiffyUndocumentedPayload, JsonObject>>;
export type _InStockPayload = Expect<Equals<SpiffyPayload<'variants/in_stock'>, JsonObject>>;
const inStock = parseSpiffyBody('variants/in_stock', body);
export const anyKey: JsonValue | undefined = inStock['inventory_item_id'];
// @ts-expect-error an undocumented payload has no typed fields: `id` is a JsonValue, not a string
export const inStockId: string = inStock.id;

// a handler table keyed by topic gets each payload contextually typed
export const handlers: { [T in SpiffyTopic]?: (payload: SpiffyPayload<T>) => string } = {
  'orders/create': (order) => order.line_items?.[0]?.price ?? '',
  'products/delete': (p) => p.id,
  'variants/out_of_stock': (p) => Object.keys(p).join(),
};
export function dispatch<T extends SpiffyTopic>(topic: T, raw: string): SpiffyPayload<T> {
  return parseSpiffyBody(topic, raw);
}

// no payload of any topic, nor any field reachable from one, is `any` or `never`
export type _SpiffyModelsClean = Expect<Equals<BadPaths<SpiffyModel>, never>>;
export type _SpiffyPayloadsClean = Expect<Equals<BadPaths<SpiffyPayload>, never>>;

// ---------------------------------------------------------------------------------------------
// Cratejoy

export type _CratejoyTopicCount = Expect<Equals<CountOf<CratejoyTopic>, 17>>;
export type _CratejoyMapKeys = Expect<Equals<keyof CratejoyPayloadMap, CratejoyTopic>>;
export const cratejoyTopic: CratejoyTopic = 'checkout_failed';
// @ts-expect-error a Spiffy Stores topic is not a Cratejoy event
export const notCratejoy: CratejoyTopic = 'orders/create';
export const checkoutFailedModels: readonly string[] = cratejoyTopicModels.checkout_failed;
export const cratejoyFirst: CratejoyTopic | undefined = cratejoyTopics[0];

export type _CheckoutFailedUnion = Expect<Equals<CratejoyPayload<'checkout_failed'>, CratejoyCustomer | CratejoyOrder>>;

const failed = parseCratejoyBody('checkout_failed', body);
export type _ParsedFailed = Expect<Equals<typeof failed, CratejoyCustomer | CratejoyOrder>>;
// @ts-expect-error `num_orders` exists only on Customer: the union must be narrowed first
export const unnarrowed = failed.num_orders;
if (failed.type === 'customer') {
  type _Narrowed = Expect<Equals<typeof failed, CratejoyCustomer>>;
  const email: string | null | undefined = failed.email;
  const orders: number | null | undefined = failed.num_orders;
  // @ts-expect-error a Customer has no `total_price`
  failed.total_price;
  void email, orders;
} else {
  type _Narrowed = Expect<Equals<typeof failed, CratejoyOrder>>;
  const total: number | null | undefined = failed.total_price;
  void total;
}
// @ts-expect-error `type` is a literal discriminant: 'Customer' (capitalised) is never a value
if (failed.type === 'Customer') void 0;

export type _CratejoyModelsClean = Expect<Equals<BadPaths<CratejoyModel>, never>>;

// ---------------------------------------------------------------------------------------------
// Lemon Squeezy (topic in the body field /meta/event_name; the body is an envelope typed by its
// own model, `meta`, around the payload at /data)

export type _LemonSqueezyTopicCount = Expect<Equals<CountOf<LemonSqueezyTopic>, 16>>;
export type _LemonSqueezyMapKeys = Expect<Equals<keyof LemonSqueezyPayloadMap, LemonSqueezyTopic>>;
export const lemonSqueezyTopic: LemonSqueezyTopic = 'subscription_payment_success';
// @ts-expect-error a Cratejoy event is not a Lemon Squeezy event
export const notLemonSqueezy: LemonSqueezyTopic = 'order_new';
export const lemonSqueezyFirst: LemonSqueezyTopic | undefined = lemonSqueezyTopics[0];

export type _LsOrderCreated = Expect<Equals<LemonSqueezyPayload<'order_created'>, LemonSqueezyOrder>>;
export type _LsOrderRefunded = Expect<Equals<LemonSqueezyPayload<'order_refunded'>, LemonSqueezyOrder>>;
export type _LsPaymentFailed = Expect<Equals<LemonSqueezyPayload<'subscription_payment_failed'>, LemonSqueezySubscriptionInvoice>>;
export type _LsResourceType = Expect<Equals<LemonSqueezyOrder['type'], 'orders'>>;
// the envelope of a topic: its payload at /data, the topic itself at /meta/event_name
export type _LsEnvelopeData = Expect<Equals<LemonSqueezyEnvelope<'order_created'>['data'], LemonSqueezyOrder>>;
export type _LsEnvelopeEvent = Expect<Equals<LemonSqueezyEnvelope<'order_refunded'>['meta']['event_name'], 'order_refunded'>>;
export type _LsEnvelopeCustomData = Expect<Equals<LemonSqueezyEnvelope<'order_created'>['meta']['custom_data'], LemonSqueezyEnvelopeModel['meta']['custom_data']>>;
// without a topic, the union over every topic
export type _LsEnvelopeUnion = Expect<Equals<LemonSqueezyEnvelope['meta']['event_name'], LemonSqueezyTopic>>;
// the envelope model alone types its payload member as any JSON value
export type _LsEnvelopeModelData = Expect<Equals<LemonSqueezyEnvelopeModel['data'], JsonValue>>;

const lsOrder = parseLemonSqueezyBody('order_created', body);
export type _LsParsedOrder = Expect<Equals<typeof lsOrder, LemonSqueezyOrder>>;
export const lsTotal: number = lsOrder.attributes.total;
// @ts-expect-error money is an integer number of cents, not a string
export const lsTotalAsString: string = lsOrder.attributes.total;
// @ts-expect-error the JSON:API id of the resource is a string
export const lsIdAsNumber: number = lsOrder.id;
const lsInvoice = parseLemonSqueezyBody('subscription_payment_failed', body);
// a `*_id` integer is a 64-bit id (the provider's id policy): a digit string
export const lsSubscriptionId: string = lsInvoice.attributes.subscription_id;
// @ts-expect-error an invoice payload is not a Subscription: it has no `renews_at`
export const lsNoRenewsAt = lsInvoice.attributes.renews_at;
// @ts-expect-error unknown event
parseLemonSqueezyBody('order_creat', body);
const lsBody = parseLemonSqueezyEnvelope('order_created', body);
export type _LsParsedEnvelope = Expect<Equals<typeof lsBody, LemonSqueezyEnvelope<'order_created'>>>;
export const lsEventName: 'order_created' = lsBody.meta.event_name;
// @ts-expect-error `meta` is the envelope's, not the payload's
export const lsNoMeta = lsOrder.meta;
export const lsAnyBody: LemonSqueezyEnvelope = lsBody;

export type _LemonSqueezyModelsClean = Expect<Equals<BadPaths<LemonSqueezyModel>, never>>;

// ---------------------------------------------------------------------------------------------
// The root entry point re-exports every provider as a namespace

export type _RootSpiffy = Expect<Equals<spiffy.SpiffyPayload<'orders/create'>, Order>>;
export type _RootSpiffyTopic = Expect<Equals<spiffy.SpiffyTopic, SpiffyTopic>>;
export type _RootCratejoy = Expect<Equals<cratejoy.CratejoyPayload<'checkout_failed'>, CratejoyCustomer | CratejoyOrder>>;
export const sameParser: typeof parseSpiffyBody = spiffy.parseSpiffyBody;
export const rootParsed: Product = spiffy.parseSpiffyBody('products/create', body);
export const rootCratejoy: CratejoyOrder = cratejoy.parseCratejoyBody('order_new', body);
// @ts-expect-error the root namespace is typed too
spiffy.parseSpiffyBody('orders/creat', body);
export type _RootLemonSqueezy = Expect<Equals<lemonSqueezy.LemonSqueezyPayload<'order_created'>, LemonSqueezyOrder>>;
