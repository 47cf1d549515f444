// Spec text is data, never code: generated from a spec whose provider title, descriptions, topic
// names, field names, enum values, hint descriptions, a pattern and a sample folder name hold `"`, `'`,
// a backtick, `${…}`, `*/`, `</script>`, `\r`, U+2028 and a lone surrogate (test/emit/hostile-spec.ts),
// every emitted .js parses and imports without running anything injected, every .d.ts
// type-checks, and messages, TSDoc and JSON say the text verbatim (modulo the documented
// escaping: TSDoc via `docText`, shapes.txt via `oneLine`).
//
// The whole package is emitted (emitAll, every emitter) and type-checked; the cases below look
// closely at guards, models, schemas and shapes. test/emit/injection-e2.test.ts does the same
// through generate() for the provider, receive, fixtures, client, catalog and package files.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ts } from '@ts-morph/common';
import { HOSTILE, PATTERN, writeHostileSpec } from './hostile-spec.js';
import { escapeText, showPointer } from '../../runtime/validate.js';
import { loadSpec } from '../../src/spec/load.js';
import { buildModel } from '../../src/model/build.js';
import { createCache } from '../../src/util/cache.js';
import { docText, loadCodeBuilder } from '../../src/print/ts.js';
import { escapeToken } from '../../src/util/pointer.js';
import { guardsSource } from '../../src/emit/guards.js';
import { emitAll } from '../../src/generate.js';
import { oneLine } from '../../src/emit/shapes.js';
import type { ProviderModel } from '../../src/model/types.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules', '.bin', 'tsc');
const TOPIC = `widgets/${HOSTILE}`;
const TITLE = `Acme ${HOSTILE}`;

interface Issue { path: string; expected: string; received: string; message: string }
type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

/** The Widget sample as the receivers deliver it (its 64-bit id as a digit string). */
function widgetSample(): Record<string, unknown> {
  const text = readFileSync(join(specRoot, 'spec/acme/samples/widget.json'), 'utf8');
  return { ...(JSON.parse(text) as Record<string, unknown>), id: /"id": (\d+)/.exec(text)?.[1] };
}

/** tsc's diagnostics, by file. */
function tscErrors(project: string): { errors: string[]; output: string } {
  const r = spawnSync(TSC, ['-p', project], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  if (r.error) throw r.error;
  const errors = output.split('\n').filter((l) => / error TS\d+/.test(l));
  if (r.status !== 0 && !/ error TS\d+/.test(output)) throw new Error(`tsc failed without diagnostics: ${output}`);
  return { errors, output };
}

let specRoot = '';
let out = '';
let provider: ProviderModel;
const files = new Map<string, string>();

beforeAll(async () => {
  specRoot = writeHostileSpec();
  const problems: Parameters<typeof buildModel>[1] = [];
  const { providers } = loadSpec(specRoot, 'spec');
  const model = await buildModel(providers, problems, createCache({ enabled: false }));
  expect(problems).toEqual([]);
  const p = model.providers[0];
  if (!p) throw new Error('test setup: the hostile spec has no provider');
  provider = p;
  for (const [path, text] of await emitAll(model)) files.set(path, text);
  out = mkdtempSync(join(tmpdir(), 'webhook-typegen-injection-'));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
}, 120_000);

afterAll(() => {
  for (const dir of [specRoot, out]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The hostile spec really is hostile (so the cases below can fail). */
it('the spec reaches the model with every hostile piece intact', () => {
  expect(provider.title).toBe(TITLE);
  expect(provider.topics.map((t) => t.topic)).toContain(TOPIC);
  const widget = provider.models.find((m) => m.name === 'Widget');
  expect(Object.keys(widget?.schema.properties ?? {})).toContain(HOSTILE);
  expect(widget?.sampleFiles.some((f) => f.includes('*/') && f.includes('</script>') && f.includes('\r'))).toBe(true);
});

describe('acme/guards.js: parses, imports, runs nothing injected, says the text verbatim', () => {
  let mod: Record<string, (...args: unknown[]) => unknown>;
  beforeAll(async () => {
    delete (globalThis as { pwned?: unknown }).pwned;
    mod = (await import(pathToFileURL(join(out, 'acme', 'guards.js')).href)) as typeof mod;
  });

  it('runs nothing on import', () => {
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(typeof mod.validateAcmePayload).toBe('function');
  });

  it('knows the hostile topic by its exact name', () => {
    const sample = widgetSample();
    expect(mod.validateAcmePayload(TOPIC, sample)).toEqual({ ok: true, value: sample });
    expect(mod.isAcmePayload(TOPIC.slice(0, -1), sample)).toBe(false);
  });

  it('names the title verbatim for an unknown topic', () => {
    const r = mod.validateAcmePayload('nope', {}) as Result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.expected).toBe(`a known ${TITLE} topic`);
    expect(r.issues[0]?.message).toBe(`/: expected a known ${TITLE} topic, received "nope"`);
  });

  it('names the title verbatim and the topic escaped (it may be received text) when asserting', () => {
    expect(() => mod.assertAcmePayload(TOPIC, null)).toThrow(`${TITLE} payload of ${escapeText(TOPIC, 100)} is invalid`);
  });

  it('points at a hostile field by its JSON pointer and lists hostile enum values', () => {
    const sample = widgetSample();
    const r = mod.validateWidget({ ...sample, [HOSTILE]: 1, color: 'blue' }) as Result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: '/color', expected: `"red" | "green" | ${JSON.stringify(HOSTILE)} | null`, received: '"blue"', message: `/color: expected "red" | "green" | ${JSON.stringify(HOSTILE)} | null, received "blue"` },
      { path: `/${escapeToken(HOSTILE)}`, expected: 'string | null', received: 'integer', message: `${showPointer(`/${escapeToken(HOSTILE)}`)}: expected string | null, received integer` },
    ]);
    // the path is the exact pointer; the message shows it escaped: one line, no raw separators or lone surrogates
    expect(r.issues[1]?.message).not.toMatch(/[\r\n\u2028\u2029]|[\ud800-\udfff]/);
    expect(mod.isWidget({ ...sample, color: HOSTILE })).toBe(true);
  });

  it('checks a hostile pattern as a pattern and names it verbatim', () => {
    const sample = widgetSample();
    expect(mod.isWidget({ ...sample, tags: ['q"s\'b`t${x}c*/e</script>ok', 'plain'] })).toBe(true);
    const r = mod.validateWidget({ ...sample, tags: ['Upper'] }) as Result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ path: '/tags/0', expected: `string matching /${PATTERN}/`, received: '"Upper"', message: `/tags/0: expected string matching /${PATTERN}/, received "Upper"` }]);
  });

  it('marks every module-level call pure, so a bundler can drop an unused validator', () => {
    const file = ts.createSourceFile('guards.js', files.get('acme/guards.js') ?? '', ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const calls = file.statements.flatMap((s) => (ts.isVariableStatement(s) ? s.declarationList.declarations : [])).flatMap((d) => (d.initializer && (ts.isCallExpression(d.initializer) || ts.isNewExpression(d.initializer)) ? [d.initializer] : []));
    expect(calls.length).toBeGreaterThan(5);
    for (const c of calls) expect(file.text.slice(c.getFullStart(), c.getStart()), c.getText().slice(0, 60)).toContain('/*#__PURE__*/');
  });
});

