// The generated package, seen from outside: a consumer project (test/consumer/) compiles against
// it through its package.json `exports` under three tsconfigs and imports it from plain Node;
// generated/ itself passes the strictest tsc flags; a deliberate misuse fails to compile (so the
// checks above can fail); and every generated file is free of `any`, free of quicktype's
// fallback names, and carries the do-not-edit banner.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generatedDir = path.join(root, 'generated');
const consumerDir = path.join(root, 'test', 'consumer');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

interface Run {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Asserts a zero exit, showing the command's output when it is not. */
function expectSuccess(r: Run, what: string): void {
  expect(r.status, `${what} failed (exit ${r.status}):\n${r.output}`).toBe(0);
}

/**
 * Links `<dir>/node_modules/@webhook-typegen/generated` to generated/ (relative link), the way
 * `npm install` links a `file:` dependency. Idempotent: a correct link is left alone; a wrong or
 * dangling link, or a stale copy, is replaced.
 */
function linkPackage(dir: string): void {
  const scopeDir = path.join(dir, 'node_modules', '@webhook-typegen');
  const link = path.join(scopeDir, 'generated');
  fs.mkdirSync(scopeDir, { recursive: true });
  const st = fs.lstatSync(link, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    const target = path.resolve(scopeDir, fs.readlinkSync(link));
    if (target === generatedDir) return;
    fs.unlinkSync(link);
  } else if (st) {
    fs.rmSync(link, { recursive: true, force: true });
  }
  try {
    fs.symlinkSync(path.relative(scopeDir, generatedDir), link, 'dir');
  } catch (error) {
    // another worker made it in the meantime
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

beforeAll(() => {
  linkPackage(consumerDir);
});

describe('consumer project (test/consumer) compiles against the package exports', () => {
  it('links node_modules/@webhook-typegen/generated to generated/', () => {
    const link = path.join(consumerDir, 'node_modules', '@webhook-typegen', 'generated');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(generatedDir));
    // idempotent
    linkPackage(consumerDir);
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(generatedDir));
  });

  it.each([
    ['tsconfig.nodenext.json', 'module/moduleResolution nodenext, strict'],
    ['tsconfig.bundler.json', 'module esnext, moduleResolution bundler, strict'],
    ['tsconfig.loose.json', 'nodenext, strict: false, strictNullChecks: false'],
    ['tsconfig.frameworks.json', 'Hono sValidator, tRPC .input and TanStack Form with the Standard Schema objects'],
  ])('tsc -p %s (%s) exits 0', (config) => {
    expectSuccess(run(tsc, ['-p', config, '--pretty', 'false'], consumerDir), `tsc -p test/consumer/${config}`);
  });

  it('tsc -p tsconfig.generated.json (generated/ under the strictest flags) exits 0', () => {
    expectSuccess(run(tsc, ['-p', 'tsconfig.generated.json', '--pretty', 'false'], root), 'tsc -p tsconfig.generated.json');
  });

  it('plain Node imports the package at runtime (node test/consumer/src/run.mjs)', () => {
    const r = run(process.execPath, [path.join('test', 'consumer', 'src', 'run.mjs')], root);
    expectSuccess(r, 'node test/consumer/src/run.mjs');
    expect(r.output).toContain('ok parseSpiffyBody keeps every digit: 327475578523353102');
    expect(r.output).toContain('ok a small 64-bit id is a string too: "42"');
    expect(r.output).toContain('ok spiffyTopics: 62');
    expect(r.output).toContain('ok parseCratejoyBody decodes an escaped JSON string body and a plain one');
    expect(r.output).toContain('ok root namespaces: spiffy, cratejoy');
    expect(r.output).toContain('ok schema export: spiffy/schemas/Product.schema.json');
  });
});

describe('negative control: the frameworks check the Standard Schema types', () => {
  let dir: string;

  beforeAll(() => {
    // test/consumer/src/frameworks.ts as is, and with OrderSchema typed as it was before issue 12
    // (input `unknown`): TanStack Form must then refuse it, as it did
    dir = fs.mkdtempSync(path.join(consumerDir, 'src', '.negative-frameworks-'));
    const source = fs.readFileSync(path.join(consumerDir, 'src', 'frameworks.ts'), 'utf8');
    const before = source
      .replace('import { OrderSchema, orderFixture,', 'import { OrderSchema as CurrentOrderSchema, type StandardSchemaV1, orderFixture,')
      .replace('type Expect<', 'declare const OrderSchema: StandardSchemaV1<unknown, Order>;\nvoid CurrentOrderSchema;\ntype Expect<');
    fs.writeFileSync(path.join(dir, 'good.ts'), source);
    fs.writeFileSync(path.join(dir, 'bad.ts'), before);
    const base = path.join(consumerDir, 'tsconfig.frameworks.json');
    for (const name of ['good', 'bad']) fs.writeFileSync(path.join(dir, `tsconfig.${name}.json`), JSON.stringify({ extends: base, include: [], files: [`${name}.ts`] }, null, 2));
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the copy compiles (exit 0)', () => {
    expectSuccess(run(tsc, ['-p', 'tsconfig.good.json', '--pretty', 'false'], dir), 'tsc -p tsconfig.good.json');
  });

  it("with an input type of `unknown`: TanStack Form refuses the schema (TS2322), and the input type (what tRPC's client would send) is not the model (TS2344)", () => {
    const r = run(tsc, ['-p', 'tsconfig.bad.json', '--pretty', 'false'], dir);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toMatch(/bad\.ts\(\d+,\d+\): error TS2322: Type 'StandardSchemaV1<unknown, Order>' is not assignable to type 'FormValidateOrFn<Order> \| undefined'/);
    const codes = new Set([...r.output.matchAll(/error (TS\d+)/g)].map((m) => m[1]));
    expect([...codes].sort(), r.output).toEqual(['TS2322', 'TS2344']);
  });
});

describe('negative control: a misuse of a generated type does not compile', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-negative-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'negative', private: true, type: 'module' }));
    linkPackage(dir);
    const base = path.join(consumerDir, 'tsconfig.nodenext.json');
    for (const name of ['good', 'bad']) {
      fs.writeFileSync(
        path.join(dir, `tsconfig.${name}.json`),
        JSON.stringify({ extends: base, include: [], files: [`${name}.ts`] }, null, 2),
      );
    }
    const header = [
      "import type { SpiffyPayload } from '@webhook-typegen/generated/spiffy';",
      "type Price = NonNullable<NonNullable<SpiffyPayload<'orders/create'>['line_items']>[number]['price']>;",
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'good.ts'), `${header}\nexport const price: Price = '19.99';\n`);
    fs.writeFileSync(path.join(dir, 'bad.ts'), `${header}\nexport const price: Price = 19.99;\n`);
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the same setup compiles the correct use (exit 0)', () => {
    expectSuccess(run(tsc, ['-p', 'tsconfig.good.json', '--pretty', 'false'], dir), 'tsc -p tsconfig.good.json');
  });

  it('assigning a number to line_items[number].price fails with TS2322, and only that', () => {
    const r = run(tsc, ['-p', 'tsconfig.bad.json', '--pretty', 'false'], dir);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toMatch(/bad\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    const codes = [...r.output.matchAll(/error (TS\d+)/g)].map((m) => m[1]);
    expect(codes, r.output).toEqual(['TS2322']);
  });
});

