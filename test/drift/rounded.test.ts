// Rounded-id detection from the evidence a payload carries: an exact copy of the id as text
// (admin_graphql_api_id), the same id elsewhere, or digits that only a printed double has;
// at every path (int64-hinted fields, added subtrees), never citing a rounding as evidence.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLossless } from '../../runtime/json.js';
import { bigIntegers, couldBeRounded, findRounded, isPrintedDouble } from '../../src/tools/drift/rounded.js';
import { drift } from '../../src/tools/drift/drift.js';
import { REPO } from './corpus.js';

/** Rounded occurrences of a body, as [path, example, value]. */
function rounded(text: string) {
  const exact: unknown = parseLossless(text);
  return findRounded(exact, bigIntegers(JSON.parse(text), exact)).map((o) => [o.path, o.example, o.value]);
}

// 820982911946154508 is an order id from a real delivery; JavaScript prints its double as ...500
const cases: [string, { given: string; want: (string | undefined)[][] }][] = [
  [
    'a sibling gid holds the exact id',
    {
      given: '{"id": 820982911946154500, "admin_graphql_api_id": "gid://shopify/Order/820982911946154508"}',
      want: [['/id', '/id', '820982911946154500 (the exact 820982911946154508 is in /admin_graphql_api_id)']],
    },
  ],
  [
    'the exact id elsewhere in the payload, as an integer',
    {
      given: '{"order_id": 820982911946154500, "order": {"id": 820982911946154508}}',
      want: [['/order_id', '/order_id', '820982911946154500 (the exact 820982911946154508 is at /order/id)']],
    },
  ],
  [
    'a sibling\'s text wins over text farther away',
    {
      given: '{"note": "order 820982911946154508", "line_items": [{"id": 820982911946154500, "gid": "gid://shopify/LineItem/820982911946154508"}]}',
      want: [['/line_items/*/id', '/line_items/0/id', '820982911946154500 (the exact 820982911946154508 is in /line_items/0/gid)']],
    },
  ],
  [
    'no witness: digits that only a printed double has (1 in 128 near 8e17)',
    {
      given: '{"id": 820982911946154500}',
      want: [['/id', '/id', '820982911946154500 (digits JavaScript prints for a double; a genuine id has them 1 time in 128)']],
    },
  ],
  ['the double\'s exact value (not what JavaScript prints) alone is no evidence', { given: '{"id": 820982911946154496}', want: [] }],
  [
    'the double\'s exact value with a witness is a rounding, wherever the witness is',
    {
      given: '{"a": {"id": 820982911946154496}, "b": {"gid": "gid://x/B/820982911946154508"}}',
      want: [['/a/id', '/a/id', '820982911946154496 (the exact 820982911946154508 is in /b/gid)']],
    },
  ],
  [
    'a sibling that is itself rounded is never cited (the shape rule reports it)',
    {
      given: '{"id": 820982911946154500, "legacy": "820982911946154496", "copy": 820982911946154500}',
      want: [
        ['/id', '/id', '820982911946154500 (digits JavaScript prints for a double; a genuine id has them 1 time in 128)'],
        ['/copy', '/copy', '820982911946154500 (digits JavaScript prints for a double; a genuine id has them 1 time in 128)'],
      ],
    },
  ],
  ['an exact id is not rounded, even next to its own gid', { given: '{"id": 820982911946154508, "admin_graphql_api_id": "gid://shopify/Order/820982911946154508"}', want: [] }],
  ['two genuine ids that share a double are not roundings of each other', { given: '{"a": 820982911946154508, "b": 820982911946154510}', want: [] }],
  ['a digit string (text) is never a rounding', { given: '{"id": "820982911946154500"}', want: [] }],
  ['safe integers are never roundings', { given: '{"id": 9007199254740991, "n": 4500}', want: [] }],
  ['a float is not an id', { given: '{"x": 820982911946154500.0}', want: [] }],
  [
    'inside arrays of arrays: every index is *',
    { given: '{"m": [[1, 820982911946154500]]}', want: [['/m/*/*', '/m/0/1', '820982911946154500 (digits JavaScript prints for a double; a genuine id has them 1 time in 128)']] },
  ],
];

describe('findRounded', () => {
  it.each(cases)('%s', (_, { given, want }) => expect(rounded(given)).toEqual(want));

  it('tells printed doubles and roundings apart', () => {
    expect([isPrintedDouble('820982911946154500'), couldBeRounded('820982911946154500')]).toEqual([true, true]);
    expect([isPrintedDouble('820982911946154496'), couldBeRounded('820982911946154496')]).toEqual([false, true]);
    expect([isPrintedDouble('820982911946154508'), couldBeRounded('820982911946154508')]).toEqual([false, false]);
  });

  it('bounded work: a deeply nested body does not overflow the stack', () => {
    const depth = 20_000;
    const text = '['.repeat(depth) + '820982911946154500' + ']'.repeat(depth);
    const exact: unknown = parseLossless(text);
    const found = findRounded(exact, bigIntegers(JSON.parse(text), exact));
    expect(found).toHaveLength(1);
    expect(found[0]!.example.split('/')).toHaveLength(depth + 1);
  });
});

describe('rounded ids through drift (acme test spec)', () => {
  const acmeRoot = join(REPO, 'test/fixtures');
  const sample = readFileSync(join(acmeRoot, 'spec/acme/samples/widget.json'), 'utf8');
  const run = async (body: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-rounded-'));
    mkdirSync(join(dir, 'widgets__create'));
    writeFileSync(join(dir, 'widgets__create', 'a.json'), body);
    return drift({ root: acmeRoot, provider: 'acme', inputs: [dir] });
  };

  it('at an int64-hinted field, where the rounded value passes validation', async () => {
    const body = sample.replace('327475578523353102', '327475578523353100').replace('"Left-handed widget"', '"gid://acme/Widget/327475578523353102"');
    const r = await run(body);
    expect(r.findings.map((f) => [f.kind, f.path, f.values.map((v) => v.value)])).toEqual([['rounded', '/id', ['327475578523353100 (the exact 327475578523353102 is in /name)']]]);
  });

  it('inside an added subtree', async () => {
    const body = sample.replace('"type"', '"refund": {"order_id": 820982911946154500, "admin_graphql_api_id": "gid://shopify/Refund/820982911946154508"}, "type"');
    const r = await run(body);
    expect(r.findings.map((f) => [f.kind, f.path])).toEqual([
      ['rounded', '/refund/order_id'],
      ['added', '/refund'],
    ]);
  });

  it('an exact big integer at an unhinted field is precision, not rounded', async () => {
    const body = sample.replace('"count": 2', '"count": 820982911946154508');
    const r = await run(body);
    expect(r.findings.map((f) => [f.kind, f.path, f.received])).toEqual([['precision', '/parts/*/count', 'integer above 2^53']]);
  });

  it('a big integer where the spec says string is retyped (integer), not taken for the string it parses to', async () => {
    const body = sample.replace('"price": "19.99"', '"price": 820982911946154508');
    const r = await run(body);
    expect(r.findings.map((f) => [f.kind, f.path, f.received, f.values.map((v) => v.value)])).toEqual([['retyped', '/price', 'integer', ['820982911946154508']]]);
  });
});
