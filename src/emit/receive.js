// @ts-check
/**
 * Emitter: a provider's webhook receiver (`<provider>/receive.js` + `.d.ts`), from the
 * Handlebars templates templates/receive.*.hbs. Everything provider-specific comes from the
 * model's `delivery` (topic source, body encoding, envelope, headers, signature scheme: what
 * is signed, the header's layout, the parts, the tolerance, the secret's encoding): the JS is
 * a data description of the delivery handed to the shared pipeline in runtime/receive.js, the
 * declarations type it with the provider's topics and payloads.
 */
import { banner, formatCode, str, escapeDoc, propKey } from '../print/print.js';
import { envelopeTopic } from './topics.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').HeaderSpec} HeaderSpec */
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

/**
 * A JS literal of plain data (strings, numbers, booleans, objects with identifier keys), on one
 * line, keys in the order given.
 * @param {unknown} v
 * @returns {string}
 */
function lit(v) {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return entries.length ? `{ ${entries.map(([k, x]) => `${propKey(k)}: ${lit(x)}`).join(', ')} }` : '{}';
  }
  throw new Error(`internal: cannot write ${String(v)} as a literal`);
}

/**
 * An object literal on one line while it holds only the keys of a raw-body scheme, else one
 * member per line.
 * @param {Record<string, unknown>} v
 */
function litBlock(v) {
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.every(([k]) => ['header', 'algorithm', 'encoding', 'prefix', 'reason'].includes(k))) return lit(v);
  return `{\n${entries.map(([k, x]) => `${propKey(k)}: ${lit(x)},\n`).join('')}}`;
}

