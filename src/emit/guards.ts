/**
 * Emitter: runtime guards and validators, compiled from the same schemas as the JSON Schema
 * files into plain, straight-line code (no schema interpreter at runtime), so the checks mean
 * exactly what the emitted schemas mean for the parsed form (a 64-bit integer is its digit
 * string; the schema files, and the Standard Schema objects, also take the integer number a
 * framework's JSON.parse hands over: see emit/schemas.ts and runtime `standardSchema`).
 *
 * For every named type N there are two private functions:
 *   is_N(v, s)            boolean, no allocation (s = strict: reject unknown keys)
 *   c_N(v, p, out, s)     collects the issues under JSON pointer p into the sink out
 * `validate…` runs is_N first and only collects when it fails, so a valid payload costs one
 * `is` pass and one result object. A collector runs a named type's `is_N` before descending into
 * it, so it walks (and builds pointers for) only the subtrees that hold an issue. The sink holds
 * at most `maxIssues` (default 20): the issue past it stops the whole walk (runtime `addIssue`),
 * so an invalid payload costs a few more passes (one `is` check of an invalid subtree per level
 * of named types above it), whatever the number of its issues.
 *
 * The module is built once, as a TypeScript AST (src/print/ts.ts): `guards.js` and
 * `guards.d.ts` are both derived from it, so they cannot disagree, and spec text (field
 * names, enum values, patterns, topic names, titles) only ever becomes a string literal or
 * escaped TSDoc. The `as` casts in the source only tell the checker what the straight-line
 * tests already proved; they are gone from the `.js`.
 */
import { banner } from '../print/print.js';
import { paragraphs, type CodeEmitter, type Files } from './code.js';
import { sortedEntries } from '../util/order.js';
import { escapeToken, formatPointer } from '../util/pointer.js';
import { envelopeModel, isObjectModel, namedTypes, refName, typeList, describe } from './common.js';
import { envelopeTopic } from './topics.js';
import { parsePointer } from '../util/pointer.js';
import type { CodeBuilder, Expression, Literal, Statement, TypeNode } from '../print/ts.js';
import type { PayloadModel, ProviderModel, Schema } from '../model/types.js';

const RUNTIME = '../runtime/validate.js';
/** Value imports from the runtime. */
const RUNTIME_VALUES = ['isDate', 'isDateTime', 'isJsonValue', 'isTime', 'addIssue', 'collectIssues', 'collectClosest', 'issueLimit', 'escapeText', 'pointerKey', 'show', 'typeName', 'ValidationError', 'standardSchema', 'isFields', 'collectFields'];
/** Type imports from the runtime; the first four are re-exported for the barrel. */
const RUNTIME_TYPES = ['ValidateOptions', 'ValidationResult', 'ValidationIssue', 'StandardSchemaV1', 'FieldChecks', 'Int64Paths', 'IssueSink'];
/** Internal type names; the `_` keeps them apart from model names (`^[A-Z][A-Za-z0-9]*$`). */
const OBJECT_TYPE = 'JsonObject_';
const TOPIC_CHECKS_TYPE = 'TopicChecks_';

/**
 * `<provider>/guards.js` and `<provider>/guards.d.ts`, compiled from one TypeScript module.
 * The compiler is loaded only when the cache has not seen this provider's model with this
 * generator and compiler before (see code.ts).
 */
export async function emitGuards(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  const head = banner([`${p.specDir}/models/*.yaml`, `${p.specDir}/topics.yaml`]);
  return code.files('guards', p, (b) => {
    const { js, dts } = b.compileModule(`${p.id}/guards`, guardsModule(p, b));
    return [
      [`${p.id}/guards.js`, `${head}\n\n${js}`],
      [`${p.id}/guards.d.ts`, `${head}\n\n${dts}`],
    ];
  });
}

/** The TypeScript source of a provider's guards module (what the `.js` and `.d.ts` are compiled from). */
export function guardsSource(p: ProviderModel, code: CodeBuilder): string {
  return code.print(guardsModule(p, code));
}

/** Code-generation state for one module: helper functions and regex constants, in creation order. */
function createContext(b: CodeBuilder, where: string) {
  const helpers: Statement[] = [];
  const regexes = new Map<string, string>();
  let counter = 0;
  const memo = new WeakMap<Schema, Map<string, string>>();
  const unknownT = () => b.keyword.unknown();
  return {
    b,
    helpers,
    regexes,
    /**
     * The helper function for `node` of this kind, built once: the `is` pass and the
     * collector pass visit the same nodes and must share their helpers.
     */
    helper(node: Schema, kind: string, build: (name: string) => Statement): string {
      let byKind = memo.get(node);
      if (!byKind) memo.set(node, (byKind = new Map()));
      let name = byKind.get(kind);
      if (!name) {
        name = `${kind}${counter++}`;
        byKind.set(kind, name);
        helpers.push(build(name));
      }
      return name;
    },
    regex(source: string): string {
      let name = regexes.get(source);
      if (!name) {
        // a pattern that does not compile would make the module throw on import: say so here
        try {
          new RegExp(source);
        } catch (e) {
          throw new Error(`${where}: the pattern ${JSON.stringify(source)} is not a regular expression JavaScript accepts (${e instanceof Error ? e.message : String(e)}); expected a valid ECMA-262 pattern`);
        }
        name = `RE_${regexes.size}`;
        regexes.set(source, name);
      }
      return name;
    },
    /** `(v: unknown, s: boolean)` */
    isParams(v = 'v') {
      return [b.param(v, unknownT()), b.param('s', b.keyword.boolean())];
    },
    /** `(v: unknown, p: string, out: IssueSink, s: boolean)` */
    collectParams(v = 'v', p = 'p') {
      return [b.param(v, unknownT()), b.param(p, b.keyword.string()), b.param('out', issuesType(b)), b.param('s', b.keyword.boolean())];
    },
  };
}

type Ctx = ReturnType<typeof createContext>;
/** A JSON pointer expression, built fresh at every use. */
type PointerExpr = () => Expression;

function issuesType(b: CodeBuilder): TypeNode {
  return b.typeRef('IssueSink');
}

/** `v` read as an object (the preceding test proved it is one). */
function asObject(b: CodeBuilder, v: string): Expression {
  return b.as(b.id(v), b.typeRef(OBJECT_TYPE));
}

