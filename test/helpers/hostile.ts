/**
 * Shared by the hostile-spec suites (test/cli/hostile-spec*.test.ts): how a problem is printed,
 * where a needle is in a broken file, edits of the spiffy Order model, and an in-process run of
 * `generate` (the CLI's `main`, the code the launcher calls, minus node's start-up).
 */
import { expect } from 'vitest';
import { main } from '../../src/cli/generate.js';
import { copyProject, hashTree, leftoverTempDirs, locate, type Project } from './project.js';

export const ORDER_MODEL = 'spec/spiffy/models/Order.yaml';
export const ORDER_SAMPLE = 'spec/spiffy/samples/order.json';

/** The last line of stderr after spec problems. */
export function summary(n: number): string {
  return `generate: ${n} problem${n === 1 ? '' : 's'} in spec/; generated/ was not changed.\n`;
}
export const SUMMARY = summary(1);

/** `file:line:col` of `needle` in the (broken) file. */
export function at(p: Project, file: string, needle: string, opts: Parameters<typeof locate>[2] = {}): string {
  const { line, col } = locate(p.read(file), needle, opts);
  return `${file}:${line}:${col}`;
}

/** One problem as the CLI prints it (a multi-line fix is indented under its first line). */
export function block(where: string, message: string, expected: string, found: string, fix: string): string {
  return `${where}: error: ${message}\n  expected: ${expected}\n  found:    ${found}\n  fix:      ${fix.replace(/\n/g, '\n            ')}\n`;
}

/** Points the Order model's sample list at `rel` instead of samples/order.json. */
export function nameSample(p: Project, rel: string): void {
  p.edit(ORDER_MODEL, (t) => t.replace('samples: [samples/order.json]', `samples: [${JSON.stringify(rel)}]`));
}

/** The Order sample with `text` inserted right after its opening brace. */
export function prependToSample(p: Project, text: string): void {
  p.edit(ORDER_SAMPLE, (t) => t.replace(/^\{/, `{${text}`));
}

/** Appends hint entries (YAML lines under `hints:`, indented by two spaces) to a model file. */
export function addHints(p: Project, file: string, yaml: string): void {
  p.edit(file, (t) => `${t.replace(/\n*$/, '\n')}${yaml.replace(/\n*$/, '\n')}`);
}

export interface Case {
  /** breaks the copy; returns extra CLI arguments */
  break: (p: Project) => string[] | void;
  /** the whole of stderr, computed after `break` */
  stderr: (p: Project) => string;
}

/** Runs `generate --root <copy> ...args` in-process. */
export async function runInProcess(p: Project, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--root', p.root, ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

/**
 * Breaks a fresh copy of the project as `c` says, runs generate, and checks the whole of stderr,
 * exit 1, nothing on stdout, and that nothing was touched: generated/ and the whole project
 * byte-identical, no temporary folder, no lock. The copy is removed afterwards.
 */
export async function expectRefused(c: Case, prefix = 'typegen-hostile-'): Promise<void> {
  const p = copyProject({ prefix });
  try {
    const args = c.break(p) ?? [];
    const generated = p.hash('generated');
    const project = hashTree(p.root);
    const r = await runInProcess(p, args);
    expect(r.stderr).toBe(c.stderr(p));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(p.hash('generated')).toBe(generated);
    expect(hashTree(p.root)).toBe(project);
    expect(leftoverTempDirs(p.root)).toEqual([]);
  } finally {
    p.cleanup();
  }
}
