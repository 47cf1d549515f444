/**
 * The importer on five real webhook docs pages of providers not in spec/ (test/fixtures/pages/,
 * see its README for each page's source): what it finds on each, counted. Where a count can be
 * read off the page with a plain pattern, the test reads it there (the table's rows, the
 * samples' `webhook_type` values, the fences); the rest is stated with the page line it comes
 * from. Three skeletons then go through `generate` in a temp project, and for Tiendanube the
 * generated receiver takes the page's sample signed as the page's PHP example signs.
 *
 * The counts are the mechanism's, not fitted to these pages: each mechanism they use has its own
 * synthetic test (mechanisms.test.ts, "mechanisms for real pages").
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/project.js';
import { lineOf, read, run, type ImportResult } from './helpers.js';

const PAGES = join(REPO_ROOT, 'test', 'fixtures', 'pages');

/** The page lines of the JSON-looking fences of a Markdown page: the first non-blank line after an opening ```json / ```javascript / ``` fence, when it opens { or [. */
function fencedJson(page: string): number[] {
  const out: number[] = [];
  const lines = page.split('\n');
  let open = false;
  lines.forEach((l, i) => {
    if (!/^\s*```/.test(l)) return;
    open = !open;
    if (!open || !/^\s*```(json|javascript|js)?\s*$/.test(l)) return;
    let k = i + 1;
    while (k < lines.length && (lines[k] ?? '').trim() === '') k++;
    if (/^\s*[{[]/.test(lines[k] ?? '')) out.push(k + 1);
  });
  return out;
}

/** Writes an import's files into a temp project and runs generate there. */
function generateIn(provider: string, r: ImportResult, edit: (files: Map<string, string>) => void = () => {}): { root: string; status: number | null; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), `typegen-real-${provider}-`));
  const files = new Map(r.files);
  edit(files);
  for (const [rel, text] of files) {
    const abs = join(root, 'spec', provider, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  const res = runCli(root);
  return { root, status: res.status, stderr: res.stderr };
}

describe('Tiendanube (e-commerce): a Category | Events table of action lists, headings joined with " - ", a PHP signing example', () => {
  const page = read(join(PAGES, 'tiendanube-webhook.md'));
  // the table: `| App | uninstalled/suspended/resumed |` → app/uninstalled, app/suspended, app/resumed
  const tableTopics = [...page.matchAll(/^\| (\w+)\s+\| ([a-z/]+?)\s+\|$/gm)].flatMap((m) => m[2].split('/').map((a) => `${m[1].toLowerCase()}/${a}`));
  // the three data-protection webhooks, each a heading of its own
  const required = [...page.slice(page.indexOf('## Required Webhooks')).matchAll(/^### ([a-z_]+\/[a-z_]+)$/gm)].map((m) => m[1]);
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'tiendanube-webhook.md', 'nuvem');
  });

  it('the test reads 17 topics from the table (6 rows) and 3 from the headings of "Required Webhooks"', () => {
    expect(tableTopics).toHaveLength(17);
    expect(required).toEqual(['store/redact', 'customers/redact', 'customers/data_request']);
  });

  it('finds the 20 topics: the table read with the "/" the prose uses (`product/created`), then the three headings', () => {
    expect(r.report.topics.map((t) => t.topic)).toEqual([...tableTopics, ...required]);
    expect(r.report.skippedNames).toEqual([]);
  });

  it('reads 14 JSON blocks: the sample (repaired: single quotes) paired by its event field; the 3 JS-ish payloads skipped; the 10 API samples neither paired nor kept', () => {
    expect(r.report.blocks.map((b) => b.line)).toEqual(fencedJson(page));
    const sample = lineOf(page, "'store_id':123") - 1;
    expect(r.report.blocks.filter((b) => b.topics.length && b.status !== 'skipped').map((b) => [b.line, b.status, b.topics, b.pairedBy, b.file])).toEqual([[sample, 'repaired', ['product/created'], 'body field', 'samples/product.json']]);
    expect(r.report.blocks.filter((b) => b.status === 'skipped' && b.topics.length).map((b) => b.topics[0])).toEqual(required);
    const api = r.report.blocks.filter((b) => b.line > lineOf(page, '## Endpoints'));
    expect(api).toHaveLength(10);
    expect(api.every((b) => b.topics.length === 0 && b.file === undefined)).toBe(true);
    expect(r.report.models.map((m) => [m.name, m.samples])).toEqual([['Product', ['samples/product.json']]]);
  });

  it('reads the topic field /event, no envelope, and the whole signature: header name, PHP hash_hmac (hex) over php://input', () => {
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/event', samples: 1, guessed: false } });
    expect(r.report.envelope).toBeUndefined();
    const sig = r.report.delivery.signature;
    expect(sig?.header.name).toBe('X-Linkedstore-HMAC-SHA256');
    expect([sig?.algorithm.value, sig?.encoding.value, sig?.signed.value]).toEqual(['hmac-sha256', 'hex', 'raw-body']);
    expect([sig?.encoding.line, sig?.signed.line]).toEqual([lineOf(page, "return $hmac_header == hash_hmac('sha256'"), lineOf(page, "$data = file_get_contents('php://input');")]);
    expect(r.report.questions).toEqual([]);
  });

  describe('the skeleton in a temp project', () => {
    let root: string;
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('generates as it is, and its receiver takes the page sample signed as the PHP example signs it', async () => {
      const g = generateIn('nuvem', r);
      root = g.root;
      expect(g.stderr).toBe('');
      expect(g.status).toBe(0);
      const mod = (await import(pathToFileURL(join(root, 'generated', 'nuvem', 'receive.js')).href)) as Record<string, any>;
      const body = readFileSync(join(root, 'spec', 'nuvem', 'samples', 'product.json'), 'utf8');
      const receiver = mod.createNuvemReceiver({ secrets: 'app-secret', invalidPayload: 'reject' });
      const got = await receiver.receive({ headers: { 'content-type': 'application/json', 'x-linkedstore-hmac-sha256': createHmac('sha256', 'app-secret').update(body).digest('hex') }, body });
      expect(got, got.message).toMatchObject({ ok: true, valid: true, topic: 'product/created', payload: { event: 'product/created' } });
      // the ids as the generated id policy types them (digit strings), their digits as the page has them
      expect([String(got.payload.store_id), String(got.payload.id)]).toEqual(['123', '1948209']);
    });
  });
});

