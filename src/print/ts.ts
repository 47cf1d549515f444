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
import { createStatementBuilders } from './ts-builders.js';
import { banner } from './print.js';
import { isIdentifier } from '../util/naming.js';

export type { Ts, Expression, Statement, TypeNode, Literal, BinaryOperatorName } from './ts-types.js';
import type { Ts, Expression, Statement, TypeNode, Literal, BinaryOperatorName } from './ts-types.js';

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

/** Spec text for a TSDoc comment of a {@link CodeBuilder.stmts} snippet (escaped with {@link docText}). */
export interface DocHole {
  readonly doc: string;
}

/**
 * What a `${}` of a fixed-code snippet may be: an identifier-like name from src/util/naming
 * (letters, digits, `_`, `$`: it can only ever spell a name), spec text for a TSDoc comment
 * ({@link CodeBuilder.doc}), or built nodes placed where the placeholder stands.
 */
export type Hole = string | DocHole | TS.Node | readonly TS.Node[];


/** Loads the compiler (once per call site: keep the returned builder for the whole run). */
export async function loadCodeBuilder(): Promise<CodeBuilder> {
  const { ts } = await import('@ts-morph/common');
  return createCodeBuilder(ts);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `name` can be written as a bare identifier (a variable or a property name). */
export { isIdentifier };

/** TSDoc text with everything that could end or confuse the comment neutralised. */
export function docText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Lone UTF-16 surrogates (which UTF-8 cannot hold). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The layout of generated code: two-space indentation (the printer indents by four) and one
 * blank line between top-level declarations, none between consecutive imports and re-exports.
 * Only leading whitespace and blank lines change: printed code holds no multi-line literal
 * (string literals escape their line breaks), so no literal or comment text can be altered.
 */
export function layout(text: string): string {
  const out: string[] = [];
  let prev: 'import' | 'other' | undefined;
  let inTopComment = false;
  let attached = false;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const n = raw.length - raw.trimStart().length;
    const line = ' '.repeat(Math.floor(n / 4) * 2 + (n % 4)) + raw.slice(n);
    if (n === 0 && !inTopComment && !/^[}\])]/.test(raw)) {
      if (!attached) {
        const kind = /^(import |export (type )?(\*|\{)[^;]*;$)/.test(raw) ? 'import' : 'other';
        if (prev !== undefined && !(kind === 'import' && prev === 'import')) out.push('');
        prev = kind;
      }
      attached = false;
      if (raw.startsWith('/*')) {
        inTopComment = !raw.includes('*/');
        attached = !inTopComment;
      } else if (raw.startsWith('//')) {
        // a line comment belongs to the declaration below it
        attached = true;
      }
    } else if (inTopComment && raw.includes('*/')) {
      inTopComment = false;
      attached = true;
    }
    out.push(line);
  }
  return out.join('\n') + '\n';
}

/**
 * Builders over `ts.factory` (small, named, in the style of openapi-typescript's lib/ts.ts), the
 * printer and the transpilers. Pure: holds no state beyond the compiler it was given.
 */
