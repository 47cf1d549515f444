// @ts-check
/**
 * Emitter: a provider's API client (`<provider>/client.js` + `.d.ts`) from its api.yaml
 * (`ProviderModel.api`). The JS is a data description of the operations (paths, parameter
 * types and limits, envelopes, response types with the generated model validators, error
 * bodies, pagination) handed to the shared runtime in runtime/client.js; the declarations type
 * every method with the provider's models and topics, with TSDoc from the docs.
 */
import { banner, formatCode, propKey, str, tsdoc } from '../print/print.js';
import { iteratorName } from '../spec/api.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').PayloadModel} PayloadModel */
/** @typedef {import('../model/types.js').ApiSpec} ApiSpec */
/** @typedef {import('../model/types.js').ApiType} ApiType */
/** @typedef {import('../model/types.js').ApiParam} ApiParam */
/** @typedef {import('../model/types.js').ApiOperation} ApiOperation */
/** @typedef {import('../model/types.js').ApiErrorSpec} ApiErrorSpec */

/**
 * @param {ProviderModel} p
 * @returns {[string, string][]}
 */
export function emitClient(p) {
  const api = p.api;
  if (!api) return [];
  const sources = [api.file, `${p.specDir}/api/*`];
  const names = clientNames(p);
  return [
    [`${p.id}/client.js`, formatCode(`${banner(sources)}\n\n${clientJs(p, api, names)}`)],
    [`${p.id}/client.d.ts`, formatCode(`${banner(sources)}\n\n${clientDts(p, api, names)}`)],
  ];
}

/** @param {ProviderModel} p */
function clientNames(p) {
  const T = p.typePrefix;
  return {
    factory: `create${T}Client`,
    client: `${T}Client`,
    options: `${T}ClientOptions`,
    error: `${T}ApiError`,
    errorBody: `${T}ApiErrorBody`,
    topic: `${T}Topic`,
    variable: p.valuePrefix,
  };
}

/**
 * The name of an operation's response type, when its value is an object with properties of
 * its own (`ListHooksResponse`); undefined when it is a model, a list or a scalar.
 * @param {ApiOperation} op
 */
function responseTypeName(op) {
  const t = op.response.type;
  return t && !t.model && t.type?.length === 1 && t.type[0] === 'object' && t.properties ? `${pascal(op.name)}Response` : undefined;
}

/** `listWebhooks` → `ListWebhooks`. */
const pascal = (/** @type {string} */ s) => s[0].toUpperCase() + s.slice(1);

/** @param {ProviderModel} p @param {string} name */
function modelOf(p, name) {
  const m = p.models.find((x) => x.name === name);
  if (!m) throw new Error(`internal: api.yaml refers to model ${name}, which was not built`);
  return m;
}

// ---- client.js: the description handed to the runtime ----

/** @param {ProviderModel} p @param {ApiSpec} api @param {ReturnType<typeof clientNames>} n */
function clientJs(p, api, n) {
  /** @type {Set<string>} */
  const validators = new Set();
  const ctx = { p, validators };
  const ops = api.operations.map((op) => operationJs(ctx, op));
  const errors = api.errors.map((e) => {
    const parts = [`status: ${typeof e.status === 'number' ? e.status : str(e.status)}`, `type: ${typeJs(ctx, e.type)}`];
    if (e.fieldErrors) parts.push(`fieldErrors: ${keysJs(e.fieldErrors)}`);
    if (e.messages) parts.push(`messages: ${keysJs(e.messages)}`);
    return `{ ${parts.join(', ')} }`;
  });
  const out = [];
  out.push(`import { createClient, ApiError } from '../runtime/client.js';`);
  if (validators.size) out.push(`import { ${[...validators].sort().join(', ')} } from './guards.js';`);
  out.push(`import { ${p.valuePrefix}Topics } from './index.js';`);
  out.push(`export { ApiError, ResponseValidationError } from '../runtime/client.js';`);
  out.push('');
  out.push(`export class ${n.error} extends ApiError {`, 'constructor(message, details) {', 'super(message, details);', `this.name = ${str(n.error)};`, '}', '}');
  out.push('');
  out.push('const api = {');
  out.push(`title: ${str(p.title)},`);
  out.push(`factory: ${str(n.factory)},`);
  out.push(`Error: ${n.error},`);
  out.push(`// read when a call is made: index.js imports this module`);
  out.push(`topics: () => ${p.valuePrefix}Topics,`);
  out.push(`errors: [${errors.length ? `\n${errors.map((e) => `${e},\n`).join('')}` : ''}],`);
  out.push(`operations: [\n${ops.map((o) => `${o},\n`).join('')}],`);
  out.push('};');
  out.push('');
  out.push(`export function ${n.factory}(options) {`, 'return createClient(options, api);', '}');
  return out.join('\n');
}

