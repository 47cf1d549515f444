// The hint decisions of --absorb (src/tools/drift/evidence.ts), table-driven: which evidence
// counts, how it merges, what the hint keeps of the field's own samples, and that every hint
// describes the values its samples hold.
import { describe, expect, it } from 'vitest';
import { decide, describes, hintValue, merge, suffixScore, toPlain, untypedFields, type Evidence, type Plain, type UntypedField, type UntypedKind } from '../../src/tools/drift/evidence.js';
import type { PayloadModel, ProviderModel, Schema } from '../../src/model/types.js';

const S: Plain = { type: ['string'] };
const I: Plain = { type: ['integer'] };
const N: Plain = { type: ['number'] };
const DT: Plain = { type: ['string'], format: 'date-time' };
const obj = (props: Record<string, Plain>, required = Object.keys(props).sort()): Plain => ({ type: ['object'], properties: props, required });
const arr = (items: Plain): Plain => ({ type: ['array'], items });
const nullable = (p: Plain): Plain => ({ ...p, type: [...p.type, 'null'] });
const ev = (at: string, schema: Plain | 'union'): Evidence => {
  const [model, pointer] = at.split(' ') as [string, string];
  return { model, path: pointer.slice(1).split('/'), schema };
};
const field = (at: string, kind: UntypedKind): UntypedField => {
  const [model, pointer] = at.split(' ') as [string, string];
  return { model, path: pointer.slice(1).split('/'), kind };
};
/** What every sample holds at a field of each kind. */
const SEEN: Record<UntypedKind, unknown[]> = { null: [null], 'empty array': [[]], 'empty object': [{}], untyped: [] };

