// generated/<provider>/guards.js and guards.d.ts are both compiled from one TypeScript module
// (src/emit/guards.ts). That module is real TypeScript: it type-checks under strict against the
// models, the topic types and the runtime it imports, so the declared types (`value is Order`,
// `ValidationResult<…>`) are the ones the code satisfies. And the two outputs agree: the same
// exports, with the same number of parameters.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodeEmitter } from '../../src/emit/code.js';
import { ts } from '@ts-morph/common';
import { loadSpec } from '../../src/spec/load.js';
import { buildModel } from '../../src/model/build.js';
import { createCache } from '../../src/util/cache.js';
import { loadCodeBuilder } from '../../src/print/ts.js';
import { emitGuards, guardsSource } from '../../src/emit/guards.js';
import type { GenModel } from '../../src/model/types.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO, 'node_modules', '.bin', 'tsc');
const PROVIDERS = ['cratejoy', 'lemonsqueezy', 'spiffy', 'tiendanube'];

let model: GenModel;
let dir = '';

beforeAll(async () => {
  const { providers, problems } = loadSpec(REPO, 'spec');
  model = await buildModel(providers, problems, createCache({ enabled: true }));
  expect(problems).toEqual([]);
  expect(model.providers.map((p) => p.id)).toEqual(PROVIDERS);
  dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-guards-ts-'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('the TypeScript source of every provider\'s guards type-checks (strict) against generated/', async () => {
  const code = await loadCodeBuilder();
  cpSync(join(REPO, 'generated'), dir, { recursive: true });
  for (const p of model.providers) {
    rmSync(join(dir, p.id, 'guards.js'));
    rmSync(join(dir, p.id, 'guards.d.ts'));
    writeFileSync(join(dir, p.id, 'guards.ts'), guardsSource(p, code));
  }
  const options = { target: 'es2022', module: 'nodenext', strict: true, noEmit: true, types: [], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: PROVIDERS.map((p) => `${p}/guards.ts`) }));
  const r = spawnSync(TSC, ['-p', dir], { encoding: 'utf8' });
  expect(r.error).toBeUndefined();
  expect(`${r.stdout}${r.stderr}`).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

/** Exported value names of a declaration file, with their parameter counts (`-1` for a const). */
function declaredValues(text: string): Map<string, number> {
  const file = ts.createSourceFile('guards.d.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out = new Map<string, number>();
  const exported = (s: ts.Statement) => ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const s of file.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && exported(s)) out.set(s.name.text, s.parameters.length);
    if (ts.isVariableStatement(s) && exported(s)) for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.set(d.name.text, -1);
    if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)) for (const e of s.exportClause.elements) if (!e.isTypeOnly) out.set(e.name.text, -2);
  }
  return out;
}

describe.each(PROVIDERS)('generated/%s/guards: .js and .d.ts agree', (id) => {
  it('exports the declared values, functions with the declared number of parameters', async () => {
    const declared = declaredValues(readFileSync(join(REPO, 'generated', id, 'guards.d.ts'), 'utf8'));
    const mod = (await import(pathToFileURL(join(REPO, 'generated', id, 'guards.js')).href)) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual([...declared.keys()].sort());
    for (const [name, arity] of declared) {
      const value = mod[name];
      if (arity >= 0) expect(typeof value === 'function' ? value.length : undefined, name).toBe(arity);
      else expect(value, name).toBeDefined();
    }
    // every payload model has its validator (a provider of one model, such as Tiendanube, exports few values)
    const models = model.providers.find((p) => p.id === id)?.models ?? [];
    expect(models.length).toBeGreaterThan(0);
    for (const m of models) expect(declared.has(`validate${m.typeName}`), `validate${m.typeName}`).toBe(true);
    expect(declared.size).toBeGreaterThan(models.length);
  });
});

describe('arrays of arrays (the acme fixture with a `grid` of integers added)', () => {
  let validateWidget: (v: unknown) => { ok: boolean; issues?: { path: string; message: string }[] };
  let sample: Record<string, unknown>;
  let root = '';
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'webhook-typegen-grid-'));
    cpSync(join(REPO, 'test/fixtures/spec/acme'), join(root, 'spec/acme'), { recursive: true });
    for (const f of ['widget.json', 'widget-2.json']) {
      const file = join(root, 'spec/acme/samples', f);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^\{/, '{\n"grid": [[1, 2], [3]],'));
    }
    const { providers, problems } = loadSpec(root, 'spec');
    const m = await buildModel(providers, problems, createCache({ enabled: false }));
    expect(problems).toEqual([]);
    const p = m.providers[0];
    if (!p) throw new Error('test setup: no provider');
    const out = join(root, 'out');
    cpSync(join(REPO, 'generated/runtime'), join(out, 'runtime'), { recursive: true });
    mkdirSync(join(out, 'acme'));
    for (const [path, text] of await emitGuards(p, createCodeEmitter(createCache({ enabled: false })))) writeFileSync(join(out, path), text);
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    ({ validateWidget } = (await import(pathToFileURL(join(out, 'acme/guards.js')).href)) as { validateWidget: typeof validateWidget });
    const text = readFileSync(join(root, 'spec/acme/samples/widget.json'), 'utf8');
    sample = { ...(JSON.parse(text) as Record<string, unknown>), id: /"id": (\d+)/.exec(text)?.[1] };
  }, 120_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a valid grid passes', () => {
    expect(validateWidget(sample)).toEqual({ ok: true, value: sample });
  });

  it.each([
    ['an inner item', { given: [[1, 2], [3, 'x']], want: [['/grid/1/1', '/grid/1/1: expected integer, received string']] }],
    ['an inner array', { given: [[1], 2], want: [['/grid/1', '/grid/1: expected integer[], received integer']] }],
    ['two inner items', { given: [['a'], [1, null]], want: [['/grid/0/0', '/grid/0/0: expected integer, received string'], ['/grid/1/1', '/grid/1/1: expected integer, received null']] }],
  ] as [string, { given: unknown; want: [string, string][] }][])('%s: the issue points into the inner array', (_, { given, want }) => {
    const r = validateWidget({ ...sample, grid: given });
    expect(r.ok).toBe(false);
    expect((r.issues ?? []).map((i) => [i.path, i.message])).toEqual(want);
  });
});

it('a hint pattern JavaScript cannot compile is a located spec problem (not an error at import, nor an internal one)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'webhook-typegen-pattern-'));
  try {
    cpSync(join(REPO, 'test/fixtures/spec/acme'), join(root, 'spec/acme'), { recursive: true });
    const file = join(root, 'spec/acme/models/Widget.yaml');
    const yaml = readFileSync(file, 'utf8');
    const edited = yaml.replace('items: { type: string }', "items: { type: string, pattern: '(unclosed' }");
    expect(edited).not.toBe(yaml);
    writeFileSync(file, edited);
    const { providers, problems } = loadSpec(root, 'spec');
    const lines = edited.split('\n');
    const line = lines.findIndex((l) => l.includes("'(unclosed'")) + 1;
    const col = (lines[line - 1] ?? '').indexOf("'(unclosed'") + 1;
    expect(problems).toEqual([
      {
        at: { file: 'spec/acme/models/Widget.yaml', line, col },
        message: 'the pattern is not a regular expression JavaScript accepts',
        expected: 'an ECMA-262 regular expression (the validators compile it with new RegExp)',
        found: '"(unclosed" (Invalid regular expression: /(unclosed/: Unterminated group)',
        fix: 'correct the pattern (escape a literal ( [ { . * + ? with a backslash)',
      },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