/** @param {string[]} keys */
function keysJs(keys) {
  return `[${keys.map(str).join(', ')}]`;
}

/**
 * @param {{ p: ProviderModel, validators: Set<string> }} ctx @param {ApiType} t
 * @param {{ path?: boolean, select?: boolean }} [opts]
 * @returns {string}
 */
function typeJs(ctx, t, opts = {}) {
  return `{ ${typeParts(ctx, t, opts).join(', ')} }`;
}

/**
 * The members of a type's runtime description.
 * @param {{ p: ProviderModel, validators: Set<string> }} ctx @param {ApiType} t
 * @param {{ path?: boolean, select?: boolean }} [opts]
 * @returns {string[]}
 */
function typeParts(ctx, t, opts = {}) {
  if (t.model) {
    const m = modelOf(ctx.p, t.model);
    ctx.validators.add(`validate${m.typeName}`);
    return [`model: validate${m.typeName}`, `name: ${str(m.typeName)}`];
  }
  const types = t.type ?? [];
  /** @type {string[]} */
  const parts = [`type: [${types.map(str).join(', ')}]`];
  if (types.includes('topic')) parts.push('topic: true');
  if (opts.path) parts.push('path: true');
  if (t.format) parts.push(`format: ${str(t.format)}`);
  if (t.enum) parts.push(`enum: [${t.enum.map(lit).join(', ')}]`);
  if (t.minimum !== undefined) parts.push(`minimum: ${t.minimum}`);
  if (t.maximum !== undefined) parts.push(`maximum: ${t.maximum}`);
  if (t.default !== undefined) parts.push(`default: ${lit(t.default)}`);
  if (t.example !== undefined) parts.push(`example: ${lit(t.example)}`);
  if (t.items) parts.push(`items: ${typeJs(ctx, t.items, opts.select ? { select: true } : {})}`);
  if (t.properties) parts.push(`properties: { ${Object.entries(t.properties).map(([k, v]) => `${propKey(k)}: ${typeJs(ctx, v)}`).join(', ')} }`);
  if (t.required?.length) parts.push(`required: ${keysJs(t.required)}`);
  if (t.additionalProperties === false) parts.push('additional: false');
  else if (t.additionalProperties) parts.push(`additional: ${typeJs(ctx, t.additionalProperties)}`);
  return parts;
}

/** A scalar as a JS literal. @param {unknown} v */
function lit(v) {
  return typeof v === 'string' ? str(v) : JSON.stringify(v);
}

/**
 * The JSON paths (`*` = every item) of 64-bit integer fields inside a value of type `t`.
 * @param {ProviderModel} p @param {ApiType} t @param {string[]} prefix
 * @returns {string[][]}
 */
function int64Paths(p, t, prefix) {
  if (t.model) return modelOf(p, t.model).int64Paths.map((x) => [...prefix, ...x]);
  /** @type {string[][]} */
  const out = [];
  if (t.items) out.push(...int64Paths(p, t.items, [...prefix, '*']));
  for (const [k, v] of Object.entries(t.properties ?? {})) out.push(...int64Paths(p, v, [...prefix, k]));
  return out;
}

