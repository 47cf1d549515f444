// The run cache (src/generate.ts): a run whose inputs are unchanged reads its model and files
// from the cache and writes nothing to it; any change to an input (a spec file's bytes, a new
// spec file, the options) is a miss, and what it writes equals an uncached run's output.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generate, type GenerateOptions } from '../../src/generate.js';

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
let dir = '';
let cacheDir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-run-cache-'));
  cacheDir = join(dir, 'cache');
  cpSync(join(FIXTURES, 'spec'), join(dir, 'spec'), { recursive: true });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cacheFiles = (): string[] => readdirSync(cacheDir).sort();

/** A run with the cache (check only: the output folder stays empty) and its files. */
async function run(opts: Partial<GenerateOptions> = {}): Promise<Map<string, string>> {
  const r = await generate({ root: dir, cacheDir, check: true, ...opts });
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.files;
}

it('an unchanged run is served by the run cache; a changed spec file, a new spec file or other options miss it and give the uncached output', async () => {
  const first = await generate({ root: dir, cacheDir, check: true });
  if (!first.ok) throw new Error(JSON.stringify(first.problems, null, 2));
  const cold = first.files;
  const filled = cacheFiles();
  const warm = await generate({ root: dir, cacheDir, check: true });
  if (!warm.ok) throw new Error('expected a run');
  expect(cacheFiles()).toEqual(filled); // a hit writes nothing
  expect(warm.files).toEqual(cold);
  // the model too (what the command's summary counts), as JSON: the cache keeps no `undefined` member
  expect(warm.model).toEqual(JSON.parse(JSON.stringify(first.model)));

  // one byte of a sample: a miss (it writes), and the output is what an uncached run makes
  const sample = join(dir, 'spec/acme/samples/widget.json');
  const text = readFileSync(sample, 'utf8');
  writeFileSync(sample, text.replace('}', ', "added_field": "x"}'));
  const changed = await run();
  expect(cacheFiles().length).toBeGreaterThan(filled.length);
  expect(changed).not.toEqual(cold);
  expect(changed).toEqual(await run({ cache: false }));

  // a new file in the spec folder: a miss
  const before = cacheFiles().length;
  writeFileSync(join(dir, 'spec/acme/samples/widget-3.json'), text);
  const added = await run();
  expect(cacheFiles().length).toBeGreaterThan(before);
  expect(added).toEqual(await run({ cache: false }));

  // other output options: a miss, never the package's files
  const modules = await run({ output: { mode: 'modules', importPrefix: './webhooks' } });
  expect(modules).toEqual(await run({ cache: false, output: { mode: 'modules', importPrefix: './webhooks' } }));
  expect(modules).not.toEqual(added);

  // back to the first spec: served again, the first run's files
  writeFileSync(sample, text);
  rmSync(join(dir, 'spec/acme/samples/widget-3.json'));
  const again = cacheFiles();
  expect(await run()).toEqual(cold);
  expect(cacheFiles()).toEqual(again);
}, 300_000);

it('a run entry that is not one (a corrupt cache file) is a miss, not an error', async () => {
  const cold = await run();
  for (const f of cacheFiles()) {
    const p = join(cacheDir, f);
    if (readFileSync(p, 'utf8').startsWith('{"model":')) writeFileSync(p, '{"model": {"providers": []}, "files": [[1]]}');
  }
  expect(await run()).toEqual(cold);
}, 300_000);