/** The names every object inherits (`toString`, `constructor`, `__proto__` …): `v.toString` is never undefined. */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * `v.key` / `v['a-b']` of an object `v`; for a name every object inherits, its own member only
 * (`Object.hasOwn(v, 'toString') ? v.toString : undefined`), so that an absent `toString` field
 * reads as absent, as JSON Schema (and the model's type) has it.
 */
function member(b: CodeBuilder, v: string, key: string): Expression {
  const read = b.prop(asObject(b, v), key);
  return INHERITED_NAMES.has(key) ? b.cond(b.call(b.prop('Object', 'hasOwn'), [b.id(v), b.lit(key)]), read, b.id('undefined')) : read;
}

/** `typeof v === 'object' && v !== null && !Array.isArray(v)` */
function isObjectTest(b: CodeBuilder, x: string): Expression {
  return b.and([b.eq(b.typeOf(b.id(x)), b.lit('object')), b.ne(b.id(x), b.lit(null)), b.not(isArray(b, x))]);
}

function isArray(b: CodeBuilder, x: string): Expression {
  return b.call(b.prop('Array', 'isArray'), [b.id(x)]);
}

/** A JSON value (an enum member) as a literal; anything else is a bug upstream. */
function jsonLiteral(b: CodeBuilder, v: unknown): Expression {
  return b.lit(toLiteral(v));
}

function toLiteral(v: unknown): Literal {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(toLiteral);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toLiteral(x)]));
  throw new Error(`internal: ${typeof v} in an enum reached the guard emitter`);
}

/**
 * A boolean expression that is true when `x` (an identifier) matches `node`.
 * Arrays, maps and unions become helper functions so the expression stays allocation-free.
 */
function isExpr(node: Schema, x: string, ctx: Ctx): Expression {
  const { b } = ctx;
  const parts: Expression[] = [];
  if (node.$ref) parts.push(b.call(`is_${refName(node.$ref)}`, [b.id(x), b.id('s')]));
  const types = typeList(node);
  const enumValues = node.enum;
  if (types.length) {
    const enumCovers = enumValues !== undefined && enumValues.every((e) => types.some((t) => primitiveMatches(t, e)));
    if (!enumCovers) parts.push(b.or(nullFirst(types, (t) => t === 'null', (t) => t === 'array' || t === 'object').map((t) => typeExpr(t, node, x, ctx))));
  }
  if (enumValues !== undefined) parts.push(b.or(enumValues.map((e) => b.eq(b.id(x), jsonLiteral(b, e)))));
  if (node.anyOf) parts.push(b.or(nullFirst(node.anyOf, isNullNode, (m) => m.$ref !== undefined || typeList(m).some((t) => t === 'array' || t === 'object')).map((m) => isExpr(m, x, ctx))));
  if (parts.length === 0) throw new Error(`internal: untyped schema node reached the guard emitter: ${JSON.stringify(node)}`);
  return b.and(parts);
}

/** `{ type: 'null' }` and nothing else. */
function isNullNode(node: Schema): boolean {
  return Object.keys(node).length === 1 && node.type === 'null';
}

/**
 * The members of an `||` with the `=== null` test first when another member calls a helper
 * (an object or array check), as typia orders them: a null costs one comparison, not a call.
 * The order of a pure `||` does not change its value.
 */
function nullFirst<T>(members: readonly T[], isNull: (m: T) => boolean, calls: (m: T) => boolean): T[] {
  if (!members.some(calls)) return [...members];
  return [...members.filter(isNull), ...members.filter((m) => !isNull(m))];
}

function primitiveMatches(t: string, v: unknown): boolean {
  if (t === 'null') return v === null;
  if (t === 'string') return typeof v === 'string';
  if (t === 'boolean') return typeof v === 'boolean';
  if (t === 'integer') return Number.isInteger(v);
  if (t === 'number') return typeof v === 'number';
  return false;
}

const FORMAT_FN: Readonly<Record<string, string>> = { 'date-time': 'isDateTime', date: 'isDate', time: 'isTime' };

/** True when the check of type `t` in `node` is more than its JSON type test (a format, pattern or range). */
function hasValueKeywords(t: string, node: Schema): boolean {
  if (t === 'string') return (node.format !== undefined && FORMAT_FN[node.format] !== undefined) || node.pattern !== undefined;
  if (t === 'integer' || t === 'number') return typeof node.minimum === 'number' || typeof node.maximum === 'number';
  return false;
}

/** The check for one member of a `type` list, with the keywords that apply to that type. */
function typeExpr(t: string, node: Schema, x: string, ctx: Ctx): Expression {
  const { b } = ctx;
  const X = () => b.id(x);
  switch (t) {
    case 'null':
      return b.eq(X(), b.lit(null));
    case 'json':
      return b.call('isJsonValue', [X()]);
    case 'boolean':
      return b.eq(b.typeOf(X()), b.lit('boolean'));
    case 'string': {
      const checks = [b.eq(b.typeOf(X()), b.lit('string'))];
      const fn = node.format === undefined ? undefined : FORMAT_FN[node.format];
      if (fn) checks.push(b.call(fn, [X()]));
      if (node.pattern !== undefined) checks.push(b.call(b.prop(ctx.regex(node.pattern), 'test'), [X()]));
      return b.and(checks);
    }
    case 'integer':
    case 'number': {
      const checks = t === 'integer' ? [b.call(b.prop('Number', 'isInteger'), [X()])] : [b.eq(b.typeOf(X()), b.lit('number')), b.call(b.prop('Number', 'isFinite'), [X()])];
      // Number.isInteger does not narrow `unknown` for the checker
      const num = () => (t === 'integer' ? b.as(X(), b.keyword.number()) : X());
      if (typeof node.minimum === 'number') checks.push(b.bin(num(), 'GreaterThanEqualsToken', b.lit(node.minimum)));
      if (typeof node.maximum === 'number') checks.push(b.bin(num(), 'LessThanEqualsToken', b.lit(node.maximum)));
      return b.and(checks);
    }
    case 'array': {
      const fn = ctx.helper(node, 'is_array_', (name) => {
        const item = node.items ? isExpr(node.items, 'e', ctx) : b.lit(true);
        return b.fnDecl(name, ctx.isParams(), b.keyword.boolean(), [
          b.ifStmt(b.not(isArray(b, 'v')), b.ret(b.lit(false))),
          b.forIndex('i', b.id('v'), [b.varDecl('const', 'e', b.index(b.id('v'), b.id('i')), b.keyword.unknown()), b.ifStmt(b.not(item), b.ret(b.lit(false)))]),
          b.ret(b.lit(true)),
        ]);
      });
      return b.call(fn, [X(), b.id('s')]);
    }
    case 'object': {
      const fn = ctx.helper(node, 'is_object_', (name) => isObjectFunction(name, node, ctx));
      return b.call(fn, [X(), b.id('s')]);
    }
    default:
      throw new Error(`internal: unknown JSON type ${t}`);
  }
}

/** `k === 'a' || k === 'b'` over the listed property names. */
function knownKeyTest(b: CodeBuilder, props: [string, Schema][], k: string): Expression {
  return b.or(props.map(([key]) => b.eq(b.id(k), b.lit(key))));
}