/** @param {string[][]} paths */
function pathsJs(paths) {
  return `[${paths.map(keysJs).join(', ')}]`;
}

/** @param {{ p: ProviderModel, validators: Set<string> }} ctx @param {ApiOperation} op */
function operationJs(ctx, op) {
  const { p } = ctx;
  const selectParam = op.query.find((q) => q.select);
  const selectModel = selectParam && op.response.type ? responseModel(op.response.type) : undefined;
  const lines = [`name: ${str(op.name)}`, `method: ${str(op.method)}`, `path: ${str(op.path)}`];
  lines.push(`params: [${op.params.map((x) => `{ ${[`name: ${str(x.name)}`, ...typeParts(ctx, x, { path: true })].join(', ')} }`).join(', ')}]`);
  if (op.query.length) {
    const q = op.query.map((x) => {
      let t = typeJs(ctx, x);
      if (x.select && selectModel) {
        const m = modelOf(p, selectModel);
        const keys = Object.keys(m.schema.properties ?? {}).sort();
        t = `{ type: ['array'], items: { type: ['string'], select: ${keysJs(keys)}, model: ${str(m.typeName)} } }`;
      }
      return `${propKey(x.name)}: ${t}`;
    });
    lines.push(`query: {\n${q.map((x) => `${x},\n`).join('')}}`);
  }
  if (selectParam) lines.push(`select: ${str(selectParam.name)}`);
  if (op.body) {
    const b = op.body;
    const int64 = b.model ? modelOf(p, b.model).int64Paths.map((x) => (b.envelope ? [b.envelope, ...x] : x)) : [];
    lines.push(`body: { ${b.envelope ? `envelope: ${str(b.envelope)}, ` : ''}pathParams: ${keysJs(b.pathParams)}, int64: ${pathsJs(int64)} }`);
  }
  const r = op.response;
  if (r.type) {
    const int64 = int64Paths(p, r.type, r.envelope ? [r.envelope] : []);
    lines.push(`response: { ${r.envelope ? `envelope: ${str(r.envelope)}, ` : ''}type: ${typeJs(ctx, r.type)}, int64: ${pathsJs(int64)} }`);
  } else lines.push('response: {}');
  if (op.pagination) {
    const pg = op.pagination;
    const parts = [];
    if (pg.cursor) parts.push(`cursor: { param: ${str(pg.cursor.param)}, field: ${str(pg.cursor.field)} }`);
    if (pg.page) parts.push(`page: { param: ${str(pg.page.param)}, first: ${pg.page.first} }`);
    if (pg.limit) parts.push(`limit: ${str(pg.limit)}`);
    parts.push(`items: ${keysJs(pg.items)}`);
    if (pg.next) parts.push(`next: ${keysJs(pg.next)}`);
    lines.push(`iterator: ${str(iteratorName(op.name))}`);
    lines.push(`pagination: { ${parts.join(', ')} }`);
  }
  return `{\n${lines.map((l) => `${l},\n`).join('')}}`;
}

/** The model a response value is, or is a list of. @param {ApiType} t */
function responseModel(t) {
  return t.model ?? (t.type?.includes('array') ? t.items?.model : undefined);
}

/** The type at `keys` inside `t` (through `properties`). @param {ApiType} t @param {string[]} keys */
function typeAt(t, keys) {
  let cur = t;
  for (const k of keys) cur = /** @type {ApiType} */ (cur.properties?.[k]);
  return cur;
}

// ---- client.d.ts ----

/**
 * @typedef {object} TsCtx
 * @property {ProviderModel} p
 * @property {boolean} input types of values the caller gives (readonly, `| undefined` on optional members)
 * @property {string} [select] `SelectFields<…, Q, '<param>'>` around the response's model
 */

/**
 * The TypeScript type of an api.yaml type.
 * @param {ApiType} t @param {TsCtx} ctx @param {string} [indent]
 * @returns {string}
 */
