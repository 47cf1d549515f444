// Fixture overrides are typed: deep-partial objects, whole arrays, the payload type of the topic.
import { orderFixture, spiffyFixture, type Order } from '@webhook-typegen/generated/spiffy';
import { cratejoyFixture } from '@webhook-typegen/generated/cratejoy';

const order: Order = orderFixture.build({ billing_address: { city: 'Paris' }, total_price: '10.00' }, { seed: 3 });
const list: Order[] = orderFixture.buildList(2, { email: 'a@example.com' });
const sample: Order = orderFixture.sample();
const fromTopic = spiffyFixture('orders/create').build({ line_items: [] });
const sameType: Order = fromTopic;

// @ts-expect-error total_price is a string
orderFixture.build({ total_price: 10 });
// @ts-expect-error no such field on an order's billing address
orderFixture.build({ billing_address: { town: 'Paris' } });
// @ts-expect-error arrays are replaced whole: their items are full addresses (with their `type` tag), not partial ones
cratejoyFixture('customer_new').build({ addresses: [{ city: 'Paris' }] });
// (a Spiffy line item has no required field, so a line item of one field is a full one)
orderFixture.build({ line_items: [{ price: '1.00' }] });
// @ts-expect-error unknown topic
spiffyFixture('orders/creat');

const sub = cratejoyFixture('subscription_new').build({ status: 'active' });
// @ts-expect-error a Cratejoy subscription id is a 64-bit id (the id policy): a digit string, not a number
cratejoyFixture('subscription_new').build({ id: 1 });

export { order, list, sample, sameType, sub };
