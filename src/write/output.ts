/**
 * Writing generated/ atomically, and comparing it (for --check): both go through
 * `syncOutput`, so `generate` and `generate --check` share one code path.
 */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, renameSync, rmSync, existsSync, statSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { compareStrings } from '../util/order.js';

/** Every file under a directory, as relative `/`-separated paths, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (existsSync(dir)) walk('');
  return out.sort(compareStrings);
}

/** Differences between the files we would write (`files`: path → text) and what is in `outDir`. */
export function compareOutput(outDir: string, files: ReadonlyMap<string, string>): { changed: string[]; diff: string } {
  const onDisk = new Set(listFiles(outDir));
  const all = [...new Set([...onDisk, ...files.keys()])].sort(compareStrings);
  const changed: string[] = [];
  let diff = '';
  for (const rel of all) {
    const before = onDisk.has(rel) ? readFileSync(join(outDir, rel), 'utf8') : '';
    const after = files.get(rel) ?? '';
    if (before === after && onDisk.has(rel) === files.has(rel)) continue;
    changed.push(rel);
    const a = onDisk.has(rel) ? `a/${basename(outDir)}/${rel}` : '/dev/null';
    const b = files.has(rel) ? `b/${basename(outDir)}/${rel}` : '/dev/null';
    diff += createTwoFilesPatch(a, b, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
  }
  return { changed, diff };
}

/**
 * Writes the whole output into a temporary sibling directory, then swaps it in with renames,
 * so a failure at any point leaves the previous generated/ as it was.
 */
export function writeOutputAtomically(outDir: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, `.${basename(outDir)}.tmp-`));
  try {
    for (const [rel, content] of files) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), content);
    }
    const old = existsSync(outDir) ? `${tmp}.old` : undefined;
    if (old) renameSync(outDir, old);
    try {
      renameSync(tmp, outDir);
    } catch (e) {
      if (old) renameSync(old, outDir);
      throw e;
    }
    if (old) rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
