/**
 * Emitter: a provider's API client (`<provider>/client`) from its api.yaml (`ProviderModel.api`),
 * one TypeScript source from which the `.js` and `.d.ts` are compiled. The code is a data
 * description of the operations (paths, parameter types and limits, envelopes, response types
 * with the generated model validators, error bodies, pagination) handed to the shared runtime in
 * runtime/client.js; the types give every method the provider's models and topics, with TSDoc
 * from the docs.
 */
import type { ApiErrorSpec, ApiOperation, ApiSpec, ApiType, ProviderModel } from '../model/types.js';
import type { CodeBuilder, Expression, Literal, Statement, TsModule, TypeNode } from '../print/ts.js';
import { iteratorName, parameterName, clientTypeNames } from '../util/naming.js';
import { codeExample, paragraphs, type CodeEmitter, type Files } from './code.js';

export async function emitClient(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  const api = p.api;
  if (!api) return [];
  return code.files('client', p, (b) => b.emitModule(clientModule(b, p, api)));
}

type Names = ReturnType<typeof clientNames>;

function clientNames(p: ProviderModel) {
  return { ...clientTypeNames(p.typePrefix), topic: `${p.typePrefix}Topic`, variable: p.valuePrefix };
}

/**
 * The name of an operation's response type, when its value is an object with properties of
 * its own (`ListHooksResponse`); undefined when it is a model, a list or a scalar.
 */
function responseTypeName(op: ApiOperation): string | undefined {
  const t = op.response.type;
  return t && !t.model && t.type?.length === 1 && t.type[0] === 'object' && t.properties ? `${pascal(op.name)}Response` : undefined;
}

/** `listWebhooks` → `ListWebhooks`. */
const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function modelOf(p: ProviderModel, name: string) {
  const m = p.models.find((x) => x.name === name);
  if (!m) throw new Error(`internal: api.yaml refers to model ${name}, which was not built`);
  return m;
}

/** The model a response value is, or is a list of. */
function responseModel(t: ApiType): string | undefined {
  return t.model ?? (t.type?.includes('array') ? t.items?.model : undefined);
}

/** The type at `keys` inside `t` (through `properties`). */
function typeAt(t: ApiType, keys: string[]): ApiType | undefined {
  let cur: ApiType | undefined = t;
  for (const k of keys) cur = cur?.properties?.[k];
  return cur;
}

/** Text that ends with a full stop. */
function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

// ---- the description handed to the runtime ----

interface JsCtx {
  b: CodeBuilder;
  p: ProviderModel;
  validators: Set<string>;
}

/** A type's runtime description, on one line. */
function typeJs(ctx: JsCtx, t: ApiType, opts: { path?: boolean; select?: boolean } = {}): Expression {
  return ctx.b.obj(typeParts(ctx, t, opts), false);
}

/** The members of a type's runtime description. */
function typeParts(ctx: JsCtx, t: ApiType, opts: { path?: boolean; select?: boolean; int64?: boolean } = {}): [string, Expression][] {
  const { b } = ctx;
  if (t.model) {
    const m = modelOf(ctx.p, t.model);
    ctx.validators.add(`validate${m.typeName}`);
    return [
      ['model', b.id(`validate${m.typeName}`)],
      ['name', b.lit(m.typeName)],
    ];
  }
  const types = t.type ?? [];
  const parts: [string, Expression][] = [['type', b.lit(types)]];
  if (types.includes('topic')) parts.push(['topic', b.lit(true)]);
  if (opts.path) parts.push(['path', b.lit(true)]);
  if (opts.int64) parts.push(['int64', b.lit(true)]);
  if (t.format) parts.push(['format', b.lit(t.format)]);
  if (t.enum) parts.push(['enum', b.lit(t.enum)]);
  if (t.minimum !== undefined) parts.push(['minimum', b.lit(t.minimum)]);
  if (t.maximum !== undefined) parts.push(['maximum', b.lit(t.maximum)]);
  if (t.default !== undefined) parts.push(['default', b.lit(t.default)]);
  if (t.example !== undefined) parts.push(['example', b.lit(t.example)]);
  if (t.items) parts.push(['items', typeJs(ctx, t.items, opts.select ? { select: true } : {})]);
  if (t.properties) parts.push(['properties', b.obj(Object.entries(t.properties).map(([k, v]) => [k, typeJs(ctx, v)] as const), false)]);
  if (t.required?.length) parts.push(['required', b.lit(t.required)]);
  if (t.additionalProperties === false) parts.push(['additional', b.lit(false)]);
  else if (t.additionalProperties) parts.push(['additional', typeJs(ctx, t.additionalProperties)]);
  return parts;
}

