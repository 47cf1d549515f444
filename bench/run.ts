// `npm run bench` (bench/README.md explains the method and how to read the figures).
//
// 1. Builds the typia baseline (bench/typia.ts).
// 2. Starts BENCH_PROCESSES (default 5) rounds of measuring processes, one per group, the group
//    order rotating each round (bench/micro.ts: inputs and outputs checked, then candidates
//    measured interleaved in the same process).
// 3. Runs the whole-process generate figures (bench/generate.ts).
// 4. Writes bench/results.json afresh (BENCH_RESULTS to write elsewhere) and prints the table.
//
// BENCH_QUICK=1 runs everything once with tiny rounds: a smoke test of the harness
// (test/bench.test.ts), whose figures mean nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES, goalText, meets, type FigureDef } from './figures.js';
import { benchGenerate, COMMANDS, type GenerateResult } from './generate.js';
import { benchScale, SCALE_COMMANDS, SCALE_RSS_GOAL_MIB } from './scale.js';
import type { MeasureOptions } from './lib/measure.js';
import { median, range, significant, type Range } from './lib/stats.js';
import { GROUPS, type Check, type Group, type GroupResult } from './lib/types.js';
import { buildTypia } from './typia.js';
import { benchBundle } from './bundle.js';

// the repository: two levels up from dist/bench/
const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Settings {
  quick: boolean;
  processes: number;
  measure: MeasureOptions;
  generateRounds: number;
  /** copies of each of three providers in the large scale project (10: 30 providers) */
  scaleCopies: number;
  scaleRounds: number;
  results: string;
  note: string | undefined;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: expected a positive integer, received ${JSON.stringify(raw)}`);
  return n;
}

function settings(): Settings {
  const quick = process.env.BENCH_QUICK === '1';
  return {
    quick,
    processes: positive('BENCH_PROCESSES', quick ? 1 : 5),
    measure: quick ? { warmupMs: 20, roundMs: 10, rounds: 2, batchMs: 2 } : { warmupMs: 300, roundMs: 120, rounds: positive('BENCH_ROUNDS', 5), batchMs: 5 },
    generateRounds: positive('BENCH_GENERATE_ROUNDS', quick ? 1 : 7),
    // quick: 2 copies (6 providers), one round: a smoke test of the scale harness, not the figure
    scaleCopies: positive('BENCH_SCALE_COPIES', quick ? 2 : 10),
    scaleRounds: positive('BENCH_SCALE_ROUNDS', quick ? 1 : 3),
    results: process.env.BENCH_RESULTS ?? join(repo, 'bench/results.json'),
    note: process.env.BENCH_NOTE,
  };
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function runGroup(group: Group, opts: MeasureOptions): GroupResult {
  const r = spawnSync(process.execPath, ['--expose-gc', join(repo, 'dist/bench/micro.js'), group, JSON.stringify(opts)], { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new Error(`bench ${group}: cannot start the measuring process: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`bench ${group}: the measuring process failed (exit ${r.status}):\n${r.stderr.trim()}`);
  const parsed: unknown = JSON.parse(r.stdout);
  if (parsed === null || typeof parsed !== 'object' || Reflect.get(parsed, 'group') !== group) throw new Error(`bench ${group}: expected the group's results on stdout, found ${r.stdout.slice(0, 200)}`);
  return parsed as GroupResult;
}

