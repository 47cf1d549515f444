// src/print/ts.ts: spec text reaches generated code only through the AST builders, so any text
// round-trips verbatim and nothing in it can end a literal, a comment or the module.
import { describe, expect, it } from 'vitest';
import { createCodeBuilder, docText, isIdentifier, layout, type CodeBuilder, type Literal, type Statement } from '../../src/print/ts.js';
import { ts } from '@ts-morph/common';

const b: CodeBuilder = createCodeBuilder(ts);

const HOSTILE: [string, { given: string }][] = [
  ['quotes', { given: `it's "quoted"` }],
  ['template', { given: '`${globalThis.pwned = 1}`' }],
  ['comment end', { given: 'a */ globalThis.pwned = 1; /*' }],
  ['script close', { given: '</script><script>alert(1)</script>' }],
  ['carriage return', { given: 'line\rbreak\r\n' }],
  ['line separators', { given: 'a\u2028b\u2029c' }],
  ['lone surrogate', { given: 'x\ud800y\udc00z' }],
  ['backslashes', { given: '\\u0041\\' }],
];

async function load(js: string): Promise<Record<string, unknown>> {
  return import(`data:text/javascript,${encodeURIComponent(js)}`) as Promise<Record<string, unknown>>;
}

describe('literals and TSDoc built from hostile text', () => {
  it.each(HOSTILE)('%s: the value round-trips and runs nothing', async (_name, { given }) => {
    const mod = b.compile('t/m', b.print([b.constDecl('value', b.lit({ [given]: [given] }), { exported: true, type: b.parseType('Record<string, string[]>'), doc: given })]));
    const m = await load(mod.js);
    expect(m.value).toEqual({ [given]: [given] });
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(mod.dts).toContain('export declare const value: Record<string, string[]>;');
  });

  it.each(HOSTILE)('%s: TSDoc text cannot close its comment', (_name, { given }) => {
    expect(docText(given)).not.toContain('*/');
  });
});

describe('printing', () => {
  it('precedence is the printer\'s job', async () => {
    const f = b.factory;
    const sum = f.createBinaryExpression(b.id('a'), b.SyntaxKind.PlusToken, b.lit(1));
    const mod = b.compile('t/p', b.print([b.fnDecl('f', [b.param('a', b.keyword.number())], b.keyword.number(), [b.ret(f.createBinaryExpression(sum, b.SyntaxKind.AsteriskToken, b.lit(-2)))], { exported: true })]));
    expect(mod.ts).toContain('return (a + 1) * -2;');
    expect(((await load(mod.js)).f as (a: number) => number)(2)).toBe(-6);
  });

  it('an export whose type only a checker could infer is an emitter bug, reported with its location', () => {
    const src = b.print([b.constDecl('x', b.call(b.prop('Object', 'freeze'), [b.lit([1])]), { exported: true })]);
    expect(() => b.compile('t/bad', src)).toThrow(/^internal: emitted code for t\/bad\.ts:1:\d+ does not compile/);
  });

  it.each([
    ['plain', { given: 'orderCreate', want: true }],
    ['reserved', { given: 'default', want: false }],
    ['dash', { given: 'a-b', want: false }],
    ['digit first', { given: '1a', want: false }],
  ] as [string, { given: string; want: boolean }][])('isIdentifier: %s', (_n, { given, want }) => {
    expect(isIdentifier(given)).toBe(want);
  });

  it('refuses an identifier that is not one', () => {
    expect(() => b.id('a b')).toThrow(/not a valid identifier/);
  });
});

