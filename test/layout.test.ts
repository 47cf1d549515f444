// The layout guard: imports only point down the pipeline, and no module imports itself through
// others. Stages, lowest first:
//
//   runtime/ < src/util < src/spec < src/model < src/print < src/emit < src/write
//            < src/generate < src/project < src/tools < src/cli
//
// A module may import from its own stage or a lower one; runtime/ (the generated package's
// shared runtime) imports nothing of the generator. Every import counts: static `import … from`,
// `export … from`, a side-effect `import '…'`, a dynamic `import('…')` with a literal, and the
// type references of JSDoc (`import('…')`, `@import … from '…'`), since a type import ties
// two modules as much as a value import does. Text inside strings, template literals and
// regular expressions is not an import (the emitters print generated code that has imports).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// The scanner

/** One import found in a module's text: the specifier as written and its 1-based line. */
interface FoundImport {
  specifier: string;
  line: number;
}

type Token =
  | { kind: 'name'; text: string; line: number }
  | { kind: 'string'; text: string; line: number }
  | { kind: 'punct'; text: string; line: number };

// After these words a `/` starts a regular expression, not a division.
const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const NAME_START = /[A-Za-z_$\u0080-\uffff]/;
const NAME_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
// `import('x')` and `@import … from 'x'` in a JSDoc comment
const JSDOC_IMPORT = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)|@import\b[^'"]*?\bfrom\s*(['"])([^'"\n]+)\3/g;

/**
 * Splits JavaScript or TypeScript source into names, string literals (with their text) and
 * punctuation, skipping comments, template literal text and regular expressions. Block comments
 * that open with `/**` are handed to `onDocComment`. Work is linear in the text's length.
 */
function tokenize(source: string, onDocComment: (text: string, line: number) => void = () => undefined): Token[] {
  const tokens: Token[] = [];
  // one entry per open `${`: how many `{` are open inside that substitution
  const templateBraces: number[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'string') return false;
    if (prev.kind === 'name') return KEYWORDS_BEFORE_EXPRESSION.has(prev.text);
    return prev.text !== ')' && prev.text !== ']' && prev.text !== '}' && prev.text !== '`end';
  };
  const countLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (source.charCodeAt(k) === 10) line++;
  };
  /**
   * Skips template text from `i` (just after a backtick or a substitution's closing `}`) to the
   * template's end or its next `${`, and says which one it reached.
   */
  const templateText = (): 'end' | 'substitution' => {
    const start = i;
    let reached: 'end' | 'substitution' = 'end';
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        break;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        templateBraces.push(0);
        reached = 'substitution';
        break;
      } else i++;
    }
    countLines(start, Math.min(i, n));
    return reached;
  };
  const templatePart = (startLine: number, whole: boolean, from: number): void => {
    const reached = templateText();
    // a template without substitutions is a literal: `import(\`./x.js\`)` names a module
    if (reached === 'end' && whole) tokens.push({ kind: 'string', text: source.slice(from + 1, i - 1), line: startLine });
    else tokens.push({ kind: 'punct', text: reached === 'end' ? '`end' : '${', line: startLine });
  };

  if (source.startsWith('#!')) while (i < n && source[i] !== '\n') i++;
  while (i < n) {
    const c = source[i] ?? '';
    const next = source[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      if (source[i + 2] === '*') onDocComment(source.slice(i, stop), line);
      countLines(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const startLine = line;
      let text = '';
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') {
          if (source[i + 1] === '\n') line++;
          text += source.slice(i, i + 2);
          i += 2;
        } else text += source[i++];
      }
      i++;
      tokens.push({ kind: 'string', text, line: startLine });
    } else if (c === '`') {
      const start = i;
      i++;
      templatePart(line, true, start);
    } else if (c === '/' && regexAllowed()) {
      let inClass = false;
      i++;
      while (i < n && source[i] !== '\n') {
        const r = source[i];
        if (r === '\\') i += 2;
        else {
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
          i++;
        }
      }
      i++;
      while (i < n && NAME_PART.test(source[i] ?? '')) i++; // flags
      tokens.push({ kind: 'punct', text: '/re/', line });
    } else if (NAME_START.test(c)) {
      const start = i;
      while (i < n && NAME_PART.test(source[i] ?? '')) i++;
      tokens.push({ kind: 'name', text: source.slice(start, i), line });
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[0-9A-Za-z_.]/.test(source[i] ?? '')) i++;
      tokens.push({ kind: 'name', text: '0', line });
    } else if (c === '{') {
      const depth = templateBraces.length;
      if (depth > 0) templateBraces[depth - 1] = (templateBraces[depth - 1] ?? 0) + 1;
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else if (c === '}') {
      const depth = templateBraces.length;
      const open = templateBraces[depth - 1];
      i++;
      if (open === 0) {
        // the `}` that closes a `${`: back to the template's text
        templateBraces.pop();
        templatePart(line, false, i);
      } else {
        if (open !== undefined) templateBraces[depth - 1] = open - 1;
        tokens.push({ kind: 'punct', text: c, line });
      }
    } else {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    }
  }
  return tokens;
}

