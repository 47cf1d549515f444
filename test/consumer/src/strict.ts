// Assertions that only hold with strictNullChecks (tsconfig.nodenext.json, tsconfig.bundler.json).

import { parseSpiffyBody, type Order } from '@webhook-typegen/generated/spiffy';
import { parseCratejoyBody, type Customer } from '@webhook-typegen/generated/cratejoy';
import type { Equals, Expect } from './use.js';

declare const body: string;

export type _CheckoutIdNullable = Expect<Equals<Order['checkout_id'], string | null>>;
const order = parseSpiffyBody('orders/paid', body);
// @ts-expect-error checkout_id may be null
export const checkoutId: string = order.checkout_id;
export const checkoutIdOrNull: string | null = order.checkout_id;

// optional fields are optional
export type _OptionalUrl = Expect<Equals<Customer['url'], string | undefined>>;
const customer = parseCratejoyBody('customer_new', body);
// @ts-expect-error `url` is optional
export const url: string = customer.url;

// 64-bit ids are never null where the spec says they are required
export const productId: string = parseSpiffyBody('products/create', body).id;
