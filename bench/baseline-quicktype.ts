// Baseline for `npm run bench`: what a user would run instead of webhook-typegen — a fresh
// Node process that imports quicktype-core and renders TypeScript (with quicktype's runtime
// checks, its default) for the same samples, every model as its own top-level type.
//
// Compiled by `npm run build` to dist/bench/baseline-quicktype.js, which is what the bench runs:
// plain JavaScript, so the baseline's figures carry no TypeScript loader.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { quicktype, InputData, jsonInputForTargetLanguage } from 'quicktype-core';

// the repository: two levels up from dist/bench/
const root = new URL('../..', import.meta.url).pathname;
const jsonInput = jsonInputForTargetLanguage('typescript');
let topLevels = 0;
for (const provider of readdirSync(join(root, 'spec')).filter((d) => !d.includes('.')).sort()) {
  const dir = join(root, 'spec', provider, 'samples');
  const byModel = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const model = f.replace(/([-_]\d+)?\.json$/, '');
    byModel.set(model, [...(byModel.get(model) ?? []), readFileSync(join(dir, f), 'utf8')]);
  }
  for (const [name, samples] of byModel) {
    await jsonInput.addSource({ name: `${provider}-${name}`, samples });
    topLevels++;
  }
}
const inputData = new InputData();
inputData.addInput(jsonInput);
const result = await quicktype({
  inputData,
  lang: 'typescript',
  inferMaps: false,
  inferEnums: false,
  inferUuids: false,
  inferIntegerStrings: false,
  inferBooleanStrings: false,
});
// the bench checks this summary before timing: every model rendered as an interface
const interfaces = result.lines.filter((l) => l.startsWith('export interface ')).length;
if (result.lines.length < 100 || interfaces < topLevels) throw new Error(`baseline: expected an interface for each of ${topLevels} models, found ${interfaces} in ${result.lines.length} lines`);
process.stdout.write(JSON.stringify({ top_levels: topLevels, interfaces, lines: result.lines.length }) + '\n');