/** Every module specifier that `source` imports or re-exports, in order of appearance. */
function scanImports(source: string): FoundImport[] {
  const found: FoundImport[] = [];
  const fromDocs: FoundImport[] = [];
  const tokens = tokenize(source, (text, line) => {
    for (const m of text.matchAll(JSDOC_IMPORT)) {
      const specifier = m[2] ?? m[4];
      if (specifier !== undefined) fromDocs.push({ specifier, line: line + countNewlines(text.slice(0, m.index)) });
    }
  });
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t?.kind !== 'name') continue;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (prev?.kind === 'punct' && prev.text === '.') continue; // `Array.from(…)`, `x.import`
    if (t.text === 'from' && next?.kind === 'string') found.push({ specifier: next.text, line: next.line });
    else if (t.text === 'import' && next?.kind === 'string') found.push({ specifier: next.text, line: next.line }); // import 'x'
    else if (t.text === 'import' && next?.kind === 'punct' && next.text === '(') {
      const arg = tokens[k + 2];
      const close = tokens[k + 3];
      if (arg?.kind === 'string' && close?.kind === 'punct' && (close.text === ')' || close.text === ',')) found.push({ specifier: arg.text, line: arg.line });
    }
  }
  return [...found, ...fromDocs].sort((a, b) => a.line - b.line);
}

const countNewlines = (s: string): number => s.split('\n').length - 1;

// ---------------------------------------------------------------------------------------------
// The stages

const STAGES = ['runtime', 'util', 'spec', 'model', 'print', 'emit', 'write', 'generate', 'project', 'tools', 'cli'] as const;
type Stage = (typeof STAGES)[number];

/** The stage of a module, from its path relative to the repository (`/` separators). */
function stageOf(file: string): Stage | undefined {
  if (file.startsWith('runtime/')) return 'runtime';
  const m = /^src\/(?:([^/]+)\/|(generate)\.[^/]+$)/.exec(file);
  const name = m?.[1] ?? m?.[2];
  return STAGES.find((s) => s !== 'runtime' && s === name);
}

const rank = (s: Stage): number => STAGES.indexOf(s);

const MODULE_EXT = /(\.d)?\.(?:[cm]?[jt]s)$/;
/** A module's identity: its path without extension, so that `x.js` and its successor `x.ts` (or `x.d.ts`) are one module. */
const moduleId = (file: string): string => file.replace(MODULE_EXT, '');

// ---------------------------------------------------------------------------------------------
// Known violations. Each one is tied to the issue that removes it; the test fails when an entry
// is no longer needed, so this list only shrinks. Keys are module ids (paths without extension).

interface Allowed {
  from: string;
  to: string;
  issue: string;
  why: string;
}

const ALLOWED: Allowed[] = [
  // empty: every violation the list held is fixed; a new one must be fixed, not listed
];

// ---------------------------------------------------------------------------------------------
// The tree

interface Edge {
  from: string; // file, relative to the repository
  to: string; // file, relative to the repository
  specifier: string;
  line: number;
}

function listModules(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...listModules(rel));
    else if (MODULE_EXT.test(e.name)) out.push(rel);
  }
  return out.sort();
}

const files = [...listModules('src'), ...listModules('runtime')];
const byId = new Map<string, string>();
for (const f of files) if (!byId.has(moduleId(f)) || !f.endsWith('.d.ts')) byId.set(moduleId(f), f);

const edges: Edge[] = [];
const unresolved: string[] = [];
for (const file of files) {
  for (const { specifier, line } of scanImports(fs.readFileSync(path.join(root, file), 'utf8'))) {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue; // a package or node: builtin
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    const to = byId.get(moduleId(target));
    if (to !== undefined) edges.push({ from: file, to, specifier, line });
    else if (!fs.existsSync(path.join(root, target))) unresolved.push(`${file}:${line}: imports '${specifier}', which is no file (looked for ${target} and its .ts/.d.ts twins)`);
  }
}

