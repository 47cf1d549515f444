/**
 * The spec's only access to the file system: listing a folder and reading a file, with every
 * way that can go wrong (a symbolic link loop or to nothing, no permission, a folder where a
 * file should be, a FIFO or device, a file too large, bytes that are not UTF-8, a path that
 * leaves its provider's folder) turned into a located problem instead of an exception.
 *
 * The limits are stated in spec/README.md: they keep the work of a run bounded whatever the
 * spec holds (a spec is text a contributor wrote, often copied from a provider's docs).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { Location, Problem } from '../util/diagnostics.js';

/** The largest sample file (JSON or YAML) read: 50 times the largest documented payload so far. */
export const MAX_SAMPLE_BYTES = 256 * 1024;
/** The largest YAML file of the spec (provider.yaml, topics.yaml, api.yaml, a model). */
export const MAX_SPEC_FILE_BYTES = 1024 * 1024;
/** The deepest nesting of lists and maps in any spec file or sample. */
export const MAX_DEPTH = 64;

/** What is at a path, without following a final symbolic link further than needed to say what it is. */
export type EntryKind = 'file' | 'directory' | 'missing' | 'dangling-link' | 'link-loop' | 'unreadable' | 'special';

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** What `abs` is, following links (a link to a folder is a folder). */
export function entryKind(abs: string): EntryKind {
  try {
    const s = statSync(abs);
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'special';
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ELOOP') return 'link-loop';
    if (code === 'EACCES' || code === 'EPERM') return 'unreadable';
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      try {
        return lstatSync(abs).isSymbolicLink() ? 'dangling-link' : 'missing';
      } catch {
        return 'missing';
      }
    }
    throw e;
  }
}

/** Something exists at `abs`, a broken link included (unlike existsSync, which follows links). */
export function pathExists(abs: string): boolean {
  return entryKind(abs) !== 'missing';
}

/** The problem for an entry of kind `kind` where `wanted` (a file or a folder) was expected. */
export function entryProblem(at: Location, shown: string, kind: EntryKind, wanted: 'file' | 'folder'): Problem | undefined {
  const expected = wanted === 'file' ? `a readable file at ${shown}` : `a readable folder at ${shown}`;
  switch (kind) {
    case 'dangling-link':
      return { at, message: `${shown} is a symbolic link to nothing`, expected, found: 'a link whose target does not exist', fix: `point the link at the ${wanted}, or replace it with the ${wanted} itself` };
    case 'link-loop':
      return { at, message: `${shown} is a loop of symbolic links`, expected, found: 'links that lead back to themselves (ELOOP)', fix: `replace the link with the ${wanted} itself` };
    case 'unreadable':
      return { at, message: `${shown} cannot be read (permission denied)`, expected, found: 'no read permission', fix: wanted === 'file' ? `make it readable (chmod a+r ${shown})` : `make it readable and listable (chmod a+rx ${shown})` };
    case 'special':
      return { at, message: `${shown} is not a regular ${wanted}`, expected, found: 'a FIFO, socket or device', fix: `replace it with a ${wanted}` };
    case 'directory':
      return wanted === 'file' ? { at, message: `${shown} is a folder, not a file`, expected, found: 'a folder', fix: 'rename the folder, or give the path of a file' } : undefined;
    case 'file':
      return wanted === 'folder' ? { at, message: `${shown} is a file, not a folder`, expected, found: 'a file', fix: 'give the path of a folder, or move the file away' } : undefined;
    case 'missing':
      return undefined;
  }
}

/**
 * The entries of folder `<root>/<dir>` with their kinds (links followed), sorted; a problem
 * (located at `dir`) when the folder cannot be listed.
 */
export function listFolder(root: string, dir: string): { ok: true; entries: { name: string; kind: EntryKind }[] } | { ok: false; problem: Problem } {
  const abs = join(root, dir);
  const kind = entryKind(abs);
  const bad = entryProblem({ file: dir }, `${dir}/`, kind, 'folder');
  if (bad) return { ok: false, problem: bad };
  let names: string[];
  try {
    names = readdirSync(abs);
  } catch (e) {
    const problem = entryProblem({ file: dir }, `${dir}/`, errorCode(e) === 'EACCES' || errorCode(e) === 'EPERM' ? 'unreadable' : 'special', 'folder');
    if (problem) return { ok: false, problem };
    throw e;
  }
  return { ok: true, entries: names.sort().map((name) => ({ name, kind: entryKind(join(abs, name)) })) };
}