/** The JSON paths (`*` = every item) of 64-bit integer fields inside a value of type `t`. */
function int64Paths(p: ProviderModel, t: ApiType, prefix: string[]): string[][] {
  if (t.model) return modelOf(p, t.model).int64Paths.map((x) => [...prefix, ...x]);
  const out: string[][] = [];
  if (t.items) out.push(...int64Paths(p, t.items, [...prefix, '*']));
  for (const [k, v] of Object.entries(t.properties ?? {})) out.push(...int64Paths(p, v, [...prefix, k]));
  return out;
}

/**
 * True when query parameter `name` is the pagination cursor and takes the value of a 64-bit id
 * field of the listed model: the iterator hands it a digit string, and so may the caller.
 */
function cursorIsInt64(p: ProviderModel, op: ApiOperation, name: string): boolean {
  const pg = op.pagination;
  const cursor = pg?.cursor;
  const list = pg && op.response.type ? typeAt(op.response.type, [...pg.items]) : undefined;
  const item = list ? responseModel(list) : undefined;
  if (!cursor || cursor.param !== name || !item) return false;
  return modelOf(p, item).int64Paths.some((path) => path.length === 1 && path[0] === cursor.field);
}

function operationJs(ctx: JsCtx, op: ApiOperation): Expression {
  const { b, p } = ctx;
  const selectParam = op.query.find((q) => q.select);
  const selectModel = selectParam && op.response.type ? responseModel(op.response.type) : undefined;
  const parts: [string, Expression][] = [
    ['name', b.lit(op.name)],
    ['method', b.lit(op.method)],
    ['path', b.lit(op.path)],
    ['params', b.factory.createArrayLiteralExpression(op.params.map((x) => b.obj([['name', b.lit(x.name)], ...typeParts(ctx, x, { path: true })], false)))],
  ];
  if (op.query.length) {
    const q = op.query.map((x): [string, Expression] => {
      if (x.select && selectModel) {
        const m = modelOf(p, selectModel);
        const keys = Object.keys(m.schema.properties ?? {}).sort();
        return [x.name, b.inlineLit({ type: ['array'], items: { type: ['string'], select: keys, model: m.typeName } })];
      }
      return [x.name, cursorIsInt64(p, op, x.name) ? b.obj(typeParts(ctx, x, { int64: true }), false) : typeJs(ctx, x)];
    });
    parts.push(['query', b.obj(q)]);
  }
  if (selectParam) parts.push(['select', b.lit(selectParam.name)]);
  if (op.body) {
    const body = op.body;
    const int64 = body.model ? modelOf(p, body.model).int64Paths.map((x) => (body.envelope ? [body.envelope, ...x] : x)) : [];
    parts.push(['body', b.inlineLit({ envelope: body.envelope, pathParams: body.pathParams, int64 })]);
  }
  const r = op.response;
  if (r.type) {
    const int64 = int64Paths(p, r.type, r.envelope ? [r.envelope] : []);
    parts.push(['response', b.obj([...(r.envelope ? [['envelope', b.lit(r.envelope)] as [string, Expression]] : []), ['type', typeJs(ctx, r.type)], ['int64', b.lit(int64)]], false)]);
  } else parts.push(['response', b.obj([], false)]);
  if (op.pagination) {
    const pg = op.pagination;
    const pagination: { [k: string]: Literal } = {};
    if (pg.cursor) pagination.cursor = { param: pg.cursor.param, field: pg.cursor.field };
    if (pg.page) pagination.page = { param: pg.page.param, first: pg.page.first };
    if (pg.limit) pagination.limit = pg.limit;
    pagination.items = pg.items;
    if (pg.next) pagination.next = pg.next;
    parts.push(['iterator', b.lit(iteratorName(op.name))], ['pagination', b.inlineLit(pagination)]);
  }
  return b.obj(parts);
}

