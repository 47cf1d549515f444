/**
 * Code as an AST: every generated TypeScript module is built from TypeScript compiler nodes
 * (the compiler API that ts-morph ships, `@ts-morph/common`), printed here in one place, and
 * compiled here into the `.js` and `.d.ts` that generated/ ships. Identifiers, string literals,
 * comments and TSDoc are escaped by construction and operator precedence is the printer's job,
 * so spec text can never change the structure of generated code.
 *
 * The compiler is large (about 0.5 s to load): {@link loadCodeBuilder} loads it on first use,
 * so a run whose modules all come from the cache never pays for it.
 */
import type { ts as TS } from '@ts-morph/common';

/** The compiler namespace (a value: factory, printer, transpilers). */
export type Ts = typeof TS;
export type Expression = TS.Expression;
export type Statement = TS.Statement;
export type TypeNode = TS.TypeNode;

/** A JSON-like value that {@link CodeBuilder.lit} can write as a literal. */
export type Literal = string | number | boolean | null | undefined | readonly Literal[] | { readonly [k: string]: Literal };

/** A generated TypeScript module before printing. */
export interface TsModule {
  /** output path without extension, relative to generated/ (`<provider>/guards`) */
  path: string;
  /** the spec files it is generated from, for the banner */
  sources: string[];
  statements: Statement[];
}

/** The `.js` and `.d.ts` of one module, both derived from the same TypeScript source. */
export interface CompiledModule {
  ts: string;
  js: string;
  dts: string;
}

export type CodeBuilder = ReturnType<typeof createCodeBuilder>;

/** Loads the compiler (once per call site: keep the returned builder for the whole run). */
export async function loadCodeBuilder(): Promise<CodeBuilder> {
  const { ts } = await import('@ts-morph/common');
  return createCodeBuilder(ts);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield await').split(' '),
);

