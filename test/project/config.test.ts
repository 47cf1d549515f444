/**
 * webhook-typegen.config.json: located problems for a bad config (file:line:col, expected,
 * found, fix), the editor schema agreeing with the reader on every case, and where each
 * provider's spec comes from (the package's copy, the project's folder, an override).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE, findConfig, readConfig } from '../../src/project/config.js';
import { packageProviders, resolveProject, PACKAGE_SPEC } from '../../src/project/project.js';
import { checkOutputDir } from '../../src/write/output.js';
import { formatProblem } from '../../src/util/diagnostics.js';
import { REPO_ROOT } from '../helpers/project.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempApp(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'typegen-config-'));
  temps.push(dir);
  writeFileSync(join(dir, 'package.json'), '{ "name": "app", "private": true }\n');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}
function read(text: string): string[] {
  const dir = tempApp({ [CONFIG_FILE]: text });
  return readConfig(join(dir, CONFIG_FILE), CONFIG_FILE).problems.map(formatProblem);
}

const schema: unknown = JSON.parse(readFileSync(new URL('../../webhook-typegen.config.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema as object);

/** [what, config text, the first problem exactly (empty: valid)] */
const CASES: [string, string, string][] = [
  ['the smallest config', '{ "providers": ["spiffy"] }', ''],
  ['every key', '{\n  "$schema": "./node_modules/webhook-typegen/webhook-typegen.config.schema.json",\n  "spec": "webhooks/spec",\n  "out": "src/webhooks",\n  "mode": "package",\n  "packageName": "@acme/webhooks",\n  "providers": { "spiffy": { "from": "package" }, "acme": {} }\n}', ''],
  ['modules mode', '{ "out": "src/webhooks", "mode": "modules" }', ''],
  ['an empty config', '{}', ''],
  [
    'an unknown key, with did-you-mean',
    '{\n  "provider": ["spiffy"]\n}',
    `${CONFIG_FILE}:2:3: error: unknown key "provider"\n  expected: one of: $schema, spec, out, mode, packageName, providers\n  found:    "provider"\n  fix:      did you mean "providers"?`,
  ],
  ['a trailing comma', '{ "providers": ["spiffy"], }', `${CONFIG_FILE}:1:28: error: invalid JSON: a trailing comma before "}"`],
  ['not an object', '["spiffy"]', `${CONFIG_FILE}:1:1: error: the config is not a JSON object`],
  [
    'a bad mode',
    '{\n  "mode": "module"\n}',
    `${CONFIG_FILE}:2:11: error: "mode" has an unknown value\n  expected: "package" (a package with its own package.json name and exports) or "modules" (plain ES modules inside your src/)\n  found:    "module"\n  fix:      did you mean "modules"?`,
  ],
  ['an absolute out', '{ "out": "/tmp/x" }', `${CONFIG_FILE}:1:10: error: "out" is an absolute path`],
  ['out that would replace src/', '{ "out": "src" }', `${CONFIG_FILE}:1:10: error: "out" would replace a folder that is not only generated code`],
  ['out outside the project', '{ "out": "../shared" }', `${CONFIG_FILE}:1:10: error: "out" would replace a folder that is not only generated code`],
  ['out inside spec', '{ "spec": "webhooks", "out": "webhooks/out" }', `${CONFIG_FILE}:1:30: error: "out" and "spec" overlap`],
  ['a number for spec', '{ "spec": 3 }', `${CONFIG_FILE}:1:11: error: "spec" has the wrong type`],
  ['a bad package name', '{ "packageName": "Acme Webhooks" }', `${CONFIG_FILE}:1:18: error: "packageName" is not an npm package name`],
  ['packageName in modules mode', '{ "mode": "modules", "packageName": "acme-webhooks" }', `${CONFIG_FILE}:1:22: error: "packageName" is given with "mode": "modules"`],
  ['an empty provider list', '{ "providers": [] }', `${CONFIG_FILE}:1:16: error: "providers" is empty`],
  ['a bad provider id', '{ "providers": ["Spiffy"] }', `${CONFIG_FILE}:1:17: error: not a provider id`],
  ['a provider twice', '{ "providers": ["spiffy", "spiffy"] }', `${CONFIG_FILE}:1:27: error: provider "spiffy" is listed twice`],
  ['a bad provider option', '{ "providers": { "spiffy": { "form": "package" } } }', `${CONFIG_FILE}:1:30: error: unknown provider option "form"`],
  ['a bad from', '{ "providers": { "spiffy": { "from": "npm" } } }', `${CONFIG_FILE}:1:38: error: "providers.spiffy.from" has an unknown value`],
  ['providers as a string', '{ "providers": "spiffy" }', `${CONFIG_FILE}:1:16: error: "providers" has the wrong type`],
];

