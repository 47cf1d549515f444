// Receiving webhooks, shared by every provider's receive.js: header lookup over Web `Headers`,
// Node's IncomingHttpHeaders and plain records; raw bodies as bytes (from a value, a Web
// Request or a Node request stream, with a size limit); HMAC signatures with node:crypto where
// the runtime has it, else Web Crypto (browsers, Workers); and the receive pipeline itself:
// size → headers → signature (over the raw bytes) and its timestamp → topic → lossless
// parse (JSON, or XML for a provider that delivers both, told apart by Content-Type) → validate (the payload, or an envelope's payload member). A genuine delivery whose
// payload does not match its model is handed over unvalidated (`valid: false`, with its drift)
// or rejected with 422, as the user chose; either way the drift goes to the `onDrift` hook. A
// genuine delivery of a topic the spec does not list is handed over as parsed JSON (`known:
// false`) or rejected with 400, as the user chose (`unknownTopics`).
// A provider's receive.js only describes its delivery (header names, signature scheme, topic
// source, envelope) as data, and hands in its parser and validator.

import type { JsonValue } from './json.js';
import { escapeText, issueLimit, quoteText } from './validate.js';
import type { ValidationIssue, ValidationResult, ValidateOptions } from './validate.js';

/**
 * Anything with a case-insensitive `get(name)`: the Web `Headers` of a fetch `Request` (Hono,
 * Next.js route handlers, Cloudflare Workers, Deno, Bun).
 * @example
 * ```ts
 * receiver.receive({ headers: request.headers, body: await request.arrayBuffer() });
 * ```
 */
export interface HeadersLike {
  get(name: string): string | null;
}

/**
 * Headers as a plain record: Node's `IncomingHttpHeaders` (`req.headers`: lower-case keys,
 * `string | string[]`), or any record (looked up case-insensitively). A repeated header is joined
 * with ", ", as `Headers.get` does.
 * @example
 * ```ts
 * receiver.receive({ headers: req.headers, body: rawBody }); // or { 'X-Topic': 'widgets/create', ... }
 * ```
 */
export interface NodeHeadersLike {
  readonly [name: string]: string | readonly string[] | undefined;
}

/**
 * Request headers in any of the shapes above.
 * @example
 * ```ts
 * const headers: ReceiveHeaders = new Headers({ 'content-type': 'application/json' });
 * ```
 */
export type ReceiveHeaders = HeadersLike | NodeHeadersLike;

/**
 * The raw request body, exactly as received: a `Uint8Array` (a Node `Buffer` is one), an
 * `ArrayBuffer`, or a string (UTF-8 encoded for verification: pass bytes where you can, a
 * framework that decoded the body with another charset breaks the signature).
 * @example
 * ```ts
 * const body: ReceiveBody = await readFile('captured-body.json'); // a Buffer, byte for byte
 * ```
 */
export type ReceiveBody = Uint8Array | ArrayBuffer | string;

/** The part of a Web stream reader the receiver uses. */
export interface StreamReaderLike {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * The part of a Web `Request` the receiver uses (declared here so that no DOM or Node types are
 * needed): its headers and its body stream (or `arrayBuffer()`).
 * @example
 * ```ts
 * app.post('/hooks', (c) => receiver.fromRequest(c.req.raw)); // Hono; any fetch `Request` fits
 * ```
 */
export interface WebRequestLike {
  readonly url?: string;
  readonly headers: HeadersLike;
  readonly body?: { getReader(): StreamReaderLike } | null;
  readonly bodyUsed?: boolean;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The part of Node's `http.IncomingMessage` the receiver uses (declared here so that
 * `@types/node` is not needed): its headers and its body stream. An Express or Koa request is
 * one too; when a raw body parser (`express.raw()`) already read the body, its bytes in `body`
 * are used.
 * @example
 * ```ts
 * http.createServer(async (req, res) => { const result = await receiver.fromNode(req); ... });
 * ```
 */
export interface NodeRequestLike {
  readonly url?: string | undefined;
  readonly headers: NodeHeadersLike;
  /** set by body parsers: the raw bytes (`express.raw()`) are used as the body */
  readonly body?: unknown;
  readonly readableEnded?: boolean;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  resume?(): unknown;
}

/**
 * Why a delivery was rejected. The HTTP status to answer with is in the failure's `status`; any
 * non-2xx answer makes the provider retry the delivery later.
 *
 * - `payload_too_large` (413): the body is over `maxBodyBytes`.
 * - `missing_header` (400): the topic header, the signature header or a documented required header is absent.
 * - `invalid_hmac` / `invalid_signature` (401): the signature does not match the signed content (the raw body, alone or in the provider's signed template) under any secret, or a part of that content is absent.
 * - `timestamp_out_of_range` (401): the signature is valid, but its signed timestamp is further from the receiver's clock than the provider's tolerance (a replay, or a clock off).
 * - `verification_failed` (401): your `verify` hook returned false (providers that document no signature).
 * - `unknown_topic` (400): the topic is not one of the provider's topics, and the receiver was made with `unknownTopics: 'reject'` (by default such a delivery is accepted, as `known: false`), or the body has no topic string where the provider writes it.
 * - `invalid_json` (400): the body is not JSON (or not UTF-8, or nested deeper than `maxDepth`); one leading byte order mark is ignored.
 * - `invalid_xml` (400): the body was sent as XML (its Content-Type names the provider's XML format) and is not XML as the provider sends it: not well-formed, not UTF-8, a DOCTYPE, an entity other than the five XML ones, text next to elements, nested deeper than `maxDepth`.
 * - `invalid_payload` (422): the payload does not match the topic's model and the receiver was made with `invalidPayload: 'reject'` (by default such a delivery is accepted, as `valid: false`); `issues` and `drift` say where.
 * @example
 * ```ts
 * if (result.ok === false && result.reason === 'payload_too_large') metrics.increment('webhook.too_large');
 * ```
 */
export type ReceiveFailureReason =
  | 'payload_too_large'
  | 'missing_header'
  | 'invalid_signature'
  | 'invalid_hmac'
  | 'timestamp_out_of_range'
  | 'verification_failed'
  | 'unknown_topic'
  | 'invalid_json'
  | 'invalid_xml'
  | 'invalid_payload';

/**
 * The HTTP status of a rejected delivery: 400, 401, 413 or 422.
 * @example
 * ```ts
 * if (!result.ok) res.writeHead(result.status).end(result.message);
 * ```
 */
export type ReceiveStatus = 400 | 401 | 413 | 422;

/**
 * A rejected delivery. Answer with `status`; log `message` (and `issues`).
 * @example
 * ```ts
 * if (!result.ok) return res.status(result.status).send(result.message);
 * ```
 */
export interface ReceiveFailure<Reason extends ReceiveFailureReason = ReceiveFailureReason, Topic extends string = string> {
  readonly ok: false;
  readonly reason: Reason;
  readonly status: ReceiveStatus;
  /** what was wrong, in one line */
  readonly message: string;
  /** `invalid_payload` only: where the payload differs from its model (at most `maxIssues`) */
  readonly issues?: readonly ValidationIssue[];
  /** `invalid_payload` only, and only when true: the payload had more issues than `maxIssues` */
  readonly truncated?: true;
  /** `invalid_payload` only: the issues grouped by kind and field (array items as `*`) */
  readonly drift?: readonly PayloadDrift[];
  /** the topic, once it was known to be valid (`invalid_json`, `invalid_xml`, `invalid_payload`) */
  readonly topic?: Topic;
}

/**
 * What a receiver does with a genuine delivery (signed, or passed by `verify`; a known topic;
 * JSON) whose payload does not match the topic's model: `'accept'` (the default) hands it over
 * as `{ ok: true, valid: false, payload: JsonValue, issues, drift }`, so that you answer 2xx and
 * the provider keeps the webhook; `'reject'` makes it an `invalid_payload` failure (422), which
 * the provider retries and, after enough failures, may stop sending.
 * @example
 * ```ts
 * const action: InvalidPayloadAction = process.env.NODE_ENV === 'test' ? 'reject' : 'accept';
 * ```
 */
export type InvalidPayloadAction = 'accept' | 'reject';

/**
 * What a receiver does with a genuine delivery (signed, or passed by `verify`) whose topic is
 * not one of the provider's topics (a topic the docs do not list, or one added after the spec
 * was written): `'accept'` (the default) hands it over as `{ ok: true, valid: false, known:
 * false, topic, payload: JsonValue, issues, drift }` (the body parsed, never validated; one
 * issue saying the topic is unknown, no payload drift), so that you answer
 * 2xx and the provider keeps the webhook; `'reject'` makes it the failure `unknown_topic`
 * (400), which the provider retries and may in the end give up on.
 * @example
 * ```ts
 * const action: UnknownTopicAction = process.env.NODE_ENV === 'test' ? 'reject' : 'accept';
 * ```
 */
export type UnknownTopicAction = 'accept' | 'reject';

/**
 * The kinds of payload drift, as `npm run drift` names them: `missing` (a required field is
 * absent), `nullability` (null where the model says never null), `retyped` (another JSON type),
 * `value` (the right type, outside an enum, format or pattern), `precision` (an integer above
 * 2^53, kept as its digits, where the model expects a plain integer), `added` (a key the model
 * does not know; only reported with `strict`).
 * @example
 * ```ts
 * const serious = (kind: PayloadDriftKind) => kind !== 'added';
 * ```
 */
export type PayloadDriftKind = 'missing' | 'nullability' | 'retyped' | 'value' | 'precision' | 'added';

/**
 * One kind of difference at one field of a payload: its issues grouped, array items as `*`.
 * @example
 * ```ts
 * // { kind: 'nullability', path: '/shipping_lines/*', expected: 'object', received: 'null', count: 2, example: '/shipping_lines/0' }
 * for (const d of result.drift) metrics.increment('webhook.drift', { kind: d.kind, path: d.path });
 * ```
 */
export interface PayloadDrift {
  readonly kind: PayloadDriftKind;
  /** JSON pointer into the payload (for a provider whose body is an envelope: into the body), every array index as `*` */
  readonly path: string;
  /** what the model allows there */
  readonly expected: string;
  /** what the payload has there (the distinct values of its issues' `received`, joined with ` | `) */
  readonly received: string;
  /** how many issues this groups (each array item counts once) */
  readonly count: number;
  /** the first issue's concrete pointer */
  readonly example: string;
}

/**
 * What an `onDrift` hook receives: a genuine delivery of a known topic whose payload does not
 * match the model, and what the receiver answered (`accepted`: handed over as `valid: false`;
 * `rejected`: `invalid_payload`, 422).
 * @example
 * ```ts
 * const onDrift = (report: DriftReport) => log.warn({ topic: report.topic, outcome: report.outcome, drift: report.drift });
 * ```
 */
export interface DriftReport<Topic extends string = string> {
  readonly topic: Topic;
  readonly outcome: 'accepted' | 'rejected';
  /** where the payload differs from its model: at most the receiver's `maxIssues` */
  readonly issues: readonly ValidationIssue[];
  /** present (true) when the payload had more issues than `maxIssues`: the drift counts cover the first ones only */
  readonly truncated?: true;
  /** the issues grouped by kind and field */
  readonly drift: readonly PayloadDrift[];
  /** the payload as parsed (64-bit ids as decimal strings); undefined when an envelope has no payload member */
  readonly payload: JsonValue | undefined;
  /** for a provider whose body is an envelope: the whole body as parsed (the issues' paths point into it) */
  readonly envelope?: JsonValue;
  /** and the delivery's header fields (`delivery.headers[].field`), as on a receive result */
}

/**
 * A request as the provider would send it, built by a `build…TestRequest` function: `fetch(url, request)` sends it.
 * @example
 * ```ts
 * const response = await fetch('http://127.0.0.1:3000/hooks', request);
 * ```
 */
export interface TestRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Where a placeholder of a signed template gets its value: a request header, or a named item of the signature header. */
export type SignaturePartSource = { readonly header: string; readonly part?: undefined } | { readonly part: string; readonly header?: undefined };

/** A signature scheme from the spec (`delivery.signature`). */
export interface HmacScheme {
  readonly header: string;
  readonly algorithm: 'hmac-sha1' | 'hmac-sha256' | 'hmac-sha512';
  readonly encoding: 'base64' | 'hex';
  /** text before each encoded digest (`sha256=`, `v1,`) */
  readonly prefix?: string;
  /** absent: the raw body is signed; else a template such as `{timestamp}.{body}` ({body}: the raw body bytes) */
  readonly signed?: string;
  /** the template's placeholders other than {body} */
  readonly parts?: { readonly [name: string]: SignaturePartSource };
  /** the header's items: split on `separator`; with `pairs`, `name<pairs>value` items, those named `signature` holding digests */
  readonly format?: { readonly separator: string; readonly pairs?: string; readonly signature?: string };
  /** seconds a signed {timestamp} may differ from the clock */
  readonly tolerance?: number;
  /** how a secret string becomes the key: its UTF-8 bytes (default), or base64 after an optional prefix */
  readonly secret?: { readonly encoding: 'utf8' | 'base64'; readonly prefix?: string };
}

/** A body read with a size limit. */
export type BodyRead = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly size: number };

