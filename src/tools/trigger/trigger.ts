// @ts-check
/**
 * `trigger`: sends one test webhook to a URL, as the provider would send it. The payload is the
 * generated fixture of a topic (seeded), serialized, and signed by the generated
 * `build<Prefix>TestRequest`; nothing here knows any provider. What a provider is comes from
 * `spec/<provider>/provider.yaml` (its `typePrefix`, and the `delivery` facts), and its functions
 * are found in `generated/<provider>/index.js` by the naming convention of the generator:
 * `<prefix>Topics`, `<prefix>Fixture`, `build<Prefix>TestRequest`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { closest } from '../../util/diagnostics.js';
import { camelCase } from '../../util/naming.js';

/** The default `--timeout`, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How much of the response body the summary line shows, in characters. */
export const RESPONSE_PREVIEW_CHARS = 200;

/** A bad argument (unknown provider or topic, invalid URL, missing secret...): the CLI prints the message alone and exits 2. */
export class TriggerUsageError extends Error {}

/** The request could not be delivered (unreachable, timed out): the CLI prints the message alone and exits 1. */
export class TriggerDeliveryError extends Error {}

/**
 * @typedef {object} TriggerOptions
 * @property {string} provider   the provider folder under spec/ (and generated/)
 * @property {string} topic      one of the provider's topics
 * @property {string} to         the http(s) URL to POST to (used as given: for a provider whose topic is the route, the route of that topic)
 * @property {string} [secret]   the signing secret; required when the provider signs its deliveries, refused when it does not
 * @property {number} [seed]     the fixture seed (default 1): same seed, same bytes
 * @property {readonly string[]} [fields]  keep only these top-level fields of the payload (a webhook registered with `fields`)
 * @property {string} [shop]     the value of the provider's shop-domain header (the delivery header whose spec `field` is `shopDomain`)
 * @property {Readonly<Record<string, string>>} [headers]  header values by name: fill in the required headers, override any other (e.g. a bad signature)
 * @property {boolean} [dryRun]  build the request, send nothing
 * @property {number} [timeout]  milliseconds to wait for the whole response (default 10 000)
 * @property {string} [root]     the project root (default: the current directory)
 * @property {typeof fetch} [fetch]  the fetch to send with (default: the platform's)
 */

/**
 * @typedef {object} TriggerRequest
 * @property {string} method
 * @property {string} url
 * @property {Record<string, string>} headers
 * @property {string} body       the body text, byte for byte what is signed and sent
 */

/**
 * @typedef {object} TriggerResponse
 * @property {number} status
 * @property {string} statusText
 * @property {boolean} ok        2xx
 * @property {number} ms         from sending to the end of the response body, rounded
 * @property {string} body       the whole response body
 * @property {string | undefined} location  the Location header of a redirect (redirects are not followed, as providers do not follow them)
 */

/**
 * @typedef {object} TriggerResult
 * @property {TriggerRequest} request
 * @property {TriggerResponse} [response]  absent with `dryRun`
 */

/**
 * @typedef {object} DeliveryHeader
 * @property {string} name
 * @property {string} [field]
 * @property {boolean} [required]
 * @property {string} [example]
 */

/**
 * What trigger needs of a provider: its spec facts and its generated functions.
 * @typedef {object} TriggerProvider
 * @property {string} id
 * @property {string} title
 * @property {readonly string[]} topics
 * @property {{ header?: string, route?: boolean, field?: string }} topicSource
 * @property {readonly DeliveryHeader[]} headers
 * @property {{ header: string } | null} signature
 * @property {(topic: string) => { build(overrides?: unknown, options?: { seed?: number }): unknown, sample(): unknown }} fixture
 * @property {(options: { topic: string, payload: unknown, secret?: string, headers?: Record<string, string> }) => Promise<{ method: string, headers: Record<string, string>, body: string }>} buildRequest
 */

