// @ts-check
/**
 * The pipeline: load spec → build the intermediate model → run every emitter → compare with
 * (and, unless checking, atomically replace) generated/. `generate` and `generate --check`
 * both run all of it; only the last step differs.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from './spec/load.js';
import { buildModel } from './model/build.js';
import { sortProblems } from './util/diagnostics.js';
import { emitSchemas } from './emit/schemas.js';
import { emitInterfaces } from './emit/interfaces.js';
import { emitTopics } from './emit/topics.js';
import { emitPackage } from './emit/package.js';
import { emitGuards } from './emit/guards.js';
import { emitReceive } from './emit/receive.js';
import { emitFixtures } from './emit/fixtures.js';
import { emitShapes } from './emit/shapes.js';
import { emitClient } from './emit/client.js';
import { emitCatalog } from './emit/catalog.js';
import { loadCodeBuilder } from './print/ts.js';
import { compareOutput, writeOutputAtomically } from './write/output.js';
import { compareStrings } from './util/order.js';
import { createCache } from './util/cache.js';
import { packagePath } from './util/paths.js';

/** @typedef {import('./model/types.js').GenModel} GenModel */
/** @typedef {import('./util/diagnostics.js').Problem} Problem */

const TEMPLATES = packagePath('templates');

/**
 * @typedef {object} GenerateOptions
 * @property {string} root project root; spec and output paths are relative to it
 * @property {string} [specDir]
 * @property {string} [outDir]
 * @property {boolean} [check] compare only; write nothing
 * @property {boolean} [cache] reuse inference and json2ts results from earlier runs (default true)
 */

/**
 * @typedef {{ ok: false, problems: Problem[] } | { ok: true, model: GenModel, files: Map<string, string>, changed: string[], diff: string }} GenerateResult
 */

/**
 * Runs the whole pipeline.
 * @param {GenerateOptions} opts
 * @returns {Promise<GenerateResult>}
 */
export async function generate(opts) {
  const root = resolve(opts.root);
  const { providers, problems } = loadSpec(root, opts.specDir ?? 'spec');
  const cache = createCache({ enabled: opts.cache ?? true });
  const model = await buildModel(providers, problems, cache);
  if (problems.length) return { ok: false, problems: sortProblems(problems) };
  const files = await emitAll(model, cache);
  const outDir = resolve(root, opts.outDir ?? 'generated');
  const { changed, diff } = compareOutput(outDir, files);
  if (!opts.check && changed.length) writeOutputAtomically(outDir, files);
  return { ok: true, model, files, changed, diff };
}

/**
 * Every emitter over the model; returns output path → text, sorted by path.
 * @param {GenModel} model
 * @param {import('./util/cache.js').Cache} [cache]
 * @returns {Promise<Map<string, string>>}
 */
export async function emitAll(model, cache = createCache({ enabled: false })) {
  const { default: Handlebars } = await import('handlebars');
  /** @type {Promise<typeof import('json-schema-to-typescript').compile> | undefined} */
  let compileP;
  const getCompile = () => (compileP ??= import('json-schema-to-typescript').then((m) => m.compile));
  /** @type {Promise<import('./print/ts.js').CodeBuilder> | undefined} */
  let codeP;
  const getCode = () => (codeP ??= loadCodeBuilder());
  const hb = Handlebars.create();
  /** @type {Map<string, (ctx: object) => string>} */
  const compiled = new Map();
  const template = (/** @type {string} */ name) => {
    let t = compiled.get(name);
    if (!t) {
      t = hb.compile(readFileSync(join(TEMPLATES, name), 'utf8'), { noEscape: true, strict: true });
      compiled.set(name, t);
    }
    return t;
  };
  /** @type {[string, string][]} */
  const entries = [...emitPackage(model, template)];
  for (const p of model.providers) {
    entries.push(...emitSchemas(p), ...emitTopics(p), ...(await emitGuards(p, getCode, cache)), ...emitFixtures(p), ...emitShapes(p), ...emitReceive(p, template), ...emitClient(p), await emitInterfaces(p, getCompile, cache, getCode));
  }
  entries.push(...emitCatalog(model));
  return new Map(entries.sort((a, b) => compareStrings(a[0], b[0])));
}
