// src/emit/code.ts: a module is built (and the compiler loaded) only when no earlier run of this
// very generator built it from the same input.
import { describe, expect, it } from 'vitest';
import { createCodeEmitter } from '../../src/emit/code.js';
import type { CodeBuilder } from '../../src/print/ts.js';

function memoryCache() {
  const store = new Map<string, string>();
  return { store, get: (parts: unknown[]) => store.get(JSON.stringify(parts)), set: (parts: unknown[], value: string) => void store.set(JSON.stringify(parts), value) };
}

describe('createCodeEmitter', () => {
  it('builds once per input, then serves the files from the cache', async () => {
    const cache = memoryCache();
    const built: string[] = [];
    const build = (name: string) => (b: CodeBuilder): [string, string][] => {
      built.push(name);
      return b.emitModule({ path: name, sources: ['spec/x.yaml'], statements: b.stmts`export const ${name}: number = 1;` });
    };
    const first = await createCodeEmitter(cache).files('k', { n: 1 }, build('a'));
    // a new emitter (a new run): same input, no build
    const again = await createCodeEmitter(cache).files('k', { n: 1 }, build('a'));
    expect(again).toEqual(first);
    expect(built).toEqual(['a']);
    // another input, or another emitter kind, is built
    await createCodeEmitter(cache).files('k', { n: 2 }, build('b'));
    await createCodeEmitter(cache).files('other', { n: 1 }, build('c'));
    expect(built).toEqual(['a', 'b', 'c']);
    expect(cache.store.size).toBe(3);
  });

  it('a disabled cache builds every time', async () => {
    const none = { get: () => undefined, set: () => {} };
    let n = 0;
    const build = (b: CodeBuilder): [string, string][] => (n++, b.emitModule({ path: 'm', sources: [], statements: [] }));
    await createCodeEmitter(none).files('k', 1, build);
    await createCodeEmitter(none).files('k', 1, build);
    expect(n).toBe(2);
  });
});
