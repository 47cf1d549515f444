// The shared part of the generated API clients. A provider's client.js is a data description
// of its api.yaml (operations, parameter types, response types, error bodies, pagination) with
// its generated validators; everything that happens on a call happens here, in this order:
// path and query checks (before anything is sent) → headers → fetch → status → JSON (lossless)
// → envelope → response validation.
//
// The server is not trusted further than its answers are checked: redirects are followed only
// within the origin of `baseUrl` (a redirect elsewhere would carry the credential headers
// there, which fetch only strips for `Authorization` and cookies), every exchange has a deadline
// (`timeoutMs`, 30 s by default: headers, body and redirects together), and a body is read no
// further than `maxResponseBytes` (10 MiB by default). Each of these ends in a RequestError.

import { parseLossless, int64ToString, stringifyLossless, valueAt } from './json.js';
import type { JsonValue } from './json.js';
import { DEFAULT_MAX_ISSUES, isDate, isDateTime, isTime, pointerKey, pushIssue, show, typeName, ValidationError } from './validate.js';
import type { ValidateOptions, ValidationIssue, ValidationResult } from './validate.js';

/**
 * Request header values by name (names are case-insensitive: a later value replaces an earlier
 * one whatever its case).
 * @example
 * ```ts
 * const headers: ClientHeaders = { Authorization: `Basic ${btoa(`${id}:${secret}`)}` };
 * ```
 */
export type ClientHeaders = Readonly<Record<string, string>>;

/**
 * What the client hands to `fetch` (the `signal` of {@link RequestOptions} is passed too when
 * given). `globalThis.fetch` fits, as do undici's and node-fetch's.
 * @example
 * ```ts
 * const init: FetchInit = { method: 'GET', headers: { accept: 'application/json' } };
 * ```
 */
export interface FetchInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  /** the JSON request body, for operations that send one */
  readonly body?: string;
  /** always `manual`: the client follows a redirect itself, and only within the API's origin */
  readonly redirect?: 'manual';
}

/**
 * The part of a fetch `Response` the client reads.
 * @example
 * ```ts
 * const res: FetchResponseLike = { status: 200, text: async () => '{"count": 3}' };
 * ```
 */
export interface FetchResponseLike {
  readonly status: number;
  readonly statusText?: string;
  /** `opaqueredirect` in a browser answering a redirect under `redirect: 'manual'` */
  readonly type?: string;
  /** read for `Location` (a redirect) and `Content-Length` (the size limit) when present */
  readonly headers?: { get(name: string): string | null };
  /** read in chunks when present, so a body is never read past `maxResponseBytes`; else `text()` is */
  readonly body?: { getReader(): ByteReaderLike } | null;
  text(): Promise<string>;
}