function tsType(t, ctx, indent = '') {
  if (t.model) {
    const name = modelOf(ctx.p, t.model).typeName;
    return ctx.select ? `SelectFields<${name}, Q, ${str(ctx.select)}>` : name;
  }
  const parts = (t.type ?? []).map((x) => {
    switch (x) {
      case 'topic':
        return `${ctx.p.typePrefix}Topic`;
      case 'null':
        return 'null';
      case 'boolean':
        return 'boolean';
      case 'string':
        return t.enum ? t.enum.filter((e) => typeof e === 'string').map(lit).join(' | ') : 'string';
      case 'integer':
      case 'number':
        return t.enum ? t.enum.filter((e) => typeof e === 'number').map(String).join(' | ') : 'number';
      case 'array': {
        const item = tsType(/** @type {ApiType} */ (t.items), ctx, indent);
        const wrapped = /[|&\s]/.test(item) && !item.startsWith('{') && !item.startsWith('SelectFields<') ? `(${item})` : item;
        return `${ctx.input ? 'readonly ' : ''}${wrapped}[]`;
      }
      case 'object':
        return objectType(t, ctx, indent);
      default:
        throw new Error(`internal: unknown api type ${x}`);
    }
  });
  return parts.join(' | ');
}

/** @param {ApiType} t @param {TsCtx} ctx @param {string} indent */
function objectType(t, ctx, indent) {
  const members = objectMembers(t, ctx);
  if (members.length === 0) return '{ [key: string]: unknown }';
  return `{\n${members.join('\n')}\n${indent}}`;
}

/** The members of an object type, each with its TSDoc. @param {ApiType} t @param {TsCtx} ctx */
function objectMembers(t, ctx) {
  const required = new Set(t.required ?? []);
  const ro = ctx.input ? 'readonly ' : '';
  /** @type {string[]} */
  const out = [];
  for (const [k, v] of Object.entries(t.properties ?? {})) {
    const opt = !required.has(k);
    out.push(`${tsdoc(typeDoc(v))}${ro}${propKey(k)}${opt ? '?' : ''}: ${tsType(v, ctx)}${opt && ctx.input ? ' | undefined' : ''};`);
  }
  if (t.additionalProperties) {
    const value = tsType(t.additionalProperties, ctx);
    out.push(`${tsdoc(typeDoc(t.additionalProperties))}${ro}[key: string]: ${value}${t.properties ? ' | undefined' : ''};`);
  }
  return out;
}

/**
 * TSDoc lines for a value of a type: its description, format, range, default, source.
 * @param {ApiType} t
 * @returns {string[]}
 */
