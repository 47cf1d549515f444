// Golden files: the whole output for the small test-only spec in test/fixtures/spec/acme.
// A change in inference, hints, naming or any emitter shows up here as a readable diff.
// Update deliberately with `npm run update:golden`, then review the diff.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { generate } from '../../src/generate.js';

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));

describe('golden output of test/fixtures/spec/acme', async () => {
  const result = await generate({ root, outDir: 'does-not-exist', check: true, cache: false });
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  const files = [...result.files.entries()];

  it('emits the expected set of files', () => {
    expect(files.map(([path]) => path)).toEqual([
      'README.md',
      'acme/client.d.ts',
      'acme/client.js',
      'acme/fixtures.d.ts',
      'acme/fixtures.js',
      'acme/guards.d.ts',
      'acme/guards.js',
      'acme/index.d.ts',
      'acme/index.js',
      'acme/models.d.ts',
      'acme/receive.d.ts',
      'acme/receive.js',
      'acme/schemas/Gadget.schema.json',
      'acme/schemas/Subscription.schema.json',
      'acme/schemas/Widget.schema.json',
      'acme/shapes.txt',
      'acme/webhooks.d.ts',
      'acme/webhooks.js',
      'catalog/acme.md',
      'catalog/index.html',
      'index.d.ts',
      'index.js',
      'package.json',
      'runtime/client.d.ts',
      'runtime/client.js',
      'runtime/fixtures.d.ts',
      'runtime/fixtures.js',
      'runtime/json.d.ts',
      'runtime/json.js',
      'runtime/receive.d.ts',
      'runtime/receive.js',
      'runtime/shape.d.ts',
      'runtime/shape.js',
      'runtime/validate.d.ts',
      'runtime/validate.js',
      'runtime/webhooks.d.ts',
      'runtime/webhooks.js',
      'testing.d.ts',
      'testing.js',
    ]);
  });

  it.each(files)('%s', async (path, text) => {
    await expect(text).toMatchFileSnapshot(`./__snapshots__/acme/${path}.snap`);
  });
});
