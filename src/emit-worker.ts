/**
 * The second thread of a run that emits (src/generate.ts starts it when the run cache misses
 * and the machine has two cores or more): it loads the emitters and the compiler while the
 * main thread loads the spec and builds the model, then takes emit units (src/emit-all.ts)
 * from the same counter as the main thread, and posts back the files of the units it did.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createUnitEmitter, drainUnits, type EmitUnit } from './emit-all.js';
import type { GenModel } from './model/types.js';
import { createCache } from './util/cache.js';

/** What generate.ts sends once the model is built. */
export interface WorkerJob {
  model: GenModel;
  units: EmitUnit[];
  counter: SharedArrayBuffer;
}

/** What the worker posts back: its files, or the error that stopped it. */
export type WorkerReply = { ok: true; entries: [string, string][] } | { ok: false; message: string; stack: string };

/** What generate.ts passes when starting the worker: the cache it uses. */
export interface WorkerData {
  cache: { enabled: boolean; dir?: string };
}

function isWorkerData(v: unknown): v is WorkerData {
  const cache: unknown = v !== null && typeof v === 'object' ? Reflect.get(v, 'cache') : undefined;
  return cache !== null && typeof cache === 'object' && typeof Reflect.get(cache, 'enabled') === 'boolean';
}

const port = parentPort;
if (port === null || !isWorkerData(workerData)) throw new Error('internal: src/emit-worker.ts runs as the worker thread of generate, with its cache settings');
const data: WorkerData = workerData;
// started at once: the compiler loads while the main thread is still reading the spec
const ready = createUnitEmitter(createCache(data.cache)).then(async (emitter) => {
  await emitter.code.builder();
  return emitter;
});
// a rejection is reported when the job comes; until then it is not unhandled
ready.catch(() => {});
port.once('message', (job: WorkerJob) => {
  const reply = (r: WorkerReply): void => {
    port.postMessage(r);
    port.close();
  };
  ready
    .then((emitter) => drainUnits(emitter, job.model, job.units, new Int32Array(job.counter)))
    .then(
      (entries) => reply({ ok: true, entries }),
      (e: unknown) => reply({ ok: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error && e.stack !== undefined ? e.stack : String(e) }),
    );
});
