// Assertions that only hold with strictNullChecks (tsconfig.nodenext.json, tsconfig.bundler.json).

import { parseSpiffyBody, type Order } from '@webhook-typegen/generated/spiffy';
import { parseCratejoyBody, type Customer } from '@webhook-typegen/generated/cratejoy';
import type { Equals, Expect } from './use.js';

declare const body: string;

export type _CheckoutIdNullable = Expect<Equals<Order['checkout_id'], string | null | undefined>>;
const order = parseSpiffyBody('orders/paid', body);
// @ts-expect-error checkout_id may be null (or absent)
export const checkoutId: string = order.checkout_id;
export const checkoutIdOrNull: string | null | undefined = order.checkout_id;

// the inference policy (presence: optional, nulls: nullable): a field the docs sample shows with a
// value may be absent or null in a real delivery; the payload's own id is always there
export type _EmailMayBeAbsentOrNull = Expect<Equals<Order['email'], string | null | undefined>>;
export type _OrderIdAlwaysThere = Expect<Equals<Order['id'], string>>;
// @ts-expect-error email may be null or absent: check it first
export const email: string = order.email;
export const orderId: string = order.id;
// a constant that tells union members apart stays required and non-null
export type _CustomerTypeKept = Expect<Equals<Customer['type'], 'customer'>>;

// optional fields are optional
export type _OptionalUrl = Expect<Equals<Customer['url'], string | null | undefined>>;
const customer = parseCratejoyBody('customer_new', body);
// @ts-expect-error `url` is optional
export const url: string = customer.url;

// 64-bit ids are never null where the spec says they are required
export const productId: string = parseSpiffyBody('products/create', body).id;
