/**
 * Statement, operator and type builders over `ts.factory` for emitters that write code logic
 * (the guards): small and named, so an emitter reads like the code it builds. Precedence and
 * parentheses are the factory's job. Split from ts.ts, whose core builders these use.
 */
import type { ts as TS } from '@ts-morph/common';
import type { BinaryOperatorName, Expression, Statement, TypeNode, Ts } from './ts-types.js';

/** What these builders need of the core builder (ts.ts). */
export interface CoreBuilders {
  id(name: string): TS.Identifier;
  lit(value: string | number | boolean | null): Expression;
  param(name: string, type?: TypeNode, opts?: { optional?: boolean; rest?: boolean; init?: Expression }): TS.ParameterDeclaration;
  prop(target: Expression | string, ...names: string[]): Expression;
  typeLiteral(members: readonly { name: string; type: TypeNode; optional?: boolean; readonly?: boolean; doc?: string }[]): TS.TypeLiteralNode;
  withDoc<T extends TS.Node>(node: T, text: string): T;
  exportMods(exported: boolean | undefined): TS.ModifierLike[] | undefined;
  keyword: { string(): TypeNode };
}

/** The statement, operator and type builders, over a compiler and the core builders. */
export function createStatementBuilders(ts: Ts, core: CoreBuilders) {
  const f = ts.factory;
  const K = ts.SyntaxKind;
  const { id, lit, param, prop, typeLiteral, withDoc, exportMods, keyword } = core;

  // ---- statements and operators (precedence and parentheses are the factory's job) ----

  /** `left op right`, e.g. `bin(a, 'PlusToken', b)`. */
  function bin(left: Expression, op: BinaryOperatorName, right: Expression): TS.BinaryExpression {
    return f.createBinaryExpression(left, K[op], right);
  }

  /** `a && b && …` (`true` for none). */
  function and(operands: readonly Expression[]): Expression {
    if (operands.length === 0) return f.createTrue();
    return operands.reduce((l, r) => bin(l, 'AmpersandAmpersandToken', r));
  }

  /**
   * `a || b || …` (`false` for none). An `&&` operand gets explicit parentheses: the factory
   * would leave them out (`&&` binds tighter), but a reader should not have to know that.
   */
  function or(operands: readonly Expression[]): Expression {
    if (operands.length === 0) return f.createFalse();
    const wrap = (e: Expression): Expression => (ts.isBinaryExpression(e) && e.operatorToken.kind === K.AmpersandAmpersandToken ? f.createParenthesizedExpression(e) : e);
    return operands.length === 1 ? (operands[0] as Expression) : operands.map(wrap).reduce((l, r) => bin(l, 'BarBarToken', r));
  }

  function not(e: Expression): Expression {
    return f.createPrefixUnaryExpression(K.ExclamationToken, e);
  }

  /** `a === b` */
  function eq(a: Expression, b: Expression): Expression {
    return bin(a, 'EqualsEqualsEqualsToken', b);
  }

  /** `a !== b` */
  function ne(a: Expression, b: Expression): Expression {
    return bin(a, 'ExclamationEqualsEqualsToken', b);
  }

  /** `typeof e` */
  function typeOf(e: Expression): Expression {
    return f.createTypeOfExpression(e);
  }

  /** `cond ? a : b` */
  function cond(test: Expression, whenTrue: Expression, whenFalse: Expression): Expression {
    return f.createConditionalExpression(test, f.createToken(K.QuestionToken), whenTrue, f.createToken(K.ColonToken), whenFalse);
  }

  /** `target?.name` */
  function optProp(target: Expression, name: string): Expression {
    return f.createPropertyAccessChain(target, f.createToken(K.QuestionDotToken), name);
  }

  /** `target[index]` */
  function index(target: Expression, i: Expression): Expression {
    return f.createElementAccessExpression(target, i);
  }

  /** `new C(args)` */
  function newExpr(callee: Expression | string, args: readonly Expression[] = []): TS.NewExpression {
    return f.createNewExpression(typeof callee === 'string' ? id(callee) : callee, undefined, args);
  }

  /** `e as T`: a type the checker cannot infer; gone from the `.js`. */
  function as(e: Expression, type: TypeNode): Expression {
    return f.createAsExpression(e, type);
  }

  /** `[a, b]` */
  function array(elements: readonly Expression[], multiLine = false): TS.ArrayLiteralExpression {
    return f.createArrayLiteralExpression(elements, multiLine);
  }

  /**
   * A template literal from literal text and expressions, alternating: `template('a', x, 'b')`
   * is `` `a${x}b` ``. The text is escaped by the printer (backticks, `${`, backslashes).
   */
  function template(head: string, ...rest: (Expression | string)[]): Expression {
    const spans: TS.TemplateSpan[] = [];
    for (let i = 0; i < rest.length; i += 2) {
      const e = rest[i];
      const text = rest[i + 1] ?? '';
      if (typeof e === 'string' || typeof text !== 'string') throw new Error('internal: template() takes text, expression, text, …');
      spans.push(f.createTemplateSpan(e, i + 2 >= rest.length ? f.createTemplateTail(text) : f.createTemplateMiddle(text)));
    }
    return spans.length ? f.createTemplateExpression(f.createTemplateHead(head), spans) : f.createNoSubstitutionTemplateLiteral(head);
  }

  /**
   * Marks a call or `new` as free of side effects (`/*#__PURE__*\/`), so a bundler can drop
   * a module-level value nobody imports.
   */
  function pure<T extends TS.CallExpression | TS.NewExpression>(e: T): T {
    return ts.addSyntheticLeadingComment(e, K.MultiLineCommentTrivia, '#__PURE__', false);
  }

  /**
   * A `// text` line above a statement, and above its TSDoc (fixed text: a section heading,
   * never spec text).
   */
  function withComment<T extends TS.Node>(node: T, text: string): T {
    if (/[\r\n\u2028\u2029]/.test(text)) throw new Error('internal: a line comment holds one line');
    const line: TS.SynthesizedComment = { kind: K.SingleLineCommentTrivia, text: ` ${text}`, hasTrailingNewLine: true, pos: -1, end: -1 };
    return ts.setSyntheticLeadingComments(node, [line, ...(ts.getSyntheticLeadingComments(node) ?? [])]);
  }

  function exprStmt(e: Expression): TS.ExpressionStatement {
    return f.createExpressionStatement(e);
  }

  /** `target = value;` */
  function assign(target: Expression | string, value: Expression): TS.ExpressionStatement {
    return exprStmt(bin(typeof target === 'string' ? id(target) : target, 'EqualsToken', value));
  }

  /** `let name: T = init;` / `const …` */
  function varDecl(kind: 'let' | 'const', name: string, init?: Expression, type?: TypeNode): TS.VariableStatement {
    return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(id(name), undefined, type, init)], kind === 'const' ? ts.NodeFlags.Const : ts.NodeFlags.Let));
  }

  /** `const [a, b] = init;` */
  function constTuple(names: readonly string[], init: Expression): TS.VariableStatement {
    const pattern = f.createArrayBindingPattern(names.map((n) => f.createBindingElement(undefined, undefined, id(n))));
    return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(pattern, undefined, undefined, init)], ts.NodeFlags.Const));
  }

  function block(statements: readonly Statement[]): TS.Block {
    return f.createBlock([...statements], true);
  }

  /** `if (test) then else otherwise`; a list of statements becomes a block. */
  function ifStmt(test: Expression, then: Statement | readonly Statement[], otherwise?: Statement | readonly Statement[]): TS.IfStatement {
    const body = (s: Statement | readonly Statement[]): Statement => (isStatementList(s) ? block(s) : s);
    return f.createIfStatement(test, body(then), otherwise === undefined ? undefined : body(otherwise));
  }

  function isStatementList(s: Statement | readonly Statement[]): s is readonly Statement[] {
    return Array.isArray(s);
  }

  /** `for (const name in obj) body` */
  function forIn(name: string, obj: Expression, body: Statement | readonly Statement[]): TS.ForInStatement {
    return f.createForInStatement(f.createVariableDeclarationList([f.createVariableDeclaration(id(name))], ts.NodeFlags.Const), obj, isStatementList(body) ? block(body) : body);
  }

  /** `for (let i = 0; i < arr.length; i++) body` */
  function forIndex(i: string, arr: Expression, body: Statement | readonly Statement[]): TS.ForStatement {
    return f.createForStatement(
      f.createVariableDeclarationList([f.createVariableDeclaration(id(i), undefined, undefined, lit(0))], ts.NodeFlags.Let),
      bin(id(i), 'LessThanToken', prop(arr, 'length')),
      f.createPostfixUnaryExpression(id(i), K.PlusPlusToken),
      isStatementList(body) ? block(body) : body,
    );
  }

  /** `name++;` */
  function incr(name: string): TS.ExpressionStatement {
    return exprStmt(f.createPostfixUnaryExpression(id(name), K.PlusPlusToken));
  }

  function throwStmt(e: Expression): TS.ThrowStatement {
    return f.createThrowStatement(e);
  }

  // ---- types ----

  /** `v is T` (or `asserts v is T`) as a return type. */
  function predicate(param: string, type: TypeNode, asserts = false): TS.TypePredicateNode {
    return f.createTypePredicateNode(asserts ? f.createToken(K.AssertsKeyword) : undefined, id(param), type);
  }

  /** `(a: A, b: B) => R` */
  function fnType(params: readonly TS.ParameterDeclaration[], returnType: TypeNode): TS.FunctionTypeNode {
    return f.createFunctionTypeNode(undefined, params, returnType);
  }

  /** `readonly [A, B]` */
  function tupleType(elements: readonly TypeNode[], readonly = true): TypeNode {
    const t = f.createTupleTypeNode(elements);
    return readonly ? f.createTypeOperatorNode(K.ReadonlyKeyword, t) : t;
  }

  /** `{ readonly [key: string]: T }` */
  function indexSignatureType(key: string, type: TypeNode, readonly = true): TS.TypeLiteralNode {
    return f.createTypeLiteralNode([
      f.createIndexSignature(readonly ? [f.createModifier(K.ReadonlyKeyword)] : undefined, [param(key, keyword.string())], type),
    ]);
  }

  /** `interface Name<P> extends A, B { … }` */
  function interfaceDecl(
    name: string,
    members: readonly { name: string; type: TypeNode; optional?: boolean; readonly?: boolean; doc?: string }[],
    opts: { exported?: boolean; doc?: string; typeParams?: readonly TS.TypeParameterDeclaration[]; extends?: readonly string[] } = {},
  ): TS.InterfaceDeclaration {
    const heritage = opts.extends?.length
      ? [f.createHeritageClause(K.ExtendsKeyword, opts.extends.map((e) => f.createExpressionWithTypeArguments(id(e), undefined)))]
      : undefined;
    const d = f.createInterfaceDeclaration(exportMods(opts.exported), id(name), opts.typeParams, heritage, typeLiteral(members).members);
    return opts.doc ? withDoc(d, opts.doc) : d;
  }

  return { pure, withComment, bin, and, or, not, eq, ne, typeOf, cond, optProp, index, newExpr, as, array, template, exprStmt, assign, varDecl, constTuple, block, ifStmt, isStatementList, forIn, forIndex, incr, throwStmt, predicate, fnType, tupleType, indexSignatureType, interfaceDecl };
}
