/**
 * `webhook-typegen changes` and `check` on a project in a git repository: the committed spec
 * against the working tree, against a branch, against a folder; --format, --fail-on and the
 * exit codes; errors that say what to do.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHER, REPO_ROOT } from '../helpers/project.js';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  delete e.FORCE_COLOR;
  delete e.NODE_OPTIONS;
  return e;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, env: env(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd, env: env(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let app = '';
const WIDGET = 'spec/acme/models/Widget.yaml';
beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'typegen-changes-'));
  temps.push(app);
  cpSync(join(REPO_ROOT, 'test/fixtures/spec'), join(app, 'spec'), { recursive: true });
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  git(app, 'init', '-q', '-b', 'main');
  git(app, 'add', '-A');
  git(app, 'commit', '-q', '-m', 'spec');
  // the pull request: the widget's name may be null, a new optional field, a new description
  const text = readFileSync(join(app, WIDGET), 'utf8');
  const edited = text.replace('  /name:\n    optional: false\n    nullable: false\n', '  /name:\n    optional: false\n    nullable: true\n').replace('description: A free-text note.', 'description: A free-text note, at most 200 characters.');
  expect(edited).not.toBe(text);
  writeFileSync(join(app, WIDGET), edited);
});

describe('webhook-typegen changes', () => {
  it('the committed spec against the working tree: human, exit 0', () => {
    const r = run(app, ['changes']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'changes: HEAD → the working tree: major bump (1 breaking, 0 additive, 1 docs-only)',
        '',
        'breaking (1)',
        '  acme Widget /name: may be null now (readers must handle null)  [nullable-added; widgets/archive, widgets/create]',
        '',
        'docs-only (1)',
        '  acme Widget /parts/*/note: description changed  [field-docs-changed; widgets/archive, widgets/create]',
        '',
      ].join('\n'),
    );
  });

  it('--fail-on breaking exits 1; --fail-on none and a clean tree exit 0', () => {
    expect(run(app, ['changes', '--fail-on', 'breaking']).status).toBe(1);
    expect(run(app, ['changes', '--fail-on=docs']).status).toBe(1);
    expect(run(app, ['changes', '--fail-on', 'none']).status).toBe(0);
    expect(run(app, ['changes', '--head', 'HEAD', '--fail-on', 'docs']).status).toBe(0);
  });

  it('--format json: the report, with class, kind, place and pointer', () => {
    const r = run(app, ['changes', '--format', 'json']);
    expect(r.status).toBe(0);
    const report: unknown = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      version: 1,
      base: 'HEAD',
      head: 'the working tree',
      bump: 'major',
      counts: { breaking: 1, additive: 0, docs: 1 },
      changes: [
        { class: 'breaking', kind: 'nullable-added', provider: 'acme', in: 'Widget', pointer: '/name', topics: ['widgets/archive', 'widgets/create'] },
        { class: 'docs', kind: 'field-docs-changed', provider: 'acme', in: 'Widget', pointer: '/parts/*/note' },
      ],
    });
  });

  it('--format markdown: a pull-request comment', () => {
    const r = run(app, ['changes', '--format', 'markdown', '--base', 'main']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^## Webhook spec changes: \*\*major\*\*\n\n`main` → the working tree: 1 breaking, 0 additive, 1 docs-only\.\n/);
    expect(r.stdout).toContain('| acme | `Widget` `/name` | may be null now (readers must handle null) | `nullable-added` |');
  });

  it('--base <folder>: a copy of the spec folder', () => {
    const copy = mkdtempSync(join(tmpdir(), 'typegen-changes-base-'));
    temps.push(copy);
    cpSync(join(REPO_ROOT, 'test/fixtures/spec'), join(copy, 'old-spec'), { recursive: true });
    const r = run(app, ['changes', '--base', join(copy, 'old-spec'), '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ counts: { breaking: 1, additive: 0, docs: 1 } });
  });

  it('an unknown revision, a bad option, a folder outside git: exit 2 with the reason', () => {
    const unknown = run(app, ['changes', '--base', 'no-such-branch']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^changes: "no-such-branch" is neither a folder nor a git revision \(a branch, tag or commit\) of /);
    const bad = run(app, ['changes', '--fail-on', 'major']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('changes: --fail-on: expected breaking, additive, docs or none, not "major"\n(webhook-typegen changes --help for usage)\n');
    const typo = run(app, ['changes', '--bsae', 'main']);
    expect(typo.stderr).toMatch(/^changes: unknown option --bsae; did you mean --base\?/);
    const outside = mkdtempSync(join(tmpdir(), 'typegen-changes-nogit-'));
    temps.push(outside);
    cpSync(join(REPO_ROOT, 'test/fixtures/spec'), join(outside, 'spec'), { recursive: true });
    const r = run(outside, ['changes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not in a git repository: commit the spec first, or give --base <folder>/);
  });

  it('a spec with problems in one state: exit 2, the problems located', () => {
    const broken = mkdtempSync(join(tmpdir(), 'typegen-changes-broken-'));
    temps.push(broken);
    cpSync(join(REPO_ROOT, 'test/fixtures/spec'), join(broken, 'spec'), { recursive: true });
    writeFileSync(join(broken, 'spec/acme/topics.yaml'), 'topics:\n  widgets/create:\n    payload: [Widgt]\n');
    const r = run(app, ['changes', '--base', join(broken, 'spec')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^changes: the spec of .* has \d+ problems?; it cannot be compared:\n\nspec\/acme\/topics\.yaml:3:\d+: error: /);
  });

  it('--help prints docs/changes.md', () => {
    const r = run(app, ['changes', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(REPO_ROOT, 'docs/changes.md'), 'utf8'));
  });
});

describe('webhook-typegen check', () => {
  it('stale output in a git repository: the changes summary above the diff, exit 1', () => {
    // generated from the committed spec, then the working tree's spec changed
    const committed = mkdtempSync(join(tmpdir(), 'typegen-check-'));
    temps.push(committed);
    cpSync(join(REPO_ROOT, 'test/fixtures/spec'), join(committed, 'spec'), { recursive: true });
    expect(run(committed, ['generate']).status).toBe(0);
    cpSync(join(committed, 'generated'), join(app, 'generated'), { recursive: true });
    const r = run(app, ['check']);
    expect(r.status).toBe(1);
    expect(r.stdout.startsWith('changes: HEAD → the working tree: major bump (1 breaking, 0 additive, 1 docs-only)\n')).toBe(true);
    expect(r.stdout).toMatch(/\n--- a\/generated\//);
    expect(r.stderr).toMatch(/^generate --check: generated\/ is stale/m);
    rmSync(join(app, 'generated'), { recursive: true, force: true });
  });

  it('--help prints docs/check.md; --check is refused', () => {
    expect(run(app, ['check', '--help']).stdout).toBe(readFileSync(join(REPO_ROOT, 'docs/check.md'), 'utf8'));
    expect(run(app, ['check', '--check']).status).toBe(2);
  });
});