/**
 * `is_<name>`: for a payload model a type guard (`v is Order`), for the other named and inline
 * objects a boolean. Shaped as typia shapes its checks: the object test and every listed field
 * in one `&&` chain (each field read once, into `x`), with no per-field counter on the way, so
 * the common (non-strict) call is straight-line code the engine compiles whole. Strict mode's
 * unknown-key check comes once, after the chain: the number of enumerable keys against the
 * number of listed fields present.
 */
function isObjectFunction(fn: string, node: Schema, ctx: Ctx, guardType?: string): Statement {
  const { b } = ctx;
  const props = sortedEntries(node.properties ?? {});
  const required = new Set(node.required ?? []);
  const extra = node.additionalProperties;
  const falseS = () => b.ret(b.lit(false));
  const undef = () => b.id('undefined');
  const chain: Expression[] = [isObjectTest(b, 'v')];
  for (const [key, schema] of props) {
    const read = b.bin(b.id('x'), 'EqualsToken', member(b, 'v', key));
    const check = isExpr(schema, 'x', ctx);
    chain.push(required.has(key) ? b.and([b.ne(read, undef()), check]) : b.or([b.eq(read, undef()), check]));
  }
  for (const r of required) if (!node.properties?.[r]) chain.push(b.ne(member(b, 'v', r), undef()));
  const body: Statement[] = [];
  if (props.length) body.push(b.varDecl('let', 'x', undefined, b.keyword.unknown()));
  body.push(b.ifStmt(b.not(b.and(chain)), falseS()));
  if (extra && typeof extra === 'object') {
    body.push(
      b.forIn('k', b.id('v'), [
        ...(props.length ? [b.ifStmt(knownKeyTest(b, props, 'k'), b.factory.createContinueStatement())] : []),
        b.varDecl('const', 'e', b.index(asObject(b, 'v'), b.id('k')), b.keyword.unknown()),
        b.ifStmt(b.not(isExpr(extra, 'e', ctx)), falseS()),
      ]),
    );
  } else if (extra === false || (extra === undefined && props.length)) {
    // strict mode closes objects that list their fields; a free-form object stays open
    const count = [
      b.varDecl('let', 'k', b.lit(0)),
      b.forIn('_', b.id('v'), b.incr('k')),
      ...(props.length ? [b.varDecl('let', 'n', b.lit(0)), ...props.map(([key]) => b.ifStmt(b.ne(member(b, 'v', key), undef()), b.incr('n')))] : []),
      b.ifStmt(b.ne(b.id('k'), props.length ? b.id('n') : b.lit(0)), falseS()),
    ];
    body.push(...(extra === false ? count : [b.ifStmt(b.id('s'), count)]));
  }
  body.push(b.ret(b.lit(true)));
  return b.fnDecl(fn, ctx.isParams(), guardType ? b.predicate('v', b.typeRef(guardType)) : b.keyword.boolean(), body);
}

// ---- collectors: every issue, with its JSON pointer ----

/** `addIssue(out, <pointer>, expected, received);` */
function pushIssue(b: CodeBuilder, p: Expression, expected: string, received: Expression): Statement {
  return b.exprStmt(b.call('addIssue', [b.id('out'), p, b.lit(expected), received]));
}

/** A JS predicate on the JSON type only (used to pick the union member to explain). */
function baseTest(node: Schema, x: string, b: CodeBuilder): Expression {
  if (node.$ref) return isObjectTest(b, x);
  const tests = typeList(node).map((t) =>
    t === 'null' ? b.eq(b.id(x), b.lit(null))
    : t === 'json' ? b.call('isJsonValue', [b.id(x)])
    : t === 'array' ? isArray(b, x)
    : t === 'object' ? isObjectTest(b, x)
    : t === 'integer' || t === 'number' ? b.eq(b.typeOf(b.id(x)), b.lit('number'))
    : b.eq(b.typeOf(b.id(x)), b.lit(t)),
  );
  if (node.anyOf) tests.push(...node.anyOf.map((m) => baseTest(m, x, b)));
  if (node.enum && tests.length === 0) tests.push(...node.enum.map((e) => b.eq(b.id(x), jsonLiteral(b, e))));
  return tests.length ? b.or(tests) : b.lit(true);
}

/** The JSON type test alone (what `typeName` would call it). */
function baseTypeExpr(t: string, x: string, b: CodeBuilder): Expression {
  if (t === 'null') return b.eq(b.id(x), b.lit(null));
  if (t === 'json') return b.call('isJsonValue', [b.id(x)]);
  if (t === 'integer') return b.call(b.prop('Number', 'isInteger'), [b.id(x)]);
  if (t === 'number') return b.and([b.eq(b.typeOf(b.id(x)), b.lit('number')), b.call(b.prop('Number', 'isFinite'), [b.id(x)])]);
  return b.eq(b.typeOf(b.id(x)), b.lit(t));
}

/** Statements that push the issues of value `x` at pointer `p`. */
function collectStmts(node: Schema, x: string, p: PointerExpr, ctx: Ctx): Statement[] {
  const { b } = ctx;
  const X = () => b.id(x);
  const args = () => [X(), p(), b.id('out'), b.id('s')];
  // a valid value has no issues: the allocation-free `is` check first, so a valid subtree costs
  // no walk of the collector and no pointer string
  if (node.$ref && !node.enum && !node.type && !node.anyOf) return [b.ifStmt(b.not(b.call(`is_${refName(node.$ref)}`, [X(), b.id('s')])), b.exprStmt(b.call(`c_${refName(node.$ref)}`, args())))];
  const types = typeList(node);
  // a union (or a type list with arrays or objects in it): explain inside the member that fits
  const containers = types.filter((t) => t === 'array' || t === 'object');
  if (node.anyOf || (containers.length && types.length > 1)) {
    const fn = ctx.helper(node, 'c_union_', (name) => unionCollector(name, node, types, ctx));
    // members are tried in order only for the explanation; the verdict is the `is` check
    return [b.ifStmt(b.not(isExpr(node, x, ctx)), b.exprStmt(b.call(fn, args())))];
  }
  if (types.length === 1 && types[0] === 'array') return collectArray(node, x, p, ctx);
  if (types.length === 1 && types[0] === 'object') {
    const fn = ctx.helper(node, 'c_object_', (name) => collectObjectFunction(name, node, ctx));
    return [b.exprStmt(b.call(fn, args()))];
  }
  const expected = describe(node);
  const full = isExpr(node, x, ctx);
  const onlyTypes = !node.$ref && node.enum === undefined && types.every((t) => !hasValueKeywords(t, node));
  if (onlyTypes || types.length === 0) return [b.ifStmt(b.not(full), pushIssue(b, p(), expected, b.call(node.enum ? 'show' : 'typeName', [X()])))];
  // right JSON type but a wrong value (format, pattern, enum, range): show the value
  const typeOk = b.or(types.map((t) => baseTypeExpr(t, x, b)));
  return [b.ifStmt(b.not(typeOk), pushIssue(b, p(), expected, b.call('typeName', [X()])), b.ifStmt(b.not(full), pushIssue(b, p(), expected, b.call('show', [X()]))))];
}

