/**
 * `trigger`: sends one test webhook to a URL, as the provider would send it. The payload is the
 * generated fixture of a topic (seeded), serialized, and signed by the generated
 * `build<Prefix>TestRequest`; nothing here knows any provider. What a provider is comes from
 * the spec loader (`loadSpec`: its `typePrefix`, and the `delivery` facts, validated as
 * `npm run generate` validates them), and its functions are found in
 * `generated/<provider>/index.js` by the names the naming module gives them
 * (`providerExportNames`: `<prefix>Topics`, `<prefix>Fixture`, `build<Prefix>TestRequest`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseLossless } from '../../../runtime/json.js';
import type { DeliverySpec, HeaderSpec } from '../../model/types.js';
import { loadSpecSources, providerFolders, type SpecSource } from '../../spec/sources.js';
import type { ProviderSpec } from '../../spec/types.js';
import { closest, formatLocation } from '../../util/diagnostics.js';
import { providerExportNames } from '../../util/naming.js';
import { compareStrings, sortedBy } from '../../util/order.js';
import { formatPointer, parsePointer } from '../../util/pointer.js';
import { editDistance } from '../../util/text.js';

/** The longest `--timeout` a timer can hold (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** The default `--timeout`, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How much of the response body the summary line shows, in characters. */
export const RESPONSE_PREVIEW_CHARS = 200;

/**
 * The most of a response body read, in bytes: a provider reads a receiver's status, not its
 * body, and a receiver (or whatever answers at --to) may send anything. The rest is not read.
 */
export const RESPONSE_LIMIT_BYTES = 1024 * 1024;

/** A bad argument (unknown provider or topic, invalid URL, missing secret...): the CLI prints the message alone and exits 2. */
export class TriggerUsageError extends Error {}

/** The request could not be delivered (unreachable, timed out): the CLI prints the message alone and exits 1. */
export class TriggerDeliveryError extends Error {}

export interface TriggerOptions {
  /** the provider folder under spec/ (and generated/) */
  provider: string;
  /** one of the provider's topics */
  topic: string;
  /** the http(s) URL to POST to (used as given: for a provider whose topic is the route, the route of that topic) */
  to: string;
  /** the signing secret; required when the provider signs its deliveries, refused when it does not */
  secret?: string;
  /** the fixture seed (default 1): same seed, same bytes */
  seed?: number;
  /** keep only these top-level fields of the payload (a webhook registered with `fields`) */
  fields?: readonly string[];
  /** the body format (default json): `xml` for a provider whose spec lists an xml format (`delivery.formats`) */
  format?: string;
  /** the value of the provider's shop-domain header (the delivery header whose spec `field` is `shopDomain`) */
  shop?: string;
  /** header values by name: fill in the required headers, override any other (e.g. a bad signature) */
  headers?: Readonly<Record<string, string>>;
  /** build the request, send nothing */
  dryRun?: boolean;
  /** milliseconds to wait for the whole response (default 10 000) */
  timeout?: number;
  /** the project root (default: the current directory) */
  root?: string;
  /** where the providers' specs are (default: `<root>/spec`) */
  sources?: readonly SpecSource[];
  /** the generated folder, relative to the root (default: generated) */
  outDir?: string;
  /** the fetch to send with (default: the platform's) */
  fetch?: typeof fetch;
}

export interface TriggerRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** the body text, byte for byte what is signed and sent */
  body: string;
}

export interface TriggerResponse {
  status: number;
  statusText: string;
  /** 2xx */
  ok: boolean;
  /** from sending to the end of the response body, rounded */
  ms: number;
  /** the response body, its first RESPONSE_LIMIT_BYTES when it is longer */
  body: string;
  /** the body was longer than RESPONSE_LIMIT_BYTES: the rest was not read */
  truncated: boolean;
  /** the Location header of a redirect (redirects are not followed, as providers do not follow them) */
  location: string | undefined;
}

export interface TriggerResult {
  request: TriggerRequest;
  /** absent with `dryRun` */
  response?: TriggerResponse;
}