export function createCodeBuilder(ts: Ts) {
  const f = ts.factory;
  const K = ts.SyntaxKind;
  // non-ASCII text stays readable in string literals (`neverAsciiEscape` is an internal printer
  // option); print() escapes the one kind of character UTF-8 cannot hold, lone surrogates
  const printerOptions: TS.PrinterOptions & { neverAsciiEscape: boolean } = { newLine: ts.NewLineKind.LineFeed, removeComments: false, neverAsciiEscape: true };
  const printer = ts.createPrinter(printerOptions);

  function id(name: string): TS.Identifier {
    if (!isIdentifier(name)) throw new Error(`internal: "${name}" is not a valid identifier (names come from src/util/naming)`);
    return f.createIdentifier(name);
  }

  /** A property name: bare when it is an identifier, quoted otherwise. */
  /**
   * A property name: bare when it is an identifier, quoted otherwise. `__proto__` becomes a
   * computed key (`['__proto__']`): written plainly in an object literal it would set the
   * prototype instead of defining a property.
   */
  function propName(name: string): TS.PropertyName {
    if (name === '__proto__') return f.createComputedPropertyName(f.createStringLiteral(name, true));
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

  /** {@link lit} on one line (objects too): for values shown in docs and small tables. */
  function inlineLit(value: Literal): Expression {
    if (value === null || typeof value !== 'object') return lit(value);
    if (Array.isArray(value)) return f.createArrayLiteralExpression((value as readonly Literal[]).map(inlineLit), false);
    const props = Object.entries(value as { readonly [k: string]: Literal })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => f.createPropertyAssignment(propName(k), inlineLit(v)));
    return f.createObjectLiteralExpression(props, false);
  }

  /** An object literal from already-built expressions. */
  function obj(entries: readonly (readonly [string, Expression])[], multiLine = true): TS.ObjectLiteralExpression {
    return f.createObjectLiteralExpression(
      entries.map(([k, v]) => (TS_IS_SHORTHAND(k, v) ? f.createShorthandPropertyAssignment(k) : f.createPropertyAssignment(propName(k), v))),
      multiLine && entries.length > 0,
    );
  }

  function TS_IS_SHORTHAND(k: string, v: Expression): boolean {
    return ts.isIdentifier(v) && v.text === k && isIdentifier(k) && k !== '__proto__';
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
    return ts.addSyntheticLeadingComment(node, K.MultiLineCommentTrivia, docBody(docText(text)), true);
  }

  /** The inside of a `/** … *\/` block for escaped text. */
  function docBody(text: string): string {
    const lines = text.split('\n');
    return lines.length === 1 ? `* ${lines[0]} ` : `*\n${lines.map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n `;
  }

  const statements = createStatementBuilders(ts, { id, lit, param, prop, typeLiteral, withDoc, exportMods, keyword });

  /**
   * Prints a module as TypeScript source (no banner). A lone surrogate can only stand in a
   * string literal here (TSDoc text has none, see {@link docText}): it is written as its
   * `\\uXXXX` escape, so the value survives the UTF-8 file.
   */
  function print(statements: readonly Statement[]): string {
    const file = ts.createSourceFile('module.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    return printer.printList(ts.ListFormat.MultiLine, f.createNodeArray(statements), file).replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }

  /** One node as TypeScript text (for code shown in docs: a literal, a type). */
  function printNode(node: TS.Node): string {
    const file = ts.createSourceFile('node.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    return printer.printNode(ts.EmitHint.Unspecified, node, file).replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }

  /**
   * A module's `.js` and `.d.ts`, as written to generated/: both compiled from the one printed
   * source, laid out by {@link layout}, under the do-not-edit banner.
   */
  function emitModule(mod: TsModule): [string, string][] {
    // the fast path erases types while printing; a class (an ApiError subclass) needs the transpiler
    const erasable = mod.statements.every((s) => !ts.isClassDeclaration(s) && !ts.isEnumDeclaration(s) && !ts.isModuleDeclaration(s));
    const out = erasable ? compileModule(mod.path, mod.statements) : layoutBoth(compile(mod.path, print(mod.statements)));
    const head = `${banner(mod.sources)}\n\n`;
    return [
      [`${mod.path}.d.ts`, head + out.dts],
      [`${mod.path}.js`, head + out.js],
    ];
  }

  function layoutBoth(out: CompiledModule): { js: string; dts: string } {
    return { js: layout(out.js), dts: layout(out.dts) };
  }

  /**
   * The module's `.js` and `.d.ts`, both derived from its printed TypeScript: types are
   * stripped for the one and bodies for the other, so the two cannot disagree. One program of
   * one file (no lib, no resolution, no type check: what transpileModule and
   * transpileDeclaration do, with the source parsed once for both).
   * A diagnostic here is an emitter bug (the emitted code must be isolatedDeclarations-clean).
   */
  function compile(path: string, source: string): CompiledModule {
    const fileName = `/${path}.ts`;
    const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    const out = { js: '', dts: '' };
    const host: TS.CompilerHost = {
      getSourceFile: (name) => (name === fileName ? file : undefined),
      writeFile: (name, text) => {
        if (name.endsWith('.d.ts')) out.dts = text;
        else if (name.endsWith('.js')) out.js = text;
      },
      getDefaultLibFileName: () => '/lib.d.ts',
      useCaseSensitiveFileNames: () => true,
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => '/',
      getNewLine: () => '\n',
      fileExists: (name) => name === fileName,
      readFile: () => undefined,
    };
    const options: TS.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      removeComments: false,
      newLine: ts.NewLineKind.LineFeed,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      declaration: true,
      isolatedDeclarations: true,
      noLib: true,
      noResolve: true,
      noCheck: true,
      types: [],
    };
    const program = ts.createProgram([fileName], options, host);
    const emitted = program.emit();
    const diags = [...program.getSyntacticDiagnostics(file), ...emitted.diagnostics];
    if (diags.length) {
      const first = diags[0] as TS.Diagnostic;
      const at = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
      const where = at ? `${path}.ts:${at.line + 1}:${at.character + 1}` : `${path}.ts`;
      throw new Error(`internal: emitted code for ${where} does not compile: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')} (${diags.length} diagnostic(s))`);
    }
    return { ts: source, js: out.js, dts: out.dts };
  }

  /**
   * Statements printed one by one (as {@link print} does for a whole module, but with a printer
   * of choice: {@link jsPrinter} writes JavaScript). Layout is {@link layout}'s job.
   */
  function printStatements(statements: readonly Statement[], using: TS.Printer): string {
    const file = ts.createSourceFile('module.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    return statements.map((s) => using.printNode(ts.EmitHint.Unspecified, s, file)).join('\n').replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`) + '\n';
  }

  /**
   * {@link compile} for a module given as statements, without a round trip through text for
   * the large part: the `.js` is the same statements printed with their types erased (see
   * {@link jsPrinter}); the `.d.ts` is compiled by `transpileDeclaration` from the statements
   * that can reach it (imports, exports, types), since under isolatedDeclarations a private
   * function or constant cannot change a declaration (a declaration that needed one would fail
   * the type-check of generated/). On the guards of a large provider this is several times
   * faster than transpiling the printed module, and prints the same `.js`.
   */
  function compileModule(path: string, statements: readonly Statement[]): { js: string; dts: string } {
    const js = printStatements(statements.filter((s) => !typeOnly(s)), jsPrinter(path));
    const dts = transpileDts(path, printStatements(statements.filter(reachesDeclarations).map(withoutBody), printer));
    throwOnDiagnostics(path, dts.diagnostics);
    return { js: layout(js), dts: layout(dts.text) };
  }

  /**
   * An exported function as the declaration emitter sees it: under isolatedDeclarations its
   * declaration comes from its signature alone (parameter and return types are explicit), so
   * its body is not printed and parsed again for the `.d.ts` (an empty block stands in).
   */
  function withoutBody(s: Statement): Statement {
    if (!ts.isFunctionDeclaration(s) || s.body === undefined || s.body.statements.length === 0) return s;
    return f.updateFunctionDeclaration(s, s.modifiers, s.asteriskToken, s.name, s.typeParameters, s.parameters, s.type, f.createBlock([]));
  }

  /** A top-level statement with no JavaScript in it. */
  function typeOnly(s: Statement): boolean {
    return (
      ts.isTypeAliasDeclaration(s) ||
      ts.isInterfaceDeclaration(s) ||
      (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly === true) ||
      (ts.isExportDeclaration(s) && s.isTypeOnly) ||
      (ts.isFunctionDeclaration(s) && s.body === undefined)
    );
  }

  /**
   * A printer that writes JavaScript: while printing it drops type annotations, type
   * parameters and `as` casts (`(v as T).k` is `v.k`). TypeScript syntax it does not know how to
   * erase (an enum, a class, a namespace, a type where none was expected) throws: such a
   * module needs {@link compile}.
   */
  function jsPrinter(path: string): TS.Printer {
    const unsupported = (node: TS.Node): never => {
      throw new Error(`internal: ${path}: cannot erase ${ts.SyntaxKind[node.kind]} for the .js; compile this module with compile()`);
    };
    const cast = (n: Expression): Expression => {
      let e = n;
      while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
      return e;
    };
    const substituteNode = (_hint: TS.EmitHint, node: TS.Node): TS.Node => {
      switch (node.kind) {
        case K.FunctionDeclaration: {
          const n = node as TS.FunctionDeclaration;
          return n.type || n.typeParameters ? f.updateFunctionDeclaration(n, n.modifiers, n.asteriskToken, n.name, undefined, n.parameters, undefined, n.body) : n;
        }
        case K.ArrowFunction: {
          const n = node as TS.ArrowFunction;
          return n.type || n.typeParameters ? f.updateArrowFunction(n, n.modifiers, undefined, n.parameters, undefined, n.equalsGreaterThanToken, n.body) : n;
        }
        case K.Parameter: {
          const n = node as TS.ParameterDeclaration;
          if (n.modifiers?.length) unsupported(n);
          return n.type || n.questionToken ? f.updateParameterDeclaration(n, undefined, n.dotDotDotToken, n.name, undefined, undefined, n.initializer) : n;
        }
        case K.VariableDeclaration: {
          const n = node as TS.VariableDeclaration;
          return n.type || n.exclamationToken ? f.updateVariableDeclaration(n, n.name, undefined, undefined, n.initializer) : n;
        }
        case K.AsExpression:
        case K.SatisfiesExpression:
        case K.TypeAssertionExpression:
        case K.NonNullExpression:
          return cast(node as Expression);
        case K.ParenthesizedExpression: {
          const n = node as TS.ParenthesizedExpression;
          const inner = cast(n.expression);
          if (inner === n.expression) return n;
          // the parentheses stay around anything but a name or a literal
          return ts.isIdentifier(inner) || ts.isLiteralExpression(inner) || inner.kind === K.NullKeyword ? inner : f.updateParenthesizedExpression(n, inner);
        }
        case K.CallExpression: {
          const n = node as TS.CallExpression;
          return n.typeArguments ? f.updateCallExpression(n, n.expression, undefined, n.arguments) : n;
        }
        case K.NewExpression: {
          const n = node as TS.NewExpression;
          return n.typeArguments ? f.updateNewExpression(n, n.expression, undefined, n.arguments) : n;
        }
        case K.EnumDeclaration:
        case K.ModuleDeclaration:
        case K.ClassDeclaration:
        case K.ClassExpression:
        case K.ImportEqualsDeclaration:
        case K.Decorator:
        case K.TypeParameter:
        case K.DeclareKeyword:
        case K.AbstractKeyword:
        case K.TypeAliasDeclaration:
        case K.InterfaceDeclaration:
          return unsupported(node);
        default:
          return ts.isTypeNode(node) ? unsupported(node) : node;
      }
    };
    return ts.createPrinter(printerOptions, { substituteNode });
  }

  function reachesDeclarations(s: Statement): boolean {
    if (ts.isFunctionDeclaration(s) || ts.isVariableStatement(s)) return (ts.getModifiers(s) ?? []).some((m) => m.kind === K.ExportKeyword);
    return ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isEnumDeclaration(s) || ts.isClassDeclaration(s) || ts.isModuleDeclaration(s);
  }

  const BASE_OPTIONS = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false, newLine: ts.NewLineKind.LineFeed, verbatimModuleSyntax: true };

  function transpileDts(path: string, source: string, after?: TS.TransformerFactory<TS.SourceFile | TS.Bundle>): { text: string; diagnostics: readonly TS.Diagnostic[] } {
    const r = ts.transpileDeclaration(source, {
      compilerOptions: { ...BASE_OPTIONS, declaration: true, isolatedDeclarations: true },
      fileName: `${path}.ts`,
      reportDiagnostics: true,
      ...(after ? { transformers: { afterDeclarations: [after] } } : {}),
    });
    return { text: r.outputText, diagnostics: r.diagnostics ?? [] };
  }

  /**
   * The `.d.ts` of a declarations-only module, e.g. TypeScript text written by another tool:
   * parsed and printed again by the compiler, so the layout is ours and a syntax error in the
   * text throws (as in {@link compile}). `edit` may replace nodes on the way (return undefined
   * to keep one; the children of either are visited next); `prepend` returns statements to add
   * at the top, given the edited declarations. Comments and literals keep their source text.
   */
  function compileDeclarations(
    path: string,
    source: string,
    opts: { edit?: ((node: TS.Node) => TS.Node | undefined) | undefined; prepend?: ((file: TS.SourceFile) => readonly Statement[]) | undefined } = {},
  ): string {
    const { edit, prepend } = opts;
    const transformer: TS.TransformerFactory<TS.SourceFile | TS.Bundle> = (context) => (root) => {
      if (!ts.isSourceFile(root)) return root;
      const visit = (node: TS.Node): TS.Node => ts.visitEachChild(edit?.(node) ?? node, visit, context);
      const visited = edit ? ts.visitEachChild(root, visit, context) : root;
      const added = prepend?.(visited) ?? [];
      return added.length ? f.updateSourceFile(visited, [...added, ...visited.statements]) : visited;
    };
    const dts = transpileDts(path, source, edit || prepend ? transformer : undefined);
    throwOnDiagnostics(path, dts.diagnostics);
    return layout(dts.text);
  }

  function throwOnDiagnostics(path: string, diags: readonly TS.Diagnostic[]): void {
    const first = diags[0];
    if (!first) return;
    const at = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const where = at ? `${path}.ts:${at.line + 1}:${at.character + 1}` : `${path}.ts`;
    throw new Error(`internal: emitted code for ${where} does not compile: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')} (${diags.length} diagnostic(s))`);
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
      // the printer quotes a detached literal from its (internal) flag: single, as everywhere else
      if (ts.isStringLiteral(n)) Object.assign(n, { singleQuote: true });
      ts.forEachChild(n, visit);
    };
    visit(node);
    return node;
  }

  /** Spec text for a comment of a snippet (see {@link stmts}). */
  function doc(text: string): DocHole {
    return { doc: text };
  }

  const isDocHole = (h: Hole): h is DocHole => typeof h === 'object' && !Array.isArray(h) && 'doc' in h && typeof h.doc === 'string' && !('kind' in h);

  /**
   * Parses fixed TypeScript text with holes into detached nodes. Spec text never becomes
   * source text: a string hole must be identifier-like, a {@link DocHole} is only allowed
   * inside a `/** … *\/` comment (escaped), and a node hole replaces its placeholder in the
   * tree (the factory parenthesizes as needed).
   */
  function quote(strings: TemplateStringsArray, holes: readonly Hole[], wrap: (text: string) => string): { file: TS.SourceFile; nodes: Map<string, TS.Node | readonly TS.Node[]>; docs: Map<string, string> } {
    let text = '';
    const nodes = new Map<string, TS.Node | readonly TS.Node[]>();
    const docs = new Map<string, string>();
    strings.forEach((part, i) => {
      text += part;
      if (i >= holes.length) return;
      const h = holes[i] as Hole;
      if (typeof h === 'string') {
        if (!/^[A-Za-z0-9_$]+$/.test(h) || /__(node|doc)\d+__/.test(h)) throw new Error(`internal: a code snippet's string hole must be a name, got ${JSON.stringify(h)} (spec text goes in through lit() or doc())`);
        text += h;
      } else if (isDocHole(h)) {
        const key = `__doc${docs.size}__`;
        docs.set(key, docText(h.doc));
        text += key;
      } else {
        const key = `__node${nodes.size}__`;
        nodes.set(key, h as TS.Node | readonly TS.Node[]);
        text += key;
      }
    });
    const file = ts.createSourceFile('snippet.ts', wrap(text), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const diagnostics: unknown = 'parseDiagnostics' in file ? file.parseDiagnostics : undefined;
    if (Array.isArray(diagnostics) && diagnostics.length > 0) {
      const d = diagnostics[0] as TS.Diagnostic;
      throw new Error(`internal: a code snippet does not parse (${ts.flattenDiagnosticMessageText(d.messageText, ' ')} at ${d.start ?? 0}):\n${file.text}`);
    }
    return { file, nodes, docs };
  }

  /**
   * The snippet's tree with its holes filled and its comments made synthetic, then detached
   * (several nodes, or none, when the root itself is a placeholder for a list).
   */
  function fill<T extends TS.Node>(root: T, q: ReturnType<typeof quote>): T[] {
    const { file, nodes, docs } = q;
    const seen = new Set<number>();
    const hole = (n: TS.Node): TS.Node | readonly TS.Node[] | undefined => {
      const name = ts.isIdentifier(n) ? n.text : undefined;
      if (name !== undefined && docs.has(name)) throw new Error(`internal: doc() text outside a comment in a code snippet`);
      return name !== undefined ? nodes.get(name) : undefined;
    };
    const visit = (n: TS.Node): TS.VisitResult<TS.Node | undefined> => {
      // a placeholder standing for a whole node: an expression or statement, a type, a member, a parameter
      let filled: TS.Node | readonly TS.Node[] | undefined;
      if (ts.isIdentifier(n)) filled = hole(n);
      else if (ts.isTypeReferenceNode(n) && !n.typeArguments) filled = hole(n.typeName);
      else if (ts.isExpressionStatement(n) && Array.isArray(hole(n.expression))) filled = hole(n.expression); // statements: pass an array
      else if ((ts.isPropertySignature(n) || ts.isParameter(n)) && !n.type && !n.questionToken) filled = hole(n.name);
      else if (ts.isShorthandPropertyAssignment(n)) filled = hole(n.name);
      // a comment belongs to the outermost node that starts where it ends: claim it before the children
      const comments = (ts.getLeadingCommentRanges(file.text, n.pos) ?? []).filter((r) => !seen.has(r.pos));
      for (const r of comments) seen.add(r.pos);
      const list: readonly TS.Node[] | undefined = filled === undefined ? undefined : Array.isArray(filled) ? (filled as readonly TS.Node[]) : [filled as TS.Node];
      if (list !== undefined && list.length === 0) return [];
      const out = list !== undefined ? (list[0] as TS.Node) : ts.visitEachChild(n, visit, undefined);
      for (const r of comments) {
        const raw = file.text.slice(r.pos, r.end);
        if (r.kind === K.SingleLineCommentTrivia) {
          if (/__doc\d+__/.test(raw)) throw new Error('internal: doc() text in a line comment of a code snippet');
          ts.addSyntheticLeadingComment(out, K.SingleLineCommentTrivia, raw.slice(2), true);
        } else if (raw.startsWith('/**')) {
          const lines = raw
            .slice(3, -2)
            .split('\n')
            .map((l) => l.replace(/^\s*(\* ?)?/, '').replace(/\s+$/, ''));
          const filledLines = lines.join('\n').replace(/__doc\d+__/g, (k) => docs.get(k) ?? k).split('\n');
          while (filledLines.length && filledLines[0] === '') filledLines.shift();
          while (filledLines.length && filledLines[filledLines.length - 1] === '') filledLines.pop();
          ts.addSyntheticLeadingComment(out, K.MultiLineCommentTrivia, docBody(filledLines.join('\n')), true);
        } else {
          if (/__doc\d+__/.test(raw)) throw new Error('internal: doc() text in a non-TSDoc comment of a code snippet');
          ts.addSyntheticLeadingComment(out, K.MultiLineCommentTrivia, raw.slice(2, -2), true);
        }
      }
      return Array.isArray(filled) ? [...(filled as readonly TS.Node[])] : out;
    };
    const result = visit(root);
    const nodesOut = result === undefined ? [] : Array.isArray(result) ? (result as readonly TS.Node[]) : [result as TS.Node];
    return nodesOut.map((x) => detach(x as T));
  }

  function single<T>(nodes: T[]): T {
    if (nodes.length !== 1) throw new Error(`internal: a code snippet gave ${nodes.length} nodes where one was expected`);
    return nodes[0] as T;
  }

  /**
   * Statements from fixed TypeScript text, e.g.
   * `` b.stmts`export function ${name}(options: ${optionsType}): ${T}Receiver { return createReceiver(${def}, options); }` ``.
   * Comments in the text are kept (TSDoc may hold `${b.doc(specText)}`).
   */
  function stmts(strings: TemplateStringsArray, ...holes: Hole[]): Statement[] {
    const q = quote(strings, holes, (t) => t);
    return q.file.statements.flatMap((s) => fill(s, q));
  }

  /** One expression from fixed TypeScript text with holes (see {@link stmts}). */
  function expr(strings: TemplateStringsArray, ...holes: Hole[]): Expression {
    const q = quote(strings, holes, (t) => `(${t});`);
    const st = q.file.statements[0];
    if (q.file.statements.length !== 1 || !st || !ts.isExpressionStatement(st) || !ts.isParenthesizedExpression(st.expression)) throw new Error(`internal: not one expression: ${q.file.text}`);
    return single(fill(st.expression.expression, q));
  }

  /** One type from fixed TypeScript text with holes (see {@link stmts}). */
  function type(strings: TemplateStringsArray, ...holes: Hole[]): TypeNode {
    const q = quote(strings, holes, (t) => `type T = ${t};`);
    const st = q.file.statements[0];
    if (q.file.statements.length !== 1 || !st || !ts.isTypeAliasDeclaration(st)) throw new Error(`internal: not one type: ${q.file.text}`);
    return single(fill(st.type, q));
  }

  /** Members of an interface or type literal from fixed text with holes (see {@link stmts}). */
  function members(strings: TemplateStringsArray, ...holes: Hole[]): TS.TypeElement[] {
    const q = quote(strings, holes, (t) => `interface T {\n${t}\n}`);
    const st = q.file.statements[0];
    if (q.file.statements.length !== 1 || !st || !ts.isInterfaceDeclaration(st)) throw new Error(`internal: not interface members: ${q.file.text}`);
    return st.members.flatMap((m) => fill(m, q));
  }

  return {
    ...statements,
    ts,
    factory: f,
    SyntaxKind: K,
    id,
    propName,
    lit,
    inlineLit,
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
    printNode,
    compile,
    emitModule,
    parseType,
    doc,
    stmts,
    expr,
    type,
    members,
    compileModule,
    compileDeclarations,
  };
}
