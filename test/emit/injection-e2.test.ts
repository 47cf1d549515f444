// Spec text is data, never code: generate the acme fixture with hostile text in every place the
// spec allows free text (provider title and description, topic names and their prose, header
// names, descriptions and examples (names and values, and acme's topics, which it sends in a
// header, hold the hostile characters HTTP can carry), model and field descriptions, field names, a sample under
// hostile folder names, the api's title, descriptions, summaries and a path, and the spec folder
// itself), then check that every emitted .js parses and imports without running anything, that
// package.json has exactly the keys we write, that the .d.ts files type-check, and that the text
// is shown verbatim where it is shown (modulo the documented escaping: in TSDoc `*/` becomes
// `*\/` and line breaks are line breaks; text written to a UTF-8 file has lone surrogates as
// U+FFFD; HTML escapes `<>&"'`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ts } from '@ts-morph/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { docText } from '../../src/print/ts.js';
import { escapeHtml, escapeMd, mdCode, wellFormed } from '../../src/print/markup.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'test', 'fixtures', 'spec', 'acme');

/** Everything that could end a string, a template, a comment or a script, or run code. */
const H = `"'\`\${x}\${globalThis.pwned = 1}*/</script><!--\r\n\u2028\ud800 end`;
/** The same without braces and whitespace (for an api path, whose `{}` are placeholders and which has no spaces). */
const PATH_H = `"'\`$x*/</script><!--\ud800`;
/**
 * A field name: everything but the lone surrogate, which json-schema-to-typescript (the models
 * emitter, src/emit/interfaces.js) cannot take: it fails with `URIError: URI malformed`.
 */
const FIELD_H = H.replace('\ud800', '');
/**
 * What a header can carry (spec/README.md: a header name is an RFC 9110 token, an example
 * printable ASCII; anything else is a located spec problem, test/cli/hostile-spec-rules.test.ts):
 * a name with every token character a printer could trip on, a value with all of H that is ASCII.
 */
const HEADER_NAME_H = "'`$|*^~!#&%";
const HEADER_VALUE_H = `"'\`\${x}\${globalThis.pwned = 1}*/</script><!-- end`;
/** The hostile topic: acme sends the topic in a header, so it is header-value text (its prose keeps all of H). */
const TOPIC = `widgets/${HEADER_VALUE_H}`;
/** A sample folder path: every hostile character a file name can hold (no `/` inside a name: `*` and `<` end folder names). */
const FOLDER = `"'\`\${x}*/</script>\r\u2028`;

/** A YAML double-quoted scalar (JSON's escapes, plus the line separators JSON leaves raw). */
const y = (s: string): string => JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`test setup: the edit of ${file} changed nothing`);
  fs.writeFileSync(file, after);
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** The text of the TSDoc block right before `marker` (its ` * ` prefixes removed). */
function docBefore(text: string, marker: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`test: ${marker} not found`);
  const end = text.lastIndexOf('*/', at);
  const start = text.lastIndexOf('/**', end);
  return text
    .slice(start + 3, end)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const SPEC_DIR = `sp'e"c\`\${x}*`;
