/**
 * The pipeline: load spec → build the intermediate model → run every emitter → compare with
 * (and, unless checking, atomically replace) generated/. `generate` and `generate --check`
 * both run all of it; only the last step differs.
 *
 * A run whose inputs (every file of the spec folders, the generator's code, templates and
 * compiled runtime, its dependencies' versions, the options) fingerprint the same as an
 * earlier run's reads that run's model and files from the cache instead (the run cache), and
 * loads none of the spec, model or emitter modules. Only a successful run is stored, and only
 * when its inputs did not change while it ran.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecSource } from './spec/sources.js';
import { sortProblems, type Problem } from './util/diagnostics.js';
import { checkOutputDir, OutputProblem, syncOutput } from './write/output.js';
import { compareStrings } from './util/order.js';
import { createCache, hashTree, packageVersion, type Cache } from './util/cache.js';
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
  const enabled = opts.cache ?? true;
  const cache = createCache({ enabled, ...(opts.cacheDir !== undefined ? { dir: opts.cacheDir } : {}) });
  const key = enabled ? runKey(root, specDir, opts) : undefined;
  let built = key ? readRun(cache, key) : undefined;
  if (!built) {
    const made = await build(root, specDir, opts, cache);
    if (!made.ok) return made;
    built = made;
    // stored only when the inputs are what they were when the run started
    if (key && sameKey(key, runKey(root, specDir, opts))) cache.setLines?.(key, runLines(made.model, made.files));
  }
  const { model, files } = built;
  const outDir = resolve(root, opts.outDir ?? 'generated');
  try {
    return { ok: true, model, files, ...syncOutput(outDir, files, { check: opts.check === true, shown: opts.outDir ?? 'generated' }) };
  } catch (e) {
    if (e instanceof OutputProblem) return { ok: false, stage: 'output', problems: [e.problem] };
    throw e;
  }
}

/** Loads the spec, builds the model and runs every emitter: what a run does when the run cache misses. */
async function build(root: string, specDir: string, opts: GenerateOptions, cache: Cache): Promise<{ ok: true; model: GenModel; files: Map<string, string> } | { ok: false; stage: 'spec'; problems: Problem[]; model: GenModel }> {
  const [{ loadSpec }, { loadSpecSources }, { buildModel }] = await Promise.all([import('./spec/load.js'), import('./spec/sources.js'), import('./model/build.js')]);
  const { providers, problems } = opts.sources ? loadSpecSources(opts.sources, { cache }) : loadSpec(root, specDir, { cache });
  const model = await buildModel(providers, problems, cache);
  if (opts.output) model.output = opts.output;
  if (problems.length) return { ok: false, stage: 'spec', problems: sortProblems(problems), model };
  return { ok: true, model, files: await emitAll(model, cache) };
}

/** The generator's code folder (src/ under vitest, dist/src/ when compiled). */
const CODE_ROOT = fileURLToPath(new URL('.', import.meta.url));
/** The packages whose output ends up in generated/ (or that read the spec). */
const DEPENDENCIES = ['@ts-morph/common', 'diff', 'handlebars', 'json-schema-to-typescript', 'quicktype-core', 'yaml'];
/** Bumped when the run cache's key or value changes shape. */
const RUN_CACHE_FORMAT = 2;

/**
 * The run cache's key: everything a run's output is a function of. Undefined (no run cache)
 * when a tree cannot be fingerprinted in full (see hashTree).
 */
function runKey(root: string, specDir: string, opts: GenerateOptions): unknown[] | undefined {
  const sources: readonly SpecSource[] = opts.sources ?? [{ root, specDir, origin: 'project' }];
  const trees = [CODE_ROOT, packagePath('templates'), packagePath('dist', 'runtime'), ...sources.map((s) => resolve(s.root, s.specDir))];
  const hashes: string[] = [];
  for (const t of trees) {
    const h = existsSync(t) ? hashTree(t) : 'none';
    if (h === undefined) return undefined;
    hashes.push(h);
  }
  return ['generate-run', RUN_CACHE_FORMAT, process.version, readFileSync(packagePath('package.json'), 'utf8'), DEPENDENCIES.map(packageVersion), root, specDir, opts.sources ?? null, opts.output ?? null, trees, hashes];
}

function sameKey(a: unknown[], b: unknown[] | undefined): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A run as the run cache stores it: the model's JSON, then one `[path, text]` JSON line per
 * file. Line by line, so neither writing nor reading it ever builds one string of the whole run
 * (tens of megabytes at 30 providers, twice that as UTF-16).
 */
function* runLines(model: GenModel, files: ReadonlyMap<string, string>): Generator<string> {
  yield JSON.stringify(model);
  for (const entry of files) yield JSON.stringify(entry);
}

/** A stored run (model and files), or undefined when there is none or it is not one. */
function readRun(cache: Cache, key: unknown[]): { model: GenModel; files: Map<string, string> } | undefined {
  const lines = cache.getLines?.(key);
  if (lines === undefined) return undefined;
  try {
    let model: GenModel | undefined;
    const files = new Map<string, string>();
    for (const line of lines) {
      const v: unknown = JSON.parse(line);
      if (model === undefined) {
        if (v === null || typeof v !== 'object' || !Array.isArray(Reflect.get(v, 'providers'))) return undefined;
        model = v as GenModel;
      } else if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') files.set(v[0], v[1]);
      else return undefined;
    }
    return model && { model, files };
  } catch {
    return undefined;
  }
}

/** Every emitter over the model; returns output path → text, sorted by path. The emitters are loaded here, on first use. */
export async function emitAll(model: GenModel, cache: Cache = createCache({ enabled: false })): Promise<Map<string, string>> {
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
