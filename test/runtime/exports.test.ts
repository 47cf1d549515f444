// Every generated module's run-time exports agree with its declarations: for each `.js` under
// generated/ (the shared runtime and every provider's modules, found by walking the folder),
// the names it exports are exactly the values its `.d.ts` declares, functions are functions
// and classes classes, and each one's `length` fits its declared parameters (the rule is in
// declared-exports.ts). A `.d.ts` without a `.js` (models.d.ts) may declare types only.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareExports, declaredExports, tokenize } from './declared-exports.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const generatedDir = path.join(root, 'generated');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

const rel = (file: string): string => path.relative(generatedDir, file).split(path.sep).join('/');
const all = filesUnder(generatedDir);
const jsFiles = all.filter((f) => f.endsWith('.js')).map(rel);
const dtsOnly = all.filter((f) => f.endsWith('.d.ts') && !fs.existsSync(f.replace(/\.d\.ts$/, '.js'))).map(rel);
const providers = fs.readdirSync(path.join(root, 'spec'), { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(root, 'spec', e.name, 'provider.yaml'))).map((e) => e.name);

describe('generated/: every .js exports what its .d.ts declares', () => {
  it('finds the modules: the whole runtime and every provider', () => {
    for (const m of ['json', 'validate', 'receive', 'client', 'fixtures', 'shape']) expect(jsFiles).toContain(`runtime/${m}.js`);
    expect(providers.length).toBeGreaterThanOrEqual(3);
    for (const p of providers) for (const m of ['index', 'guards', 'receive', 'fixtures']) expect(jsFiles).toContain(`${p}/${m}.js`);
    expect(jsFiles).toContain('index.js');
    expect(jsFiles).toContain('testing.js');
  });

  it.each(jsFiles)('%s', async (file) => {
    const js = path.join(generatedDir, file);
    const dts = js.replace(/\.js$/, '.d.ts');
    expect(fs.existsSync(dts), `${file} has no ${path.basename(dts)}`).toBe(true);
    const runtime = (await import(pathToFileURL(js).href)) as Record<string, unknown>;
    const declared = declaredExports(dts);
    expect(compareExports(runtime, declared), `${file} against ${path.basename(dts)}`).toEqual([]);
  });

  it.each(dtsOnly)('%s (no .js) declares no run-time value', (file) => {
    expect([...declaredExports(path.join(generatedDir, file)).keys()]).toEqual([]);
  });

  it('is not vacuous: hundreds of functions are compared, with their arity', async () => {
    let functions = 0;
    let classes = 0;
    for (const file of jsFiles) {
      for (const d of declaredExports(path.join(generatedDir, file.replace(/\.js$/, '.d.ts'))).values()) {
        if (d.kind === 'function') functions++;
        if (d.kind === 'class' && d.constructor) classes++;
      }
    }
    expect(functions).toBeGreaterThanOrEqual(200);
    expect(classes).toBeGreaterThanOrEqual(3);
  });
});

// ---------------------------------------------------------------------------------------------
// The comparison itself, on small modules written for it: it finds each kind of disagreement.