function errorJs(ctx: JsCtx, e: ApiErrorSpec): Expression {
  const { b } = ctx;
  const parts: [string, Expression][] = [
    ['status', b.lit(e.status)],
    ['type', typeJs(ctx, e.type)],
  ];
  if (e.fieldErrors) parts.push(['fieldErrors', b.lit(e.fieldErrors)]);
  if (e.messages) parts.push(['messages', b.lit(e.messages)]);
  return b.obj(parts, false);
}

// ---- types ----

interface TsCtx {
  b: CodeBuilder;
  p: ProviderModel;
  /** types of values the caller gives (readonly, `| undefined` on optional members) */
  input: boolean;
  /** `SelectFields<…, Q, '<param>'>` around the response's model */
  select?: string;
}

/** The TypeScript type of an api.yaml type. */
function tsType(t: ApiType, ctx: TsCtx): TypeNode {
  const { b } = ctx;
  if (t.model) {
    const name = modelOf(ctx.p, t.model).typeName;
    return ctx.select ? b.typeRef('SelectFields', [b.typeRef(name), b.typeRef('Q'), b.literalType(ctx.select)]) : b.typeRef(name);
  }
  const parts = (t.type ?? []).flatMap((x): TypeNode[] => {
    switch (x) {
      case 'topic':
        // a subscription may name a wildcard (topics.yaml `wildcards:`) where the provider's API takes one
        return [b.typeRef(`${ctx.p.typePrefix}Topic`), ...((ctx.p.wildcards ?? []).length ? [b.typeRef(`${ctx.p.typePrefix}Wildcard`)] : [])];
      case 'null':
        return [b.literalType(null)];
      case 'boolean':
        return [b.keyword.boolean()];
      case 'string':
        return t.enum ? t.enum.filter((e): e is string => typeof e === 'string').map((e) => b.literalType(e)) : [b.keyword.string()];
      case 'integer':
      case 'number':
        return t.enum ? t.enum.filter((e): e is number => typeof e === 'number').map((e) => b.literalType(e)) : [b.keyword.number()];
      case 'array': {
        const array = b.factory.createArrayTypeNode(t.items ? tsType(t.items, ctx) : b.keyword.unknown());
        return [ctx.input ? b.factory.createTypeOperatorNode(b.SyntaxKind.ReadonlyKeyword, array) : array];
      }
      case 'object':
        return [objectType(t, ctx)];
      default:
        throw new Error(`internal: unknown api type ${String(x)}`);
    }
  });
  return b.union(parts);
}

function objectType(t: ApiType, ctx: TsCtx): TypeNode {
  const members = objectMembers(t, ctx);
  if (members.length === 0) return ctx.b.type`{ [key: string]: unknown }`;
  return ctx.b.factory.createTypeLiteralNode(members);
}

/** The members of an object type, each with its TSDoc. */
function objectMembers(t: ApiType, ctx: TsCtx) {
  const { b } = ctx;
  const f = b.factory;
  const required = new Set(t.required ?? []);
  const ro = ctx.input ? [f.createModifier(b.SyntaxKind.ReadonlyKeyword)] : undefined;
  const out = [];
  for (const [k, v] of Object.entries(t.properties ?? {})) {
    const opt = !required.has(k);
    const type = tsType(v, ctx);
    const member = f.createPropertySignature(ro, b.propName(k), opt ? f.createToken(b.SyntaxKind.QuestionToken) : undefined, opt && ctx.input ? b.union([type, b.keyword.undefined()]) : type);
    out.push(withDocIf(b, member, paragraphs(typeDoc(v))));
  }
  if (t.additionalProperties) {
    const value = tsType(t.additionalProperties, ctx);
    const sig = f.createIndexSignature(ro, [b.param('key', b.keyword.string())], t.properties ? b.union([value, b.keyword.undefined()]) : value);
    out.push(withDocIf(b, sig, paragraphs(typeDoc(t.additionalProperties))));
  }
  return out;
}

function withDocIf<T extends Parameters<CodeBuilder['withDoc']>[0]>(b: CodeBuilder, node: T, doc: string): T {
  return doc ? b.withDoc(node, doc) : node;
}

