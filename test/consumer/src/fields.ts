// Payloads of webhooks registered with `fields`: a Pick of the full payload, in types and at runtime.
import { createSpiffyReceiver, validateSpiffyPayload, type SpiffyPayload } from '@webhook-typegen/generated/spiffy';

type Slim = SpiffyPayload<'orders/create', 'id' | 'updated_at'>;
declare const slim: Slim;
const id: string = slim.id;
const updated: string | null | undefined = slim.updated_at;
// @ts-expect-error email was filtered out
slim.email;
// @ts-expect-error not a field of an order
type Bad = SpiffyPayload<'orders/create', 'nope'>;

const receiver = createSpiffyReceiver({ secrets: 's', fields: ['id', 'updated_at'] });
export async function handle(body: Uint8Array, headers: Record<string, string>) {
  const result = await receiver.receive({ headers, body });
  if (result.ok === true && result.valid === true && result.topic === 'orders/create') {
    const n: string = result.payload.id;
    // @ts-expect-error the receiver was told the webhook delivers only id and updated_at
    result.payload.line_items;
    return n;
  }
  return undefined;
}

const r = validateSpiffyPayload('orders/create', {}, { fields: ['id'] });
if (r.ok) {
  const x: string = r.value.id;
  // @ts-expect-error filtered out
  r.value.total_price;
  void x;
}
export { id, updated };
export type { Bad };
