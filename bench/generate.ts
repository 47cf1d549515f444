// The whole-process figures of `npm run bench`: `generate` (the command `npm run generate`
// runs, on a scratch copy of spec/) cold (--no-cache) and warm (cache filled), against the
// quicktype-core-only baseline (bench/baseline-quicktype.ts), as separate processes
// interleaved round by round, the order rotating each round; each ratio is taken within one
// round. Before timing: generate's output must be the committed generated/ byte for byte, the
// baseline must render every model, and two untimed runs with bench/cache-probe.ts preloaded
// prove that the warm command reads the cache and writes nothing to it, and the cold one
// does not touch it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Check } from './lib/types.js';

export const COMMANDS = ['generate_cold', 'generate_warm', 'quicktype_baseline', 'node_startup'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CacheCounts {
  reads: number;
  writes: number;
  lookups: number;
}

export interface GenerateResult {
  /** wall ms of each command, one entry per round */
  rounds: Record<Command, number[]>;
  orders: Command[][];
  checks: Check[];
  cache: { warm: CacheCounts; cold: CacheCounts; files: number };
  baseline: { top_levels: number; interfaces: number; lines: number };
}

interface Run {
  ms: number;
  stdout: string;
}

/** The numeric members `keys` of a JSON object text (what a child process printed). */
function numbers<K extends string>(text: string, keys: readonly K[], what: string): Record<K, number> {
  const v: unknown = JSON.parse(text);
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) {
    const n: unknown = v !== null && typeof v === 'object' ? Reflect.get(v, k) : undefined;
    if (typeof n !== 'number') throw new Error(`bench generate: ${what}: expected a number at ${k}, found ${JSON.stringify(n)} in ${text.slice(0, 200)}`);
    out[k] = n;
  }
  return { ...out } as Record<K, number>;
}

function run(repo: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: repo, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.error) throw new Error(`bench generate: node ${argv.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`bench generate: node ${argv.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** The first file that differs between two folders (relative path and how), or undefined. */
function firstTreeDifference(a: string, b: string): string | undefined {
  const list = (root: string): string[] => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
  const la = list(a);
  const lb = list(b);
  const missing = lb.find((f) => !la.includes(f));
  if (missing) return `${missing}: in the committed generated/ but not written`;
  const extra = la.find((f) => !lb.includes(f));
  if (extra) return `${extra}: written but not in the committed generated/`;
  for (const f of la) if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) return `${f}: differs from the committed file`;
  return undefined;
}

export function benchGenerate(repo: string, rounds: number, warmUp: boolean, log: (line: string) => void): GenerateResult {
  const scratch = mkdtempSync(join(tmpdir(), 'webhook-typegen-bench-'));
  try {
    cpSync(join(repo, 'spec'), join(scratch, 'spec'), { recursive: true });
    const cli = join(repo, 'bin/webhook-typegen.mjs');
    const argv: Record<Command, string[]> = {
      generate_cold: [cli, 'generate', '--root', scratch, '--no-cache'],
      generate_warm: [cli, 'generate', '--root', scratch],
      quicktype_baseline: [join(repo, 'dist/bench/baseline-quicktype.js')],
      node_startup: ['-e', ''],
    };
    const checks: Check[] = [];
    const check = (candidates: Command[], what: string, failure: string | undefined): void => {
      if (failure !== undefined) throw new Error(`bench generate: ${candidates.join(', ')}: ${what}: ${failure}`);
      checks.push({ candidates, what });
    };

    // the cache, probed (bench/cache-probe.ts) in untimed runs: the cold command does not touch
    // it; the warm one, once a run has filled it, reads it and writes nothing
    const cacheDir = join(repo, 'node_modules/.cache/webhook-typegen');
    const probe = join(scratch, 'cache-probe.json');
    const probed = (command: Command): CacheCounts => {
      run(repo, ['--import', join(repo, 'dist/bench/cache-probe.js'), ...argv[command]], { ...process.env, BENCH_CACHE_PROBE: probe });
      return numbers(readFileSync(probe, 'utf8'), ['reads', 'writes', 'lookups'], 'the cache probe');
    };
    const cold = probed('generate_cold');
    check(['generate_cold'], 'does not touch the cache (--no-cache)', cold.reads + cold.writes + cold.lookups === 0 ? undefined : `read ${cold.reads}, wrote ${cold.writes}, looked up ${cold.lookups}`);

    // outputs: generate writes the committed generated/; the baseline renders every model
    const diff = firstTreeDifference(join(scratch, 'generated'), join(repo, 'generated'));
    check(['generate_cold', 'generate_warm'], 'writes the committed generated/ byte for byte', diff && `${diff} (is generated/ up to date? run \`npm run generate\`)`);
    const baseline = numbers(run(repo, argv.quicktype_baseline).stdout, ['top_levels', 'interfaces', 'lines'], "the baseline's summary");
    check(['quicktype_baseline'], 'renders a TypeScript interface for every model', baseline.top_levels > 0 && baseline.interfaces >= baseline.top_levels ? undefined : `${baseline.top_levels} models, ${baseline.interfaces} interfaces`);
    check(['node_startup'], 'exits with 0 (the cost of starting node)', undefined);

    run(repo, argv.generate_warm);
    const files = existsSync(cacheDir) ? readdirSync(cacheDir).length : 0;
    const warm = probed('generate_warm');
    check(['generate_warm'], 'is served by the cache (reads cached results, writes none)', warm.reads > 0 && warm.writes === 0 ? undefined : `read ${warm.reads} and wrote ${warm.writes} cache files (${files} in ${cacheDir})`);

    // a warm-up round for the OS file cache (the quick smoke test skips it), then the timed rounds
    if (warmUp) for (const c of COMMANDS) run(repo, argv[c]);
    const times = Object.fromEntries(COMMANDS.map((c) => [c, [] as number[]])) as Record<Command, number[]>;
    const orders: Command[][] = [];
    for (let r = 0; r < rounds; r++) {
      const order = COMMANDS.map((_, i) => COMMANDS[(i + r) % COMMANDS.length]);
      orders.push(order);
      for (const c of order) {
        const t = run(repo, argv[c]);
        if (c.startsWith('generate') && !t.stdout.includes('already up to date')) throw new Error(`bench generate: ${c}: expected the scratch generated/ to stay up to date, found: ${t.stdout.trim()}`);
        times[c].push(t.ms);
      }
      log(`generate round ${r + 1}/${rounds}: ${order.map((c) => `${c} ${times[c][r].toFixed(0)} ms`).join(', ')}`);
    }
    check(['generate_cold', 'generate_warm'], 'leaves the scratch generated/ up to date in every timed run', undefined);
    return { rounds: times, orders, checks, cache: { warm, cold, files }, baseline };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
