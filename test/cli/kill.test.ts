/**
 * Kill tests for the swap that replaces generated/: `generate` is SIGKILLed at every named
 * step of the write (through the test-only WEBHOOK_TYPEGEN_TEST_CRASH_AT hook: between the two
 * renames among them) and at random moments; the next run must always end with a complete
 * generated/, byte-equal to a clean run (the committed one), and nothing left next to it.
 *
 * The random kills are seeded (KILL_SEED, printed in every failure message) so a failure can be
 * replayed. Most land in the write phase alone (test/helpers/write-output.ts, compiled to dist/, runs the same
 * syncOutput with extra files, so the window is wide); some kill the whole CLI anywhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, hashTree, LAUNCHER, leftoverTempDirs, REPO_ROOT, type Project } from '../helpers/project.js';

const COMMITTED = hashTree(join(REPO_ROOT, 'generated'));
const HARNESS = join(REPO_ROOT, 'dist', 'test', 'helpers', 'write-output.js');
const SEED = Number(process.env.KILL_SEED ?? 20240613);

const projects: Project[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

/** A copy whose generated/ is stale, so that a run rewrites it. */
function staleCopy(): Project {
  const p = copyProject({ prefix: 'typegen-kill-' });
  projects.push(p);
  p.write('generated/README.md', 'stale\n');
  return p;
}

function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DEBUG;
  delete env.NODE_OPTIONS;
  return env;
}

