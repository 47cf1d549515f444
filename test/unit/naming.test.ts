import { describe, expect, it } from 'vitest';
import { camelCase, clientTypeNames, headerFieldName, iteratorName, nestedTypeName, operationTypeName, pascalCase, resultFieldName, singular, topicTypeName } from '../../src/util/naming.js';

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

describe('resultFieldName / headerFieldName', () => {
  const cases: Case<string, [string, string]>[] = [
    ['header name', { given: 'X-Shop-Domain', want: ['xShopDomain', 'shopDomain'] }],
    ['snake case', { given: 'shop_domain', want: ['shopDomain', 'shopDomain'] }],
    ['each word lower-cased', { given: 'SHOP DOMAIN', want: ['shopDomain', 'shopDomain'] }],
    ['a leading digit gets a prefix', { given: 'X-1st-Try', want: ['x1stTry', 'header1stTry'] }],
    ['nothing left', { given: '--', want: ['header', 'header'] }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect([resultFieldName(given), headerFieldName(given)]).toEqual(want));
});

describe('client names', () => {
  const cases: Case<string, string>[] = [
    ['list + noun', { given: 'listWebhooks', want: 'iterateWebhooks' }],
    ['a word starting with list', { given: 'listings', want: 'iterateListings' }],
    ['no list prefix', { given: 'hooks', want: 'iterateHooks' }],
  ];
  it.each(cases)('iteratorName: %s', (_, { given, want }) => expect(iteratorName(given)).toBe(want));

  it('operation and provider-level types', () => {
    expect((['Query', 'Body', 'Response'] as const).map((p) => operationTypeName('listWebhooks', p))).toEqual(['ListWebhooksQuery', 'ListWebhooksBody', 'ListWebhooksResponse']);
    expect(clientTypeNames('Spiffy')).toEqual({ factory: 'createSpiffyClient', client: 'SpiffyClient', options: 'SpiffyClientOptions', error: 'SpiffyApiError', errorBody: 'SpiffyApiErrorBody' });
  });
});