/** True when `name` can be written as a bare identifier (a variable or a property name). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** TSDoc text with everything that could end or confuse the comment neutralised. */
export function docText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Builders over `ts.factory` (small, named, in the style of openapi-typescript's lib/ts.ts), the
 * printer and the transpilers. Pure: holds no state beyond the compiler it was given.
 */
export function createCodeBuilder(ts: Ts) {
  const f = ts.factory;
  const K = ts.SyntaxKind;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });

  function id(name: string): TS.Identifier {
    if (!isIdentifier(name)) throw new Error(`internal: "${name}" is not a valid identifier (names come from src/util/naming)`);
    return f.createIdentifier(name);
  }

  /** A property name: bare when it is an identifier, quoted otherwise. */
  function propName(name: string): TS.PropertyName {
    return IDENTIFIER.test(name) ? f.createIdentifier(name) : f.createStringLiteral(name, true);
  }

  function num(n: number): Expression {
    if (!Number.isFinite(n)) throw new Error(`internal: ${n} is not a JSON number`);
    return n < 0 || Object.is(n, -0) ? f.createPrefixUnaryExpression(K.MinusToken, f.createNumericLiteral(-n)) : f.createNumericLiteral(n);
  }

  /** Any JSON-like value as a literal expression; `undefined` members of objects are left out. */
  function lit(value: Literal): Expression {
    if (value === null) return f.createNull();
    if (value === undefined) return f.createIdentifier('undefined');
    if (typeof value === 'string') return f.createStringLiteral(value, true);
    if (typeof value === 'number') return num(value);
    if (typeof value === 'boolean') return value ? f.createTrue() : f.createFalse();
    if (Array.isArray(value)) return f.createArrayLiteralExpression((value as readonly Literal[]).map(lit), false);
    const props = Object.entries(value as { readonly [k: string]: Literal })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => f.createPropertyAssignment(propName(k), lit(v)));
    return f.createObjectLiteralExpression(props, props.length > 0);
  }

  /** An object literal from already-built expressions. */
  function obj(entries: readonly (readonly [string, Expression])[], multiLine = true): TS.ObjectLiteralExpression {
    return f.createObjectLiteralExpression(
      entries.map(([k, v]) => (TS_IS_SHORTHAND(k, v) ? f.createShorthandPropertyAssignment(k) : f.createPropertyAssignment(propName(k), v))),
      multiLine && entries.length > 0,
    );
  }

  function TS_IS_SHORTHAND(k: string, v: Expression): boolean {
    return ts.isIdentifier(v) && v.text === k && isIdentifier(k);
  }

  /** `a.b.c` (or `a["b-c"]` when a step is not an identifier). */
  function prop(target: Expression | string, ...names: string[]): Expression {
    let e: Expression = typeof target === 'string' ? id(target) : target;
    for (const n of names) e = IDENTIFIER.test(n) ? f.createPropertyAccessExpression(e, n) : f.createElementAccessExpression(e, f.createStringLiteral(n, true));
    return e;
  }

  function call(callee: Expression | string, args: readonly Expression[] = [], typeArgs?: readonly TypeNode[]): TS.CallExpression {
    return f.createCallExpression(typeof callee === 'string' ? id(callee) : callee, typeArgs, args);
  }

  function param(name: string, type?: TypeNode, opts: { optional?: boolean; rest?: boolean; init?: Expression } = {}): TS.ParameterDeclaration {
    return f.createParameterDeclaration(
      undefined,
      opts.rest ? f.createToken(K.DotDotDotToken) : undefined,
      id(name),
      opts.optional ? f.createToken(K.QuestionToken) : undefined,
      type,
      opts.init,
    );
  }

  function exportMods(exported: boolean | undefined): TS.ModifierLike[] | undefined {
    return exported ? [f.createModifier(K.ExportKeyword)] : undefined;
  }

  function constDecl(name: string, init: Expression, opts: { exported?: boolean; type?: TypeNode; doc?: string } = {}): TS.VariableStatement {
    const s = f.createVariableStatement(
      exportMods(opts.exported),
      f.createVariableDeclarationList([f.createVariableDeclaration(id(name), undefined, opts.type, init)], ts.NodeFlags.Const),
    );
    return opts.doc ? withDoc(s, opts.doc) : s;
  }

  function fnDecl(
    name: string,
    params: readonly TS.ParameterDeclaration[],
    returnType: TypeNode | undefined,
    body: readonly Statement[],
    opts: { exported?: boolean; doc?: string; typeParams?: readonly TS.TypeParameterDeclaration[]; async?: boolean } = {},
  ): TS.FunctionDeclaration {
    const mods: TS.ModifierLike[] = [...(exportMods(opts.exported) ?? []), ...(opts.async ? [f.createModifier(K.AsyncKeyword)] : [])];
    const d = f.createFunctionDeclaration(mods.length ? mods : undefined, undefined, id(name), opts.typeParams, params, returnType, f.createBlock([...body], true));
    return opts.doc ? withDoc(d, opts.doc) : d;
  }

  /** Overload signature (no body). */
  function fnSignature(name: string, params: readonly TS.ParameterDeclaration[], returnType: TypeNode, opts: { exported?: boolean; doc?: string; typeParams?: readonly TS.TypeParameterDeclaration[] } = {}): TS.FunctionDeclaration {
    const d = f.createFunctionDeclaration(exportMods(opts.exported), undefined, id(name), opts.typeParams, params, returnType, undefined);
    return opts.doc ? withDoc(d, opts.doc) : d;
  }

  function arrow(params: readonly TS.ParameterDeclaration[], body: Expression | readonly Statement[], returnType?: TypeNode): TS.ArrowFunction {
    return f.createArrowFunction(undefined, undefined, params, returnType, f.createToken(K.EqualsGreaterThanToken), Array.isArray(body) ? f.createBlock([...(body as Statement[])], true) : (body as Expression));
  }

  function ret(e?: Expression): TS.ReturnStatement {
    return f.createReturnStatement(e);
  }

  function typeRef(name: string, args?: readonly TypeNode[]): TS.TypeReferenceNode {
    const q = name.split('.');
    let n: TS.EntityName = id(q[0] as string);
    for (const part of q.slice(1)) n = f.createQualifiedName(n, id(part));
    return f.createTypeReferenceNode(n, args);
  }

  function literalType(value: string | number | boolean | null): TypeNode {
    if (value === null) return f.createLiteralTypeNode(f.createNull());
    if (typeof value === 'boolean') return f.createLiteralTypeNode(value ? f.createTrue() : f.createFalse());
    if (typeof value === 'number') return f.createLiteralTypeNode(num(value) as TS.LiteralExpression | TS.PrefixUnaryExpression);
    return f.createLiteralTypeNode(f.createStringLiteral(value, true));
  }

  function union(types: readonly TypeNode[]): TypeNode {
    return types.length === 1 ? (types[0] as TypeNode) : f.createUnionTypeNode(types);
  }

  const keyword = {
    string: () => f.createKeywordTypeNode(K.StringKeyword),
    number: () => f.createKeywordTypeNode(K.NumberKeyword),
    boolean: () => f.createKeywordTypeNode(K.BooleanKeyword),
    unknown: () => f.createKeywordTypeNode(K.UnknownKeyword),
    void: () => f.createKeywordTypeNode(K.VoidKeyword),
    never: () => f.createKeywordTypeNode(K.NeverKeyword),
    undefined: () => f.createKeywordTypeNode(K.UndefinedKeyword),
  };

  /** `{ a: T; 'b-c'?: U }` */
  function typeLiteral(members: readonly { name: string; type: TypeNode; optional?: boolean; readonly?: boolean; doc?: string }[]): TS.TypeLiteralNode {
    return f.createTypeLiteralNode(
      members.map((m) => {
        const sig = f.createPropertySignature(m.readonly ? [f.createModifier(K.ReadonlyKeyword)] : undefined, propName(m.name), m.optional ? f.createToken(K.QuestionToken) : undefined, m.type);
        return m.doc ? withDoc(sig, m.doc) : sig;
      }),
    );
  }

  function typeAlias(name: string, type: TypeNode, opts: { exported?: boolean; doc?: string; typeParams?: readonly TS.TypeParameterDeclaration[] } = {}): TS.TypeAliasDeclaration {
    const d = f.createTypeAliasDeclaration(exportMods(opts.exported), id(name), opts.typeParams, type);
    return opts.doc ? withDoc(d, opts.doc) : d;
  }

  function typeParam(name: string, constraint?: TypeNode, def?: TypeNode): TS.TypeParameterDeclaration {
    return f.createTypeParameterDeclaration(undefined, id(name), constraint, def);
  }

  /** `import { a, b as c } from '…'` (`typeOnly` for `import type`). */
  function importNamed(names: readonly (string | readonly [string, string])[], from: string, typeOnly = false): TS.ImportDeclaration {
    const specs = names.map((n) => (typeof n === 'string' ? f.createImportSpecifier(false, undefined, id(n)) : f.createImportSpecifier(false, id(n[0]), id(n[1]))));
    return f.createImportDeclaration(undefined, f.createImportClause(typeOnly, undefined, f.createNamedImports(specs)), f.createStringLiteral(from, true));
  }

  /** `export { a, b } from '…'` (`typeOnly` for `export type`). */
  function exportFrom(names: readonly string[], from: string, typeOnly = false): TS.ExportDeclaration {
    return f.createExportDeclaration(undefined, typeOnly, f.createNamedExports(names.map((n) => f.createExportSpecifier(false, undefined, id(n)))), f.createStringLiteral(from, true));
  }

  /** Attaches a TSDoc block to a node; the text is escaped (see {@link docText}). */
  function withDoc<T extends TS.Node>(node: T, text: string): T {
    const lines = docText(text).split('\n');
    const body = lines.length === 1 ? `* ${lines[0]} ` : `*\n${lines.map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n `;
    return ts.addSyntheticLeadingComment(node, K.MultiLineCommentTrivia, body, true);
  }

  /** Prints a module as TypeScript source (no banner). */
  function print(statements: readonly Statement[]): string {
    const file = ts.createSourceFile('module.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    return printer.printList(ts.ListFormat.MultiLine, f.createNodeArray(statements), file);
  }

  /**
   * The module's `.js` and `.d.ts`, both derived from its printed TypeScript: types are
   * stripped for the one and bodies for the other, so the two cannot disagree.
   * A diagnostic here is an emitter bug (the emitted code must be isolatedDeclarations-clean).
   */
  function compile(path: string, source: string): CompiledModule {
    const base = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false, newLine: ts.NewLineKind.LineFeed, verbatimModuleSyntax: true };
    const fileName = `${path}.ts`;
    const js = ts.transpileModule(source, { compilerOptions: base, fileName, reportDiagnostics: true });
    const dts = ts.transpileDeclaration(source, { compilerOptions: { ...base, declaration: true, isolatedDeclarations: true }, fileName, reportDiagnostics: true });
    const diags = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
    if (diags.length) {
      const first = diags[0] as TS.Diagnostic;
      const at = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
      const where = at ? `${path}.ts:${at.line + 1}:${at.character + 1}` : `${path}.ts`;
      throw new Error(`internal: emitted code for ${where} does not compile: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')} (${diags.length} diagnostic(s))`);
    }
    return { ts: source, js: js.outputText, dts: dts.outputText };
  }

  /** Parses a fixed TypeScript snippet (never spec text) for a type position. */
  function parseType(text: string): TypeNode {
    const file = ts.createSourceFile('t.ts', `type T = ${text};`, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    const st = file.statements[0];
    if (!st || !ts.isTypeAliasDeclaration(st) || file.statements.length !== 1) throw new Error(`internal: not a type: ${text}`);
    return detach(st.type);
  }

  /**
   * A parsed node made printable in another file: with its positions dropped, the printer
   * writes it from its own fields (as for a factory-made node) instead of the parsed text.
   */
  function detach<T extends TS.Node>(node: T): T {
    const visit = (n: TS.Node): void => {
      ts.setTextRange(n, { pos: -1, end: -1 });
      ts.forEachChild(n, visit);
    };
    visit(node);
    return node;
  }

  return {
    ts,
    factory: f,
    SyntaxKind: K,
    id,
    propName,
    lit,
    obj,
    prop,
    call,
    param,
    constDecl,
    fnDecl,
    fnSignature,
    arrow,
    ret,
    typeRef,
    literalType,
    union,
    keyword,
    typeLiteral,
    typeAlias,
    typeParam,
    importNamed,
    exportFrom,
    withDoc,
    print,
    compile,
    parseType,
  };
}