type Case = { field: UntypedField; evidence: Evidence[]; want: Plain | RegExp; from?: string[] };
const cases: [string, Case][] = [
  ['null at a root: the same name at another model\'s root types it, nullable', { field: field('Checkout /phone', 'null'), evidence: [ev('Customer /phone', S)], want: nullable(S), from: ['Customer /phone'] }],
  ['null in array items: the same name in other array items', { field: field('Checkout /line_items/*/user_id', 'null'), evidence: [ev('Refund /transactions/*/user_id', I)], want: nullable(I) }],
  ['the same name elsewhere in the same model counts', { field: field('Order /shipping_lines/*/price_set', 'null'), evidence: [ev('Order /line_items/*/price_set', obj({ amount: S }))], want: nullable(obj({ amount: S })) }],
  ['the field itself is no evidence', { field: field('Order /note', 'null'), evidence: [ev('Order /note', S)], want: /^no other field named note has a type/ }],
  [
    'a name alone does not reach across positions: an order\'s /company is not an address\'s company',
    { field: field('Order /company', 'null'), evidence: [ev('Order /billing_address/company', S), ev('Customer /addresses/*/company', S)], want: /^the fields named company that have a type sit elsewhere \(Order \/billing_address\/company, Customer \/addresses\/\*\/company\), not at a model's root/ },
  ],
  [
    'the longest shared path wins: /customer/default_address/id takes default_address/id (a Customer model\'s too), not a line item id',
    { field: field('Checkout /customer/default_address/id', 'null'), evidence: [ev('Order /line_items/*/id', S), ev('Order /customer/default_address/id', I), ev('Customer /default_address/id', I), ev('Shop /default_address/id', S)], want: nullable(I), from: ['Order /customer/default_address/id', 'Customer /default_address/id'] },
  ],
  ['a model\'s name is its root: Customer /note matches an order\'s /customer/note better than Shop /note', { field: field('Customer /note', 'null'), evidence: [ev('Shop /note', I), ev('Order /customer/note', S)], want: nullable(S), from: ['Order /customer/note'] }],
  ['a name alone across models: Cart /note from every root-level note', { field: field('Cart /note', 'null'), evidence: [ev('Checkout /note', S), ev('Order /note', nullable(S))], want: nullable(S), from: ['Checkout /note', 'Order /note'] }],
  ['evidence that disagrees is left for review, naming the fields', { field: field('Cart /token', 'null'), evidence: [ev('Checkout /token', S), ev('Order /token', I)], want: /^the fields named token disagree \(\/: string vs integer\): Checkout \/token: string; Order \/token: integer$/ }],
  ['integer and number agree as number', { field: field('Cart /total', 'null'), evidence: [ev('Checkout /total', I), ev('Order /total', N)], want: nullable(N) }],
  ['formats that agree are kept', { field: field('OrderTransaction /processed_at', 'null'), evidence: [ev('Order /processed_at', nullable(DT)), ev('Refund /processed_at', DT)], want: nullable(DT) }],
  ['formats that differ are dropped (the type still says string)', { field: field('OrderTransaction /processed_at', 'null'), evidence: [ev('Order /processed_at', DT), ev('Refund /processed_at', S)], want: nullable(S) }],
  [
    'objects merge: shared fields agree, fields only one has become optional',
    { field: field('Cart /price_set', 'null'), evidence: [ev('Checkout /price_set', obj({ amount: S, currency: S })), ev('Order /price_set', obj({ amount: S }))], want: nullable(obj({ amount: S, currency: S }, ['amount'])) },
  ],
  ['objects whose fields disagree are left for review', { field: field('Cart /price_set', 'null'), evidence: [ev('Checkout /price_set', obj({ amount: S })), ev('Order /price_set', obj({ amount: N }))], want: /disagree \(\/amount: string vs number\)/ }],
  ['a field [] everywhere takes the item type of a non-empty array of that name, and stays non-null', { field: field('Order /line_items/*/discount_allocations', 'empty array'), evidence: [ev('Fulfillment /line_items/*/discount_allocations', nullable(arr(obj({ amount: S }))))], want: arr(obj({ amount: S })) }],
  ['a scalar of the same name is no evidence for an array', { field: field('Order /duties', 'empty array'), evidence: [ev('Checkout /duties', S)], want: /^no other field named duties has a non-empty array/ }],
  ['an array that is [] elsewhere too is no evidence', { field: field('Order /duties', 'empty array'), evidence: [ev('Checkout /duties', { type: ['array'], items: { type: [] } })], want: /^no other field named duties has a non-empty array/ }],
  ['a field {} everywhere gets the fields, every one optional ({} has none of them)', { field: field('Cart /attributes', 'empty object'), evidence: [ev('Checkout /attributes', obj({ gift: S }))], want: obj({ gift: S }, []) }],
  ['the items of an always-empty (sometimes null) array: the item type of another array of that name', { field: field('Order /tax_exemptions/*', 'untyped'), evidence: [ev('Customer /tax_exemptions/*', S)], want: S }],
  ['64-bit integers stay 64-bit', { field: field('Checkout /customer/id', 'null'), evidence: [ev('Order /customer/id', { type: ['integer'], int64: true })], want: { type: ['integer', 'null'], int64: true } }],
  ['a union a hint cannot restate is left for review', { field: field('Cart /value', 'null'), evidence: [ev('Order /value', 'union')], want: /^Order \/value is a union/ }],
  ['nested parts that no hint can say (an always-empty array inside) are left for review', { field: field('Cart /meta', 'null'), evidence: [ev('Order /meta', obj({ tags: { type: ['array'], items: { type: [] } } }))], want: /^Order \/meta has no type at \/tags\/\* either$/ }],
  ['nested nulls are kept as "null" (generate then asks for them, one level down)', { field: field('Customer /consent', 'null'), evidence: [ev('Order /customer/consent', obj({ state: S, level: { type: ['null'] } }))], want: nullable(obj({ state: S, level: { type: ['null'] } })) }],
  ['nothing of that name anywhere', { field: field('Shop /myshopify_domain', 'null'), evidence: [ev('Shop /domain', S)], want: /^no other field named myshopify_domain has a type in any sample or hint$/ }],
];

describe('decide: the hint for a field every sample shows as null, [] or {}', () => {
  it.each(cases)('%s', (_, { field: f, evidence, want, from }) => {
    const d = decide(f, evidence);
    if (want instanceof RegExp) {
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.reason).toMatch(want);
      return;
    }
    expect(d.ok, d.ok ? '' : d.reason).toBe(true);
    if (!d.ok) return;
    expect(d.schema).toEqual(want);
    if (from) expect(d.from.map((e) => `${e.model} /${e.path.join('/')}`)).toEqual(from);
    // the hint describes what the samples hold at the field: types never lie about the evidence
    for (const v of SEEN[f.kind]) expect(describes(d.schema, v), JSON.stringify(v)).toBe(true);
  });

  it('is deterministic: evidence order does not change the decision', () => {
    for (const [, c] of cases) expect(JSON.stringify(decide(c.field, [...c.evidence].reverse()).ok)).toBe(JSON.stringify(decide(c.field, c.evidence).ok));
  });
});

