// The write phase of `generate` alone, for the kill tests: `node dist/test/helpers/write-output.js <outDir>
// <sourceDir> [padding]` brings <outDir> to the files of <sourceDir> (plus `padding` extra
// 2 KB files, to widen the window a kill can land in) through the same syncOutput that
// generate calls. It prints "ready" just before the write starts and "done <ms>" after it.
// (compiled by tsconfig.build.json beside the generator, so it runs as plain JavaScript in a child)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKER_FILE, syncOutput } from '../../src/write/output.js';
import { compareStrings } from '../../src/util/order.js';

const [outDir, sourceDir, padding = '0'] = process.argv.slice(2);
if (!outDir || !sourceDir) throw new Error('usage: write-output.js <outDir> <sourceDir> [padding]');
const files = new Map<string, string>();
const walk = (rel: string): void => {
  for (const e of readdirSync(join(sourceDir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(r);
    else if (r !== MARKER_FILE) files.set(r, readFileSync(join(sourceDir, r), 'utf8'));
  }
};
walk('');
for (let i = 0; i < Number(padding); i++) files.set(`zz-padding/${String(i).padStart(5, '0')}.txt`, `${i}\n`.repeat(512));
const sorted = new Map([...files].sort((a, b) => compareStrings(a[0], b[0])));
process.stdout.write('ready\n');
const start = performance.now();
const { notes } = syncOutput(outDir, sorted);
process.stdout.write(`done ${Math.round(performance.now() - start)}\n`);
for (const n of notes) process.stderr.write(`note: ${n}\n`);