describe('snippets: fixed code with checked holes', () => {
  const HOSTILE_TEXT = 'a */ b\r\nc\u2028d `${globalThis.pwned = 1}` </script> \ud800';

  it('a string hole can only be a name', () => {
    expect(() => b.stmts`const ${'a b'} = 1;`).toThrow(/string hole must be a name/);
    expect(() => b.stmts`const x = '${"'; globalThis.pwned = 1; '"}';`).toThrow(/string hole must be a name/);
    expect(() => b.stmts`const ${'__node0__'} = ${b.lit(1)};`).toThrow(/string hole must be a name/);
    expect(b.print(b.stmts`export const ${'acme'}Topics: number = 1;`)).toBe('export const acmeTopics: number = 1;\n');
  });

  it('spec text goes into a TSDoc comment escaped, and nowhere else', async () => {
    expect(() => b.stmts`const x = ${b.doc('x')};`).toThrow(/doc\(\) text outside a comment/);
    expect(() => b.stmts`// ${b.doc('x')}\nconst x = 1;`).toThrow(/doc\(\) text in a line comment/);
    const mod = b.compile('t/d', b.print(b.stmts`
/**
 * Says ${b.doc(HOSTILE_TEXT)} verbatim.
 * @example
 * run(${b.doc("{ a: 'b' }")});
 */
export const said: string = ${b.lit(HOSTILE_TEXT)};
`));
    expect(mod.dts).toContain(`/**\n * Says ${docText(HOSTILE_TEXT).split('\n').join('\n * ')} verbatim.\n * @example\n * run({ a: 'b' });\n */\nexport declare const said: string;`);
    expect((await load(mod.js)).said).toBe(HOSTILE_TEXT);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('node holes take their place in the tree: expressions (parenthesized as needed), types, members, parameters, statements', () => {
    const f = b.factory;
    const sum = f.createBinaryExpression(b.id('a'), b.SyntaxKind.PlusToken, b.lit(1));
    const out = b.print(b.stmts`
export interface I {
  ${b.members`readonly a: string;`}
  ${b.typeLiteral([{ name: 'b-c', type: b.keyword.number() }]).members.slice()}
}
export function f(${[b.param('a', b.keyword.number())]}): ${b.union([b.keyword.string(), b.keyword.number()])}[] | undefined {
  const x = ${sum} * 2;
  ${[b.ret(b.expr`[${b.lit('x')}]`)]}
}
`);
    expect(out).toBe(
      "export interface I {\n    readonly a: string;\n    'b-c': number;\n}\nexport function f(a: number): (string | number)[] | undefined {\n    const x = (a + 1) * 2;\n    return ['x'];\n}\n",
    );
  });

  it('an empty list hole leaves nothing behind', () => {
    expect(b.print(b.stmts`export interface I {\n  ${[]}\n}\nexport function g(a: string, ${[]}): void {}`)).toBe('export interface I {\n}\nexport function g(a: string): void { }\n');
  });
});

describe('printing text', () => {
  it('non-ASCII stays readable; lone surrogates are escaped, so the value survives a UTF-8 file', async () => {
    const value = 'Café “quoted” \ud800 \udc00 😀';
    const text = b.print([b.constDecl('v', b.lit(value), { exported: true, type: b.keyword.string() })]);
    expect(text).toBe("export const v: string = 'Café “quoted” \\uD800 \\uDC00 😀';\n");
    const js = Buffer.from(b.compile('t/s', text).js, 'utf8').toString('utf8');
    expect((await load(js)).v).toBe(value);
  });

  it('layout: two-space indentation, a blank line between declarations, none between imports', () => {
    const text = b.print(b.stmts`
import { a } from './a.js';
export * from './b.js';
/** doc */
export function f(): void {
  if (a) {
    a();
  }
}
const x = 1;
`);
    expect(layout(text)).toBe("import { a } from './a.js';\nexport * from './b.js';\n\n/** doc */\nexport function f(): void {\n  if (a) {\n    a();\n  }\n}\n\nconst x = 1;\n");
  });

  it('emitModule: the .d.ts and .js of one source, each under the banner', () => {
    const files = b.emitModule({ path: 'p/m', sources: ['spec/p*/x.yaml'], statements: b.stmts`/** One. */\nexport function one(): number {\n  return 1;\n}` });
    expect(files.map(([p]) => p)).toEqual(['p/m.d.ts', 'p/m.js']);
    for (const [, text] of files) {
      const banner = text.slice(0, text.indexOf('*/') + 2);
      expect(banner).toContain('Source: spec/p*\\/x.yaml');
      expect(banner.endsWith(' * Edit the spec and run `npm run generate` instead.\n */')).toBe(true);
    }
    expect(files[0]?.[1]).toContain('/** One. */\nexport declare function one(): number;\n');
    expect(files[1]?.[1]).toContain('/** One. */\nexport function one() {\n  return 1;\n}\n');
  });
});

describe('compileModule: the .js is the module with its types erased, the .d.ts its declarations', () => {
  const f = b.factory;
  /** A module with every kind of TypeScript the erasing printer handles. */
  const module = () => [
    b.importNamed(['show'], './rt.js'),
    b.importNamed(['Thing'], './types.js', true),
    b.exportFrom(['Thing'], './types.js', true),
    b.typeAlias('Obj_', b.indexSignatureType('key', b.keyword.unknown())),
    b.interfaceDecl('Options', [{ name: 'strict', type: b.keyword.boolean(), optional: true, readonly: true }], { exported: true }),
    b.fnSignature('pick', [b.param('v', b.keyword.unknown())], b.keyword.string(), { exported: true }),
    b.fnDecl('pick', [b.param('v', b.keyword.unknown()), b.param('o', b.typeRef('Options'), { optional: true })], b.predicate('v', b.typeRef('Thing')), [
      b.ret(b.and([b.eq(b.typeOf(b.id('v')), b.lit('object')), b.bin(b.as(b.prop(b.as(b.id('v'), b.typeRef('Obj_')), 'n'), b.keyword.number()), 'GreaterThanEqualsToken', b.lit(1))])),
    ], { exported: true, doc: 'Picks.' }),
    b.constDecl('TABLE', b.pure(b.call(b.prop('Object', 'freeze'), [b.lit({ a: 1 })])), { type: b.parseType('Readonly<Record<string, number>>') }),
    b.constDecl('check', b.arrow([b.param('x', b.keyword.unknown())], b.call('pick', [b.id('x')], [b.typeRef('Thing')]), b.keyword.boolean()), { exported: true, type: b.parseType('(x: unknown) => boolean') }),
    b.withComment(b.fnDecl('local', [], b.keyword.void(), [b.exprStmt(b.call('show', [b.id('TABLE')]))]), 'a section'),
  ];

  it('prints the same .js as transpiling the printed TypeScript, and the same .d.ts', () => {
    const fast = b.compileModule('t/m', module());
    const slow = b.compile('t/m', b.print(module()));
    expect(fast.js).toBe(layout(slow.js));
    expect(fast.dts).toBe(layout(slow.dts));
    expect(fast.js).not.toMatch(/Obj_|Options|Thing|: unknown|\bas\b/);
    expect(fast.js).toContain('return typeof v === \'object\' && v.n >= 1;');
    expect(fast.js).toContain('const TABLE = /*#__PURE__*/ Object.freeze({');
    expect(fast.js).toContain('// a section\nfunction local() {');
    // the implementation's signature stays private to an overloaded function
    expect(fast.dts).toContain('export declare function pick(v: unknown): string;\n');
  });

  it.each([
    ['an enum', () => f.createEnumDeclaration(undefined, 'E', [f.createEnumMember('A')])],
    ['a class', () => f.createClassDeclaration(undefined, 'C', undefined, undefined, [])],
  ] as [string, () => Statement][])('refuses %s, which only the transpiler can erase', (_name, make) => {
    expect(() => b.compileModule('t/bad', [make()])).toThrow(/^internal: t\/bad: cannot erase/);
  });

  it('a hostile template text stays text', async () => {
    for (const [, { given }] of HOSTILE) {
      const mod = b.compileModule('t/tpl', [b.constDecl('value', b.template(given, b.lit(1), given), { exported: true, type: b.keyword.string() })]);
      expect((await load(mod.js)).value).toBe(`${given}1${given}`);
    }
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('a key called __proto__ is a property, not the prototype', async () => {
    const mod = b.compileModule('t/proto', [b.constDecl('value', b.lit(JSON.parse('{"__proto__": "x", "a": 1}') as Literal), { exported: true, type: b.keyword.unknown() })]);
    const value = (await load(mod.js)).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('x');
  });

  it('or() makes an && operand visible with parentheses; the factory handles precedence', () => {
    const src = b.print([b.exprStmt(b.or([b.and([b.id('a'), b.id('b')]), b.id('c')])), b.exprStmt(b.not(b.or([b.id('a'), b.id('b')])))]);
    expect(src).toBe('(a && b) || c;\n!(a || b);\n');
  });
});

describe('compileDeclarations: another tool\'s TypeScript, checked and printed again', () => {
  it('edits and prepends on the way', () => {
    const out = b.compileDeclarations('t/d', 'export interface A {\n  placeholder: string\n}\n', {
      edit: (node) => (b.ts.isPropertySignature(node) && b.ts.isIdentifier(node.name) && node.name.text === 'placeholder' ? b.factory.updatePropertySignature(node, undefined, b.propName('a\ud800"b'), undefined, node.type) : undefined),
      prepend: () => [b.importNamed(['X'], './x.js', true)],
    });
    expect(out).toBe('import type { X } from \'./x.js\';\n\nexport interface A {\n  \'a\\uD800"b\': string;\n}\n');
  });

  it('a syntax error throws with its location', () => {
    expect(() => b.compileDeclarations('t/broken', 'export interface A {\n  "a: string\n}\n')).toThrow(/^internal: emitted code for t\/broken\.ts:2:\d+ does not compile/);
  });
});