/** TSDoc paragraphs for a value of a type: its description, format, range, default, source. */
function typeDoc(t: ApiType): string[] {
  const lines: string[] = [];
  if (t.description) lines.push(t.description);
  if (t.format) lines.push(`Format: ${t.format}${t.example !== undefined ? ` (e.g. \`${t.example}\`)` : ''}; checked before the request is sent.`);
  const range = [t.minimum !== undefined ? `at least ${t.minimum}` : '', t.maximum !== undefined ? `at most ${t.maximum}` : ''].filter(Boolean).join(', ');
  if (range) lines.push(`Documented range: ${range}; checked before the request is sent.`);
  if (t.type?.includes('topic')) lines.push("One of the provider's topics.");
  if (t.source) lines.push(sentence(`Source: ${t.source}`));
  if (t.default !== undefined) lines.push(`@defaultValue ${JSON.stringify(t.default)}`);
  return lines;
}

/** Whether a query parameter or error body is typed as a topic. */
function usesTopic(api: ApiSpec): boolean {
  const has = (t: ApiType | undefined): boolean =>
    !!t && (!!t.type?.includes('topic') || has(t.items) || Object.values(t.properties ?? {}).some(has) || (typeof t.additionalProperties === 'object' && has(t.additionalProperties)));
  return api.operations.some((o) => [...o.params, ...o.query].some(has) || has(o.response.type) || !!o.body?.properties.some((x) => has(x.type))) || api.errors.some((e) => has(e.type));
}

/** The operation used in generic examples: the first that creates something, else the first. */
function exampleOperation(api: ApiSpec): ApiOperation | undefined {
  return api.operations.find((o) => o.method === 'POST') ?? api.operations[0];
}

function factoryExample(b: CodeBuilder, api: ApiSpec, n: Names): string {
  const base = api.server ?? 'https://shop.example.com';
  return `const ${n.variable} = ${n.factory}({ baseUrl: ${b.printNode(b.lit(base))}, headers: async () => myAuthHeaders() }); // the docs describe no auth scheme: send what your credentials need`;
}

/** A value as TypeScript source, on one line (for examples in TSDoc). */
function tsLiteral(b: CodeBuilder, v: unknown): string {
  return b.printNode(b.inlineLit(v as Literal));
}

/** Path values for an example call: the first example's, else a placeholder of the right type. */
function exampleParams(b: CodeBuilder, op: ApiOperation): string[] {
  const ex = op.examples[0];
  return op.params.map((x) => (ex?.params[x.name] !== undefined ? tsLiteral(b, ex.params[x.name]) : (x.type ?? []).includes('integer') ? '1' : tsLiteral(b, x.name)));
}

/**
 * An `@example` from the operation's first success example in api.yaml: the call with the
 * documented path values, body and query.
 */
function exampleDoc(b: CodeBuilder, p: ProviderModel, op: ApiOperation, n: Names): string[] {
  const ex = op.examples.find((e) => e.status >= 200 && e.status < 300);
  if (!ex) return [];
  const args = op.params.map((x) => tsLiteral(b, ex.params[x.name]));
  if (op.body) {
    let body: unknown = ex.requestBody;
    if (body === undefined) return [];
    if (op.body.envelope && body !== null && typeof body === 'object') body = (body as Record<string, unknown>)[op.body.envelope];
    const pathParams = op.body.pathParams;
    args.push(tsLiteral(b, Object.fromEntries(Object.entries(body ?? {}).filter(([k]) => !pathParams.includes(k)))));
  }
  if (op.query.length && Object.keys(ex.query).length) args.push(tsLiteral(b, ex.query));
  const call = `await ${n.variable}.${op.name}(${args.join(', ')})`;
  const res = op.response;
  const typeName = responseTypeName(op);
  const type = res.type ? (typeName ?? b.printNode(tsType(res.type, { b, p, input: false }))) : '';
  const comment = type && !type.includes('\n') ? ` // ${type}` : '';
  return [codeExample([`${res.type ? 'const result = ' : ''}${call};${comment}`])];
}

/** The declarations (with TSDoc) of an operation's method, and of its iterator. */
function methodDecls(b: CodeBuilder, p: ProviderModel, api: ApiSpec, op: ApiOperation, n: Names) {
  const f = b.factory;
  const P = pascal(op.name);
  const selectParam = op.query.find((q) => q.select)?.name;
  const params = [];
  const paramDocs: string[] = [];
  const isInteger = (x: ApiType) => (x.type ?? []).includes('integer');
  for (const x of op.params) {
    const type = isInteger(x) ? b.type`number | string` : tsType(x, { b, p, input: true });
    params.push(b.param(parameterName(x.name), type));
    paramDocs.push(`@param ${parameterName(x.name)} - ${x.description ?? `the {${x.name}} of the path`}${isInteger(x) ? ' (a number, or its decimal digits)' : ''}`);
  }
  if (op.body) {
    params.push(b.param('body', b.typeRef(`${P}Body`)));
    paramDocs.push(`@param body - the request body${op.body.envelope ? ` (sent as \`{ "${op.body.envelope}": body }\`)` : ''}`);
  }
  if (op.query.length) {
    params.push(b.param('query', selectParam ? b.typeRef('Q') : b.typeRef(`${P}Query`), { optional: true }));
    paramDocs.push('@param query - the query parameters (checked against their documented types and limits before anything is sent)');
  }
  params.push(b.param('options', b.typeRef('RequestOptions'), { optional: true }));
  paramDocs.push('@param options - headers and an abort signal for this request');
  const res = op.response;
  const typeName = responseTypeName(op);
  const ret = !res.type ? b.keyword.void() : typeName ? b.typeRef(typeName) : tsType(res.type, { b, p, input: false, ...(selectParam ? { select: selectParam } : {}) });
  const status = res.status ? `${res.status}` : 'a 2xx status (the docs state none)';
  const shape = res.type ? (res.envelope ? `\`{ "${res.envelope}": ... }\`` : 'the value') : 'a body that is ignored';
  const errorStatuses = api.errors.map((e) => `${e.status}: {@link ${e.name}}${e.fieldErrors ? ', with `fieldErrors`' : ''}`);
  const doc = paragraphs([
    [op.summary, op.description]
      .filter((s): s is string => s !== undefined)
      .map(sentence)
      .join(' ') || undefined,
    `\`${op.method} ${op.path}\` → ${status}, ${shape}${res.description ? `: ${res.description}` : '.'}`,
    op.source ? sentence(`Source: ${op.source}`) : undefined,
    ...paramDocs,
    `@returns ${res.type ? `${res.envelope ? `the \`${res.envelope}\` of the response` : 'the response'}, validated against the spec${selectParam ? ` (only the properties \`query.${selectParam}\` asks for, when it does)` : ''}` : 'nothing'}`,
    `@throws {@link ${n.error}} when the API answers with another status${errorStatuses.length ? ` (${errorStatuses.join('; ')})` : ''}`,
    `@throws {@link ResponseValidationError} when a 2xx body is not the documented ${res.type ? 'type' : 'answer'}`,
    '@throws {@link RequestError} when no usable answer arrives: past the deadline, larger than the size limit, or redirected to another origin',
    '@throws TypeError or RangeError when an argument breaks a documented rule; nothing is sent',
    ...exampleDoc(b, p, op, n),
  ]);
  const promise = (t: TypeNode) => b.typeRef('Promise', [t]);
  const generic = selectParam ? [b.typeParam('Q', b.typeRef(`${P}Query`), b.type`{}`)] : undefined;
  const out = [b.withDoc(f.createMethodSignature(undefined, b.propName(op.name), undefined, generic, params, promise(ret)), doc)];
  if (op.pagination && res.type) {
    const pg = op.pagination;
    const arrayType = typeAt(res.type, pg.items);
    const itemApiType = arrayType?.items;
    const item = itemApiType ? tsType(itemApiType, { b, p, input: false, ...(selectParam ? { select: selectParam } : {}) }) : b.keyword.unknown();
    const omit = pg.cursor && pg.page ? pg.page.param : undefined;
    const queryType = omit ? b.typeRef('Omit', [b.typeRef(`${P}Query`), b.literalType(omit)]) : b.typeRef(`${P}Query`);
    const how = pg.cursor
      ? `by \`${pg.cursor.param}\`: each next page asks for the items after the last item's \`${pg.cursor.field}\``
      : `by \`${pg.page?.param}\`, from ${pg.page?.first} (or \`query.${pg.page?.param}\`)`;
    const limitParam = pg.limit ? op.query.find((q) => q.name === pg.limit) : undefined;
    const stops = [
      'a page is empty',
      ...(pg.next ? [`\`${pg.next.join('.')}\` is null`] : []),
      ...(pg.limit ? [`a page has fewer items than \`${pg.limit}\`${limitParam?.default !== undefined ? ` (default ${limitParam.default})` : ''}`] : []),
    ];
    const exampleArgs = [...exampleParams(b, op), ...(pg.limit ? [tsLiteral(b, { [pg.limit]: limitParam?.maximum ?? 50 })] : [])];
    const iterDoc = paragraphs([
      `Every item of {@link ${n.client}.${op.name}}, page after page, ${how}. It stops when ${stops.join(', or when ')}.`,
      pg.source ? sentence(`Source: ${pg.source}`) : undefined,
      ...op.params.map((x) => `@param ${parameterName(x.name)} - ${x.description ?? `the {${x.name}} of the path`}`),
      `@param query - the query of the first page${omit ? ` (\`${omit}\` is managed by the iterator)` : ''}`,
      '@param options - headers and an abort signal for every request',
      `@throws {@link ${n.error}}, {@link ResponseValidationError}, {@link RequestError}, TypeError or RangeError, as {@link ${n.client}.${op.name}} does`,
      codeExample([`for await (const item of ${n.variable}.${iteratorName(op.name)}(${exampleArgs.join(', ')})) {`, '  console.log(item);', '}']),
    ]);
    const iterParams = [
      ...op.params.map((x) => b.param(parameterName(x.name), isInteger(x) ? b.type`number | string` : b.keyword.string())),
      b.param('query', selectParam ? b.typeRef('Q') : queryType, { optional: true }),
      b.param('options', b.typeRef('RequestOptions'), { optional: true }),
    ];
    const iterGeneric = selectParam ? [b.typeParam('Q', queryType, b.type`{}`)] : undefined;
    out.push(b.withDoc(f.createMethodSignature(undefined, b.propName(iteratorName(op.name)), undefined, iterGeneric, iterParams, b.typeRef('AsyncIterableIterator', [item])), iterDoc));
  }
  return out;
}

/** The client module of a provider with an api.yaml. */
export function clientModule(b: CodeBuilder, p: ProviderModel, api: ApiSpec): TsModule {
  const f = b.factory;
  const n = clientNames(p);
  const title = api.title ?? `${p.title} API`;
  const output: TsCtx = { b, p, input: false };
  const input: TsCtx = { b, p, input: true };
  const exported = [f.createModifier(b.SyntaxKind.ExportKeyword)];
  const interfaceDecl = (name: string, members: Parameters<typeof f.createInterfaceDeclaration>[4], doc: string, heritage?: Parameters<typeof f.createInterfaceDeclaration>[3]) =>
    b.withDoc(f.createInterfaceDeclaration(exported, name, undefined, heritage, members), doc);

  // the models the types name
  const modelNames = new Set<string>();
  const collect = (t: ApiType | undefined): void => {
    if (!t) return;
    if (t.model) modelNames.add(modelOf(p, t.model).typeName);
    if (t.items) collect(t.items);
    for (const v of Object.values(t.properties ?? {})) collect(v);
    if (t.additionalProperties) collect(t.additionalProperties);
  };
  for (const e of api.errors) collect(e.type);
  for (const op of api.operations) {
    collect(op.response.type);
    if (op.body?.model) modelNames.add(modelOf(p, op.body.model).typeName);
    const rm = op.response.type ? responseModel(op.response.type) : undefined;
    if (op.query.some((q) => q.select) && rm) modelNames.add(modelOf(p, rm).typeName);
  }

  const decls: Statement[] = [];
  // error bodies
  for (const e of api.errors) {
    const doc = paragraphs([e.description, `The body of a ${e.status} answer.`, e.source ? sentence(`Source: ${e.source}`) : undefined]);
    if (e.type.type?.includes('object') && e.type.type.length === 1 && (e.type.properties || e.type.additionalProperties)) decls.push(interfaceDecl(e.name, objectMembers(e.type, output), doc));
    else decls.push(b.typeAlias(e.name, tsType(e.type, output), { exported: true, doc }));
  }
  decls.push(
    b.typeAlias(n.errorBody, api.errors.length ? b.union(api.errors.map((e) => b.typeRef(e.name))) : b.keyword.never(), {
      exported: true,
      doc: `Every documented error body of the ${title}${api.errors.length ? ` (${api.errors.map((e) => `${e.status}: {@link ${e.name}}`).join(', ')})` : ': none is documented'}.`,
    }),
  );
  const errorDoc = paragraphs([
    `A non-2xx answer of the ${title}: \`status\`, \`bodyText\` (the raw body), \`data\` (the parsed body), \`body\` (the documented error body, when it is one)${api.errors.some((e) => e.fieldErrors) ? ', `fieldErrors` (the per-field messages)' : ''} and \`messages\`.`,
    codeExample(['try {', `  await ${n.variable}.${exampleOperation(api)?.name ?? 'someOperation'}(...);`, '} catch (error) {', `  if (error instanceof ${n.error}) console.log(error.status, error.messages);`, '}']),
  ]);
  decls.push(
    b.withDoc(
      b.stmts`
export class ${n.error} extends ApiError<${n.errorBody}> {
  constructor(message: string, details: ApiErrorDetails<${n.errorBody}>) {
    super(message, details);
    this.name = ${b.lit(n.error)};
  }
}`[0] as Statement,
      errorDoc,
    ),
  );

  // query, response and body types
  for (const op of api.operations) {
    const P = pascal(op.name);
    if (op.query.length) {
      const rm = op.response.type ? responseModel(op.response.type) : undefined;
      const members = op.query.map((q) => {
        const int64 = cursorIsInt64(p, op, q.name);
        const type = q.select && rm ? b.type`readonly (keyof ${modelOf(p, rm).typeName})[]` : int64 ? b.type`number | string` : tsType(q, input);
        const doc = typeDoc(q);
        if (int64) doc.push('A 64-bit id: a number, or its decimal digits (as the iterator passes the last item\'s id).');
        if (q.style === 'comma') doc.splice(q.description ? 1 : 0, 0, 'Sent as one parameter, the items joined with ",".');
        const member = f.createPropertySignature([f.createModifier(b.SyntaxKind.ReadonlyKeyword)], b.propName(q.name), f.createToken(b.SyntaxKind.QuestionToken), b.union([type, b.keyword.undefined()]));
        return withDocIf(b, member, paragraphs(doc));
      });
      decls.push(interfaceDecl(`${P}Query`, members, `The query parameters of {@link ${n.client}.${op.name}}: \`${op.method} ${op.path}\`.`));
    }
    const typeName = responseTypeName(op);
    if (typeName && op.response.type) {
      decls.push(interfaceDecl(typeName, objectMembers(op.response.type, output), paragraphs([`The response of {@link ${n.client}.${op.name}}: \`${op.method} ${op.path}\`.`, op.response.description])));
    }
    if (op.body) {
      const body = op.body;
      const model = body.model ? modelOf(p, body.model) : undefined;
      const members = body.properties.map((prop) => {
        const field = model?.schema.properties?.[prop.name];
        const doc = paragraphs([
          prop.description ?? (typeof field?.description === 'string' ? field.description : undefined),
          prop.source ? sentence(`Source: ${prop.source}`) : undefined,
          prop.default !== undefined ? `@defaultValue ${JSON.stringify(prop.default)}` : undefined,
        ]);
        const type = model ? f.createIndexedAccessTypeNode(b.typeRef(model.typeName), b.literalType(prop.name)) : prop.type ? tsType(prop.type, input) : b.keyword.unknown();
        const member = f.createPropertySignature(
          [f.createModifier(b.SyntaxKind.ReadonlyKeyword)],
          b.propName(prop.name),
          prop.required ? undefined : f.createToken(b.SyntaxKind.QuestionToken),
          prop.required ? type : b.union([type, b.keyword.undefined()]),
        );
        return withDocIf(b, member, doc);
      });
      const sent = [
        body.envelope ? `Sent as \`{ "${body.envelope}": { ... } }\`` : 'Sent as the JSON body',
        body.pathParams.length ? `, with ${body.pathParams.map((x) => `\`${x}\``).join(', ')} from the path added` : '',
        '.',
      ].join('');
      decls.push(interfaceDecl(`${P}Body`, members, `The request body of {@link ${n.client}.${op.name}}: \`${op.method} ${op.path}\`. ${sent}`));
    }
  }

  // the client
  const methods = api.operations.flatMap((op) => methodDecls(b, p, api, op, n));
  decls.push(
    interfaceDecl(
      n.client,
      methods,
      paragraphs([
        `A typed client of the ${title}'s webhook operations${api.description ? `: ${api.description}` : '.'}`,
        `Generated from ${api.file}. Every method checks its arguments against the documented types and limits before sending, and validates the response.`,
      ]),
    ),
  );
  decls.push(
    interfaceDecl(n.options, [], paragraphs([`Options of {@link ${n.factory}}.`, codeExample([factoryExample(b, api, n)])]), [
      f.createHeritageClause(b.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(b.id('ClientOptions'), undefined)]),
    ]),
  );

  // the description for the runtime
  const ctx: JsCtx = { b, p, validators: new Set() };
  const operations = f.createArrayLiteralExpression(
    api.operations.map((op) => operationJs(ctx, op)),
    true,
  );
  const errors = f.createArrayLiteralExpression(
    api.errors.map((e) => errorJs(ctx, e)),
    api.errors.length > 0,
  );
  const topicsVar = `${p.valuePrefix}Topics`;
  const wildcardsVar = `${p.valuePrefix}Wildcards`;
  decls.push(
    ...((p.wildcards ?? []).length
      ? b.stmts`
/** The ${b.doc(title)} as data for the runtime (runtime/client.js). */
const api: ClientDescription = {
  title: ${b.lit(p.title)},
  factory: ${b.lit(n.factory)},
  Error: ${n.error},
  // read when a call is made: index.js imports this module
  topics: () => ${topicsVar},
  // a topic parameter or field may also hold one of the subscription wildcards (topics.yaml)
  wildcards: () => Object.keys(${wildcardsVar}),
  errors: ${errors},
  operations: ${operations},
};
`
      : b.stmts`
/** The ${b.doc(title)} as data for the runtime (runtime/client.js). */
const api: ClientDescription = {
  title: ${b.lit(p.title)},
  factory: ${b.lit(n.factory)},
  Error: ${n.error},
  // read when a call is made: index.js imports this module
  topics: () => ${topicsVar},
  errors: ${errors},
  operations: ${operations},
};
`),
  );
  decls.push(
    b.withDoc(
      b.stmts`
export function ${n.factory}(options: ${n.options}): ${n.client} {
  return createClient<${n.client}>(options, api);
}`[0] as Statement,
      paragraphs([
        `Creates a client of the ${title} (${api.operations.map((o) => `\`${o.name}\``).join(', ')}).`,
        `\`baseUrl\` is required${api.server ? ` (the docs name ${api.server})` : ' (the docs give paths only)'}. Authentication is not described by the docs: pass the headers your credentials need with \`headers\`, an object or a function called before every request.`,
        '@throws TypeError when `baseUrl` is not an absolute http(s) URL, or no `fetch` is available',
        codeExample([factoryExample(b, api, n)]),
      ]),
    ),
  );

  const usesSelect = api.operations.some((o) => o.query.some((q) => q.select));
  const head: Statement[] = [
    b.importNamed(['createClient', 'ApiError'], '../runtime/client.js'),
    ...(ctx.validators.size ? [b.importNamed([...ctx.validators].sort(), './guards.js')] : []),
    b.importNamed([`${p.valuePrefix}Topics`, ...((p.wildcards ?? []).length ? [`${p.valuePrefix}Wildcards`] : [])], './index.js'),
    b.importNamed(['ApiErrorDetails', 'ClientDescription', 'ClientOptions', 'RequestOptions', ...(usesSelect ? ['SelectFields'] : [])], '../runtime/client.js', true),
    ...(modelNames.size ? [b.importNamed([...modelNames].sort(), './models.js', true)] : []),
    ...(usesTopic(api) ? [b.importNamed([n.topic, ...((p.wildcards ?? []).length ? [`${p.typePrefix}Wildcard`] : [])], './index.js', true)] : []),
    b.exportFrom(['ApiError', 'ResponseValidationError', 'RequestError'], '../runtime/client.js'),
    b.exportFrom(['ApiErrorDetails', 'ClientHeaders', 'ClientOptions', 'RequestOptions', 'FetchLike', 'FetchInit', 'FetchResponseLike', 'ByteReaderLike', 'AbortSignalLike', 'RequestErrorKind', 'SelectFields'], '../runtime/client.js', true),
  ];
  return { path: `${p.id}/client`, sources: [api.file, `${p.specDir}/api/*`], statements: [...head, ...decls] };
}