/** A delivery header as the spec describes it. */
export type DeliveryHeader = HeaderSpec;

/** The generated fixture of one topic (`<prefix>Fixture(topic)`). */
export interface TopicFixture {
  build(overrides?: unknown, options?: { seed?: number }): unknown;
  sample(): unknown;
}

/** What the generated `build<Prefix>TestRequest` takes and gives. */
export type BuildTestRequest = (options: { topic: string; payload: unknown; envelope?: unknown; secret?: string; headers?: Record<string, string>; format?: string }) => Promise<{ method: string; headers: Record<string, string>; body: string }>;

/**
 * The envelope a provider wraps its payloads in (`delivery.envelope`): the payload's pointer in
 * the body, and the envelope's other members as a documented sample shows them (the builder
 * puts the payload, and a topic field outside it, into a copy of them).
 */
export interface TriggerEnvelope {
  /** JSON pointer of the payload in the body */
  payload: string;
  /** a verbatim envelope sample of the spec (a model sample that points into it, `file#pointer`), parsed losslessly; absent when no sample points into one */
  members?: Record<string, unknown>;
  /** that sample file, relative to the root */
  from?: string;
}

/** What trigger needs of a provider: its spec facts and its generated functions. */
export interface TriggerProvider {
  id: string;
  title: string;
  topics: readonly string[];
  topicSource: DeliverySpec['topic'];
  headers: readonly DeliveryHeader[];
  signature: { header: string } | null;
  /** the body formats the provider delivers (`json`, and `xml` when its spec lists it) */
  formats: readonly string[];
  /** the envelope around the payload, when the provider has one */
  envelope?: TriggerEnvelope;
  fixture(topic: string): TopicFixture;
  buildRequest: BuildTestRequest;
}

/** The provider ids of a project: the provider folders of its spec sources (default: spec/), sorted. */
export function knownProviders(root: string, sources?: readonly SpecSource[]): string[] {
  if (!sources) return providerFolders(root, 'spec');
  return [...new Set(sources.flatMap((s) => s.ids ?? providerFolders(s.root, s.specDir)))].sort(compareStrings);
}

/** Where a provider's spec and generated module are. */
export interface ProviderPlace {
  /** the spec sources (default: `<root>/spec`) */
  sources?: readonly SpecSource[];
  /** the generated folder, relative to the root (default: generated) */
  outDir?: string;
}

/**
 * Loads a provider: its spec through the loader `generate` uses, and `<outDir>/<id>/index.js`.
 * @throws {TriggerUsageError} for an unknown provider, one whose spec has problems, or one whose generated module is missing or lacks an export
 */
