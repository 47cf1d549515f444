// @ts-check
/**
 * A content-addressed cache for the two slow, pure steps: quicktype inference (keyed by the
 * samples, the flags and quicktype's version) and json-schema-to-typescript (keyed by its
 * input schema, options and version). Values are the tools' raw outputs, so a change to the
 * generator's own code can never be served a stale result. Lives in the tool's
 * node_modules/.cache (the convention of Babel, ESLint and others); `--no-cache` skips it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from './paths.js';

const DEFAULT_DIR = packagePath('node_modules', '.cache', 'webhook-typegen');

/**
 * @typedef {object} Cache
 * @property {(parts: unknown[]) => string | undefined} get
 * @property {(parts: unknown[], value: string) => void} set
 */

/**
 * @param {{ enabled: boolean, dir?: string }} opts
 * @returns {Cache}
 */
export function createCache({ enabled, dir = DEFAULT_DIR }) {
  if (!enabled) return { get: () => undefined, set: () => {} };
  const file = (/** @type {unknown[]} */ parts) => join(dir, createHash('sha256').update(JSON.stringify(parts)).digest('hex') + '.txt');
  return {
    get(parts) {
      const f = file(parts);
      return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
    },
    set(parts, value) {
      try {
        mkdirSync(dir, { recursive: true });
        const f = file(parts);
        const tmp = `${f}.${process.pid}.tmp`;
        writeFileSync(tmp, value);
        renameSync(tmp, f);
      } catch {
        // a read-only or full disk only costs speed, never correctness
      }
    },
  };
}

/** The installed version of a package, read without importing it. */
export function packageVersion(/** @type {string} */ name) {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name) {
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}