/** A body format of a provider that delivers several, and the media types whose Content-Type announces it. */
export interface BodyFormat {
  readonly format: 'json' | 'xml';
  readonly contentTypes: readonly string[];
}

/** A provider's delivery, as its receive.js describes it to {@link createReceiver}. */
export interface ReceiverDefinition {
  readonly title: string;
  readonly factory: string;
  readonly builder: string;
  readonly method: string;
  /** how a JSON body is encoded; JSON is also the format of a body whose Content-Type names no other format */
  readonly body: 'json' | 'json-string';
  /** the body formats, when the provider delivers several (JSON first): a receiver picks one by the Content-Type's media type */
  readonly formats?: readonly BodyFormat[];
  /** where the topic is read: a request header, the route the hook was registered for, or a body field (a JSON pointer) */
  readonly topic:
    | { readonly header: string; readonly route?: undefined; readonly field?: undefined }
    | { readonly route: true; readonly header?: undefined; readonly field?: undefined }
    | { readonly field: string; readonly header?: undefined; readonly route?: undefined };
  /** the body is an envelope whose member at the JSON pointer `payload` is the topic's payload */
  readonly envelope?: { readonly payload: string };
  readonly headers: readonly { readonly name: string; readonly field?: string; readonly required?: boolean; readonly example?: string }[];
  readonly signature: (HmacScheme & { readonly reason: 'invalid_hmac' | 'invalid_signature' }) | null;
  readonly topics: readonly string[];
  /** the whole body, parsed losslessly (for an envelope: the envelope, its payload's 64-bit ids as strings) */
  parse(topic: string | undefined, text: string): unknown;
  /** with a body-field topic: the body parsed for no topic (to read its topic) made what `parse(topic, text)` gives, in place (the payload's 64-bit ids as strings); the body is then parsed once */
  int64ForTopic?(topic: string, value: unknown): void;
  /** the body text for a payload (for an envelope: the payload placed in `envelope`) */
  stringify(topic: string, payload: unknown, envelope?: unknown): string;
  /** with an `xml` format: the body read as XML into the payload JSON would give (`topic` undefined: by `type` attributes alone) */
  parseXml?(topic: string | undefined, text: string, options: { readonly maxDepth: number; readonly maxLength: number }): unknown;
  /** with an `xml` format: the XML body for a payload */
  stringifyXml?(topic: string, payload: unknown): string;
  /** the provider's payload validator; `fields`: the top-level fields the webhook was registered with */
  validate(topic: string, value: unknown, options?: ValidateOptions & { readonly fields?: readonly string[] }): ValidationResult<unknown>;
  /** with an envelope: the validator of a whole body (the envelope, its topic and its payload member; issue paths point into the body) */
  validateEnvelope?(topic: string, value: unknown, options?: ValidateOptions & { readonly fields?: readonly string[] }): ValidationResult<unknown>;
}

/** What a `verify` hook sees (providers that document no signature). */
export interface VerifyContext {
  readonly headers: ReceiveHeaders;
  header(name: string): string | undefined;
  readonly body: Uint8Array;
  readonly topic: string | undefined;
  readonly url: string | undefined;
}

/** Options common to every receiver. */
export interface ReceiverOptions {
  readonly secrets?: string | readonly string[];
  /** the clock for a signed timestamp's tolerance, in milliseconds since 1970 (default `Date.now`) */
  readonly now?: () => number;
  readonly verify?: (context: VerifyContext) => boolean | Promise<boolean>;
  readonly strict?: boolean;
  readonly maxBodyBytes?: number;
  readonly maxDepth?: number;
  /**
   * The most validation issues kept for a delivery that drifts from its model (default
   * `DEFAULT_MAX_ISSUES`, 20): validation stops at the first issue past it, so a body of a
   * million bad items costs one walk. A positive integer, or Infinity for every issue.
   */
  readonly maxIssues?: number;
  /** the top-level fields the webhook was registered with: it delivers only those, so only those are validated */
  readonly fields?: readonly string[];
  /** a genuine delivery whose payload does not match its model: handed over unvalidated (`'accept'`, the default) or rejected with 422 */
  readonly invalidPayload?: InvalidPayloadAction;
  /** called with the drift of every such delivery, before the receiver resolves; its error rejects the receiver's promise */
  readonly onDrift?: (report: DriftReport) => void | Promise<void>;
  /** a genuine delivery of a topic the provider's spec does not list: handed over unvalidated (`'accept'`, the default) or rejected with 400 */
  readonly unknownTopics?: UnknownTopicAction;
}

