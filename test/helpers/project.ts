/**
 * Helpers for CLI tests: throwaway copies of the project (spec/ and generated/ only), running
 * `node bin/webhook-typegen.mjs generate --root <copy>` against them, and hashing directory trees so a test can
 * say "this folder was not touched" byte for byte.
 *
 * The generator itself (and its templates) is always the one in this repository; only the
 * project data is copied, so a test can break the copy freely.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json, spec/, generated/, generator/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The launcher every CLI runs through (`webhook-typegen <command>`), as the npm scripts run it. */
export const LAUNCHER = join(REPO_ROOT, 'bin', 'webhook-typegen.mjs');

/** The CLI that every test runs: the launcher and its command. */
export const CLI = [LAUNCHER, 'generate'] as const;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CopyOptions {
  /** prefix of the temp folder name (default `webhook-typegen-`) */
  prefix?: string;
  /** which top-level folders of the repository to copy (default spec and generated) */
  include?: string[];
}

/**
 * A throwaway copy of the project in a fresh temp folder.
 */
export interface Project {
  /** absolute path of the copy */
  root: string;
  /** absolute path of a file or folder in the copy (`/`-separated relative path) */
  path(rel: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  /** rewrites a text file; throws when the edit changes nothing, so a broken edit cannot go unnoticed */
  edit(rel: string, change: (text: string) => string): void;
  /** runs the CLI with `--root <copy>` and the given arguments */
  run(args?: string[], opts?: RunOptions): CliResult;
  /** sha256 over a folder of the copy (default generated/), see hashTree */
  hash(rel?: string): string;
  /** removes the copy */
  cleanup(): void;
}

export interface RunOptions {
  /** working directory of the child process (default: the copy's root) */
  cwd?: string;
}

/**
 * Copies `spec/` and `generated/` (or `include`) of the repository into a new temp folder.
 */
export function copyProject(opts: CopyOptions = {}): Project {
  const root = mkdtempSync(join(tmpdir(), opts.prefix ?? 'webhook-typegen-'));
  for (const dir of opts.include ?? ['spec', 'generated']) {
    const from = join(REPO_ROOT, dir);
    if (existsSync(from)) cpSync(from, join(root, dir), { recursive: true });
  }
  return projectAt(root);
}

/** A Project handle over an existing folder (e.g. an empty temp folder). */
export function projectAt(root: string): Project {
  const path = (rel: string) => join(root, ...rel.split('/'));
  return {
    root,
    path,
    read: (rel) => readFileSync(path(rel), 'utf8'),
    write: (rel, text) => writeFileSync(path(rel), text),
    edit(rel, change) {
      const before = readFileSync(path(rel), 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`test setup: the edit of ${rel} changed nothing`);
      writeFileSync(path(rel), after);
    },
    run: (args = [], opts = {}) => runCli(root, args, opts),
    hash: (rel = 'generated') => hashTree(path(rel)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A fresh, empty temp folder (for runs that must not find any project). */
export function emptyDir(prefix = 'webhook-typegen-empty-'): Project {
  return projectAt(mkdtempSync(join(tmpdir(), prefix)));
}

/**
 * Runs `node <repo>/bin/webhook-typegen.mjs generate --root <root> ...args`. DEBUG is removed from the
 * environment so that an internal error shows what a user sees (no stack trace).
 */
export function runCli(root: string, args: string[] = [], opts: RunOptions = {}): CliResult {
  const env = { ...process.env };
  delete env.DEBUG;
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [...CLI, '--root', root, ...args], {
    cwd: opts.cwd ?? root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` as sorted `/`-separated relative paths. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      // links are listed, not followed (a loop, or a link out of the tree)
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (existsSync(dir)) walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * sha256 over every file under `dir`: its relative path and its bytes, in sorted path order.
 * A missing folder hashes to the hash of nothing (so "created" differs from "absent").
 */
export function hashTree(dir: string): string {
  const h = createHash('sha256');
  if (!existsSync(dir)) return h.update('<missing>').digest('hex');
  for (const rel of listTree(dir)) {
    const st = lstatSync(join(dir, rel));
    // a FIFO would block the read, a device never end: such entries hash by kind
    if (!st.isFile()) {
      h.update(`${rel}\0<${st.isSymbolicLink() ? `link to ${readlinkSync(join(dir, rel))}` : st.isFIFO() ? 'fifo' : 'special'}>\0`);
      continue;
    }
    const bytes = readFileSync(join(dir, rel));
    h.update(`${rel}\0${bytes.length}\0`);
    h.update(bytes);
    h.update('\0');
  }
  return h.digest('hex');
}

/** What a write of generated/ leaves in a project root only while it runs: temp folders (`.generated.tmp-*`), the moved-aside old folder (`.generated.old`) and the lock (`.generated.lock`, `.generated.lock.<pid>`). */
export function leftoverTempDirs(root: string): string[] {
  return readdirSync(root).filter((n) => n.startsWith('.generated.tmp-') || n === '.generated.old' || n.startsWith('.generated.lock'));
}

/** 1-based line and column of a character offset in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/**
 * 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`, searching
 * from `from` (an offset or a string that must occur first); `shift` moves the result right.
 */
export function locate(text: string, needle: string, opts: { nth?: number; from?: number | string; shift?: number } = {}): { line: number; col: number } {
  let at = typeof opts.from === 'string' ? text.indexOf(opts.from) : (opts.from ?? 0);
  if (at < 0) throw new Error(`test setup: ${JSON.stringify(opts.from)} does not occur`);
  at -= 1;
  for (let i = 0; i <= (opts.nth ?? 0); i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test setup: ${JSON.stringify(needle)} occurs fewer than ${(opts.nth ?? 0) + 1} time(s)`);
  }
  return lineCol(text, at + (opts.shift ?? 0));
}

/** Escapes a string for use inside a RegExp. */
export function re(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