describe('the .d.ts files type-check and carry the hostile names', () => {
  it('a consumer compiles against acme/guards.d.ts and acme/models.d.ts (strict)', () => {
    const key = JSON.stringify(HOSTILE);
    writeFileSync(
      join(out, 'consumer.ts'),
      [
        `import { isWidget, validateAcmePayload, type AcmePayloadValidateOptions } from './acme/guards.js';`,
        `import type { Widget } from './acme/models.js';`,
        `declare const v: unknown;`,
        `if (isWidget(v)) { const field: string | null | undefined = v[${key}]; const size: number | null | undefined = v.sizes?.[${key}]; void field; void size; }`,
        `const color: NonNullable<Widget['color']> = ${key};`,
        `const r = validateAcmePayload(${JSON.stringify(TOPIC)}, v);`,
        `const options: AcmePayloadValidateOptions = {};`,
        `void color; void r; void options;`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, types: [], skipLibCheck: false, exactOptionalPropertyTypes: true }, files: ['consumer.ts'] }));
    expect(tscErrors(out).errors).toEqual([]);
  });

  it("the guards' TypeScript source type-checks too (strict), against the same declarations", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-guards-src-'));
    try {
      cpSync(out, dir, { recursive: true });
      rmSync(join(dir, 'acme', 'guards.js'));
      rmSync(join(dir, 'acme', 'guards.d.ts'));
      writeFileSync(join(dir, 'acme', 'guards.ts'), guardsSource(provider, await loadCodeBuilder()));
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, types: [] }, files: ['acme/guards.ts'] }));
      expect(tscErrors(dir).errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('models.d.ts shows descriptions as TSDoc, escaped by docText and nothing else', () => {
    const text = files.get('acme/models.d.ts') ?? '';
    const file = ts.createSourceFile('models.d.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const docs = new Map<string, string>();
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node) || ts.isPropertySignature(node) || ts.isTypeAliasDeclaration(node)) {
        const doc = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc);
        const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : node.name.getText(file);
        if (doc && typeof doc.comment === 'string') docs.set(name, doc.comment);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    expect(docs.get('Widget')).toBe(docText(`Widget ${HOSTILE}`));
    expect(docs.get('color')).toBe(docText(`Colour ${HOSTILE}`));
    expect(docs.get(HOSTILE)).toBe(docText(`Field ${HOSTILE}`));
    expect(docs.get('AcmeModel')).toBe(docText(`Any model of ${TITLE}: the payload models, and Subscription of its API.`));
  });

  it('models.d.ts names the hostile property exactly (a lone surrogate included)', () => {
    const file = ts.createSourceFile('models.d.ts', files.get('acme/models.d.ts') ?? '', ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const names: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isPropertySignature(node) && ts.isStringLiteral(node.name)) names.push(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
    expect(names.filter((n) => n === HOSTILE)).toHaveLength(2); // Widget and WidgetSizes
  });
});

describe('data files say the text verbatim', () => {
  it('acme/schemas/Widget.schema.json is JSON holding every string as written', () => {
    const schema = JSON.parse(files.get('acme/schemas/Widget.schema.json') ?? '');
    expect(schema.description).toBe(`Widget ${HOSTILE}`);
    expect(schema.properties[HOSTILE].description).toBe(`Field ${HOSTILE}`);
    expect(schema.properties.color.enum).toContain(HOSTILE);
    expect(schema.$comment).toContain(provider.models.find((m) => m.name === 'Widget')?.sampleFiles[1]);
  });

  it('acme/shapes.txt keeps one line per field, spec text shown by oneLine', () => {
    const text = files.get('acme/shapes.txt') ?? '';
    expect(text).not.toMatch(/[\r\u2028\u2029]|[\ud800-\udfff]/);
    const lines = text.split('\n');
    expect(lines).toContain(`# Payload shapes of ${oneLine(TITLE)}.`);
    expect(lines).toContain(`Widget /${oneLine(escapeToken(HOSTILE))}: string | null (optional)`);
    expect(lines).toContain(`Widget /color: ${oneLine(`"red" | "green" | ${JSON.stringify(HOSTILE)} | null`)} (optional)`);
  });
});
