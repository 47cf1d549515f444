/**
 * Every emitter over the model, as independent units of work (one emitter over one provider,
 * or over the whole model): the units of a run may be done in any order and by any thread
 * (src/emit-worker.ts), since each is a pure function of the model and the generator, and the
 * files are sorted by path at the end.
 */
import type { compile as Json2Ts } from 'json-schema-to-typescript';
import type { CodeEmitter } from './emit/code.js';
import type { GenModel } from './model/types.js';
import type { Cache } from './util/cache.js';

/** The emitters of one provider, the costliest first (so that two threads finish together). */
const PROVIDER_KINDS = ['guards', 'fixtures', 'interfaces', 'topics', 'receive', 'webhooks', 'client', 'xml', 'schemas', 'shapes'] as const;
/** The emitters of the whole model. */
const MODEL_KINDS = ['root', 'catalog', 'package'] as const;

export type EmitUnit = { kind: (typeof PROVIDER_KINDS)[number]; provider: number } | { kind: (typeof MODEL_KINDS)[number] };

/** Output files: path under generated/ → text. */
export type Entries = [string, string][];

/** A run's units, the costliest kinds first, each kind over the providers in model order. */
export function emitUnits(model: GenModel): EmitUnit[] {
  return [...PROVIDER_KINDS.flatMap((kind) => model.providers.map((_, provider): EmitUnit => ({ kind, provider }))), ...MODEL_KINDS.map((kind): EmitUnit => ({ kind }))];
}

/** Does one unit over `model`; the emitters are imported once, and the compiler on first use. */
export type UnitEmitter = { run(model: GenModel, unit: EmitUnit): Promise<Entries>; code: CodeEmitter };

/** An emitter of units over `cache` (the cache of emitted modules and json2ts results). */
export async function createUnitEmitter(cache: Cache): Promise<UnitEmitter> {
  const [{ emitSchemas }, { emitInterfaces }, { emitTopics }, { emitPackage }, { emitRoot }, { emitGuards }, { emitReceive }, { emitXml }, { emitWebhooks }, { emitFixtures }, { emitShapes }, { emitClient }, { emitCatalog }, { createCodeEmitter }] = await Promise.all([
    import('./emit/schemas.js'),
    import('./emit/interfaces.js'),
    import('./emit/topics.js'),
    import('./emit/package.js'),
    import('./emit/root.js'),
    import('./emit/guards.js'),
    import('./emit/receive.js'),
    import('./emit/xml.js'),
    import('./emit/webhooks.js'),
    import('./emit/fixtures.js'),
    import('./emit/shapes.js'),
    import('./emit/client.js'),
    import('./emit/catalog.js'),
    import('./emit/code.js'),
  ]);
  let compileP: Promise<typeof Json2Ts> | undefined;
  const getCompile = (): Promise<typeof Json2Ts> => (compileP ??= import('json-schema-to-typescript').then((m) => m.compile));
  const code = createCodeEmitter(cache);
  return {
    code,
    async run(model, unit) {
      if (!('provider' in unit)) return unit.kind === 'root' ? emitRoot(model, code) : unit.kind === 'catalog' ? emitCatalog(model) : emitPackage(model);
      const p = model.providers[unit.provider];
      if (p === undefined) throw new Error(`internal: emit unit ${unit.kind} of provider #${unit.provider}: the model has ${model.providers.length} providers`);
      switch (unit.kind) {
        case 'guards':
          return emitGuards(p, code);
        case 'fixtures':
          return emitFixtures(p, code);
        case 'interfaces':
          return [await emitInterfaces(p, getCompile, cache, code)];
        case 'topics':
          return emitTopics(p, code);
        case 'receive':
          return emitReceive(p, code);
        case 'webhooks':
          return emitWebhooks(p, code);
        case 'client':
          return emitClient(p, code);
        case 'xml':
          return emitXml(p, code);
        case 'schemas':
          return emitSchemas(p);
        case 'shapes':
          return emitShapes(p);
      }
    },
  };
}

/**
 * Takes units from `units` through the shared counter (Atomics: each index is taken by exactly
 * one thread) until none is left; returns the files of the units this thread did.
 */
export async function drainUnits(emitter: UnitEmitter, model: GenModel, units: readonly EmitUnit[], counter: Int32Array): Promise<Entries> {
  const out: Entries = [];
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    const unit = units[i];
    if (unit === undefined) return out;
    out.push(...(await emitter.run(model, unit)));
  }
}
