/** Reading captured deliveries: raw bodies, or inspector exports with headers. */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
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

/**
 * Reads files and directories (recursively, sorted) into captures. A `.json` file holding
 * `{ "headers": {...}, "body": ... }` is a capture with headers; anything else is a raw body.
 * @param paths absolute paths
 */
export function readCaptures(paths: string[], cwd: string): Capture[] {
  const out: Capture[] = [];
  const add = (abs: string): void => {
    if (!existsSync(abs)) throw new DriftUsageError(`${relative(cwd, abs) || abs}: no such file or directory`);
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort(compareStrings)) if (!name.startsWith('.')) add(join(abs, name));
      return;
    }
    const text = readFileSync(abs, 'utf8');
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
  for (const p of paths) add(p);
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