describe('Lago (subscription billing): topics only in the samples, whole-body payloads of several forms', () => {
  const page = read(join(PAGES, 'lago-webhook-messages.md'));
  const types = [...page.matchAll(/"webhook_type": "([^"]+)"/g)].map((m) => m[1]);
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'lago-webhook-messages.md', 'lago');
  });

  it('the test reads 16 samples, each with its webhook_type', () => {
    expect(fencedJson(page)).toHaveLength(16);
    expect(types).toHaveLength(16);
  });

  it('takes the 16 topics from the samples, each paired by its body field /webhook_type (read: 16 samples agree)', () => {
    expect(r.report.topics.map((t) => [t.topic, t.via])).toEqual(types.map((t) => [t, 'sample']));
    expect(r.report.blocks.map((b) => [b.line, b.topics, b.pairedBy])).toEqual(fencedJson(page).map((line, i) => [line, [types[i]], 'body field']));
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/webhook_type', samples: 16, guessed: false } });
  });

  it('keeps every sample (two repaired), with no envelope: each payload sits under a member that object_type names', () => {
    expect(r.report.blocks.filter((b) => b.status === 'repaired')).toHaveLength(2);
    expect(r.report.blocks.every((b) => b.file !== undefined)).toBe(true);
    expect(r.report.envelope).toBeUndefined();
  });

  it('names models after the topics\' resources, one per form of payload (the member object_type names tells the forms apart)', () => {
    expect(r.report.models.map((m) => [m.name, m.topics.length])).toEqual([
      ['Event', 1],
      ['Invoice', 6],
      ['Fee', 1],
      ['Subscription', 1],
      ['Customer', 1],
      ['CustomerCheckoutUrlGenerated', 1],
      ['CustomerPaymentProviderError', 1],
      ['InvoicePaymentFailure', 1],
      ['CreditNote', 2],
      ['CreditNoteRefundFailure', 1],
    ]);
  });

  it('asks about the signature (this page names none) and lists 23 fields that need a hint, one typed from another model\'s sample', () => {
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.signature']);
    const untyped = r.report.fields.filter((f) => f.kind === 'null');
    expect(untyped).toHaveLength(23);
    expect(untyped.filter((f) => f.evidence).map((f) => [f.model, f.pointer, f.evidence?.from])).toEqual([['Invoice', '/invoice/customer/billing_configuration/payment_provider', ['Customer /customer/billing_configuration/payment_provider']]]);
  });
});