describe('compareExports and declaredExports can fail', () => {
  let dir: string;
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const check = async (name: string, js: string, dts: string): Promise<string[]> => {
    const file = write(`${name}.js`, js);
    write(`${name}.d.ts`, dts);
    const runtime = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return compareExports(runtime, declaredExports(path.join(dir, `${name}.d.ts`)));
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-exports-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('agreeing modules give no problem (defaults, optional and rest parameters, types ignored)', async () => {
    const problems = await check(
      'agree',
      [
        'export function f(a, b = 1) {}',
        'export function g(a, ...rest) {}',
        'export class C { constructor(x, y) {} }',
        'export const K = 1;',
        'export { f as h };',
      ].join('\n'),
      [
        '/** doc: export function notReal(a: string): void */',
        'export declare function f(a: string, b?: number): void;',
        'export declare function g(a: string, ...rest: readonly ((x: number, y: string) => void)[]): void;',
        'export declare class C<T extends Record<string, (a: number, b: number) => void> = {}> {',
        '  constructor(x: T, y?: { a: string; b: [number, number] });',
        '  m(a: string, b: string): void;',
        '}',
        'export declare const K: number;',
        'export { f as h };',
        'export interface I { f(a: string): void }',
        "export type T = `a${string}b` | { readonly k: 'x' };",
        'export declare namespace N { type X = string; interface Y { a: string } }',
        "export type { T as U } from './agree.js';",
      ].join('\n'),
    );
    expect(problems).toEqual([]);
  });

  it('reports a name exported by the .js only, and one declared only', async () => {
    expect(await check('names', 'export function a() {}\nexport function extra() {}', 'export declare function a(): void;\nexport declare function missing(): void;')).toEqual([
      'extra: exported by the .js, not declared in the .d.ts',
      'missing: declared in the .d.ts (function), not exported by the .js',
    ]);
  });

  it('reports a function taking more, or fewer, parameters than declared', async () => {
    expect(await check('arity', 'export function more(a, b, c) {}\nexport function fewer() {}', 'export declare function more(a: string, b?: string): void;\nexport declare function fewer(a: string): void;')).toEqual([
      'fewer: declared with 1 parameter(s), the .js function takes 0 (length)',
      'more: declared with 1-2 parameter(s), the .js function takes 3 (length)',
    ]);
  });

  it('reports a class as a function, a function as a class, and a constructor of the wrong arity', async () => {
    expect(
      await check(
        'kinds',
        'export class F {}\nexport function C() {}\nexport class D { constructor(a, b, c) {} }\nexport const N = 1;',
        'export declare function F(): void;\nexport declare class C {}\nexport declare class D { constructor(a: string); }\nexport declare function N(): void;',
      ),
    ).toEqual([
      'C: declared a class, the .js exports a plain function',
      'D: constructor declared with 1 parameter(s), the .js class takes 3 (length)',
      'F: declared a function, the .js exports a class',
      'N: declared a function, the .js exports number',
    ]);
  });

  it('follows re-exports (`export { } from`, `export *`, `export * as`, imported names) into the files they name', async () => {
    write('base.js', 'export function one(a) {}\nexport function two(a, b) {}\nexport class E {}');
    write('base.d.ts', 'export declare function one(a: string): void;\nexport declare function two(a: string, b: string): void;\nexport declare class E {}\nexport type Hidden = string;');
    const problems = await check(
      'reexports',
      "export { one as uno } from './base.js';\nexport * from './base.js';\nimport * as ns from './base.js';\nexport { ns };\nexport * as all from './base.js';",
      "import * as ns from './base.js';\nexport { one as uno } from './base.js';\nexport * from './base.js';\nexport { ns };\nexport * as all from './base.js';",
    );
    expect(problems).toEqual([]);
    const declared = declaredExports(path.join(dir, 'reexports.d.ts'));
    expect([...declared.keys()].sort()).toEqual(['E', 'all', 'ns', 'one', 'two', 'uno']);
    expect(declared.get('uno')).toEqual({ kind: 'function', overloads: [{ required: 1, total: 1, rest: false }] });
    // a re-export whose arity disagrees is caught through the chain
    expect(await check('reexported-arity', 'export function uno() {}', "export { one as uno } from './base.js';")).toEqual([
      'uno: declared with 1 parameter(s), the .js function takes 0 (length)',
    ]);
  });

  it('overloads: the first one leads, the others widen the range', () => {
    const file = write('overloads.d.ts', 'export declare function o(a: string): void;\nexport declare function o(a: string, b: number, c?: number): void;\nexport declare function p(this: unknown, a?: string): void;');
    const declared = declaredExports(file);
    expect(declared.get('o')).toEqual({
      kind: 'function',
      overloads: [
        { required: 1, total: 1, rest: false },
        { required: 2, total: 3, rest: false },
      ],
    });
    // `this` is not a parameter
    expect(declared.get('p')).toEqual({ kind: 'function', overloads: [{ required: 0, total: 1, rest: false }] });
    expect(compareExports({ o: (a: unknown, b: unknown, c: unknown, d: unknown) => [a, b, c, d], p: () => 0 }, declared)).toEqual([
      'o: declared with 1 or 2-3 parameter(s), the .js function takes 4 (length)',
    ]);
  });

  it('a namespace holding a value is a value; one holding types only is not', () => {
    const file = write('namespaces.d.ts', 'export declare namespace V { const x: number; type T = string; }\nexport declare namespace T { type R = { a: string }; interface I { b: number } }');
    expect([...declaredExports(file).keys()]).toEqual(['V']);
  });

  it('an unsupported or broken declaration file is an error that says where, not a silent pass', () => {
    expect(() => declaredExports(write('cjs.d.ts', 'declare function f(): void;\nexport = f;'))).toThrow(/cjs\.d\.ts:2: `export =` is not an ES module export/);
    expect(() => declaredExports(write('bad.d.ts', 'export declare function (a: string): void;'))).toThrow(/bad\.d\.ts:1: expected a declaration/);
    expect(() => declaredExports(write('dangling.d.ts', "export { x } from './nowhere.js';"))).toThrow(/nowhere\.js: expected a declaration file \(nowhere\.d\.ts\), found none/);
    expect(() => tokenize('export declare const s: "unterminated')).toThrow(/line 1: expected the end of a string/);
  });
});
