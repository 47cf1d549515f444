// Drift between captured payloads and the spec: every kind of finding, grouping, topics from
// flags, headers and directories, the three output formats, --write-samples and the CLI.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { drift, loadProviderModel, readCaptures, writeSamples, type DriftKind } from '../src/tools/drift/drift.js';
import { formatReport } from '../src/tools/drift/format.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const acmeRoot = join(repo, 'test/fixtures');
const widget = () => JSON.parse(readFileSync(join(acmeRoot, 'spec/acme/samples/widget.json'), 'utf8').replace(/327475578523353102/, '"327475578523353102"')) as Record<string, any>;
const asBody = (v: unknown) => JSON.stringify(v).replace(/"327475578523353102"/, '327475578523353102');

function captureDir(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'drift-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

type Want = { kind: DriftKind; path: string; expected?: string; received?: string; values?: string[]; fix?: RegExp };
const cases: [string, { given: (w: Record<string, any>) => unknown; want: Want[] }][] = [
  ['the sample itself: no drift', { given: (w) => w, want: [] }],
  ['added field', { given: (w) => ({ ...w, weight_kg: 2 }), want: [{ kind: 'added', path: '/weight_kg', expected: 'absent', received: 'integer', values: ['2'], fix: /add a sample that has it/ }] }],
  ['missing required field', { given: ({ name: _, ...w }) => w, want: [{ kind: 'missing', path: '/name', expected: 'string', received: 'absent', fix: /`\/name: \{ optional: true \}`/ }] }],
  ['retyped field', { given: (w) => ({ ...w, price: 19.99 }), want: [{ kind: 'retyped', path: '/price', expected: 'string | null', received: 'number', fix: /type: \[string, number, "null"\]/ }] }],
  ['null where never null', { given: (w) => ({ ...w, name: null }), want: [{ kind: 'nullability', path: '/name', expected: 'string', received: 'null', fix: /nullable: true/ }] }],
  ['value outside the enum', { given: (w) => ({ ...w, color: 'blue' }), want: [{ kind: 'value', path: '/color', expected: '"red" | "green" | null', received: 'a value outside the enum', values: ['"blue"'], fix: /enum: \["red", "green", "blue"\]/ }] }],
  ['not the documented format', { given: (w) => ({ ...w, created_at: 'yesterday' }), want: [{ kind: 'value', path: '/created_at', expected: 'date-time string', received: 'string, not a valid date-time', values: ['"yesterday"'] }] }],
  // the generated validators check the calendar: so does drift
  ['a date-time that is not a calendar date', { given: (w) => ({ ...w, created_at: '2024-02-30T10:00:00Z' }), want: [{ kind: 'value', path: '/created_at', expected: 'date-time string', values: ['"2024-02-30T10:00:00Z"'] }] }],
  ['a leap day is a date', { given: (w) => ({ ...w, created_at: '2024-02-29T10:00:00Z' }), want: [] }],
  [
    'nested arrays of objects: indices become *',
    {
      given: (w) => ({ ...w, parts: [{ sku: 'A', count: 1 }, { sku: 'B', count: '2', extra: true }] }),
      want: [
        { kind: 'added', path: '/parts/*/extra', received: 'boolean', values: ['true'] },
        { kind: 'retyped', path: '/parts/*/count', expected: 'integer | null', received: 'string', values: ['"2"'] },
      ],
    },
  ],
];

describe('drift findings (acme test spec, topic widgets/create)', () => {
  it.each(cases)('%s', async (_, { given, want }) => {
    const dir = captureDir({ 'one.json': asBody(given(widget())) });
    const r = await drift({ root: acmeRoot, provider: 'acme', topic: 'widgets/create', inputs: [dir] });
    expect(r.errors).toEqual([]);
    expect(r.payloads).toBe(1);
    expect(r.findings).toHaveLength(want.length);
    for (const w of want) {
      const f = r.findings.find((x) => x.kind === w.kind && x.path === w.path);
      expect(f, `${w.kind} ${w.path} in ${JSON.stringify(r.findings, null, 1)}`).toBeDefined();
      if (w.expected) expect(f!.expected).toBe(w.expected);
      if (w.received) expect(f!.received).toBe(w.received);
      if (w.values) expect(f!.values.map((v) => v.value)).toEqual(w.values);
      if (w.fix) expect(f!.fix).toMatch(w.fix);
    }
    expect(r.drift).toBe(want.length > 0);
  });

  it('precision: an integer above 2^53 where no int64 hint keeps it exact', async () => {
    const dir = captureDir({ 'one.json': asBody(widget()).replace('"count":2', '"count":12345678901234567890') });
    const r = await drift({ root: acmeRoot, provider: 'acme', topic: 'widgets/create', inputs: [dir] });
    expect(r.findings.map((f) => [f.kind, f.path, f.received, f.values.map((v) => v.value)])).toEqual([['precision', '/parts/*/count', 'integer above 2^53', ['12345678901234567890']]]);
    expect(r.findings[0]!.fix).toMatch(/int64: string/);
  });

  it('precision: an id rounded before capture, next to a sibling that has the exact digits', async () => {
    const w = { ...widget(), id: 1, name: 'gid://acme/Widget/327475578523353102' };
    const body = asBody(w).replace('"id":1', '"id":327475578523353100');
    const r = await drift({ root: acmeRoot, provider: 'acme', topic: 'widgets/create', inputs: [captureDir({ 'a.json': body })] });
    expect(r.findings.map((f) => [f.kind, f.path, f.received, f.values.map((v) => v.value)])).toEqual([
      ['rounded', '/id', 'an integer rounded before capture', ['327475578523353100 (the exact 327475578523353102 is in /name)']],
    ]);
  });

  it('groups findings across files by kind, topic and path (never by value) and counts payloads; --allow lets a kind pass', async () => {
    const w = widget();
    const dir = captureDir({ 'widgets__create/1.json': asBody({ ...w, x: 1 }), 'widgets__create/2.json': asBody({ ...w, x: 'y' }), 'widgets__create/3.json': asBody({ ...w, x: 2 }) });
    const r = await drift({ root: acmeRoot, provider: 'acme', inputs: [dir], allow: ['added'] });
    expect(r.findings.map((f) => [f.kind, f.path, f.received, f.count])).toEqual([['added', '/x', 'string | integer', 3]]);
    expect(r.findings[0]!.values.map((v) => [v.value, v.count])).toEqual([['"y"', 1], ['1', 1], ['2', 1]]);
    expect(r.drift).toBe(false);
    const r2 = await drift({ root: acmeRoot, provider: 'acme', inputs: [captureDir({ 'widgets__create/1.json': asBody({ ...w, x: 1 }), 'widgets__create/2.json': asBody({ ...w, x: 1 }) })] });
    expect(r2.findings.map((f) => f.count)).toEqual([2]);
    expect(r2.findings[0]!.files).toHaveLength(2);
  });

  it('topic from the capture header; unknown topics are drift of their own kind, non-JSON bodies are reported, not thrown', async () => {
    const dir = captureDir({
      'a.json': JSON.stringify({ headers: { 'X-Acme-Topic': 'widgets/create' }, body: asBody({ ...widget(), extra: 1 }) }),
      'b.json': JSON.stringify({ headers: { 'x-acme-topic': 'widgets/creat' }, body: asBody(widget()) }),
      'b2.json': JSON.stringify({ headers: { 'x-acme-topic': 'widgets/creat' }, body: asBody(widget()) }),
      'c.txt': 'not json',
    });
    const r = await drift({ root: acmeRoot, provider: 'acme', inputs: [dir] });
    expect(r.findings.map((f) => [f.kind, f.topic, f.path, f.count, f.values.map((v) => v.value)])).toEqual([
      ['unknown-topic', 'widgets/creat', '', 2, ['widgets/creat']],
      ['added', 'widgets/create', '/extra', 1, ['1']],
    ]);
    const unknown = r.findings[0]!;
    const acme = await loadProviderModel(acmeRoot, 'acme');
    expect([unknown.model, unknown.expected, unknown.received]).toEqual(['', `one of the ${acme.topics.length} topics of ${acme.specDir}/topics.yaml`, 'a topic the spec does not list']);
    expect(unknown.fix).toMatch(/^add "widgets\/creat" to \S+\/topics\.yaml \(`undocumented: true` until a model describes its payload\); or, if the capture's topic is a typo, did you mean "widgets\/create"\?$/);
    expect(r.summary.kinds.map((k) => [k.kind, k.payloads])).toEqual([['unknown-topic', 2], ['added', 1]]);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^not JSON: /)]);
    // --allow accepts them: only the non-JSON input still counts
    const allowed = await drift({ root: acmeRoot, provider: 'acme', inputs: [captureDir({ 'b.json': JSON.stringify({ headers: { 'x-acme-topic': 'widgets/creat' }, body: asBody(widget()) }) })], allow: ['unknown-topic'] });
    expect([allowed.findings.map((f) => f.kind), allowed.drift]).toEqual([['unknown-topic'], false]);
    const counted = await drift({ root: acmeRoot, provider: 'acme', inputs: [captureDir({ 'b.json': JSON.stringify({ headers: { 'x-acme-topic': 'widgets/creat' }, body: asBody(widget()) }) })] });
    expect(counted.drift).toBe(true);
    const noTopic = await drift({ root: acmeRoot, provider: 'acme', inputs: [captureDir({ 'x.json': asBody(widget()) })] });
    expect(noTopic.errors[0]!.message).toMatch(/^no topic: give --topic, a X-Acme-Topic header in the capture, or put the file under a directory named after the topic/);
  });
});

