/**
 * A content-addressed cache for the two slow, pure steps: quicktype inference (keyed by the
 * samples, the flags and quicktype's version) and json-schema-to-typescript (keyed by its
 * input schema, options and version). Values are the tools' raw outputs, so a change to the
 * generator's own code can never be served a stale result. Lives in the tool's
 * node_modules/.cache (the convention of Babel, ESLint and others); `--no-cache` skips it.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packagePath } from './paths.js';

const DEFAULT_DIR = packagePath('node_modules', '.cache', 'webhook-typegen');

export interface Cache {
  /** false for `--no-cache`: get() finds nothing and set() keeps nothing, so no key need be computed (absent: a working cache) */
  readonly enabled?: boolean;
  get(parts: unknown[]): string | undefined;
  set(parts: unknown[], value: string): void;
  /**
   * A value stored with setLines, line by line: the file is read as bytes and each line decoded
   * only when the iteration reaches it, so a large value (a whole run's files) never becomes one
   * string, nor all its lines at once. (Optional: a cache without it, such as a test's, holds no runs.)
   */
  getLines?(parts: unknown[]): Iterable<string> | undefined;
  /** Stores `lines` (none may hold a line break) one at a time, so the value is never one string. */
  setLines?(parts: unknown[], lines: Iterable<string>): void;
}

/** A cache under `dir` (default: node_modules/.cache/webhook-typegen); a no-op when disabled. */
export function createCache({ enabled, dir = DEFAULT_DIR }: { enabled: boolean; dir?: string }): Cache {
  if (!enabled) return { enabled: false, get: () => undefined, set: () => {}, getLines: () => undefined, setLines: () => {} };
  const file = (parts: unknown[]) => join(dir, createHash('sha256').update(JSON.stringify(parts)).digest('hex') + '.txt');
  /** Writes a temporary file with `write` (given its path), then renames it into place: a reader never sees half a value. */
  const store = (parts: unknown[], write: (tmp: string) => void): void => {
    let tmp: string | undefined;
    try {
      mkdirSync(dir, { recursive: true });
      const f = file(parts);
      tmp = `${f}.${process.pid}.tmp`;
      write(tmp);
      renameSync(tmp, f);
    } catch {
      // a read-only or full disk only costs speed, never correctness
      if (tmp !== undefined) rmSync(tmp, { force: true });
    }
  };
  return {
    enabled: true,
    get(parts) {
      const f = file(parts);
      return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
    },
    set(parts, value) {
      store(parts, (tmp) => writeFileSync(tmp, value));
    },
    getLines(parts) {
      const f = file(parts);
      if (!existsSync(f)) return undefined;
      return splitLines(readFileSync(f));
    },
    setLines(parts, lines) {
      store(parts, (tmp) => {
        const fd = openSync(tmp, 'w');
        try {
          let first = true;
          for (const line of lines) {
            if (line.includes('\n')) throw new Error(`cache: a line holds a line break (${JSON.stringify(line.slice(0, 80))})`);
            writeSync(fd, first ? line : `\n${line}`);
            first = false;
          }
        } finally {
          closeSync(fd);
        }
      });
    },
  };
}

/** The UTF-8 lines of `bytes`, each decoded when reached (a line break byte never occurs inside a multi-byte sequence). */
function* splitLines(bytes: Buffer): Generator<string> {
  for (let start = 0; start <= bytes.length; ) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    yield bytes.toString('utf8', start, stop);
    start = stop + 1;
  }
}

/** `name` and `version` of the package.json in `dir`, when it has one. */
function readManifest(dir: string): { name?: unknown; version?: unknown } | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return json !== null && typeof json === 'object' ? json : undefined;
}

/** The installed version of a package, read without importing it. */
export function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  let manifest = readManifest(dir);
  while (manifest?.name !== name) {
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
    manifest = readManifest(dir);
  }
  return String(manifest.version);
}

/** A tree larger than this (files, or bytes read) is not fingerprinted: the run cache is skipped for it. */
const MAX_TREE_FILES = 20_000;
const MAX_TREE_BYTES = 256 * 1024 * 1024;

/**
 * sha256 over every entry under `dir`: relative path, kind and bytes, in sorted order (links
 * followed, as the readers follow them). Undefined when the tree cannot be read in full (a
 * missing or unreadable entry, a link loop, a special file) or exceeds the bounds above: the
 * caller then caches nothing rather than trust a partial fingerprint.
 */
export function hashTree(dir: string): string | undefined {
  const h = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const walk = (rel: string, depth: number): boolean => {
    if (depth > 64) return false;
    const names = readdirSync(rel ? join(dir, rel) : dir).sort(compareNames);
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const s = statSync(join(dir, r));
      if (s.isDirectory()) {
        h.update(`d\0${r}\0`);
        if (!walk(r, depth + 1)) return false;
      } else if (s.isFile()) {
        if (++files > MAX_TREE_FILES || (bytes += s.size) > MAX_TREE_BYTES) return false;
        h.update(`f\0${r}\0${s.size}\0`).update(readFileSync(join(dir, r))).update('\0');
      } else return false;
    }
    return true;
  };
  try {
    return walk('', 0) ? h.digest('hex') : undefined;
  } catch {
    return undefined;
  }
}

/** Code-unit order, as every listing of the generator is sorted. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