/** The topic of a route, for providers that send none. */
export interface RouteTopic {
  readonly topic: string;
}

/** What {@link createReceiver} returns; each provider's receive.d.ts types it precisely. */
export interface Receiver {
  receive(input: { readonly headers: ReceiveHeaders; readonly body: ReceiveBody; readonly topic?: string; readonly url?: string }): Promise<unknown>;
  fromRequest(request: WebRequestLike, route?: RouteTopic): Promise<unknown>;
  fromNode(request: NodeRequestLike, route?: RouteTopic): Promise<unknown>;
}

// Web APIs this module uses beyond lib es2022 (Node 20+, Deno, Bun, Workers and browsers have
// them), declared here so that compiling it needs neither DOM nor Node types.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
declare const TextDecoder: new (label: string, options: { readonly fatal: boolean }) => { decode(input: Uint8Array): string };

/** An imported HMAC key (a Web Crypto `CryptoKey`), only handed back to `SubtleLike`. */
export type KeyLike = object;

/** The part of Web Crypto's `SubtleCrypto` the signatures use. */
export interface SubtleLike {
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { readonly name: 'HMAC'; readonly hash: string }, extractable: boolean, usages: readonly string[]): Promise<KeyLike>;
  sign(algorithm: 'HMAC', key: KeyLike, data: Uint8Array): Promise<ArrayBuffer>;
}

/** The part of Node's `node:crypto` the signatures use: a synchronous HMAC and a constant-time comparison. */
export interface NodeCryptoLike {
  createHmac(algorithm: string, key: Uint8Array): { update(data: Uint8Array): unknown; digest(): Uint8Array };
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}

/**
 * Where a receiver computes HMACs: Node's `node:crypto` (synchronous, several times faster per
 * delivery than Web Crypto), or Web Crypto's `subtle` (browsers, Workers, runtimes without node:crypto).
 * @example
 * ```ts
 * const verify = createHmacVerifier(scheme, secret, 'tests', { subtle: globalThis.crypto.subtle }); // Web Crypto, even on Node
 * ```
 */
export type HmacCrypto = { readonly node: NodeCryptoLike; readonly subtle?: undefined } | { readonly subtle: SubtleLike; readonly node?: undefined };

/** What `globalThis` may hold of Web Crypto, and of Node's `process`. */
interface CryptoGlobal {
  readonly crypto?: { readonly subtle?: SubtleLike | undefined } | undefined;
  readonly process?: { readonly getBuiltinModule?: ((id: string) => unknown) | undefined } | undefined;
}

/** The receive input a receiver accepts internally: a pre-read body may be any byte view. */
interface ReceiveInput {
  readonly headers: ReceiveHeaders;
  readonly body: ReceiveBody | ArrayBufferView;
  readonly topic?: string | undefined;
  readonly url?: string | undefined;
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });
const hasOwn = Object.prototype.hasOwnProperty;

/** Default limit of a request body: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES: number = 10 * 1024 * 1024;

/** Default limit of JSON nesting: 128 levels of arrays and objects. */
export const DEFAULT_MAX_DEPTH: number = 128;

const STATUS: Readonly<Record<ReceiveFailureReason, ReceiveStatus>> = Object.freeze({
  missing_header: 400,
  unknown_topic: 400,
  invalid_json: 400,
  invalid_xml: 400,
  invalid_signature: 401,
  invalid_hmac: 401,
  timestamp_out_of_range: 401,
  verification_failed: 401,
  payload_too_large: 413,
  invalid_payload: 422,
});

// ---- headers ----

function isHeadersLike(headers: ReceiveHeaders): headers is HeadersLike {
  return typeof (headers as Partial<HeadersLike>).get === 'function';
}

/**
 * The value of header `name` (case-insensitive) from a Web `Headers`, Node's
 * `IncomingHttpHeaders` (lower-case keys, string or string[]) or a plain record. A repeated
 * header (string[]) is joined with ", " as `Headers.get` does; undefined when absent.
 */
export function getHeader(headers: ReceiveHeaders, name: string): string | undefined {
  return headerOf(headers, name.toLowerCase());
}

/** {@link getHeader} of a name already in lower case: a receiver lowers its header names once. */
function headerOf(headers: ReceiveHeaders, lower: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  if (isHeadersLike(headers)) {
    const v = headers.get(lower);
    return v === null || v === undefined ? undefined : String(v);
  }
  let value = hasOwn.call(headers, lower) ? headers[lower] : undefined;
  // Node's req.headers: the name in lower case, a string
  if (typeof value === 'string') return value;
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === lower && headers[key] !== undefined) {
        value = headers[key];
        break;
      }
    }
  }
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(', ');
  return String(value);
}

// ---- bodies ----

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

function isBytes(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || isArrayBuffer(value);
}

/**
 * The raw body as bytes: a Uint8Array (a Node Buffer is one) as it is, an ArrayBuffer or other
 * view wrapped without copying, a string UTF-8 encoded.
 * @throws TypeError for anything else (e.g. an object a JSON body parser made)
 */
export function toBytes(body: ReceiveBody): Uint8Array {
  return bytesOf(body);
}

/** {@link toBytes} of any value: callers hand in what a request or stream gave them. */
function bytesOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (isArrayBuffer(body)) return new Uint8Array(body);
  if (typeof body === 'string') return encoder.encode(body);
  const found = body === null ? 'null' : typeof body;
  throw new TypeError(`the webhook body must be the raw request body (Uint8Array, Buffer, ArrayBuffer or string), not ${found}: a JSON body parser (express.json()) replaces it with a parsed object`);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The Content-Length header as a number, when it is a plain decimal. */
export function contentLength(headers: ReceiveHeaders): number | undefined {
  const v = getHeader(headers, 'content-length');
  return v !== undefined && /^\s*[0-9]{1,15}\s*$/.test(v) ? Number(v) : undefined;
}

/**
 * The body format a delivery announces: the format whose media types include the
 * Content-Type's (before any `;`, case-insensitive); JSON when there is no Content-Type, or it
 * names no format, or the provider delivers one format only.
 */
export function bodyFormatOf(formats: readonly BodyFormat[] | undefined, headers: ReceiveHeaders): 'json' | 'xml' {
  if (formats === undefined) return 'json';
  const value = headerOf(headers, 'content-type');
  if (value === undefined) return 'json';
  const semicolon = value.indexOf(';');
  const media = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  for (const f of formats) if (f.contentTypes.includes(media)) return f.format;
  return 'json';
}

/**
 * Reads a Node request stream (`http.IncomingMessage`) into bytes. Stops collecting once more
 * than `maxBytes` arrived and resolves `{ ok: false }` at once; the rest of the body is read
 * and discarded as it arrives, so the response can still be sent. Rejects when the stream
 * fails or closes early.
 */
export function readNodeBody(request: NodeRequestLike, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    if (request.readableEnded === true) {
      reject(new TypeError('the request body was already read (is a body parser installed before this route?): pass its raw bytes to receive() instead'));
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk) => {
      if (done) return;
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : bytesOf(chunk);
      size += bytes.byteLength;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        resolve({ ok: false, size });
        return;
      }
      chunks.push(bytes);
    });
    request.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, bytes: concat(chunks, size) });
    });
    request.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
    request.on('close', () => {
      if (done) return;
      done = true;
      reject(new Error('the request closed before its body was complete'));
    });
    if (typeof request.resume === 'function') request.resume();
  });
}

/**
 * Reads a Web `Request` body into bytes, chunk by chunk: once more than `maxBytes` arrived it
 * cancels the stream and resolves `{ ok: false }`.
 */
export async function readRequestBody(request: WebRequestLike, maxBytes: number): Promise<BodyRead> {
  if (request.bodyUsed === true) throw new TypeError('the request body was already read: pass its raw bytes to receive() instead');
  const stream = request.body;
  if (stream === null || stream === undefined || typeof stream.getReader !== 'function') {
    const bytes = typeof request.arrayBuffer === 'function' ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array(0);
    return bytes.byteLength > maxBytes ? { ok: false, size: bytes.byteLength } : { ok: true, bytes };
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = bytesOf(value);
    size += bytes.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return { ok: false, size };
    }
    chunks.push(bytes);
  }
  return { ok: true, bytes: concat(chunks, size) };
}

// ---- base64 and hex ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? (B64_INDEX[c] ?? -1) : -1;
}