let dir: string;
let generated: string;
let result: Awaited<ReturnType<typeof generate>>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-injection-'));
  const acme = path.join(dir, SPEC_DIR, 'acme');
  fs.cpSync(fixture, acme, { recursive: true });
  const p = (f: string) => path.join(acme, f);
  edit(p('provider.yaml'), (t) =>
    t
      .replace('title: Acme Shop', `title: ${y(`Acme ${H}`)}`)
      .replace(/^description: .*$/m, `description: ${y(`Webhooks ${H}`)}`)
      .replace('description: The topic.', `description: ${y(`The topic ${H}`)}`)
      .replace('example: sha256=00ff', `example: ${y(`sha256=00ff${HEADER_VALUE_H}`)}`)
      .replace('name: X-Acme-Delivery', `name: ${y(`X-Acme-Delivery${HEADER_NAME_H}`)}`)
      .replace('description: An id of this delivery attempt, sent only sometimes.', `description: ${y(`An id ${H}`)}`)
      .replace('field: deliveryId', `field: deliveryId\n      example: ${y(`d-1${HEADER_VALUE_H}`)}`),
  );
  edit(p('topics.yaml'), (t) =>
    t
      .replace('description: A widget was created.', `description: ${y(`Created ${H}`)}\n  ${y(TOPIC)}:\n    payload: [Widget]\n    description: ${y(H)}\n    payloadProse: ${y(H)}\n    assumption: ${y(H)}`)
      .replace('source: Named only in an error message.', `source: ${y(`Named ${H}`)}`),
  );
  edit(p('models/Widget.yaml'), (t) =>
    t
      .replace(/^description: .*$/m, `description: ${y(`A widget ${H}`)}`)
      .replace('description: A free-text note.', `description: ${y(`A note ${H}`)}`)
      .replace('  - samples/widget.json', `  - ${y(`samples/${FOLDER}/widget-3.json`)}\n  - samples/widget.json`),
  );
  fs.mkdirSync(p(`samples/${FOLDER}`), { recursive: true });
  const widget = JSON.parse(fs.readFileSync(p('samples/widget.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(p(`samples/${FOLDER}/widget-3.json`), JSON.stringify({ ...widget, name: `value ${H}` }, null, 2));
  edit(p('api.yaml'), (t) =>
    t
      .replace('title: Acme Shop API', `title: ${y(`Acme API ${H}`)}`)
      .replace(/^description: .*$/m, `description: ${y(`Subscriptions ${H}`)}`)
      .replace('description: A rejected request.', `description: ${y(`Rejected ${H}`)}`)
      .replace("summary: List a shop's subscriptions", `summary: ${y(`List ${H}`)}\n    description: ${y(`All ${H}`)}`)
      .replace("shop: { type: string, description: The shop's handle. }", `shop: { type: string, description: ${y(`The handle ${H}`)} }`)
      .replace('path: /v2/shops/{shop}/subscriptions/{id}', `path: ${y(`/v2/${PATH_H}/shops/{shop}/subscriptions/{id}`)}`),
  );
  result = await generate({ root: dir, specDir: SPEC_DIR, cache: false });
  generated = path.join(dir, 'generated');
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('generate from a spec full of hostile text', () => {
  it('accepts it: free text is data, nothing in it needs rejecting', () => {
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(listFiles(generated).length).toBeGreaterThan(30);
  });

  it('every .js parses', () => {
    const js = listFiles(generated).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThanOrEqual(12);
    for (const f of js) {
      const file = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
      const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')), path.relative(generated, f)).toEqual([]);
    }
  });

  it('every .js imports, and nothing injected runs', () => {
    const js = listFiles(generated).filter((f) => f.endsWith('.js'));
    const code = `for (const f of ${JSON.stringify(js.map((f) => pathToFileURL(f).href))}) await import(f); process.stdout.write(globalThis.pwned === undefined ? 'clean' : 'PWNED');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('clean');
  });

  it('every banner is one comment, whatever the spec folder is called', () => {
    for (const f of listFiles(generated).filter((x) => x.endsWith('.js') || x.endsWith('.d.ts'))) {
      const text = fs.readFileSync(f, 'utf8');
      const banner = text.slice(0, text.indexOf('*/') + 2);
      expect(banner, path.relative(generated, f)).toMatch(/^\/\*\n \* Generated by webhook-typegen\. DO NOT EDIT[^]* \* Edit the spec and run `npm run generate` instead\.\n \*\/$/);
    }
  });

  it('package.json has exactly the keys we write, and the title verbatim', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(generated, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(pkg)).toEqual(['name', 'version', 'description', 'type', 'sideEffects', 'license', 'engines', 'types', 'exports']);
    expect(pkg.scripts).toBeUndefined();
    expect(Object.keys(pkg.exports as object)).toEqual(['.', './acme', './acme/schemas/*', './testing', './package.json']);
    expect(pkg.description).toBe(`Typed webhook payloads for Acme ${H}, generated by webhook-typegen. Zero runtime dependencies.`);
  });

  it('the .d.ts files type-check under the strictest flags', () => {
    const tsconfig = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(tsconfig, fs.readFileSync(path.join(root, 'tsconfig.generated.json'), 'utf8'));
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig, '--pretty', 'false'], { encoding: 'utf8', timeout: 120_000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('values keep the text exactly (lone surrogates too: string literals escape them)', async () => {
    const acme = (await import(pathToFileURL(path.join(generated, 'acme', 'index.js')).href)) as Record<string, any>;
    expect(acme.acmeTopics).toContain(TOPIC);
    expect(acme.acmeTopicModels[TOPIC]).toEqual(['Widget']);
    // a message that names the provider
    expect(() => acme.acmeFixture('nope')).toThrow(new TypeError(`unknown Acme ${H} topic: nope`));
    // a message that names a header: the receiver reads the header by its spec name
    const body = fs.readFileSync(path.join(fixture, 'samples', 'widget.json'), 'utf8');
    const receiver = acme.createAcmeReceiver({ secrets: 's' });
    const missing = await receiver.receive({ headers: { 'X-Acme-Topic': 'widgets/create' }, body });
    expect(missing).toMatchObject({ ok: false, reason: 'missing_header' });
    // a test request carries the hostile header example as given
    const request = await acme.buildAcmeTestRequest({ topic: TOPIC, payload: acme.parseAcmeBody('widgets/create', body), secret: 's' });
    expect(request.headers['X-Acme-Topic']).toBe(TOPIC);
    // the client names the operation's path in its messages
    const client = acme.createAcmeClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => ({ status: 500, text: async () => '' }) });
    const error = await client.deleteSubscription('demo', 5).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`/v2/${PATH_H}/shops/demo/subscriptions/5`);
  });

  it('TSDoc shows the text verbatim, with `*/` written `*\\/` and line breaks as lines', () => {
    const receive = fs.readFileSync(path.join(generated, 'acme', 'receive.d.ts'), 'utf8');
    const shown = wellFormed(docText(`Acme ${H}`));
    expect(docBefore(receive, 'export declare function createAcmeReceiver')).toContain(`Creates a receiver for ${shown} webhooks`);
    const index = fs.readFileSync(path.join(generated, 'acme', 'index.d.ts'), 'utf8');
    expect(docBefore(index, 'export type WidgetsXGlobalThisPwned1ScriptEndPayload')).toBe(wellFormed(docText(`\`${TOPIC}\`: ${H}\n\nDocs' payload: "${H}".\n\nAssumption: ${H}`)));
    const client = fs.readFileSync(path.join(generated, 'acme', 'client.d.ts'), 'utf8');
    expect(docBefore(client, 'listSubscriptions(shop')).toContain(wellFormed(docText(`List ${H}. All ${H}`)));
    const fixtures = fs.readFileSync(path.join(generated, 'acme', 'fixtures.d.ts'), 'utf8');
    // the sample under hostile folder names
    expect(docBefore(fixtures, 'export declare const widgetFixture')).toContain(`(${docText(`${SPEC_DIR}/acme/samples/${FOLDER}/widget-3.json`)})`);
  });

  it('the catalog shows the text HTML-escaped, and its embedded data cannot close the script', () => {
    const html = fs.readFileSync(path.join(generated, 'catalog', 'index.html'), 'utf8');
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html.match(/<!--/g)).toHaveLength(1);
    expect(html).toContain(escapeHtml(wellFormed(`Acme ${H}`)));
    expect(html).toContain(escapeHtml(wellFormed(TOPIC)));
    expect(html).toContain(`<span class="file">(${escapeHtml(`${SPEC_DIR}/acme/samples/${FOLDER}/widget-3.json`)})</span>`);
    const json = /<script type="application\/json" id="catalog-data">([^]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(json).not.toMatch(/[<\u2028\u2029]/);
    const data = JSON.parse(json) as { topics: { id: string; text: string }[] };
    expect(data.topics.map((t) => t.id)).toContain(wellFormed(`acme/${TOPIC}`));
    // Markdown: prose escaped and on one line; code spans and blocks show the text as it is
    const md = fs.readFileSync(path.join(generated, 'catalog', 'acme.md'), 'utf8');
    expect(md).toContain(`# ${escapeMd(wellFormed(`Acme ${H}`))}: event catalog\n`);
    expect(md).toContain(`${escapeMd(wellFormed(`Webhooks ${H}`))}\n`);
  });
});

