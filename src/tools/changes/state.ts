/**
 * A spec state to compare: the project's working tree, a folder, or a git revision of the
 * project's spec folder (read with `git ls-tree` and `git cat-file`, written to a temporary
 * folder). The providers shipped inside webhook-typegen are the same in every state (they come
 * with the installed package); the config file of the working tree chooses the providers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildModel } from '../../model/build.js';
import type { GenModel } from '../../model/types.js';
import type { Project } from '../../project/project.js';
import { loadSpecSources, type SpecSource } from '../../spec/sources.js';
import type { Cache } from '../../util/cache.js';
import { formatProblem, sortProblems } from '../../util/diagnostics.js';
import { ChangesUsageError } from './types.js';

/** A git revision's spec folder larger than this is refused (bounded work). */
const MAX_FILES = 10_000;
const MAX_BYTES = 256 * 1024 * 1024;

export interface LoadedState {
  /** how the state is named in reports: `HEAD`, `main`, `the working tree`, a folder */
  label: string;
  model: GenModel;
}

/** Runs git in `cwd`; its stdout, or a usage error that says what git said. */
function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, maxBuffer: MAX_BYTES + 1024 * 1024, ...(input !== undefined ? { input } : {}) });
  if (r.error) throw new ChangesUsageError(`cannot run git (${r.error.message}); give --base <folder> to compare with a folder instead`);
  if (r.status !== 0) throw new ChangesUsageError(`git ${args.join(' ')}: ${r.stderr.toString('utf8').trim().split('\n')[0] ?? `exit ${r.status}`}`);
  return r.stdout;
}

/** The top folder of the git work tree holding `dir`, or a usage error. */
function gitTop(dir: string): string {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new ChangesUsageError(`${dir} is not in a git repository: commit the spec first, or give --base <folder> (a copy of the spec folder to compare with)`);
  return r.stdout.trim();
}

/**
 * Writes the project's spec folder as it is at git revision `ref` into `tmp` (at the same path
 * relative to `tmp` as `specDir` is to the project root). False when the revision has no such
 * folder.
 */
export function checkoutSpec(projectRoot: string, specDir: string, ref: string, tmp: string): boolean {
  const top = gitTop(projectRoot);
  const rel = relative(top, join(projectRoot, specDir)).split(sep).join('/');
  const known = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top });
  if (known.status !== 0) throw new ChangesUsageError(`"${ref}" is neither a folder nor a git revision (a branch, tag or commit) of ${top}`);
  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', ref, '--', rel]).toString('utf8');
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, sha] = line.slice(0, tab).split(' ');
      return { mode, type, sha: sha ?? '', path: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && e.mode !== '120000');
  if (entries.length === 0) return false;
  if (entries.length > MAX_FILES) throw new ChangesUsageError(`${ref}:${rel} holds ${entries.length} files; at most ${MAX_FILES} are compared`);
  const out = git(top, ['cat-file', '--batch'], entries.map((e) => `${e.sha}\n`).join(''));
  let at = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[0] !== e.sha || !Number.isSafeInteger(size)) throw new ChangesUsageError(`git cat-file: unexpected answer for ${e.path}`);
    const body = out.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    const target = join(tmp, specDir, ...e.path.slice(rel.length + 1).split('/'));
    if (!resolve(target).startsWith(resolve(tmp) + sep)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
  }
  return true;
}

/** The project's sources with its own spec folder read from `specRoot` instead (absent: left out). */
function withProjectSpec(project: Project, specRoot: string | undefined, specDir = project.specDir): SpecSource[] {
  return project.sources.flatMap((s) => (s.origin === 'project' ? (specRoot === undefined ? [] : [{ ...s, root: specRoot, specDir }]) : [s]));
}

/** Loads the sources and builds the model; the spec's problems become one usage error. */
async function modelOf(label: string, sources: readonly SpecSource[], cache: Cache): Promise<GenModel> {
  const { providers, problems } = loadSpecSources(sources, { cache });
  const model = await buildModel(providers, problems, cache);
  if (problems.length) {
    const sorted = sortProblems(problems);
    throw new ChangesUsageError(`the spec of ${label} has ${sorted.length} problem${sorted.length === 1 ? '' : 's'}; it cannot be compared:\n\n${sorted.slice(0, 10).map(formatProblem).join('\n\n')}${sorted.length > 10 ? `\n\n… and ${sorted.length - 10} more (run generate on it)` : ''}`);
  }
  return model;
}

/**
 * One state: `undefined` = the working tree; an existing folder = a spec folder (its provider
 * folders); anything else = a git revision of the project's spec folder.
 */
export async function loadState(project: Project, which: string | undefined, cwd: string, cache: Cache): Promise<LoadedState> {
  if (which === undefined) return { label: 'the working tree', model: await modelOf('the working tree', project.sources, cache) };
  const asDir = resolve(cwd, which);
  if (existsSync(asDir) && statSync(asDir).isDirectory()) {
    return { label: which, model: await modelOf(which, withProjectSpec(project, dirname(asDir), basename(asDir)), cache) };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'webhook-typegen-changes-'));
  try {
    const found = checkoutSpec(project.root, project.specDir, which, tmp);
    // a revision before the spec folder existed: only the package's providers
    return { label: which, model: await modelOf(which, withProjectSpec(project, found ? tmp : undefined), cache) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
