// An integer above 2^53 in a docs sample must never appear rounded anywhere we write:
// not in spec/ (samples are kept verbatim) and not in generated/.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

const samples = files(join(repo, 'spec')).filter((f) => /\/samples\//.test(f));
const bigInts = [...new Set(samples.flatMap((f) => readFileSync(f, 'utf8').match(/(?<![\d.])\d{16,}(?![\d.])/g) ?? []))].filter(
  (d) => !Number.isSafeInteger(Number(d)),
);

describe('ids above 2^53', () => {
  it('the docs samples have some (the trap this guards against is real)', () => {
    expect(bigInts).toContain('327475578523353102');
    expect(bigInts.length).toBeGreaterThanOrEqual(3);
  });

  // how a rounded id gets printed: by JavaScript (…100) or exactly (…088)
  const rounded = bigInts.flatMap((d) => [String(Number(d)), String(BigInt(Number(d)))]).filter((r) => !bigInts.includes(r));
  it.each(files(join(repo, 'generated')).concat(files(join(repo, 'spec'))).map((f) => [relative(repo, f)]))('%s holds no rounded copy', (rel) => {
    const text = readFileSync(join(repo, rel), 'utf8');
    for (const r of rounded) expect(text, `${rel} contains ${r}`).not.toContain(r);
  });
});
