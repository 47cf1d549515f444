// The in-process harness: every candidate runs in its own loop (a fresh `new Function`, so each
// call site sees one function and one argument shape: monomorphic), its results stored in a
// sink the loop cannot prove unused; warm-up first (which also calibrates how many calls make
// a batch), then rounds in which the order of the candidates rotates, with a full GC before
// each candidate's turn so that no candidate pays for another's garbage.

/** A function to measure, called as `fn(a, b)`; `async` candidates are awaited on every call. */
export interface Candidate {
  name: string;
  fn: (...args: never[]) => unknown;
  a?: unknown;
  b?: unknown;
  async?: boolean;
}

export interface MeasureOptions {
  warmupMs: number;
  roundMs: number;
  rounds: number;
  /** how long one batch of calls should take (time is read once per batch) */
  batchMs: number;
}

export interface Measured {
  /** ops/s of each candidate, one entry per round, in round order */
  rounds: Record<string, number[]>;
  /** calls per timed batch, as calibrated during the warm-up */
  batch: Record<string, number>;
  /** the order of the candidates in each round */
  orders: string[][];
  /** how many sink slots hold a result at the end (proof that the results were kept) */
  sinkFilled: number;
}

type Loop = (fn: unknown, a: unknown, b: unknown, sink: unknown[], n: number) => unknown;

const SYNC_BODY = 'for (let i = 0; i < n; i++) sink[i & 7] = fn(a, b);';
const ASYNC_BODY = `return (async () => { for (let i = 0; i < n; i++) sink[i & 7] = await fn(a, b); })();`;

function makeLoop(isAsync: boolean): Loop {
  // a new Function per candidate: its own feedback, so the call site stays monomorphic
  const made: unknown = new Function('fn', 'a', 'b', 'sink', 'n', isAsync ? ASYNC_BODY : SYNC_BODY);
  if (typeof made !== 'function') throw new TypeError('measure: new Function did not return a function');
  return (fn, a, b, sink, n) => Reflect.apply(made, undefined, [fn, a, b, sink, n]);
}

/** Runs `n` calls of the candidate in its loop and returns the elapsed milliseconds. */
async function runBatch(loop: Loop, c: Candidate, sink: unknown[], n: number): Promise<number> {
  const t0 = performance.now();
  const r = loop(c.fn, c.a, c.b, sink, n);
  if (c.async) await r;
  return performance.now() - t0;
}

/** Warms the candidate up for `warmupMs` and returns the batch size that takes about `batchMs`. */
async function warmUp(loop: Loop, c: Candidate, sink: unknown[], opts: MeasureOptions): Promise<number> {
  let n = 1;
  let perCall = Infinity;
  const t0 = performance.now();
  do {
    const ms = await runBatch(loop, c, sink, n);
    perCall = Math.min(perCall, ms / n);
    if (ms < opts.batchMs) n *= 2;
  } while (performance.now() - t0 < opts.warmupMs);
  return Math.max(1, Math.round(opts.batchMs / Math.max(perCall, 1e-6)));
}

function collectGarbage(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') Reflect.apply(gc, undefined, []);
}

/** Measures every candidate (see the file comment); ops/s per round. */
export async function measure(candidates: readonly Candidate[], opts: MeasureOptions): Promise<Measured> {
  const names = candidates.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`measure: candidate names must be unique, received ${names.join(', ')}`);
  const sink: unknown[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  const loops = candidates.map((c) => makeLoop(c.async === true));
  const batch: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    collectGarbage();
    batch.push(await warmUp(loops[i], candidates[i], sink, opts));
  }
  const rounds: number[][] = candidates.map(() => []);
  const orders: string[][] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const order = candidates.map((_, i) => (i + r) % candidates.length);
    orders.push(order.map((i) => names[i]));
    for (const i of order) {
      collectGarbage();
      let calls = 0;
      let ms = 0;
      while (ms < opts.roundMs) {
        ms += await runBatch(loops[i], candidates[i], sink, batch[i]);
        calls += batch[i];
      }
      rounds[i].push(calls / (ms / 1000));
    }
  }
  return {
    rounds: Object.fromEntries(names.map((n, i) => [n, rounds[i]])),
    batch: Object.fromEntries(names.map((n, i) => [n, batch[i]])),
    orders,
    sinkFilled: sink.filter((x) => x !== undefined).length,
  };
}