function typeDoc(t) {
  /** @type {string[]} */
  const lines = [];
  if (t.description) lines.push(t.description);
  if (t.format) lines.push(`Format: ${t.format}${t.example !== undefined ? ` (e.g. \`${t.example}\`)` : ''}; checked before the request is sent.`);
  const range = [t.minimum !== undefined ? `at least ${t.minimum}` : '', t.maximum !== undefined ? `at most ${t.maximum}` : ''].filter(Boolean).join(', ');
  if (range) lines.push(`Documented range: ${range}; checked before the request is sent.`);
  if (t.type?.includes('topic')) lines.push('One of the provider\'s topics.');
  if (t.source) lines.push(sentence(`Source: ${t.source}`));
  if (t.default !== undefined) lines.push(`@defaultValue ${JSON.stringify(t.default)}`);
  return lines;
}

/**
 * @param {ProviderModel} p @param {ApiSpec} api @param {ReturnType<typeof clientNames>} n
 */
function clientDts(p, api, n) {
  const title = api.title ?? `${p.title} API`;
  const modelNames = new Set();
  const input = { p, input: true };
  const output = { p, input: false };
  /** @type {string[]} */
  const decls = [];
  const collect = (/** @type {ApiType | undefined} */ t) => {
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
    for (const q of op.query) if (q.select && op.response.type) modelNames.add(modelOf(p, /** @type {string} */ (responseModel(op.response.type))).typeName);
  }

  // error bodies
  for (const e of api.errors) {
    const doc = [e.description, `The body of a ${e.status} answer.`, e.source ? sentence(`Source: ${e.source}`) : undefined];
    if (e.type.type?.includes('object') && e.type.type.length === 1 && (e.type.properties || e.type.additionalProperties)) {
      decls.push(`${tsdoc(doc)}export interface ${e.name} {\n${objectMembers(e.type, output).join('\n')}\n}\n`);
    } else decls.push(`${tsdoc(doc)}export type ${e.name} = ${tsType(e.type, output)};\n`);
  }
  decls.push(
    tsdoc([`Every documented error body of the ${title}${api.errors.length ? ` (${api.errors.map((e) => `${e.status}: {@link ${e.name}}`).join(', ')})` : ': none is documented'}.`]) +
      `export type ${n.errorBody} = ${api.errors.length ? api.errors.map((e) => e.name).join(' | ') : 'never'};\n`,
  );
  decls.push(
    tsdoc([
      `A non-2xx answer of the ${title}: \`status\`, \`bodyText\` (the raw body), \`data\` (the parsed body), \`body\` (the documented error body, when it is one)${api.errors.some((e) => e.fieldErrors) ? ', `fieldErrors` (the per-field messages)' : ''} and \`messages\`.`,
      codeExample([
        `try {`,
        `  await ${n.variable}.${exampleOperation(api)?.name ?? 'someOperation'}(...);`,
        `} catch (error) {`,
        `  if (error instanceof ${n.error}) console.log(error.status, error.messages);`,
        `}`,
      ]),
    ]) + `export declare class ${n.error} extends ApiError<${n.errorBody}> {}\n`,
  );

  // query and body types
  for (const op of api.operations) {
    const P = pascal(op.name);
    if (op.query.length) {
      const members = op.query.map((q) => {
        const type = q.select && op.response.type ? `readonly (keyof ${modelOf(p, /** @type {string} */ (responseModel(op.response.type))).typeName})[]` : tsType(q, input);
        const doc = typeDoc(q);
        if (q.style === 'comma') doc.splice(q.description ? 1 : 0, 0, 'Sent as one parameter, the items joined with ",".');
        return `${tsdoc(doc)}readonly ${propKey(q.name)}?: ${type} | undefined;`;
      });
      decls.push(`${tsdoc([`The query parameters of {@link ${n.client}.${op.name}}: \`${op.method} ${op.path}\`.`])}export interface ${P}Query {\n${members.join('\n')}\n}\n`);
    }
    if (responseTypeName(op)) {
      const r = /** @type {ApiType} */ (op.response.type);
      decls.push(`${tsdoc([`The response of {@link ${n.client}.${op.name}}: \`${op.method} ${op.path}\`.`, op.response.description])}export interface ${responseTypeName(op)} {\n${objectMembers(r, output).join('\n')}\n}\n`);
    }
    if (op.body) {
      const b = op.body;
      const model = b.model ? modelOf(p, b.model) : undefined;
      const members = b.properties.map((prop) => {
        const field = model?.schema.properties?.[prop.name];
        const doc = [prop.description ?? (typeof field?.description === 'string' ? field.description : undefined), prop.source ? sentence(`Source: ${prop.source}`) : undefined, prop.default !== undefined ? `@defaultValue ${JSON.stringify(prop.default)}` : undefined];
        const type = model ? `${model.typeName}[${str(prop.name)}]` : tsType(/** @type {ApiType} */ (prop.type), input);
        return `${tsdoc(doc)}readonly ${propKey(prop.name)}${prop.required ? '' : '?'}: ${type}${prop.required ? '' : ' | undefined'};`;
      });
      const sent = [b.envelope ? `Sent as \`{ "${b.envelope}": { ... } }\`` : 'Sent as the JSON body', b.pathParams.length ? `, with ${b.pathParams.map((x) => `\`${x}\``).join(', ')} from the path added` : '', '.'].join('');
      decls.push(`${tsdoc([`The request body of {@link ${n.client}.${op.name}}: \`${op.method} ${op.path}\`. ${sent}`])}export interface ${P}Body {\n${members.join('\n')}\n}\n`);
    }
  }

  // the client
  const methods = [];
  for (const op of api.operations) methods.push(...methodDecls(p, api, op, n));
  decls.push(
    tsdoc([
      `A typed client of the ${title}'s webhook operations${api.description ? `: ${api.description}` : '.'}`,
      `Generated from ${api.file}. Every method checks its arguments against the documented types and limits before sending, and validates the response.`,
    ]) + `export interface ${n.client} {\n${methods.join('\n')}\n}\n`,
  );
  decls.push(
    tsdoc([`Options of {@link ${n.factory}}.`, codeExample([factoryExample(api, n)])]) + `export interface ${n.options} extends ClientOptions {}\n`,
  );
  decls.push(
    tsdoc([
      `Creates a client of the ${title} (${api.operations.map((o) => `\`${o.name}\``).join(', ')}).`,
      `\`baseUrl\` is required${api.server ? ` (the docs name ${api.server})` : ' (the docs give paths only)'}. Authentication is not described by the docs: pass the headers your credentials need with \`headers\`, an object or a function called before every request.`,
      `@throws TypeError when \`baseUrl\` is not an absolute http(s) URL, or no \`fetch\` is available`,
      codeExample([factoryExample(api, n)]),
    ]) + `export declare function ${n.factory}(options: ${n.options}): ${n.client};\n`,
  );

  const runtimeTypes = ['ApiError', 'ClientOptions', 'RequestOptions', ...(api.operations.some((o) => o.query.some((q) => q.select)) ? ['SelectFields'] : [])];
  const out = [];
  out.push(`import type { ${runtimeTypes.filter((x) => x !== 'ApiError').join(', ')} } from '../runtime/client.js';`);
  out.push(`import { ApiError } from '../runtime/client.js';`);
  out.push(`export { ApiError, ResponseValidationError } from '../runtime/client.js';`);
  out.push(`export type { ApiErrorDetails, ClientHeaders, ClientOptions, RequestOptions, FetchLike, FetchInit, FetchResponseLike, AbortSignalLike, SelectFields } from '../runtime/client.js';`);
  if (modelNames.size) out.push(`import type { ${[...modelNames].sort().join(', ')} } from './models.js';`);
  if (usesTopic(api)) out.push(`import type { ${n.topic} } from './index.js';`);
  out.push('');
  return [...out, ...decls].join('\n');
}

