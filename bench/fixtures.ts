// The bench's inputs, built from the Spiffy samples in spec/: the Order delivery, the Product
// (64-bit ids), a 250-line-item order, an order with 5 errors, and 1 MiB bodies. Every body is
// JSON text (payloads are built from JSON, as deliveries are), and each comes with the exact
// value a lossless parse must return (bench/lib/json-reference.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaObject } from 'ajv';
import { expectedLossless, expectedUnsafeAsStrings, parseReference, stringifyReference, type RefValue } from './lib/json-reference.js';

export const MIB = 1024 * 1024;

export interface Body {
  /** what the table calls it */
  label: string;
  topic: 'orders/create' | 'products/create';
  text: string;
  /** the exact value a lossless parse must return (64-bit ids as digit strings) */
  expected: unknown;
  /** what the runtime's parseLossless must return: no model, so only integers beyond 2^53 become digit strings */
  unsafeAsStrings: unknown;
  /** what JSON.parse must return: every number a double (integers beyond 2^53 rounded) */
  rounded: unknown;
  /** integer literals beyond 2^53 in the text */
  bigInts: number;
}

export interface Inputs {
  orderSchema: SchemaObject;
  productSchema: SchemaObject;
  order: Body;
  product: Body;
  order250: Body;
  order1mb: Body;
  product1mb: Body;
  /** the Order with 5 errors, and the JSON pointers of the 5 */
  invalidOrder: Body;
  invalidPaths: string[];
}

function isSchemaObject(v: unknown): v is SchemaObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

type RefObject = { [key: string]: RefValue };

function object(v: RefValue | undefined, what: string): RefObject {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) throw new Error(`bench inputs: ${what}: expected an object, found ${v === null ? 'null' : typeof v}`);
  return v;
}

function array(v: RefValue | undefined, what: string): RefValue[] {
  if (!Array.isArray(v) || v.length === 0) throw new Error(`bench inputs: ${what}: expected a non-empty array`);
  return v;
}

function countBigInts(v: RefValue): number {
  if (typeof v === 'bigint') return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countBigInts(x), 0);
  if (v !== null && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + countBigInts(x), 0);
  return 0;
}

function rounded(v: RefValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(rounded);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

function body(label: string, topic: Body['topic'], text: string, schema: unknown): Body {
  const ref = parseReference(text);
  return { label, topic, text, expected: expectedLossless(text, schema), unsafeAsStrings: expectedUnsafeAsStrings(text), rounded: rounded(ref), bigInts: countBigInts(ref) };
}

/** `base` with its array at `key` replaced by `count` copies of its items, each with a new id. */
function withItems(base: RefObject, key: string, count: number, firstId: number): RefObject {
  const items = array(base[key], key);
  const grown: RefValue[] = [];
  for (let i = 0; i < count; i++) grown.push({ ...object(structuredClone(items[i % items.length]), `${key}/${i}`), id: firstId + i });
  return { ...base, [key]: grown };
}

/** `base` grown at `key` until its JSON text is at least `bytes` long. */
function grownTo(base: RefObject, key: string, bytes: number, firstId: number): string {
  const perItem = stringifyReference(withItems(base, key, 2, firstId)).length - stringifyReference(withItems(base, key, 1, firstId)).length;
  let count = 1;
  let text = stringifyReference(withItems(base, key, count, firstId));
  while (text.length < bytes) {
    count += Math.ceil((bytes - text.length) / perItem);
    text = stringifyReference(withItems(base, key, count, firstId));
  }
  return text;
}

export function buildInputs(repo: string): Inputs {
  const read = (p: string): string => readFileSync(join(repo, p), 'utf8');
  const schema = (model: string): SchemaObject => {
    const file = `generated/spiffy/schemas/${model}.schema.json`;
    const v: unknown = JSON.parse(read(file));
    if (!isSchemaObject(v)) throw new Error(`bench inputs: ${file}: expected a JSON Schema object`);
    return v;
  };
  const orderSchema = schema('Order');
  const productSchema = schema('Product');
  const orderText = read('spec/spiffy/samples/order.json');
  const productText = read('spec/spiffy/samples/product.json');
  const orderRef = object(parseReference(orderText), 'order.json');
  const productRef = object(parseReference(productText), 'product.json');

  const invalid = object(structuredClone(orderRef), 'order.json');
  invalid.total_price = 12.5;
  invalid.buyer_accepts_marketing = 'yes';
  invalid.created_at = 'yesterday';
  object(array(invalid.line_items, 'line_items')[0], 'line_items/0').quantity = 'two';
  object(invalid.billing_address, 'billing_address').zip = 5;
  const invalidPaths = ['/billing_address/zip', '/buyer_accepts_marketing', '/created_at', '/line_items/0/quantity', '/total_price'];

  // the 1 MiB bodies take a second to build and check: only for the processes that use them
  let order1mb: Body | undefined;
  let product1mb: Body | undefined;
  return {
    orderSchema,
    productSchema,
    order: body('Order sample', 'orders/create', orderText, orderSchema),
    product: body('Product sample (64-bit ids)', 'products/create', productText, productSchema),
    order250: body('Order, 250 line items', 'orders/create', stringifyReference(withItems(orderRef, 'line_items', 250, 900_000_000)), orderSchema),
    get order1mb(): Body {
      order1mb ??= body('Order, 1 MiB (line items)', 'orders/create', grownTo(orderRef, 'line_items', MIB, 900_000_000), orderSchema);
      return order1mb;
    },
    get product1mb(): Body {
      product1mb ??= body('Product, 1 MiB (variants, 64-bit ids)', 'products/create', grownTo(productRef, 'variants', MIB, 800_000_000), productSchema);
      return product1mb;
    },
    invalidOrder: body('Order with 5 errors', 'orders/create', stringifyReference(invalid), orderSchema),
    invalidPaths,
  };
}
