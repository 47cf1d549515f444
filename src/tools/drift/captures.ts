/**
 * Reading captured deliveries: raw bodies, or inspector exports with headers. The inputs are
 * whatever a user points at: a FIFO, socket or device is skipped with a note (reading one
 * would wait forever or never end), as is a file above MAX_CAPTURE_BYTES, one that cannot be
 * read, and a link to a folder inside a folder (a loop would never end).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { compareStrings } from '../../util/order.js';
import { rawAt } from './raw.js';
import { DriftUsageError } from './types.js';

export interface Capture {
  /** path relative to the working directory, with `/` */
  file: string;
  /** raw body text */
  body: string;
  /** header names in lower case */
  headers?: Record<string, string>;
  /** topic from a `<topic with / as __>/` directory */
  dirTopic?: string;
}

/** The largest capture file read: far above any webhook body (providers cap theirs at a few MB). */
export const MAX_CAPTURE_BYTES = 32 * 1024 * 1024;

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Why an entry that is not a regular file is not read. */
function notRegular(st: Stats): string {
  return `not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a file'})`;
}

/** The text of a regular file, or why it is not read. Opened without blocking: a FIFO swapped in after a check cannot hang the read. */
function readRegularFile(abs: string): { text: string } | { skip: string } {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = errorCode(e);
    return { skip: code === 'EACCES' || code === 'EPERM' ? 'it cannot be read (permission denied)' : code === 'ELOOP' ? 'a loop of symbolic links' : `it cannot be opened (${code ?? String(e)})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { skip: notRegular(st) };
    if (st.size > MAX_CAPTURE_BYTES) return { skip: `${st.size} bytes, more than a capture holds (at most ${MAX_CAPTURE_BYTES})` };
    return { text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads files and directories (recursively, sorted) into captures. A `.json` file holding
 * `{ "headers": {...}, "body": ... }` is a capture with headers; anything else is a raw body.
 * What is skipped (see the module comment) is said in `notes`, one line each.
 * @param paths absolute paths
 */
export function readCaptures(paths: string[], cwd: string, notes?: string[]): Capture[] {
  const out: Capture[] = [];
  const shown = (abs: string) => relative(cwd, abs).split('\\').join('/') || abs;
  const add = (abs: string, inFolder: boolean): void => {
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' && !inFolder) throw new DriftUsageError(`${shown(abs)}: no such file or directory`);
      notes?.push(`skipped ${shown(abs)}: ${code === 'ENOENT' ? 'a symbolic link to nothing' : code === 'ELOOP' ? 'a loop of symbolic links' : `it cannot be examined (${code ?? String(e)})`}`);
      return;
    }
    if (st.isDirectory()) {
      if (inFolder && lstatSync(abs).isSymbolicLink()) {
        notes?.push(`skipped ${shown(abs)}: a link to a folder inside a folder is not followed (give the folder itself)`);
        return;
      }
      let names: string[];
      try {
        names = readdirSync(abs);
      } catch (e) {
        notes?.push(`skipped ${shown(abs)}/: it cannot be listed (${errorCode(e) ?? String(e)})`);
        return;
      }
      for (const name of names.sort(compareStrings)) if (!name.startsWith('.')) add(join(abs, name), true);
      return;
    }
    if (!st.isFile()) {
      notes?.push(`skipped ${shown(abs)}: ${notRegular(st)}`);
      return;
    }
    const read = readRegularFile(abs);
    if ('skip' in read) {
      notes?.push(`skipped ${shown(abs)}: ${read.skip}`);
      return;
    }
    const text = read.text;
    const file = relative(cwd, abs).split('\\').join('/');
    const dirTopic = basename(dirname(abs)).replace(/__/g, '/');
    let wrapper: unknown;
    try {
      wrapper = JSON.parse(text);
    } catch {
      wrapper = undefined;
    }
    if (wrapper && typeof wrapper === 'object' && !Array.isArray(wrapper) && 'body' in wrapper && 'headers' in wrapper) {
      // the body of a capture is the raw text when the inspector kept it as a string
      const rawBody = typeof wrapper.body === 'string' ? wrapper.body : (rawAt(text, ['body']) ?? JSON.stringify(wrapper.body));
      out.push({ file, body: rawBody, headers: normalizeHeaders(wrapper.headers), ...(dirTopic ? { dirTopic } : {}) });
    } else out.push({ file, body: text, ...(dirTopic ? { dirTopic } : {}) });
  };
  for (const p of paths) add(p, false);
  return out;
}

/** Headers as exported by inspectors (`{name: value}`, `[[name, value]]`, `[{name, value}]`), names lower-cased. */
function normalizeHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(h)) {
    for (const e of h as unknown[]) {
      if (Array.isArray(e) && e.length >= 2) out[String(e[0]).toLowerCase()] = String(e[1]);
      else if (e && typeof e === 'object' && 'name' in e && 'value' in e) out[String(e.name).toLowerCase()] = String(e.value);
    }
  } else if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
  }
  return out;
}
