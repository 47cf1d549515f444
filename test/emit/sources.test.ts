// Every per-provider module is emitted once, as TypeScript, and its .js and .d.ts are compiled
// from that source. This checks the source itself: put in place of the .js/.d.ts pair beside the
// rest of the generated package (runtime, models, guards), the TypeScript of every module must
// type-check under strict flags, so the code in the .js agrees with the runtime's declarations
// and the .d.ts describes what the .js does. It also checks that each pair was compiled from
// that very source (same exports, same order).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clientModule } from '../../src/emit/client.js';
import { fixturesModule } from '../../src/emit/fixtures.js';
import { receiveModule } from '../../src/emit/receive.js';
import { indexModule as rootIndexModule, testingModule } from '../../src/emit/root.js';
import { indexModule } from '../../src/emit/topics.js';
import { generate } from '../../src/generate.js';
import type { GenModel } from '../../src/model/types.js';
import { loadCodeBuilder, type TsModule } from '../../src/print/ts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function modules(b: Awaited<ReturnType<typeof loadCodeBuilder>>, model: GenModel): TsModule[] {
  return [
    rootIndexModule(b, model),
    testingModule(b, model),
    ...model.providers.flatMap((p) => [indexModule(b, p), receiveModule(b, p), fixturesModule(b, p), ...(p.api ? [clientModule(b, p, p.api)] : [])]),
  ];
}

describe.each([
  ['spec/ (every provider)', 'spec'],
  ['test/fixtures/spec (acme)', 'test/fixtures/spec'],
  ['test/fixtures-envelope/spec (an envelope model; array and scalar payloads)', 'test/fixtures-envelope/spec'],
])('the TypeScript sources of %s', (_name, specDir) => {
  it('type-check in place of their .js and .d.ts, under strict flags', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-sources-'));
    dirs.push(dir);
    fs.cpSync(path.join(root, specDir), path.join(dir, 'spec'), { recursive: true });
    // the cache (quicktype's results, compiled modules) is keyed by content and by this
    // generator's code: whatever it serves must equal what the builders make below
    const result = await generate({ root: dir });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    const b = await loadCodeBuilder();
    const mods = modules(b, result.model);
    expect(mods.length).toBeGreaterThanOrEqual(2 + 3 * result.model.providers.length);
    for (const m of mods) {
      const base = path.join(dir, 'generated', ...m.path.split('/'));
      const text = b.print(m.statements);
      // the shipped pair is this very source, compiled
      for (const [file, content] of b.emitModule(m)) expect(result.files.get(file), file).toBe(content);
      fs.rmSync(`${base}.js`);
      fs.rmSync(`${base}.d.ts`);
      fs.writeFileSync(`${base}.ts`, text);
    }
    const config = {
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022'],
        types: [],
        strict: true,
        noEmit: true,
        allowJs: false,
        skipLibCheck: false,
        isolatedDeclarations: true,
        declaration: true,
        verbatimModuleSyntax: true,
      },
      include: ['generated/**/*.ts'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const r = spawnSync(tsc, ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8', timeout: 180_000 });
    expect(`${r.stdout}${r.stderr}`.replaceAll(dir, '<tmp>')).toBe('');
    expect(r.status).toBe(0);
  });
});
