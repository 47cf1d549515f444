/**
 * The launcher, bin/webhook-typegen.mjs: the one place that runs a CLI's `main`, sets the exit
 * code and reports an unexpected error. Each compiled CLI runs nothing on import; a symlinked
 * install works; a reader that closes stdout early (`| head`) gets no EPIPE stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, LAUNCHER, listTree, REPO_ROOT } from '../helpers/project.js';

const COMMANDS = ['generate', 'check', 'changes', 'drift', 'trigger', 'import'] as const;
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** The environment of a user's shell: no DEBUG, no NODE_OPTIONS from the test runner. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('DEBUG' in extra)) delete env.DEBUG;
  delete env.NODE_OPTIONS;
  return env;
}

describe('the compiled CLIs', () => {
  it.each(COMMANDS)('dist/src/cli/%s.js exports main() and runs nothing on import', (command) => {
    const url = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'cli', `${command}.js`)).href;
    const code = `const m = await import(${JSON.stringify(url)}); process.stdout.write(typeof m.main);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, '--', '--help'], { cwd: REPO_ROOT, env: userEnv(), encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: 'function', stderr: '' });
  });

  it('run through a symlinked install (the symlink kept as the main path), a command still runs', () => {
    const link = join(tempDir('typegen-link-'), 'webhook-typegen');
    symlinkSync(REPO_ROOT, link, 'dir');
    const r = spawnSync(process.execPath, ['--preserve-symlinks-main', join(link, 'bin', 'webhook-typegen.mjs'), 'trigger', '--provider', 'spiffy', '--list-topics'], {
      cwd: REPO_ROOT,
      env: userEnv(),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toContain('orders/create');
  });
});

describe('stdout closed early', () => {
  it('a reader that stops after the first bytes: no EPIPE, no stack trace, the command exits with its own code', async () => {
    // a stale copy (generated/ empty): --check prints a diff of several MB, far more than a pipe holds
    const p = copyProject({ prefix: 'typegen-epipe-', include: ['spec'] });
    temps.push(p.root);
    mkdirSync(p.path('generated'));
    const child = spawn(process.execPath, [LAUNCHER, 'generate', '--check', '--root', p.root], { cwd: p.root, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const first = await new Promise<string>((done) => child.stdout.once('data', (b: Buffer) => done(b.toString('utf8'))));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(first).toMatch(/^--- /);
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(stderr).toMatch(/^generate --check: generated\/ is stale: \d+ file\(s\) differ/m);
    expect(code).toBe(1);
    // --check writes nothing, however its output ends
    expect(listTree(p.path('generated'))).toEqual([]);
  });
});

describe('an unexpected error', () => {
  /** A package root holding the launcher and one compiled CLI whose main throws. */
  function fakePackage(cli: string): string {
    const root = tempDir('typegen-fake-');
    mkdirSync(join(root, 'bin'));
    copyFileSync(LAUNCHER, join(root, 'bin', 'webhook-typegen.mjs'));
    mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    // built and no src/: the launcher does not try to rebuild
    writeFileSync(join(root, 'dist', '.tsbuildinfo'), '{}');
    writeFileSync(join(root, 'dist', 'src', 'cli', 'generate.js'), cli);
    return root;
  }
  const throwing = fakePackage(
    "export const INTERNAL_ERROR_NOTE = 'generated/ was not changed.';\nexport async function main(argv) { throw new TypeError(`boom with ${argv.join(' ')}`); }\n",
  );
  const run = (root: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(root, 'bin', 'webhook-typegen.mjs'), 'generate', '--check'], { cwd: root, env: userEnv(env), encoding: 'utf8' });

  it('one paragraph, `<command>: internal error: …`, the command\'s note, exit 2, no stack', () => {
    const r = run(throwing);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'generate: internal error: boom with --check\nSet DEBUG=1 for the stack trace, and please report it.\ngenerated/ was not changed.\n',
    });
  });

  it('with DEBUG=1, the stack trace', () => {
    const r = run(throwing, { DEBUG: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^generate: internal error: boom with --check\nTypeError: boom with --check\n\s+at (Module\.)?main /);
    expect(r.stderr.endsWith('generated/ was not changed.\n')).toBe(true);
  });

  it('a CLI module without main() is reported the same way', () => {
    const r = run(fakePackage('export const nothing = 1;\n'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('generate: internal error: dist/src/cli/generate.js exports no main(); run `npm run build`\nSet DEBUG=1 for the stack trace, and please report it.\n');
  });

  it('the exit code is what main() resolves with', () => {
    const r = run(fakePackage("export async function main() { process.stdout.write('ok\\n'); return 3; }\n"));
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 3, stdout: 'ok\n', stderr: '' });
  });
});

describe('an installed copy', () => {
  it('never rebuilds, even with sources newer than dist/ (no tsconfig.build.json: not a checkout)', () => {
    const root = tempDir('typegen-installed-');
    mkdirSync(join(root, 'bin'));
    copyFileSync(LAUNCHER, join(root, 'bin', 'webhook-typegen.mjs'));
    mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "type": "module", "version": "9.9.9" }\n');
    writeFileSync(join(root, 'dist', 'src', 'cli', 'generate.js'), "export async function main() { process.stdout.write('ran\\n'); return 0; }\n");
    // a source newer than any build stamp, and a tsc that would leave a mark
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'x.ts'), 'export {};\n');
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '.bin', 'tsc'), `#!/bin/sh\ntouch ${JSON.stringify(join(root, 'rebuilt'))}\n`, { mode: 0o755 });
    const r = spawnSync(process.execPath, [join(root, 'bin', 'webhook-typegen.mjs'), 'generate'], { cwd: root, env: userEnv(), encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: 'ran\n', stderr: '' });
    expect(listTree(root)).not.toContain('rebuilt');
  });

  it('--version, --help, and a mistyped command', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: REPO_ROOT, env: userEnv(), encoding: 'utf8' });
    const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run('--version').stdout).toBe(`${version.version}\n`);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(readFileSync(join(REPO_ROOT, 'docs', 'cli.md'), 'utf8'));
    const typo = run('chek');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('webhook-typegen: expected a command (generate, check, changes, drift, trigger, import), received "chek"\n(webhook-typegen --help for usage)\n');
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^webhook-typegen: expected a command \(.*\), received none\n/);
  });
});