describe('drift on the real Cratejoy spec', () => {
  it('a capture whose body is an escaped JSON string is decoded, and compared as the route\'s event', async () => {
    const text = readFileSync(join(repo, 'spec/cratejoy/samples/subscription.json'), 'utf8');
    const value = JSON.parse(text);
    value.brand_new = true;
    const dir = captureDir({ 'subscription_new/1.json': JSON.stringify(JSON.stringify(value)) });
    const r = await drift({ root: repo, provider: 'cratejoy', inputs: [dir] });
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.kind, f.topic, f.path])).toEqual([['added', 'subscription_new', '/brand_new']]);
  });
});

describe('report formats', () => {
  const build = async () => {
    const w = widget();
    const dir = captureDir({ 'widgets__create/1.json': asBody({ ...w, x: 1, price: 2 }), 'widgets__create/2.json': asBody({ ...w, name: null }) });
    return drift({ root: acmeRoot, provider: 'acme', inputs: ['widgets__create'], cwd: dir });
  };
  it('JSON is stable (golden)', async () => {
    await expect(formatReport(await build(), 'json')).toMatchFileSnapshot('./golden/__snapshots__/drift/report.json');
  });
  it('markdown: counts per kind first, then a table per kind for a PR comment', async () => {
    const md = formatReport(await build(), 'markdown');
    expect(md).toContain('| kind | findings | payloads | what it means |');
    expect(md).toContain('| nullability | 1 | 1 |');
    expect(md.indexOf('| kind | findings')).toBeLessThan(md.indexOf('<b>nullability</b>'));
    expect(md).toContain('| topic | path | expected | received | payloads | e.g. | fix |');
    expect(md).toContain('| `widgets/create` | `/name` | string | null | 1 | `2.json` | hint `/name: { nullable: true }` |');
    expect(md).toContain('Files are in `widgets__create/`.');
  });
  it('human text without colour', async () => {
    const text = formatReport(await build(), 'human', { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('3 findings in 2 acme payloads (1 topic): 2 drift, 0 match the spec.');
    expect(formatReport(await build(), 'human', { color: true })).toMatch(/\u001b\[36madded/);
  });
});

describe('--write-samples', () => {
  it('refuses captures with personal data unless --yes, then adds the capture as a sample that widens the types', async () => {
    const root = mkdtempSync(join(tmpdir(), 'drift-root-'));
    cpSync(join(acmeRoot, 'spec'), join(root, 'spec'), { recursive: true });
    const provider = await loadProviderModel(root, 'acme');
    const body = asBody({ ...widget(), owner_email: 'someone@example.com', weight_kg: 3 });
    const captures = readCaptures([captureDir({ 'widgets__create/1.json': body })], root);
    const refused = writeSamples({ root, provider, captures });
    expect(refused.written).toEqual([]);
    expect(refused.refused[0]!.fields).toEqual(['/owner_email']);
    const done = writeSamples({ root, provider, captures, yes: true });
    expect(done.written).toHaveLength(1);
    expect(done.written[0]).toMatch(/^spec\/acme\/samples\/widget-capture-[0-9a-f]{8}\.json$/);
    expect(readFileSync(join(root, done.written[0]!), 'utf8')).toBe(body + '\n'); // verbatim, digits and all
    const yaml = readFileSync(join(root, 'spec/acme/models/Widget.yaml'), 'utf8');
    expect(yaml).toContain(`  - ${done.written[0]!.replace('spec/acme/', '')}`);
    expect(yaml).toContain('# A test-only provider'.slice(0, 0)); // comments elsewhere are kept by the yaml Document API
    const after = await drift({ root, provider: 'acme', topic: 'widgets/create', inputs: [captureDir({ 'one.json': body })] });
    expect(after.findings).toEqual([]);
  });
});

describe('CLI', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(repo, 'bin/webhook-typegen.mjs'), 'drift', '--root', acmeRoot, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  it('exit 1 and a report when there is drift; 0 when there is none; 2 on bad usage', () => {
    const bad = captureDir({ 'widgets__create/1.json': asBody({ ...widget(), x: 1 }) });
    const r = cli(['--provider', 'acme', bad], { NO_COLOR: '1' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('added: 1 finding in 1 payload');
    expect(r.stdout).toMatch(/\n  widgets\/create \(Widget\)\n    \/x  1 payload: expected absent, received integer\n/);
    const good = captureDir({ 'widgets__create/1.json': asBody(widget()) });
    expect(cli(['--provider', 'acme', good]).status).toBe(0);
    expect(cli(['--provider', 'acme', '--allow', 'added', bad]).status).toBe(0);
    const u = cli(['--provider', 'acmee', good]);
    expect([u.status, u.stderr]).toEqual([2, 'drift: unknown provider "acmee" (did you mean "acme"?); known: acme\n']);
    expect(cli(['--provider', 'acme']).stderr).toMatch(/give at least one file or directory/);
    expect(cli(['--provider', 'acme', '--format', 'xml', good]).status).toBe(2);
    expect(cli(['--help']).stdout).toContain('Usage: npm run drift');
    expect(readdirSync(bad)).toEqual(['widgets__create']);
  });
});
