// @ts-check
/**
 * Emitter: a provider's webhook receiver (`<provider>/receive.js` + `.d.ts`), from the
 * Handlebars templates templates/receive.*.hbs. Everything provider-specific comes from the
 * model's `delivery` (topic source, body encoding, headers, signature scheme): the JS is a
 * data description of the delivery handed to the shared pipeline in runtime/receive.js, the
 * declarations type it with the provider's topics and payloads.
 */
import { banner, formatCode, str, escapeDoc } from '../print.js';

/** @typedef {import('../types.js').ProviderModel} ProviderModel */
/** @typedef {import('../types.js').HeaderSpec} HeaderSpec */
/** @typedef {(name: string) => (context: object) => string} TemplateFn */

const DIGEST_NAMES = /** @type {const} */ ({ 'hmac-sha1': 'HMAC-SHA1', 'hmac-sha256': 'HMAC-SHA256', 'hmac-sha512': 'HMAC-SHA512' });

/**
 * @param {ProviderModel} p
 * @param {TemplateFn} template compiled template by file name
 * @returns {[string, string][]}
 */
export function emitReceive(p, template) {
  const ctx = receiveContext(p);
  return [
    [`${p.id}/receive.js`, formatCode(template('receive.js.hbs')(ctx))],
    [`${p.id}/receive.d.ts`, formatCode(template('receive.d.ts.hbs')(ctx))],
  ];
}

/** Case-insensitive header name equality. */
const sameHeader = (/** @type {string} */ a, /** @type {string | undefined} */ b) => b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The template context: names, flags and ready-made literals, so the templates stay logic-less.
 * Every key is always present (the templates compile in Handlebars' strict mode).
 * @param {ProviderModel} p
 */
export function receiveContext(p) {
  const d = p.delivery;
  const T = p.typePrefix;
  const sig = d.signature === 'none' ? undefined : d.signature;
  const topicHeader = 'header' in d.topic ? d.topic.header : undefined;
  const route = 'route' in d.topic;
  const field = 'field' in d.topic ? d.topic.field : undefined;
  const reason = sig ? (sig.algorithm.startsWith('hmac-') ? 'invalid_hmac' : 'invalid_signature') : 'verification_failed';
  const isProtocol = (/** @type {string} */ name) => sameHeader(name, topicHeader) || sameHeader(name, sig?.header);
  const required = (/** @type {HeaderSpec} */ h) => h.required === true || isProtocol(h.name);
  const documented = p.topics.filter((t) => !t.undocumented);
  const exampleTopic = (documented[0] ?? p.topics[0])?.topic ?? 'topic';
  // headers a test request must be given a value for: required, not set by the builder, no example
  const mustGive = d.headers.filter((h) => required(h) && !isProtocol(h.name) && h.example === undefined);
  const headersType = mustGive.length
    ? `{ ${mustGive.map((h) => `readonly ${str(h.name)}: string; `).join('')}readonly [name: string]: string }`
    : 'Readonly<Record<string, string>>';
  const fields = d.headers
    .filter((h) => h.field !== undefined)
    .map((h) => ({
      name: /** @type {string} */ (h.field),
      header: h.name,
      type: required(h) ? 'string' : 'string | undefined',
      doc: escapeDoc(`The \`${h.name}\` header${h.description ? `: ${h.description}` : '.'}${required(h) ? '' : ' Undefined when the delivery has none.'}`),
    }));
  const requiredNames = [topicHeader, sig?.header, ...d.headers.filter((h) => required(h) && !isProtocol(h.name)).map((h) => h.name)].filter(
    /** @returns {n is string} */ (n) => n !== undefined,
  );
  const topicProse = topicHeader ? `the \`${topicHeader}\` header` : field ? `the body field \`${field}\`` : 'the route the hook was registered for';
  const headerLiteral = (/** @type {HeaderSpec} */ h) =>
    `{ name: ${str(h.name)}${h.field !== undefined ? `, field: ${str(h.field)}` : ''}, required: ${required(h)}${h.example !== undefined ? `, example: ${str(h.example)}` : ''} }`;
  return {
    banner: banner([`${p.specDir}/provider.yaml`]),
    title: escapeDoc(p.title),
    titleLit: str(p.title),
    T,
    id: p.id,
    specFile: `${p.specDir}/provider.yaml`,
    factory: `create${T}Receiver`,
    builder: `build${T}TestRequest`,
    factoryLink: `{@link create${T}Receiver}`,
    builderLink: `{@link build${T}TestRequest}`,
    sign: `sign${T}Body`,
    parse: `parse${T}Body`,
    stringify: `stringify${T}Body`,
    validate: `validate${T}Payload`,
    topicsConst: `${p.valuePrefix}Topics`,
    envSecret: `${p.valuePrefix.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_WEBHOOK_SECRET`,
    exampleTopic,
    exampleTopicLit: str(exampleTopic),
    exampleFile: exampleTopic.replace(/[^A-Za-z0-9_-]+/g, '-'),
    methodLit: str(d.method),
    bodyLit: str(d.body),
    jsonString: d.body === 'json-string',
    topicLit: topicHeader ? `{ header: ${str(topicHeader)} }` : field ? `{ field: ${str(field)} }` : '{ route: true }',
    headerTopic: topicHeader !== undefined,
    topicHeader: topicHeader ?? '',
    route,
    fieldTopic: field !== undefined,
    topicField: field ?? '',
    topicProse,
    verifyTopicType: field !== undefined ? 'string | undefined' : 'string',
    headersLit: d.headers.length ? `[\n${d.headers.map((h) => `${headerLiteral(h)},\n`).join('')}]` : '[]',
    hmac: sig !== undefined,
    signatureLit: sig
      ? `{ header: ${str(sig.header)}, algorithm: ${str(sig.algorithm)}, encoding: ${str(sig.encoding)}${sig.prefix ? `, prefix: ${str(sig.prefix)}` : ''}, reason: ${str(reason)} }`
      : 'null',
    sigHeader: sig?.header ?? '',
    sigDigest: sig ? DIGEST_NAMES[sig.algorithm] : '',
    sigEncoding: sig?.encoding ?? '',
    sigPrefix: sig?.prefix ? escapeDoc(sig.prefix) : '',
    reason,
    reasons: ['payload_too_large', 'missing_header', reason, 'unknown_topic', 'invalid_json', 'invalid_payload'].map(str).join(' | '),
    fields,
    requiredHeaders: requiredNames.map((n) => `\`${n}\``).join(', '),
    headersType,
    headersOptional: mustGive.length ? '' : '?',
    mustGiveHeaders: mustGive.map((h) => `\`${h.name}\``).join(', '),
    mustGiveExample: mustGive.map((h) => `${str(h.name)}: '...'`).join(', '),
  };
}
