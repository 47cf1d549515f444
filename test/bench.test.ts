// `npm run bench` must not break silently: the harness runs once in its quick mode
// (BENCH_QUICK=1: one process per group, tiny rounds, one generate round) and must write a
// fresh results file with every figure, its range and goal, a check of every candidate's output,
// and the proof that the warm generate run hit the cache. Nothing here looks at the timings:
// on a shared machine they mean nothing, and quick mode's figures mean nothing anyway.
// Runs the compiled bench (dist/bench/, built by `npm run build`, which `npm test` runs first);
// the typia baseline is installed by the bench itself on first use (npm ci in bench/typia/).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIGURES, goalText } from '../bench/figures.js';
import { GROUPS } from '../bench/lib/types.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-bench-test-'));
const file = join(dir, 'results.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RangeLike {
  min: number;
  median: number;
  max: number;
}

function isRange(x: unknown): x is RangeLike {
  return x !== null && typeof x === 'object' && ['min', 'median', 'max'].every((k) => Number.isFinite(Reflect.get(x, k)));
}

describe('npm run bench (BENCH_QUICK=1)', () => {
  it('writes a fresh results file with every figure, every candidate checked and the cache proven', () => {
    expect(existsSync(join(root, 'dist/bench/run.js')), 'dist/bench/run.js is missing: run `npm run build`').toBe(true);
    // a stale file that a merging writer would keep a member of
    writeFileSync(file, JSON.stringify({ stale_figure: 42, figures: [{ id: 'stale' }] }));
    const r = spawnSync(process.execPath, [join(root, 'dist/bench/run.js')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BENCH_QUICK: '1', BENCH_RESULTS: file, BENCH_NOTE: 'test/bench.test.ts' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const results: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(results).toMatchObject({ quick: true, every_candidate_checked: true, machine: { note: 'test/bench.test.ts' } });
    expect(results).not.toHaveProperty('stale_figure');

    const figures: unknown = Reflect.get(Object(results), 'figures');
    expect(Array.isArray(figures)).toBe(true);
    const byId = new Map((Array.isArray(figures) ? figures : []).map((f: unknown) => [String(Reflect.get(Object(f), 'id')), f]));
    expect([...byId.keys()]).toEqual(FIGURES.map((f) => f.id));
    const checks: unknown = Reflect.get(Object(results), 'checks');
    const checked = (group: string, candidate: string): boolean => {
      const list: unknown = Reflect.get(Object(checks), group);
      return Array.isArray(list) && list.some((c: unknown) => {
        const names: unknown = Reflect.get(Object(c), 'candidates');
        return Array.isArray(names) && names.includes(candidate);
      });
    };
    for (const def of FIGURES) {
      const f = byId.get(def.id);
      expect(isRange(Reflect.get(Object(f), 'ratio')), `${def.id}: ratio`).toBe(true);
      expect(f, def.id).toMatchObject({ goal: goalText(def.goal), numerator: def.numerator, denominator: def.denominator, runs: 1 });
      expect(typeof Reflect.get(Object(f), 'met'), `${def.id}: met`).toBe(def.goal ? 'boolean' : 'object');
      expect(checked(def.group, def.numerator), `${def.id}: ${def.numerator} checked`).toBe(true);
      expect(checked(def.group, def.denominator), `${def.id}: ${def.denominator} checked`).toBe(true);
    }
    for (const g of GROUPS) expect(Reflect.get(Object(checks), g), g).not.toHaveLength(0);

    // the lossless parsers were compared with the exact value, ids as digit strings
    const whats = (group: string): string[] => {
      const list: unknown = Reflect.get(Object(checks), group);
      return Array.isArray(list) ? list.map((c: unknown) => String(Reflect.get(Object(c), 'what'))) : [];
    };
    expect(whats('parse-1mb').filter((w) => w.includes('exact value'))).toHaveLength(2);
    expect(whats('parse-1mb').filter((w) => w.includes('beyond 2^53 as exact digit strings'))).toHaveLength(2);
    expect(whats('receive')).toContain('rejects a wrong signature');

    // the warm generate run read the cache and wrote nothing; the cold one did not touch it
    expect(results).toMatchObject({ cache_proof: { warm_run: { writes: 0 }, cold_run: { reads: 0, writes: 0, lookups: 0 } } });
    const reads: unknown = Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(results), 'cache_proof')), 'warm_run')), 'reads');
    expect(typeof reads === 'number' && reads > 0, `warm reads: ${String(reads)}`).toBe(true);

    // the tree-shaking figure: sizes, checked, never timed
    expect(results).toMatchObject({ bundle: { goal: '<= 1.5', checks: [{ ok: true }, { ok: true }] } });
    const bundle: unknown = Reflect.get(Object(results), 'bundle');
    for (const k of ['order_from_package', 'order_alone', 'all_guards', 'order_from_root']) expect(Reflect.get(Object(Reflect.get(Object(bundle), k)), 'minified_bytes'), k).toBeGreaterThan(0);
    expect(typeof Reflect.get(Object(bundle), 'ratio')).toBe('number');
    expect(r.stdout).toMatch(/^bundle: isOrder \+ validateOrder from generated\/spiffy: \d+ bytes minified/m);

    // the table is printed
    for (const def of FIGURES) expect(r.stdout).toContain(def.title.trim());
  }, 600_000);
});