/** `c_union_<n>`: picks the member whose JSON type fits and explains the value with it. */
function unionCollector(name: string, node: Schema, types: string[], ctx: Ctx): Statement {
  const { b } = ctx;
  const members: Schema[] = [...(node.anyOf ?? []), ...types.map((t) => ({ ...pick(node, t), type: t }))];
  let chain: Statement = pushIssue(b, b.id('p'), describe(node), b.call('typeName', [b.id('v')]));
  for (const m of [...members].reverse()) chain = b.ifStmt(baseTest(m, 'v', b), collectStmts(m, 'v', () => b.id('p'), ctx), chain);
  const body: Statement[] = [];
  if (node.enum) {
    body.push(b.ifStmt(b.not(b.or(node.enum.map((e) => b.eq(b.id('v'), jsonLiteral(b, e))))), [pushIssue(b, b.id('p'), describe(node), b.call('show', [b.id('v')])), b.ret()]));
  }
  body.push(chain);
  return b.fnDecl(name, ctx.collectParams(), b.keyword.void(), body);
}

/** The keywords of `node` that belong to JSON type `t` (for splitting a type list). */
function pick(node: Schema, t: string): Schema {
  const out: Schema = {};
  if (t === 'array' && node.items) out.items = node.items;
  if (t === 'object') for (const k of ['properties', 'required', 'additionalProperties']) if (node[k] !== undefined) out[k] = node[k];
  if (t === 'string') for (const k of ['format', 'pattern']) if (node[k] !== undefined) out[k] = node[k];
  if (t === 'integer' || t === 'number') for (const k of ['minimum', 'maximum']) if (node[k] !== undefined) out[k] = node[k];
  return out;
}

/**
 * An array's issues, inline. Nested arrays get their own element and index names (`e1`,
 * `i1`, …) so an inner loop never shadows the outer one.
 */
function collectArray(node: Schema, x: string, p: PointerExpr, ctx: Ctx): Statement[] {
  const { b } = ctx;
  const depth = /^e\d*$/.test(x) ? Number(x.slice(1) || '0') + 1 : 0;
  const e = depth ? `e${depth}` : 'e';
  const i = depth ? `i${depth}` : 'i';
  const itemPath: PointerExpr = () => b.bin(b.bin(p(), 'PlusToken', b.lit('/')), 'PlusToken', b.id(i));
  const item = node.items ? collectStmts(node.items, e, itemPath, ctx) : [];
  return [
    b.ifStmt(
      b.not(isArray(b, x)),
      pushIssue(b, p(), describe(node), b.call('typeName', [b.id(x)])),
      b.forIndex(i, b.id(x), [b.varDecl('const', e, b.index(b.id(x), b.id(i)), b.keyword.unknown()), ...item]),
    ),
  ];
}

/** The collector of an object type (named, or an inline object/map). */
function collectObjectFunction(fn: string, node: Schema, ctx: Ctx): Statement {
  const { b } = ctx;
  const props = sortedEntries(node.properties ?? {});
  const required = new Set(node.required ?? []);
  const extra = node.additionalProperties;
  const P = () => b.id('p');
  const body: Statement[] = [b.ifStmt(b.not(isObjectTest(b, 'v')), [pushIssue(b, P(), node.title ?? 'object', b.call('typeName', [b.id('v')])), b.ret()])];
  if (props.length) body.push(b.varDecl('let', 'x', undefined, b.keyword.unknown()));
  for (const [key, schema] of props) {
    const path: PointerExpr = () => b.bin(P(), 'PlusToken', b.lit(`/${escapeToken(key)}`));
    body.push(b.assign('x', member(b, 'v', key)));
    body.push(
      required.has(key)
        ? b.ifStmt(b.eq(b.id('x'), b.id('undefined')), pushIssue(b, path(), describe(schema), b.lit('missing')), collectStmts(schema, 'x', path, ctx))
        : b.ifStmt(b.ne(b.id('x'), b.id('undefined')), collectStmts(schema, 'x', path, ctx)),
    );
  }
  for (const r of required) {
    if (!node.properties?.[r]) body.push(b.ifStmt(b.eq(member(b, 'v', r), b.id('undefined')), pushIssue(b, b.bin(P(), 'PlusToken', b.lit(`/${escapeToken(r)}`)), 'present', b.lit('missing'))));
  }
  const keyPath: PointerExpr = () => b.bin(b.bin(P(), 'PlusToken', b.lit('/')), 'PlusToken', b.call('pointerKey', [b.id('k')]));
  if (extra && typeof extra === 'object') {
    body.push(
      b.forIn('k', b.id('v'), [
        ...(props.length ? [b.ifStmt(knownKeyTest(b, props, 'k'), b.factory.createContinueStatement())] : []),
        b.varDecl('const', 'e', b.index(asObject(b, 'v'), b.id('k')), b.keyword.unknown()),
        ...collectStmts(extra, 'e', keyPath, ctx),
      ]),
    );
  } else if (extra === false || (extra === undefined && props.length)) {
    const report = pushIssue(b, keyPath(), 'absent (not in the spec; strict mode)', b.call('typeName', [b.index(asObject(b, 'v'), b.id('k'))]));
    const loop = b.forIn('k', b.id('v'), props.length ? b.ifStmt(b.not(knownKeyTest(b, props, 'k')), report) : report);
    body.push(extra === false ? loop : b.ifStmt(b.id('s'), loop));
  }
  return b.fnDecl(fn, ctx.collectParams(), b.keyword.void(), body);
}

// ---- the module ----

