// @ts-check
/**
 * A content-addressed cache for the slow, pure steps: quicktype inference (keyed by the
 * samples, the flags and quicktype's version), json-schema-to-typescript (keyed by its input
 * schema, options and version), and the modules compiled with the TypeScript compiler (keyed
 * by their input model, the compiler's version and `fingerprint()`, a hash of the generator's
 * own code). Tool outputs are cached raw, and everything the generator computes itself is
 * keyed by its code, so a change to the generator can never be served a stale result. Lives in
 * the tool's node_modules/.cache (the convention of Babel, ESLint and others); `--no-cache`
 * skips it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from './paths.js';

const DEFAULT_DIR = packagePath('node_modules', '.cache', 'webhook-typegen');

/**
 * @typedef {object} Cache
 * @property {(parts: unknown[]) => string | undefined} get
 * @property {(parts: unknown[], value: string) => void} set
 * @property {() => string} fingerprint a hash of the generator's code (computed once per cache)
 */

/**
 * @param {{ enabled: boolean, dir?: string }} opts
 * @returns {Cache}
 */
export function createCache({ enabled, dir = DEFAULT_DIR }) {
  if (!enabled) return { get: () => undefined, set: () => {}, fingerprint: () => '' };
  const file = (/** @type {unknown[]} */ parts) => join(dir, createHash('sha256').update(JSON.stringify(parts)).digest('hex') + '.txt');
  /** @type {string | undefined} */
  let code;
  return {
    fingerprint: () => (code ??= codeFingerprint()),
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

/**
 * A hash over every file of the generator's code tree, the folder this module runs from
 * (dist/src when compiled, src/ under the test runner): a different generator, a different hash.
 */
export function codeFingerprint() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  /** @param {string} dir @param {string} rel */
  const walk = (dir, rel) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else if (e.isFile()) hash.update(`${rel}${e.name}\0`).update(readFileSync(join(dir, e.name))).update('\0');
    }
  };
  walk(root, '');
  return hash.digest('hex');
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
