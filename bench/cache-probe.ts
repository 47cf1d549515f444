// Preloaded (`node --import dist/bench/cache-probe.js ...`) into a `generate` run that the bench
// does not time, to prove what the cache did: counts the reads and writes of files in
// generate's cache folder (node_modules/.cache/webhook-typegen) and writes the counts as JSON to
// the file named by BENCH_CACHE_PROBE when the process exits. A warm run must read the cache
// and write nothing to it (every miss writes its result); a --no-cache run must do neither.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { sep } from 'node:path';

const out = process.env.BENCH_CACHE_PROBE;
if (!out) throw new Error('cache-probe: set BENCH_CACHE_PROBE to the file that receives the counts');
const marker = `${sep}.cache${sep}webhook-typegen${sep}`;
const counts = { reads: 0, writes: 0, lookups: 0 };
const inCache = (p: unknown): boolean => (typeof p === 'string' || p instanceof URL) && String(p).includes(marker);

/** Wraps fs[name] so that each call on a cache file (that `when` accepts) adds one to counts[kind]. */
function count(name: 'readFileSync' | 'writeFileSync' | 'existsSync' | 'openSync', kind: keyof typeof counts, when: (args: unknown[]) => boolean = () => true): void {
  const original: unknown = Reflect.get(fs, name);
  if (typeof original !== 'function') throw new Error(`cache-probe: fs.${name} is not a function`);
  Reflect.set(fs, name, function (this: unknown, ...args: unknown[]): unknown {
    if (inCache(args[0]) && when(args)) counts[kind]++;
    return Reflect.apply(original, this, args);
  });
}
count('readFileSync', 'reads');
count('writeFileSync', 'writes');
count('existsSync', 'lookups');
// the run cache is written line by line through a file opened for writing (Cache.setLines)
count('openSync', 'writes', (args) => args[1] === 'w');
// the named ESM exports of node:fs (`import { readFileSync } from 'node:fs'`) follow the wrappers
syncBuiltinESMExports();
const write: unknown = Reflect.get(fs, 'writeFileSync');
process.on('exit', () => {
  // the original writer: this file is not in the cache folder, so the count is unaffected
  if (typeof write === 'function') Reflect.apply(write, fs, [out, JSON.stringify(counts)]);
});