function guardsModule(p: ProviderModel, b: CodeBuilder): Statement[] {
  checkNames(p);
  const ctx = createContext(b, `${p.specDir}/models`);
  const modelTypes = new Set(p.models.map((m) => m.typeName));
  const fns: Statement[] = [];
  for (const [name, schema] of namedTypes(p)) {
    fns.push(isObjectFunction(`is_${name}`, schema, ctx, modelTypes.has(name) ? name : undefined));
    fns.push(collectObjectFunction(`c_${name}`, schema, ctx));
  }
  // an array or scalar payload: its checks are those of its root node
  for (const m of p.models.filter((x) => !isObjectModel(x))) {
    fns.push(b.fnDecl(`is_${m.typeName}`, ctx.isParams(), b.predicate('v', b.typeRef(m.typeName)), [b.ret(isExpr(m.schema, 'v', ctx))]));
    fns.push(b.fnDecl(`c_${m.typeName}`, ctx.collectParams(), b.keyword.void(), collectStmts(m.schema, 'v', () => b.id('p'), ctx)));
  }
  const tables = p.models.filter(isObjectModel).flatMap((m) => fieldTable(m, ctx));
  const int64 = [...p.models.flatMap((m) => int64Table(m, b)), ...topicInt64Table(p, b)];
  const api = [...p.models.flatMap((m) => modelApi(m, b, p.valuePrefix)), ...topicApi(p, b), ...envelopeApi(p, b)];
  // regexes and helpers exist only now: every name is fixed by the traversal order
  const regexes = [...ctx.regexes].map(([source, name]) => b.constDecl(name, b.pure(b.newExpr('RegExp', [b.lit(source)]))));
  const T = p.typePrefix;
  return [
    b.importNamed(namedTypes(p).some(([, s]) => hasAnyJson(s)) ? RUNTIME_VALUES : RUNTIME_VALUES.filter((n) => n !== 'isJsonValue'), RUNTIME),
    b.importNamed(RUNTIME_TYPES, RUNTIME, true),
    b.importNamed(p.models.map((m) => m.typeName), './models.js', true),
    b.importNamed([`${T}Topic`, `${T}Payload`, `${T}PayloadField`, ...(envelopeModel(p) ? [`${T}Envelope`] : [])], './index.js', true),
    ...(p.delivery.envelope ? [b.importNamed(['valueAt'], '../runtime/json.js'), ...(envelopeModel(p) ? [] : [b.importNamed(['JsonObject'], '../runtime/json.js', true)])] : []),
    b.exportFrom(RUNTIME_TYPES.slice(0, 4), RUNTIME, true),
    b.exportFrom(['ValidationError'], RUNTIME),
    b.typeAlias(OBJECT_TYPE, b.indexSignatureType('key', b.keyword.unknown())),
    b.typeAlias(TOPIC_CHECKS_TYPE, topicChecksType(b)),
    ...regexes,
    ...section(b, 'private checks, one pair per named type', fns),
    ...section(b, 'per-field checks of each payload model, for payloads filtered to some fields', tables),
    ...section(b, '64-bit integer paths, where the Standard Schema objects also accept a number', int64),
    ...section(b, 'public API', api),
    ...section(b, 'helpers for arrays, maps and unions', ctx.helpers),
  ];
}

/** Whether a schema has a `type: json` node (the module then imports `isJsonValue`). */
function hasAnyJson(node: Schema): boolean {
  if (typeList(node).includes('json')) return true;
  const extra = node.additionalProperties;
  return [...(node.items ? [node.items] : []), ...(node.anyOf ?? []), ...Object.values(node.properties ?? {}), ...(extra && typeof extra === 'object' ? [extra] : [])].some(hasAnyJson);
}

function section(b: CodeBuilder, title: string, statements: Statement[]): Statement[] {
  const [first, ...rest] = statements;
  return first ? [b.withComment(first, `---- ${title} ----`), ...rest] : [];
}

/**
 * The module imports these names beside the model types; a model of the same name would
 * shadow one of them (models are named in the spec: say so instead of emitting broken code).
 */
function checkNames(p: ProviderModel): void {
  const T = p.typePrefix;
  const taken = new Set([...RUNTIME_VALUES, ...RUNTIME_TYPES, `${T}Topic`, `${T}Payload`, `${T}PayloadField`, `${T}PayloadValidateOptions`, ...(p.delivery.envelope ? ['valueAt', `${T}Envelope`, 'JsonObject'] : [])]);
  for (const m of p.models) {
    if (taken.has(m.typeName)) throw new Error(`${m.specFile}: model name "${m.typeName}" is taken by the generated validators of ${p.id}; expected another name, found one of ${[...taken].join(', ')}`);
  }
}

/**
 * `FIELDS_<Model>`: for each top-level field, its `is` and collector checks; `REQUIRED_<Model>`.
 * A webhook registered with `fields` delivers only those fields: these tables check exactly them.
 */
function fieldTable(m: PayloadModel, ctx: Ctx): Statement[] {
  const { b } = ctx;
  const f = b.factory;
  const rows = sortedEntries(m.schema.properties ?? {}).map(([k, schema]) =>
    f.createPropertyAssignment(
      b.propName(k),
      b.array([
        b.arrow(ctx.isParams('x'), isExpr(schema, 'x', ctx), b.keyword.boolean()),
        b.arrow(ctx.collectParams('x'), collectStmts(schema, 'x', () => b.id('p'), ctx), b.keyword.void()),
      ]),
    ),
  );
  // a table without a prototype: a field called `constructor` or `__proto__` is just a field.
  // The checker does not model `__proto__: null` (it sees a property of type null), hence `as never`.
  const table = f.createObjectLiteralExpression([f.createPropertyAssignment('__proto__', b.as(b.lit(null), b.keyword.never())), ...rows], true);
  return [
    b.constDecl(`FIELDS_${m.typeName}`, b.pure(b.call(b.prop('Object', 'freeze'), [table])), { type: b.typeRef('FieldChecks') }),
    b.constDecl(`REQUIRED_${m.typeName}`, b.pure(b.newExpr('Set', [b.lit(m.schema.required ?? [])])), { type: b.typeRef('ReadonlySet', [b.keyword.string()]) }),
  ];
}

/** `INT64_<Model>`: the paths of the model's 64-bit integers (none for a model without). */
function int64Table(m: PayloadModel, b: CodeBuilder): Statement[] {
  if (m.int64Paths.length === 0) return [];
  const paths = b.factory.createArrayLiteralExpression(m.int64Paths.map((path) => b.lit(path)), true);
  return [b.constDecl(`INT64_${m.typeName}`, paths, { type: b.typeRef('Int64Paths') })];
}

/** `topicInt64`: for each topic with 64-bit integers, the path sets of its payload models (one per model). */
function topicInt64Table(p: ProviderModel, b: CodeBuilder): Statement[] {
  const byName = new Map(p.models.map((m) => [m.name, m]));
  const rows = p.topics.flatMap((t) => {
    const sets = t.payload.flatMap((n) => {
      const m = byName.get(n);
      return m ? [m] : [];
    });
    if (!sets.some((m) => m.int64Paths.length > 0)) return [];
    return [b.factory.createPropertyAssignment(b.propName(t.topic), b.array(sets.map((m) => (m.int64Paths.length ? b.id(`INT64_${m.typeName}`) : b.array([])))))];
  });
  // no prototype: a topic called `constructor` or `__proto__` is just a topic (as in FIELDS_)
  const table = b.factory.createObjectLiteralExpression([b.factory.createPropertyAssignment('__proto__', b.as(b.lit(null), b.keyword.never())), ...rows], true);
  return [b.constDecl('topicInt64', table, { type: b.indexSignatureType('topic', b.typeRef('ReadonlyArray', [b.typeRef('Int64Paths')])) })];
}

