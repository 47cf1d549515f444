// `npm run bench`: whole-process wall time of `npm run generate`'s command against the
// baseline a user would run instead (a fresh Node process that imports quicktype-core and
// renders TypeScript for the same samples: bench/baseline-quicktype.ts). Commands run
// interleaved (A B C A B C ...) and every ratio is taken within one round, so a machine that
// drifts in speed does not skew the comparison. Results go to bench/results.json.
//
// The bench is TypeScript compiled by `npm run build` into dist/bench/ (`npm run bench` builds
// first): every measured process runs plain JavaScript, as before, with no loader in its time.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, cpSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// the repository: two levels up from dist/bench/
const repo = fileURLToPath(new URL('../..', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);

// generate writes into a scratch copy, so the bench never touches the committed generated/
const scratch = mkdtempSync(join(tmpdir(), 'webhook-typegen-bench-'));
cpSync(join(repo, 'spec'), join(scratch, 'spec'), { recursive: true });

const node = process.execPath;
// `npm run generate` is `node bin/webhook-typegen.mjs generate`
const cli = join(repo, 'bin/webhook-typegen.mjs');
const commands: Record<string, [string, ...string[]]> = {
  generate_warm_cache: [node, cli, 'generate', '--root', scratch],
  generate_no_cache: [node, cli, 'generate', '--root', scratch, '--no-cache'],
  quicktype_baseline: [node, join(repo, 'dist/bench/baseline-quicktype.js')],
  node_startup: [node, '-e', ''],
};

interface Stats {
  min: number;
  median: number;
  max: number;
}

function run([cmd, ...args]: [string, ...string[]]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return ms;
}

const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { min: round(s[0]), median: round(med), max: round(s[s.length - 1]) };
};
const round = (x: number): number => Math.round(x * 1000) / 1000;

// warm-up: fills the cache and the OS file cache
for (const c of Object.values(commands)) run(c);

const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const ratios: { warm: number[]; cold: number[] } = { warm: [], cold: [] };
for (let i = 0; i < rounds; i++) {
  const t: Record<string, number> = {};
  for (const [k, c] of Object.entries(commands)) t[k] = run(c);
  for (const k of Object.keys(commands)) times[k].push(t[k]);
  ratios.warm.push(t.generate_warm_cache / t.quicktype_baseline);
  ratios.cold.push(t.generate_no_cache / t.quicktype_baseline);
  process.stderr.write(`round ${i + 1}/${rounds}: ${Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}\n`);
}
rmSync(scratch, { recursive: true, force: true });

const results = {
  what: 'wall time of whole processes; ratios are generate / quicktype baseline within the same round',
  machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model },
  rounds,
  wall_ms: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, stats(v)])),
  // the typical run after editing the spec: unchanged samples reuse their cached inference
  generate_vs_quicktype_ratio: stats(ratios.warm).median,
  generate_vs_quicktype_ratio_range: stats(ratios.warm),
  // a fresh clone or --no-cache: quicktype and json-schema-to-typescript run for every model
  generate_no_cache_vs_quicktype_ratio: stats(ratios.cold).median,
  generate_no_cache_vs_quicktype_ratio_range: stats(ratios.cold),
  goal: 'generate_vs_quicktype_ratio <= 1.0',
};
const file = join(repo, 'bench/results.json');
const prev: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
writeFileSync(file, JSON.stringify({ ...prev, ...results }, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
