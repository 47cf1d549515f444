// Routing webhook deliveries to handlers, shared by every provider's webhooks.js: a router
// (`on(topic | topics, handler)`, `onAny`, `onUnvalidated`, `onUnknownTopic`, `onError`, a
// handler map) over the
// provider's receiver, a Web fetch handler and a Node middleware (http, Express, Connect)
// around it, quick acknowledgement, a handler timeout, and at-least-once delivery handled: a
// key per delivery and a claim on it in a small store (in memory by default, or shared).
//
// The router never parses a body itself: it reads the raw bytes (with the size limit) and hands
// them to the receiver's `receive`, the same pipeline `create…Receiver` gives (size, headers,
// signature, topic, body parse, validation). A provider's webhooks.js only names its delivery
// (the delivery-id header, the header fields, whether the topic is the route) as data.

import { DEFAULT_MAX_BODY_BYTES, contentLength, getHeader, payloadTooLarge, readNodeBody, readRequestBody, toBytes } from './receive.js';
import type { NodeHeadersLike, NodeRequestLike, ReceiveBody, ReceiveFailure, ReceiveHeaders, Receiver, WebRequestLike } from './receive.js';

// Web APIs this module uses beyond lib es2022 (Node 20+, Deno, Bun, Workers have them),
// declared here so that compiling it needs neither DOM nor Node types.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const console: { error(...data: unknown[]): void };
declare const AbortController: new () => { readonly signal: WebhookSignalLike; abort(reason?: unknown): void };

/**
 * The part of an `AbortSignal` a handler may use: `aborted`, `reason`, and its `abort` event.
 * @example
 * ```ts
 * const stop = (signal: WebhookSignalLike) => signal.aborted;
 * ```
 */
export interface WebhookSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The `AbortSignal` type of your environment (DOM lib, `@types/node`, Workers types), or
 * {@link WebhookSignalLike} where none is declared: pass it on to `fetch(url, { signal })`.
 * @example
 * ```ts
 * webhooks.on('widgets/create', ({ payload, signal }) => fetch(crmUrl, { method: 'POST', body: JSON.stringify(payload), signal }));
 * ```
 */
export type WebhookAbortSignal = typeof globalThis extends { readonly AbortSignal: { readonly prototype: infer S } } ? S : WebhookSignalLike;

/**
 * The part of a Web `Response` a fetch handler returns, where no `Response` type is declared.
 * @example
 * ```ts
 * const status = (response: WebResponseLike) => response.status;
 * ```
 */
export interface WebResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The `Response` type of your environment (DOM lib, `@types/node`, Workers types), or
 * {@link WebResponseLike} where none is declared.
 * @example
 * ```ts
 * const answer: WebhookResponse = await handler(request);
 * ```
 */
export type WebhookResponse = typeof globalThis extends { readonly Response: { readonly prototype: infer R } } ? R : WebResponseLike;

/**
 * What the store says of a delivery key it was asked to claim: `'claimed'` (new: this instance
 * runs the handlers), `'pending'` (another attempt holds it and has not finished), `'done'`
 * (its handlers already succeeded).
 * @example
 * ```ts
 * const claim: DeliveryClaim = (await redis.set(key, 'pending', { condition: 'NX', GET: true })) === null ? 'claimed' : 'pending';
 * ```
 */
export type DeliveryClaim = 'claimed' | 'pending' | 'done';

/**
 * Where delivery keys are claimed, so that a delivery that arrives again runs its handlers once.
 * The default keeps them in memory (one process; see {@link createMemoryDeliveryStore}); give
 * a shared one (Redis, a database table) when several instances receive the same webhooks.
 *
 * - `claim(key, leaseMs)`: atomically, when `key` is unknown (or expired), store it as pending
 *   for `leaseMs` and return `'claimed'`; else return what it holds (`'pending'` or `'done'`).
 * - `complete(key, ttlMs)`: the handlers succeeded: hold `key` as done for `ttlMs`.
 * - `release(key)`: the handlers failed: forget `key`, so that the provider's retry runs them again.
 * @example
 * ```ts
 * // node-redis (`npm install redis`), Redis 7 or later
 * const store: DeliveryStore = {
 *   async claim(key, leaseMs) {
 *     const held = await redis.set(`webhook:${key}`, 'pending', { condition: 'NX', expiration: { type: 'PX', value: leaseMs }, GET: true });
 *     return held === null ? 'claimed' : held === 'done' ? 'done' : 'pending';
 *   },
 *   async complete(key, ttlMs) { await redis.set(`webhook:${key}`, 'done', { expiration: { type: 'PX', value: ttlMs } }); },
 *   async release(key) { await redis.del(`webhook:${key}`); },
 * };
 * ```
 */
