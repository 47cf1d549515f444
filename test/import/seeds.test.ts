/**
 * The two pages the project models, imported from scratch:
 * - Spiffy Stores: 47 topics from the resource/topic table and its 16 samples, byte for byte;
 *   the skeleton loads, and `generate` reports nothing but the hints a human must add (and
 *   succeeds once the suggested hints are uncommented).
 * - Cratejoy: the 17 events of the glued table, the single-quoted design_updated sample repaired.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/project.js';
import { CRATEJOY_SEED, lineOf, read, run, SPIFFY_SEED, type ImportResult } from './helpers.js';

/** The seed's groups, found independently of the importer: resource line, topic line, blank, block. */
function spiffyGroups(seed: string) {
  return [...seed.matchAll(/^([A-Z][A-Za-z]+)\n[ \t]*([a-z_/]+(?:, [a-z_/]+)*)[ \t]*\n\n(\{\n[\s\S]*?\n\})\n/gm)].map((m) => ({
    resource: m[1],
    topics: m[2].split(', '),
    block: m[3],
    line: seed.slice(0, m.index).split('\n').length + 3,
  }));
}

const kebab = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** Writes an import's files under <root>/spec/<provider>/. */
function writeSkeleton(root: string, provider: string, files: Map<string, string>) {
  for (const [rel, text] of files) {
    const abs = join(root, 'spec', provider, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** What a person does once every open question is checked: deletes `unconfirmed:` (and its comment) from provider.yaml. */
function confirmAll(file: string) {
  const text = read(file);
  const at = text.indexOf('# What the import could not decide.');
  expect(at, 'provider.yaml has an unconfirmed: block').toBeGreaterThan(0);
  writeFileSync(file, text.slice(0, at));
}

/** The `file:line:col: error: message` lines of a generate run. */
function errorLines(stderr: string) {
  return stderr.split('\n').filter((l) => /: error: /.test(l));
}

describe('Spiffy Stores seed', () => {
  const seed = read(SPIFFY_SEED);
  const groups = spiffyGroups(seed);
  let r: ImportResult;
  beforeAll(() => {
    r = run(seed, '../shared/seeds/003_18c970aebc8f015d.txt', 'spiffycheck');
  });

  it('the test reads 16 groups and 47 topics from the seed itself', () => {
    expect(groups).toHaveLength(16);
    expect(groups.flatMap((g) => g.topics)).toHaveLength(47);
  });

  it('finds the 47 topics of the table, in page order, and nothing else', () => {
    expect(r.report.topics.map((t) => t.topic)).toEqual(groups.flatMap((g) => g.topics));
  });

  it('writes the 16 samples verbatim, byte for byte, one model per resource line', () => {
    const samples = [...r.files.keys()].filter((f) => f.startsWith('samples/'));
    expect(samples).toHaveLength(16);
    for (const g of groups) {
      const file = `samples/${kebab(g.resource)}.json`;
      expect(r.files.get(file), file).toBe(`${g.block}\n`);
      const block = r.report.blocks.find((b) => b.file === file)!;
      expect(block.status).toBe('verbatim');
      expect(block.line).toBe(g.line);
      expect(r.files.get(`models/${g.resource}.yaml`)).toContain(`model: ${g.resource}\n`);
      for (const t of g.topics) expect(r.report.topics.find((x) => x.topic === t)?.models).toEqual([g.resource]);
    }
  });

  it('keeps the API examples (requests, responses, the 422 error) out of the skeleton', () => {
    const unpaired = r.report.blocks.filter((b) => b.topics.length === 0);
    expect(unpaired.length).toBe(r.report.blocks.length - 16);
    expect(unpaired.every((b) => b.status === 'verbatim' && !b.file)).toBe(true);
    // the 15 topics named only inside the 422 error body are not read from JSON
    expect(r.report.topics.map((t) => t.topic)).not.toContain('variants/in_stock');
  });

  it('reads the delivery headers; what the page does not say about the signature is a marked guess', () => {
    const p = r.files.get('provider.yaml')!;
    expect(p).toMatch(/^    header: X-Spiffy-Topic   # read: page line 20$/m);
    expect(p).toMatch(/^    - name: X-Spiffy-Shop-Domain   # read: page line 22\n      example: johns-apparel\.spiffystores\.com$/m);
    expect(p).toMatch(/^    header: X-Spiffy-Hmac-Sha256/m);
    expect(p).toMatch(/^    algorithm: hmac-sha256   # read: page line 21: the header name X-Spiffy-Hmac-Sha256$/m);
    expect(p).toMatch(/^    encoding: base64   # read: page line 21: the example value XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=$/m);
    expect(p).toMatch(/^    signed: raw-body   # guessed: /m);
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.signature.signed']);
  });

  it('reports 64-bit ids, strings of digits and shared samples', () => {
    const f = r.report.fields;
    expect(f).toContainEqual(expect.objectContaining({ kind: 'int64', model: 'Product', pointer: '/id', value: '327475578523353102' }));
    expect(f).toContainEqual(expect.objectContaining({ kind: 'int-string', model: 'Shop', pointer: '/zip', value: '"37178"' }));
    expect(f).toContainEqual(expect.objectContaining({ kind: 'empty-object', model: 'Cart', pointer: '/line_items/*/properties', sample: 'samples/cart.json' }));
    expect(r.report.shared).toContainEqual({ sample: 'samples/order.json', topics: ['orders/cancelled', 'orders/create', 'orders/delete', 'orders/fulfilled', 'orders/paid', 'orders/partially_fulfilled', 'orders/updated'] });
    expect(r.report.text).toContain('spec/spiffycheck/models/Product.yaml: todo: 4 integer field(s) of Product hold values above 2^53');
  });

  describe('the skeleton in a temp project', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'typegen-import-spiffy-'));
      writeSkeleton(root, 'spiffycheck', r.files);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('loads: generate reports only the open questions and "cannot type ... in every sample", exactly as the report lists them', () => {
      const res = runCli(root);
      expect(res.status, res.stdout).toBe(1);
      const all = errorLines(res.stderr);
      const open = all.filter((e) => e.includes(': error: unconfirmed: '));
      expect(open).toEqual(r.report.questions.map((q) => expect.stringMatching(new RegExp(`^spec/spiffycheck/provider\\.yaml:\\d+:3: error: unconfirmed: ${q.subject.replace(/\./g, '\\.')}: `))));
      const errors = all.filter((e) => !open.includes(e));
      const untyped = r.report.fields.filter((f) => ['null', 'empty-array', 'empty-object'].includes(f.kind));
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e).toMatch(/^spec\/spiffycheck\/samples\/[a-z-]+\.json:\d+:\d+: error: cannot type [A-Za-z]+ field \S+: it is (null|an empty array|an empty object) in every sample$/);
      const reported = errors.map((e) => /cannot type (\w+) field (\S+):/.exec(e)!.slice(1, 3).join(' ')).sort();
      expect(reported).toEqual(untyped.map((f) => `${f.model} ${f.pointer}`).sort());
    });

    it('generates once the hints suggested in the model files are uncommented and the open questions confirmed', () => {
      confirmAll(join(root, 'spec', 'spiffycheck', 'provider.yaml'));
      for (const m of r.report.models) {
        const file = join(root, 'spec', 'spiffycheck', 'models', `${m.name}.yaml`);
        const text = read(file).replace(/^# (hints:)$/m, '$1').replace(/^# ( {2}\S.*| {4}.*)$/gm, '$1');
        writeFileSync(file, text);
      }
      const res = runCli(root);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(readdirSync(join(root, 'generated'))).toContain('spiffycheck');
    });
  });
});

describe('Cratejoy seed', () => {
  const seed = read(CRATEJOY_SEED);
  let r: ImportResult;
  beforeAll(() => {
    r = run(seed, '../shared/seeds/000_0b55737183780aa7.txt', 'cratejoycheck');
  });
  const events = [
    'checkout_failed', 'customer_new', 'address_updated', 'billing_updated', 'design_updated', 'inventory_updated', 'order_updated', 'order_new', 'shipment_cancelled',
    'shipment_shipped', 'subscription_cancelled', 'subscription_new', 'subscription_renew_failed', 'subscription_renewed', 'subscription_updated', 'transaction_new', 'shipment_address_updated',
  ];

  it('finds the 17 events of the glued table, with their descriptions and payload prose', () => {
    expect(r.report.topics.map((t) => t.topic)).toEqual(events);
    expect(r.report.topics.every((t) => t.via === 'table')).toBe(true);
    const order = r.report.topics.find((t) => t.topic === 'order_new')!;
    expect(order.description).toBe('An order has been successfully placed on your store.');
    expect(order.payloadProse).toBeUndefined();
    expect(r.report.topics.find((t) => t.topic === 'subscription_updated')?.payloadProse).toBe('Subscription model indicating new subscription state');
  });

  it('repairs the single-quoted design_updated sample and reports each repair at its line', () => {
    const line = lineOf(seed, 'design_updated');
    const b = r.report.blocks.find((x) => x.topics.includes('design_updated'))!;
    expect(b).toMatchObject({ line, status: 'repaired', pairedBy: 'table row', model: 'Design', file: 'samples/design.json' });
    expect(b.repairs.map((x) => x.kind)).toEqual(['single-quotes', 'single-quotes', 'single-quotes', 'single-quotes']);
    expect(b.repairs.every((x) => x.line === line)).toBe(true);
    expect(r.files.get('samples/design.json')).toBe('{"theme_name": "mytheme", "file_changed": "html/index.html" }\n');
    expect(r.files.get('topics.yaml')).toMatch(/^ {2}design_updated:.*\n {4}resource: Design\n {4}payload: \[Design\]$/m);
    expect(r.report.text).toContain(`000_0b55737183780aa7.txt:${line}: repaired: JSON block (lines ${line}-${line}) needed 4 repair(s)`);
  });

  it('lists the other 16 events as undocumented, each with the payload the page names', () => {
    const without = r.report.topics.filter((t) => t.models.length === 0).map((t) => t.topic);
    expect(without).toEqual(events.filter((e) => e !== 'design_updated'));
    expect(r.files.get('topics.yaml')).toMatch(/^ {2}checkout_failed:.*\n(?: {4}#.*\n)+ {4}undocumented: true\n {4}description: .*\n {4}payloadProse: Customer and Order Model$/m);
    expect(r.report.text).toContain('todo: topic "customer_new" has no sample');
  });

  it('reads the delivery facts: JSON-string bodies; no signature and no topic header are guesses', () => {
    const p = r.files.get('provider.yaml')!;
    expect(p).toMatch(/^ {2}body: json-string {3}# read: page line \d+: We currently deliver payloads as escaped JSON strings/m);
    expect(p).toMatch(/^ {2}signature: none {3}# guessed: /m);
    expect(p).toMatch(/# guessed: the page names no topic header[^\n]*\n.*\n {4}route: true$/m);
    expect(p).toMatch(/^ {2}method: POST {3}# TODO: page line \d+ names POST and GET/m);
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic', 'delivery.signature']);
  });

  it('its raw skeleton fails generate with exactly its open questions, and generates once they are confirmed', () => {
    const root = mkdtempSync(join(tmpdir(), 'typegen-import-cratejoy-'));
    try {
      writeSkeleton(root, 'cratejoycheck', r.files);
      const raw = runCli(root);
      expect(raw.status).toBe(1);
      expect(errorLines(raw.stderr)).toEqual([
        expect.stringMatching(/^spec\/cratejoycheck\/provider\.yaml:\d+:3: error: unconfirmed: delivery\.topic: route: true: /),
        expect.stringMatching(/^spec\/cratejoycheck\/provider\.yaml:\d+:3: error: unconfirmed: delivery\.signature: none: /),
      ]);
      confirmAll(join(root, 'spec', 'cratejoycheck', 'provider.yaml'));
      const res = runCli(root);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