/**
 * Standard base64 (RFC 4648 §4) to bytes; padding optional. Strict: a character outside the alphabet,
 * an impossible length, misplaced padding or non-zero unused bits give undefined.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  let end = text.length;
  while (end > 0 && text.length - end < 2 && text.charCodeAt(end - 1) === 61) end--;
  if (end !== text.length && text.length % 4 !== 0) return undefined;
  const rem = end % 4;
  if (rem === 1) return undefined;
  const out = new Uint8Array(((end - rem) / 4) * 3 + (rem === 0 ? 0 : rem - 1));
  let o = 0;
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    const d = sextet(text, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  if (rem >= 2) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    if ((a | b) < 0) return undefined;
    out[o++] = (a << 2) | (b >> 4);
    if (rem === 3) {
      const c = sextet(text, i + 2);
      if (c < 0 || (c & 3) !== 0) return undefined;
      out[o++] = ((b & 15) << 4) | (c >> 2);
    } else if ((b & 15) !== 0) return undefined;
  }
  return out;
}

/** Bytes to standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  // indexes below bytes.length: the `?? 0` never applies
  const at = (k: number): number => bytes[k] ?? 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + B64.charAt((n >> 6) & 63) + B64.charAt(n & 63);
  }
  if (bytes.length - i === 1) {
    const n = at(i) << 16;
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + '==';
  } else if (bytes.length - i === 2) {
    const n = (at(i) << 16) | (at(i + 1) << 8);
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + B64.charAt((n >> 6) & 63) + '=';
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Hex (either case) to bytes; undefined for an odd length or a non-hex character. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length % 2 !== 0) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(text.charCodeAt(2 * i));
    const lo = hexDigit(text.charCodeAt(2 * i + 1));
    if ((hi | lo) < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Bytes to lower-case hex. */
export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}

// ---- HMAC (node:crypto where the runtime has it, else Web Crypto) ----
//
// A scheme (a provider's `delivery.signature`) says what is signed and how the header reads:
//   signed     absent: the raw body bytes; or a template such as '{timestamp}.{body}' whose
//              {body} is the raw body bytes and whose other placeholders are `parts`
//   parts      placeholder → { header } (a request header) or { part } (an item of the
//              signature header)
//   format     absent: the header is one encoded digest; else its items, split on `separator`,
//              are each a digest or, with `pairs`, `name<pairs>value` items of which those named
//              `signature` are digests (any of them may match)
//   prefix     text before each encoded digest ('sha256=', 'v1,')
//   tolerance  seconds a {timestamp} may differ from the receiver's clock
//   secret     { encoding: 'utf8' | 'base64', prefix }: how a secret string becomes the key