export interface DeliveryStore {
  claim(key: string, leaseMs: number): Promise<DeliveryClaim>;
  complete(key: string, ttlMs: number): Promise<void>;
  release(key: string): Promise<void>;
}

/**
 * Options of {@link createMemoryDeliveryStore}.
 * @example
 * ```ts
 * const options: MemoryDeliveryStoreOptions = { maxEntries: 50_000 };
 * ```
 */
export interface MemoryDeliveryStoreOptions {
  /** the most keys held (default 10,000): past it, the least recently claimed or completed key is forgotten first */
  readonly maxEntries?: number;
  /** the clock, in milliseconds since 1970 (default `Date.now`) */
  readonly now?: () => number;
}

/** Default bound of the in-memory store. */
export const DEFAULT_MAX_STORE_ENTRIES = 10_000;

/**
 * A {@link DeliveryStore} in this process's memory: bounded (`maxEntries`), each key expiring
 * after its lease or its time to live. It deduplicates the deliveries one instance receives;
 * behind a load balancer, give the router a shared store instead.
 * @example
 * ```ts
 * const webhooks = createAcmeWebhooks({ secrets, dedupe: { store: createMemoryDeliveryStore({ maxEntries: 50_000 }) } });
 * ```
 */
export function createMemoryDeliveryStore(options?: MemoryDeliveryStoreOptions): DeliveryStore {
  const opts: MemoryDeliveryStoreOptions = options === undefined || options === null ? {} : options;
  const maxEntries = opts.maxEntries === undefined ? DEFAULT_MAX_STORE_ENTRIES : opts.maxEntries;
  if (typeof maxEntries !== 'number' || !Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError(`createMemoryDeliveryStore: \`maxEntries\` must be a positive integer; got ${String(maxEntries)}`);
  if (opts.now !== undefined && typeof opts.now !== 'function') throw new TypeError('createMemoryDeliveryStore: `now` must be a function that returns the time in milliseconds (like Date.now)');
  const clock = opts.now === undefined ? Date.now : opts.now;
  // insertion order is the order of the last claim or completion: the oldest entries come first
  const entries = new Map<string, { readonly state: 'pending' | 'done'; readonly expires: number }>();
  const put = (key: string, state: 'pending' | 'done', ms: number, now: number): void => {
    entries.delete(key);
    // forget expired entries from the oldest end, then the oldest ones while over the bound:
    // each entry is deleted once, so the work is constant per call on average
    for (const [k, e] of entries) {
      if (e.expires > now && entries.size < maxEntries) break;
      entries.delete(k);
    }
    entries.set(key, { state, expires: now + ms });
  };
  return Object.freeze({
    async claim(key: string, leaseMs: number): Promise<DeliveryClaim> {
      const now = clock();
      const held = entries.get(key);
      if (held !== undefined && held.expires > now) return held.state;
      put(key, 'pending', leaseMs, now);
      return 'claimed';
    },
    async complete(key: string, ttlMs: number): Promise<void> {
      put(key, 'done', ttlMs, clock());
    },
    async release(key: string): Promise<void> {
      entries.delete(key);
    },
  });
}

/**
 * How a router deduplicates deliveries; `dedupe: false` turns it off.
 * @example
 * ```ts
 * const dedupe: DedupeOptions = { store: redisStore, ttlMs: 72 * 3600_000 };
 * ```
 */
export interface DedupeOptions {
  /** where delivery keys are claimed (default: a new {@link createMemoryDeliveryStore} per router) */
  readonly store?: DeliveryStore;
  /** how long a delivery whose handlers succeeded is remembered as done (default 48 hours): cover the provider's retry window */
  readonly ttlMs?: number;
  /** how long a claim holds while its handlers run (default 10 minutes, or twice `handlerTimeoutMs`): after it, an attempt that crashed no longer blocks a retry */
  readonly leaseMs?: number;
}

/**
 * Options every router takes besides its receiver's.
 * @example
 * ```ts
 * const options: WebhooksOptions = { quickAck: true, handlerTimeoutMs: 30_000, dedupe: { ttlMs: 24 * 3600_000 } };
 * ```
 */
export interface WebhooksOptions {
  /**
   * Answer before the handlers finish: `true` answers 202 as soon as the delivery is verified and
   * claimed; a number of milliseconds answers when the handlers finish or, if that takes longer,
   * 202 at that time. The handlers keep running after a 202 (with `waitUntil` on runtimes that
   * stop at the answer); their failure then goes to `onError` and releases the claim, but can no
   * longer make the provider retry. Default: answer when the handlers have finished.
   */
  readonly quickAck?: boolean | number;
  /** Milliseconds the handlers of one delivery may run: past it, the event's `signal` aborts and the delivery counts as failed (a `WebhookTimeoutError` for `onError`; 500 unless answered). Default: no limit. */
  readonly handlerTimeoutMs?: number;
  /** Deduplication of deliveries that arrive more than once (default: on, in memory); `false` runs the handlers for every delivery. */
  readonly dedupe?: DedupeOptions | false;
  /** The largest body accepted, in bytes (default 10 MiB): a larger one is `payload_too_large` (413), not read to the end. */
  readonly maxBodyBytes?: number;
}

/**
 * What every handler gets besides the receive result's fields.
 * @example
 * ```ts
 * webhooks.onAny(({ topic, deliveryKey }) => log.info({ topic, deliveryKey }));
 * ```
 */
export interface WebhookEventContext {
  /** identifies the delivery across retries: the provider's delivery id where it sends one, else a digest (see the provider's `create…Webhooks`) */
  readonly deliveryKey: string;
  /** aborted when `handlerTimeoutMs` has passed: stop work you can stop */
  readonly signal: WebhookAbortSignal;
}

/**
 * What became of a delivery, and the status it is answered with:
 *
 * | outcome | status | when |
 * |---|---|---|
 * | `rejected` | 400, 401, 413, 422 | the receiver rejected it (`result.reason`); no handler ran |
 * | `handled` | 200 | every handler resolved (or none matched) |
 * | `acknowledged` | 202 | `quickAck`: answered before the handlers finished |
 * | `duplicate` | 200 | its key is done: the handlers already succeeded for it |
 * | `in_progress` | 409 | its key is claimed by an attempt still running: the provider retries later |
 * | `failed` | 500 | a handler threw, rejected or timed out, or the store failed: the claim is released, so the retry runs every handler again |
 * @example
 * ```ts
 * if (answer.outcome === 'failed') metrics.increment('webhook.failed');
 * ```
 */
export type WebhookOutcome = 'rejected' | 'handled' | 'acknowledged' | 'duplicate' | 'in_progress' | 'failed';

/**
 * A router's answer to one delivery: send `status` with `body` (text/plain).
 * @example
 * ```ts
 * const answer = await webhooks.handle({ headers: ctx.req.headers, body: rawBody });
 * ctx.status = answer.status; ctx.body = answer.body;
 * ```
 */
export interface WebhookAnswer<Result = unknown> {
  readonly status: number;
  readonly body: string;
  readonly outcome: WebhookOutcome;
  /** what the receiver made of the delivery */
  readonly result: Result;
  /** the delivery key, once the delivery was verified */
  readonly deliveryKey: string | undefined;
  /** settles when the handlers (and the store's bookkeeping) are done; never rejects */
  readonly settled: Promise<void>;
}

/**
 * Thrown into `onError` when the handlers of a delivery run past `handlerTimeoutMs`; also the
 * event's `signal.reason`.
 * @example
 * ```ts
 * webhooks.onError((error) => { if (error instanceof WebhookTimeoutError) metrics.increment('webhook.timeout'); });
 * ```
 */
export class WebhookTimeoutError extends Error {
  override readonly name = 'WebhookTimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.timeoutMs = timeoutMs;
  }
}