/** Whether a query parameter or error body is typed as a topic. @param {ApiSpec} api */
function usesTopic(api) {
  /** @type {(t: ApiType | undefined) => boolean} */
  const has = (t) => !!t && (t.type?.includes('topic') || has(t.items) || Object.values(t.properties ?? {}).some(has) || (typeof t.additionalProperties === 'object' && has(t.additionalProperties)));
  return api.operations.some((o) => [...o.params, ...o.query].some(has) || has(o.response.type) || o.body?.properties.some((x) => has(x.type))) || api.errors.some((e) => has(e.type));
}

/** The operation used in generic examples: the first that creates something, else the first. @param {ApiSpec} api */
function exampleOperation(api) {
  return api.operations.find((o) => o.method === 'POST') ?? api.operations[0];
}

/** @param {ApiSpec} api @param {ReturnType<typeof clientNames>} n */
function factoryExample(api, n) {
  const base = api.server ?? 'https://shop.example.com';
  return `const ${n.variable} = ${n.factory}({ baseUrl: ${str(base)}, headers: async () => myAuthHeaders() }); // the docs describe no auth scheme: send what your credentials need`;
}

/**
 * The declaration (with TSDoc) of an operation's method, and of its iterator.
 * @param {ProviderModel} p @param {ApiSpec} api @param {ApiOperation} op @param {ReturnType<typeof clientNames>} n
 * @returns {string[]}
 */
