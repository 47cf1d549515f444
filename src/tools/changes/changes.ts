/**
 * `changes`: what a spec change does to the code generated from it. Builds the intermediate
 * model of two spec states (state.ts), compares them (compare.ts) and classifies every change
 * as breaking, additive or docs-only from a receiver's point of view (types.ts: RULES), with
 * the semver bump it implies; format.ts renders the report.
 */
import type { Project } from '../../project/project.js';
import type { Cache } from '../../util/cache.js';
import { compareModels } from './compare.js';
import { formatHuman } from './format.js';
import { loadState } from './state.js';
import { bumpOf, ChangesUsageError, type Change, type ChangesReport } from './types.js';

export { compareModels, compareShape } from './compare.js';
export { formatHuman, formatJson, formatMarkdown, MARKDOWN_LIMIT, rulesText } from './format.js';
export { bumpOf, ChangesUsageError, classOf, RULES, type Bump, type Change, type ChangeClass, type ChangeKind, type ChangesReport, type Role, type Rule } from './types.js';

export interface ChangesOptions {
  project: Project;
  /** a git revision or a spec folder (default: HEAD) */
  base?: string;
  /** a git revision or a spec folder (default: the working tree) */
  head?: string;
  /** where relative folders are resolved */
  cwd: string;
  cache: Cache;
}

/** The report of a list of changes between two named states. */
export function reportOf(base: string, head: string, changes: Change[]): ChangesReport {
  return {
    version: 1,
    base,
    head,
    bump: bumpOf(changes),
    counts: { breaking: changes.filter((c) => c.class === 'breaking').length, additive: changes.filter((c) => c.class === 'additive').length, docs: changes.filter((c) => c.class === 'docs').length },
    changes,
  };
}

/** Compares the base state (default HEAD) with the head state (default the working tree). */
export async function changes(o: ChangesOptions): Promise<ChangesReport> {
  const base = await loadState(o.project, o.base ?? 'HEAD', o.cwd, o.cache);
  const head = await loadState(o.project, o.head, o.cwd, o.cache);
  return reportOf(base.label, head.label, compareModels(base.model, head.model));
}

/**
 * The changes from the committed spec (HEAD) to the working tree, in the terminal form, for
 * `generate --check` to print above its diff; undefined when there is nothing to say or
 * nothing to compare with (not a git repository, no commit yet, a spec with problems).
 */
export async function summaryAgainstHead(project: Project, cwd: string, cache: Cache, opts: { color?: boolean } = {}): Promise<string | undefined> {
  try {
    const report = await changes({ project, cwd, cache });
    return report.changes.length ? formatHuman(report, opts) : undefined;
  } catch (e) {
    if (e instanceof ChangesUsageError) return undefined;
    throw e;
  }
}