/** What a Workers-style runtime passes to keep work alive after the answer. */
export interface WaitUntilContext {
  waitUntil?(promise: Promise<unknown>): void;
}

/**
 * Options of a router's `fetchHandler`.
 * @example
 * ```ts
 * export const POST = webhooks.fetchHandler({ waitUntil: after }); // Next.js route handler
 * ```
 */
export interface FetchHandlerOptions {
  /** answer only requests to this path (404 for others); leave it out when your framework routes */
  readonly path?: string;
  /** keeps the handlers alive after a quick acknowledgement (Vercel's `waitUntil`, Next.js `after`); a Workers `ctx` passed as the third argument is used too */
  readonly waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * A Web fetch handler: `(request) => Promise<Response>` (Hono's `c.req.raw`, Workers, Deno, Bun,
 * Next.js route handlers). Its second and third parameters take a Workers `env` and `ctx`.
 * @example
 * ```ts
 * export default { fetch: webhooks.fetchHandler() }; // Cloudflare Workers, Bun, Deno
 * ```
 */
export type WebhookFetchHandler = (request: WebRequestLike & { readonly method?: string }, env?: unknown, context?: WaitUntilContext) => Promise<WebhookResponse>;

/**
 * Options of a router's `nodeMiddleware`.
 * @example
 * ```ts
 * http.createServer(webhooks.nodeMiddleware({ path: '/hooks' })).listen(3000);
 * ```
 */
export interface NodeMiddlewareOptions {
  /** answer only requests to this path (others go to `next`, or get 404); leave it out when your framework routes */
  readonly path?: string;
}

/**
 * The part of Node's `http.ServerResponse` the middleware uses (an Express response is one).
 * @example
 * ```ts
 * const done = (res: NodeResponseLike) => res.writableEnded;
 * ```
 */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent?: boolean;
  readonly writableEnded?: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A Node request as the middleware reads it: a request stream, its method and URL.
 * @example
 * ```ts
 * const post = (req: NodeWebhookRequest) => req.method === 'POST';
 * ```
 */
export interface NodeWebhookRequest extends NodeRequestLike {
  readonly method?: string | undefined;
}

/**
 * A Node middleware: `(req, res, next?)`. Works as an `http.createServer` listener and as an
 * Express or Connect middleware (errors go to `next`).
 * @example
 * ```ts
 * app.post('/hooks', webhooks.nodeMiddleware()); // Express 5: no express.json() before it
 * ```
 */
export type WebhookNodeMiddleware = (request: NodeWebhookRequest, response: NodeResponseLike, next?: (error?: unknown) => void) => Promise<void>;

/** A provider's router, as its webhooks.js describes it to {@link createWebhooks}. */
export interface WebhooksDefinition {
  /** the provider id: the first part of every delivery key */
  readonly provider: string;
  readonly title: string;
  /** the factory's name, for messages */
  readonly factory: string;
  readonly method: string;
  readonly topics: readonly string[];
  /** the topic is the route the hook was registered for */
  readonly route: boolean;
  /** the header whose value identifies a delivery across retries, where the provider documents one */
  readonly deliveryId?: string;
  /** the receive result's header fields (part of a digest key) */
  readonly fields: readonly string[];
  /** the signature header, for the message of a body a JSON parser already consumed */
  readonly signature?: string;
}

/** A handler as the runtime holds it. */
type AnyHandler = (event: never) => unknown;

/** A delivery as the runtime reads a receive result. */
interface ResultLike {
  readonly ok: boolean;
  readonly valid?: boolean;
  /** false for a delivery of a topic the spec does not list */
  readonly known?: boolean;
  readonly topic?: string;
  readonly status?: number;
  readonly message?: string;
  readonly [field: string]: unknown;
}

/** A router as the runtime builds it; each provider's webhooks.d.ts types it precisely. */
export interface Webhooks {
  on(topic: string | readonly string[] | { readonly [topic: string]: AnyHandler | readonly AnyHandler[] | undefined }, handler?: AnyHandler): Webhooks;
  onAny(handler: AnyHandler): Webhooks;
  onUnvalidated(handler: AnyHandler): Webhooks;
  onUnknownTopic(handler: AnyHandler): Webhooks;
  onError(handler: (error: unknown, event: never) => unknown): Webhooks;
  handle(input: { readonly headers: ReceiveHeaders; readonly body: ReceiveBody; readonly topic?: string; readonly url?: string }): Promise<WebhookAnswer>;
  fetchHandler(options?: FetchHandlerOptions): WebhookFetchHandler;
  nodeMiddleware(options?: NodeMiddlewareOptions): WebhookNodeMiddleware;
}

/** Default time a delivery whose handlers succeeded is remembered: 48 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 48 * 3600_000;

/** Default time a claim holds while handlers run, without `handlerTimeoutMs`: 10 minutes. */
export const DEFAULT_LEASE_MS = 10 * 60_000;

/** The longest delivery id used as it is in a key; a longer one is hashed. */
const MAX_ID_LENGTH = 200;

const encoder = new TextEncoder();

/** The part of Web Crypto's `SubtleCrypto` the digest uses. */
interface DigestLike {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

function subtle(): DigestLike {
  const c = (globalThis as { readonly crypto?: { readonly subtle?: DigestLike } }).crypto;
  if (c === undefined || c.subtle === undefined) throw new TypeError('Web Crypto (globalThis.crypto.subtle) is not available: delivery keys need SHA-256 (Node 20+, Deno, Bun, Workers have it)');
  return c.subtle;
}

async function sha256Hex(parts: readonly Uint8Array[]): Promise<string> {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  const digest = new Uint8Array(await subtle().digest('SHA-256', all));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The key of a verified delivery: `<provider>:id:<value>` from the delivery-id header (hashed,
 * `<provider>:id-sha256:<hex>`, when it is long or not printable ASCII); without such a header,
 * `<provider>:sha256:<hex>`, the SHA-256 of the topic, each header field's value and the raw
 * body bytes, each of the texts followed by a NUL byte.
 */
async function deliveryKey(definition: WebhooksDefinition, headers: ReceiveHeaders, result: ResultLike, body: Uint8Array): Promise<string> {
  const d = definition;
  const id = d.deliveryId === undefined ? undefined : getHeader(headers, d.deliveryId)?.trim();
  if (id !== undefined && id !== '') {
    if (id.length <= MAX_ID_LENGTH && /^[\x21-\x7e]+$/.test(id)) return `${d.provider}:id:${id}`;
    return `${d.provider}:id-sha256:${await sha256Hex([encoder.encode(id)])}`;
  }
  const texts = [String(result.topic), ...d.fields.map((f) => (typeof result[f] === 'string' ? (result[f] as string) : ''))];
  return `${d.provider}:sha256:${await sha256Hex([...texts.map((t) => encoder.encode(`${t}\u0000`)), body])}`;
}

/** A positive number of milliseconds, or the fallback. */
function millis(value: unknown, name: string, fallback: number | undefined, owner: string): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new TypeError(`${owner}: \`${name}\` must be a positive number of milliseconds; got ${typeof value === 'number' ? String(value) : typeof value}`);
  return value;
}

/** The path of a request URL (an absolute URL or a path), without query or fragment. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url);
  const path = m ? m[1] ?? '' : (/^[^?#]*/.exec(url)?.[0] ?? '');
  return path === '' ? '/' : path;
}