/** The part of a body stream's reader the client uses. */
export interface ByteReaderLike {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A `fetch` function (declared here so that neither DOM nor Node types are needed).
 * @example
 * ```ts
 * const logged: FetchLike = async (url, init) => { console.log(init.method, url); return fetch(url, init); };
 * ```
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/**
 * The part of an `AbortSignal` the client needs to accept one.
 * @example
 * ```ts
 * await client.listWebhooks({}, { signal: AbortSignal.timeout(5000) });
 * ```
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  /** when present, the client's own deadline is linked to the signal */
  addEventListener?(type: 'abort', listener: () => void): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

/**
 * Options of every generated `create<Provider>Client`.
 * @example
 * ```ts
 * const options: ClientOptions = { baseUrl: 'https://api.example.com', headers: async () => ({ Authorization: await token() }) };
 * ```
 */
export interface ClientOptions {
  /**
   * The API's base URL: scheme, host and any path prefix (a trailing slash is ignored). Each
   * operation's documented path is appended to it.
   */
  readonly baseUrl: string;
  /** The `fetch` to use (default: `globalThis.fetch`): for tests, proxies, retries or logging. */
  readonly fetch?: FetchLike | undefined;
  /**
   * Headers sent with every request: credentials, a user agent... The providers' pages do not
   * describe authentication, so the client invents none: give the headers your credentials
   * need, as an object, or as a function called before each request (it may be async, e.g. to
   * refresh a token).
   */
  readonly headers?: ClientHeaders | (() => ClientHeaders | Promise<ClientHeaders>) | undefined;
  /** Reject response members the spec does not know (for drift tests). Default false: an API that gains a field does not break the client. */
  readonly strict?: boolean | undefined;
  /**
   * How long one call may take, headers, redirects and body together, in milliseconds
   * (default 30000; `Infinity`: no deadline). Past it the request is aborted and the call
   * rejects with a {@link RequestError} of kind `timeout`.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * The largest response body read, in bytes (default 10 MiB). A larger body (by its
   * Content-Length, or as it streams in) is not read further: the call rejects with a
   * {@link RequestError} of kind `too-large`.
   */
  readonly maxResponseBytes?: number | undefined;
}

/** The default of {@link ClientOptions.timeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The default of {@link ClientOptions.maxResponseBytes}. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Redirects followed (within the API's origin) before a call gives up. */
export const MAX_REDIRECTS = 5;

/**
 * Per-request options: the last argument of every client method.
 * @example
 * ```ts
 * await client.deleteWebhook(4759306, { headers: { 'X-Request-Id': 'cleanup-1' }, signal: AbortSignal.timeout(5000) });
 * ```
 */
export interface RequestOptions {
  /** headers for this request only (they replace the client's headers of the same name) */
  readonly headers?: ClientHeaders | undefined;
  /** aborts the request */
  readonly signal?: AbortSignalLike | undefined;
  /** this request's deadline, replacing the client's {@link ClientOptions.timeoutMs} */
  readonly timeoutMs?: number | undefined;
}

/**
 * What a response holds when a `fields`-style query parameter (`K`) asks for some properties
 * of model `M` only: those properties when the query lists them, all of them when it does not
 * ask, and any of them (`Partial`) when that is not known from the query's type.
 * @example
 * ```ts
 * type Slim = SelectFields<Webhook, { fields: ('id' | 'topic')[] }, 'fields'>; // Pick<Webhook, 'id' | 'topic'>
 * ```
 */
export type SelectFields<M, Q, K extends string> = Q extends { readonly [P in K]: readonly (infer F)[] }
  ? Pick<M, Extract<F, keyof M>>
  : K extends keyof Q
    ? Q[K] extends undefined
      ? M
      : Partial<M>
    : M;

/**
 * What an {@link ApiError} is built from.
 * @example
 * ```ts
 * const details: ApiErrorDetails<never> = { status: 500, statusText: undefined, operation: 'listWebhooks', method: 'GET', url: 'https://api.example.com/admin/webhooks.json', bodyText: '', data: undefined, body: undefined, fieldErrors: {}, messages: [] };
 * ```
 */
export interface ApiErrorDetails<Body> {
  readonly status: number;
  readonly statusText: string | undefined;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly bodyText: string;
  readonly data: JsonValue | undefined;
  readonly body: Body | undefined;
  readonly fieldErrors: Record<string, string[]>;
  readonly messages: readonly string[];
}

/**
 * A non-2xx answer of the API. Each provider's client throws its own subclass
 * (`<Prefix>ApiError`), typed with its documented error bodies.
 * @example
 * ```ts
 * try {
 *   await client.createWebhook(body);
 * } catch (error) {
 *   if (error instanceof ApiError && error.status === 422) console.log(error.fieldErrors);
 * }
 * ```
 */
export class ApiError<Body = unknown> extends Error {
  /** the HTTP status */
  declare readonly status: number;
  /** the status text, when the response has one */
  declare readonly statusText: string | undefined;
  /** the client method that failed, e.g. `createWebhook` */
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  /** the response body, as text, exactly as received */
  declare readonly bodyText: string;
  /** the response body parsed as JSON (integers above 2^53 as digit strings); undefined when it is not JSON */
  declare readonly data: JsonValue | undefined;
  /** the body, when it is the documented error body for this status; undefined otherwise */
  declare readonly body: Body | undefined;
  /** the documented per-field messages (`{ topic: ["can't be blank"] }`); empty when the body has none */
  declare readonly fieldErrors: Record<string, string[]>;
  /** every documented message, a field's prefixed with its name (`topic: can't be blank`) */
  declare readonly messages: readonly string[];

  constructor(message: string, details: ApiErrorDetails<Body>) {
    super(message);
    this.name = 'ApiError';
    this.status = details.status;
    this.statusText = details.statusText;
    this.operation = details.operation;
    this.method = details.method;
    this.url = details.url;
    this.bodyText = details.bodyText;
    this.data = details.data;
    this.body = details.body;
    this.fieldErrors = details.fieldErrors;
    this.messages = details.messages;
  }
}

/** Where a response came from, for {@link ResponseValidationError}. */
interface ResponseDetails {
  status: number;
  operation: string;
  method: string;
  url: string;
  bodyText: string;
}

/**
 * A 2xx answer whose body is not what the spec documents: not JSON, without its envelope, or
 * not of the documented type. A {@link ValidationError}: `issues` lists every problem.
 * @example
 * ```ts
 * try {
 *   await client.listWebhooks();
 * } catch (error) {
 *   if (error instanceof ResponseValidationError) for (const issue of error.issues) console.log(issue.message);
 * }
 * ```
 */
export class ResponseValidationError extends ValidationError {
  declare readonly status: number;
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  /** the response body, as text, exactly as received */
  declare readonly bodyText: string;

  constructor(what: string, issues: readonly ValidationIssue[], details: ResponseDetails) {
    super(what, issues);
    this.name = 'ResponseValidationError';
    this.status = details.status;
    this.operation = details.operation;
    this.method = details.method;
    this.url = details.url;
    this.bodyText = details.bodyText;
  }
}

/** Why a {@link RequestError} was thrown. */
export type RequestErrorKind = 'timeout' | 'too-large' | 'redirect';

/**
 * The exchange with the server did not produce an answer the client may use: no complete
 * response within the deadline (`timeout`), a body larger than `maxResponseBytes`
 * (`too-large`), or a redirect the client does not follow (`redirect`: to another origin, more
 * than {@link MAX_REDIRECTS}, or one a browser does not disclose).
 * @example
 * ```ts
 * try {
 *   await client.listWebhooks();
 * } catch (error) {
 *   if (error instanceof RequestError && error.kind === 'timeout') retryLater();
 * }
 * ```
 */
export class RequestError extends Error {
  declare readonly kind: RequestErrorKind;
  /** the client method, e.g. `listWebhooks` */
  declare readonly operation: string;
  declare readonly method: string;
  /** the URL asked when it happened (after same-origin redirects) */
  declare readonly url: string;
  /** the HTTP status, when a response had arrived */
  declare readonly status: number | undefined;