function generate(p: Project, args: string[] = [], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [LAUNCHER, 'generate', '--root', p.root, ...args], { cwd: p.root, env: userEnv(env), encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

/** What is next to and in generated/ after a kill, for the messages. */
function state(p: Project): string {
  return readdirSync(p.root)
    .sort()
    .map((n) => (n === 'generated' || n.startsWith('.generated') ? `${n}${existsSync(join(p.root, n, '.webhook-typegen')) ? ' (marked)' : ''}` : n))
    .join(', ');
}

/** The next run repairs and completes: exit 0, generated/ equal to the committed one, nothing left over. */
function expectRepairedByNextRun(p: Project, context: string): string {
  const r = generate(p);
  expect(r.status, `${context}\n${r.stdout}${r.stderr}`).toBe(0);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(p.hash('generated'), `${context}: generated/ after the next run`).toBe(COMMITTED);
  expect(leftoverTempDirs(p.root), context).toEqual([]);
  return r.stderr;
}

describe('a kill at each step of the write; the next run repairs', () => {
  const steps: [string, (p: Project) => void, RegExp][] = [
    [
      'locked (nothing written yet)',
      (p) => {
        expect(readdirSync(p.root).sort()).toEqual(['.generated.lock', 'generated', 'spec']);
      },
      /^$/,
    ],
    [
      'temp-created (a temporary folder with the marker only)',
      (p) => {
        const tmp = leftoverTempDirs(p.root).filter((n) => n.startsWith('.generated.tmp-'));
        expect(tmp).toHaveLength(1);
        expect(readdirSync(join(p.root, tmp[0] ?? ''))).toEqual(['.webhook-typegen']);
      },
      /^generate: note: an earlier run was killed while it wrote generated\/: removed its temporary folder \.generated\.tmp-\w{6}$/m,
    ],
    [
      'temp-half-written',
      (p) => {
        expect(leftoverTempDirs(p.root).filter((n) => n.startsWith('.generated.tmp-'))).toHaveLength(1);
        expect(p.read('generated/README.md')).toBe('stale\n');
      },
      /^generate: note: an earlier run was killed while it wrote generated\/: removed its temporary folder/m,
    ],
    [
      'old-moved (between the two renames: no generated/ at all)',
      (p) => {
        expect(existsSync(p.path('generated'))).toBe(false);
        expect(existsSync(p.path('.generated.old'))).toBe(true);
      },
      /^generate: note: an earlier run was killed while it replaced generated\/: put its previous content back$/m,
    ],
    [
      'new-in-place (the old folder not yet removed)',
      (p) => {
        expect(p.hash('generated')).toBe(COMMITTED);
        expect(existsSync(p.path('.generated.old'))).toBe(true);
      },
      /^generate: note: an earlier run was killed after it replaced generated\/: removed the previous content it left in \.generated\.old$/m,
    ],
  ];

  it.each(steps)('killed at %s', (step, check, note) => {
    const p = staleCopy();
    const killed = generate(p, [], { WEBHOOK_TYPEGEN_TEST_CRASH_AT: step.split(' ')[0] ?? '' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    check(p);
    if (step.startsWith('old-moved') || step.startsWith('new-in-place')) {
      // --check after a kill changes nothing and says what is left over
      const before = hashTree(p.root);
      const c = generate(p, ['--check']);
      expect(c.stderr).toMatch(/^generate --check: note: \.generated\.old is left over from a killed run: `npm run generate` repairs it$/m);
      expect(c.stderr).not.toMatch(/internal error/);
      expect(hashTree(p.root)).toBe(before);
    }
    expect(expectRepairedByNextRun(p, `killed at ${step}; state: ${state(p)}`)).toMatch(note);
  });

  it('killed after the swap, then killed again while repairing: the third run still ends complete', () => {
    const p = staleCopy();
    expect(generate(p, [], { WEBHOOK_TYPEGEN_TEST_CRASH_AT: 'new-in-place' }).signal).toBe('SIGKILL');
    expect(generate(p, [], { WEBHOOK_TYPEGEN_TEST_CRASH_AT: 'recovering' }).signal).toBe('SIGKILL');
    expect(existsSync(p.path('.generated.old'))).toBe(true);
    expectRepairedByNextRun(p, `state: ${state(p)}`);
  });

  it('a folder named .generated.old that a run did not leave: refused, never moved or deleted', () => {
    const p = staleCopy();
    mkdirSync(p.path('.generated.old'));
    p.write('.generated.old/mine.txt', 'keep me\n');
    const before = hashTree(p.root);
    const r = generate(p);
    expect(r.stderr).toBe(
      `generated: error: a folder .generated.old next to generated/ is in the way\n  expected: no .generated.old (the name a run uses for the previous output while it swaps in the new one), or one a killed run left\n  found:    ${p.path('.generated.old')}, which holds files webhook-typegen did not write (no .webhook-typegen)\n  fix:      move ${p.path('.generated.old')} away, then run again\n\ngenerate: 1 problem with --out generated; nothing was written.\n`,
    );
    expect(r.status).toBe(1);
    expect(hashTree(p.root)).toBe(before);
  });

  it('temporary-looking folders: one a run left (a marker cut short) is removed, one it did not leave is not touched', () => {
    const p = staleCopy();
    mkdirSync(p.path('.generated.tmp-aaaaaa'));
    p.write('.generated.tmp-aaaaaa/.webhook-typegen', 'Generated by webhook-ty');
    p.write('.generated.tmp-aaaaaa/README.md', 'half\n');
    mkdirSync(p.path('.generated.tmp-bbbbbb'));
    p.write('.generated.tmp-bbbbbb/notes.txt', 'keep me\n');
    const r = generate(p);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('generate: note: an earlier run was killed while it wrote generated/: removed its temporary folder .generated.tmp-aaaaaa\n');
    expect(p.hash('generated')).toBe(COMMITTED);
    expect(readdirSync(p.root).sort()).toEqual(['.generated.tmp-bbbbbb', 'generated', 'spec']);
    expect(p.read('.generated.tmp-bbbbbb/notes.txt')).toBe('keep me\n');
  });

  it('a lock held by a live process: refused with a located problem, nothing touched', () => {
    const p = staleCopy();
    p.write('.generated.lock', `${process.pid}\n`);
    const before = hashTree(p.root);
    const r = generate(p);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `generated: error: another run is writing generated/ (process ${process.pid})\n  expected: one run at a time per output folder\n  found:    the lock file ${p.path('.generated.lock')}\n  fix:      wait for the other run to finish; if no such run exists, delete ${p.path('.generated.lock')}\n\ngenerate: 1 problem with --out generated; nothing was written.\n`,
    );
    expect(hashTree(p.root)).toBe(before);
  });
});

/** A small seeded generator (mulberry32), so that a failing sequence of kills can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Spawns `args`; kills it `delay` ms after it prints "ready" (or after it starts, without `afterReady`). Resolves with how it ended. */
function spawnAndKill(args: string[], delay: number, afterReady: boolean): Promise<{ signal: NodeJS.Signals | null; code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), delay));
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (afterReady && out.includes('ready\n')) arm();
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
    if (!afterReady) arm();
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ signal, code, out });
    });
  });
}