/**
 * A path named in a spec file (`rel`, relative to the provider folder `dir`) that stays inside
 * that folder, as written and after links are followed; a problem located at `at` otherwise.
 */
export function checkInside(root: string, dir: string, rel: string, at: Location): Problem | undefined {
  const normal = posix.normalize(rel.replace(/\\/g, '/'));
  const found = JSON.stringify(rel);
  const problem = (how: string): Problem => ({
    at,
    message: `the path ${found} leaves the provider folder ${dir}/${how}`,
    expected: `a path relative to ${dir}/ that stays inside it, e.g. samples/order.json`,
    found,
    fix: `copy the file into ${dir}/ and name it from there`,
  });
  if (isAbsolute(rel) || posix.isAbsolute(normal) || /^[A-Za-z]:/.test(rel) || normal === '..' || normal.startsWith('../')) return problem('');
  // a link inside the folder may still point outside it
  try {
    const realDir = realpathSync(join(root, dir));
    const realFile = realpathSync(join(root, dir, normal));
    const r = relative(realDir, realFile);
    if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) return problem(` through a symbolic link (to ${realFile})`);
  } catch {
    // a missing or broken path is reported where it is read
  }
  return undefined;
}

/**
 * Reads the spec file `<root>/<file>` as UTF-8 text, at most `maxBytes` long. Problems are
 * located at the file, except those about the path itself (it is missing, a folder, a link to
 * nothing …), which go to `namedAt` when the file was named by another file. A missing file
 * gives `missing`, for the caller to say it with its own words.
 */
export function readSpecText(root: string, file: string, opts: { maxBytes: number; namedAt?: Location }): { ok: true; text: string } | { ok: false; problem: Problem } | 'missing' {
  const abs = join(root, file);
  const kind = entryKind(abs);
  if (kind === 'missing') return 'missing';
  const at = opts.namedAt ?? { file };
  const bad = entryProblem(at, file, kind, 'file');
  if (bad) return { ok: false, problem: bad };
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO swapped in after the check above must not hang the run
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = errorCode(e);
    const problem = entryProblem(at, file, code === 'ELOOP' ? 'link-loop' : code === 'ENOENT' ? 'dangling-link' : code === 'EACCES' || code === 'EPERM' ? 'unreadable' : 'special', 'file');
    if (problem) return { ok: false, problem };
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, problem: entryProblem(at, file, st.isDirectory() ? 'directory' : 'special', 'file') ?? { at, message: `${file} is not a file`, expected: 'a file', found: 'something else' } };
    if (st.size > opts.maxBytes) {
      return {
        ok: false,
        problem: { at: { file }, message: `${file} is too large (${st.size} bytes)`, expected: `at most ${opts.maxBytes} bytes (the limit for this kind of file, see spec/README.md)`, found: `${st.size} bytes`, fix: 'keep one representative payload: shorten long lists to a few items' },
      };
    }
    // one byte more than allowed tells a file that grew since fstat
    const buf = Buffer.alloc(opts.maxBytes + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) {
        return { ok: false, problem: { at: { file }, message: `${file} is too large`, expected: `at most ${opts.maxBytes} bytes`, found: 'more (it grew while it was read)', fix: 'keep one representative payload' } };
      }
    }
    const bytes = buf.subarray(0, n);
    const bad = firstInvalidUtf8(bytes);
    if (bad !== undefined) {
      const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
      let line = 1;
      for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
      const col = bytes.subarray(lineStart, bad).toString('utf8').length + 1;
      const hex = (from: number, to: number) => [...bytes.subarray(from, Math.min(to, n))].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const next = hex(bad + 1, bad + 4);
      return {
        ok: false,
        problem: {
          at: { file, line, col },
          message: 'the file is not valid UTF-8',
          expected: 'UTF-8 text',
          found: `the byte ${hex(bad, bad + 1)}${next ? ` (before ${next})` : ' (at the end)'}, at byte offset ${bad}: it starts no valid UTF-8 sequence`,
          fix: 'save the file as UTF-8 (a file saved as Latin-1 or Windows-1252 needs converting, e.g. iconv -f latin1 -t utf-8)',
        },
      };
    }
    return { ok: true, text: bytes.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** The offset of the first byte that does not belong to well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF), or undefined. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + len > n) return i;
    const second = b[i + 1] ?? 0;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) {
      const x = b[i + k] ?? 0;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += len;
  }
  return undefined;
}