/** `isX`, `validateX`, `assertX` and `XSchema` of one payload model. */
function modelApi(m: PayloadModel, b: CodeBuilder, valuePrefix: string): Statement[] {
  const N = m.typeName;
  const value = () => b.param('value', b.keyword.unknown());
  const options = () => b.param('options', b.typeRef('ValidateOptions'), { optional: true });
  const strict = () => b.eq(b.optProp(b.id('options'), 'strict'), b.lit(true));
  return [
    b.fnDecl(`is${N}`, [value(), options()], b.predicate('value', b.typeRef(N)), [b.ret(b.call(`is_${N}`, [b.id('value'), strict()]))], {
      exported: true,
      doc: `True when \`value\` is a valid {@link ${N}} (its JSON Schema's rules, checked in straight-line code). Unknown keys are allowed unless \`options.strict\`.`,
    }),
    b.fnDecl(
      `validate${N}`,
      [value(), options()],
      b.typeRef('ValidationResult', [b.typeRef(N)]),
      [
        b.varDecl('const', 's', strict()),
        b.varDecl('const', 'max', b.call('issueLimit', [b.id('options')])),
        b.ifStmt(b.call(`is_${N}`, [b.id('value'), b.id('s')]), b.ret(b.obj([['ok', b.lit(true)], ['value', b.id('value')]], false))),
        b.ret(b.call('collectIssues', [b.id('max'), b.arrow([b.param('out')], b.call(`c_${N}`, [b.id('value'), b.lit(''), b.id('out'), b.id('s')]))])),
      ],
      {
        exported: true,
        doc: `Checks \`value\` against {@link ${N}} and reports its issues, each with its JSON pointer, expected and received: at most \`options.maxIssues\` (default 20; then \`truncated: true\`).`,
      },
    ),
    b.fnDecl(
      `assert${N}`,
      [value(), options()],
      b.predicate('value', b.typeRef(N), true),
      [
        b.varDecl('const', 'r', b.call(`validate${N}`, [b.id('value'), b.id('options')])),
        b.ifStmt(b.not(b.prop(b.id('r'), 'ok')), b.throwStmt(b.newExpr('ValidationError', [b.lit(N), b.prop(b.id('r'), 'issues'), b.eq(b.prop(b.id('r'), 'truncated'), b.lit(true))]))),
      ],
      { exported: true, doc: `Throws a {@link ValidationError} carrying the issues (at most \`options.maxIssues\`) unless \`value\` is a valid {@link ${N}}.` },
    ),
    b.constDecl(
      `${N}Schema`,
      b.pure(b.call('standardSchema', [b.arrow([b.param('value')], b.call(`validate${N}`, [b.id('value')])), ...(m.int64Paths.length ? [b.array([b.id(`INT64_${N}`)])] : [])])),
      {
        exported: true,
        type: b.typeRef('StandardSchemaV1', [b.typeRef(N), b.typeRef(N)]),
        doc: paragraphs([
          `{@link ${N}} as a Standard Schema v1 object, for tRPC, Hono, TanStack Form and other libraries that accept one. Its input and output types are both {@link ${N}}: what a typed caller (a form, a client) hands it, and what it hands on.`,
          m.int64Paths.length
            ? `A framework hands it what \`JSON.parse\` made of a body, so at a 64-bit integer field (the \`${m.name}\` entry of \`${valuePrefix}Int64Paths\`, e.g. \`${formatPointer(m.int64Paths[0] ?? [])}\`) an integer number is valid too: the value it hands on is a copy with those numbers as digit strings, a {@link ${N}} (the input is not changed).`
            : undefined,
        ]),
      },
    ),
  ];
}

/** The four checks of a topic: `is`, collect, `is` over some fields, collect over some fields. */
function topicChecksType(b: CodeBuilder): TypeNode {
  const v = () => b.param('v', b.keyword.unknown());
  const s = () => b.param('s', b.keyword.boolean());
  const p = () => b.param('p', b.keyword.string());
  const out = () => b.param('out', issuesType(b));
  const fields = () => b.param('fields', b.parseType('readonly string[]'));
  return b.tupleType([
    b.fnType([v(), s()], b.keyword.boolean()),
    b.fnType([v(), p(), out(), s()], b.keyword.void()),
    b.fnType([v(), fields(), s()], b.keyword.boolean()),
    b.fnType([v(), p(), out(), s(), fields()], b.keyword.void()),
  ]);
}

