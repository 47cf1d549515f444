/**
 * Shared helpers of the importer tests: run `importDocs` on a doc string, find lines in a
 * text, and the paths of the shared seeds and docs (read-only, beside the repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { importDocs } from '../../src/tools/import/import.js';
import { LAUNCHER, REPO_ROOT } from '../helpers/project.js';

/**
 * The shared seeds and docs: the `shared/` folder beside the repository, or beside one of its
 * parent folders (a git worktree such as wt/<name>/ sits one level deeper than the main
 * checkout). When none is found, the tests that read it fail on the missing file.
 */
export const SHARED = findShared(REPO_ROOT);

function findShared(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared');
    if (existsSync(join(candidate, 'seeds'))) return candidate;
    if (dirname(dir) === dir) return join(from, '..', 'shared');
  }
}

export const SPIFFY_SEED = join(SHARED, 'seeds', '003_18c970aebc8f015d.txt');
export const CRATEJOY_SEED = join(SHARED, 'seeds', '000_0b55737183780aa7.txt');
export const CRATEJOY_DOCS = join(SHARED, 'docs', 'cratejoy');
/** `node <IMPORT_CLI...> <args>` runs the import CLI through the launcher, as `npm run import` does. */
export const IMPORT_CLI = [LAUNCHER, 'import'] as const;

export type ImportResult = ReturnType<typeof importDocs>;
export type BlockReport = ImportResult['report']['blocks'][number];

/** Imports a doc string; the file name decides the format (.md, .txt, .html). */
export function run(text: string, fileName = 'page.md', provider = 'acme'): ImportResult {
  return importDocs({ text, fileName, provider });
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** 1-based line of the `nth` (0-based) occurrence of `needle`, searching from `from`. */
export function lineOf(text: string, needle: string, opts: { nth?: number; from?: string } = {}): number {
  let at = opts.from ? text.indexOf(opts.from) : 0;
  if (at < 0) throw new Error(`test setup: ${JSON.stringify(opts.from)} does not occur`);
  at -= 1;
  for (let i = 0; i <= (opts.nth ?? 0); i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test setup: ${JSON.stringify(needle)} occurs fewer than ${(opts.nth ?? 0) + 1} time(s)`);
  }
  return text.slice(0, at).split('\n').length;
}

/** The one block of a result (fails when there are several). */
export function onlyBlock(r: ImportResult): BlockReport {
  if (r.report.blocks.length !== 1) throw new Error(`expected one block, got ${r.report.blocks.length}: ${JSON.stringify(r.report.blocks.map((b) => b.line))}`);
  return r.report.blocks[0];
}