const HASH = Object.freeze({ 'hmac-sha1': 'SHA-1', 'hmac-sha256': 'SHA-256', 'hmac-sha512': 'SHA-512' });
const NODE_HASH = Object.freeze({ 'hmac-sha1': 'sha1', 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' });
const DIGEST_BYTES = Object.freeze({ 'hmac-sha1': 20, 'hmac-sha256': 32, 'hmac-sha512': 64 });
const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

function isNodeCrypto(value: unknown): value is NodeCryptoLike {
  return value !== null && typeof value === 'object' && 'createHmac' in value && typeof value.createHmac === 'function' && 'timingSafeEqual' in value && typeof value.timingSafeEqual === 'function';
}

/**
 * The HMAC implementation of this runtime: `node:crypto` when `process.getBuiltinModule` gives
 * it (Node 20.16 and later, and runtimes with the same API), reached without a static import
 * so that a browser or Worker bundle still loads this module; else Web Crypto.
 * @throws Error when the runtime has neither
 */
export function hmacCrypto(): HmacCrypto {
  const g = globalThis as CryptoGlobal;
  const load = g.process?.getBuiltinModule;
  if (typeof load === 'function') {
    let node: unknown;
    try {
      node = load.call(g.process, 'node:crypto');
    } catch {
      node = undefined;
    }
    if (isNodeCrypto(node)) return { node };
  }
  return { subtle: subtle() };
}

function subtle(): SubtleLike {
  const crypto = (globalThis as CryptoGlobal).crypto;
  const s = crypto && crypto.subtle;
  if (!s) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available: webhook signatures need Node 20 or later, or a Web runtime');
  return s;
}

function importHmacKey(s: SubtleLike, algorithm: HmacScheme['algorithm'], keyBytes: Uint8Array): Promise<KeyLike> {
  return s.importKey('raw', keyBytes, { name: 'HMAC', hash: HASH[algorithm] }, false, ['sign']);
}

/** The HMAC of `pieces` (concatenated) with node:crypto: each piece fed in turn, never copied into one buffer. */
function nodeHmac(node: NodeCryptoLike, algorithm: HmacScheme['algorithm'], key: Uint8Array, pieces: readonly Uint8Array[]): Uint8Array {
  const hmac = node.createHmac(NODE_HASH[algorithm], key);
  for (const piece of pieces) hmac.update(piece);
  return hmac.digest();
}

/** Where the value of placeholder `name` of the scheme's signed template comes from. */
function partSource(scheme: HmacScheme, name: string): SignaturePartSource {
  const source = scheme.parts !== undefined && hasOwn.call(scheme.parts, name) ? scheme.parts[name] : undefined;
  if (source === undefined) throw new TypeError(`the signed template ${JSON.stringify(scheme.signed)} has {${name}}, which the scheme's parts do not describe`);
  return source;
}

/**
 * The secrets as a non-empty list of non-empty strings.
 * @throws TypeError naming `owner` when there are none
 */
export function secretList(secrets: string | readonly string[] | undefined, owner: string): string[] {
  const list: unknown[] | undefined = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? [...secrets] : undefined;
  if (list === undefined) throw new TypeError(`${owner}: \`secrets\` is required: the secret string, or a list of them while you rotate`);
  if (list.length === 0) throw new TypeError(`${owner}: \`secrets\` is an empty list: no delivery could ever be verified`);
  return list.map((s, i) => {
    if (typeof s !== 'string' || s.length === 0) throw new TypeError(`${owner}: secrets[${i}] must be a non-empty string`);
    return s;
  });
}

/**
 * The HMAC key of a secret string under the scheme's `secret` encoding: its UTF-8 bytes
 * (default), or, for `base64`, the bytes it encodes after the scheme's prefix (e.g. `whsec_`,
 * removed when present).
 * @throws TypeError naming `what` for a secret that is not base64
 */
export function secretKey(scheme: HmacScheme, secret: string, what = 'the secret'): Uint8Array {
  const s = scheme.secret;
  if (!s || s.encoding !== 'base64') return encoder.encode(secret);
  const text = s.prefix && secret.startsWith(s.prefix) ? secret.slice(s.prefix.length) : secret;
  const bytes = decodeBase64(text);
  if (bytes === undefined || bytes.byteLength === 0) {
    throw new TypeError(`${what} is not a base64 key${s.prefix ? ` (after the optional ${s.prefix} prefix)` : ''}`);
  }
  return bytes;
}

/**
 * The digest bytes in one encoded signature: the scheme's prefix stripped (it must be there),
 * then decoded from base64 or hex. Undefined when malformed or of the wrong length.
 */
export function decodeSignature(scheme: HmacScheme, value: string): Uint8Array | undefined {
  let v = value.trim();
  if (scheme.prefix) {
    if (!v.startsWith(scheme.prefix)) return undefined;
    v = v.slice(scheme.prefix.length);
  }
  const bytes = scheme.encoding === 'hex' ? decodeHex(v) : decodeBase64(v);
  return bytes !== undefined && bytes.byteLength === DIGEST_BYTES[scheme.algorithm] ? bytes : undefined;
}

/**
 * The most signatures of one header a receiver considers: a header may list several (one per
 * secret while the provider rotates, or per scheme version), and the rest are ignored, so that
 * the work of a check does not grow with the items an attacker writes into the header.
 */
export const MAX_SIGNATURES: number = 8;

/**
 * A signature header value read by the scheme's `format`: its encoded signatures (every
 * item, or the items named `format.signature`; the first {@link MAX_SIGNATURES}) and its other
 * named items (the first of each name). Without a format the whole value is one signature.
 */
export function readSignatureHeader(scheme: HmacScheme, value: string | undefined): { signatures: string[]; items: Record<string, string> } {
  const f = scheme.format;
  const text = typeof value === 'string' ? value : '';
  // no prototype: an item named `__proto__` or `constructor` is just an item
  const items: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!f) return { signatures: [text.trim()], items };
  const signatures: string[] = [];
  // one pass over the header; only the first MAX_SIGNATURES signatures are kept (the rest are
  // read past, so that a part item after them is still found)
  for (const raw of text.split(f.separator)) {
    const item = raw.trim();
    if (item === '') continue;
    if (!f.pairs) {
      if (signatures.length < MAX_SIGNATURES) signatures.push(item);
      continue;
    }
    const at = item.indexOf(f.pairs);
    if (at <= 0) continue;
    const name = item.slice(0, at).trim();
    if (name === f.signature) {
      if (signatures.length < MAX_SIGNATURES) signatures.push(item.slice(at + f.pairs.length).trim());
    } else if (!hasOwn.call(items, name)) items[name] = item.slice(at + f.pairs.length).trim();
  }
  return { signatures, items };
}

/** The placeholder names of the scheme's signed template other than {body}, in order. */
export function signedPartNames(scheme: HmacScheme): string[] {
  if (!scheme.signed) return [];
  const names: string[] = [];
  for (const m of scheme.signed.matchAll(PLACEHOLDER)) {
    const name = m[1];
    if (name !== undefined && name !== 'body' && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The values of the signed template's parts for one delivery: from request headers
 * (`{ header }`) or from items of the signature header (`{ part }`). `missing` describes each
 * one that is absent.
 */
export function signatureParts(scheme: HmacScheme, value: string | undefined, headers: ReceiveHeaders): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const { items } = readSignatureHeader(scheme, value);
  for (const name of signedPartNames(scheme)) {
    const source = partSource(scheme, name);
    const v = source.header !== undefined ? getHeader(headers, source.header) : hasOwn.call(items, source.part) ? items[source.part] : undefined;
    if (v === undefined || v.trim() === '') missing.push(source.header !== undefined ? `header ${source.header}` : `${source.part}${scheme.format?.pairs ?? ''} item`);
    else values[name] = v.trim();
  }
  return { values, missing };
}

/**
 * The bytes the scheme signs: the raw body as it is, or the signed template with {body}
 * replaced by the raw body bytes (never a re-serialization) and every other placeholder by
 * the UTF-8 bytes of its part's value.
 * @throws TypeError when a part has no value
 */
export function signedContent(scheme: HmacScheme, body: ReceiveBody, parts?: Readonly<Record<string, string | number>>): Uint8Array {
  const bytes = toBytes(body);
  if (!scheme.signed) return bytes;
  const pieces = signedPieces(scheme, bytes, parts);
  let size = 0;
  for (const piece of pieces) size += piece.byteLength;
  return concat(pieces, size);
}

/** {@link signedContent} as its pieces in order: the raw body bytes themselves (not copied), and the UTF-8 bytes of the template's text and parts. */
function signedPieces(scheme: HmacScheme, bytes: Uint8Array, parts?: Readonly<Record<string, string | number>>): Uint8Array[] {
  if (!scheme.signed) return [bytes];
  const pieces: Uint8Array[] = [];
  let last = 0;
  const text = (t: string): void => {
    if (t !== '') pieces.push(encoder.encode(t));
  };
  for (const m of scheme.signed.matchAll(PLACEHOLDER)) {
    text(scheme.signed.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1] ?? '';
    if (name === 'body') pieces.push(bytes);
    else {
      const v = parts === undefined || parts === null ? undefined : parts[name];
      if (v === undefined || v === null) throw new TypeError(`the signed content needs a value for {${name}}`);
      text(String(v));
    }
  }
  text(scheme.signed.slice(last));
  return pieces;
}

/**
 * The signature header value for `body` under `scheme` and `secret`: the encoded HMAC of
 * the signed content after the prefix; with `format.pairs`, preceded by the items that parts
 * come from (`t=<timestamp>,v1=<digest>`). `parts` gives the template's values; a missing
 * `timestamp` is now, in Unix seconds.
 */
export async function signHmac(scheme: HmacScheme, body: ReceiveBody, secret: string, parts?: Readonly<Record<string, string | number>>, crypto: HmacCrypto = hmacCrypto()): Promise<string> {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('the signing secret must be a non-empty string');
  const values: Record<string, string> = {};
  for (const name of signedPartNames(scheme)) {
    const v = parts !== undefined && parts !== null && parts[name] !== undefined ? parts[name] : name === 'timestamp' ? Math.floor(Date.now() / 1000) : undefined;
    if (v === undefined || v === null) throw new TypeError(`signing needs a value for {${name}} (parts.${name})`);
    values[name] = String(v);
  }
  const keyBytes = secretKey(scheme, secret);
  const content = signedPieces(scheme, toBytes(body), values);
  const mac = crypto.node
    ? nodeHmac(crypto.node, scheme.algorithm, keyBytes, content)
    : new Uint8Array(await crypto.subtle.sign('HMAC', await importHmacKey(crypto.subtle, scheme.algorithm, keyBytes), concatAll(content)));
  const encoded = (scheme.prefix || '') + (scheme.encoding === 'hex' ? encodeHex(mac) : encodeBase64(mac));
  const f = scheme.format;
  if (!f || !f.pairs) return encoded;
  const items: string[] = [];
  for (const name of signedPartNames(scheme)) {
    const source = partSource(scheme, name);
    if (source.part !== undefined) items.push(`${source.part}${f.pairs}${values[name]}`);
  }
  items.push(`${f.signature}${f.pairs}${encoded}`);
  return items.join(f.separator);
}

/** True when two byte strings are equal; the time taken depends only on their lengths. */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** The pieces joined into one buffer (the one piece itself, when there is one). */
function concatAll(pieces: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const piece of pieces) size += piece.byteLength;
  return concat(pieces, size);
}

/** A signature check: synchronous with node:crypto, a promise with Web Crypto. */
type HmacCheck = (body: Uint8Array, value: string | undefined, parts?: Readonly<Record<string, string>>) => boolean | Promise<boolean>;

/**
 * A verifier for one receiver: checks a signature header value against the signed content (the
 * raw body, or the template filled with the raw body and `parts`). The HMAC is computed once
 * per secret, whatever the number of signatures in the header (at most {@link MAX_SIGNATURES}
 * of them are considered); each signature is compared with each HMAC in constant time, every
 * pair, so the time taken does not tell which one matched. True when any pair matches.
 * `crypto` (default: {@link hmacCrypto}, node:crypto where the runtime has it) computes the
 * HMACs; with Web Crypto, each secret is imported once, on first use.
 * @throws TypeError when a secret is not in the scheme's secret encoding
 */
export function createHmacVerifier(
  scheme: HmacScheme,
  secrets: string | readonly string[],
  owner = 'createHmacVerifier',
  crypto: HmacCrypto = hmacCrypto(),
): (body: Uint8Array, value: string | undefined, parts?: Readonly<Record<string, string>>) => Promise<boolean> {
  const check = hmacCheck(scheme, secrets, owner, crypto);
  return async (body, value, parts) => check(body, value, parts);
}

/** {@link createHmacVerifier}'s check, without a promise where node:crypto computes the HMACs. */
function hmacCheck(scheme: HmacScheme, secrets: string | readonly string[], owner: string, crypto: HmacCrypto): HmacCheck {
  const list = secretList(secrets, owner);
  const keyBytes = list.map((s, i) => secretKey(scheme, s, `${owner}: secrets[${i}]`));
  const algorithm = scheme.algorithm;
  /** The decoded signatures of a header value (none when no item decodes to a digest). */
  const signaturesOf = (value: string | undefined): Uint8Array[] => {
    if (!scheme.format) {
      // the whole value is one signature (readSignatureHeader without its table of items)
      const signature = decodeSignature(scheme, typeof value === 'string' ? value : '');
      return signature === undefined ? [] : [signature];
    }
    const signatures: Uint8Array[] = [];
    for (const encoded of readSignatureHeader(scheme, value).signatures) {
      const signature = decodeSignature(scheme, encoded);
      if (signature !== undefined) signatures.push(signature);
    }
    return signatures;
  };
  const node = crypto.node;
  if (node) {
    return (body, value, parts) => {
      const signatures = signaturesOf(value);
      if (signatures.length === 0) return false;
      let content: Uint8Array[];
      try {
        content = signedPieces(scheme, body, parts);
      } catch {
        return false;
      }
      let ok = false;
      // every secret and every signature is compared, so the time taken does not tell which one
      // matched; a decoded signature has the digest's length (decodeSignature), as timingSafeEqual needs
      for (const key of keyBytes) {
        const mac = nodeHmac(node, algorithm, key, content);
        for (const signature of signatures) if (node.timingSafeEqual(mac, signature)) ok = true;
      }
      return ok;
    };
  }
  const s = crypto.subtle;
  let keys: Promise<KeyLike[]> | undefined;
  return async (body, value, parts) => {
    const signatures = signaturesOf(value);
    if (signatures.length === 0) return false;
    let content: Uint8Array;
    try {
      content = concatAll(signedPieces(scheme, body, parts));
    } catch {
      return false;
    }
    if (keys === undefined) keys = Promise.all(keyBytes.map((k) => importHmacKey(s, algorithm, k)));
    let imported: KeyLike[];
    try {
      imported = await keys;
    } catch (error) {
      keys = undefined;
      throw error;
    }
    let ok = false;
    // every secret and every signature is compared, so the time taken does not tell which one matched
    for (const key of imported) {
      const mac = new Uint8Array(await s.sign('HMAC', key, content));
      for (const signature of signatures) if (timingSafeEqualBytes(mac, signature)) ok = true;
    }
    return ok;
  };
}

// ---- JSON ----

/**
 * True when arrays/objects in a parsed JSON value nest deeper than `maxDepth` (a container at
 * the root is level 1). Walks the containers with an explicit stack, so any limit is safe, and
 * stops at the first one past the limit: work is linear in the value's containers and members.
 */
export function exceedsValueDepth(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: object[] = [value];
  const depths: number[] = [1];
  for (let top = 0; top >= 0; top--) {
    const v = stack[top];
    const depth = depths[top] ?? 0;
    if (depth > maxDepth) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (item !== null && typeof item === 'object') {
          stack[top] = item;
          depths[top++] = depth + 1;
        }
      }
    } else {
      const members = v as { readonly [key: string]: unknown };
      for (const key in members) {
        const item = members[key];
        if (item !== null && typeof item === 'object') {
          stack[top] = item;
          depths[top++] = depth + 1;
        }
      }
    }
  }
  return false;
}