/** A path without its trailing slashes (`/` stays `/`). */
function trimSlash(path: string): string {
  const t = path.replace(/\/+$/, '');
  return t === '' ? '/' : t;
}

/**
 * Whether a request path is the given `path`, and for a route topic the segment after it (or,
 * without `path`, the last segment), URL-decoded.
 */
function matchPath(definition: WebhooksDefinition, path: string | undefined, url: string | undefined): { readonly match: boolean; readonly topic?: string } {
  const actual = trimSlash(pathOf(url));
  // a segment that is not valid percent-encoding stays as it is (and is an unknown topic)
  const decode = (segment: string): string => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  if (!definition.route) return { match: path === undefined || actual === trimSlash(path) };
  if (path === undefined) return { match: true, topic: decode(actual.slice(actual.lastIndexOf('/') + 1)) };
  const base = trimSlash(path);
  const prefix = base === '/' ? '/' : `${base}/`;
  if (!actual.startsWith(prefix) || actual.length === prefix.length) return { match: false };
  return { match: true, topic: decode(actual.slice(prefix.length)) };
}

function isRawBody(value: unknown): value is ReceiveBody {
  return typeof value === 'string' || value instanceof Uint8Array || ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/**
 * The router for one provider, as its `create…Webhooks` returns it, over the provider's
 * receiver (`receive` is the whole pipeline: the router adds reading, dispatch, the answer,
 * deduplication and timing).
 */
export function createWebhooks(definition: WebhooksDefinition, receiver: Receiver, options: WebhooksOptions | undefined): Webhooks {
  const d = definition;
  const owner = d.factory;
  const opts: WebhooksOptions = options === undefined || options === null ? {} : options;
  const maxBodyBytes = opts.maxBodyBytes === undefined ? DEFAULT_MAX_BODY_BYTES : opts.maxBodyBytes;
  const quickAck = opts.quickAck;
  if (quickAck !== undefined && typeof quickAck !== 'boolean') millis(quickAck, 'quickAck', undefined, owner);
  const handlerTimeoutMs = millis(opts.handlerTimeoutMs, 'handlerTimeoutMs', undefined, owner);
  const dedupeOpts = opts.dedupe;
  if (dedupeOpts !== undefined && dedupeOpts !== false && (dedupeOpts === null || typeof dedupeOpts !== 'object')) throw new TypeError(`${owner}: \`dedupe\` must be false or { store?, ttlMs?, leaseMs? }`);
  const dedupe = dedupeOpts === false ? undefined : dedupeOpts === undefined ? {} : dedupeOpts;
  const store = dedupe === undefined ? undefined : dedupe.store === undefined ? createMemoryDeliveryStore() : dedupe.store;
  if (store !== undefined && (typeof store.claim !== 'function' || typeof store.complete !== 'function' || typeof store.release !== 'function')) {
    throw new TypeError(`${owner}: \`dedupe.store\` must have claim(key, leaseMs), complete(key, ttlMs) and release(key)`);
  }
  const ttlMs = millis(dedupe?.ttlMs, 'dedupe.ttlMs', DEFAULT_DEDUPE_TTL_MS, owner) ?? DEFAULT_DEDUPE_TTL_MS;
  const leaseMs = millis(dedupe?.leaseMs, 'dedupe.leaseMs', handlerTimeoutMs === undefined ? DEFAULT_LEASE_MS : 2 * handlerTimeoutMs, owner) ?? DEFAULT_LEASE_MS;
  const topics = new Set(d.topics);

  // what each registration matches, in registration order
  const handlers: { readonly match: 'topic' | 'any' | 'unvalidated' | 'unknown'; readonly topics?: ReadonlySet<string>; readonly fn: AnyHandler }[] = [];
  const errorHandlers: ((error: unknown, event: never) => unknown)[] = [];

  const checkHandler = (fn: unknown, where: string): AnyHandler => {
    if (typeof fn !== 'function') throw new TypeError(`${owner}: ${where}: expected a handler function, found ${fn === null ? 'null' : typeof fn}`);
    return fn as AnyHandler;
  };
  const checkTopic = (topic: unknown, where: string): string => {
    if (typeof topic !== 'string' || !topics.has(topic)) {
      throw new TypeError(`${owner}: ${where}: expected one of the ${topics.size} ${d.title} topics, found ${typeof topic === 'string' ? JSON.stringify(topic.length > 80 ? `${topic.slice(0, 77)}...` : topic) : typeof topic}`);
    }
    return topic;
  };

  const router: Webhooks = Object.freeze({
    on(topic: Parameters<Webhooks['on']>[0], handler?: AnyHandler): Webhooks {
      if (typeof topic === 'string' || Array.isArray(topic)) {
        const list: readonly unknown[] = typeof topic === 'string' ? [topic] : topic;
        if (list.length === 0) throw new TypeError(`${owner}: on([]): expected at least one topic`);
        const set = new Set(list.map((t, i) => checkTopic(t, typeof topic === 'string' ? 'on(topic)' : `on(topics[${i}])`)));
        handlers.push({ match: 'topic', topics: set, fn: checkHandler(handler, `on(${JSON.stringify(list[0])})`) });
        return router;
      }
      if (topic === null || typeof topic !== 'object') throw new TypeError(`${owner}: on(): expected a topic, a list of topics or a map of handlers by topic, found ${topic === null ? 'null' : typeof topic}`);
      if (handler !== undefined) throw new TypeError(`${owner}: on(handlers): a map of handlers takes no second argument`);
      const map = topic as { readonly [topic: string]: AnyHandler | readonly AnyHandler[] | undefined };
      for (const key of Object.keys(map)) {
        const t = checkTopic(key, 'on(handlers)');
        const value = map[key];
        if (value === undefined) continue;
        const fns: readonly unknown[] = Array.isArray(value) ? value : [value];
        fns.forEach((fn, i) => handlers.push({ match: 'topic', topics: new Set([t]), fn: checkHandler(fn, `on(handlers)[${JSON.stringify(t)}]${Array.isArray(value) ? `[${i}]` : ''}`) }));
      }
      return router;
    },
    onAny(handler: AnyHandler): Webhooks {
      handlers.push({ match: 'any', fn: checkHandler(handler, 'onAny()') });
      return router;
    },
    onUnvalidated(handler: AnyHandler): Webhooks {
      handlers.push({ match: 'unvalidated', fn: checkHandler(handler, 'onUnvalidated()') });
      return router;
    },
    onUnknownTopic(handler: AnyHandler): Webhooks {
      handlers.push({ match: 'unknown', fn: checkHandler(handler, 'onUnknownTopic()') });
      return router;
    },
    onError(handler: (error: unknown, event: never) => unknown): Webhooks {
      if (typeof handler !== 'function') checkHandler(handler, 'onError()');
      errorHandlers.push(handler);
      return router;
    },
    handle,
    fetchHandler,
    nodeMiddleware,
  });

  /** Hands an error to every `onError` handler (to `console.error` when there is none); never throws. */
  async function report(error: unknown, event: object | undefined): Promise<void> {
    if (errorHandlers.length === 0) {
      console.error(`${owner}: ${event === undefined ? 'a delivery failed' : `a handler of ${String((event as ResultLike).topic)} failed`} (add an onError handler to handle this):`, error);
      return;
    }
    for (const fn of errorHandlers) {
      try {
        await (fn as (error: unknown, event: object | undefined) => unknown)(error, event);
      } catch {
        // an onError handler that fails has nowhere left to report to
      }
    }
  }

  /** Runs every matching handler; resolves to whether all of them succeeded in time. */
  function runHandlers(event: ResultLike & { readonly signal: WebhookSignalLike }, abort: (reason: unknown) => void): Promise<boolean> {
    // a delivery of a topic the spec does not list goes to onUnknownTopic (and onAny) only
    const unknown = event.known === false;
    const matching = handlers.filter((h) =>
      h.match === 'any'
        ? true
        : h.match === 'unknown'
          ? unknown
          : h.match === 'unvalidated'
            ? event.valid === false && !unknown
            : event.valid === true && !unknown && h.topics !== undefined && h.topics.has(String(event.topic)),
    );
    let failed = false;
    const tasks = matching.map((h) =>
      Promise.resolve()
        .then(() => (h.fn as (event: object) => unknown)(event))
        .then(
          () => undefined,
          async (error: unknown) => {
            failed = true;
            await report(error, event);
          },
        ),
    );
    const all = Promise.all(tasks).then(() => !failed);
    if (handlerTimeoutMs === undefined || matching.length === 0) return all;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        const error = new WebhookTimeoutError(`${owner}: the handlers of ${String(event.topic)} (delivery ${String((event as { deliveryKey?: unknown }).deliveryKey)}) did not finish within ${handlerTimeoutMs} ms`, handlerTimeoutMs);
        abort(error);
        void report(error, event).then(() => resolve(false));
      }, handlerTimeoutMs);
      void all.then((ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
  }

  const answer = (status: number, body: string, outcome: WebhookOutcome, result: unknown, key: string | undefined, settled: Promise<void> = Promise.resolve()): WebhookAnswer =>
    Object.freeze({ status, body, outcome, result, deliveryKey: key, settled });

  /** Receives a delivery, claims its key, runs its handlers and says what to answer. */
  async function handle(input: Parameters<Webhooks['handle']>[0]): Promise<WebhookAnswer> {
    if (input === null || typeof input !== 'object') throw new TypeError(`${owner}: handle() takes { headers, body${d.route ? ', topic' : ''} }`);
    const bytes = toBytes(input.body);
    const result = (await receiver.receive(input)) as ResultLike;
    if (result.ok !== true) {
      const failure = result as unknown as ReceiveFailure;
      return answer(failure.status, failure.message, 'rejected', result, undefined);
    }
    const key = await deliveryKey(d, input.headers, result, bytes);
    const controller = new AbortController();
    const event = Object.freeze({ ...result, deliveryKey: key, signal: controller.signal });
    if (store !== undefined) {
      let claim: DeliveryClaim;
      try {
        claim = await store.claim(key, leaseMs);
      } catch (error) {
        await report(error, event);
        return answer(500, 'the delivery store failed', 'failed', result, key);
      }
      if (claim === 'done') return answer(200, 'duplicate: already handled', 'duplicate', result, key);
      if (claim === 'pending') return answer(409, 'in progress: an earlier attempt of this delivery is still running', 'in_progress', result, key);
      if (claim !== 'claimed') {
        await store.release(key).catch(() => undefined);
        await report(new TypeError(`${owner}: dedupe.store.claim() must resolve to 'claimed', 'pending' or 'done'; got ${typeof claim === 'string' ? JSON.stringify(claim) : typeof claim}`), event);
        return answer(500, 'the delivery store failed', 'failed', result, key);
      }
    }
    // handlers, then the store's bookkeeping: release on failure (a retry runs them again)
    const run = runHandlers(event, (reason) => controller.abort(reason)).then(async (ok) => {
      if (store !== undefined) {
        try {
          if (ok) await store.complete(key, ttlMs);
          else await store.release(key);
        } catch (error) {
          await report(error, event);
        }
      }
      return ok;
    });
    const settled = run.then(() => undefined);
    const finished = (ok: boolean): WebhookAnswer => (ok ? answer(200, 'ok', 'handled', result, key, settled) : answer(500, 'a handler failed', 'failed', result, key, settled));
    if (quickAck === true) return answer(202, 'accepted', 'acknowledged', result, key, settled);
    if (typeof quickAck === 'number') {
      let timer: unknown;
      const early = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), quickAck);
      });
      const first = await Promise.race([run, early]);
      clearTimeout(timer);
      return first === undefined ? answer(202, 'accepted', 'acknowledged', result, key, settled) : finished(first);
    }
    return finished(await run);
  }

  const methodAllowed = (method: string | undefined): boolean => method === undefined || method.toUpperCase() === d.method.toUpperCase();

  function fetchHandler(handlerOptions?: FetchHandlerOptions): WebhookFetchHandler {
    const ho: FetchHandlerOptions = handlerOptions === undefined || handlerOptions === null ? {} : handlerOptions;
    if (ho.path !== undefined && typeof ho.path !== 'string') throw new TypeError(`${owner}: fetchHandler({ path }): \`path\` must be a string`);
    if (ho.waitUntil !== undefined && typeof ho.waitUntil !== 'function') throw new TypeError(`${owner}: fetchHandler({ waitUntil }): \`waitUntil\` must be a function`);
    const ResponseClass = (globalThis as { readonly Response?: new (body: string, init: { status: number; headers: Record<string, string> }) => unknown }).Response;
    if (ResponseClass === undefined) throw new TypeError(`${owner}: fetchHandler() needs a global Response (Node 20+, Deno, Bun, Workers have one)`);
    const respond = (status: number, body: string, extra?: Record<string, string>): WebhookResponse =>
      new ResponseClass(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra } }) as WebhookResponse;
    return async (request, _env, context) => {
      const where = matchPath(d, ho.path, request.url);
      if (!where.match) return respond(404, 'not found');
      if (!methodAllowed(request.method)) return respond(405, 'method not allowed', { allow: d.method });
      const declared = contentLength(request.headers);
      let a: WebhookAnswer;
      try {
        if (declared !== undefined && declared > maxBodyBytes) a = rejectedTooLarge(declared);
        else {
          const read = await readRequestBody(request, maxBodyBytes);
          a = read.ok ? await handle({ headers: request.headers, body: read.bytes, ...topicOf(where), ...urlOf(request.url) }) : rejectedTooLarge(undefined);
        }
      } catch (error) {
        // misuse (a body already read), a stream error, or an error of a receiver hook
        await report(error, undefined);
        return respond(500, 'internal error');
      }
      const keepAlive = ho.waitUntil ?? (context !== undefined && context !== null && typeof context.waitUntil === 'function' ? context.waitUntil.bind(context) : undefined);
      if (keepAlive !== undefined && a.outcome === 'acknowledged') keepAlive(a.settled);
      return respond(a.status, a.body);
    };
  }

  function nodeMiddleware(middlewareOptions?: NodeMiddlewareOptions): WebhookNodeMiddleware {
    const mo: NodeMiddlewareOptions = middlewareOptions === undefined || middlewareOptions === null ? {} : middlewareOptions;
    if (mo.path !== undefined && typeof mo.path !== 'string') throw new TypeError(`${owner}: nodeMiddleware({ path }): \`path\` must be a string`);
    const send = (res: NodeResponseLike, status: number, body: string, extra?: Record<string, string>): void => {
      res.statusCode = status;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      if (extra) for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
      res.end(body);
    };
    return async (req, res, next) => {
      try {
        const where = matchPath(d, mo.path, req.url);
        if (!where.match) {
          if (typeof next === 'function') next();
          else send(res, 404, 'not found');
          return;
        }
        if (!methodAllowed(req.method)) return send(res, 405, 'method not allowed', { allow: d.method });
        const pre = req.body;
        let a: WebhookAnswer;
        if (isRawBody(pre)) a = await handle({ headers: req.headers, body: pre, ...topicOf(where), ...urlOf(req.url) });
        else {
          if (pre !== undefined && pre !== null && req.readableEnded === true) throw parsedBodyError(pre);
          const declared = contentLength(req.headers as NodeHeadersLike);
          if (declared !== undefined && declared > maxBodyBytes) a = rejectedTooLarge(declared);
          else {
            const read = await readNodeBody(req, maxBodyBytes);
            a = read.ok ? await handle({ headers: req.headers, body: read.bytes, ...topicOf(where), ...urlOf(req.url) }) : rejectedTooLarge(undefined);
          }
        }
        send(res, a.status, a.body);
      } catch (error) {
        if (typeof next === 'function') return next(error);
        await report(error, undefined);
        if (res.headersSent !== true && res.writableEnded !== true) send(res, 500, 'internal error');
      }
    };
  }

  /** The early, clear error for a body a parser already turned into an object. */
  function parsedBodyError(body: unknown): TypeError {
    const what = Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : typeof body;
    const needs = d.signature !== undefined ? `the raw bytes the ${d.signature} signature is computed over` : 'the raw bytes (the receiver parses them itself, keeping 64-bit ids exact)';
    return new TypeError(
      `${owner}: nodeMiddleware(): req.body is already parsed (${what}) and the request stream is consumed: a JSON body parser such as express.json() ran before this route and took ${needs}. ` +
        'Register the webhook route before app.use(express.json()), or give it express.raw({ type: () => true }) instead.',
    );
  }

  function rejectedTooLarge(size: number | undefined): WebhookAnswer {
    const failure = payloadTooLarge(size, maxBodyBytes);
    return answer(failure.status, failure.message, 'rejected', failure, undefined);
  }

  function topicOf(where: { readonly topic?: string }): { readonly topic?: string } {
    return d.route && where.topic !== undefined ? { topic: where.topic } : {};
  }

  return router;
}

function urlOf(url: string | undefined): { readonly url?: string } {
  return url === undefined ? {} : { url };
}