const isAllowed = (e: Edge): Allowed | undefined => ALLOWED.find((a) => a.from === moduleId(e.from) && a.to === moduleId(e.to));
const describeEdge = (e: Edge): string => `${e.from}:${e.line} imports '${e.specifier}' (${e.to})`;

/** Import cycles: the strongly connected components (Tarjan) with more than one module, or a module importing itself. */
function findCycles(nodes: readonly string[], edgesOf: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  // iterative, so a long import chain cannot overflow the call stack
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (!top) break;
      const succ = edgesOf(top.node);
      if (top.next < succ.length) {
        const w = succ[top.next++] ?? '';
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node) ?? 0, index.get(w) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(top.node) ?? 0));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1 || succ.includes(top.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

// ---------------------------------------------------------------------------------------------
// Tests of the scanner and the rules

describe('scanImports', () => {
  const cases: [string, { given: string; want: string[] }][] = [
    ['a default import', { given: "import a from './a.js';", want: ['./a.js'] }],
    ['named, namespace and type imports', { given: "import { a, b as c } from './a.js';\nimport * as ns from \"../b.js\";\nimport type { T } from './t.js';", want: ['./a.js', '../b.js', './t.js'] }],
    ['an import over several lines, with comments', { given: "import {\n  a, // the a\n  /* b */ b,\n} from './a.js';", want: ['./a.js'] }],
    ['a side-effect import', { given: "import './polyfill.js';", want: ['./polyfill.js'] }],
    ['re-exports', { given: "export * from './a.js';\nexport { b } from './b.js';\nexport type { C } from './c.js';\nexport * as d from './d.js';", want: ['./a.js', './b.js', './c.js', './d.js'] }],
    ['a dynamic import with a literal', { given: "const m = await import('./lazy.js');\nconst n = await import(`./tpl.js`);", want: ['./lazy.js', './tpl.js'] }],
    ['a dynamic import of a computed name is not followed', { given: 'const m = await import(name);\nconst n = await import(`./${name}.js`);', want: [] }],
    ['JSDoc type references', { given: "/** @param {import('../model/types.js').Model} m */\n/**\n * @typedef {import(\"./x.js\").X} X\n * @import { Y } from './y.js'\n */", want: ['../model/types.js', './x.js', './y.js'] }],
    ['a TypeScript type query', { given: "type M = typeof import('./m.js');", want: ['./m.js'] }],
    ['a node builtin and a package are imports too', { given: "import fs from 'node:fs';\nimport YAML from 'yaml';", want: ['node:fs', 'yaml'] }],
    ['an import inside a string is not one', { given: "const s = \"import a from './a.js'\";\nconst t = 'export * from \"./b.js\"';", want: [] }],
    ['an import printed by a template literal is not one', { given: "const code = `import { x } from '../runtime/${name}.js';\\nexport * from './index.js';`;\nimport real from './real.js';", want: ['./real.js'] }],
    ['nested template literals', { given: "const s = `a ${`b ${c} import('./no.js')`} d ${ {k: 1}.k } from './no2.js'`;\nimport { r } from './r.js';", want: ['./r.js'] }],
    ['a line comment is not an import', { given: "// import a from './old.js';\nimport b from './b.js';", want: ['./b.js'] }],
    ['a plain block comment is not a type reference', { given: "/* import('./no.js') */\nimport b from './b.js';", want: ['./b.js'] }],
    ['a regular expression with quotes', { given: "const re = /import ['\"](.*)['\"]/g;\nconst cls = /[/'\"]/;\nimport b from './b.js';", want: ['./b.js'] }],
    ['a division is not a regular expression', { given: "const a = (b) / c / d;\nconst e = f[0] / 2; import g from './g.js'; const h = i / j;", want: ['./g.js'] }],
    ['from and import as property names', { given: "const a = Array.from('abc');\nconst b = loader.import('./no.js');\nconst c = { from: './no2.js' };\nconst u = import.meta.url;", want: [] }],
    ['a shebang line', { given: "#!/usr/bin/env node\nimport a from './a.js';", want: ['./a.js'] }],
    ['an unterminated string stops at the line end', { given: "const s = 'oops\nimport a from './a.js';", want: ['./a.js'] }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(scanImports(given).map((f) => f.specifier)).toEqual(want);
  });

  it('gives the line of each import', () => {
    expect(scanImports("\n/**\n * @type {import('./t.js').T}\n */\nconst x = `\n${y}\n`;\nimport a from './a.js';")).toEqual([
      { specifier: './t.js', line: 3 },
      { specifier: './a.js', line: 8 },
    ]);
  });

  it('does linear work on a long input', () => {
    const big = "import a from './a.js';\n".repeat(20_000) + '`${'.repeat(2_000) + '}`'.repeat(2_000) + '/* '.repeat(10_000);
    const t0 = performance.now();
    expect(scanImports(big)).toHaveLength(20_000);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('stageOf', () => {
  const cases: [string, { given: string; want: Stage | undefined }][] = [
    ['the runtime', { given: 'runtime/receive.ts', want: 'runtime' }],
    ['util', { given: 'src/util/pointer.ts', want: 'util' }],
    ['a tool in its own folder', { given: 'src/tools/drift/format.js', want: 'tools' }],
    ['generate.js itself', { given: 'src/generate.js', want: 'generate' }],
    ['generate.ts itself', { given: 'src/generate.ts', want: 'generate' }],
    ['a CLI', { given: 'src/cli/generate.js', want: 'cli' }],
    ["a user's project", { given: 'src/project/config.ts', want: 'project' }],
    ['a folder that is no stage', { given: 'src/misc/x.ts', want: undefined }],
    ['a loose file that is no stage', { given: 'src/index.ts', want: undefined }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(stageOf(given)).toBe(want);
  });
});

describe('findCycles', () => {
  const cases: [string, { given: Record<string, string[]>; want: string[][] }][] = [
    ['a chain', { given: { a: ['b'], b: ['c'], c: [] }, want: [] }],
    ['a diamond', { given: { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, want: [] }],
    ['two modules importing each other', { given: { a: ['b'], b: ['a'] }, want: [['a', 'b']] }],
    ['a module importing itself', { given: { a: ['a'], b: [] }, want: [['a']] }],
    ['a long loop and a separate pair', { given: { a: ['b'], b: ['c'], c: ['a'], d: ['e'], e: ['d', 'a'] }, want: [['a', 'b', 'c'], ['d', 'e']] }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const got = findCycles(Object.keys(given), (n) => given[n] ?? []);
    expect(got.sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''))).toEqual(want);
  });

  it('walks a chain of 50,000 modules without recursion', () => {
    const nodes = Array.from({ length: 50_000 }, (_, k) => `m${k}`);
    expect(findCycles(nodes, (n) => (n === 'm49999' ? ['m0'] : [`m${Number(n.slice(1)) + 1}`]))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The rules, on the tree

describe('the layout of src/ and runtime/', () => {
  it('finds the modules and their imports', () => {
    // guards the scanner against silently finding nothing
    expect(files.length).toBeGreaterThan(30);
    expect(edges.length).toBeGreaterThan(files.length);
  });

  it('puts every module in a stage', () => {
    const loose = files.filter((f) => stageOf(f) === undefined);
    expect(loose, `modules outside the stages (${STAGES.join(' < ')}): move them into one, or add their folder to STAGES in test/layout.test.ts`).toEqual([]);
  });

  it('resolves every relative import to a file', () => {
    expect(unresolved).toEqual([]);
  });

  it('imports only from the same stage or a lower one', () => {
    const upward = edges.filter((e) => {
      const from = stageOf(e.from);
      const to = stageOf(e.to);
      return from !== undefined && to !== undefined && rank(to) > rank(from) && !isAllowed(e);
    });
    expect(
      upward.map((e) => `${describeEdge(e)}: ${stageOf(e.from)} is below ${stageOf(e.to)}`),
      `imports point down the pipeline: ${STAGES.join(' < ')}`,
    ).toEqual([]);
  });

  it('has no import cycle', () => {
    const out = new Map<string, string[]>();
    for (const e of edges) if (!isAllowed(e)) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    const cycles = findCycles(files, (f) => out.get(f) ?? []).map((component) => {
      const inside = new Set(component);
      const links = edges.filter((e) => inside.has(e.from) && inside.has(e.to) && !isAllowed(e)).map(describeEdge);
      return `${component.join(' <-> ')}:\n    ${links.join('\n    ')}`;
    });
    expect(cycles).toEqual([]);
  });

  it('lists only violations that still exist', () => {
    const stale = ALLOWED.filter((a) => !edges.some((e) => moduleId(e.from) === a.from && moduleId(e.to) === a.to));
    expect(
      stale.map((a) => `${a.from} -> ${a.to} (${a.issue})`),
      'these imports are gone: delete their entries from ALLOWED in test/layout.test.ts',
    ).toEqual([]);
  });
});
