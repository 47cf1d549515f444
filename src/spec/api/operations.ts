/**
 * `operations:` of api.yaml: each client method's HTTP method and path, its path and query
 * parameters, request body and response (pagination: ./pagination.ts; examples: ./examples.ts).
 */
import { closest, describeValue } from '../../util/diagnostics.js';
import { iteratorName } from '../../util/naming.js';
import { compareStrings } from '../../util/order.js';
import { isRecord } from '../reader.js';
import type { ApiBody, ApiBodyProperty, ApiErrorSpec, ApiOperation, ApiParam, ApiResponse, ApiType } from '../types.js';
import type { YamlPath } from '../yaml.js';
import { isScalarValue, type ApiContext } from './context.js';
import { loadStatus } from './errors.js';
import { loadExamples } from './examples.js';
import { loadPagination } from './pagination.js';
import { describeType, loadType } from './types.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const OPERATION_KEYS = ['method', 'path', 'summary', 'description', 'source', 'params', 'query', 'body', 'response', 'pagination', 'examples'];
const BODY_KEYS = ['envelope', 'model', 'properties', 'pathParams'];
const BODY_PROPERTY_KEYS = ['required', 'default', 'description', 'source', 'type', 'format', 'enum', 'minimum', 'maximum', 'items', 'properties', 'additionalProperties', 'model'];
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The operations, sorted by name; an operation with a problem is left out. */
export function loadOperations(ctx: ApiContext, errors: readonly ApiErrorSpec[]): ApiOperation[] {
  const { r, src, problems } = ctx;
  const raw = r.expect(['operations'], 'map', { required: true, fix: 'add `operations:` (see spec/README.md, "api.yaml")' }) ?? {};
  const out: ApiOperation[] = [];
  // generated method name → the operation that claims it
  const methods = new Map<string, string>();
  for (const name of Object.keys(raw).sort(compareStrings)) {
    const at = ['operations', name];
    if (!CAMEL.test(name)) {
      problems.push({ at: src.loc(at, { key: true }), message: `invalid operation name "${name}"`, expected: "a camelCase identifier: the client method's name, e.g. listWebhooks", found: JSON.stringify(name), fix: `write e.g. "${name.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase()).replace(/^[^a-z]+/, '').replace(/^./, (c) => c.toLowerCase()) || 'listThings'}"` });
      continue;
    }
    const o = r.expect(at, 'map');
    if (!o) continue;
    r.onlyKeys(at, OPERATION_KEYS);
    const before = problems.length;
    const methodRaw = r.expect([...at, 'method'], 'string', { required: true });
    const method = methodRaw?.toUpperCase();
    const knownMethod = METHODS.find((m) => m === method);
    if (methodRaw !== undefined && (!knownMethod || method !== methodRaw)) {
      problems.push({ at: src.loc([...at, 'method']), message: `unsupported method "${methodRaw}"`, expected: METHODS.join(' | '), found: JSON.stringify(methodRaw), fix: knownMethod ? `write "${method}"` : 'use the HTTP method the docs give' });
    }
    const path = r.expect([...at, 'path'], 'string', { required: true });
    const checked = path !== undefined ? checkPath(ctx, [...at, 'path'], path) : undefined;
    const placeholders = checked ?? [];
    const params = loadParams(ctx, [...at, 'params'], 'path');
    for (const p of placeholders) {
      if (!params.some((x) => x.name === p) && r.get([...at, 'params', p]) === undefined) {
        problems.push({ at: src.loc([...at, 'path']), message: `the path has {${p}}, which \`params\` does not declare`, expected: `a parameter \`${p}\` under params`, found: JSON.stringify(path), fix: `add under ${name}:\nparams:\n  ${p}: { type: integer, description: ... }` });
      }
    }
    for (const p of checked ? params : []) {
      if (!placeholders.includes(p.name)) problems.push({ at: src.loc([...at, 'params', p.name], { key: true }), message: `path parameter \`${p.name}\` is not in the path`, expected: `{${p.name}} in ${JSON.stringify(path)}`, found: 'no such placeholder', fix: `place {${p.name}} in the path, or move it to \`query\`` });
    }
    const query = loadParams(ctx, [...at, 'query'], 'query');
    const body = o.body === undefined ? undefined : loadBody(ctx, [...at, 'body'], params);
    if (o.body !== undefined && method === 'GET') problems.push({ at: src.loc([...at, 'body'], { key: true }), message: 'a GET request has no body', expected: 'no `body` on a GET operation', found: '`body`', fix: 'move the values to `query`, or correct the method' });
    const response = loadResponse(ctx, [...at, 'response']);
    for (const q of query) {
      if (q.select && !(response?.type && responseModel(response.type))) {
        problems.push({ at: src.loc([...at, 'query', q.name, 'select']), message: '`select: true` needs a response whose value is a model (or a list of one)', expected: 'response: `model: <Name>`, or `type: array` with `items: { model: <Name> }`', found: response?.type ? describeType(response.type) : 'no response type', fix: 'remove `select`, or type the response' });
      }
    }
    const pagination = o.pagination === undefined ? undefined : loadPagination(ctx, [...at, 'pagination'], query, response);
    const op: ApiOperation = {
      name,
      method: knownMethod ?? 'GET',
      path: path ?? '/',
      params: sortParams(params, placeholders),
      query,
      response: response ?? {},
      examples: [],
    };
    for (const k of ['summary', 'description', 'source'] as const) {
      if (o[k] === undefined) continue;
      const text = r.expect([...at, k], 'string');
      if (text) op[k] = text;
    }
    if (body) op.body = body;
    if (pagination) op.pagination = pagination;
    if (problems.length === before) op.examples = loadExamples(ctx, [...at, 'examples'], op, errors);
    for (const m of [name, ...(pagination ? [iteratorName(name)] : [])]) {
      const other = methods.get(m);
      if (other !== undefined) problems.push({ at: src.loc(at, { key: true }), message: `the client method ${m} is generated for both ${other} and ${name}`, expected: 'distinct method names', found: m, fix: `rename one of the operations (the iterator of a paginated listX is iterateX)` });
      methods.set(m, name);
    }
    if (problems.length === before) out.push(op);
  }
  return out;
}

