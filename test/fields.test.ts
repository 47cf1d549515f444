// Webhooks registered with `fields` deliver only those top-level fields: the validators and
// the receiver check exactly those when told so.
import { describe, expect, it } from 'vitest';
import { buildSpiffyTestRequest, createSpiffyReceiver, orderFixture, validateSpiffyPayload, isSpiffyPayload, type SpiffyPayload } from '../generated/spiffy/index.js';
import { validateCratejoyPayload } from '../generated/cratejoy/index.js';

const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
const FIELDS = ['id', 'updated_at'] as const;

type Case = [string, { given: unknown; strict?: boolean; want: string[] }];
const order = orderFixture.build(undefined, { seed: 4 });
const cases: Case[] = [
  ['the registered fields only: valid', { given: pick(order, FIELDS), want: [] }],
  ['a registered field with the wrong type', { given: { ...pick(order, FIELDS), id: 'x' }, want: ['/id: expected digit string (64-bit integer), received "x"'] }],
  ['a registered required field missing', { given: { updated_at: order.updated_at }, want: ['/id: expected present (a field the webhook was registered with), received missing'] }],
  ['a registered optional field missing: fine (the inference policy makes every field but id optional)', { given: { id: '1' }, want: [] }],
  ['another field: fine by default', { given: { ...pick(order, FIELDS), email: 'a@b.c' }, want: [] }],
  ['another field in strict mode', { given: { ...pick(order, FIELDS), email: 'a@b.c' }, strict: true, want: ['/email: expected absent (not among the registered fields; strict mode), received string'] }],
  ['not an object', { given: [], want: [': expected object, received array'] }],
];

describe('validate<Provider>Payload with fields', () => {
  it.each(cases)('%s', (_, { given, strict, want }) => {
    const r = validateSpiffyPayload('orders/create', given, { fields: FIELDS, strict });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual(want.map((w) => (w.startsWith(':') ? `/${w}` : w)));
    expect(isSpiffyPayload('orders/create', given, { fields: FIELDS, strict })).toBe(want.length === 0);
  });
  it('without fields, a payload filtered to fields without id is incomplete', () => {
    expect(validateSpiffyPayload('orders/create', pick(order, ['updated_at']), { fields: ['updated_at'] }).ok).toBe(true);
    expect(validateSpiffyPayload('orders/create', pick(order, ['updated_at']))).toMatchObject({ ok: false, issues: [{ path: '/id', received: 'missing' }] });
  });
  it('a multi-model topic checks the fields of the model its discriminator names', () => {
    // @ts-expect-error CratejoyPayloadField<'checkout_failed'> is keyof (Customer | Order), the keys common to both models, narrower than the fields this validator takes (src/emit/topics.js, issue #11)
    const r = validateCratejoyPayload('checkout_failed', { type: 'order', total: 'x' }, { fields: ['type', 'total'] });
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual(['/total: expected integer | null, received string']);
  });
});

describe('a receiver told the registered fields', () => {
  it('accepts a signed delivery of only those fields, and types the payload as a Pick', async () => {
    const receiver = createSpiffyReceiver({ secrets: 'test-secret', fields: FIELDS });
    const payload = pick(order, FIELDS) as unknown as SpiffyPayload<'orders/create'>;
    const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload, secret: 'test-secret' });
    const result = await receiver.receive({ headers: request.headers, body: request.body });
    expect(result).toMatchObject({ ok: true, valid: true });
    if (result.ok && result.valid && result.topic === 'orders/create') {
      const slim: SpiffyPayload<'orders/create', 'id' | 'updated_at'> = result.payload;
      expect(slim).toEqual(pick(order, FIELDS));
    }
  });
  it('a receiver not told about fields finds a delivery of fields without id incomplete: valid: false, or invalid_payload', async () => {
    const payload = pick(order, ['updated_at']) as unknown as SpiffyPayload<'orders/create'>;
    const request = await buildSpiffyTestRequest({ topic: 'orders/create', payload, secret: 'test-secret' });
    const told = await createSpiffyReceiver({ secrets: 'test-secret', fields: ['updated_at'] }).receive({ headers: request.headers, body: request.body });
    expect(told).toMatchObject({ ok: true, valid: true });
    const result = await createSpiffyReceiver({ secrets: 'test-secret' }).receive({ headers: request.headers, body: request.body });
    expect(result).toMatchObject({ ok: true, valid: false, drift: [{ kind: 'missing', path: '/id' }] });
    const strict = await createSpiffyReceiver({ secrets: 'test-secret', invalidPayload: 'reject' }).receive({ headers: request.headers, body: request.body });
    expect(strict.ok === false && strict.reason).toBe('invalid_payload');
  });
});