describe('reading the config', () => {
  it.each(CASES)('%s', (_what, text, first) => {
    const problems = read(text);
    if (first === '') expect(problems).toEqual([]);
    else expect(problems[0]?.startsWith(first), problems[0]).toBe(true);
    // every problem says where, what was expected and what was found
    for (const p of problems) expect(p).toMatch(new RegExp(`^${CONFIG_FILE}(:\\d+:\\d+)?: error: .*\\n  expected: .*\\n  found: `));
  });

  it.each(CASES.filter(([what]) => !['a trailing comma', 'out inside spec'].includes(what)))('the editor schema agrees: %s', (_what, text, first) => {
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(first === '');
  });

  it('a key given twice is a problem (JSON.parse would keep the last)', () => {
    expect(read('{ "out": "a", "out": "b" }')[0]).toMatch(/^webhook-typegen\.config\.json:1:15: error: duplicate key "out" in one object\n {2}expected: each key once per object\n {2}found: {4}"out" again \(first at line 1, column 3\)/);
  });

  it('is found from a sub-folder, not above the folder with package.json', () => {
    const app = tempApp({ [CONFIG_FILE]: '{}', 'src/deep/x.ts': '' });
    expect(findConfig(join(app, 'src', 'deep'))).toBe(join(app, CONFIG_FILE));
    const inner = join(app, 'packages', 'inner');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(inner, 'package.json'), '{}');
    expect(findConfig(inner)).toBeUndefined();
  });
});

describe('the providers of a project', () => {
  it('a shipped provider needs no spec file: the package spec, by id', () => {
    expect(packageProviders()).toEqual(['cratejoy', 'lemonsqueezy', 'spiffy', 'tiendanube']);
    const app = tempApp({ [CONFIG_FILE]: '{ "providers": ["spiffy"], "out": "src/webhooks", "mode": "modules" }' });
    const { project, problems } = resolveProject({ cwd: app });
    expect(problems).toEqual([]);
    expect(project).toMatchObject({ root: app, configFile: CONFIG_FILE, outDir: 'src/webhooks', output: { mode: 'modules', importPrefix: './webhooks' }, providers: [{ id: 'spiffy', origin: 'package' }] });
    expect(project?.sources).toEqual([{ ...PACKAGE_SPEC, ids: ['spiffy'], origin: 'package' }]);
  });

  it("the project's own folder adds providers and overrides a shipped one; from: package forces the shipped copy", () => {
    const files = { [CONFIG_FILE]: '{ "providers": { "spiffy": {}, "cratejoy": { "from": "package" }, "acme": {} }, "spec": "webhooks" }', 'webhooks/spiffy/provider.yaml': 'x', 'webhooks/cratejoy/provider.yaml': 'x', 'webhooks/acme/provider.yaml': 'x' };
    const app = tempApp(files);
    const { project } = resolveProject({ cwd: join(app) });
    expect(project?.providers?.map((p) => `${p.id}:${p.origin}`)).toEqual(['acme:project', 'cratejoy:package', 'spiffy:project']);
    expect(project?.sources).toEqual([
      { ...PACKAGE_SPEC, ids: ['cratejoy'], origin: 'package' },
      { root: app, specDir: 'webhooks', ids: ['acme', 'spiffy'], origin: 'project' },
    ]);
  });

  it('an unknown provider: located in the config, with did-you-mean', () => {
    const app = tempApp({ [CONFIG_FILE]: '{\n  "providers": ["spify"]\n}' });
    const { project, problems } = resolveProject({ cwd: app });
    expect(project).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      `${CONFIG_FILE}:2:17: error: unknown provider "spify"\n  expected: a provider of spec/ (none) or one shipped with webhook-typegen (cratejoy, lemonsqueezy, spiffy, tiendanube)\n  found:    "spify"\n  fix:      did you mean "spiffy"?`,
    ]);
  });

  it('from: project without the folder', () => {
    const app = tempApp({ [CONFIG_FILE]: '{ "providers": { "spiffy": { "from": "project" } } }' });
    expect(resolveProject({ cwd: app }).problems.map((p) => p.message)).toEqual(['provider "spiffy" is not in spec/']);
  });

  it('without a config: spec/ and generated/ under the root, every provider of spec/ (this repository)', () => {
    const app = tempApp({ 'spec/acme/provider.yaml': 'x' });
    expect(resolveProject({ cwd: app }).project).toMatchObject({ root: app, specDir: 'spec', outDir: 'generated', output: { mode: 'package', name: '@webhook-typegen/generated' }, sources: [{ root: app, specDir: 'spec', origin: 'project' }] });
  });

  it('command-line options win over the config', () => {
    const app = tempApp({ [CONFIG_FILE]: '{ "providers": ["spiffy"], "out": "src/webhooks" }' });
    expect(resolveProject({ cwd: app, out: 'lib/hooks' }).project?.outDir).toBe('lib/hooks');
  });

  it('generate refuses an output folder holding files it did not write (the config\'s "out" as --out)', () => {
    const app = tempApp({ [CONFIG_FILE]: '{ "providers": ["spiffy"], "out": "src/webhooks" }', 'src/webhooks/handler.ts': 'export {};\n' });
    const project = resolveProject({ cwd: app }).project;
    if (!project) throw new Error('no project');
    const [problem] = checkOutputDir(project.root, project.specDir, project.outDir);
    expect(problem?.at.file).toBe('src/webhooks');
    expect(problem?.message).toMatch(/^--out src\/webhooks: /);
    expect(problem?.expected).toContain('.webhook-typegen');
    writeFileSync(join(app, 'src/webhooks/.webhook-typegen'), readFileSync(join(REPO_ROOT, 'generated/.webhook-typegen'), 'utf8'));
    expect(checkOutputDir(project.root, project.specDir, project.outDir)).toEqual([]);
  });
});