// ---------------------------------------------------------------------------------------------
// Static scan of generated/

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

const files = listFiles(generatedDir).map((abs) => ({
  rel: path.relative(generatedDir, abs).split(path.sep).join('/'),
  text: fs.readFileSync(abs, 'utf8'),
}));
const codeFiles = files.filter((f) => f.rel.endsWith('.d.ts') || f.rel.endsWith('.js'));
const schemaFiles = files.filter((f) => f.rel.endsWith('.schema.json'));
const declarationFiles = files.filter((f) => f.rel.endsWith('.d.ts'));

/** Removes comments (keeping string and template literals) from JS/TS source. */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      out += ' ';
    } else if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Removes string and template literals too, leaving only identifiers, keywords and punctuation. */
function stripStrings(code: string): string {
  return code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

const anyPatterns: [string, RegExp][] = [
  [': any', /:\s*any\b/],
  ['<any>', /<\s*any\s*>/],
  ['any[]', /\bany\s*\[\s*\]/],
  ['as any', /\bas\s+any\b/],
  ['any in a union, intersection or type argument list', /[|&,<]\s*any\b(?!\s*[-:])|\bany\s*[|&>]/],
];

const quicktypeFallbackNames = [
  'Purple',
  'Fluffy',
  'Tentacled',
  'Sticky',
  'Indigo',
  'Magenta',
  'Frisky',
  'Mischievous',
  'Braggadocious',
];
const fallbackName = new RegExp(`\\b(?:${quicktypeFallbackNames.join('|')})(?:[A-Z_]\\w*)?\\b`);

/** Names declared in a .d.ts: interfaces, type aliases, enums, classes, functions, consts. */
function declaredNames(dts: string): string[] {
  const code = stripStrings(stripComments(dts));
  return [...code.matchAll(/\b(?:interface|type|enum|class|function|const|namespace)\s+([A-Za-z_$][\w$]*)/g)].map(
    (m) => m[1]!,
  );
}

/** Type names a JSON Schema file introduces: its title, its `$defs` keys and `title`s below. */
function schemaNames(schemaText: string): string[] {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (typeof obj.title === 'string') names.push(obj.title);
    if (obj.$defs && typeof obj.$defs === 'object') names.push(...Object.keys(obj.$defs));
    if (typeof obj.$ref === 'string') names.push(obj.$ref.split('/').pop()!);
    Object.values(obj).forEach(walk);
  };
  walk(JSON.parse(schemaText));
  return names;
}