function methodDecls(p, api, op, n) {
  const P = pascal(op.name);
  const selectParam = op.query.find((q) => q.select)?.name;
  const generic = selectParam ? `<Q extends ${P}Query = {}>` : '';
  /** @type {string[]} */
  const params = [];
  /** @type {string[]} */
  const paramDocs = [];
  for (const x of op.params) {
    const type = (x.type ?? []).includes('integer') ? 'number | string' : tsType(x, { p, input: true });
    params.push(`${camel(x.name)}: ${type}`);
    paramDocs.push(`@param ${camel(x.name)} - ${x.description ?? `the {${x.name}} of the path`}${(x.type ?? []).includes('integer') ? ' (a number, or its decimal digits)' : ''}`);
  }
  if (op.body) {
    params.push(`body: ${P}Body`);
    paramDocs.push(`@param body - the request body${op.body.envelope ? ` (sent as \`{ "${op.body.envelope}": body }\`)` : ''}`);
  }
  if (op.query.length) {
    params.push(`query?: ${selectParam ? 'Q' : `${P}Query`}`);
    paramDocs.push(`@param query - the query parameters (checked against their documented types and limits before anything is sent)`);
  }
  params.push('options?: RequestOptions');
  paramDocs.push('@param options - headers and an abort signal for this request');
  const res = op.response;
  const ret = !res.type ? 'void' : responseTypeName(op) ?? tsType(res.type, { p, input: false, ...(selectParam ? { select: selectParam } : {}) }, '  ');
  const status = res.status ? `${res.status}` : 'a 2xx status (the docs state none)';
  const shape = res.type ? (res.envelope ? `\`{ "${res.envelope}": ... }\`` : 'the value') : 'a body that is ignored';
  const errorStatuses = api.errors.map((e) => `${e.status}: {@link ${e.name}}${e.fieldErrors ? ', with `fieldErrors`' : ''}`);
  const doc = [
    [op.summary, op.description].filter((s) => s !== undefined).map((s) => sentence(/** @type {string} */ (s))).join(' ') || undefined,
    `\`${op.method} ${op.path}\` → ${status}, ${shape}${res.description ? `: ${res.description}` : '.'}`,
    op.source ? sentence(`Source: ${op.source}`) : undefined,
    ...paramDocs,
    `@returns ${res.type ? `${res.envelope ? `the \`${res.envelope}\` of the response` : 'the response'}, validated against the spec${selectParam ? ` (only the properties \`query.${selectParam}\` asks for, when it does)` : ''}` : 'nothing'}`,
    `@throws {@link ${n.error}} when the API answers with another status${errorStatuses.length ? ` (${errorStatuses.join('; ')})` : ''}`,
    `@throws {@link ResponseValidationError} when a 2xx body is not the documented ${res.type ? 'type' : 'answer'}`,
    '@throws TypeError or RangeError when an argument breaks a documented rule; nothing is sent',
    ...exampleDoc(p, op, n),
  ];
  const out = [`${tsdoc(doc)}${op.name}${generic}(${params.join(', ')}): Promise<${ret}>;`];
  if (op.pagination && res.type) {
    const pg = op.pagination;
    const arrayType = typeAt(res.type, pg.items);
    const item = tsType(/** @type {ApiType} */ (arrayType.items), { p, input: false, ...(selectParam ? { select: selectParam } : {}) });
    const omit = pg.cursor && pg.page ? pg.page.param : undefined;
    const queryType = omit ? `Omit<${P}Query, ${str(omit)}>` : `${P}Query`;
    const how = pg.cursor
      ? `by \`${pg.cursor.param}\`: each next page asks for the items after the last item's \`${pg.cursor.field}\``
      : `by \`${pg.page?.param}\`, from ${pg.page?.first} (or \`query.${pg.page?.param}\`)`;
    const stops = [
      'a page is empty',
      ...(pg.next ? [`\`${pg.next.join('.')}\` is null`] : []),
      ...(pg.limit ? [`a page has fewer items than \`${pg.limit}\`${op.query.find((q) => q.name === pg.limit)?.default !== undefined ? ` (default ${op.query.find((q) => q.name === pg.limit)?.default})` : ''}`] : []),
    ];
    const iterDoc = [
      `Every item of {@link ${n.client}.${op.name}}, page after page, ${how}. It stops when ${stops.join(', or when ')}.`,
      pg.source ? sentence(`Source: ${pg.source}`) : undefined,
      ...op.params.map((x) => `@param ${camel(x.name)} - ${x.description ?? `the {${x.name}} of the path`}`),
      `@param query - the query of the first page${omit ? ` (\`${omit}\` is managed by the iterator)` : ''}`,
      '@param options - headers and an abort signal for every request',
      `@throws {@link ${n.error}}, {@link ResponseValidationError}, TypeError or RangeError, as {@link ${n.client}.${op.name}} does`,
      codeExample([`for await (const item of ${n.variable}.${iteratorName(op.name)}(${[...exampleParams(op), ...(pg.limit ? [`{ ${pg.limit}: ${op.query.find((q) => q.name === pg.limit)?.maximum ?? 50} }`] : [])].join(', ')})) {`, '  console.log(item);', '}']),
    ];
    const iterParams = [...op.params.map((x) => `${camel(x.name)}: ${(x.type ?? []).includes('integer') ? 'number | string' : 'string'}`), `query?: ${selectParam ? 'Q' : queryType}`, 'options?: RequestOptions'];
    const iterGeneric = selectParam ? `<Q extends ${queryType} = {}>` : '';
    out.push(`${tsdoc(iterDoc)}${iteratorName(op.name)}${iterGeneric}(${iterParams.join(', ')}): AsyncIterableIterator<${item}>;`);
  }
  return out;
}

/**
 * Path values for an example call: the first example's, else a placeholder of the right type.
 * @param {ApiOperation} op
 */
function exampleParams(op) {
  const ex = op.examples[0];
  return op.params.map((x) => (ex?.params[x.name] !== undefined ? tsLiteral(ex.params[x.name]) : (x.type ?? []).includes('integer') ? '1' : str(x.name)));
}

/** Text that ends with a full stop. @param {string} s */
function sentence(s) {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** `hook_id` → `hookId`. */
function camel(/** @type {string} */ s) {
  return s.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());
}

/**
 * An `@example` from the operation's first success example in api.yaml: the call with the
 * documented path values, body and query.
 * @param {ProviderModel} p @param {ApiOperation} op @param {ReturnType<typeof clientNames>} n
 * @returns {string[]}
 */
function exampleDoc(p, op, n) {
  const ex = op.examples.find((e) => e.status >= 200 && e.status < 300);
  if (!ex) return [];
  /** @type {string[]} */
  const args = op.params.map((x) => tsLiteral(ex.params[x.name]));
  if (op.body) {
    /** @type {any} */
    let body = ex.requestBody;
    if (body === undefined) return [];
    if (op.body.envelope) body = body[op.body.envelope];
    const pathParams = op.body.pathParams;
    args.push(tsLiteral(Object.fromEntries(Object.entries(body).filter(([k]) => !pathParams.includes(k)))));
  }
  if (op.query.length && Object.keys(ex.query).length) args.push(tsLiteral(ex.query));
  const call = `await ${n.variable}.${op.name}(${args.join(', ')})`;
  const res = op.response;
  const type = res.type ? (responseTypeName(op) ?? tsType(res.type, { p, input: false })) : '';
  const comment = type && !type.includes('\n') ? ` // ${type}` : '';
  return [codeExample([`${res.type ? 'const result = ' : ''}${call};${comment}`])];
}

/** An `@example` block (one TSDoc paragraph). @param {string[]} lines */
function codeExample(lines) {
  return ['@example', '```ts', ...lines, '```'].join('\n');
}

/** A value as TypeScript source, on one line. @param {unknown} v @returns {string} */
function tsLiteral(v) {
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return `[${v.map(tsLiteral).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${propKey(k)}: ${tsLiteral(x)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}