describe('Shopware (e-commerce): one topic in prose, an array payload at data.payload beside data.event', () => {
  const page = read(join(PAGES, 'shopware-app-webhook.md'));
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'shopware-app-webhook.md', 'shopware');
  });

  it('finds the topic the prose names and the sample holds, and pairs the one sample by its body field', () => {
    expect(r.report.topics.map((t) => t.topic)).toEqual(['product.written']);
    expect(r.report.blocks.map((b) => [b.line, b.status, b.topics, b.pairedBy, b.payloadKind])).toEqual([[fencedJson(page)[0], 'verbatim', ['product.written'], 'body field', 'array']]);
    // an array payload: a model of its own kind, its sample the payload member of the verbatim sample
    expect(r.report.models.map((m) => [m.name, m.samples, m.topics])).toEqual([['Product', ['samples/product.json#/data/payload'], ['product.written']]]);
  });

  it('detects the envelope around /data/payload and the topic at /data/event (from one sample: a question)', () => {
    expect(r.report.envelope).toMatchObject({ pointer: '/data/payload', fields: ['source', 'timestamp'], samples: 1, guessed: false });
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/data/event', samples: 1, guessed: true } });
  });

  it('reads the signature header in code style, the algorithm and what is signed from the prose; the encoding is a question', () => {
    const sig = r.report.delivery.signature;
    const line = lineOf(page, 'checking the `shopware-shop-signature`');
    expect([sig?.header.name, sig?.algorithm.value, sig?.algorithm.line, sig?.signed.value, sig?.signed.line, sig?.encoding.line]).toEqual(['shopware-shop-signature', 'hmac-sha256', line, 'raw-body', line, undefined]);
    expect(r.report.delivery.headers.map((h) => h.name)).toEqual(['sw-version', 'sw-context-language', 'sw-user-language', 'shopware-shop-signature']);
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic.field', 'delivery.signature.encoding']);
  });
});

describe('WooCommerce (e-commerce): topics in prose lists, delivery headers described in words, only API samples', () => {
  const page = read(join(PAGES, 'woocommerce-webhooks.md'));
  const core = [...page.matchAll(/^\* \w+: (.+)\.$/gm)].flatMap((m) => [...m[1].matchAll(/`([a-z]+\.[a-z]+)`/g)].map((x) => x[1]));
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'woocommerce-webhooks.md', 'woo');
  });

  it('finds the 12 core topics of the prose lists', () => {
    expect(core).toHaveLength(12);
    expect(r.report.topics.map((t) => t.topic)).toEqual(core);
  });

  it('reads the topic header and every part of the signature from the page\'s words; no question', () => {
    expect(r.report.topicSource).toMatchObject({ kind: 'header', name: 'X-WC-Webhook-Topic' });
    const sig = r.report.delivery.signature;
    expect([sig?.header.name, sig?.algorithm.value, sig?.encoding.value, sig?.encoding.line, sig?.signed.value]).toEqual(['X-WC-Webhook-Signature', 'hmac-sha256', 'base64', lineOf(page, 'a base64 encoded HMAC-SHA256 hash'), 'raw-body']);
    expect(r.report.questions).toEqual([]);
  });

  it('pairs none of the 8 JSON blocks: all are requests and responses of the webhooks API', () => {
    expect(r.report.blocks).toHaveLength(8);
    expect(r.report.blocks.every((b) => b.topics.length === 0 && b.file === undefined)).toBe(true);
    expect(r.report.models).toEqual([]);
  });

  it('generates as it is: 12 topics known by name, with no documented payload', () => {
    const g = generateIn('woo', r);
    try {
      expect(g.stderr).toBe('');
      expect(g.status).toBe(0);
    } finally {
      rmSync(g.root, { recursive: true, force: true });
    }
  });
});

describe('GoCardless legacy (payments): the event is two body fields, the signature a body member', () => {
  const page = read(join(PAGES, 'gocardless-legacy-webhooks.md'));
  let r: ImportResult;
  beforeAll(() => {
    r = run(page, 'gocardless-legacy-webhooks.md', 'gocardless');
  });

  it('invents no topic: `source_id` and `source_type` are the arguments of a bill, not events', () => {
    expect(page).toContain('the `source_id` and `source_type` arguments');
    expect(r.report.topics).toEqual([]);
  });

  it('reads the 5 JSON blocks, pairs none, and asks about the topic source and the signature', () => {
    expect(r.report.blocks.map((b) => [b.line, b.status])).toEqual(fencedJson(page).map((l) => [l, 'verbatim']));
    expect(r.report.blocks.every((b) => b.topics.length === 0)).toBe(true);
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic', 'delivery.signature']);
  });
});
