// Spiffy's Standard Schema objects in the frameworks that take one: Hono's `sValidator`, a
// tRPC procedure's `.input`, TanStack Form's validators. Each compiles with the schema as is,
// and each hands the handler the model type: a 64-bit id is a digit string, whatever number
// JSON.parse made of it (test/frameworks.test.ts serves Hono and tRPC over HTTP).
import { sValidator } from '@hono/standard-validator';
import { FormApi } from '@tanstack/form-core';
import { initTRPC, type inferRouterInputs } from '@trpc/server';
import { Hono } from 'hono';
import { OrderSchema, orderFixture, spiffyPayloadSchema, type Order } from '@webhook-typegen/generated/spiffy';

type Expect<T extends true> = T;
type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

// ---- Hono ----
export const app = new Hono()
  .post('/hooks/orders', sValidator('json', OrderSchema), (c) => {
    const order = c.req.valid('json');
    const id: string = order.id;
    return c.json({ id, checkout: order.checkout_id });
  })
  .post('/hooks/orders-by-topic', sValidator('json', spiffyPayloadSchema('orders/create')), (c) => {
    const order = c.req.valid('json');
    return c.json({ id: order.id });
  });
// what the frameworks read from the schema: the model type, in and out
type Types = NonNullable<(typeof OrderSchema)['~standard']['types']>;
export type _Output = Expect<Equals<Types['output'], Order>>;
export type _Input = Expect<Equals<Types['input'], Order>>;

// ---- tRPC ----
const t = initTRPC.create();
export const router = t.router({
  orderCreated: t.procedure.input(OrderSchema).mutation(({ input }) => {
    const id: string = input.id;
    // @ts-expect-error an id is a digit string, not a number
    const n: number = input.id;
    void n;
    return { id, lineItems: input.line_items?.length ?? 0 };
  }),
});
export type Router = typeof router;
export type _TrpcInput = Expect<Equals<inferRouterInputs<Router>['orderCreated'], Order>>;

// ---- TanStack Form ----
export const form = new FormApi({
  defaultValues: orderFixture.build(),
  validators: { onChange: OrderSchema, onSubmit: OrderSchema },
});
export const formId: string = form.state.values.id;
export type _FormValues = Expect<Equals<typeof form.state.values, Order>>;
