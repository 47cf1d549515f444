/**
 * Writing generated/ atomically, and comparing it (for --check): both go through this module,
 * so `generate` and `generate --check` share one code path.
 *
 * The output folder is replaced whole, so this module refuses any folder it must not replace
 * (`checkOutputDir`): one that holds the spec or the project, one inside the spec, a file, a
 * symbolic link, or a non-empty folder without the marker file that every output holds.
 *
 * A write happens under a lock file next to the folder (`.generated.lock`), in a temporary
 * sibling (`.generated.tmp-XXXXXX`), swapped in with two renames (the old folder goes to
 * `.generated.old` first). A run killed at any point leaves one of a few states, and the next
 * run, holding the lock, repairs it before anything else (`recoverOutput`): a moved-aside old
 * folder with no new one in place is moved back, a leftover old folder next to a complete new
 * one is removed, temporary folders are removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync, writeSync, constants } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { compareStrings } from '../util/order.js';
import type { Problem } from '../util/diagnostics.js';

/** The file every output folder holds: it says webhook-typegen wrote the folder and may replace it. */
export const MARKER_FILE = '.webhook-typegen';

/** The marker's exact content (never change it: outputs written by earlier versions hold it). */
export const MARKER_TEXT = 'This folder is written by webhook-typegen (npm run generate), which replaces it whole on every run.\nDo not edit it or add files to it: they would be lost.\n';

/** Past this many edits, a file's --check diff is summarised instead of computed line by line. */
export const MAX_DIFF_EDITS = 2000;

/** `files` plus the marker, sorted by path: what the output folder holds. */
export function withMarker(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files, [MARKER_FILE, MARKER_TEXT] as const].sort((a, b) => compareStrings(a[0], b[0])));
}

/** A problem with the output folder: reported like a spec problem, exit 1. */
export class OutputProblem extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.message);
    this.name = 'OutputProblem';
    this.problem = problem;
  }
}

