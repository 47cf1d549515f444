// The scale figure of `npm run bench` (issue 17: "30 providers (10×) ÷ 3: generate ≤ 4×, peak
// RSS ≤ 300 MiB into an empty folder"). Two scratch projects: one with three providers of
// spec/ (the first three by id), one with `copies` copies of each under new ids and type
// prefixes (10 copies: 30 providers). Each round runs `generate --no-cache` of both, as separate
// processes in an order that alternates by round, into an empty output folder; the wall time
// is taken around the process and the peak resident set size inside it (bench/rss-probe.ts).
// The first round's output of each is checked: one output folder per provider, and the small
// project's provider folders the committed generated/'s byte for byte.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Check } from './lib/types.js';

export const SCALE_COMMANDS = ['scale_small', 'scale_large'] as const;
export type ScaleCommand = (typeof SCALE_COMMANDS)[number];

/** The peak RSS goal of the large project, in MiB. */
export const SCALE_RSS_GOAL_MIB = 300;

export interface ScaleResult {
  /** providers in each project */
  providers: Record<ScaleCommand, number>;
  /** wall ms of each command, one entry per round */
  rounds: Record<ScaleCommand, number[]>;
  /** peak RSS (MiB) of each command, one entry per round */
  rss_mib: Record<ScaleCommand, number[]>;
  orders: ScaleCommand[][];
  checks: Check[];
}

/** `spec` with `ids` copied `copies` times each; copy k > 1 of `id` is `${id}x${k}`, its type prefix `${prefix}X${k}`. */
function makeProject(repo: string, ids: readonly string[], copies: number): string {
  const root = mkdtempSync(join(tmpdir(), 'webhook-typegen-scale-'));
  for (const id of ids) {
    for (let k = 1; k <= copies; k++) {
      const dest = join(root, 'spec', k === 1 ? id : `${id}x${k}`);
      cpSync(join(repo, 'spec', id), dest, { recursive: true });
      if (k === 1) continue;
      const file = join(dest, 'provider.yaml');
      const text = readFileSync(file, 'utf8');
      const renamed = text.replace(/^provider: .*$/m, `provider: ${id}x${k}`).replace(/^(typePrefix: )(.*)$/m, `$1$2X${k}`);
      if (!/^provider: /m.test(text) || !/^typePrefix: /m.test(text)) throw new Error(`bench scale: ${relative(repo, file)}: expected top-level provider: and typePrefix: lines to rename the copy`);
      writeFileSync(file, renamed);
    }
  }
  return root;
}

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
}

export function benchScale(repo: string, copies: number, rounds: number, log: (line: string) => void): ScaleResult {
  const ids = readdirSync(join(repo, 'spec'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().slice(0, 3);
  if (ids.length < 3) throw new Error(`bench scale: expected three providers in spec/, found ${ids.join(', ')}`);
  const roots: Record<ScaleCommand, string> = { scale_small: makeProject(repo, ids, 1), scale_large: makeProject(repo, ids, copies) };
  const probe = join(roots.scale_small, 'rss-probe.json');
  try {
    const providers = { scale_small: ids.length, scale_large: ids.length * copies };
    const run = (c: ScaleCommand): { ms: number; rss: number } => {
      rmSync(join(roots[c], 'generated'), { recursive: true, force: true });
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--import', join(repo, 'dist/bench/rss-probe.js'), join(repo, 'bin/webhook-typegen.mjs'), 'generate', '--root', roots[c], '--no-cache'], { cwd: repo, encoding: 'utf8', env: { ...process.env, BENCH_RSS_PROBE: probe }, maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - t0;
      if (r.error) throw new Error(`bench scale: ${c}: ${r.error.message}`);
      if (r.status !== 0) throw new Error(`bench scale: ${c} exited with ${r.status}:\n${r.stderr}`);
      const v: unknown = JSON.parse(readFileSync(probe, 'utf8'));
      const bytes: unknown = v !== null && typeof v === 'object' ? Reflect.get(v, 'max_rss_bytes') : undefined;
      if (typeof bytes !== 'number' || !(bytes > 0)) throw new Error(`bench scale: ${c}: expected a peak RSS in the probe's output, found ${JSON.stringify(v)}`);
      return { ms, rss: bytes / 2 ** 20 };
    };
    const checks: Check[] = [];
    const checkSmall = (): void => {
      for (const id of ids) {
        const a = join(roots.scale_small, 'generated', id);
        const b = join(repo, 'generated', id);
        const la = files(a);
        const lb = files(b);
        const differs = la.join('\n') !== lb.join('\n') ? 'another list of files' : la.find((f) => !readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
        if (differs !== undefined) throw new Error(`bench scale: scale_small: generated/${id}: ${differs} than the committed generated/${id} (is generated/ up to date? run \`npm run generate\`)`);
      }
      checks.push({ candidates: ['scale_small'], what: `writes generated/${ids.join(', generated/')} as committed, byte for byte` });
    };
    // the output of a command's first timed run, checked before its ratio is taken
    const check = (c: ScaleCommand): void => {
      const written = readdirSync(join(roots[c], 'generated'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'catalog' && e.name !== 'runtime').length;
      if (written < providers[c]) throw new Error(`bench scale: ${c}: expected a folder for each of ${providers[c]} providers in generated/, found ${written} folders`);
      checks.push({ candidates: [c], what: `writes a folder for each of its ${providers[c]} providers into an empty generated/` });
      if (c === 'scale_small') checkSmall();
    };

    const times: Record<ScaleCommand, number[]> = { scale_small: [], scale_large: [] };
    const rss: Record<ScaleCommand, number[]> = { scale_small: [], scale_large: [] };
    const orders: ScaleCommand[][] = [];
    for (let r = 0; r < rounds; r++) {
      const order: ScaleCommand[] = r % 2 === 0 ? ['scale_small', 'scale_large'] : ['scale_large', 'scale_small'];
      orders.push(order);
      for (const c of order) {
        const t = run(c);
        if (r === 0) check(c);
        times[c].push(t.ms);
        rss[c].push(Math.round(t.rss));
      }
      log(`scale round ${r + 1}/${rounds}: ${order.map((c) => `${c} (${providers[c]} providers) ${times[c][r].toFixed(0)} ms, peak RSS ${rss[c][r]} MiB`).join('; ')}`);
    }
    return { providers, rounds: times, rss_mib: rss, orders, checks };
  } finally {
    for (const c of SCALE_COMMANDS) rmSync(roots[c], { recursive: true, force: true });
  }
}