/**
 * The provider ids of a project: the folders under spec/ that hold a provider.yaml, sorted.
 * @param {string} root
 * @returns {string[]}
 */
export function knownProviders(root) {
  const dir = join(root, 'spec');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'provider.yaml')))
    .map((d) => d.name)
    .sort();
}

/**
 * Loads a provider: spec/<id>/provider.yaml (with the `yaml` package) and generated/<id>/index.js.
 * @param {string} root
 * @param {string} id
 * @returns {Promise<TriggerProvider>}
 * @throws {TriggerUsageError} for an unknown provider, or one whose generated module is missing
 */
export async function loadTriggerProvider(root, id) {
  const file = join(root, 'spec', id, 'provider.yaml');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !existsSync(file)) {
    const known = knownProviders(root);
    const guess = closest(id, known);
    throw new TriggerUsageError(`unknown provider "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${known.join(', ') || `none (no spec/*/provider.yaml under ${root})`}`);
  }
  /** @type {any} */
  let doc;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TriggerUsageError(`spec/${id}/provider.yaml: ${oneLine(/** @type {Error} */ (e).message)}; run \`npm run generate\` to see the problem`);
  }
  const typePrefix = doc?.typePrefix;
  if (typeof typePrefix !== 'string' || typePrefix === '') throw new TriggerUsageError(`spec/${id}/provider.yaml has no typePrefix; run \`npm run generate\` to see the problem`);
  const delivery = doc.delivery && typeof doc.delivery === 'object' ? doc.delivery : {};

  const entry = join(root, 'generated', id, 'index.js');
  if (!existsSync(entry)) throw new TriggerUsageError(`generated/${id}/index.js is missing; run \`npm run generate\``);
  /** @type {Record<string, unknown>} */
  const mod = await import(pathToFileURL(entry).href);
  const prefix = camelCase(typePrefix);
  /** @param {string} name @param {'function' | 'object'} type */
  const exported = (name, type) => {
    const v = mod[name];
    if (typeof v !== type || v === null) throw new TriggerUsageError(`generated/${id}/index.js exports no ${name}; run \`npm run generate\``);
    return /** @type {any} */ (v);
  };
  const topics = exported(`${prefix}Topics`, 'object');
  const fixture = exported(`${prefix}Fixture`, 'function');
  const buildRequest = exported(`build${typePrefix}TestRequest`, 'function');

  const source = delivery.topic && typeof delivery.topic === 'object' ? delivery.topic : {};
  const signature = delivery.signature && typeof delivery.signature === 'object' && typeof delivery.signature.header === 'string' ? { header: String(delivery.signature.header) } : null;
  const headers = Array.isArray(delivery.headers)
    ? delivery.headers
        .filter((/** @type {any} */ h) => h && typeof h.name === 'string')
        .map((/** @type {any} */ h) => ({ name: String(h.name), field: typeof h.field === 'string' ? h.field : undefined, required: h.required === true, example: h.example === undefined ? undefined : String(h.example) }))
    : [];
  return {
    id,
    title: typeof doc.title === 'string' ? doc.title : id,
    topics: [...topics].map(String),
    topicSource: {
      header: typeof source.header === 'string' ? source.header : undefined,
      route: source.route === true,
      field: typeof source.field === 'string' ? source.field : undefined,
    },
    headers,
    signature,
    fixture,
    buildRequest,
  };
}

/**
 * The candidates closest to `word`, by the rule of the generator's did-you-mean (`closest` in
 * diagnostics.js, whose best guess comes first here): a prefix either way counts as distance 1,
 * else the edit distance, within max(2, length / 3) and at most one more than the best; ties by
 * name; at most `max`.
 * @param {string} word
 * @param {readonly string[]} candidates
 * @param {number} [max]
 * @returns {string[]}
 */
export function closeMatches(word, candidates, max = 4) {
  const a = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  /** @type {{ c: string, d: number }[]} */
  const scored = [];
  for (const c of candidates) {
    const b = c.toLowerCase();
    // a prefix (`orders/creat`, `orders/`) is as good a guess as a one-letter typo
    const d = a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  // only the near-best: a far one next to an obvious typo fix is noise
  return scored
    .filter((s) => s.d <= scored[0].d + 1)
    .slice(0, max)
    .map((s) => s.c);
}

/** @param {string} a @param {string} b */
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** `a`, `a or b`, `a, b or c` @param {readonly string[]} items */
function orList(items) {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * The one line for a topic the provider does not have.
 * @param {string} topic
 * @param {readonly string[]} topics
 */
export function unknownTopicMessage(topic, topics) {
  const near = closeMatches(topic, topics);
  return `unknown topic "${topic}"${near.length ? `; did you mean ${orList(near)}?` : ''} (see --list-topics)`;
}

/**
 * Parses `--to`: an absolute http or https URL.
 * @param {string} to
 * @returns {URL}
 */
export function parseTargetUrl(to) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(to);
  } catch {
    throw new TriggerUsageError(`--to: invalid URL "${to}" (expected an absolute http:// or https:// URL)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TriggerUsageError(`--to: only http:// and https:// URLs can receive webhooks, not "${to}"`);
  return url;
}

/**
 * Sets the value at a JSON pointer of `value` when every parent on the way is an object (the
 * topic of a provider that names it in a body field: the fixture's value may be another topic's).
 * @param {unknown} value @param {string} pointer @param {unknown} to
 */
function setAtPointer(value, pointer, to) {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (keys.length === 0) return;
  let node = /** @type {any} */ (value);
  for (const k of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    node = node[k];
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) node[keys[keys.length - 1]] = to;
}

/** @param {string} s */
function oneLine(s) {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Builds the request for one topic's fixture, as the provider would send it; sends it unless
 * `dryRun`. Resolves with the request and, when sent, the response (any status).
 * @param {TriggerOptions} options
 * @returns {Promise<TriggerResult>}
 * @throws {TriggerUsageError} for a bad option (unknown provider, topic or field, invalid URL, missing or unexpected secret, bad header)
 * @throws {TriggerDeliveryError} when no response arrives (unreachable, timed out)
 */
export async function trigger(options) {
  const root = resolve(options.root ?? process.cwd());
  const p = await loadTriggerProvider(root, options.provider);
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
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeout) || timeout <= 0) throw new TriggerUsageError(`--timeout: expected a positive number of milliseconds, got ${timeout}`);

  /** @type {Record<string, string>} */
  const headers = {};
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
  if (p.topicSource.field !== undefined) setAtPointer(payload, p.topicSource.field, options.topic);
  if (options.fields !== undefined) payload = pickFields(payload, options.fields, fixture, options.topic);

  /** @type {{ method: string, headers: Record<string, string>, body: string }} */
  let built;
  try {
    built = await p.buildRequest({ topic: options.topic, payload, ...(p.signature ? { secret: options.secret } : {}), headers });
  } catch (e) {
    // e.g. a required header the docs give no example of: the builder names it
    throw new TriggerUsageError(oneLine(/** @type {Error} */ (e).message).replace(/\(the docs give no example value\)/, '(the docs give no example value): pass --header Name=value'));
  }
  /** @type {TriggerRequest} */
  const request = { method: built.method, url: url.href, headers: built.headers, body: built.body };
  if (options.dryRun) return { request };
  return { request, response: await send(request, timeout, options.fetch ?? fetch) };
}

/**
 * @param {string} name @param {string} value
 */
function checkHeader(name, value) {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new TriggerUsageError(`--header: "${name}" is not a valid header name`);
  if (/[\r\n\0]/.test(value)) throw new TriggerUsageError(`--header ${name}: the value may not contain a line break`);
}

/**
 * Keeps the given top-level fields of a payload, in the payload's order (a webhook registered
 * with `fields` delivers only those). Each must be a field of the topic's payload.
 * @param {unknown} payload
 * @param {readonly string[]} fields
 * @param {{ sample(): unknown }} fixture
 * @param {string} topic
 * @returns {Record<string, unknown>}
 */
function pickFields(payload, fields, fixture, topic) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new TriggerUsageError(`--fields: the payload of ${topic} is not an object`);
  const object = /** @type {Record<string, unknown>} */ (payload);
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
 * POSTs the request; the timeout covers the whole response. Redirects are not followed.
 * @param {TriggerRequest} request @param {number} timeout @param {typeof fetch} fetchImpl
 * @returns {Promise<TriggerResponse>}
 */
async function send(request, timeout, fetchImpl) {
  const started = performance.now();
  try {
    const res = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
    });
    const body = await res.text();
    return {
      status: res.status,
      statusText: res.statusText,
      ok: res.status >= 200 && res.status < 300,
      ms: Math.round(performance.now() - started),
      body,
      location: res.headers.get('location') ?? undefined,
    };
  } catch (e) {
    throw new TriggerDeliveryError(describeFetchError(e, request.url, timeout));
  }
}