/** The topic-level API: `is…Payload`, `validate…Payload`, `assert…Payload`, `…PayloadSchema`. */
function topicApi(p: ProviderModel, b: CodeBuilder): Statement[] {
  const T = p.typePrefix;
  const byName = new Map(p.models.map((m) => [m.name, m]));
  const members = (names: string[]): PayloadModel[] =>
    names.map((n) => {
      const m = byName.get(n);
      if (!m) throw new Error(`internal: topic payload model ${n} is not a model of ${p.id}`);
      return m;
    });
  const checks = b.factory.createObjectLiteralExpression(
    p.topics.map((t) => {
      const ms = members(t.payload);
      return b.factory.createPropertyAssignment(b.propName(t.topic), b.array([topicIs(ms, b), topicCollect(ms, b), topicIsFields(ms, b), topicCollectFields(ms, b)]));
    }),
    true,
  );
  const tp = () => [b.typeParam('T', b.typeRef(`${T}Topic`)), b.typeParam('F', b.typeRef(`${T}PayloadField`, [b.typeRef('T')]), b.keyword.never())];
  const params = () => [b.param('topic', b.typeRef('T')), b.param('value', b.keyword.unknown()), b.param('options', b.typeRef(`${T}PayloadValidateOptions`, [b.typeRef('F')]), { optional: true })];
  const payloadType = () => b.typeRef(`${T}Payload`, [b.typeRef('T'), b.typeRef('F')]);
  const c = (i: number) => b.index(b.id('c'), b.lit(i));
  const getChecks = () => b.varDecl('const', 'c', b.call('checksFor', [b.id('topic')]));
  const strict = () => b.varDecl('const', 's', b.eq(b.optProp(b.id('options'), 'strict'), b.lit(true)));
  const known = `a known ${p.title} topic`;
  return [
    b.constDecl('topicChecks', checks, { type: b.indexSignatureType('topic', b.typeRef(TOPIC_CHECKS_TYPE)) }),
    b.fnDecl('checksFor', [b.param('topic', b.keyword.string())], b.union([b.typeRef(TOPIC_CHECKS_TYPE), b.keyword.undefined()]), [
      b.ret(b.cond(b.call(b.prop('Object', 'prototype', 'hasOwnProperty', 'call'), [b.id('topicChecks'), b.id('topic')]), b.index(b.id('topicChecks'), b.id('topic')), b.id('undefined'))),
    ]),
    b.interfaceDecl(`${T}PayloadValidateOptions`, [{ name: 'fields', type: b.parseType('readonly F[]'), optional: true, readonly: true }], {
      exported: true,
      typeParams: [b.typeParam('F', b.keyword.string(), b.keyword.never())],
      extends: ['ValidateOptions'],
      doc: `Options of the topic-level checks: \`fields\` restricts the check to the top-level fields a webhook was registered with (a webhook created with \`fields\` delivers only those); the result is typed as \`${T}Payload<T, F>\`.`,
    }),
    b.fnDecl(
      `is${T}Payload`,
      params(),
      b.predicate('value', payloadType()),
      [
        getChecks(),
        b.ifStmt(b.eq(b.id('c'), b.id('undefined')), b.ret(b.lit(false))),
        strict(),
        b.ret(b.cond(b.optProp(b.id('options'), 'fields'), b.call(c(2), [b.id('value'), b.prop('options', 'fields'), b.id('s')]), b.call(c(0), [b.id('value'), b.id('s')]))),
      ],
      { exported: true, typeParams: tp(), doc: 'True when `value` is a valid payload of `topic` (only the given `fields`, when there are some). Unknown topics are never valid.' },
    ),
    b.fnDecl(
      `validate${T}Payload`,
      params(),
      b.typeRef('ValidationResult', [payloadType()]),
      [
        getChecks(),
        b.ifStmt(
          b.eq(b.id('c'), b.id('undefined')),
          b.ret(
            b.obj(
              [
                ['ok', b.lit(false)],
                [
                  'issues',
                  b.array([
                    b.obj(
                      [
                        ['path', b.lit('')],
                        ['expected', b.lit(known)],
                        ['received', b.call('show', [b.id('topic')])],
                        ['message', b.template(`/: expected ${known}, received `, b.call('show', [b.id('topic')]), '')],
                      ],
                      false,
                    ),
                  ]),
                ],
              ],
              false,
            ),
          ),
        ),
        strict(),
        b.varDecl('const', 'max', b.call('issueLimit', [b.id('options')])),
        b.varDecl('const', 'fields', b.optProp(b.id('options'), 'fields')),
        b.ifStmt(
          b.cond(b.id('fields'), b.call(c(2), [b.id('value'), b.id('fields'), b.id('s')]), b.call(c(0), [b.id('value'), b.id('s')])),
          b.ret(b.obj([['ok', b.lit(true)], ['value', b.as(b.id('value'), payloadType())]], false)),
        ),
        b.ret(
          b.call('collectIssues', [
            b.id('max'),
            b.arrow([b.param('out')], b.cond(b.id('fields'), b.call(c(3), [b.id('value'), b.lit(''), b.id('out'), b.id('s'), b.id('fields')]), b.call(c(1), [b.id('value'), b.lit(''), b.id('out'), b.id('s')]))),
          ]),
        ),
      ],
      {
        exported: true,
        typeParams: tp(),
        doc: 'Checks `value` against the payload of `topic` and reports its issues: at most `options.maxIssues` (default 20; then `truncated: true`). For a topic with several payload models the issues explain the model picked by its discriminator. With `fields`, only those top-level fields are checked (and, in strict mode, allowed).',
      },
    ),
    b.fnDecl(
      `assert${T}Payload`,
      params(),
      b.predicate('value', payloadType(), true),
      [
        b.varDecl('const', 'r', b.call(`validate${T}Payload`, [b.id('topic'), b.id('value'), b.id('options')])),
        b.ifStmt(b.not(b.prop(b.id('r'), 'ok')), b.throwStmt(b.newExpr('ValidationError', [b.template(`${p.title} payload of `, b.call('escapeText', [b.id('topic'), b.lit(100)]), ''), b.prop(b.id('r'), 'issues'), b.eq(b.prop(b.id('r'), 'truncated'), b.lit(true))]))),
      ],
      { exported: true, typeParams: tp(), doc: 'Throws a {@link ValidationError} unless `value` is a valid payload of `topic`.' },
    ),
    b.fnDecl(
      `${p.valuePrefix}PayloadSchema`,
      [b.param('topic', b.typeRef('T')), b.param('options', b.typeRef('ValidateOptions'), { optional: true })],
      b.typeRef('StandardSchemaV1', [b.typeRef(`${T}Payload`, [b.typeRef('T')]), b.typeRef(`${T}Payload`, [b.typeRef('T')])]),
      [
        b.varDecl('const', 'int64', b.cond(b.call(b.prop('Object', 'prototype', 'hasOwnProperty', 'call'), [b.id('topicInt64'), b.id('topic')]), b.index(b.id('topicInt64'), b.id('topic')), b.id('undefined'))),
        b.ret(b.call('standardSchema', [b.arrow([b.param('value')], b.call(`validate${T}Payload`, [b.id('topic'), b.id('value'), b.id('options')])), b.or([b.id('int64'), b.array([])])])),
      ],
      {
        exported: true,
        typeParams: [b.typeParam('T', b.typeRef(`${T}Topic`))],
        doc: 'The payload of `topic` as a Standard Schema v1 object. As for the models\' schemas, an integer number at a 64-bit integer field is valid too, and handed on as its digit string (in a copy).',
      },
    ),
  ];
}

/**
 * `validate<Prefix>Envelope` and `is<Prefix>Envelope`, for a provider whose body is an envelope:
 * the whole body against the envelope's model (when it has one), the topic at its field of the
 * envelope, and the payload member against the topic's model. Every issue path is a pointer into
 * the body (a payload issue starts with the envelope's payload pointer).
 */
