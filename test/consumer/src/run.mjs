// Plain Node ESM (no TypeScript, no loader): proves @webhook-typegen/generated is importable at
// runtime through its package.json `exports` from Node 20, with zero dependencies.
// test/typecheck.test.ts links node_modules/@webhook-typegen/generated before running this.
// Prints one `ok ...` line per check; exits non-zero (assert) on the first failure.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseSpiffyBody, spiffyTopics, spiffyTopicModels } from '@webhook-typegen/generated/spiffy';
import { parseCratejoyBody, cratejoyTopics, cratejoyTopicModels } from '@webhook-typegen/generated/cratejoy';
import { spiffy, cratejoy } from '@webhook-typegen/generated';

const resolved = import.meta.resolve('@webhook-typegen/generated/spiffy');
assert.match(resolved, /\/spiffy\/index\.js$/);
console.log(`ok resolve @webhook-typegen/generated/spiffy -> ${resolved.replace(/^.*\/generated\//, 'generated/')}`);

const ID = '327475578523353102'; // > 2^53: JSON.parse would make it 327475578523353100
const product = parseSpiffyBody(
  'products/update',
  `{"id":${ID},"title":"T","variants":[{"id":1,"product_id":${ID}}],"images":[],"options":[]}`,
);
assert.equal(product.id, ID);
assert.equal(typeof product.id, 'string');
assert.equal(product.variants[0].product_id, ID);
assert.equal(product.variants[0].id, '1'); // an `id` is a 64-bit id (the provider's id policy)
console.log(`ok parseSpiffyBody keeps every digit: ${product.id}`);

const small = parseSpiffyBody('products/update', '{"id":42,"variants":[]}');
assert.equal(small.id, '42');
console.log('ok a small 64-bit id is a string too: "42"');

assert.equal(spiffyTopics.length, 62);
assert.deepEqual(spiffyTopicModels['orders/create'], ['Order']);
assert.ok(Object.isFrozen(spiffyTopics));
console.log(`ok spiffyTopics: ${spiffyTopics.length}`);

const payload = { id: 7, type: 'customer', email: 'a@example.com' };
const escaped = JSON.stringify(JSON.stringify(payload));
const parsed = { ...payload, id: '7' }; // the id as a digit string (the id policy)
assert.deepEqual(parseCratejoyBody('checkout_failed', escaped), parsed);
assert.deepEqual(parseCratejoyBody('checkout_failed', JSON.stringify(payload)), parsed);
assert.equal(cratejoyTopics.length, 17);
assert.deepEqual(cratejoyTopicModels.checkout_failed, ['Customer', 'Order']);
console.log('ok parseCratejoyBody decodes an escaped JSON string body and a plain one');

assert.equal(spiffy.parseSpiffyBody, parseSpiffyBody);
assert.equal(cratejoy.parseCratejoyBody, parseCratejoyBody);
console.log('ok root namespaces: spiffy, cratejoy');

const schemaUrl = import.meta.resolve('@webhook-typegen/generated/spiffy/schemas/Product.schema.json');
const schema = JSON.parse(await readFile(fileURLToPath(schemaUrl), 'utf8'));
assert.equal(schema.title, 'Product');
// a 64-bit id: an integer (what JSON.parse gives) or its digit string (what parseSpiffyBody gives)
assert.deepEqual(schema.properties.id.anyOf, [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }]);
console.log('ok schema export: spiffy/schemas/Product.schema.json');