/** True when the first byte that is not white space is `<` (a body that looks like XML). */
function startsWithAngle(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 32 && b !== 9 && b !== 10 && b !== 13 && b !== 0xef && b !== 0xbb && b !== 0xbf) return b === 60;
  return false;
}

/** The value at a JSON pointer (own properties only), or undefined. */
function atPointer(value: unknown, pointer: string): unknown {
  let v = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object' || !hasOwn.call(v, key)) return undefined;
    v = (v as { readonly [key: string]: unknown })[key];
  }
  return v;
}

// ---- the receiver ----

function fail(reason: ReceiveFailureReason, message: string, extra?: { readonly topic?: string; readonly issues?: readonly ValidationIssue[]; readonly truncated?: true; readonly drift?: readonly PayloadDrift[] }): ReceiveFailure {
  return { ok: false, reason, status: STATUS[reason], message, ...extra };
}

/** The failure of a body over `maxBodyBytes` (413); `size` when it is known (Content-Length, or a body already read). */
export function payloadTooLarge(size: number | undefined, maxBodyBytes: number): ReceiveFailure {
  return fail('payload_too_large', `the body is ${size === undefined ? 'larger than' : `${size} bytes, over`} the limit of ${maxBodyBytes} bytes`);
}

function positiveLimit(value: unknown, owner: string): number {
  if (typeof value === 'number' && (value === Infinity || (Number.isInteger(value) && value >= 1))) return value;
  throw new TypeError(`${owner}: \`maxIssues\` must be a positive integer or Infinity`);
}

function limit(value: unknown, name: string, fallback: number, owner: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new TypeError(`${owner}: \`${name}\` must be a non-negative number`);
  return value;
}

/**
 * The receive pipeline for one provider, as its `create…Receiver` returns it: size → headers →
 * signature and its timestamp → topic → lossless parse → validate. Built from the provider's
 * delivery description (`definition`: title, topic source, body encoding, envelope, headers,
 * signature scheme, and the provider's topics, parser and validator) and the user's `options`.
 */
