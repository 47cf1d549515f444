// The tree-shaking figure (`npm run bench`; alone: `npm run bench:bundle`): how much of
// the generated package a bundler keeps for an app that imports only `isOrder` and
// `validateOrder` from the Spiffy module, against the same two functions from a package
// generated from the Order model alone (Spiffy's spec with every other model, topic and the API
// left out): the Order guards alone. esbuild bundles both (minified, ES module, platform
// neutral); the generated package.json says `"sideEffects": false` and the guards' top-level
// tables carry `/*#__PURE__*/`, which is what lets it drop the rest. Sizes, not times: nothing
// here depends on the machine's load.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { emitAll } from '../src/generate.js';
import { buildModel } from '../src/model/build.js';
import { loadSpec } from '../src/spec/load.js';
import { createCache } from '../src/util/cache.js';
import { syncOutput } from '../src/write/output.js';

/** The goal of the issue: the bundle ≤ 1.5 × the Order guards alone. */
export const BUNDLE_GOAL = 1.5;

export interface BundleSize {
  /** what the entry imports, and from where */
  entry: string;
  minified_bytes: number;
  gzip_bytes: number;
  /** bytes of each input module in the minified output */
  inputs: Record<string, number>;
}

export interface BundleResult {
  /** isOrder + validateOrder from generated/spiffy/index.js (the whole Spiffy package) */
  order_from_package: BundleSize;
  /** the same from the root module (`import { spiffy } from …`, then spiffy.isOrder) */
  order_from_root: BundleSize;
  /** the same two functions from a package generated from the Order model alone */
  order_alone: BundleSize;
  /** every export of generated/spiffy/guards.js: what tree shaking spares */
  all_guards: BundleSize;
  /** order_from_package ÷ order_alone (minified bytes) */
  ratio: number;
  goal: string;
  met: boolean;
  checks: { what: string; ok: boolean }[];
}

async function bundle(dir: string, name: string, source: string, entry: string): Promise<BundleSize> {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source);
  const r = await build({ entryPoints: [file], bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, metafile: true, logLevel: 'silent', outfile: join(dir, `${name}.out.js`) });
  const out = r.outputFiles[0];
  if (!out) throw new Error(`bench bundle ${name}: esbuild wrote nothing`);
  const inputs: Record<string, number> = {};
  for (const o of Object.values(r.metafile.outputs)) {
    for (const [k, v] of Object.entries(o.inputs)) inputs[k.includes('webhook-typegen-bundle-') && !k.includes('order-alone/') ? '<entry>' : k.replace(/^.*?(generated|order-alone)\//, '$1/')] = v.bytesInOutput;
  }
  return { entry, minified_bytes: out.contents.length, gzip_bytes: gzipSync(out.contents).length, inputs };
}

/** A package generated from Spiffy's Order model only (its topics, no API), in `dir`. */
async function orderAlone(repo: string, dir: string): Promise<string> {
  const cache = createCache({ enabled: true });
  const { providers, problems } = loadSpec(repo, 'spec', { cache });
  const spiffy = providers.find((p) => p.id === 'spiffy');
  if (!spiffy || problems.length) throw new Error(`bench bundle: spec/ has ${problems.length} problem(s) or no spiffy`);
  const only = { ...spiffy, models: spiffy.models.filter((m) => m.name === 'Order'), topics: spiffy.topics.filter((t) => !t.undocumented && t.payload.length === 1 && t.payload[0] === 'Order') };
  delete only.api;
  const model = await buildModel([only], problems, cache);
  if (problems.length) throw new Error(`bench bundle: the Order-only spec has problems: ${problems.map((p) => p.message).join('; ')}`);
  const out = join(dir, 'order-alone');
  syncOutput(out, await emitAll(model, cache));
  return out;
}

export async function benchBundle(repo: string, log: (line: string) => void = () => {}): Promise<BundleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-bundle-'));
  try {
    const generated = join(repo, 'generated');
    const alone = await orderAlone(repo, dir);
    const two = (from: string) => `import { isOrder, validateOrder } from ${JSON.stringify(from)};\nexport { isOrder, validateOrder };\n`;
    const fromPackage = await bundle(dir, 'package', two(join(generated, 'spiffy', 'index.js')), "import { isOrder, validateOrder } from '<generated>/spiffy/index.js'");
    const fromRoot = await bundle(dir, 'root', `import { spiffy } from ${JSON.stringify(join(generated, 'index.js'))};\nexport const isOrder = spiffy.isOrder, validateOrder = spiffy.validateOrder;\n`, "import { spiffy } from '<generated>/index.js'; spiffy.isOrder, spiffy.validateOrder");
    const orderOnly = await bundle(dir, 'alone', two(join(alone, 'spiffy', 'index.js')), "import { isOrder, validateOrder } from '<Order-only package>/spiffy/index.js'");
    const allGuards = await bundle(dir, 'guards', `export * from ${JSON.stringify(join(generated, 'spiffy', 'guards.js'))};\n`, "export * from '<generated>/spiffy/guards.js'");
    const ratio = fromPackage.minified_bytes / orderOnly.minified_bytes;
    const kept = Object.keys(fromPackage.inputs);
    const checks = [
      { what: 'the bundle keeps only the guards and the validation runtime of the package', ok: kept.every((k) => k === '<entry>' || /spiffy\/guards\.js$|runtime\/validate\.js$/.test(k)) },
      { what: 'the Order-only package was generated with the Order model and its topics only', ok: orderOnly.minified_bytes > 0 && orderOnly.minified_bytes < allGuards.minified_bytes },
    ];
    log(`bundle: isOrder + validateOrder ${(fromPackage.minified_bytes / 1024).toFixed(1)} KB min (${(fromPackage.gzip_bytes / 1024).toFixed(1)} KB gzip); Order alone ${(orderOnly.minified_bytes / 1024).toFixed(1)} KB; all guards ${(allGuards.minified_bytes / 1024).toFixed(1)} KB; ratio ${ratio.toFixed(2)} (goal ≤ ${BUNDLE_GOAL})`);
    return { order_from_package: fromPackage, order_from_root: fromRoot, order_alone: orderOnly, all_guards: allGuards, ratio: Math.round(ratio * 1000) / 1000, goal: `<= ${BUNDLE_GOAL}`, met: ratio <= BUNDLE_GOAL, checks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
