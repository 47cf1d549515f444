/**
 * `trigger` for an envelope provider (issue 15): the payload (the topic's fixture) is wrapped in
 * the provider's envelope as a verbatim envelope sample of the spec shows it, the topic is
 * written where the provider writes it (an envelope member, never a new key of the payload),
 * and the generated receiver, strict, takes the request as a valid delivery of that topic. The
 * provider is the synthetic store-events page imported into a temp project (a `scope / store_id
 * / data / hash / created_at / producer` envelope, the topic in `/scope`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocs } from '../src/tools/import/import.js';
import { loadTriggerProvider, trigger } from '../src/tools/trigger/trigger.js';
import { REPO_ROOT, runCli } from './helpers/project.js';

describe('trigger wraps the payload in the provider\'s envelope', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'typegen-trigger-envelope-'));
    const page = readFileSync(join(REPO_ROOT, 'test', 'import', 'fixtures', 'store-events.md'), 'utf8');
    const { files } = importDocs({ text: page, fileName: 'store-events.md', provider: 'storefront' });
    for (const [rel, text] of files) {
      const abs = join(root, 'spec', 'storefront', ...rel.split('/'));
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
    const res = runCli(root);
    if (res.status !== 0) throw new Error(res.stderr);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads the envelope from the first model sample that points into an envelope file', async () => {
    const p = await loadTriggerProvider(root, 'storefront');
    expect(p.envelope?.payload).toBe('/data');
    expect(p.envelope?.from).toMatch(/^spec\/storefront\/samples\/[a-z-]+\.json$/);
    const sample = JSON.parse(readFileSync(join(root, p.envelope?.from ?? ''), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(p.envelope?.members ?? {})).toEqual(Object.keys(sample));
  });

  it('the body is the envelope with the topic in /scope and the fixture at /data; the strict receiver takes it as valid', async () => {
    const p = await loadTriggerProvider(root, 'storefront');
    const index = (await import(pathToFileURL(join(root, 'generated', 'storefront', 'index.js')).href)) as Record<string, any>;
    const receive = (await import(pathToFileURL(join(root, 'generated', 'storefront', 'receive.js')).href)) as Record<string, any>;
    const receiver = receive.createStorefrontReceiver({ verify: () => true, strict: true, invalidPayload: 'reject', unknownTopics: 'reject' });
    const topics = (index.storefrontTopics as string[]).filter((t) => (index.storefrontTopicModels as Record<string, string[]>)[t]?.length);
    expect(topics.length).toBeGreaterThan(3);
    for (const topic of topics) {
      const { request } = await trigger({ root, provider: 'storefront', topic, to: 'http://127.0.0.1:9/hooks', dryRun: true });
      const body = JSON.parse(request.body) as Record<string, unknown>;
      const fixture = index.storefrontFixture(topic).build(undefined, { seed: 1 });
      // the envelope's members as the sample has them, the topic where the provider writes it
      expect(Object.keys(body).sort(), topic).toEqual(Object.keys(p.envelope?.members ?? {}).sort());
      expect(body.scope).toBe(topic);
      for (const [k, v] of Object.entries(p.envelope?.members ?? {})) if (k !== 'scope' && k !== 'data') expect(body[k], `${topic} ${k}`).toEqual(v);
      // the payload is the fixture, untouched: no topic key was written into it
      expect(Object.keys(body.data as object)).toEqual(Object.keys(fixture));
      const got = await receiver.receive({ headers: request.headers, body: request.body });
      expect(got, `${topic}: ${got.message ?? ''}`).toMatchObject({ ok: true, valid: true, known: true, topic });
    }
  });
});