/** What a connect error code means, in words. */
const CONNECT_ERRORS = /** @type {Record<string, string>} */ ({
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
});

/**
 * One line for a failed fetch: `cannot reach <url>: connection refused`, `no response from
 * <url> within 5000 ms (--timeout)`.
 * @param {unknown} error @param {string} url @param {number} timeout
 */
export function describeFetchError(error, url, timeout) {
  const e = /** @type {any} */ (error);
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `no response from ${url} within ${timeout} ms (--timeout)`;
  // undici: TypeError('fetch failed') whose cause is the socket error (an AggregateError when
  // several addresses were tried, `localhost` → ::1 and 127.0.0.1)
  const cause = e?.cause ?? e;
  const code = String(cause?.code ?? cause?.errors?.[0]?.code ?? '');
  if (CONNECT_ERRORS[code]) return `cannot reach ${url}: ${CONNECT_ERRORS[code]}`;
  // the Fetch standard blocks some ports (9, 25, 6000...): fetch refuses them before connecting
  if (cause?.message === 'bad port') return `cannot reach ${url}: fetch refuses port ${new URL(url).port} (a blocked port of the Fetch standard); use another port`;
  if (/CERT|SSL|TLS/.test(code)) return `cannot reach ${url}: TLS error: ${oneLine(String(cause?.message ?? code))}`;
  const message = oneLine(String(cause?.message || cause?.errors?.[0]?.message || e?.message || e));
  return `cannot reach ${url}: ${code && !message.includes(code) ? `${code}: ` : ''}${message}`;
}

/**
 * The one line for a response: `200 OK in 12 ms: ok` (the body's first 200 characters, line
 * breaks as spaces; a redirect's target, which is not followed).
 * @param {TriggerResponse} r
 */
export function formatResponse(r) {
  const head = `${r.status}${r.statusText ? ` ${r.statusText}` : ''} in ${r.ms} ms`;
  const chars = Array.from(r.body.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim());
  let tail = chars.length === 0 ? '' : `: ${chars.slice(0, RESPONSE_PREVIEW_CHARS).join('')}${chars.length > RESPONSE_PREVIEW_CHARS ? '…' : ''}`;
  if (r.status >= 300 && r.status < 400 && r.location !== undefined) tail += ` (redirect to ${r.location}, not followed)`;
  return head + (tail === '' ? ' (empty body)' : tail);
}

/**
 * The request as text, for `--dry-run`: the request line, the headers sorted by name
 * (case-insensitively), a blank line, the body exactly as it would be sent.
 * @param {TriggerRequest} request
 */
export function formatRequest(request) {
  const names = Object.keys(request.headers).sort((a, b) => {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return `${request.method} ${request.url}\n${names.map((n) => `${n}: ${request.headers[n]}\n`).join('')}\n${request.body}\n`;
}
