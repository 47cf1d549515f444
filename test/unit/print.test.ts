import { describe, expect, it } from 'vitest';
import { banner, escapeDoc, formatCode, schemaJson, stableJson, str, tsdoc } from '../../src/print/print.js';

type Case<G, W> = [string, { given: G; want: W }];

describe('formatCode', () => {
  const cases: Case<string, string>[] = [
    ['indents by bracket depth', { given: 'export interface A {\na: string\nb: {\nc: number\n}\n}', want: 'export interface A {\n  a: string\n  b: {\n    c: number\n  }\n}\n' }],
    ['one level per line however many brackets open', { given: 'export const x = Object.freeze([\n1,\n]);', want: 'export const x = Object.freeze([\n  1,\n]);\n' }],
    ['brackets inside strings do not count', { given: "const a = {\nb: '{[(',\n};", want: "const a = {\n  b: '{[(',\n};\n" }],
    ['blank line between top-level declarations', { given: 'export type A = 1;\nexport type B = 2;', want: 'export type A = 1;\n\nexport type B = 2;\n' }],
    ['doc comment stays attached to its declaration', { given: 'export type A = 1;\n/**\n* doc\n*/\nexport type B = 2;', want: 'export type A = 1;\n\n/**\n * doc\n */\nexport type B = 2;\n' }],
    ['runs of blank lines collapse', { given: 'import a from "a";\n\n\n\nconst b = 1;', want: 'import a from "a";\n\nconst b = 1;\n' }],
    ['CRLF becomes LF', { given: 'const a = 1;\r\n', want: 'const a = 1;\n' }],
    ['union members indented', { given: 'export type T =\n| "a"\n| "b";', want: 'export type T =\n  | "a"\n  | "b";\n' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(formatCode(given)).toBe(want));
});

describe('tsdoc', () => {
  const cases: Case<(string | undefined)[], string>[] = [
    ['one paragraph', { given: ['Hello.'], want: '/**\n * Hello.\n */\n' }],
    ['paragraphs separated, empty skipped', { given: ['A.', undefined, '', 'B.'], want: '/**\n * A.\n *\n * B.\n */\n' }],
    ['comment terminator escaped', { given: ['a */ b'], want: '/**\n * a *\\/ b\n */\n' }],
    ['markup kept verbatim', { given: ['<b>x</b> & y'], want: '/**\n * <b>x</b> & y\n */\n' }],
    ['nothing to say, no block', { given: [undefined, ''], want: '' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(tsdoc(given)).toBe(want));
  it('escapeDoc leaves text without terminators alone', () => expect(escapeDoc('a * / b')).toBe('a * / b'));
});

describe('str', () => {
  const cases: Case<string, string>[] = [
    ['plain', { given: 'orders/create', want: "'orders/create'" }],
    ['quote and backslash', { given: "it's \\", want: "'it\\'s \\\\'" }],
    ['newline', { given: 'a\nb', want: "'a\\nb'" }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(str(given)).toBe(want));
});

describe('JSON printing', () => {
  it('stableJson sorts keys at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 0 } })).toBe('{\n  "a": {\n    "c": 0,\n    "d": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
  it('schemaJson puts keywords in reading order but sorts property names, even one called "type"', () => {
    const text = schemaJson({ properties: { type: { type: 'string' }, amount: { type: 'integer' } }, type: 'object', title: 'X', $schema: 's' });
    expect(Object.keys(JSON.parse(text))).toEqual(['$schema', 'title', 'type', 'properties']);
    expect(Object.keys(JSON.parse(text).properties)).toEqual(['amount', 'type']);
  });
  it('schemaJson keeps enum order as written', () => {
    expect(JSON.parse(schemaJson({ enum: ['b', 'a'] })).enum).toEqual(['b', 'a']);
  });
});

describe('banner', () => {
  it('names the sources, the command and says do not edit', () => {
    const b = banner(['spec/x/topics.yaml', 'spec/x/provider.yaml', 'spec/x/topics.yaml']);
    expect(b).toContain('DO NOT EDIT');
    expect(b).toContain('npm run generate');
    expect(b).toContain('spec/x/provider.yaml, spec/x/topics.yaml');
  });
});
