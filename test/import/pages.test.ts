/**
 * The importer's counts on the two synthetic pages that reproduce the measured failures of
 * issue 15 (fixtures/store-events.md: scopes in tables with camelCase and nested segments,
 * wildcards, bullet lists sharing one sample, `//` comments, a `scope / store_id / data /
 * hash / created_at / producer` envelope; fixtures/billing-events.md: a bullet list of
 * events, samples under "Example JSON Payload" below the event's heading, an `id / name /
 * account / created_at / data` envelope, a signature header without algorithm). Every
 * expected count is read from the page by the test itself, not copied from the importer.
 * Each skeleton then goes through `generate` in a temp project, and the generated receiver
 * accepts each page sample as a delivery, the topic read from the body.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/project.js';
import { lineOf, read, run, type ImportResult } from './helpers.js';

const FIXTURES = join(REPO_ROOT, 'test', 'import', 'fixtures');

/** Writes an import's files under <root>/spec/<provider>/. */
function writeSkeleton(root: string, provider: string, files: Map<string, string>) {
  for (const [rel, text] of files) {
    const abs = join(root, 'spec', provider, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** The `file:line:col: error: message` lines of a generate run. */
function errorLines(stderr: string) {
  return stderr.split('\n').filter((l) => /: error: /.test(l));
}

interface ReceiveResult {
  ok: boolean;
  topic?: string;
  valid?: boolean;
  payload?: unknown;
  reason?: string;
  message?: string;
}
type Receiver = { receive(input: { headers: Record<string, string>; body: string }): Promise<ReceiveResult> };

/** The generated receiver factory of a provider in a temp project. */
async function receiverOf(root: string, provider: string, factory: string): Promise<(opts: Record<string, unknown>) => Receiver> {
  const mod = (await import(pathToFileURL(join(root, 'generated', provider, 'receive.js')).href)) as Record<string, unknown>;
  const create = mod[factory];
  if (typeof create !== 'function') throw new Error(`generated/${provider}/receive.js exports no ${factory}`);
  return (opts) => create(opts) as Receiver;
}

/** The page's fenced samples, read by the test: [page line of the opening brace, text]. */
function fencedSamples(page: string): { line: number; text: string }[] {
  return [...page.matchAll(/^```(?:json|js)?\n(\{[\s\S]*?\n\})\n```$/gm)].map((m) => ({ line: page.slice(0, m.index).split('\n').length + 1, text: m[1] }));
}

describe('store events page (envelope, scopes in tables, bullet-listed scopes, // comments)', () => {
  const page = read(join(FIXTURES, 'store-events.md'));
  const scopes = [...page.matchAll(/^\| `(store\/[^`]+)` \|/gm)].map((m) => m[1]);
  const concrete = scopes.filter((s) => !s.endsWith('*'));
  const wildcards = scopes.filter((s) => s.endsWith('*'));
  const samples = fencedSamples(page);
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'docs/store-events.md', 'storefront');
  });

  it('the test reads 20 concrete scopes (camelCase and nested ones among them), 4 wildcards and 10 samples from the page', () => {
    expect(concrete).toHaveLength(20);
    expect(concrete.filter((s) => /[A-Z]/.test(s))).toEqual(['store/cart/couponApplied', 'store/cart/lineItem/created', 'store/cart/lineItem/updated', 'store/cart/lineItem/deleted', 'store/order/statusUpdated', 'store/priceList/created', 'store/priceList/updated', 'store/priceList/deleted', 'store/priceList/record/created', 'store/hook/deliveryException']);
    expect(wildcards).toHaveLength(4);
    expect(samples).toHaveLength(10);
  });

  it('finds every concrete scope, in page order, and reports every wildcard at its line, writing it under wildcards:', () => {
    expect(r.report.topics.map((t) => t.topic)).toEqual(concrete);
    expect(r.report.skippedNames.map((n) => [n.text, n.line])).toEqual(wildcards.map((w) => [w, lineOf(page, `| \`${w}\``)]));
    const topicsYaml = r.files.get('topics.yaml') ?? '';
    expect([...topicsYaml.slice(topicsYaml.indexOf('\nwildcards:\n')).matchAll(/^ {2}("[^"]+"|\S+):/gm)].map((m) => (m[1].startsWith('"') ? JSON.parse(m[1]) : m[1]))).toEqual(wildcards);
  });

  it('reads and keeps every sample: the commented ones repaired, each paired with its topics', () => {
    expect(r.report.blocks.map((b) => b.line)).toEqual(samples.map((s) => s.line));
    expect(r.report.blocks.filter((b) => b.status === 'repaired').map((b) => b.line)).toEqual(samples.filter((s) => /\/\/|,\s*\n\s*[}\]]|\.\.\./.test(s.text)).map((s) => s.line));
    expect(r.report.blocks.every((b) => b.topics.length > 0 && b.file !== undefined)).toBe(true);
    for (const b of r.report.blocks.filter((x) => x.status === 'verbatim')) expect(r.files.get(b.file ?? '')).toBe(`${samples.find((s) => s.line === b.line)?.text}\n`);
  });

  it('pairs a sample with every scope of the bullet list above it', () => {
    const lists = [...page.matchAll(/take the form that follows:\n\n((?:[-*] `[^`]+`\n)+)\n```/g)].map((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((x) => x[1]));
    expect(lists).toHaveLength(5);
    const byList = r.report.blocks.filter((b) => b.pairedBy === 'bullet list').map((b) => b.topics);
    expect(byList).toEqual(lists);
    // every topic with a sample is paired (the array payload's topic included)
    expect(new Set(r.report.blocks.flatMap((b) => b.topics))).toEqual(new Set(concrete));
  });

  it('detects the envelope and the scope field, with the page lines that describe them', () => {
    expect(r.report.envelope).toMatchObject({ pointer: '/data', fields: ['scope', 'store_id', 'hash', 'created_at', 'producer'], samples: 10, line: lineOf(page, '| `data` |'), guessed: false });
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/scope', samples: 10, line: lineOf(page, '| `scope` |'), guessed: false } });
    const p = r.files.get('provider.yaml') ?? '';
    expect(p).toMatch(/^ {2}topic:\n {4}field: \/scope {3}# read: /m);
    expect(p).toMatch(/^ {2}envelope:\n {4}payload: \/data {3}# read: /m);
    expect(p).toMatch(/^ {2}signature: none {3}# read: page line \d+: Callbacks are not signed\./m);
  });

  it('models type the payload member of the verbatim samples, named without the shared store/ prefix', () => {
    expect(r.report.models.map((m) => m.name)).toEqual(['Cart', 'CartLineItem', 'Order', 'OrderMessage', 'PriceList', 'PriceListRecord', 'Hook']);
    for (const m of r.report.models) for (const s of m.samples) expect(s).toMatch(/^samples\/[a-z-]+(-\d)?\.json#\/data$/);
  });

  it('documents the array payload with a model of its own (an array model)', () => {
    const b = r.report.blocks.find((x) => x.topics.includes('store/priceList/record/created'));
    expect(b).toMatchObject({ payloadKind: 'array', file: 'samples/price-list-record.json', model: 'PriceListRecord', ref: 'samples/price-list-record.json#/data' });
    expect(r.report.topics.find((t) => t.topic === 'store/priceList/record/created')?.models).toEqual(['PriceListRecord']);
    expect(r.files.get('topics.yaml')).toMatch(/^ {2}store\/priceList\/record\/created:.*\n {4}resource: PriceListRecord\n {4}payload: \[PriceListRecord\]$/m);
  });

  it('leaves no open question: the page says everything a receiver depends on', () => {
    expect(r.report.questions).toEqual([]);
    expect(r.files.get('provider.yaml')).not.toMatch(/^unconfirmed:/m);
  });

  describe('the skeleton in a temp project', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'typegen-import-store-'));
      writeSkeleton(root, 'storefront', r.files);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('generates as it is, and the receiver accepts every page sample, the topic read from /scope', async () => {
      const res = runCli(root);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      // the wildcards are data of the generated package, each with the listed scopes it covers
      const index = (await import(pathToFileURL(join(root, 'generated', 'storefront', 'index.js')).href)) as { storefrontWildcards: Record<string, string[]> };
      expect(Object.keys(index.storefrontWildcards)).toEqual([...wildcards].sort());
      for (const [w, covered] of Object.entries(index.storefrontWildcards)) expect(covered).toEqual(concrete.filter((c) => c.startsWith(w.slice(0, -1))).sort());
      const create = await receiverOf(root, 'storefront', 'createStorefrontReceiver');
      const receiver = create({ verify: () => true });
      for (const b of r.report.blocks) {
        const body = readFileSync(join(root, 'spec', 'storefront', b.file ?? ''), 'utf8');
        const scope = (JSON.parse(body) as { scope: string }).scope;
        const got = await receiver.receive({ headers: { 'content-type': 'application/json' }, body });
        expect(got, `${b.file}: ${got.message ?? ''}`).toMatchObject({ ok: true, topic: scope, valid: b.model !== undefined });
      }
    });
  });
});

describe('billing events page (bullet list of events, samples under "Example JSON Payload", a guessed signature)', () => {
  const page = read(join(FIXTURES, 'billing-events.md'));
  const events = [...page.matchAll(/^- `([^`]+)` - /gm)].map((m) => m[1]);
  const samples = fencedSamples(page);
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'docs/billing-events.md', 'tallyho');
  });

  it('finds the 4 events of the list', () => {
    expect(events).toHaveLength(4);
    expect(r.report.topics.map((t) => t.topic)).toEqual(events);
  });

  it('pairs both samples through the heading hierarchy: an event heading, and a heading that spells the event', () => {
    expect(samples).toHaveLength(2);
    expect(r.report.blocks.map((b) => [b.line, b.topics, b.pairedBy])).toEqual([
      [samples[0].line, ['subscription.activated'], 'heading'],
      [samples[1].line, ['invoice.paid'], 'heading'],
    ]);
    expect(r.report.blocks.map((b) => r.files.get(b.file ?? ''))).toEqual(samples.map((s) => `${s.text}\n`));
  });

  it('detects the envelope around data and the name field', () => {
    expect(r.report.envelope).toMatchObject({ pointer: '/data', fields: ['id', 'name', 'account', 'created_at'], samples: 2, guessed: false });
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/name', guessed: false } });
  });

  it('marks the signature scheme as guessed and asks to confirm each part', () => {
    const p = r.files.get('provider.yaml') ?? '';
    expect(p).toMatch(/^ {4}header: Tallyho-Signature {3}# read: page line \d+$/m);
    for (const key of ['algorithm', 'encoding', 'signed']) expect(p).toMatch(new RegExp(`^ {4}${key}: \\S+ {3}# guessed: `, 'm'));
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.signature.algorithm', 'delivery.signature.encoding', 'delivery.signature.signed']);
    expect(r.report.text).toContain('- 3 open question(s); edits before `npm run generate` passes: 3 (3 entries of `unconfirmed:` to check and delete, 0 hint(s) to add)');
  });

  describe('the skeleton in a temp project', () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'typegen-import-billing-'));
      writeSkeleton(root, 'tallyho', r.files);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('does not pass as finished: generate reports each open question at its line of provider.yaml', () => {
      const res = runCli(root);
      expect(res.status).toBe(1);
      const provider = read(join(root, 'spec', 'tallyho', 'provider.yaml'));
      expect(errorLines(res.stderr)).toEqual(r.report.questions.map((q) => `spec/tallyho/provider.yaml:${lineOf(provider, `  ${q.subject}:`)}:3: error: unconfirmed: ${q.subject}: ${q.value}: ${q.why}`));
    });

    it('generates once the entries are confirmed, and the receiver takes the topic from /name inside the envelope', async () => {
      const file = join(root, 'spec', 'tallyho', 'provider.yaml');
      const text = read(file);
      writeFileSync(file, text.slice(0, text.indexOf('# What the import could not decide.')));
      const res = runCli(root);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const { createHmac } = await import('node:crypto');
      const create = await receiverOf(root, 'tallyho', 'createTallyhoReceiver');
      const receiver = create({ secrets: 'whsec' });
      for (const b of r.report.blocks) {
        const body = readFileSync(join(root, 'spec', 'tallyho', b.file ?? ''), 'utf8');
        const signature = createHmac('sha256', 'whsec').update(body).digest('base64');
        const got = await receiver.receive({ headers: { 'content-type': 'application/json', 'tallyho-signature': signature }, body });
        expect(got, got.message).toMatchObject({ ok: true, topic: b.topics[0], valid: true, payload: (JSON.parse(body) as { data: unknown }).data });
      }
    });
  });
});