export async function loadTriggerProvider(root: string, id: string, place: ProviderPlace = {}): Promise<TriggerProvider> {
  const sources: readonly SpecSource[] = place.sources ?? [{ root, specDir: 'spec', origin: 'project' }];
  const outDir = place.outDir ?? 'generated';
  const known = knownProviders(root, place.sources);
  const source = /^[a-z0-9][a-z0-9-]*$/.test(id) ? sources.find((s) => (s.ids ?? providerFolders(s.root, s.specDir)).includes(id)) : undefined;
  if (!source) {
    const guess = closest(id, known);
    throw new TriggerUsageError(`unknown provider "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${known.join(', ') || `none (no spec/*/provider.yaml under ${root})`}`);
  }
  const dir = `${source.specDir}/${id}`;
  // only this provider: a broken neighbour does not stop it
  const { providers, problems } = loadSpecSources([{ ...source, ids: [id] }]);
  const own = problems.filter((p) => p.at.file === dir || p.at.file.startsWith(`${dir}/`));
  const spec = providers.find((p) => p.id === id);
  if (own.length > 0 || !spec) {
    const first = own[0];
    const what = first ? `${own.length} problem(s), the first at ${formatLocation(first.at)}: ${oneLine(first.message)}` : 'a problem';
    throw new TriggerUsageError(`${dir}/ has ${what}; run \`npm run generate\` to see ${own.length === 1 ? 'it' : 'them'}`);
  }

  const shown = `${outDir}/${id}/index.js`;
  const entry = join(root, outDir, id, 'index.js');
  if (!existsSync(entry)) throw new TriggerUsageError(`${shown} is missing; run \`npm run generate\``);
  const mod: Record<string, unknown> = await import(pathToFileURL(entry).href);
  const names = providerExportNames(spec.typePrefix);
  const missing = (name: string) => new TriggerUsageError(`${shown} exports no ${name}; run \`npm run generate\``);
  const topics = mod[names.topics];
  if (!Array.isArray(topics)) throw missing(names.topics);
  const fixture = mod[names.fixture];
  if (typeof fixture !== 'function') throw missing(names.fixture);
  const buildRequest = mod[names.buildTestRequest];
  if (typeof buildRequest !== 'function') throw missing(names.buildTestRequest);

  const { delivery } = spec;
  return {
    id,
    title: spec.title,
    topics: topics.map(String),
    topicSource: delivery.topic,
    headers: delivery.headers,
    signature: delivery.signature === 'none' ? null : { header: delivery.signature.header },
    formats: delivery.formats ? delivery.formats.map((f) => f.format) : ['json'],
    ...(delivery.envelope ? { envelope: envelopeOf(root, spec, delivery.envelope.payload) } : {}),
    // the generated module's own declarations type these; the checks above are what a plain import can know
    fixture: fixture as TriggerProvider['fixture'],
    buildRequest: buildRequest as BuildTestRequest,
  };
}

/**
 * The candidates closest to `word`, by the rule of the generator's did-you-mean (`closest` in
 * diagnostics.js, whose best guess comes first here): a prefix either way counts as distance 1,
 * else the edit distance, within max(2, length / 3) and at most one more than the best; ties by
 * name; at most `max`.
 */
export function closeMatches(word: string, candidates: readonly string[], max = 4): string[] {
  const a = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const b = c.toLowerCase();
    // a prefix (`orders/creat`, `orders/`) is as good a guess as a one-letter typo
    const d = a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || compareStrings(x.c, y.c));
  const best = scored[0];
  if (best === undefined) return [];
  // only the near-best: a far one next to an obvious typo fix is noise
  return scored
    .filter((s) => s.d <= best.d + 1)
    .slice(0, max)
    .map((s) => s.c);
}

/** `a`, `a or b`, `a, b or c` */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The one line for a topic the provider does not have. */
export function unknownTopicMessage(topic: string, topics: readonly string[]): string {
  const near = closeMatches(topic, topics);
  return `unknown topic "${topic}"${near.length ? `; did you mean ${orList(near)}?` : ''} (see --list-topics)`;
}

/** Parses `--to`: an absolute http or https URL. */
export function parseTargetUrl(to: string): URL {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new TriggerUsageError(`--to: invalid URL "${to}" (expected an absolute http:// or https:// URL)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TriggerUsageError(`--to: only http:// and https:// URLs can receive webhooks, not "${to}"`);
  return url;
}

/**
 * The envelope of a provider: its payload pointer and, from the first model sample (in model
 * order) that points into a verbatim envelope file at that pointer (`samples/x.json#/data`),
 * that file's members. The same members for every topic: an envelope is uniform.
 */
function envelopeOf(root: string, spec: ProviderSpec, payload: string): TriggerEnvelope {
  const suffix = `#${payload}`;
  for (const m of spec.models) {
    const s = m.samples.find((x) => x.file.endsWith(suffix));
    if (!s) continue;
    const file = s.file.slice(0, -suffix.length);
    let members: unknown;
    try {
      members = parseLossless(readFileSync(join(root, file), 'utf8'));
    } catch {
      continue; // the loader reported it; another sample may do
    }
    if (isPlainObject(members)) return { payload, members, from: file };
  }
  return { payload };
}

/**
 * The path of a body-field topic relative to where the payload sits: the field itself without
 * an envelope; its path inside the payload when the envelope's payload holds it; undefined when
 * the field is a member of the envelope (the generated builder writes it there).
 */
function topicPathInPayload(field: string, envelope: TriggerEnvelope | undefined): string | undefined {
  if (!envelope) return field;
  const payload = parsePointer(envelope.payload);
  const keys = parsePointer(field);
  const inside = keys.length > payload.length && payload.every((k, i) => keys[i] === k);
  return inside ? formatPointer(keys.slice(payload.length)) : undefined;
}

/**
 * Sets the value at a JSON pointer of `value` when every parent on the way is an object (the
 * topic of a provider that names it in a body field: the fixture's value may be another topic's).
 */
function setAtPointer(value: unknown, pointer: string, to: unknown): void {
  const keys = parsePointer(pointer);
  const last = keys.pop();
  if (last === undefined) return;
  let node = value;
  for (const k of keys) {
    if (!isPlainObject(node)) return;
    node = node[k];
  }
  if (isPlainObject(node)) node[last] = to;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function oneLine(s: string): string {
  // messages may quote what a server sent: no control character reaches the terminal
  return s.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/**
 * Builds the request for one topic's fixture, as the provider would send it; sends it unless
 * `dryRun`. Resolves with the request and, when sent, the response (any status).
 * @throws {TriggerUsageError} for a bad option (unknown provider, topic or field, invalid URL, missing or unexpected secret, bad header)
 * @throws {TriggerDeliveryError} when no response arrives (unreachable, timed out)
 */
export async function trigger(options: TriggerOptions): Promise<TriggerResult> {
  const root = resolve(options.root ?? process.cwd());
  const p = await loadTriggerProvider(root, options.provider, { ...(options.sources ? { sources: options.sources } : {}), ...(options.outDir !== undefined ? { outDir: options.outDir } : {}) });
  if (!p.topics.includes(options.topic)) throw new TriggerUsageError(unknownTopicMessage(options.topic, p.topics));
  const url = parseTargetUrl(options.to);
  if (p.signature && (options.secret === undefined || options.secret === '')) {
    throw new TriggerUsageError(`--secret is required: ${p.title} signs every delivery (${p.signature.header}); give the secret your receiver verifies with`);
  }
  if (!p.signature && options.secret !== undefined) {
    throw new TriggerUsageError(`--secret: ${p.title} documents no signature, so there is nothing to sign; leave --secret out`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new TriggerUsageError(`--seed: expected an integer, got ${seed}`);
  const format = options.format ?? 'json';
  if (!p.formats.includes(format)) {
    const guess = closest(format, p.formats);
    throw new TriggerUsageError(
      `--format: ${p.title} delivers ${orList(p.formats)} bodies, not "${format}"${guess && guess !== format ? ` (did you mean ${guess}?)` : ''}${p.formats.length === 1 ? ' (its spec lists no other format under delivery.formats)' : ''}`,
    );
  }
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  // timers hold 32 bits: a longer timeout would fire at once
  if (!Number.isSafeInteger(timeout) || timeout <= 0 || timeout > MAX_TIMER_MS) throw new TriggerUsageError(`--timeout: expected a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${timeout}`);

  const headers: Record<string, string> = {};
  if (options.shop !== undefined) {
    const shop = p.headers.find((h) => h.field === 'shopDomain');
    if (!shop) throw new TriggerUsageError(`--shop: ${p.title} documents no shop-domain header (no delivery header with field: shopDomain); use --header Name=value`);
    headers[shop.name] = options.shop;
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    checkHeader(name, value);
    const clash = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (clash !== undefined) throw new TriggerUsageError(`--header ${name}: --shop already sets ${clash}; give one of them`);
    headers[name] = value;
  }

  const fixture = p.fixture(options.topic);
  let payload = fixture.build(undefined, { seed });
  // a topic field inside the payload is set there; one of the envelope is the builder's to write
  const inPayload = 'field' in p.topicSource ? topicPathInPayload(p.topicSource.field, p.envelope) : undefined;
  if (inPayload !== undefined) setAtPointer(payload, inPayload, options.topic);
  if (options.fields !== undefined) payload = pickFields(payload, options.fields, fixture, options.topic);
  // the payload goes into the provider's envelope, as a documented sample shows it
  const envelope = p.envelope?.members;

  let built: Awaited<ReturnType<BuildTestRequest>>;
  try {
    built = await p.buildRequest({ topic: options.topic, payload, ...(envelope ? { envelope } : {}), ...(p.signature ? { secret: options.secret } : {}), headers, ...(format !== 'json' ? { format } : {}) });
  } catch (e) {
    // e.g. a required header the docs give no example of: the builder names it
    throw new TriggerUsageError(oneLine(e instanceof Error ? e.message : String(e)).replace(/\(the docs give no example value\)/, '(the docs give no example value): pass --header Name=value'));
  }
  const request: TriggerRequest = { method: built.method, url: url.href, headers: built.headers, body: built.body };
  if (options.dryRun) return { request };
  return { request, response: await send(request, timeout, options.fetch ?? fetch) };
}

function checkHeader(name: string, value: string): void {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new TriggerUsageError(`--header: "${name}" is not a valid header name`);
  if (/[\r\n\0]/.test(value)) throw new TriggerUsageError(`--header ${name}: the value may not contain a line break`);
}

/**
 * Keeps the given top-level fields of a payload, in the payload's order (a webhook registered
 * with `fields` delivers only those). Each must be a field of the topic's payload.
 */
function pickFields(payload: unknown, fields: readonly string[], fixture: { sample(): unknown }, topic: string): Record<string, unknown> {
  if (!isPlainObject(payload)) throw new TriggerUsageError(`--fields: the payload of ${topic} is not an object`);
  const object = payload;
  const sample = fixture.sample();
  const known = [...new Set([...Object.keys(object), ...(sample !== null && typeof sample === 'object' ? Object.keys(sample) : [])])];
  if (fields.length === 0) throw new TriggerUsageError('--fields: give at least one field name');
  for (const f of fields) {
    if (f === '') throw new TriggerUsageError('--fields: an empty field name (a stray comma?)');
    if (known.includes(f)) continue;
    if (known.length === 0) throw new TriggerUsageError(`--fields: the payload of ${topic} is undocumented, so it has no fields to keep`);
    const near = closeMatches(f, known, 3);
    throw new TriggerUsageError(`--fields: "${f}" is not a top-level field of the ${topic} payload${near.length ? `; did you mean ${orList(near)}?` : ''}`);
  }
  const keep = new Set(fields);
  return Object.fromEntries(Object.entries(object).filter(([k]) => keep.has(k)));
}

/**
 * POSTs the request; the timeout covers the whole response, body included. Redirects are not
 * followed. At most RESPONSE_LIMIT_BYTES of the body are read.
 */
async function send(request: TriggerRequest, timeout: number, fetchImpl: typeof fetch): Promise<TriggerResponse> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
    });
  } catch (e) {
    throw new TriggerDeliveryError(describeFetchError(e, request.url, timeout));
  }
  let read: { text: string; truncated: boolean };
  try {
    read = await readLimited(res, RESPONSE_LIMIT_BYTES);
  } catch (e) {
    const timedOut = prop(e, 'name') === 'TimeoutError' || prop(prop(e, 'cause'), 'name') === 'TimeoutError';
    throw new TriggerDeliveryError(
      timedOut
        ? `${request.url} answered ${res.status}, but its body did not end within ${timeout} ms (--timeout)`
        : `${request.url} answered ${res.status}, but its body could not be read: ${describeFetchError(e, request.url, timeout).replace(/^cannot reach \S+: /, '')}`,
    );
  }
  return {
    status: res.status,
    statusText: res.statusText,
    ok: res.status >= 200 && res.status < 300,
    ms: Math.round(performance.now() - started),
    body: read.text,
    truncated: read.truncated,
    location: res.headers.get('location') ?? undefined,
  };
}

/** The first `limit` bytes of a body as text (UTF-8, invalid bytes replaced); the rest is not read, and the connection is let go. */
async function readLimited(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - total;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      total += room;
      await reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks, total).toString('utf8'), truncated: true };
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return { text: Buffer.concat(chunks, total).toString('utf8'), truncated: false };
}

/** What a connect error code means, in words. */
const CONNECT_ERRORS: ReadonlyMap<string, string> = new Map(Object.entries({
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (EAI_AGAIN)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed before a complete response',
  UND_ERR_CLOSED: 'the connection closed before a complete response',
}));

/** A property of an unknown value, when it is an object that has it. */
function prop(v: unknown, key: string): unknown {
  return v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as Record<string, unknown>)[key] : undefined;
}

/** The first of the `errors` of an AggregateError-like value. */
function firstError(v: unknown): unknown {
  const errors = prop(v, 'errors');
  return Array.isArray(errors) ? errors[0] : undefined;
}

/**
 * One line for a failed fetch: `cannot reach <url>: connection refused`, `no response from
 * <url> within 5000 ms (--timeout)`.
 */
export function describeFetchError(error: unknown, url: string, timeout: number): string {
  if (prop(error, 'name') === 'TimeoutError' || prop(prop(error, 'cause'), 'name') === 'TimeoutError') return `no response from ${url} within ${timeout} ms (--timeout)`;
  // undici: TypeError('fetch failed') whose cause is the socket error (an AggregateError when
  // several addresses were tried, `localhost` → ::1 and 127.0.0.1)
  const cause = prop(error, 'cause') ?? error;
  const code = String(prop(cause, 'code') ?? prop(firstError(cause), 'code') ?? '');
  const connect = CONNECT_ERRORS.get(code);
  if (connect !== undefined) return `cannot reach ${url}: ${connect}`;
  // the Fetch standard blocks some ports (9, 25, 6000...): fetch refuses them before connecting
  if (prop(cause, 'message') === 'bad port') return `cannot reach ${url}: fetch refuses port ${new URL(url).port} (a blocked port of the Fetch standard); use another port`;
  // llhttp: the bytes that came back are not an HTTP response
  if (code.startsWith('HPE_')) return `${url} answered with something that is not HTTP (${code}: ${oneLine(String(prop(cause, 'message') ?? ''))})`;
  if (/CERT|SSL|TLS/.test(code)) return `cannot reach ${url}: TLS error: ${oneLine(String(prop(cause, 'message') ?? code))}`;
  const message = oneLine(String(prop(cause, 'message') || prop(firstError(cause), 'message') || prop(error, 'message') || error));
  return `cannot reach ${url}: ${code && !message.includes(code) ? `${code}: ` : ''}${message}`;
}

/**
 * The one line for a response: `200 OK in 12 ms: ok` (the body's first 200 characters, line
 * breaks as spaces; a redirect's target, which is not followed).
 */
export function formatResponse(r: TriggerResponse): string {
  // whatever answers may send anything: control characters never reach the terminal
  const clean = (t: string) => t.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  const statusText = clean(r.statusText).trim().slice(0, 80);
  const head = `${r.status}${statusText ? ` ${statusText}` : ''} in ${r.ms} ms`;
  const chars = Array.from(clean(r.body).trim());
  let tail = chars.length === 0 ? '' : `: ${chars.slice(0, RESPONSE_PREVIEW_CHARS).join('')}${chars.length > RESPONSE_PREVIEW_CHARS || r.truncated ? '…' : ''}`;
  if (r.truncated) tail += ` (a body over ${RESPONSE_LIMIT_BYTES} bytes: the rest was not read)`;
  if (r.status >= 300 && r.status < 400 && r.location !== undefined) tail += ` (redirect to ${Array.from(clean(r.location)).slice(0, RESPONSE_PREVIEW_CHARS).join('')}, not followed)`;
  return head + (tail === '' ? ' (empty body)' : tail);
}

/**
 * The request as text, for `--dry-run`: the request line, the headers sorted by name
 * (case-insensitively), a blank line, the body exactly as it would be sent.
 */
export function formatRequest(request: TriggerRequest): string {
  const names = sortedBy(Object.keys(request.headers), (n) => n.toLowerCase());
  return `${request.method} ${request.url}\n${names.map((n) => `${n}: ${request.headers[n]}\n`).join('')}\n${request.body}\n`;
}
