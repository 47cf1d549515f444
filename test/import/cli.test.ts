/**
 * `npm run import`: writes spec/<name>/ and the report (exit 0), refuses to overwrite an
 * existing provider folder unless --force (exit 1, nothing touched), replaces it completely
 * with --force, and exits 2 on bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, listTree, REPO_ROOT } from '../helpers/project.js';
import { CRATEJOY_SEED, IMPORT_CLI, SPIFFY_SEED } from './helpers.js';

function importCli(cwd: string, args: string[]) {
  const env = { ...process.env };
  delete env.DEBUG;
  const r = spawnSync(process.execPath, [...IMPORT_CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('import CLI', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'typegen-import-cli-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is the npm script "import"', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.import).toBe('node bin/webhook-typegen.mjs import');
  });

  it('writes spec/<name>/ and prints the report it saves as IMPORT-REPORT.md (exit 0)', () => {
    const r = importCli(root, ['--provider', 'spiffycheck', SPIFFY_SEED]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const dir = join(root, 'spec', 'spiffycheck');
    const files = listTree(dir);
    expect(files).toContain('provider.yaml');
    expect(files).toContain('topics.yaml');
    expect(files).toContain('IMPORT-REPORT.md');
    expect(files.filter((f) => f.startsWith('models/'))).toHaveLength(16);
    expect(files.filter((f) => f.startsWith('samples/'))).toHaveLength(16);
    const saved = readFileSync(join(dir, 'IMPORT-REPORT.md'), 'utf8');
    expect(r.stdout.startsWith(saved)).toBe(true);
    expect(saved).toMatch(/^# Import report: spiffycheck$/m);
    expect(r.stdout).toMatch(/^import: wrote spec\/spiffycheck\/ \(35 files: 47 topic\(s\), 16 model\(s\)\)/m);
    // no temporary folder left next to it
    expect(readdirSync(join(root, 'spec'))).toEqual(['spiffycheck']);
  });

  it('refuses to overwrite an existing provider folder (exit 1) and leaves it untouched', () => {
    const before = hashTree(join(root, 'spec'));
    const r = importCli(root, ['--provider', 'spiffycheck', CRATEJOY_SEED]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^spec\/spiffycheck: error: the provider folder already exists; nothing was written$/m);
    expect(r.stderr).toMatch(/^ {2}fix: {6}.*--force/m);
    expect(hashTree(join(root, 'spec'))).toBe(before);
  });

  it('--force replaces the folder completely (no stale file survives)', () => {
    const stale = join(root, 'spec', 'spiffycheck', 'models', 'Stale.yaml');
    writeFileSync(stale, 'model: Stale\n');
    const r = importCli(root, ['--provider', 'spiffycheck', CRATEJOY_SEED, '--force']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    const files = listTree(join(root, 'spec', 'spiffycheck'));
    expect(files).toEqual(['IMPORT-REPORT.md', 'models/Design.yaml', 'provider.yaml', 'samples/design.json', 'topics.yaml']);
    expect(readdirSync(join(root, 'spec'))).toEqual(['spiffycheck']);
  });

  it('--out and --root choose where the folder goes; docs: names the page relative to the root', () => {
    const other = mkdtempSync(join(tmpdir(), 'typegen-import-out-'));
    try {
      mkdirSync(join(other, 'pages'));
      writeFileSync(join(other, 'pages', 'hooks.md'), '| Topic | Description |\n|---|---|\n| orders/create | placed |\n');
      const r = importCli(root, ['--root', other, '--out', 'myspec', '--provider', 'acme', 'pages/hooks.md']);
      expect(r.status, r.stderr).toBe(0);
      const provider = readFileSync(join(other, 'myspec', 'acme', 'provider.yaml'), 'utf8');
      expect(provider).toMatch(/^docs:\n {2}- pages\/hooks\.md$/m);
      expect(readFileSync(join(other, 'myspec', 'acme', 'topics.yaml'), 'utf8')).toMatch(/^ {2}orders\/create:/m);
      expect(r.stdout).toMatch(/^Skeleton: myspec\/acme\/ /m);
      expect(r.stdout).toMatch(/^import: wrote myspec\/acme\/ /m);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('writes nothing for a page without any topic (exit 1)', () => {
    writeFileSync(join(root, 'empty.md'), '# Nothing\n\n```json\n{"id": 1}\n```\n');
    const r = importCli(root, ['--provider', 'nothing', 'empty.md']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^empty\.md: error: no topic or event names found; nothing was written$/m);
    expect(existsSync(join(root, 'spec', 'nothing'))).toBe(false);
  });

  it('--help prints the help (exit 0)', () => {
    const r = importCli(root, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(REPO_ROOT, 'docs', 'import.md'), 'utf8'));
  });

  const bad: [string, string[], RegExp][] = [
    ['no --provider', [SPIFFY_SEED], /--provider <name> is required/],
    ['--provider without a value', ['--provider'], /--provider needs a value/],
    ['an invalid provider name', ['--provider', 'Spiffy Stores', SPIFFY_SEED], /invalid provider name "Spiffy Stores".*\(e\.g\. "spiffy-stores"\)/],
    ['no page', ['--provider', 'x'], /give the saved documentation page/],
    ['two pages', ['--provider', 'x', SPIFFY_SEED, CRATEJOY_SEED], /give one page per run/],
    ['an unknown option', ['--provider', 'x', '--frobnicate', SPIFFY_SEED], /unknown option --frobnicate/],
    ['an unsupported file type', ['--provider', 'x', 'page.pdf'], /unsupported page "page\.pdf": expected a saved page ending in \.md, \.txt or \.html/],
    ['a missing page', ['--provider', 'x', 'missing.md'], /the page missing\.md does not exist/],
  ];
  it.each(bad)('exits 2 on %s, writing nothing', (_, args, message) => {
    const before = hashTree(root);
    const r = importCli(root, args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.startsWith('import: ')).toBe(true);
    expect(hashTree(root)).toBe(before);
  });
});
