// src/print/ts.ts: spec text reaches generated code only through the AST builders, so any text
// round-trips verbatim and nothing in it can end a literal, a comment or the module.
import { describe, expect, it } from 'vitest';
import { createCodeBuilder, docText, isIdentifier, type CodeBuilder } from '../../src/print/ts.js';
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
