// Assertions for consumers compiling with `strict: false, strictNullChecks: false`
// (tsconfig.loose.json). Generated types that rely on strict mode can collapse to `never` here
// (a known complaint against some generated webhook typings); these lines prove that the payload
// fields keep their real types. Each `@ts-expect-error` only errors while the types still work:
// if a field were `never` or `any`, the assignment would compile and the directive would fail.

import { parseSpiffyBody, type Product, type SpiffyPayload, type SpiffyTopic } from '@webhook-typegen/generated/spiffy';
import { parseCratejoyBody } from '@webhook-typegen/generated/cratejoy';
import type { Equals, Expect, IsAny, IsNever } from './use.js';

declare const body: string;

const product = parseSpiffyBody('products/create', body);
export type _IdNotNever = Expect<Equals<IsNever<Product['id']>, false>>;
export type _IdNotAny = Expect<Equals<IsAny<Product['id']>, false>>;
export type _IdIsString = Expect<Equals<Product['id'], string>>;
export const id: string = product.id;
// @ts-expect-error Product['id'] is a string (this would compile if it were `never` or `any`)
export const idAsNumber: number = product.id;
export const variantProductId: string = product.variants[0].product_id;
// @ts-expect-error variants[].product_id is a string
export const variantProductIdAsBoolean: boolean = product.variants[0].product_id;

const order = parseSpiffyBody('orders/create', body);
export const price: string = order.line_items[0].price;
// @ts-expect-error line_items[].price is a string
export const priceAsNumber: number = order.line_items[0].price;
// nullable fields become plain `string` without strictNullChecks, not `never`
export type _CheckoutIdNotNever = Expect<Equals<IsNever<SpiffyPayload<'orders/create'>['checkout_id']>, false>>;
export const checkoutId: string = order.checkout_id;
// @ts-expect-error checkout_id is a string (or null), not a number
export const checkoutIdAsNumber: number = order.checkout_id;

// no topic's payload collapses to never
type NeverPayloadTopics = { [T in SpiffyTopic]: IsNever<SpiffyPayload<T>> extends true ? T : never }[SpiffyTopic];
export type _NoNeverPayload = Expect<Equals<NeverPayloadTopics, never>>;

// discriminated unions still narrow
const failed = parseCratejoyBody('checkout_failed', body);
if (failed.type === 'customer') {
  const email: string = failed.email;
  // @ts-expect-error narrowed to Customer, which has no total_price
  failed.total_price;
  void email;
} else {
  const total: number = failed.total_price;
  // @ts-expect-error narrowed to Order, whose total_price is a number
  const totalAsString: string = failed.total_price;
  void total, totalAsString;
}