describe(`random kills (seed ${SEED})`, () => {
  it('20 sequences of 1 to 3 kills in the write phase: the next run always ends complete, byte-equal to a clean run', async () => {
    const rand = random(SEED);
    const p = copyProject({ prefix: 'typegen-kill-random-' });
    projects.push(p);
    const out = p.path('generated');
    const source = join(REPO_ROOT, 'generated');
    // how long the padded write takes here, to spread the kills over it
    const calibrate = spawnSync(process.execPath, [HARNESS, out, source, '800'], { encoding: 'utf8' });
    let ms = Number(/done (\d+)/.exec(calibrate.stdout)?.[1]);
    expect(ms, calibrate.stdout + calibrate.stderr).toBeGreaterThan(0);
    let killedMidway = 0;
    // 20 sequences, and more (up to 60) until 16 kills landed inside the write: on a machine
    // whose load drops after the calibration, writes finish sooner and more kills come too late
    for (let i = 0; i < 20 || (killedMidway <= 15 && i < 60); i++) {
      const kills = 1 + Math.floor(rand() * 3);
      const delays: number[] = [];
      for (let k = 0; k < kills; k++) {
        const delay = Math.floor(rand() * ms * 1.2);
        delays.push(delay);
        const r = await spawnAndKill([HARNESS, out, source, '800'], delay, true);
        if (r.signal === 'SIGKILL') killedMidway++;
        else {
          expect(r.code, r.out).toBe(0);
          // a write that finished before its kill: later kills are spread over the faster time
          const took = Number(/done (\d+)/.exec(r.out)?.[1]);
          if (took > 0 && took < ms) ms = took;
        }
      }
      const context = `seed ${SEED}, sequence ${i}, kills after ${delays.join(', ')} ms of ${ms}; state: ${state(p)}`;
      if (i % 5 === 4) expectRepairedByNextRun(p, context);
      else {
        const r = spawnSync(process.execPath, [HARNESS, out, source, '0'], { encoding: 'utf8' });
        expect(r.status, `${context}\n${r.stdout}${r.stderr}`).toBe(0);
        expect(p.hash('generated'), context).toBe(COMMITTED);
        expect(leftoverTempDirs(p.root), context).toEqual([]);
      }
    }
    // the kills did land inside the write (a run that finished first proves nothing)
    expect(killedMidway).toBeGreaterThan(15);
  });

  it('4 kills of the whole CLI at random moments of its run', async () => {
    const rand = random(SEED + 1);
    const p = staleCopy();
    const start = performance.now();
    expect(generate(p).status).toBe(0);
    const ms = performance.now() - start;
    for (let i = 0; i < 4; i++) {
      p.write('generated/README.md', 'stale\n');
      const delay = Math.floor(rand() * ms);
      await spawnAndKill([LAUNCHER, 'generate', '--root', p.root], delay, false);
      expectRepairedByNextRun(p, `seed ${SEED + 1}, kill ${i} after ${delay} ms of ${Math.round(ms)}; state: ${state(p)}`);
    }
  });
});
