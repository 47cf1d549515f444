/**
 * Subscription wildcards (`topics.yaml` `wildcards:`): patterns such as `store/cart/*` that a
 * provider's subscription API takes. They are data for subscribing, never a delivery's topic:
 * the loader checks their form and computes the listed topics each covers; the index exports
 * them (`<prefix>Wildcards`, type `<Prefix>Wildcard`); the client takes them where a topic
 * parameter goes; the catalog lists them. The acme fixture lists `widgets/*`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../src/spec/load.js';
import { generate } from '../src/generate.js';
import { REPO_ROOT } from './helpers/project.js';

const FIXTURE_SPEC = path.join(REPO_ROOT, 'test', 'fixtures', 'spec');

/** A copy of the acme fixture whose topics.yaml is `edit`ed. */
function acmeCopy(edit: (topics: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'typegen-wildcards-'));
  fs.cpSync(FIXTURE_SPEC, path.join(dir, 'spec'), { recursive: true });
  const file = path.join(dir, 'spec', 'acme', 'topics.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
  return dir;
}

describe('the loader', () => {
  it('reads each pattern with its description and the listed topics it covers', () => {
    const { providers, problems } = loadSpec(path.dirname(FIXTURE_SPEC), 'spec');
    expect(problems).toEqual([]);
    const acme = providers.find((p) => p.id === 'acme');
    expect(acme?.wildcards?.map((w) => ({ pattern: w.pattern, description: w.description, covers: w.covers }))).toEqual([
      { pattern: 'widgets/*', description: 'Every widget topic, those added later included.', covers: ['widgets/archive', 'widgets/create'] },
    ]);
  });

  it('a pattern without `*` last after a separator is a located problem; null and a map are both an entry', () => {
    const dir = acmeCopy((t) => t.replace(/wildcards:\n[\s\S]*$/, 'wildcards:\n  mystery/*:\n  widgets*:\n  widgets/create:\n  "*/create":\n'));
    try {
      const { providers, problems } = loadSpec(dir, 'spec');
      expect(problems.map((p) => [p.at.file, p.at.line, p.message, p.found])).toEqual([
        ['spec/acme/topics.yaml', expect.any(Number), 'wildcard "*/create" is not a subscription pattern', 'a `*` elsewhere, or no separator before it'],
        ['spec/acme/topics.yaml', expect.any(Number), 'wildcard "widgets*" is not a subscription pattern', 'a `*` elsewhere, or no separator before it'],
        ['spec/acme/topics.yaml', expect.any(Number), 'wildcard "widgets/create" is not a subscription pattern', 'no `*`'],
      ]);
      expect(providers.find((p) => p.id === 'acme')?.wildcards?.map((w) => [w.pattern, w.covers])).toEqual([['mystery/*', ['mystery/event']]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the generated package', () => {
  let dir: string;
  let acme: Record<string, unknown>;
  beforeAll(async () => {
    dir = acmeCopy((t) => t);
    const result = await generate({ root: dir, cache: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    acme = (await import(pathToFileURL(path.join(dir, 'generated', 'acme', 'index.js')).href)) as Record<string, unknown>;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports each pattern with the topics it covers, frozen, and no pattern among the topics', () => {
    expect(acme.acmeWildcards).toEqual({ 'widgets/*': ['widgets/archive', 'widgets/create'] });
    expect(Object.isFrozen(acme.acmeWildcards)).toBe(true);
    expect(acme.acmeTopics).not.toContain('widgets/*');
    const types = fs.readFileSync(path.join(dir, 'generated', 'acme', 'index.d.ts'), 'utf8');
    expect(types).toContain("export type AcmeWildcard = 'widgets/*';");
    expect(fs.readFileSync(path.join(dir, 'generated', 'acme', 'client.d.ts'), 'utf8')).toContain('readonly topics?: readonly (AcmeTopic | AcmeWildcard)[] | undefined;');
  });

  it('the catalog lists the pattern and what it covers', () => {
    const md = fs.readFileSync(path.join(dir, 'generated', 'catalog', 'acme.md'), 'utf8');
    expect(md).toContain('| `widgets/*` | Every widget topic, those added later included. | `widgets/archive`, `widgets/create` |');
    const html = fs.readFileSync(path.join(dir, 'generated', 'catalog', 'index.html'), 'utf8');
    expect(html).toContain('<caption>Subscription wildcards</caption>');
    expect(html).toContain('<tr><td><code>widgets/*</code></td><td>Every widget topic, those added later included.</td><td>2</td></tr>');
  });

  it('a receiver still takes only concrete topics: a delivery that names the pattern is an unknown topic', async () => {
    const receive = (await import(pathToFileURL(path.join(dir, 'generated', 'acme', 'receive.js')).href)) as Record<string, any>;
    const payload = JSON.parse(fs.readFileSync(path.join(dir, 'spec', 'acme', 'samples', 'widget.json'), 'utf8'));
    const request = await receive.buildAcmeTestRequest({ topic: 'widgets/create', payload, secret: 's' });
    const headers = { ...request.headers, 'X-Acme-Topic': 'widgets/*' };
    const rejecting = receive.createAcmeReceiver({ secrets: 's', unknownTopics: 'reject' });
    expect(await rejecting.receive({ headers, body: request.body })).toMatchObject({ ok: false, reason: 'unknown_topic' });
  });
});