/** Path parameters in the order their placeholders appear. */
function sortParams(params: readonly ApiParam[], order: readonly string[]): ApiParam[] {
  return [...params].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/** Checks a path template; returns its placeholder names in order (undefined when it is broken). */
function checkPath(ctx: ApiContext, path: YamlPath, value: string): string[] | undefined {
  const { src, problems } = ctx;
  if (value.includes('#{')) {
    problems.push({ at: src.loc(path), message: 'unbalanced brace in the path', expected: 'placeholders written as {name}, e.g. /admin/webhooks/{id}.json', found: JSON.stringify(value), fix: `write ${JSON.stringify(value.replace(/#\{/g, '{'))} (the docs' #{id} is {id} here)` });
    return undefined;
  }
  if (!value.startsWith('/') || /[?#\s]/.test(value)) {
    problems.push({ at: src.loc(path), message: 'invalid operation path', expected: 'a path from the base URL, starting with /, without query or fragment (query parameters go under `query`)', found: JSON.stringify(value), fix: value.includes('?') ? `write ${JSON.stringify(value.slice(0, value.indexOf('?')))} and move the rest to \`query\`` : /\s/.test(value) ? 'remove the spaces (percent-encode them if the path has any)' : `write "/${value.replace(/^\/*/, '')}"` });
    return undefined;
  }
  if (/[{}]/.test(value.replace(/\{[^{}]*\}/g, ''))) {
    problems.push({ at: src.loc(path), message: 'unbalanced brace in the path', expected: 'placeholders written as {name}, e.g. /admin/webhooks/{id}.json', found: JSON.stringify(value), fix: 'close each { with }' });
    return undefined;
  }
  const names = [...value.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  for (const n of names) {
    if (!PARAM_NAME.test(n)) problems.push({ at: src.loc(path), message: `invalid placeholder {${n}} in the path`, expected: 'a parameter name: letters, digits and _', found: JSON.stringify(`{${n}}`), fix: 'rename it, and its entry under `params`' });
  }
  if (new Set(names).size !== names.length) problems.push({ at: src.loc(path), message: 'a placeholder appears twice in the path', expected: 'each parameter once', found: JSON.stringify(value), fix: 'remove the repeated placeholder' });
  return names;
}

/** A type every value of which is a string, number, boolean or topic. */
function isScalarType(x: ApiType): boolean {
  return !x.model && (x.type ?? []).length > 0 && (x.type ?? []).every((y) => ['string', 'integer', 'number', 'boolean', 'topic'].includes(y));
}

/** Path or query parameters: a map of name → type (+ `style`, `select` for query). */
function loadParams(ctx: ApiContext, path: YamlPath, kind: 'path' | 'query'): ApiParam[] {
  const { r, src, problems } = ctx;
  if (r.get(path) === undefined) return [];
  const raw = r.expect(path, 'map');
  if (!raw) return [];
  const out: ApiParam[] = [];
  for (const name of Object.keys(raw).sort(compareStrings)) {
    const at = [...path, name];
    if (!PARAM_NAME.test(name)) {
      problems.push({ at: src.loc(at, { key: true }), message: `invalid parameter name "${name}"`, expected: 'letters, digits and _ (the name as the API spells it)', found: JSON.stringify(name), fix: 'write the name the docs give' });
      continue;
    }
    const before = problems.length;
    const t = loadType(ctx, at, kind === 'query' ? ['style', 'select'] : []);
    const v = raw[name];
    // a type was read, so the parameter is a map
    if (!t || !isRecord(v)) continue;
    const p: ApiParam = { name, ...t };
    const types = t.type ?? [];
    if (kind === 'path' && !(isScalarType(t) && types.every((y) => y === 'string' || y === 'integer'))) {
      problems.push({ at: src.loc(at), message: `path parameter \`${name}\` must be a string or an integer`, expected: '`type: integer` or `type: string`', found: describeType(t), fix: 'type it as the docs give it' });
    }
    if (kind === 'query') {
      const isArray = types.includes('array');
      if (!(isScalarType(t) || (types.length === 1 && isArray && t.items && isScalarType(t.items)))) {
        problems.push({ at: src.loc(at), message: `query parameter \`${name}\` must be a scalar or a list of scalars`, expected: 'string, integer, number, boolean, topic, or an array of them', found: describeType(t), fix: 'type it as the docs give it' });
      }
      if (v.style !== undefined) {
        if (v.style !== 'comma') problems.push({ at: src.loc([...at, 'style']), message: `unsupported style ${describeValue(v.style)}`, expected: '"comma" (the items joined with ",")', found: describeValue(v.style), fix: 'write `style: comma`' });
        else if (!isArray) problems.push({ at: src.loc([...at, 'style']), message: '`style` applies to arrays only', expected: '`type: array` with `style: comma`', found: describeType(t), fix: 'remove `style`' });
        else p.style = 'comma';
      } else if (isArray) {
        problems.push({ at: src.loc(at), message: `array parameter \`${name}\` needs a style`, expected: '`style: comma` (one parameter, items joined with ",")', found: 'no `style`', fix: 'add `style: comma`' });
      }
      if (v.select !== undefined && r.expect([...at, 'select'], 'boolean') === true) {
        if (!isArray || !t.items?.type?.includes('string')) problems.push({ at: src.loc([...at, 'select']), message: '`select: true` needs a list of strings (property names)', expected: '`type: array`, `items: { type: string }`, `style: comma`', found: describeType(t), fix: 'type the parameter as a list of strings' });
        else p.select = true;
      }
    }
    if (problems.length === before) out.push(p);
  }
  return out;
}

/** The request body: its envelope, its model (or its own field types), its fields and the path parameters it repeats. */
function loadBody(ctx: ApiContext, path: YamlPath, params: readonly ApiParam[]): ApiBody | undefined {
  const { r, src, problems } = ctx;
  const raw = r.expect(path, 'map');
  if (!raw) return undefined;
  r.onlyKeys(path, BODY_KEYS);
  const before = problems.length;
  const envelope = r.expect([...path, 'envelope'], 'string');
  let model = r.expect([...path, 'model'], 'string');
  if (model !== undefined && !ctx.modelNames.includes(model)) {
    const guess = closest(model, ctx.modelNames);
    problems.push({ at: src.loc([...path, 'model']), message: `unknown model "${model}"`, expected: `one of: ${ctx.modelNames.join(', ')}`, found: JSON.stringify(model), fix: guess ? `did you mean "${guess}"?` : 'declare it under `models:`' });
    model = undefined;
  }
  const body: ApiBody = { properties: [], pathParams: [] };
  if (envelope) body.envelope = envelope;
  if (model) body.model = model;
  const props = r.expect([...path, 'properties'], 'map', { required: true, fix: 'add `properties:` the fields the request sends' }) ?? {};
  for (const k of Object.keys(props).sort(compareStrings)) {
    const at = [...path, 'properties', k];
    const given = props[k];
    // `name:` alone (null) is a field with no more to say
    const v = given === null ? {} : r.expect(at, 'map');
    if (!v) continue;
    r.onlyKeys(at, BODY_PROPERTY_KEYS);
    const prop: ApiBodyProperty = { name: k, required: false };
    if (v.required !== undefined && r.expect([...at, 'required'], 'boolean') === true) prop.required = true;
    for (const x of ['description', 'source'] as const) {
      if (v[x] === undefined) continue;
      const text = r.expect([...at, x], 'string');
      if (text) prop[x] = text;
    }
    const typeKeys = Object.keys(v).filter((x) => !['required', 'default', 'description', 'source'].includes(x));
    if (model) {
      if (typeKeys.length) problems.push({ at: src.loc([...at, typeKeys[0] ?? k], { key: true }), message: `the type of ${k} comes from the model ${model}`, expected: 'required, default, description, source', found: `\`${typeKeys[0]}\``, fix: `remove it (type the field with a hint on ${model})` });
    } else {
      const t = loadType(ctx, at, ['required', 'default']);
      if (t) prop.type = t;
    }
    if (v.default !== undefined) {
      if (!isScalarValue(v.default)) problems.push({ at: src.loc([...at, 'default']), message: 'a default must be a scalar', expected: 'a string, number or boolean', found: describeValue(v.default), fix: 'write the documented default' });
      else prop.default = v.default;
    }
    body.properties.push(prop);
  }
  if (model) {
    // checked once the samples are known (see checkNameClashes)
    ctx.bodyChecks.push({ path, model, names: body.properties.map((p) => p.name) });
  }
  if (raw.pathParams !== undefined) {
    (r.expect([...path, 'pathParams'], 'list') ?? []).forEach((n, i) => {
      if (typeof n === 'string' && params.some((p) => p.name === n)) body.pathParams.push(n);
      else problems.push({ at: src.loc([...path, 'pathParams', i]), message: 'not a path parameter of this operation', expected: params.length ? `one of: ${params.map((p) => p.name).join(', ')}` : 'a parameter under `params`', found: describeValue(n), fix: 'name a path parameter' });
    });
  }
  return problems.length === before ? body : undefined;
}

/** The response: its success status, envelope and the type of its value (or `empty: true`). */
function loadResponse(ctx: ApiContext, path: YamlPath): ApiResponse | undefined {
  const { r, src, problems } = ctx;
  const raw = r.expect(path, 'map', { required: true, fix: 'add `response:` with `status:` and the type of the value (or `empty: true`)' });
  if (!raw) return undefined;
  const before = problems.length;
  const out: ApiResponse = {};
  const status = loadStatus(ctx, [...path, 'status'], { required: false, classes: false, success: true });
  if (typeof status === 'number') out.status = status;
  const envelope = r.expect([...path, 'envelope'], 'string');
  if (envelope) out.envelope = envelope;
  if (raw.empty !== undefined) {
    r.onlyKeys(path, ['status', 'empty', 'description']);
    if (raw.empty !== true) problems.push({ at: src.loc([...path, 'empty']), message: '`empty` can only be true', expected: '`empty: true` (no body, or one to ignore)', found: describeValue(raw.empty), fix: 'write `empty: true`, or remove it and type the response' });
    const description = r.expect([...path, 'description'], 'string');
    if (description) out.description = description;
  } else {
    const t = loadType(ctx, path, ['status', 'envelope', 'empty']);
    if (t) {
      const { description, ...type } = t;
      out.type = type;
      if (description) out.description = description;
    }
  }
  return problems.length === before ? out : undefined;
}

/** The model a response value is, or holds a list of. */
export function responseModel(t: ApiType): string | undefined {
  return t.model ?? (t.type?.includes('array') ? t.items?.model : undefined);
}