/** The placeholders of a signed template other than {body}, in order, once each. */
function partNames(/** @type {import('../model/types.js').SignatureSpec} */ sig) {
  if (sig.signed === 'raw-body') return [];
  return [...new Set([...sig.signed.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1]).filter((n) => n !== 'body'))];
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
  const envelope = d.envelope;
  // the signed template's parts: which come from request headers, which from the signature header
  const parts = sig ? partNames(sig).map((name) => ({ name, source: /** @type {import('../model/types.js').SignaturePartSpec} */ (sig.parts?.[name]) })) : [];
  const partHeaders = parts.flatMap((x) => ('header' in x.source ? [x.source.header] : []));
  const templated = sig !== undefined && sig.signed !== 'raw-body';
  const timestamped = parts.some((x) => x.name === 'timestamp');
  const tolerance = sig?.tolerance;
  const isProtocol = (/** @type {string} */ name) => sameHeader(name, topicHeader) || sameHeader(name, sig?.header) || partHeaders.some((h) => sameHeader(name, h));
  const required = (/** @type {HeaderSpec} */ h) => h.required === true || isProtocol(h.name);
  const exampleOf = (/** @type {string} */ name) => d.headers.find((h) => sameHeader(h.name, name))?.example;
  const documented = p.topics.filter((t) => !t.undocumented);
  const exampleTopic = (documented[0] ?? p.topics[0])?.topic ?? 'topic';
  // headers a test request must be given a value for: required, not set by the builder, no example
  // (the builder sets a signed part's header from the docs' example, a timestamp from the clock)
  const mustGive = [
    ...parts.flatMap((x) => ('header' in x.source && x.name !== 'timestamp' && exampleOf(x.source.header) === undefined ? [x.source.header] : [])),
    ...d.headers.filter((h) => required(h) && !isProtocol(h.name) && h.example === undefined).map((h) => h.name),
  ];
  const headersType = mustGive.length
    ? `{ ${mustGive.map((h) => `readonly ${str(h)}: string; `).join('')}readonly [name: string]: string }`
    : 'Readonly<Record<string, string>>';
  // parts of the signature header other than the timestamp: only a caller can give them
  const signOnlyParts = parts.filter((x) => 'part' in x.source && x.name !== 'timestamp').map((x) => x.name);
  const signPartsType = templated
    ? `{ ${parts.map((x) => `readonly ${x.name}${x.name === 'timestamp' ? '?' : ''}: ${x.name === 'timestamp' ? 'number | string' : 'string'}; `).join('')}}`
    : '';
  const signPartsOptional = templated && parts.every((x) => x.name === 'timestamp');
  const partProse = (/** @type {{ name: string, source: import('../model/types.js').SignaturePartSpec }} */ x) =>
    'header' in x.source ? `the \`${x.source.header}\` header for {${x.name}}` : `the \`${x.source.part}\` item of \`${sig?.header}\` for {${x.name}}`;
  const signedProse = templated ? `\`${sig?.signed}\` (the raw body bytes for {body}${parts.map((x) => `, ${partProse(x)}`).join('')})` : 'the raw body';
  const f = sig?.format;
  const sep = f ? (f.separator === ' ' ? 'spaces' : JSON.stringify(f.separator)) : '';
  const formatProse = f
    ? f.pairs
      ? ` The header holds items separated by ${sep}, each \`name${f.pairs}value\`; every \`${f.signature}\` item is a signature, and any of them may match.`
      : ` The header may hold several signatures separated by ${sep}; any of them may match.`
    : '';
  const secretProse = sig?.secret?.encoding === 'base64' ? ` A secret is a base64-encoded key${sig.secret.prefix ? `, after \`${sig.secret.prefix}\` (which may be left out)` : ''}.` : '';
  const toleranceProse = tolerance !== undefined ? ` A delivery whose {timestamp} is more than ${tolerance} s from your clock (\`now\`) is rejected as \`timestamp_out_of_range\` (401).` : '';
  const fields = d.headers
    .filter((h) => h.field !== undefined)
    .map((h) => ({
      name: /** @type {string} */ (h.field),
      header: h.name,
      type: required(h) ? 'string' : 'string | undefined',
      doc: escapeDoc(`The \`${h.name}\` header${h.description ? `: ${h.description}` : '.'}${required(h) ? '' : ' Undefined when the delivery has none.'}`),
    }));
  const requiredNames = [topicHeader, sig?.header, ...partHeaders, ...d.headers.filter((h) => required(h) && !isProtocol(h.name)).map((h) => h.name)].filter(
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
      ? litBlock({
          header: sig.header,
          algorithm: sig.algorithm,
          encoding: sig.encoding,
          prefix: sig.prefix || undefined,
          signed: templated ? sig.signed : undefined,
          parts: parts.length ? Object.fromEntries(parts.map((x) => [x.name, x.source])) : undefined,
          format: sig.format,
          tolerance: sig.tolerance,
          secret: sig.secret,
          reason,
        })
      : 'null',
    sigHeader: sig?.header ?? '',
    sigDigest: sig ? DIGEST_NAMES[sig.algorithm] : '',
    sigEncoding: sig?.encoding ?? '',
    sigPrefix: sig?.prefix ? escapeDoc(sig.prefix) : '',
    // everything a user needs to know about the scheme beyond the raw-body case, in one paragraph
    sigMore: escapeDoc(`${formatProse}${secretProse}${toleranceProse}`),
    sigSignMore: escapeDoc(`${formatProse}${secretProse}`),
    templated,
    signedProse: escapeDoc(signedProse),
    signedLit: templated ? str(sig?.signed ?? '') : '',
    signPartsType,
    signPartsOptional: signPartsOptional ? '?' : '',
    signPartsExample: parts.map((x) => `${x.name}: ${x.name === 'timestamp' ? 'Math.floor(Date.now() / 1000)' : `'${x.name}-1'`}`).join(', '),
    partHeadersExample: parts.flatMap((x) => ('header' in x.source ? [`${str(x.source.header)}: String(parts.${x.name})`] : [])).join(', '),
    hasPartHeaders: partHeaders.length > 0,
    timestamped,
    tolerance: tolerance !== undefined,
    toleranceSeconds: tolerance ?? 0,
    signOnlyParts: signOnlyParts.length > 0,
    signOnlyPartsType: `{ ${signOnlyParts.map((n) => `readonly ${n}: string; `).join('')}}`,
    envelope: envelope !== undefined,
    envelopePointer: envelope?.payload ?? '',
    envelopeTopicProse: envelopeTopic(p) ? ` and the topic at \`${field}\`` : '',
    topicWritten: envelopeTopic(p) ? `, written at \`${field}\` of the envelope` : '',
    parseEnvelope: `parse${T}Envelope`,
    parseForReceiver: envelope ? `parse${T}Envelope` : `parse${T}Body`,
    envelopeLit: envelope ? lit(envelope) : '',
    reason,
    reasons: ['payload_too_large', 'missing_header', reason, ...(tolerance !== undefined ? ['timestamp_out_of_range'] : []), 'unknown_topic', 'invalid_json', 'invalid_payload'].map(str).join(' | '),
    fields,
    requiredHeaders: requiredNames.map((n) => `\`${n}\``).join(', '),
    headersType,
    headersOptional: mustGive.length ? '' : '?',
    mustGiveHeaders: mustGive.map((h) => `\`${h}\``).join(', '),
    mustGiveExample: mustGive.map((h) => `${str(h)}: '...'`).join(', '),
  };
}
