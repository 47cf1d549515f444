/**
 * The shared corpus of real deliveries (read-only, outside the repository): `<repo>/../shared/corpus`,
 * else `/work/shared/corpus` (or only $WEBHOOK_CORPUS when set). A missing corpus fails the tests
 * that read it, locally and in CI: a test that cannot run must not pass as skipped.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CANDIDATES = process.env.WEBHOOK_CORPUS ? [resolve(process.env.WEBHOOK_CORPUS)] : [resolve(REPO, '../shared/corpus'), '/work/shared/corpus'];
const found = CANDIDATES.find((d) => existsSync(join(d, 'shopify-family')));

/** The Shopify-family captures directory, or undefined when no candidate exists. */
export const SHOPIFY_FAMILY = found === undefined ? undefined : join(found, 'shopify-family');

/** The suites that read the corpus: they always run, and {@link corpusDir} fails them when it is missing. */
export const describeCorpus = describe;

/** The corpus directory; throws (failing the test) when it is missing. */
export function corpusDir(): string {
  if (!SHOPIFY_FAMILY) throw new Error(`the shared corpus is missing: expected shopify-family/ in ${CANDIDATES.join(' or ')} (CI=true: it must be there)`);
  return SHOPIFY_FAMILY;
}

/** Every capture file of the corpus, relative to shopify-family/ (`orders__create/capture-2023-01.json`), sorted. */
export function corpusFiles(): string[] {
  const dir = corpusDir();
  return readdirSync(dir)
    .filter((d) => !d.startsWith('.'))
    .sort()
    .flatMap((d) => readdirSync(join(dir, d)).filter((f) => f.endsWith('.json')).sort().map((f) => `${d}/${f}`));
}

/**
 * Integer tokens above 2^53 in a JSON text, found by a tokenizer of its own (not the code under
 * test): string literals are skipped, numbers with a fraction or exponent are not integers.
 */
export function bigIntegerTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g)) {
    const t = m[0];
    if (t.startsWith('"') || /[.eE]/.test(t)) continue;
    if (!Number.isSafeInteger(Number(t))) out.push(t);
  }
  return out;
}