describe('suffixScore', () => {
  const t: [string, string, number][] = [
    ['order/customer/note', 'customer/note', 2],
    ['order/note', 'customer/note', 1],
    ['order/company', 'order/billing_address/company', 0],
    ['checkout/line_items/*/user_id', 'refund/transactions/*/user_id', 1],
    ['checkout/line_items/*/user_id', 'order/user_id', 0],
    ['order/tax_exemptions/*', 'customer/tax_exemptions/*', 1],
    ['order/tax_exemptions/*', 'customer/other/*', 0],
    ['checkout/customer/default_address/id', 'order/customer/default_address/id', 3],
    ['a/x', 'a/y', 0],
  ];
  it.each(t)('%s ~ %s = %i', (a, b, n) => expect(suffixScore(a.split('/'), b.split('/'))).toBe(n));
});

describe('merge and describes', () => {
  it('merge: one 64-bit sighting makes the merged integer 64-bit; null survives from either side', () => {
    expect(merge({ type: ['integer'], int64: true }, nullable(I))).toEqual({ type: ['integer', 'null'], int64: true });
    expect(merge(arr(S), arr(I))).toEqual({ conflict: '/*: string vs integer' });
    expect(merge(S, obj({}))).toEqual({ conflict: '/: string vs object' });
  });
  const t: [string, Plain, unknown, boolean][] = [
    ['null needs "null"', S, null, false],
    ['an integer is a number', N, 3, true],
    ['a fraction is no integer', I, 1.5, false],
    ['a 64-bit id as its digit string', { type: ['integer'], int64: true }, '327475578523353102', true],
    ['a digit string is no plain integer', I, '12', false],
    ['formats are checked as the validators check them', DT, '2024-02-30T10:00:00Z', false],
    ['a valid date-time', DT, '2024-02-29T10:00:00Z', true],
    ['required fields must be there', obj({ a: S }), {}, false],
    ['optional fields may be absent', obj({ a: S }, []), {}, true],
    ['array items are checked', arr(I), [1, 'x'], false],
    ['an untyped node describes nothing', { type: [] }, 1, false],
  ];
  it.each(t)('describes: %s', (_, p, v, ok) => expect(describes(p, v)).toBe(ok));
});

describe('the plain form of built schemas, and the hint written from it', () => {
  const defs: Record<string, Schema> = { OrderCustomer: { title: 'OrderCustomer', type: 'object', properties: { id: { type: 'string', pattern: '^-?[0-9]+$', description: 'A 64-bit integer' }, email: { type: 'string', format: 'email' }, state: { type: 'string', enum: ['a', 'b'] } }, required: ['id'] } };
  it('follows $refs and [object, null] unions, turns int64 strings back into integers, drops names, descriptions, enums and unknown formats', () => {
    const node: Schema = { anyOf: [{ $ref: '#/$defs/OrderCustomer' }, { type: 'null' }], description: 'The customer' };
    expect(toPlain(node, defs)).toEqual({ type: ['object', 'null'], properties: { id: { type: ['integer'], int64: true }, email: S, state: S }, required: ['id'] });
    expect(toPlain({ anyOf: [{ type: 'string' }, { type: 'string', format: 'date' }] }, defs)).toBe('union');
    expect(toPlain({ type: 'object', properties: {}, additionalProperties: { type: 'string' } }, defs)).toBe('union');
  });
  it('hintValue: type as one name or a list, nested 64-bit integers listed for int64 hints of their own', () => {
    const p: Plain = { type: ['object', 'null'], properties: { id: { type: ['integer'], int64: true }, items: arr({ type: ['integer'], int64: true }) }, required: ['id'] };
    expect(hintValue(p)).toEqual({
      value: { type: ['object', 'null'], properties: { id: { type: 'integer' }, items: { type: 'array', items: { type: 'integer' } } }, required: ['id'] },
      int64: [['id'], ['items', '*']],
    });
    expect(hintValue({ type: ['integer', 'null'], int64: true }).value).toEqual({ type: ['integer', 'null'], int64: 'string' });
  });
  it('untypedFields finds what generate reports: null, [] and {} everywhere, outermost only', () => {
    const model = {
      name: 'Order',
      defs: {},
      sampleFiles: [],
      sampleValues: [],
      schema: { type: 'object', properties: { a: { type: 'null' }, b: { type: 'array', items: {} }, c: { type: 'object', properties: {} }, d: { type: ['array', 'null'], items: {} }, e: { type: 'object', properties: { f: { type: 'null' } } } } },
    } as unknown as PayloadModel;
    const p = { models: [model] } as unknown as ProviderModel;
    expect(untypedFields(p).map((f) => `${f.path.join('/')} ${f.kind}`)).toEqual(['a null', 'b empty array', 'c empty object', 'd/* untyped', 'e/f null']);
  });
});