export function createReceiver(definition: ReceiverDefinition, options: ReceiverOptions | undefined): Receiver {
  const d = definition;
  const owner = d.factory;
  const opts: ReceiverOptions = options === undefined || options === null ? {} : options;
  if (typeof opts !== 'object') throw new TypeError(`${owner}: options must be an object`);
  const maxBodyBytes = limit(opts.maxBodyBytes, 'maxBodyBytes', DEFAULT_MAX_BODY_BYTES, owner);
  const maxDepth = limit(opts.maxDepth, 'maxDepth', DEFAULT_MAX_DEPTH, owner);
  const maxIssues = opts.maxIssues === undefined ? issueLimit(undefined) : positiveLimit(opts.maxIssues, owner);
  const strict = opts.strict === true;
  // a webhook registered with `fields` delivers only those top-level fields
  const fields = Array.isArray(opts.fields) && opts.fields.length ? [...opts.fields] : undefined;
  const scheme = d.signature;
  const verifySignature = scheme ? hmacCheck(scheme, secretList(opts.secrets, owner), owner, hmacCrypto()) : undefined;
  if (opts.now !== undefined && typeof opts.now !== 'function') throw new TypeError(`${owner}: \`now\` must be a function that returns the time in milliseconds (like Date.now)`);
  const clock = opts.now === undefined ? Date.now : opts.now;
  const tolerance = scheme && scheme.tolerance !== undefined ? scheme.tolerance : undefined;
  const verifyHook = scheme ? undefined : opts.verify;
  if (verifyHook !== undefined && typeof verifyHook !== 'function') throw new TypeError(`${owner}: \`verify\` must be a function`);
  const topics = new Set(d.topics);
  if (opts.invalidPayload !== undefined && opts.invalidPayload !== 'accept' && opts.invalidPayload !== 'reject') {
    throw new TypeError(`${owner}: \`invalidPayload\` must be 'accept' or 'reject'; got ${typeof opts.invalidPayload === 'string' ? quote(opts.invalidPayload) : typeof opts.invalidPayload}`);
  }
  const rejectInvalid = opts.invalidPayload === 'reject';
  if (opts.unknownTopics !== undefined && opts.unknownTopics !== 'accept' && opts.unknownTopics !== 'reject') {
    throw new TypeError(`${owner}: \`unknownTopics\` must be 'accept' or 'reject'; got ${typeof opts.unknownTopics === 'string' ? quote(opts.unknownTopics) : typeof opts.unknownTopics}`);
  }
  const rejectUnknown = opts.unknownTopics === 'reject';
  const unknownTopic = (topic: string, where: string): ReceiveFailure =>
    fail('unknown_topic', `unknown ${d.title} topic ${quote(topic)}${where} (the receiver was made with unknownTopics: 'reject')`);
  const onDrift = opts.onDrift;
  if (onDrift !== undefined && typeof onDrift !== 'function') throw new TypeError(`${owner}: \`onDrift\` must be a function`);
  const required: string[] = [];
  if (d.topic.header) required.push(d.topic.header);
  if (scheme) {
    required.push(scheme.header);
    for (const name of signedPartNames(scheme)) {
      const source = partSource(scheme, name);
      if (source.header !== undefined && !required.some((r) => r.toLowerCase() === source.header.toLowerCase())) required.push(source.header);
    }
  }
  for (const h of d.headers) if (h.required && !required.some((r) => r.toLowerCase() === h.name.toLowerCase())) required.push(h.name);
  // header names lowered once, not per delivery
  const requiredLower = required.map((name) => name.toLowerCase());
  const topicHeader = d.topic.header ? d.topic.header.toLowerCase() : undefined;
  const signatureHeader = scheme ? scheme.header.toLowerCase() : undefined;
  // the template's parts (none when the raw body alone is signed: the header is not read for them)
  const hasParts = scheme ? signedPartNames(scheme).length > 0 : false;
  const noParts: { values: Record<string, string>; missing: string[] } = { values: {}, missing: [] };
  const headerFields = d.headers.flatMap((h) => (h.field ? [{ field: h.field, name: h.name.toLowerCase() }] : []));
  // the same options for every delivery: validators only read them
  const validateOptions = fields ? { strict, maxIssues, fields } : { strict, maxIssues };
  const tooLarge = (size: number | undefined): ReceiveFailure => payloadTooLarge(size, maxBodyBytes);
  const routeTopic = (route: { readonly topic?: string | undefined } | null | undefined): string | undefined => {
    if (!d.topic.route) return undefined;
    if (route === null || typeof route !== 'object' || typeof route.topic !== 'string') {
      throw new TypeError(`${owner}: ${d.title} sends no topic; pass the topic of the route the hook was registered for ({ topic })`);
    }
    return route.topic;
  };

  async function receive(input: ReceiveInput): Promise<unknown> {
    if (input === null || typeof input !== 'object') throw new TypeError(`${owner}: receive() takes { headers, body${d.topic.route ? ', topic' : ''} }`);
    const { headers, body } = input;
    const givenTopic = routeTopic(input);
    // 1. size
    const bytes = bytesOf(body);
    if (bytes.byteLength > maxBodyBytes) return tooLarge(bytes.byteLength);
    // 2. headers
    let missing: string[] | undefined;
    for (let i = 0; i < requiredLower.length; i++) {
      const v = headerOf(headers, requiredLower[i] ?? '');
      if (v === undefined || v.trim() === '') (missing ??= []).push(required[i] ?? '');
    }
    if (missing !== undefined) return fail('missing_header', `missing header${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    // present: a missing topic header was rejected above
    const headerTopic = topicHeader !== undefined ? (headerOf(headers, topicHeader) ?? '').trim() : undefined;
    // 3. signature, over the raw bytes (alone, or in the signed template), then its timestamp
    if (scheme && verifySignature && signatureHeader !== undefined) {
      const name = scheme.header;
      const value = headerOf(headers, signatureHeader);
      const parts = hasParts ? signatureParts(scheme, value, headers) : noParts;
      if (parts.missing.length) return fail(scheme.reason, `${name}: the signed content needs the ${parts.missing.join(' and the ')}, which the delivery lacks`);
      const verified = verifySignature(bytes, value, parts.values);
      if (!(typeof verified === 'boolean' ? verified : await verified)) {
        return fail(scheme.reason, `${name} does not match ${scheme.signed ? scheme.signed : 'the body'} under any of the secrets`);
      }
      if (tolerance !== undefined) {
        const stamp = parts.values.timestamp ?? '';
        if (!/^[0-9]{1,15}$/.test(stamp)) return fail('timestamp_out_of_range', `the signed timestamp ${quote(stamp)} is not a Unix time in seconds`);
        const age = Number(clock()) / 1000 - Number(stamp);
        if (!(Math.abs(age) <= tolerance)) {
          return fail('timestamp_out_of_range', `the signed timestamp ${stamp} is ${Number.isFinite(age) ? Math.round(Math.abs(age)) : '?'} s in the ${age < 0 ? 'future' : 'past'}, over the tolerance of ${tolerance} s`);
        }
      }
    } else if (verifyHook) {
      const context: VerifyContext = {
        headers,
        header: (name) => getHeader(headers, name),
        body: bytes,
        topic: givenTopic !== undefined ? givenTopic : headerTopic,
        url: typeof input.url === 'string' ? input.url : undefined,
      };
      if (!(await verifyHook(context))) {
        return fail('verification_failed', 'the verify hook rejected the delivery');
      }
    }
    // 4. topic (header or route; a body field is read after parsing); one the spec does not
    // list is handed over unvalidated, unless the receiver rejects such deliveries
    let topic = givenTopic !== undefined ? givenTopic : headerTopic;
    let known = true;
    if (topic !== undefined && !topics.has(topic)) {
      if (rejectUnknown) return unknownTopic(topic, '');
      known = false;
    }
    // 5. lossless parse (the whole body: for an envelope, the payload is at d.envelope.payload),
    // as JSON or, when the Content-Type says so, as XML
    const format = bodyFormatOf(d.formats, headers);
    let value: unknown;
    if (format === 'xml') {
      const parseXml = d.parseXml;
      if (parseXml === undefined) throw new TypeError(`${owner}: the delivery lists an xml format but has no XML parser`);
      try {
        const text = typeof body === 'string' ? (body.charCodeAt(0) === 0xfeff ? body.slice(1) : body) : utf8.decode(bytes);
        if (topic === undefined) {
          const field = d.topic.field ?? '';
          const found = atPointer(parseXml(undefined, text, { maxDepth, maxLength: maxBodyBytes }), field);
          if (typeof found !== 'string') return fail('unknown_topic', `the body has no topic string at ${field}`);
          if (!topics.has(found)) {
            if (rejectUnknown) return unknownTopic(found, ` (at ${field})`);
            known = false;
          }
          topic = found;
        }
        value = parseXml(known ? topic : undefined, text, { maxDepth, maxLength: maxBodyBytes });
      } catch (error) {
        return fail('invalid_xml', `the body is not XML as ${d.title} sends it: ${escapeText(error instanceof Error ? error.message : String(error))}`, topicOf(known ? topic : undefined));
      }
    } else try {
      // one leading byte order mark is ignored (RFC 8259 §8.1 allows it), from bytes (the
      // decoder drops it) and from a string alike
      const text = typeof body === 'string' ? (body.charCodeAt(0) === 0xfeff ? body.slice(1) : body) : utf8.decode(bytes);
      // the nesting limit holds for the value parsed (for an escaped JSON string body, the JSON
      // inside it): checked on the parsed value, as JSON.parse builds deep nesting without
      // recursion, and a walk over the containers costs a small part of a scan of the text
      let parsed: unknown;
      if (topic === undefined) {
        // neither a header nor a route: the topic is the body field
        const field = d.topic.field ?? '';
        parsed = d.parse(undefined, text);
        if (exceedsValueDepth(parsed, maxDepth)) return fail('invalid_json', `the body nests arrays and objects deeper than ${maxDepth} levels`);
        const found = atPointer(parsed, field);
        if (typeof found !== 'string') return fail('unknown_topic', `the body has no topic string at ${field}`);
        if (!topics.has(found)) {
          if (rejectUnknown) return unknownTopic(found, ` (at ${field})`);
          known = false;
        }
        topic = found;
      }
      if (parsed !== undefined && d.int64ForTopic !== undefined) {
        d.int64ForTopic(topic, parsed);
        value = parsed;
      } else value = d.parse(topic, text);
      // a second parse of the same text nests as the first
      if (parsed === undefined && exceedsValueDepth(value, maxDepth)) return fail('invalid_json', `the body nests arrays and objects deeper than ${maxDepth} levels`, topicOf(known ? topic : undefined));
    } catch (error) {
      const hint = d.formats !== undefined && startsWithAngle(bytes) ? ' (it starts like XML: an XML body needs an XML Content-Type)' : '';
      // the parser's message may quote the body: escaped and cut short like other received text
      return fail('invalid_json', `the body is not JSON${hint}: ${escapeText(error instanceof Error ? error.message : String(error))}`, topicOf(known ? topic : undefined));
    }
    const envelope = d.envelope ? value : undefined;
    if (!known) {
      // a topic the spec does not list: the body as parsed, no model to validate it against
      const expected = `one of the ${topics.size} ${d.title} topics`;
      const issue: ValidationIssue = { path: '', expected, received: quote(topic), message: `topic: expected ${expected}, received ${quote(topic)}` };
      const unknown: Record<string, unknown> = { ok: true, valid: false, known: false, topic, payload: d.envelope ? atPointer(envelope, d.envelope.payload) : value, issues: [issue], drift: [] };
      if (d.envelope) unknown.envelope = envelope;
      if (d.formats !== undefined) unknown.format = format;
      for (const h of headerFields) unknown[h.field] = headerOf(headers, h.name);
      return unknown;
    }
    // 6. validate: the payload, or for an envelope the whole body (the envelope, its topic and
    // its payload member at d.envelope.payload; issue paths point into the body)
    const what = d.envelope ? 'delivery' : 'payload';
    let issues: readonly ValidationIssue[] | undefined;
    let truncated: boolean = false;
    let message = '';
    let checked: ValidationResult<unknown>;
    try {
      const validate = d.envelope ? d.validateEnvelope : d.validate;
      if (validate === undefined) throw new TypeError('the delivery has an envelope but no envelope validator');
      checked = validate(topic, value, validateOptions);
    } catch (error) {
      return fail('invalid_payload', `the ${what} could not be validated: ${escapeText(error instanceof Error ? error.message : String(error))}`, { topic, issues: [] });
    }
    if (d.envelope) value = atPointer(envelope, d.envelope.payload);
    else if (checked.ok) value = checked.value;
    if (!checked.ok) {
      issues = checked.issues;
      truncated = checked.truncated === true;
      const n = issues.length;
      const count = truncated ? `more than ${n} issues` : `${n} issue${n === 1 ? '' : 's'}`;
      message = `the ${topic} ${what} does not match the spec (${count}): ${issues.slice(0, 3).map((i) => i.message).join('; ')}${n > 3 || truncated ? '; ...' : ''}`;
    }
    let result: Record<string, unknown>;
    if (issues === undefined) result = { ok: true, valid: true, known: true, topic, payload: value };
    else {
      // a genuine delivery that drifts from its model: reported, then handed over unvalidated or rejected
      const drift = payloadDrift(issues, d.envelope ? envelope : value);
      if (onDrift) {
        const fieldValues: Record<string, string | undefined> = {};
        for (const h of headerFields) fieldValues[h.field] = headerOf(headers, h.name);
        await onDrift({ topic, outcome: rejectInvalid ? 'rejected' : 'accepted', issues, ...(truncated ? { truncated: true as const } : {}), drift, payload: value as JsonValue | undefined, ...(d.envelope ? { envelope: envelope as JsonValue } : {}), ...fieldValues });
      }
      if (rejectInvalid) return fail('invalid_payload', message, truncated ? { topic, issues, truncated: true, drift } : { topic, issues, drift });
      result = { ok: true, valid: false, known: true, topic, payload: value, issues, drift };
      if (truncated) result.truncated = true;
    }
    if (d.envelope) result.envelope = envelope;
    if (d.formats !== undefined) result.format = format;
    for (const h of headerFields) result[h.field] = headerOf(headers, h.name);
    return result;
  }

  return Object.freeze({
    receive,
    async fromRequest(request: WebRequestLike, route?: RouteTopic): Promise<unknown> {
      const topic = routeTopic(route);
      const declared = contentLength(request.headers);
      if (declared !== undefined && declared > maxBodyBytes) return tooLarge(declared);
      const read = await readRequestBody(request, maxBodyBytes);
      if (!read.ok) return tooLarge(undefined);
      return receive({ headers: request.headers, body: read.bytes, topic, url: request.url });
    },
    async fromNode(request: NodeRequestLike, route?: RouteTopic): Promise<unknown> {
      const topic = routeTopic(route);
      const pre = request.body;
      if (typeof pre === 'string' || isBytes(pre)) return receive({ headers: request.headers, body: pre, topic, url: request.url });
      const declared = contentLength(request.headers);
      if (declared !== undefined && declared > maxBodyBytes) return tooLarge(declared);
      const read = await readNodeBody(request, maxBodyBytes);
      if (!read.ok) return tooLarge(undefined);
      return receive({ headers: request.headers, body: read.bytes, topic, url: request.url });
    },
  });
}

const DRIFT_ORDER: readonly PayloadDriftKind[] = ['missing', 'nullability', 'retyped', 'value', 'precision', 'added'];
const JSON_TYPE_NAMES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** The kind of drift one validation issue is; `at` is the value the issue is about. */
function driftKind(issue: ValidationIssue, at: unknown): PayloadDriftKind {
  if (issue.received === 'missing') return 'missing';
  if (issue.expected.startsWith('absent')) return 'added';
  if (issue.received === 'null') return 'nullability';
  // the lossless parse keeps an integer above 2^53 as its digits
  if (issue.received === 'string' && /\binteger\b/.test(issue.expected) && typeof at === 'string' && /^-?[0-9]{16,}$/.test(at)) return 'precision';
  return JSON_TYPE_NAMES.has(issue.received) ? 'retyped' : 'value';
}

/**
 * A payload's validation issues grouped by kind, field (array indexes as `*`) and expectation,
 * in kind order, then by path. Work is linear in the issues and their paths' depth.
 */
export function payloadDrift(issues: readonly ValidationIssue[], payload: unknown): PayloadDrift[] {
  const groups = new Map<string, { kind: PayloadDriftKind; path: string; expected: string; received: string[]; count: number; example: string }>();
  for (const issue of issues) {
    // walk the payload along the issue's pointer: an index into an array becomes `*`
    let v: unknown = payload;
    let path = '';
    for (const raw of issue.path === '' ? [] : issue.path.split('/').slice(1)) {
      const isItem = Array.isArray(v);
      path += `/${isItem ? '*' : raw}`;
      const key = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
      v = v !== null && typeof v === 'object' && hasOwn.call(v, key) ? (v as { readonly [key: string]: unknown })[key] : undefined;
    }
    const kind = driftKind(issue, v);
    const id = `${kind}\u0000${path}\u0000${issue.expected}`;
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { kind, path, expected: issue.expected, received: [issue.received], count: 1, example: issue.path });
    else {
      group.count++;
      if (!group.received.includes(issue.received) && group.received.length < 8) group.received.push(issue.received);
    }
  }
  return [...groups.values()]
    .sort((a, b) => DRIFT_ORDER.indexOf(a.kind) - DRIFT_ORDER.indexOf(b.kind) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.expected < b.expected ? -1 : a.expected > b.expected ? 1 : 0))
    .map((g) => ({ kind: g.kind, path: g.path, expected: g.expected, received: g.received.join(' | '), count: g.count, example: g.example }));
}

/** A value from the request, quoted, escaped and cut short for a message (`quoteText`). */
function quote(text: string): string {
  return quoteText(text, 100);
}

/** The failure's `topic` member: only a known topic (the failure's type names one of the provider's), so pass undefined for one the spec does not list. */
function topicOf(topic: string | undefined): { readonly topic?: string } {
  return topic === undefined ? {} : { topic };
}

/**
 * A request as the provider would send it, for tests: the body from the provider's
 * stringifier (inside an envelope made of `options.envelope`, when the provider has one; its
 * XML writer for `format: 'xml'`), Content-Type (the format's first media type), the topic header, the documented required headers (from `options.headers`,
 * else the docs' example), the headers the signed content reads (a timestamp header gets
 * `options.timestamp`, default now) and, given a secret, the signature header.
 * `options.headers` is applied last and overrides any of them (case-insensitively).
 */
export async function buildTestRequest(
  definition: ReceiverDefinition,
  options: {
    readonly topic: string;
    readonly payload: unknown;
    readonly envelope?: unknown;
    readonly secret?: string;
    readonly timestamp?: number;
    readonly parts?: Readonly<Record<string, string | number>>;
    readonly headers?: Readonly<Record<string, string>>;
    readonly format?: 'json' | 'xml';
  },
): Promise<TestRequest> {
  const d = definition;
  const owner = d.builder;
  if (options === null || typeof options !== 'object') throw new TypeError(`${owner}: takes { topic, payload${d.envelope ? ', envelope?' : ''}${d.signature ? ', secret' : ''}, headers? }`);
  const given: Readonly<Record<string, string>> = options.headers === undefined || options.headers === null ? {} : options.headers;
  const format = options.format === undefined ? 'json' : options.format;
  const formats = d.formats === undefined ? [{ format: 'json', contentTypes: ['application/json'] }] : d.formats;
  const chosen = formats.find((f) => f.format === format);
  if (chosen === undefined) throw new TypeError(`${owner}: \`format\` must be ${formats.map((f) => JSON.stringify(f.format)).join(' or ')}; got ${typeof format === 'string' ? quote(format) : typeof format}`);
  let body: string;
  if (format === 'xml') {
    if (d.stringifyXml === undefined) throw new TypeError(`${owner}: the delivery lists an xml format but has no XML writer`);
    body = d.stringifyXml(options.topic, options.payload);
  } else body = d.envelope ? d.stringify(options.topic, options.payload, options.envelope) : d.stringify(options.topic, options.payload);
  const headers: Record<string, string> = {};
  const example = (name: string): string | undefined => {
    const h = d.headers.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return h === undefined ? undefined : h.example;
  };
  setHeader(headers, 'Content-Type', chosen.contentTypes[0] ?? 'application/json');
  if (d.topic.header) setHeader(headers, d.topic.header, String(options.topic));
  // the values of the signed template's parts: the headers they come from are sent, signed or not
  const parts: Record<string, string> = {};
  const stamp = options.timestamp !== undefined ? options.timestamp : Math.floor(Date.now() / 1000);
  const scheme = d.signature;
  if (scheme) for (const name of signedPartNames(scheme)) {
    const source = partSource(scheme, name);
    const extra = options.parts !== undefined && options.parts !== null ? options.parts[name] : undefined;
    const fromHeader = source.header !== undefined ? getHeader(given, source.header) : undefined;
    const value = fromHeader !== undefined ? fromHeader : extra !== undefined ? String(extra) : name === 'timestamp' ? String(stamp) : source.header !== undefined ? example(source.header) : undefined;
    if (value === undefined) {
      throw new TypeError(`${owner}: the signed content needs {${name}}: ${source.header !== undefined ? `pass headers[${JSON.stringify(source.header)}] (the docs give no example value)` : `pass parts.${name}`}`);
    }
    parts[name] = value;
    if (source.header !== undefined) setHeader(headers, source.header, value);
  }
  for (const h of d.headers) {
    if (!h.required || getHeader(headers, h.name) !== undefined || (scheme && h.name.toLowerCase() === scheme.header.toLowerCase())) continue;
    const v = getHeader(given, h.name);
    const value = v !== undefined ? v : h.example;
    if (value === undefined) throw new TypeError(`${owner}: headers[${JSON.stringify(h.name)}] is required (the docs give no example value)`);
    setHeader(headers, h.name, value);
  }
  if (scheme && options.secret !== undefined) setHeader(headers, scheme.header, await signHmac(scheme, body, options.secret, parts));
  for (const key of Object.keys(given)) setHeader(headers, key, String(given[key]));
  return { method: d.method, headers, body };
}

/** Sets a header in a plain record, replacing any entry of the same name in another case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  headers[name] = value;
}
