// The spec checks of envelope models and of payloads that are not objects (src/spec/envelope.ts,
// src/spec/models.ts): each broken variant of test/fixtures-envelope/spec/storefront is one
// located problem that says what was expected and what was found.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'test', 'fixtures-envelope', 'spec');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The fixture with some files replaced (relative to spec/storefront), loaded; its problems as `file:line: message`. */
function problemsWith(edits: Record<string, (text: string) => string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-envelope-spec-'));
  dirs.push(dir);
  fs.cpSync(fixture, path.join(dir, 'spec'), { recursive: true });
  for (const [rel, edit] of Object.entries(edits)) {
    const file = path.join(dir, 'spec', 'storefront', rel);
    fs.writeFileSync(file, edit(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''));
  }
  return loadSpec(dir).problems.map((p) => `${p.at.file}:${p.at.line ?? 0}: ${p.message}${p.fix ? ` | ${p.fix.split('\n')[0]}` : ''}`);
}

describe('envelope models and payload kinds in the spec', () => {
  it('the fixture itself loads cleanly, its envelope model named', () => {
    const { providers, problems } = loadSpec(path.dirname(fixture));
    expect(problems).toEqual([]);
    expect(providers[0]?.delivery.envelope).toMatchObject({ payload: '/data', model: 'Envelope' });
    expect(providers[0]?.delivery.envelope?.modelAt).toEqual({ file: 'spec/storefront/provider.yaml', line: 21, col: 12 });
  });

  const cases: [string, Record<string, (t: string) => string>, string][] = [
    ['an envelope model that does not exist', { 'provider.yaml': (t) => t.replace('model: Envelope', 'model: Envelop') }, 'spec/storefront/provider.yaml:21: the envelope model "Envelop" does not exist | did you mean "Envelope"? Otherwise add spec/storefront/models/Envelop.yaml with whole bodies as its samples'],
    ['an envelope model that is not a string', { 'provider.yaml': (t) => t.replace('model: Envelope', 'model: [Envelope]') }, 'spec/storefront/provider.yaml:21: `delivery.envelope.model` has the wrong type | write `model` as a non-empty string (see spec/README.md)'],
    ['an unknown key beside payload and model', { 'provider.yaml': (t) => t.replace('model: Envelope', 'model: Envelope\n    fields: [scope]') }, 'spec/storefront/provider.yaml:22: unknown key `fields` in delivery.envelope | remove it (see spec/README.md for the format)'],
    [
      'the envelope model also a payload',
      { 'topics.yaml': (t) => t.replace('payload: [CartToken]', 'payload: [Envelope]') },
      'spec/storefront/provider.yaml:21: the envelope model "Envelope" is also the payload of topic "store/cart/converted" | give the topics the model of the member at /data (its samples can be `samples/<file>.json#/data`)',
    ],
    [
      'an envelope sample without the payload member',
      { 'samples/cart-converted.json': (t) => t.replace('"data": "cart-0c7b2e",\n', '') },
      'spec/storefront/samples/cart-converted.json:1: a sample of the envelope model "Envelope" has no payload at /data | list whole delivery bodies under spec/storefront/models/Envelope.yaml `samples:`, or correct `delivery.envelope.payload`',
    ],
    [
      'an envelope sample without the topic (a body field of the envelope)',
      { 'samples/product-updated.json': (t) => t.replace('"scope": "store/product/updated",\n', '') },
      "spec/storefront/samples/product-updated.json:1: a sample of the envelope model \"Envelope\" has no topic at /scope | list whole delivery bodies as the envelope model's samples, or correct `delivery.topic.field`",
    ],
    [
      'an envelope sample that is not an object',
      { 'models/Envelope.yaml': (t) => t.replace('  - samples/cart-converted.json\n', '  - samples/price-records-updated.json#/data\n') },
      'spec/storefront/samples/price-records-updated.json#/data:1: the samples of one model are of one kind: this one is a JSON array, the first (spec/storefront/samples/product-updated.json) a JSON object | give payloads of another kind a model of their own',
    ],
    [
      'samples of one model of two kinds',
      { 'models/CartToken.yaml': (t) => t.replace('  - samples/cart-converted.json#/data\n', '  - samples/cart-converted.json#/data\n  - samples/product-updated.json#/data\n') },
      'spec/storefront/samples/product-updated.json#/data:1: the samples of one model are of one kind: this one is a JSON object, the first (spec/storefront/samples/cart-converted.json#/data) a JSON scalar (a string, number, boolean or null) | give payloads of another kind a model of their own',
    ],
    [
      'an array payload of a provider that also delivers XML',
      { 'provider.yaml': (t) => t.replace(/ {2}envelope:\n {4}payload: \/data\n {4}model: Envelope\n/, '  formats:\n    json: [application/json]\n    xml: [application/xml]\n').replace('field: /scope', 'header: X-Storefront-Topic').replace('  headers:\n', '  headers:\n    - name: X-Storefront-Topic\n') },
      'spec/storefront/models/CartToken.yaml:1: model "CartToken" is a JSON scalar, and the provider delivers XML bodies too | remove `xml` from `delivery.formats`, or model the payload as an object',
    ],
  ];
  it.each(cases)('%s', (_, edits, want) => {
    const problems = problemsWith(edits);
    expect(problems, problems.join("\n")).toContain(want);
  });
});