function packageVersion(dir: string, name: string): string {
  try {
    const v: unknown = Reflect.get(Object(JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'))), 'version');
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'not installed';
  }
}

interface Figure {
  id: string;
  title: string;
  kind: FigureDef['kind'];
  numerator: string;
  denominator: string;
  ratio: Range;
  /** null: a figure that only explains another one */
  goal: string | null;
  /** the goal holds for the median */
  met: boolean | null;
  /** the goal holds in every process (every round, for generate) */
  met_in_every_run: boolean | null;
  runs: number;
  /** the ratio of each process (generate: of each round), in run order */
  per_run: number[];
  /** per-process medians (generate: per-round wall ms) of both sides */
  numerator_value: Range;
  denominator_value: Range;
  unit: 'ops/s' | 'ms';
}

/** The ratio of each process (per-process medians of its rounds) or, for generate, of each round. */
function figure(def: FigureDef, micro: Map<Group, GroupResult[]>, generate: GenerateResult): Figure {
  let num: number[];
  let den: number[];
  if (def.group === 'generate') {
    const rounds: Record<string, number[]> = generate.rounds;
    num = rounds[def.numerator];
    den = rounds[def.denominator];
  } else {
    const runs = micro.get(def.group) ?? [];
    const side = (name: string): number[] =>
      runs.map((r) => {
        const xs = r.measured.rounds[name];
        if (!xs) throw new Error(`bench: figure ${def.id}: no measurements of ${name} in group ${def.group}`);
        return median(xs);
      });
    num = side(def.numerator);
    den = side(def.denominator);
  }
  if (!num || !den || num.length === 0 || num.length !== den.length) throw new Error(`bench: figure ${def.id}: expected as many measurements of ${def.numerator} as of ${def.denominator}`);
  // cost: time per call ÷ time per call, from ops/s ÷ ops/s inverted
  const ratios = def.kind === 'cost' ? num.map((x, i) => den[i] / x) : num.map((x, i) => x / den[i]);
  const r = range(ratios);
  const goal = def.goal;
  return {
    id: def.id,
    title: def.title,
    kind: def.kind,
    numerator: def.numerator,
    denominator: def.denominator,
    ratio: r,
    goal: goalText(def.goal),
    met: goal ? meets(goal, median(ratios)) : null,
    met_in_every_run: goal ? ratios.every((x) => meets(goal, x)) : null,
    runs: ratios.length,
    per_run: ratios.map((x) => significant(x)),
    numerator_value: range(num),
    denominator_value: range(den),
    unit: def.kind === 'time' ? 'ms' : 'ops/s',
  };
}

function table(figures: readonly Figure[]): string {
  const rows = [['figure', 'median', 'min – max', 'goal', 'met', 'runs'], ...figures.map((f) => [f.title, String(f.ratio.median), `${f.ratio.min} – ${f.ratio.max}`, f.goal ?? '—', f.met === null ? '—' : f.met ? (f.met_in_every_run ? 'yes' : 'yes (median)') : 'no', String(f.runs)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]): string => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const s = settings();
  const started = new Date();
  const loadStart = loadavg();
  log(`bench: ${s.quick ? 'QUICK (smoke test; the figures mean nothing), ' : ''}${s.processes} process(es) per group, ${s.measure.rounds} rounds each, ${s.generateRounds} generate round(s); load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  const typia = buildTypia(repo, log);

  const micro = new Map<Group, GroupResult[]>(GROUPS.map((g) => [g, []]));
  for (let p = 0; p < s.processes; p++) {
    const order = GROUPS.map((_, i) => GROUPS[(i + p) % GROUPS.length]);
    for (const g of order) {
      const t0 = performance.now();
      micro.get(g)?.push(runGroup(g, s.measure));
      log(`process round ${p + 1}/${s.processes}: ${g} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  const generate = benchGenerate(repo, s.generateRounds, !s.quick, log);
  const scale = benchScale(repo, s.scaleCopies, s.scaleRounds, log);
  const bundle = await benchBundle(repo, log);
  if (!bundle.checks.every((c) => c.ok)) throw new Error(`bench: bundle check failed: ${bundle.checks.filter((c) => !c.ok).map((c) => c.what).join('; ')}`);
  const loadEnd = loadavg();

  // the scale figure's rounds sit beside generate's: a time ratio within a round, as theirs
  const figures = FIGURES.map((def) => figure(def, micro, { ...generate, rounds: { ...generate.rounds, ...scale.rounds } }));
  // every candidate measured has at least one check of its output, in every process
  // the scale commands' checks sit with generate's: the scale figure is a generate figure
  const checks: Record<string, Check[]> = { generate: [...generate.checks, ...scale.checks] };
  const checked: Record<string, boolean> = {};
  for (const [g, runs] of micro) {
    checks[g] = runs[0]?.checks ?? [];
    for (const r of runs) for (const name of Object.keys(r.measured.rounds)) checked[name] = (checked[name] ?? true) && r.checks.some((c) => c.candidates.includes(name));
  }
  for (const c of COMMANDS) checked[c] = generate.checks.some((k) => k.candidates.includes(c));
  for (const c of SCALE_COMMANDS) checked[c] = scale.checks.some((k) => k.candidates.includes(c));
  const unchecked = Object.keys(checked).filter((k) => !checked[k]);
  if (unchecked.length) throw new Error(`bench: no check of the output of ${unchecked.join(', ')}`);

  const candidates: Record<string, Record<string, Range>> = {};
  for (const [g, runs] of micro) {
    candidates[g] = {};
    for (const name of Object.keys(runs[0]?.measured.rounds ?? {})) candidates[g][name] = range(runs.map((r) => median(r.measured.rounds[name])));
  }
  candidates.generate_wall_ms = Object.fromEntries(COMMANDS.map((c) => [c, range(generate.rounds[c])]));
  candidates.scale_wall_ms = Object.fromEntries(SCALE_COMMANDS.map((c) => [c, range(scale.rounds[c])]));
  const largeRss = range(scale.rss_mib.scale_large);
  const scaleRss = { about: `peak resident set size (MiB, process.resourceUsage().maxRSS in the child: bench/rss-probe.ts) of generate --no-cache into an empty folder; not a ratio: the goal is an absolute peak for the large project`, providers: scale.providers, small: range(scale.rss_mib.scale_small), large: largeRss, per_round: scale.rss_mib, goal_large_mib: `<= ${SCALE_RSS_GOAL_MIB}`, met: largeRss.median <= SCALE_RSS_GOAL_MIB, met_in_every_run: scale.rss_mib.scale_large.every((x) => x <= SCALE_RSS_GOAL_MIB) };

  const results = {
    about: 'npm run bench: every figure is a ratio of two candidates measured in the same process (generate: the same round of interleaved processes); min / median / max across processes. bench/README.md explains the method. Written afresh by every run.',
    quick: s.quick,
    started: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine: {
      node: process.version,
      v8: process.versions.v8,
      os: `${platform()} ${release()} ${arch()}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memory_gib: significant(totalmem() / 2 ** 30),
      load_average_start: loadStart.map((x) => significant(x)),
      load_average_end: loadEnd.map((x) => significant(x)),
      note: s.note ?? null,
    },
    method: {
      processes_per_group: s.processes,
      rounds_per_process: s.measure.rounds,
      warmup_ms_per_candidate: s.measure.warmupMs,
      round_ms_per_candidate: s.measure.roundMs,
      generate_rounds: s.generateRounds,
      scale_copies: s.scaleCopies,
      scale_rounds: s.scaleRounds,
      in_process: 'each candidate in its own monomorphic loop (new Function), results to a sink; warm-up then rounds with the candidate order rotated each round and a full GC before each turn; a process reports the median ops/s of its rounds, the ratio is taken within the process',
      generate: 'whole processes (node bin/webhook-typegen.mjs generate on a scratch copy of spec/, and node dist/bench/baseline-quicktype.js), the order rotated each round, the ratio taken within the round',
      checks: 'inputs and every candidate output checked before timing in every process (see checks)',
    },
    versions: {
      node: process.version,
      ajv: packageVersion(repo, 'ajv'),
      'ajv-formats': packageVersion(repo, 'ajv-formats'),
      'quicktype-core': packageVersion(repo, 'quicktype-core'),
      typia: typia.typia,
      'typescript (for typia)': typia.typescript,
    },
    figures,
    candidates,
    cache_proof: {
      cache_files: generate.cache.files,
      warm_run: generate.cache.warm,
      cold_run: generate.cache.cold,
      meaning: 'counts of reads, writes and existence checks of cache files in one untimed probed run of each command (bench/cache-probe.ts)',
    },
    baseline_quicktype: generate.baseline,
    scale: { ...scaleRss, orders: scale.orders, method: 'two scratch projects: three providers of spec/, and copies of each under new ids and type prefixes (bench/scale.ts); each round runs generate --no-cache of both as separate processes, the order alternating, into an empty output folder' },
    bundle: {
      about: 'tree shaking (bench/bundle.ts): esbuild (minified ESM, platform neutral) of an entry importing only isOrder and validateOrder, from generated/spiffy/index.js and from a package generated from the Order model alone; sizes in bytes, not timed',
      esbuild: packageVersion(repo, 'esbuild'),
      ...bundle,
    },
    notes: Object.fromEntries([...micro].map(([g, runs]) => [g, runs[0]?.notes ?? {}])),
    checks,
    every_candidate_checked: true,
  };
  writeFileSync(s.results, JSON.stringify(results, null, 2) + '\n');

  console.log(`\n${table(figures)}\n`);
  console.log(`bundle: isOrder + validateOrder from generated/spiffy: ${bundle.order_from_package.minified_bytes} bytes minified (${bundle.order_from_package.gzip_bytes} gzip); the Order guards alone: ${bundle.order_alone.minified_bytes}; ratio ${bundle.ratio} (goal ${bundle.goal}: ${bundle.met ? 'met' : 'not met'}); every guard: ${bundle.all_guards.minified_bytes}; through the root module's namespace: ${bundle.order_from_root.minified_bytes}.`);
  console.log(`scale: generate --no-cache into an empty folder, ${scale.providers.scale_large} providers: peak RSS ${largeRss.median} MiB (${largeRss.min} – ${largeRss.max}; goal ≤ ${SCALE_RSS_GOAL_MIB} MiB: ${scaleRss.met ? 'met' : 'not met'}); ${scale.providers.scale_small} providers: ${scaleRss.small.median} MiB.`);
  console.log(`ratios: speed figures are ops/s ÷ ops/s (higher is better), generate figures wall ms ÷ wall ms (lower is better), cost figures (hostile) time per call ÷ time per call (lower is better).`);
  console.log(`machine: ${results.machine.cpu}, ${results.machine.cores} cores, node ${process.version}; load average ${loadStart[0].toFixed(2)} at the start, ${loadEnd[0].toFixed(2)} at the end${s.note ? ` (${s.note})` : ''}.`);
  console.log(`written: ${s.results}`);
}

await main();
