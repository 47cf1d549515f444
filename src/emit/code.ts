/**
 * How emitters get at the code builder (src/print/ts.ts), and the cache that lets a warm run
 * skip it: the compiler costs about half a second to load and tens of milliseconds per module,
 * while a module is a pure function of the generator's own code, the compiler and the emitter's
 * input. So the emitted files are cached under a key of exactly those three: a change to any
 * file of the generator, or another compiler version, can never be served a stale result.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCodeBuilder, type CodeBuilder } from '../print/ts.js';
import { packageVersion, type Cache } from '../util/cache.js';

/** Output files: path under generated/ → text. */
export type Files = [string, string][];

export interface CodeEmitter {
  /** The builder, loading the compiler on first use (once per emitter). */
  builder(): Promise<CodeBuilder>;
  /**
   * The files `build` makes from `input` (`kind` names the emitter): from the cache when this
   * generator made them from the same input before, else built (and cached).
   */
  files(kind: string, input: unknown, build: (b: CodeBuilder) => Files): Promise<Files>;
  /** What cached emitter output is keyed by besides its input: the compiler's version and a hash of the generator's code. */
  fingerprint(): string;
}

/** The generator's code folder (src/ under vitest, dist/src/ when compiled). */
const CODE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** sha256 over every file under `dir` (path and bytes, in sorted order). */
function hashCode(dir: string): string {
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    const entries = readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) h.update(`${r}\0`).update(readFileSync(join(dir, r))).update('\0');
    }
  };
  walk('');
  return h.digest('hex');
}

/**
 * An emitter over `cache` (a disabled cache builds everything: `--no-cache`). `load` and
 * `fingerprint` are for tests: a loader that counts, another generator's fingerprint.
 */
export function createCodeEmitter(cache: Cache, opts: { load?: () => Promise<CodeBuilder>; fingerprint?: string } = {}): CodeEmitter {
  let builder: Promise<CodeBuilder> | undefined;
  let fingerprint: string | undefined = opts.fingerprint;
  const getBuilder = (): Promise<CodeBuilder> => (builder ??= (opts.load ?? loadCodeBuilder)());
  const getFingerprint = (): string => (fingerprint ??= `${packageVersion('@ts-morph/common')}:${hashCode(CODE_ROOT)}`);
  return {
    builder: getBuilder,
    // with the cache off no key is ever used: the generator's code is not hashed, nor any input
    fingerprint: () => (cache.enabled === false ? 'no-cache' : getFingerprint()),
    async files(kind, input, build) {
      if (cache.enabled === false) return build(await getBuilder());
      const key = ['generated-code', getFingerprint(), kind, createHash('sha256').update(JSON.stringify(input)).digest('hex')];
      const hit = cache.get(key);
      if (hit !== undefined) {
        const parsed: unknown = JSON.parse(hit);
        if (Array.isArray(parsed) && parsed.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'string')) return parsed as Files;
      }
      const files = build(await getBuilder());
      cache.set(key, JSON.stringify(files));
      return files;
    },
  };
}

/**
 * TSDoc text from paragraphs (blank lines between them; consecutive block tags such as
 * `@param` stay together); undefined and empty paragraphs are left out.
 */
export function paragraphs(lines: readonly (string | undefined)[]): string {
  const list = lines.filter((l): l is string => l !== undefined && l !== '');
  return list.map((l, i) => (i > 0 && !(l.startsWith('@') && list[i - 1]?.startsWith('@')) ? `\n${l}` : l)).join('\n');
}

/** An `@example` paragraph with a TypeScript code block. */
export function codeExample(lines: readonly string[]): string {
  return ['@example', '```ts', ...lines, '```'].join('\n');
}
