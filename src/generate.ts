/**
 * The pipeline: load spec → build the intermediate model → run every emitter → compare with
 * (and, unless checking, atomically replace) generated/. `generate` and `generate --check`
 * both run all of it; only the last step differs.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadSpec } from './spec/load.js';
import { loadSpecSources, type SpecSource } from './spec/sources.js';
import { buildModel } from './model/build.js';
import { sortProblems, type Problem } from './util/diagnostics.js';
import { emitSchemas } from './emit/schemas.js';
import { emitInterfaces } from './emit/interfaces.js';
import { emitTopics } from './emit/topics.js';
import { emitPackage } from './emit/package.js';
import { emitRoot } from './emit/root.js';
import { emitGuards } from './emit/guards.js';
import { emitReceive } from './emit/receive.js';
import { emitXml } from './emit/xml.js';
import { emitWebhooks } from './emit/webhooks.js';
import { emitFixtures } from './emit/fixtures.js';
import { emitShapes } from './emit/shapes.js';
import { emitClient } from './emit/client.js';
import { emitCatalog } from './emit/catalog.js';
import { checkOutputDir, OutputProblem, syncOutput } from './write/output.js';
import { compareStrings } from './util/order.js';
import { createCache, type Cache } from './util/cache.js';
import { createCodeEmitter } from './emit/code.js';
import { packagePath } from './util/paths.js';

import type { GenModel, OutputOptions } from './model/types.js';


export interface GenerateOptions {
  /** project root; spec and output paths are relative to it */
  root: string;
  specDir?: string;
  outDir?: string;
  /** compare only; write nothing */
  check?: boolean;
  /** reuse inference and json2ts results from earlier runs (default true) */
  cache?: boolean;
  /** where the cache lives (default: webhook-typegen's node_modules/.cache/webhook-typegen) */
  cacheDir?: string;
  /** the spec folders to read instead of `root`/`specDir` (a user's project: shipped providers and its own) */
  sources?: readonly SpecSource[];
  /** package name or plain modules (default: the package `@webhook-typegen/generated`) */
  output?: OutputOptions;
}

/**
 * `files` is the package (path → text); `changed` and `diff` compare it, with the marker file,
 * with the output folder; `notes` say what was repaired after a killed run. A failure is about
 * the spec or about the output folder (`stage`).
 */
export type GenerateResult = { ok: false; stage: 'spec' | 'output'; problems: Problem[]; /** the model as far as it was built (problems and all), for tools that explain them */ model?: GenModel } | { ok: true; model: GenModel; files: Map<string, string>; changed: string[]; diff: string; notes: string[] };

/** Runs the whole pipeline. */
export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const root = resolve(opts.root);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    return { ok: false, stage: 'spec', problems: [{ at: { file: opts.root }, message: '--root is not a folder', expected: 'the project folder (the one holding spec/)', found: `a file at ${root}`, fix: 'give --root the project folder, or leave it out to use the current one' }] };
  }
  // the spec's files are named relative to the root in messages; an absolute --spec becomes so
  const specDir = opts.specDir === undefined ? 'spec' : isAbsolute(opts.specDir) ? relative(root, opts.specDir) || '.' : opts.specDir;
  // refused before anything is read: a wrong --out never waits for the whole pipeline
  const refused = checkOutputDir(root, specDir, opts.outDir ?? 'generated');
  if (refused.length) return { ok: false, stage: 'output', problems: refused };
  const cache = createCache({ enabled: opts.cache ?? true, ...(opts.cacheDir !== undefined ? { dir: opts.cacheDir } : {}) });
  const { providers, problems } = opts.sources ? loadSpecSources(opts.sources, { cache }) : loadSpec(root, specDir, { cache });
  const model = await buildModel(providers, problems, cache);
  if (opts.output) model.output = opts.output;
  if (problems.length) return { ok: false, stage: 'spec', problems: sortProblems(problems), model };
  const files = await emitAll(model, cache);
  const outDir = resolve(root, opts.outDir ?? 'generated');
  try {
    return { ok: true, model, files, ...syncOutput(outDir, files, { check: opts.check === true, shown: opts.outDir ?? 'generated' }) };
  } catch (e) {
    if (e instanceof OutputProblem) return { ok: false, stage: 'output', problems: [e.problem] };
    throw e;
  }
}

/** Every emitter over the model; returns output path → text, sorted by path. */
export async function emitAll(model: GenModel, cache: Cache = createCache({ enabled: false })): Promise<Map<string, string>> {
  let compileP: Promise<typeof import('json-schema-to-typescript').compile> | undefined;
  const getCompile = () => (compileP ??= import('json-schema-to-typescript').then((m) => m.compile));
  const code = createCodeEmitter(cache);
  const entries: [string, string][] = [...emitPackage(model), ...(await emitRoot(model, code))];
  for (const p of model.providers) {
    entries.push(...emitSchemas(p), ...(await emitTopics(p, code)), ...(await emitGuards(p, code)), ...(await emitFixtures(p, code)), ...emitShapes(p), ...(await emitReceive(p, code)), ...(await emitWebhooks(p, code)), ...(await emitXml(p, code)), ...(await emitClient(p, code)), await emitInterfaces(p, getCompile, cache, code));
  }
  entries.push(...emitCatalog(model));
  return new Map(entries.sort((a, b) => compareStrings(a[0], b[0])));
}