function envelopeApi(p: ProviderModel, b: CodeBuilder): Statement[] {
  const env = p.delivery.envelope;
  if (!env) return [];
  const T = p.typePrefix;
  const model = envelopeModel(p);
  const topicKeys = envelopeTopic(p);
  const topicPointer = 'field' in p.delivery.topic ? p.delivery.topic.field : '';
  const bodyType = model ? b.parseType(`${T}Envelope<T, F>`) : b.typeRef('JsonObject');
  const envelopeCheck = model
    ? b.stmts`if (!is_${model.typeName}(value, s)) c_${model.typeName}(value, '', out, s);`
    : b.stmts`
if (typeof value !== 'object' || value === null || Array.isArray(value)) {
  addIssue(out, '', 'object', typeName(value));
  return;
}`;
  const topicCheck = topicKeys
    ? b.stmts`
const named = valueAt(value, ${b.lit(topicKeys)});
if (named !== topic && !out.issues.some((i) => i.path === ${b.lit(topicPointer)})) addIssue(out, ${b.lit(topicPointer)}, show(topic), named === undefined ? 'missing' : show(named));`
    : [];
  const what = model ? `{@link ${model.typeName}}, the envelope's model` : 'a JSON object';
  return b.stmts`
/**
 * Checks a whole ${b.doc(p.title)} body of \`topic\`: the envelope against ${b.doc(what)}${b.doc(topicKeys ? `, the topic at \`${topicPointer}\`` : '')}, and the payload at \`${b.doc(env.payload)}\` against the topic's model (only the given \`fields\`, when there are some). Every issue's path is a JSON pointer into the body: a payload issue's starts with \`${b.doc(env.payload)}\`. The receiver runs this on every delivery.
 */
export function validate${T}Envelope<T extends ${T}Topic, F extends ${T}PayloadField<T> = never>(topic: T, value: unknown, options?: ${T}PayloadValidateOptions<F>): ValidationResult<${bodyType}> {
  const s = options?.strict === true;
  const fields = options?.fields;
  const max = issueLimit(options);
  // collected up to maxIssues: the walk stops at the first issue past it
  const result = collectIssues(max, (out) => {
    ${envelopeCheck}
    ${topicCheck}
    const payload = valueAt(value, ${b.lit(parsePointer(env.payload))});
    const c = checksFor(topic);
    if (payload === undefined) {
      // an envelope model that requires the member (or an object on the way) already said so
      if (!out.issues.some((i) => i.received === 'missing' && (i.path === ${b.lit(env.payload)} || ${b.lit(env.payload)}.startsWith(i.path + '/')))) addIssue(out, ${b.lit(env.payload)}, 'the ' + String(topic) + ' payload', 'missing');
    } else if (c === undefined) addIssue(out, '', ${b.lit(`a known ${p.title} topic`)}, show(topic));
    else if (!(fields ? c[2](payload, fields, s) : c[0](payload, s))) {
      if (fields) c[3](payload, ${b.lit(env.payload)}, out, s, fields);
      else c[1](payload, ${b.lit(env.payload)}, out, s);
    }
  });
  return result.issues.length === 0 ? { ok: true, value: value as ${bodyType} } : result;
}

/** True when \`value\` is a valid whole ${b.doc(p.title)} body of \`topic\` (see {@link validate${T}Envelope}). */
export function is${T}Envelope<T extends ${T}Topic, F extends ${T}PayloadField<T> = never>(topic: T, value: unknown, options?: ${T}PayloadValidateOptions<F>): value is ${bodyType} {
  return validate${T}Envelope(topic, value, options).ok;
}
`;
}

function topicIs(members: PayloadModel[], b: CodeBuilder): Expression {
  if (members.length === 0) return b.arrow([b.param('v')], isObjectTest(b, 'v'));
  if (members.length === 1) return b.id(`is_${(members[0] as PayloadModel).typeName}`);
  return b.arrow([b.param('v'), b.param('s')], b.or(members.map((m) => b.call(`is_${m.typeName}`, [b.id('v'), b.id('s')]))));
}

function topicIsFields(members: PayloadModel[], b: CodeBuilder): Expression {
  if (members.length === 0) return b.arrow([b.param('v')], isObjectTest(b, 'v'));
  // an array or scalar payload has no fields to register a webhook with: it is checked whole
  if (!members.every(isObjectModel)) return b.arrow([b.param('v'), b.param('fields'), b.param('s')], b.or(members.map((m) => b.call(`is_${m.typeName}`, [b.id('v'), b.id('s')]))));
  return b.arrow(
    [b.param('v'), b.param('fields'), b.param('s')],
    b.or(members.map((m) => b.call('isFields', [b.id(`FIELDS_${m.typeName}`), b.id(`REQUIRED_${m.typeName}`), b.id('v'), b.id('fields'), b.id('s')]))),
  );
}

/** The members told apart by one discriminator property, or undefined when they are not. */
function discriminated(members: PayloadModel[]): { property: string; members: { model: PayloadModel; value: string }[] } | undefined {
  const first = members[0]?.discriminator;
  if (members.length < 2 || !first) return undefined;
  const out: { model: PayloadModel; value: string }[] = [];
  for (const m of members) {
    if (!m.discriminator || m.discriminator.property !== first.property) return undefined;
    out.push({ model: m, value: m.discriminator.value });
  }
  return { property: first.property, members: out };
}

function topicCollectFields(members: PayloadModel[], b: CodeBuilder): Expression {
  const [first] = members;
  if (!first) return b.arrow([b.param('v'), b.param('p'), b.param('out')], b.call('addIssue', [b.id('out'), b.id('p'), b.lit('object'), b.call('typeName', [b.id('v')])]));
  if (!members.every(isObjectModel)) return topicCollect(members, b);
  const collect = (m: PayloadModel) => b.exprStmt(b.call('collectFields', [b.id(`FIELDS_${m.typeName}`), b.id(`REQUIRED_${m.typeName}`), ...['v', 'p', 'out', 's', 'fields'].map((n) => b.id(n))]));
  const params = ['v', 'p', 'out', 's', 'fields'].map((n) => b.param(n));
  const d = discriminated(members);
  if (!d) return b.arrow(params, [collect(first)]);
  // several models: explain with the one the discriminator names, when it was delivered
  // the first member is also the fallback: another member with its value is never picked
  let chain: Statement = collect(first);
  for (const { model, value } of [...d.members.slice(1)].reverse()) {
    if (value === d.members[0]?.value) continue;
    chain = b.ifStmt(b.eq(b.id('d'), b.lit(value)), collect(model), chain);
  }
  return b.arrow(params, [b.varDecl('const', 'd', b.cond(isObjectTest(b, 'v'), member(b, 'v', d.property), b.id('undefined'))), chain]);
}

function topicCollect(members: PayloadModel[], b: CodeBuilder): Expression {
  const [first] = members;
  if (!first) return b.arrow([b.param('v'), b.param('p'), b.param('out')], b.call('addIssue', [b.id('out'), b.id('p'), b.lit('object'), b.call('typeName', [b.id('v')])]));
  if (members.length === 1) return b.id(`c_${first.typeName}`);
  const params = ['v', 'p', 'out', 's'].map((n) => b.param(n));
  const d = discriminated(members);
  if (d) {
    const expected = d.members.map((m) => JSON.stringify(m.value)).join(' | ');
    const at = () => member(b, 'v', d.property);
    let chain: Statement = pushIssue(b, b.bin(b.id('p'), 'PlusToken', b.lit(`/${escapeToken(d.property)}`)), expected, b.cond(b.eq(at(), b.id('undefined')), b.lit('missing'), b.call('show', [at()])));
    for (const { model, value } of [...d.members].reverse()) chain = b.ifStmt(b.eq(at(), b.lit(value)), b.exprStmt(b.call(`c_${model.typeName}`, [b.id('v'), b.id('p'), b.id('out'), b.id('s')])), chain);
    return b.arrow(params, [b.ifStmt(b.not(isObjectTest(b, 'v')), pushIssue(b, b.id('p'), 'object', b.call('typeName', [b.id('v')])), chain)]);
  }
  // no discriminator: explain with the member that comes closest
  return b.arrow(params, b.call('collectClosest', [b.array(members.map((m) => b.id(`c_${m.typeName}`))), ...['v', 'p', 'out', 's'].map((n) => b.id(n))]));
}