describe('a field name full of hostile text', () => {
  it('is a quoted key in the fixtures and the validators, and a verbatim key of the payloads', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-injection-'));
    try {
      fs.cpSync(fixture, path.join(d, 'spec', 'acme'), { recursive: true });
      const sample = path.join(d, 'spec', 'acme', 'samples', 'widget.json');
      const widget = JSON.parse(fs.readFileSync(sample, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(sample, JSON.stringify({ ...widget, [`field ${FIELD_H}`]: `value ${H}` }, null, 2));
      const r = await generate({ root: d, cache: false });
      expect(r.ok ? [] : r.problems).toEqual([]);
      const file = path.join(d, 'generated', 'acme', 'index.js');
      const key = JSON.stringify(`field ${FIELD_H}`);
      const code = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const w = m.widgetFixture.build(undefined, { seed: 3 }); const bad = { ...w, [${key}]: 1 }; process.stdout.write(JSON.stringify([Object.keys(w).includes(${key}), m.widgetFixture.sample()[${key}], m.validateAcmePayload('widgets/create', w, { strict: true }).ok, m.validateAcmePayload('widgets/create', bad).issues?.[0]?.path, globalThis.pwned ?? null]));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual([true, `value ${H}`, true, `/${`field ${FIELD_H}`.replace(/~/g, '~0').replace(/\//g, '~1')}`, null]);
      const md = fs.readFileSync(path.join(d, 'generated', 'catalog', 'acme.md'), 'utf8');
      expect(md).toContain(`- ${mdCode(`field ${FIELD_H}`)}: `);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('spec values that must be identifiers', () => {
  it('an operation name that is not an identifier is rejected where it is written', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-injection-'));
    try {
      fs.cpSync(fixture, path.join(d, 'spec', 'acme'), { recursive: true });
      edit(path.join(d, 'spec', 'acme', 'api.yaml'), (t) => t.replace('  deleteSubscription:', `  ${y(`delete${H}`)}:`));
      const r = await generate({ root: d, cache: false, check: true });
      expect(r.ok).toBe(false);
      const problems = r.ok ? [] : r.problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ at: { file: 'spec/acme/api.yaml' }, message: expect.stringContaining('invalid operation name') });
      expect(problems[0]?.at.line).toBeGreaterThan(0);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('a topic that starts with a digit gets a type name that is an identifier; a typePrefix that is a keyword a namespace that is one', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-injection-'));
    try {
      fs.cpSync(fixture, path.join(d, 'spec', 'acme'), { recursive: true });
      edit(path.join(d, 'spec', 'acme', 'topics.yaml'), (t) => t.replace('  mystery/event:', '  2fa/enabled:'));
      edit(path.join(d, 'spec', 'acme', 'provider.yaml'), (t) => t.replace('typePrefix: Acme', 'typePrefix: Default'));
      const r = await generate({ root: d, cache: false });
      expect(r.ok ? [] : r.problems).toEqual([]);
      const index = fs.readFileSync(path.join(d, 'generated', 'acme', 'index.d.ts'), 'utf8');
      expect(index).toContain('export type Topic2faEnabledPayload = DefaultUndocumentedPayload;');
      const rootIndex = fs.readFileSync(path.join(d, 'generated', 'index.js'), 'utf8');
      expect(rootIndex).toContain("export * as _default from './acme/index.js';");
      const mod = (await import(pathToFileURL(path.join(d, 'generated', 'index.js')).href)) as Record<string, any>;
      expect(mod.default).toBeUndefined();
      expect(mod._default.defaultTopics).toContain('2fa/enabled');
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