  constructor(kind: RequestErrorKind, message: string, details: { operation: string; method: string; url: string; status?: number | undefined }) {
    super(message);
    this.name = 'RequestError';
    this.kind = kind;
    this.operation = details.operation;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
  }
}

// ---- the description a provider's client.js hands in ----

/** A JSON type of api.yaml, or `topic` (one of the provider's topics, a string). */
type TypeNameDescription = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'topic';
type FormatName = 'date-time' | 'date' | 'time';
type ScalarValue = string | number | boolean;

/** A path or query parameter's type. */
export interface ParamDescription {
  readonly type: readonly TypeNameDescription[];
  /** one of the provider's topics */
  readonly topic?: true;
  /** a path parameter (an integer may be given as a digit string, a string must not be empty) */
  readonly path?: true;
  /** a 64-bit id (a cursor that takes an id field's value): a digit string is accepted too */
  readonly int64?: true;
  readonly format?: FormatName;
  readonly enum?: readonly ScalarValue[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: ScalarValue;
  readonly example?: ScalarValue;
  readonly items?: ParamDescription;
  /** the item of a `fields`-style parameter: one of these property names of the model named `model` */
  readonly select?: readonly string[];
  readonly model?: string;
}

/** A value's type in a response or an error body: a model (checked by its generated validator) or a JSON type. */
export type TypeDescription = ModelTypeDescription | ValueTypeDescription;

/** A model's type: its generated validator checks a value. */
export interface ModelTypeDescription {
  readonly model: (value: unknown, options?: ValidateOptions) => ValidationResult<unknown>;
  /** the model's type name, for issues */
  readonly name: string;
}

/** A JSON type with its documented limits (`topic`: one of the provider's topics). */
export interface ValueTypeDescription {
  readonly model?: undefined;
  readonly type: readonly TypeNameDescription[];
  readonly topic?: true;
  readonly format?: FormatName;
  readonly enum?: readonly ScalarValue[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: ScalarValue;
  readonly example?: ScalarValue;
  readonly items?: TypeDescription;
  readonly properties?: { readonly [name: string]: TypeDescription };
  readonly required?: readonly string[];
  /** the type of members not in `properties`; false: none allowed */
  readonly additional?: TypeDescription | false;
}

/** Pagination of a list operation: by cursor (the last item's `field`), else by page number. */
export type PaginationDescription = {
  readonly limit?: string;
  /** where the items are in the response value (keys; empty: the value is the list) */
  readonly items: readonly string[];
  /** where the next page's link is: null or absent ends the walk */
  readonly next?: readonly string[];
} & (
  | { readonly cursor: { readonly param: string; readonly field: string }; readonly page?: { readonly param: string; readonly first: number } }
  | { readonly cursor?: undefined; readonly page: { readonly param: string; readonly first: number } }
);

/** One operation of api.yaml. */
export type OperationDescription = {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly params: readonly (ParamDescription & { readonly name: string })[];
  readonly query?: { readonly [name: string]: ParamDescription };
  /** the `fields`-style query parameter, whose list the response is cut to */
  readonly select?: string;
  readonly body?: { readonly envelope?: string; readonly pathParams: readonly string[]; readonly int64: readonly (readonly string[])[] } | undefined;
  readonly response: { readonly type?: undefined } | { readonly envelope?: string; readonly type: TypeDescription; readonly int64: readonly (readonly string[])[] };
} & ({ readonly iterator: string; readonly pagination: PaginationDescription } | { readonly iterator?: undefined; readonly pagination?: undefined });

/** A documented error body: the status it comes with (`404`, or a class such as `4XX`), its type, where its messages are. */
export interface ErrorBodyDescription {
  readonly status: number | string;
  readonly type: TypeDescription;
  readonly fieldErrors?: readonly string[];
  readonly messages?: readonly string[];
}

/** A provider's API as its generated client.js describes it to {@link createClient}. */
export interface ClientDescription {
  readonly title: string;
  readonly factory: string;
  /**
   * the provider's ApiError subclass; its `body` type is the provider's documented error bodies,
   * which the runtime hands over only after checking them against `errors`
   */
  readonly Error: new (message: string, details: ApiErrorDetails<never>) => ApiError<unknown>;
  /** the provider's topics (a function: read when a call is made) */
  readonly topics: () => readonly string[];
  /** the subscription patterns its API takes besides topics (`store/cart/*`), where the spec lists some */
  readonly wildcards?: () => readonly string[];
  readonly errors: readonly ErrorBodyDescription[];
  readonly operations: readonly OperationDescription[];
}

/** The methods of a client, by operation name (each provider's client.d.ts types them). */
export type ClientMethods = { readonly [method: string]: (...args: unknown[]) => unknown };

interface Context {
  readonly api: ClientDescription;
  readonly base: string;
  readonly fetch: FetchLike;
  readonly headers: ClientOptions['headers'];
  readonly strict: boolean;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

// Web APIs this module uses beyond lib es2022, declared here so that compiling it needs neither
// DOM nor Node types.
declare const URL: new (url: string, base?: string) => { readonly protocol: string; readonly search: string; readonly hash: string; readonly href: string; readonly origin: string };
declare const TextDecoder: new () => { decode(input: Uint8Array): string };
declare const AbortController: (new () => { readonly signal: AbortSignalLike; abort(reason?: unknown): void }) | undefined;
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** `list.includes(v)` for a value of any type. */
const oneOf = (list: readonly unknown[], v: unknown): boolean => list.includes(v);

/**
 * Builds a client from a provider's description (used by the generated `create<Provider>Client`).
 * Methods take, in order: the path parameters, the body (when the operation has one), the query
 * (when it has query parameters), and request options.
 */
export function createClient<Methods extends object = ClientMethods>(options: ClientOptions, api: ClientDescription): Methods {
  if (!isObject(options)) throw new TypeError(`${api.factory}: options must be an object with a baseUrl`);
  const base = baseUrlOf(options.baseUrl, api.factory);
  const fetchImpl: unknown = options.fetch ?? (globalThis as { readonly fetch?: FetchLike }).fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError(`${api.factory}: no fetch function: pass options.fetch (globalThis.fetch is not available here)`);
  const headers = options.headers;
  if (headers !== undefined && typeof headers !== 'function' && !isObject(headers)) {
    throw new TypeError(`${api.factory}: options.headers must be an object of header values or a function that returns one`);
  }
  const timeoutMs = limitOption(options.timeoutMs, DEFAULT_TIMEOUT_MS, `${api.factory}: options.timeoutMs`);
  const maxResponseBytes = limitOption(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, `${api.factory}: options.maxResponseBytes`);
  const ctx: Context = { api, base, fetch: fetchImpl as FetchLike, headers, strict: options.strict === true, timeoutMs, maxResponseBytes };
  const client: Record<string, (...args: unknown[]) => unknown> = {};
  for (const op of api.operations) {
    client[op.name] = (...args) => call(ctx, op, args).then((r) => r.value);
    if (op.pagination) client[op.iterator] = (...args) => iterate(ctx, op, args);
  }
  // the methods are built from `api`, which is generated from the same api.yaml as the provider's
  // Methods type: the two agree by construction (test/client.test.ts calls every operation)
  return Object.freeze(client) as unknown as Methods;
}

/** A positive number option (`Infinity`: no limit), or its default when not given. */
function limitOption(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) throw new TypeError(`${what} must be a positive number (Infinity: no limit); got ${show(value)}`);
  return value;
}

function baseUrlOf(value: unknown, factory: string): string {
  if (typeof value !== 'string') throw new TypeError(`${factory}: options.baseUrl must be a string such as "https://api.example.com"; got ${show(value)}`);
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${factory}: options.baseUrl must be an absolute URL such as "https://api.example.com"; got ${show(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${factory}: options.baseUrl must be an http(s) URL; got ${show(value)}`);
  if (url.search || url.hash) throw new TypeError(`${factory}: options.baseUrl must not have a query or fragment; got ${show(value)}`);
  return url.href.replace(/\/+$/, '');
}

/** The arguments of a method call, by role. */
function splitArgs(op: OperationDescription, args: readonly unknown[]): { path: unknown[]; body: unknown; query: unknown; request: unknown } {
  let i = op.params.length;
  const path = args.slice(0, i);
  const body = op.body ? args[i++] : undefined;
  const query = op.query ? args[i++] : undefined;
  const request = args[i];
  return { path, body, query, request };
}

async function call(ctx: Context, op: OperationDescription, args: readonly unknown[]): Promise<{ value: unknown }> {
  const { path, body, query, request } = splitArgs(op, args);
  return exchange(ctx, op, path, body, query, request);
}

async function exchange(ctx: Context, op: OperationDescription, pathValues: readonly unknown[], body: unknown, query: unknown, requestGiven: unknown): Promise<{ value: unknown }> {
  const where = `${op.name}`;
  // everything the caller gave is checked before anything is sent
  let path = op.path;
  op.params.forEach((p, i) => {
    const v = pathValues[i];
    if (v === undefined) throw new TypeError(`${where}: ${p.name} is required`);
    checkParam(ctx, where, p.name, p, v);
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(v)));
  });
  const search = buildQuery(ctx, op, where, query);
  if (requestGiven !== undefined && !isObject(requestGiven)) throw new TypeError(`${where}: request options must be an object`);
  // an object from the caller: its members are checked where they are used
  const request = requestGiven as RequestOptions | undefined;
  let bodyText: string | undefined;
  if (op.body) {
    if (!isObject(body)) throw new TypeError(`${where}: the body must be an object; got ${typeName(body)}`);
    let fields: Record<string, unknown> = { ...body };
    for (const p of op.body.pathParams) fields = { [p]: pathValues[op.params.findIndex((x) => x.name === p)], ...fields };
    const payload = op.body.envelope === undefined ? fields : { [op.body.envelope]: fields };
    bodyText = stringifyLossless(payload, op.body.int64);
  }
  const url = `${ctx.base}${path}${search}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bodyText !== undefined) headers['content-type'] = 'application/json';
  const given: unknown = typeof ctx.headers === 'function' ? await ctx.headers() : ctx.headers;
  if (given !== undefined && !isObject(given)) throw new TypeError(`${where}: the headers function must return an object of header values; got ${typeName(given)}`);
  setHeaders(headers, given);
  if (request?.headers !== undefined) {
    if (!isObject(request.headers)) throw new TypeError(`${where}: request headers must be an object of header values`);
    setHeaders(headers, request.headers);
  }
  const timeoutMs = request?.timeoutMs === undefined ? ctx.timeoutMs : limitOption(request.timeoutMs, ctx.timeoutMs, `${where}: request timeoutMs`);
  const { res, text, url: answered } = await send(ctx, op, url, { method: op.method, headers, ...(bodyText === undefined ? {} : { body: bodyText }) }, request?.signal, timeoutMs);
  const status = res.status;
  const details: ResponseDetails = { status, operation: op.name, method: op.method, url: answered, bodyText: text };
  if (status < 200 || status > 299) throw apiError(ctx, op, path, res, text, details);
  // a `fields`-style parameter: the response holds only the properties asked for
  const selected = op.select !== undefined && isObject(query) ? query[op.select] : undefined;
  const select = Array.isArray(selected) ? selected : undefined;
  return { value: decode(ctx, op, path, text, details, select) };
}

/**
 * One exchange: fetch, the redirects within the API's origin, and the body (at most
 * `maxResponseBytes`), all within `timeoutMs`. The signal that goes to fetch (though
 * FetchInit does not declare it: a fetch typed with the DOM's AbortSignal would not accept
 * AbortSignalLike there) aborts at the deadline and when the caller's signal does.
 */
async function send(ctx: Context, op: OperationDescription, url: string, first: { method: string; headers: Record<string, string>; body?: string }, signal: AbortSignalLike | undefined, timeoutMs: number): Promise<{ res: FetchResponseLike; text: string; url: string }> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const abort = () => controller?.abort();
  if (signal?.aborted) abort();
  if (controller && signal?.addEventListener) signal.addEventListener('abort', abort);
  const fetchSignal = controller ? controller.signal : signal;
  let current = url;
  const fail = (kind: RequestErrorKind, why: string, status?: number) => new RequestError(kind, `${op.name} (${op.method} ${current}): ${why}`, { operation: op.name, method: op.method, url: current, status });
  const origin = new URL(ctx.base).origin;
  const work = (async () => {
    let init = first;
    for (let hop = 0; ; hop++) {
      const res = await ctx.fetch(current, { ...init, redirect: 'manual', ...(fetchSignal ? { signal: fetchSignal } : {}) } as FetchInit);
      if (res.type === 'opaqueredirect' || (res.status === 0 && res.type !== undefined)) throw fail('redirect', 'the server answered with a redirect that this environment does not disclose (a browser under redirect: manual), so it is not followed');
      const location = res.status >= 300 && res.status < 400 ? res.headers?.get('location') : undefined;
      if (location === undefined || location === null) return { res, text: await readBody(res, ctx.maxResponseBytes, fail), url: current };
      void cancelBody(res);
      let next: string;
      try {
        next = new URL(location, current).href;
      } catch {
        throw fail('redirect', `the server redirected to ${show(location)}, which is not a URL`, res.status);
      }
      if (new URL(next).origin !== origin) throw fail('redirect', `the server redirected (${res.status}) to another origin, ${new URL(next).origin}: not followed, so the request's headers (its credentials) are not sent there`, res.status);
      if (hop >= MAX_REDIRECTS) throw fail('redirect', `more than ${MAX_REDIRECTS} redirects`, res.status);
      // as fetch does: 303 (and 301/302 after a POST) turn the request into a GET without a body
      if ((res.status === 303 && init.method !== 'GET' && init.method !== 'HEAD') || ((res.status === 301 || res.status === 302) && init.method === 'POST')) {
        const headers = { ...init.headers };
        for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
        init = { method: 'GET', headers };
      }
      current = next;
    }
  })();
  let timer: unknown;
  const deadline = new Promise<never>((_, reject) => {
    if (!Number.isFinite(timeoutMs)) return;
    // timers hold 32 bits (a longer delay would fire at once): past about 24.8 days, that is the deadline
    timer = setTimeout(() => {
      abort();
      reject(fail('timeout', `no complete answer within ${timeoutMs} ms`));
    }, Math.min(timeoutMs, 2_147_483_647));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (controller && signal?.removeEventListener) signal.removeEventListener('abort', abort);
    // after a deadline, the abandoned exchange still settles: its rejection is expected
    work.catch(() => undefined);
  }
}

/** Stops reading a body that is not wanted (a redirect's). */
async function cancelBody(res: FetchResponseLike): Promise<void> {
  try {
    await res.body?.getReader().cancel();
  } catch {
    // nothing to stop
  }
}

/** A response body as text (UTF-8, as `text()` decodes it), read no further than `limit` bytes. */
async function readBody(res: FetchResponseLike, limit: number, fail: (kind: RequestErrorKind, why: string, status?: number) => RequestError): Promise<string> {
  const tooLarge = (size: string) => fail('too-large', `the response body is larger than the limit of ${limit} bytes (maxResponseBytes): ${size}`, res.status);
  const declared = Number(res.headers?.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    void cancelBody(res);
    throw tooLarge(`Content-Length ${declared}`);
  }
  const body = res.body;
  if (body && typeof body.getReader === 'function') {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(`more than ${limit} bytes arrived`);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return new TextDecoder().decode(bytes);
  }
  // a fetch without body streams: the body is read whole, then measured
  const text = await res.text();
  if (utf8Length(text) > limit) throw tooLarge(`${utf8Length(text)} bytes`);
  return text;
}

/** The UTF-8 length of a string, without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Sets header values, replacing a value already set under the same name in another case. */
function setHeaders(target: Record<string, string>, source: Readonly<Record<string, unknown>> | undefined): void {
  if (source === undefined) return;
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new TypeError(`header ${name} must be a string; got ${typeName(value)}`);
    for (const k of Object.keys(target)) if (k.toLowerCase() === name.toLowerCase()) delete target[k];
    target[name] = value;
  }
}

function buildQuery(ctx: Context, op: OperationDescription, where: string, query: unknown): string {
  if (query === undefined || query === null) return '';
  if (!isObject(query)) throw new TypeError(`${where}: the query must be an object; got ${typeName(query)}`);
  const known = op.query ?? {};
  for (const key of Object.keys(query)) {
    if (!hasOwn(known, key)) {
      const names = Object.keys(known);
      throw new TypeError(`${where}: unknown query parameter "${key}" (documented: ${names.length ? names.join(', ') : 'none'})`);
    }
  }
  const parts: string[] = [];
  for (const [name, spec] of Object.entries(known)) {
    const v = query[name];
    if (v === undefined) continue;
    checkParam(ctx, where, name, spec, v);
    const text = Array.isArray(v) ? v.map(String).join(',') : String(v);
    parts.push(`${name}=${encodeQueryValue(text)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Percent-encodes a query value, leaving `/ : , @` readable as the docs print them. */
function encodeQueryValue(text: string): string {
  return encodeURIComponent(text).replace(/%(2F|3A|2C|40)/gi, (m) => decodeURIComponent(m));
}

const FORMAT_CHECK: Readonly<Record<FormatName, (value: string) => boolean>> = { 'date-time': isDateTime, date: isDate, time: isTime };
const FORMAT_NAME: Readonly<Record<FormatName, string>> = { 'date-time': 'an RFC 3339 date-time', date: 'an RFC 3339 date', time: 'an RFC 3339 time' };

/** Checks one path or query value against its documented type, range and format; throws on the first problem. */
function checkParam(ctx: Context, where: string, name: string, spec: ParamDescription, v: unknown): void {
  const got = show(v);
  if (spec.type.includes('array')) {
    if (!Array.isArray(v)) throw new TypeError(`${where}: ${name} must be a list; got ${typeName(v)}`);
    const items = spec.items;
    if (items) v.forEach((item, i) => checkParam(ctx, where, `${name}[${i}]`, items, item));
    return;
  }
  if (spec.topic) {
    const topics = ctx.api.topics();
    const wildcards = ctx.api.wildcards ? ctx.api.wildcards() : [];
    if (!oneOf(topics, v) && !oneOf(wildcards, v)) {
      throw new TypeError(`${where}: ${name} must be one of the ${topics.length} ${ctx.api.title} topics${wildcards.length ? ` or ${wildcards.length} subscription wildcard${wildcards.length === 1 ? '' : 's'}` : ''}; got ${got}`);
    }
    return;
  }
  if (spec.select) {
    if (!oneOf(spec.select, v)) throw new TypeError(`${where}: ${name} must be a property of ${spec.model}; got ${got} (properties: ${spec.select.join(', ')})`);
    return;
  }
  const type = spec.type;
  const ok = type.some((t) => (t === 'integer' ? Number.isInteger(v) : t === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === t));
  // integers of a path (ids), and cursors that take an id, may be given as digit strings: 64-bit ids are
  const digits = type.includes('integer') && (spec.path || spec.int64) && typeof v === 'string' && /^[0-9]+$/.test(v);
  if (!ok && !digits) throw new TypeError(`${where}: ${name} must be ${type.includes('integer') ? 'an integer' : `a ${type.join(' or ')}`}; got ${got}`);
  if (typeof v === 'string' && v === '' && spec.path) throw new TypeError(`${where}: ${name} must not be empty`);
  if (spec.enum && !oneOf(spec.enum, v)) throw new TypeError(`${where}: ${name} must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}; got ${got}`);
  if (typeof v === 'number') {
    if (spec.minimum !== undefined && v < spec.minimum) throw new RangeError(`${where}: ${name} must be at least ${spec.minimum} (the documented minimum); got ${v}`);
    if (spec.maximum !== undefined && v > spec.maximum) throw new RangeError(`${where}: ${name} must be at most ${spec.maximum} (the documented maximum); got ${v}`);
  }
  if (typeof v === 'string' && spec.format && FORMAT_CHECK[spec.format] && !FORMAT_CHECK[spec.format](v)) {
    throw new TypeError(`${where}: ${name} must be ${FORMAT_NAME[spec.format]}${spec.example !== undefined ? ` such as ${spec.example}` : ''}; got ${got}`);
  }
}

/** Parses and validates a 2xx body; returns the value at the envelope. */
function decode(ctx: Context, op: OperationDescription, path: string, text: string, details: ResponseDetails, select: readonly unknown[] | undefined): unknown {
  const res = op.response;
  if (res.type === undefined) return undefined;
  const what = `the response of ${op.name} (${op.method} ${path}, status ${details.status})`;
  let body: JsonValue;
  try {
    body = parseLossless(text);
  } catch {
    throw new ResponseValidationError(what, issueList('', 'a JSON body', text.trim() === '' ? 'an empty body' : 'text that is not JSON'), details);
  }
  for (const p of res.int64) int64ToString(body, p, 0);
  const issues: ValidationIssue[] = [];
  let value: unknown = body;
  let at = '';
  if (res.envelope !== undefined) {
    at = `/${pointerKey(res.envelope)}`;
    if (!isObject(body) || !hasOwn(body, res.envelope)) {
      pushIssue(issues, at, describe(res.type), isObject(body) ? 'missing' : typeName(body));
      throw new ResponseValidationError(what, issues, details);
    }
    value = body[res.envelope];
  }
  checkValue(ctx, res.type, value, at, issues, select);
  if (issues.length) throw new ResponseValidationError(what, issues, details);
  return value;
}

/** One problem, as a list of issues. */
function issueList(path: string, expected: string, received: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  pushIssue(out, path, expected, received);
  return out;
}

/** What a type allows, for issues. */
function describe(t: TypeDescription): string {
  if (t.model) return t.name;
  if (t.topic) return 'a known topic';
  if (t.enum) return t.enum.map((e) => JSON.stringify(e)).join(' | ');
  return t.type.map((x) => (x === 'array' && t.items ? `${describe(t.items)}[]` : x === 'string' && t.format ? `${t.format} string` : x)).join(' | ');
}

/**
 * Collects every issue of `v` against type `t` at pointer `p`. Models are checked by their
 * generated validators; `select` (the properties a `fields`-style parameter asked for) lets a
 * model's other properties be missing.
 */
function checkValue(ctx: Context, t: TypeDescription, v: unknown, p: string, out: ValidationIssue[], select: readonly unknown[] | undefined): void {
  if (t.model) {
    // the validator keeps at most maxIssues; with `select`, missing properties that were not
    // asked for are dropped afterwards, so a run whose kept issues fall short of the limit is
    // repeated with a larger one (at most one missing issue per top-level property: it ends)
    for (let max = DEFAULT_MAX_ISSUES; ; max *= 4) {
      const r = t.model(v, { strict: ctx.strict, maxIssues: max });
      if (r.ok) return;
      const kept = r.issues.filter((i) => !(select && i.received === 'missing' && /^\/[^/]+$/.test(i.path) && !select.includes(i.path.slice(1).replace(/~1/g, '/').replace(/~0/g, '~'))));
      if (r.truncated === true && select && kept.length < DEFAULT_MAX_ISSUES) continue;
      for (const i of kept) pushIssue(out, p + i.path, i.expected, i.received);
      return;
    }
  }
  if (v === null && t.type.includes('null')) return;
  if (t.topic) {
    if (!oneOf(ctx.api.topics(), v) && !(ctx.api.wildcards && oneOf(ctx.api.wildcards(), v))) pushIssue(out, p, describe(t), show(v));
    return;
  }
  const fits = t.type.some((x) =>
    x === 'integer' ? Number.isInteger(v)
    : x === 'number' ? typeof v === 'number' && Number.isFinite(v)
    : x === 'array' ? Array.isArray(v)
    : x === 'object' ? isObject(v)
    : x === 'null' ? v === null
    : typeof v === x,
  );
  if (!fits) return pushIssue(out, p, describe(t), typeName(v));
  if (t.enum && !oneOf(t.enum, v)) return pushIssue(out, p, describe(t), show(v));
  if (typeof v === 'number' && ((t.minimum !== undefined && v < t.minimum) || (t.maximum !== undefined && v > t.maximum))) {
    return pushIssue(out, p, `${describe(t)} in [${t.minimum ?? '-∞'}, ${t.maximum ?? '∞'}]`, show(v));
  }
  if (typeof v === 'string' && t.format && FORMAT_CHECK[t.format] && !FORMAT_CHECK[t.format](v)) return pushIssue(out, p, describe(t), show(v));
  const items = t.items;
  if (Array.isArray(v) && items) v.forEach((e, i) => checkValue(ctx, items, e, `${p}/${i}`, out, select));
  if (isObject(v)) {
    const props = t.properties ?? {};
    for (const k of t.required ?? []) if (v[k] === undefined) pushIssue(out, `${p}/${pointerKey(k)}`, props[k] ? describe(props[k]) : 'present', 'missing');
    for (const k of Object.keys(v)) {
      const x = v[k];
      const known = hasOwn(props, k) ? props[k] : undefined;
      if (known !== undefined) {
        if (x !== undefined) checkValue(ctx, known, x, `${p}/${pointerKey(k)}`, out, undefined);
      } else if (t.additional) checkValue(ctx, t.additional, x, `${p}/${pointerKey(k)}`, out, undefined);
      else if (t.additional === false || (ctx.strict && t.properties)) pushIssue(out, `${p}/${pointerKey(k)}`, 'absent (not in the spec; strict mode)', typeName(x));
    }
  }
}

/** The error for a non-2xx answer: the documented error body when it matches, its field messages, the raw text. */
function apiError(ctx: Context, op: OperationDescription, path: string, res: FetchResponseLike, text: string, details: ResponseDetails): ApiError<unknown> {
  const { api } = ctx;
  let data: JsonValue | undefined;
  try {
    data = text.trim() === '' ? undefined : parseLossless(text);
  } catch {
    data = undefined;
  }
  const spec = api.errors.find((e) => e.status === details.status) ?? api.errors.find((e) => e.status === `${Math.floor(details.status / 100)}XX`);
  let body: JsonValue | undefined;
  const fieldErrors: Record<string, string[]> = {};
  const messages: string[] = [];
  if (spec && data !== undefined) {
    const issues: ValidationIssue[] = [];
    checkValue(ctx, spec.type, data, '', issues, undefined);
    if (issues.length === 0) {
      body = data;
      // the body matched its documented type, so these members have the documented shapes
      if (spec.fieldErrors) {
        const map = valueAt(data, spec.fieldErrors) as Readonly<Record<string, readonly string[]>>;
        for (const [field, list] of Object.entries(map)) {
          fieldErrors[field] = [...list];
          for (const m of list) messages.push(`${field}: ${m}`);
        }
      }
      if (spec.messages) messages.push(...(valueAt(data, spec.messages) as readonly string[]));
    }
  }
  const statusText = typeof res.statusText === 'string' && res.statusText !== '' ? res.statusText : undefined;
  const said = messages.length ? messages.join('; ') : text.trim() === '' ? 'no body' : text.length > 300 ? `${text.slice(0, 297)}...` : text;
  const message = `${op.name} (${op.method} ${path}) failed with ${details.status}${statusText ? ` ${statusText}` : ''}: ${said}`;
  // `body` is set only when the data matched its documented error type (the subclass's Body)
  return new api.Error(message, { ...details, statusText, data, body: body as never, fieldErrors, messages });
}

/** Walks every page of a paginated list operation, yielding its items one by one. */
async function* iterate(ctx: Context, op: OperationDescription & { readonly iterator: string; readonly pagination: PaginationDescription }, args: readonly unknown[]): AsyncGenerator<unknown, void, undefined> {
  const { path, query, request } = splitArgs({ ...op, body: undefined }, args);
  const pg = op.pagination;
  const q = query === undefined || query === null ? {} : isObject(query) ? { ...query } : query;
  if (!isObject(q)) throw new TypeError(`${op.iterator}: the query must be an object; got ${typeName(q)}`);
  if (pg.cursor === undefined && q[pg.page.param] === undefined) q[pg.page.param] = pg.page.first;
  let previous: unknown;
  for (;;) {
    const { value } = await exchange(ctx, op, path, undefined, q, request);
    // the response matched its documented type: the items are a list
    const items = (pg.items.length ? valueAt(value, pg.items) : value) as readonly unknown[];
    for (const item of items) yield item;
    if (items.length === 0) return;
    if (pg.next && (valueAt(value, pg.next) ?? null) === null) return;
    const limit = pg.limit === undefined ? undefined : (q[pg.limit] ?? op.query?.[pg.limit]?.default);
    if (typeof limit === 'number' && items.length < limit) return;
    if (pg.cursor === undefined) {
      q[pg.page.param] = (q[pg.page.param] as number) + 1;
      continue;
    }
    const last = items[items.length - 1];
    const cursor = isObject(last) ? last[pg.cursor.field] : undefined;
    if (cursor === undefined || cursor === null) throw new TypeError(`${op.iterator}: the last item of a page has no ${pg.cursor.field}, the cursor of the next page (when selecting properties, include ${pg.cursor.field})`);
    if (cursor === previous) throw new Error(`${op.iterator}: the ${pg.cursor.param} cursor did not advance (${show(cursor)}); stopping instead of asking for the same page again`);
    previous = cursor;
    q[pg.cursor.param] = cursor;
  }
}