/** The names of the files that live next to output folder `outDir` while it is written. */
export function siblingNames(outDir: string): { lock: string; old: string; tmpPrefix: string; tmpPattern: RegExp } {
  const base = basename(outDir);
  const parent = dirname(outDir);
  return {
    lock: join(parent, `.${base}.lock`),
    old: join(parent, `.${base}.old`),
    tmpPrefix: join(parent, `.${base}.tmp-`),
    // tempDir's six characters
    tmpPattern: new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-[A-Za-z0-9]{6}$`),
  };
}

/** Every file under a directory, as relative `/`-separated paths, sorted; links and other non-directories are listed as files, never followed. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (kindOf(dir) === 'directory') walk('');
  return out.sort(compareStrings);
}

/** The text of a regular file; undefined for anything else (a link, a FIFO, a folder). */
function readRegular(abs: string): string | undefined {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: a link is not ours to read
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    if (!fstatSync(fd).isFile()) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Differences between the files we would write (`files`: path → text) and what is in `outDir`;
 * with `diff`, also a unified diff (a file too different to diff cheaply gets a one-line summary).
 */
export function compareOutput(outDir: string, files: ReadonlyMap<string, string>, opts: { diff?: boolean } = {}): { changed: string[]; diff: string } {
  const onDisk = new Set(listFiles(outDir));
  const all = [...new Set([...onDisk, ...files.keys()])].sort(compareStrings);
  const changed: string[] = [];
  let diff = '';
  for (const rel of all) {
    const before = onDisk.has(rel) ? readRegular(join(outDir, rel)) : '';
    const after = files.get(rel) ?? '';
    if (before === after && onDisk.has(rel) === files.has(rel)) continue;
    changed.push(rel);
    if (!opts.diff) continue;
    const a = onDisk.has(rel) ? `a/${basename(outDir)}/${rel}` : '/dev/null';
    const b = files.has(rel) ? `b/${basename(outDir)}/${rel}` : '/dev/null';
    if (before === undefined) {
      diff += `--- ${a}\n+++ ${b}\n@@ not a regular file on disk: it will be replaced @@\n`;
      continue;
    }
    const patch = createTwoFilesPatch(a, b, before, after, undefined, undefined, { context: 3, maxEditLength: MAX_DIFF_EDITS });
    if (patch === undefined) {
      const lines = (s: string) => (s === '' ? 0 : s.split('\n').length);
      diff += `--- ${a}\n+++ ${b}\n@@ more than ${MAX_DIFF_EDITS} lines differ (${lines(before)} lines on disk, ${lines(after)} generated): not shown @@\n`;
    } else diff += patch.replace(/^=+\n/, '');
  }
  return { changed, diff };
}

type Kind = 'missing' | 'directory' | 'file' | 'link' | 'other' | 'not-a-folder-path';

/** What is at `abs` (a link is not followed). */
function kindOf(abs: string): Kind {
  try {
    const s = lstatSync(abs);
    return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'not-a-folder-path';
    throw e;
  }
}

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** `abs` with its longest existing prefix resolved through symbolic links. */
function realish(abs: string): string {
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail);
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.unshift(basename(head));
      head = up;
    }
  }
}

/** `inner` is `outer` or inside it. */
function within(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The marker file of `dir` holds MARKER_TEXT. */
export function hasMarker(dir: string): boolean {
  return readRegular(join(dir, MARKER_FILE)) === MARKER_TEXT;
}

/**
 * Why the output folder must not be written (an empty list when it may). `root` is the project
 * root, `specDir` and `outDir` as the user gave them (relative to `root`, or absolute). Reads only.
 */
export function checkOutputDir(root: string, specDir: string, outDir: string): Problem[] {
  const problem = (message: string, expected: string, found: string, fix: string): Problem[] => [{ at: { file: outDir }, message: `--out ${outDir}: ${message}`, expected, found, fix }];
  try {
    return outputDirProblems(root, specDir, outDir, problem);
  } catch (e) {
    return problem('cannot be examined', 'a path that can be examined', e instanceof Error ? e.message : String(e), 'check the permissions of the folders on the way, or choose another --out');
  }
}

function outputDirProblems(root: string, specDir: string, outDir: string, problem: (message: string, expected: string, found: string, fix: string) => Problem[]): Problem[] {
  const abs = resolve(root, outDir);
  const expected = 'a folder that webhook-typegen wrote (it holds the file .webhook-typegen), an empty folder, or a path that does not exist yet';
  // a file on the way there
  for (let up = dirname(abs); up !== dirname(up); up = dirname(up)) {
    const k = kindOf(up);
    if (k === 'file' || k === 'other') return problem(`${relative(root, up) || up} is not a folder`, 'a path whose parents are folders', `a file at ${up}`, 'choose another --out, or move that file away');
  }
  const kind = kindOf(abs);
  if (kind === 'file' || kind === 'other') return problem('names a file, not a folder', expected, `a file at ${abs}`, 'give --out a folder (the generated package is a folder), e.g. --out generated');
  if (kind === 'not-a-folder-path') return problem('a part of the path is not a folder', expected, abs, 'choose another --out');
  if (kind === 'link') return problem('is a symbolic link', `${expected}, not a link (the whole folder is replaced, which would replace the link, not what it points to)`, `a link at ${abs}`, 'give --out the real folder the link points to, or remove the link');
  const real = realish(abs);
  const realRoot = realish(resolve(root));
  const realSpec = realish(resolve(root, specDir));
  if (real === realRoot) return problem('is the project root', expected, `the project ${root} would be replaced by the generated package`, 'give --out a folder inside the project, e.g. --out generated');
  if (within(real, realSpec)) {
    return problem(real === realSpec ? 'is the spec folder' : 'holds the spec folder', expected, `the spec ${specDir}/ would be replaced by the generated package`, 'give --out a folder of its own, e.g. --out generated');
  }
  if (within(realSpec, real)) return problem('is inside the spec folder', `${expected}, outside ${specDir}/`, `a folder inside ${specDir}/ (it would be read as a provider)`, 'give --out a folder outside the spec, e.g. --out generated');
  if (within(real, realRoot)) {
    return problem('holds the project root', expected, `the project ${root} would be replaced by the generated package`, 'give --out a folder inside the project, e.g. --out generated');
  }
  if (kind === 'directory') {
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch (e) {
      return problem('cannot be read', 'a readable folder', errorCode(e) ?? String(e), 'check the folder\'s permissions');
    }
    if (entries.length > 0 && !hasMarker(abs)) {
      const more = entries.length > 3 ? `, … (${entries.length} entries)` : '';
      return problem(
        'is a folder that webhook-typegen did not write',
        expected,
        `a folder holding ${entries.sort(compareStrings).slice(0, 3).join(', ')}${more}, and no ${MARKER_FILE} file`,
        `choose an empty or new folder; if this is an output of an earlier version of webhook-typegen, delete it, then run again`,
      );
    }
  }
  return [];
}

/** Kills the process at `point` when the kill tests ask for it (WEBHOOK_TYPEGEN_TEST_CRASH_AT). */
function crashPoint(point: string): void {
  if (process.env.WEBHOOK_TYPEGEN_TEST_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

/**
 * Takes the lock of `outDir`; returns its release. The lock file appears whole (a hard link to
 * a file that already holds the pid), so a kill can never leave an empty lock; a lock whose
 * process is gone is taken over. Where hard links are not supported, an exclusive create is
 * used instead (a kill between its create and its write leaves an empty lock, taken over too).
 */
function lock(outDir: string, shown: string): () => void {
  const { lock: file } = siblingNames(outDir);
  const mine = `${file}.${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(mine, `${process.pid}\n`);
      try {
        linkSync(mine, file);
      } catch (e) {
        const code = errorCode(e);
        if (code === 'EEXIST') throw e;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
        const fd = openSync(file, 'wx');
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
      }
      return () => rmSync(file, { force: true });
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e;
    } finally {
      rmSync(mine, { force: true });
    }
    const pid = Number((readRegular(file) ?? '').trim());
    const owner = Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
    if (owner !== undefined && alive(owner)) {
      throw new OutputProblem({
        at: { file: shown },
        message: `another run is writing ${shown}/ (process ${owner})`,
        expected: 'one run at a time per output folder',
        found: `the lock file ${file}`,
        fix: `wait for the other run to finish; if no such run exists, delete ${file}`,
      });
    }
    rmSync(file, { force: true });
  }
  throw new OutputProblem({
    at: { file: shown },
    message: 'cannot take the lock of the output folder',
    expected: 'a lock file that can be created',
    found: 'it reappears after it was removed',
    fix: `check that no other run is writing ${shown}/, then delete ${file}`,
  });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/**
 * Repairs what a killed run left next to `outDir` (the caller holds the lock): an old folder
 * moved aside with no new one in place goes back, an old folder next to a new one (the run died
 * before removing it) and every temporary folder are removed. Returns what it did, one note each.
 */
export function recoverOutput(outDir: string): string[] {
  const { old, tmpPattern } = siblingNames(outDir);
  const parent = dirname(outDir);
  const notes: string[] = [];
  const name = basename(outDir);
  if (kindOf(old) === 'directory') {
    if (kindOf(outDir) === 'missing') {
      renameSync(old, outDir);
      notes.push(`an earlier run was killed while it replaced ${name}/: put its previous content back`);
    } else {
      crashPoint('recovering');
      rmSync(old, { recursive: true, force: true });
      notes.push(`an earlier run was killed after it replaced ${name}/: removed the previous content it left in ${basename(old)}`);
    }
  }
  const lockPrefix = `${basename(siblingNames(outDir).lock)}.`;
  for (const e of readdirSync(parent, { withFileTypes: true })) {
    // a run killed while it took the lock leaves its pid file (`.generated.lock.<pid>`)
    const pid = e.name.startsWith(lockPrefix) ? Number(e.name.slice(lockPrefix.length)) : NaN;
    if (e.isFile() && Number.isSafeInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(parent, e.name), { force: true });
    if (!e.isDirectory() || !tmpPattern.test(e.name)) continue;
    rmSync(join(parent, e.name), { recursive: true, force: true });
    notes.push(`an earlier run was killed while it wrote ${name}/: removed its temporary folder ${e.name}`);
  }
  return notes;
}

/** Leftovers of a killed run next to `outDir` (read only: what `recoverOutput` would repair). */
export function leftovers(outDir: string): string[] {
  const { old, tmpPattern } = siblingNames(outDir);
  const found = kindOf(old) === 'directory' ? [basename(old)] : [];
  const parent = dirname(outDir);
  if (kindOf(parent) !== 'directory') return found;
  for (const e of readdirSync(parent, { withFileTypes: true })) if (e.isDirectory() && tmpPattern.test(e.name)) found.push(e.name);
  return found.sort(compareStrings);
}

/**
 * Brings `outDir` to exactly `files` plus the marker, or (with `check`) only compares.
 * Writing happens under the lock, after repairing what a killed run left, into a temporary
 * sibling swapped in with two renames, so a failure or a kill at any point leaves the previous
 * output or the new one (after the next run's repair). File-system failures become an
 * OutputProblem. `notes` say what was repaired (or, with `check`, what is left to repair).
 */
export function syncOutput(outDir: string, files: ReadonlyMap<string, string>, opts: { check?: boolean; shown?: string } = {}): { changed: string[]; diff: string; notes: string[] } {
  const shown = opts.shown ?? outDir;
  const all = withMarker(files);
  if (opts.check) {
    const notes = leftovers(outDir).map((n) => `${n} is left over from a killed run: \`npm run generate\` repairs it`);
    return { ...compareOutput(outDir, all, { diff: true }), notes };
  }
  const parent = dirname(outDir);
  try {
    mkdirSync(parent, { recursive: true });
    const release = lock(outDir, shown);
    try {
      crashPoint('locked');
      const notes = recoverOutput(outDir);
      const { changed } = compareOutput(outDir, all);
      if (changed.length) replace(outDir, all);
      return { changed, diff: '', notes };
    } finally {
      release();
    }
  } catch (e) {
    if (e instanceof OutputProblem) throw e;
    const code = errorCode(e);
    if (code === undefined) throw e;
    throw new OutputProblem({
      at: { file: shown },
      message: `cannot write ${shown}/: ${code}`,
      expected: 'a folder that can be created and written, with room for the generated package',
      found: e instanceof Error ? e.message : String(e),
      fix: code === 'ENOSPC' ? 'free some disk space, then run again' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `check the permissions of ${parent}, or choose another --out` : 'correct the cause above, then run again',
    });
  }
}

/** A new folder `<prefix>XXXXXX`; unlike mkdtemp's (0700), its mode is a plain mkdir's, as the output's must be. */
function tempDir(prefix: string): string {
  for (;;) {
    const dir = `${prefix}${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6)}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e;
    }
  }
}

/** The swap itself (the caller holds the lock): write a temporary sibling, move the old folder aside, move the new one in, remove the old one. */
function replace(outDir: string, files: ReadonlyMap<string, string>): void {
  const { old, tmpPrefix } = siblingNames(outDir);
  const tmp = tempDir(tmpPrefix);
  try {
    // the marker first: a temporary folder holds it from its first file on
    writeFileSync(join(tmp, MARKER_FILE), MARKER_TEXT);
    crashPoint('temp-created');
    let i = 0;
    for (const [rel, content] of files) {
      if (rel === MARKER_FILE) continue;
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), content);
      if (++i === Math.floor(files.size / 2)) crashPoint('temp-half-written');
    }
    const hadOld = kindOf(outDir) !== 'missing';
    if (hadOld) renameSync(outDir, old);
    crashPoint('old-moved');
    try {
      renameSync(tmp, outDir);
    } catch (e) {
      if (hadOld) renameSync(old, outDir);
      throw e;
    }
    crashPoint('new-in-place');
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