describe('generated/ static scan', () => {
  it('finds the generated files', () => {
    expect(files.map((f) => f.rel)).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'index.js',
        'index.d.ts',
        'runtime/json.js',
        'runtime/json.d.ts',
        'spiffy/index.js',
        'spiffy/index.d.ts',
        'spiffy/models.d.ts',
        'cratejoy/index.js',
        'cratejoy/index.d.ts',
        'cratejoy/models.d.ts',
        'spiffy/schemas/Product.schema.json',
        'cratejoy/schemas/Customer.schema.json',
      ]),
    );
  });

  it('the package has zero runtime dependencies', () => {
    const pkg = JSON.parse(files.find((f) => f.rel === 'package.json')!.text);
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
    for (const f of files.filter((x) => x.rel.endsWith('.js'))) {
      const specifiers = [...stripComments(f.text).matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const s of specifiers) expect(s, `${f.rel} imports ${s}`).toMatch(/^\.\.?\//);
    }
  });

  it.each(codeFiles.map((f) => [f.rel, f] as const))('%s: no `any` type', (_rel, f) => {
    const code = stripComments(f.text);
    const lines = code.split('\n');
    for (const [label, re] of anyPatterns) {
      const hits = lines.filter((l) => re.test(l));
      expect(hits, `${f.rel} has ${label}`).toEqual([]);
    }
    // JSDoc type annotations live in comments: {any}, {any[]}, {Array<any>}
    expect(f.text, `${f.rel} has a JSDoc {any}`).not.toMatch(/\{\s*(?:any|any\[\]|Array<any>)\s*\}/);
  });

  it.each(files.filter((f) => f.rel !== 'package.json').map((f) => [f.rel, f] as const))(
    '%s: no quicktype fallback names (Purple…, Fluffy…, Order1…)',
    (_rel, f) => {
      let names: string[];
      if (f.rel.endsWith('.schema.json')) names = schemaNames(f.text);
      else if (f.rel.endsWith('.d.ts')) names = declaredNames(f.text);
      else if (f.rel.endsWith('.js')) names = [...stripStrings(stripComments(f.text)).matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
      else names = [...f.text.matchAll(/\b[A-Z][A-Za-z]*\d*\b/g)].map((m) => m[0]); // README: type names in prose/code
      expect(names.filter((n) => fallbackName.test(n)), f.rel).toEqual([]);
      if (f.rel.endsWith('.d.ts') || f.rel.endsWith('.schema.json')) {
        const digitEnded = names.filter((n) => /^[A-Z][A-Za-z]*\d+$/.test(n) && n !== 'StandardSchemaV1'); // the Standard Schema spec's own name
        expect(digitEnded, `${f.rel}: type names ending in a digit`).toEqual([]);
      }
      // code identifiers (declarations aside): no fallback name is even referenced
      if (f.rel.endsWith('.d.ts')) {
        const identifiers = stripStrings(stripComments(f.text)).match(/[A-Za-z_$][\w$]*/g) ?? [];
        expect(identifiers.filter((n) => fallbackName.test(n)), f.rel).toEqual([]);
      }
    },
  );

  it.each(files.filter((f) => f.rel !== 'package.json').map((f) => [f.rel, f] as const))(
    '%s: opens with the do-not-edit banner',
    (_rel, f) => {
      if (f.rel.endsWith('.js') || f.rel.endsWith('.d.ts')) {
        expect(f.text.startsWith('/*'), `${f.rel} does not open with a comment`).toBe(true);
        const first = f.text.slice(0, f.text.indexOf('*/') + 2);
        expect(first).toContain('Generated by webhook-typegen');
        expect(first).toContain('DO NOT EDIT');
      } else if (f.rel.endsWith('.json')) {
        const json = JSON.parse(f.text) as Record<string, unknown>;
        // conventionally after `$schema` and `$id`: within the first lines of the file
        const head = f.text.split('\n').slice(0, 5).join('\n');
        expect(head, `${f.rel}: no top-level $comment banner at the top of the file`).toMatch(/^  "\$comment": "Generated by webhook-typegen/m);
        expect(json.$comment).toMatch(/^Generated by webhook-typegen\b/);
        expect(json.$comment).toContain('DO NOT EDIT');
      } else if (f.rel.endsWith('.md') || f.rel.endsWith('.html')) {
        const firstLine = f.text.split('\n')[0]!;
        expect(firstLine).toMatch(/^<!--.*Generated by webhook-typegen.*DO NOT EDIT.*-->$/);
      } else if (f.rel.endsWith('.txt')) {
        expect(f.text.split('\n')[0]!).toMatch(/^# Generated by webhook-typegen.*DO NOT EDIT/);
      } else if (f.rel === '.webhook-typegen') {
        // the marker that lets generate replace the folder: it is all banner
        expect(f.text.split('\n')[0]!).toMatch(/^Generated by webhook-typegen\. DO NOT EDIT/);
      } else {
        expect.fail(`${f.rel}: no banner rule for this kind of file`);
      }
    },
  );

  it('the scans are not vacuous', () => {
    expect(codeFiles.length).toBeGreaterThanOrEqual(9);
    expect(declarationFiles.length).toBeGreaterThanOrEqual(6);
    expect(schemaFiles.length).toBeGreaterThanOrEqual(25);
    // the patterns do catch what they are for
    const sample = 'export interface PurpleOrder { a: any; b: Array<any>; c: any[] }\nexport interface Order1 {}\nconst x = y as any;';
    expect(anyPatterns.filter(([, re]) => sample.split('\n').some((l) => re.test(l))).length).toBe(anyPatterns.length);
    expect(declaredNames(sample)).toEqual(['PurpleOrder', 'Order1', 'x']);
    expect(declaredNames(sample).filter((n) => fallbackName.test(n))).toEqual(['PurpleOrder']);
    expect(stripComments('/** has any subscribers: any */ x')).toBe('  x');
  });
});
