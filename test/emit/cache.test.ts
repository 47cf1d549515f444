// The compiled modules are cached by content (src/util/cache.js): the provider's model, the
// compiler's version and a fingerprint of the generator's code. A warm run loads neither the
// TypeScript compiler nor json2ts and returns the same text; a changed model is a miss.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCodeEmitter } from '../../src/emit/code.js';
import { loadSpec } from '../../src/spec/load.js';
import { buildModel } from '../../src/model/build.js';
import { createCache, type Cache } from '../../src/util/cache.js';
import { loadCodeBuilder, type CodeBuilder } from '../../src/print/ts.js';
import { emitGuards } from '../../src/emit/guards.js';
import { emitInterfaces } from '../../src/emit/interfaces.js';
import type { ProviderModel } from '../../src/model/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
let dir = '';
let provider: ProviderModel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-cache-'));
  const { providers, problems } = loadSpec(FIXTURES, 'spec');
  const model = await buildModel(providers, problems, createCache({ enabled: false }));
  const p = model.providers[0];
  if (!p) throw new Error('test setup: no provider in test/fixtures/spec');
  provider = p;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs both emitters, counting how often each tool is loaded. */
async function run(cache: Cache, p: ProviderModel, fingerprint?: string) {
  const loads = { code: 0, json2ts: 0 };
  const getCode = (): Promise<CodeBuilder> => {
    loads.code++;
    return loadCodeBuilder();
  };
  const getCompile = () => {
    loads.json2ts++;
    return import('json-schema-to-typescript').then((m) => m.compile);
  };
  const code = createCodeEmitter(cache, { load: getCode, ...(fingerprint ? { fingerprint } : {}) });
  const files = [...(await emitGuards(p, code)), await emitInterfaces(p, getCompile, cache, code)];
  return { files, loads };
}

it('a warm run loads no tool and returns the same files; a changed model is a miss', async () => {
  const cache = createCache({ enabled: true, dir });
  const cold = await run(cache, provider);
  expect(cold.loads).toEqual({ code: 1, json2ts: 1 });
  const warm = await run(createCache({ enabled: true, dir }), provider);
  expect(warm.loads).toEqual({ code: 0, json2ts: 0 });
  expect(warm.files).toEqual(cold.files);

  const changed = { ...provider, title: `${provider.title} II` };
  const miss = await run(createCache({ enabled: true, dir }), changed);
  expect(miss.loads.code).toBe(1);
  expect(miss.files.find(([path]) => path === 'acme/guards.js')?.[1]).toContain('a known Acme Shop II topic');
}, 120_000);

it('a cache from another generator (another fingerprint) is never read', async () => {
  const cache = createCache({ enabled: true, dir });
  await run(cache, provider);
  expect((await run(createCache({ enabled: true, dir }), provider, 'another generator')).loads.code).toBe(1);
}, 120_000);
