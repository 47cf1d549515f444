/**
 * `generate --check`: compares, prints a unified diff when stale, and never writes; plain
 * `generate` then brings generated/ up to date. Plus the argument handling (--help, bad flags).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, emptyDir, hashTree, leftoverTempDirs, re, type Project } from '../helpers/project.js';

const TOPICS = 'spec/spiffy/topics.yaml';
const OLD = 'An order was created.';
const NEW = 'An order was placed by a customer (edited for the --check test).';

describe('--check on an untouched copy', () => {
  let p: Project;
  beforeAll(() => {
    p = copyProject({ prefix: 'typegen-check-clean-' });
  });
  afterAll(() => p.cleanup());

  it('exits 0, says up to date and writes nothing', () => {
    const before = hashTree(p.root);
    const r = p.run(['--check']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^generate --check: generated\/ is up to date \(/m);
    expect(r.stderr).toBe('');
    expect(hashTree(p.root)).toBe(before);
    expect(leftoverTempDirs(p.root)).toEqual([]);
  });
});

describe('--check after a spec edit, then generate', () => {
  let p: Project;
  let pristine: string;
  beforeAll(() => {
    p = copyProject({ prefix: 'typegen-check-stale-' });
    pristine = p.hash('generated');
    p.edit(TOPICS, (t) => t.replace(`description: ${OLD}`, `description: ${NEW}`));
  });
  afterAll(() => p.cleanup());

  it('--check exits 1 with a unified diff and leaves generated/ byte-identical', () => {
    const rootBefore = hashTree(p.root);
    const r = p.run(['--check']);
    expect(r.status, r.stdout + r.stderr).toBe(1);

    // a unified diff of every stale file, with a/ and b/ prefixes and hunk headers
    const headers = [...r.stdout.matchAll(/^--- a\/generated\/(\S+)\n\+\+\+ b\/generated\/(\S+)$/gm)];
    expect(headers.length, r.stdout).toBeGreaterThan(0);
    for (const [, a, b] of headers) expect(a).toBe(b);
    expect(r.stdout).toMatch(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/m);
    expect(r.stdout).toMatch(new RegExp(`^-.*${re(OLD)}`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^\\+.*${re(NEW)}`, 'm'));
    // the topic's docs live in the provider's index.d.ts
    expect(r.stdout).toMatch(/^--- a\/generated\/spiffy\/index\.d\.ts$/m);
    expect(r.stderr).toMatch(/generated\/ is stale: \d+ file\(s\) differ/);
    expect(r.stdout + r.stderr).not.toMatch(/^ {4}at /m);

    expect(p.hash('generated')).toBe(pristine);
    expect(hashTree(p.root)).toBe(rootBefore);
    expect(leftoverTempDirs(p.root)).toEqual([]);
  });

  it('generate exits 0 and writes the new description; --check then exits 0', () => {
    const r = p.run();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^generate: wrote generated\/ \(\d+ file\(s\) changed; /m);
    expect(p.hash('generated')).not.toBe(pristine);
    expect(p.read('generated/spiffy/index.d.ts')).toContain(NEW);
    expect(p.read('generated/spiffy/index.d.ts')).not.toContain(OLD);
    expect(leftoverTempDirs(p.root)).toEqual([]);

    const after = p.hash('generated');
    const c = p.run(['--check']);
    expect(c.status, c.stdout + c.stderr).toBe(0);
    expect(c.stdout).toMatch(/is up to date/);
    expect(p.hash('generated')).toBe(after);
  });

  it('a second generate changes nothing', () => {
    const before = p.hash('generated');
    const r = p.run();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^generate: generated\/ already up to date/m);
    expect(p.hash('generated')).toBe(before);
  });
});

describe('arguments', () => {
  let p: Project;
  beforeAll(() => {
    p = emptyDir();
  });
  afterAll(() => p.cleanup());

  it('--help exits 0 and prints the usage', () => {
    const r = p.run(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: /m);
    expect(r.stdout).toContain('--check');
    expect(r.stderr).toBe('');
  });

  it.each([
    ['an unknown flag', ['--bogus'], /unknown argument "--bogus"/],
    ['--root without its value', ['--root'], /--root needs a value/],
  ])('%s exits 2 with the usage on stderr', (_name, args, message) => {
    const r = p.run(args);
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('--check');
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  });

  it('exits 2 (and writes nothing) for an unknown flag even in a real project', () => {
    const q = copyProject({ prefix: 'typegen-check-args-' });
    try {
      const before = hashTree(q.root);
      const r = q.run(['--check', '--chek']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/unknown argument "--chek"/);
      expect(hashTree(q.root)).toBe(before);
    } finally {
      q.cleanup();
    }
  });
});
