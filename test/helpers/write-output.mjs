// The write phase of `generate` alone, for the kill tests: `node write-output.mjs <outDir>
// <sourceDir> [padding]` brings <outDir> to the files of <sourceDir> (plus `padding` extra
// 2 KB files, to widen the window a kill can land in) through the same syncOutput that
// generate calls. It prints "ready" just before the write starts and "done <ms>" after it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const { syncOutput, MARKER_FILE } = await import(join(here, '..', '..', 'dist', 'src', 'write', 'output.js'));

const [outDir, sourceDir, padding = '0'] = process.argv.slice(2);
if (!outDir || !sourceDir) throw new Error('usage: write-output.mjs <outDir> <sourceDir> [padding]');
const files = new Map();
const walk = (rel) => {
  for (const e of readdirSync(join(sourceDir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(r);
    else if (r !== MARKER_FILE) files.set(r, readFileSync(join(sourceDir, r), 'utf8'));
  }
};
walk('');
for (let i = 0; i < Number(padding); i++) files.set(`zz-padding/${String(i).padStart(5, '0')}.txt`, `${i}\n`.repeat(512));
const sorted = new Map([...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
process.stdout.write('ready\n');
const start = performance.now();
const { notes } = syncOutput(outDir, sorted);
process.stdout.write(`done ${Math.round(performance.now() - start)}\n`);
for (const n of notes) process.stderr.write(`note: ${n}\n`);
