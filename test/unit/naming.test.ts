import { describe, expect, it } from 'vitest';
import { camelCase, nestedTypeName, pascalCase, singular, topicTypeName } from '../../src/util/naming.js';

type Case<G, W> = [string, { given: G; want: W }];

describe('topicTypeName', () => {
  const cases: Case<string, string>[] = [
    ['slash topic', { given: 'orders/create', want: 'OrdersCreatePayload' }],
    ['underscores inside a segment', { given: 'orders/partially_fulfilled', want: 'OrdersPartiallyFulfilledPayload' }],
    ['snake-case event', { given: 'subscription_renew_failed', want: 'SubscriptionRenewFailedPayload' }],
    ['dotted event', { given: 'invoice.payment_failed', want: 'InvoicePaymentFailedPayload' }],
    ['digits stay', { given: 'v2/orders', want: 'V2OrdersPayload' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(topicTypeName(given)).toBe(want));
});

describe('singular', () => {
  const cases: Case<string, string>[] = [
    ['plain s', { given: 'line_items', want: 'line_item' }],
    ['-ies', { given: 'properties', want: 'property' }],
    ['-sses', { given: 'addresses', want: 'address' }],
    ['-uses stays a word', { given: 'status', want: 'status' }],
    ['-ches', { given: 'batches', want: 'batch' }],
    ['already singular', { given: 'customer', want: 'customer' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(singular(given)).toBe(want));
});

describe('nestedTypeName', () => {
  const cases: Case<[string, string, boolean], string>[] = [
    ['array item is singular', { given: ['Order', 'line_items', true], want: 'OrderLineItem' }],
    ['object field keeps its name', { given: ['Order', 'billing_address', false], want: 'OrderBillingAddress' }],
    ['nested twice', { given: ['OrderLineItem', 'tax_lines', true], want: 'OrderLineItemTaxLine' }],
    ['leading underscore field', { given: ['Customer', '_md', false], want: 'CustomerMd' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(nestedTypeName(...given)).toBe(want));
});

describe('pascalCase / camelCase', () => {
  const cases: Case<string, [string, string]>[] = [
    ['provider prefix', { given: 'Spiffy', want: ['Spiffy', 'spiffy'] }],
    ['kebab id', { given: 'lemon-squeezy', want: ['LemonSqueezy', 'lemonSqueezy'] }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect([pascalCase(given), camelCase(given)]).toEqual(want));
});
