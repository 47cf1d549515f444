/**
 * Emitter: a provider's webhook receiver (`<provider>/receive`), one TypeScript source from which
 * its `.js` and `.d.ts` are compiled. Everything provider-specific comes from the model's
 * `delivery` (topic source, body encoding, envelope, headers, signature scheme: what is signed,
 * the header's layout, the parts, the tolerance, the secret's encoding): the code is a data
 * description of the delivery handed to the shared pipeline in runtime/receive.js, and the
 * types instantiate the runtime's with the provider's topics and payloads.
 */
import type { HeaderSpec, ProviderModel, SignaturePartSpec, SignatureSpec } from '../model/types.js';
import type { CodeBuilder, Statement, TsModule } from '../print/ts.js';
import { deliversXml, envelopeTopic, indexNames } from './topics.js';
import { envelopeModel } from './common.js';
import { parsePointer } from '../util/pointer.js';
import { receiverTypeNames } from '../util/naming.js';
import type { CodeEmitter, Files } from './code.js';

const DIGEST_NAMES = { 'hmac-sha1': 'HMAC-SHA1', 'hmac-sha256': 'HMAC-SHA256', 'hmac-sha512': 'HMAC-SHA512' } as const;

export async function emitReceive(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  return code.files('receive', p, (b) => b.emitModule(receiveModule(b, p)));
}

/** The placeholders of a signed template other than {body}, in order, once each. */
function partNames(sig: SignatureSpec): string[] {
  if (sig.signed === 'raw-body') return [];
  return [...new Set([...sig.signed.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1] as string).filter((n) => n !== 'body'))];
}

/** Case-insensitive header name equality. */
const sameHeader = (a: string, b: string | undefined): boolean => b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The receiver module of a provider. */
export function receiveModule(b: CodeBuilder, p: ProviderModel): TsModule {
  const d = p.delivery;
  const T = p.typePrefix;
  const n = receiverTypeNames(T);
  const idx = indexNames(p);
  const title = b.doc(p.title);
  const sig = d.signature === 'none' ? undefined : d.signature;
  const hmac = sig !== undefined;
  const topicHeader = 'header' in d.topic ? d.topic.header : undefined;
  const route = 'route' in d.topic;
  const field = 'field' in d.topic ? d.topic.field : undefined;
  const reason = sig ? (sig.algorithm.startsWith('hmac-') ? 'invalid_hmac' : 'invalid_signature') : 'verification_failed';
  const envelope = d.envelope;
  // several body formats (JSON and XML), told apart by Content-Type
  const formats = d.formats;
  const xml = deliversXml(p);
  const formatNames = (formats ?? []).map((f) => f.format);
  const xmlTypes = formats?.find((f) => f.format === 'xml')?.contentTypes ?? [];
  const mediaList = (types: readonly string[]) => types.map((t) => `\`${t}\``).join(' or ');
  // the signed template's parts: which come from request headers, which from the signature header
  const parts = sig ? partNames(sig).map((name) => ({ name, source: sig.parts?.[name] as SignaturePartSpec })) : [];
  const partHeaders = parts.flatMap((x) => ('header' in x.source ? [x.source.header] : []));
  const templated = sig !== undefined && sig.signed !== 'raw-body';
  const timestamped = parts.some((x) => x.name === 'timestamp');
  const tolerance = sig?.tolerance;
  const isProtocol = (name: string) => sameHeader(name, topicHeader) || sameHeader(name, sig?.header) || partHeaders.some((h) => sameHeader(name, h));
  const required = (h: HeaderSpec) => h.required === true || isProtocol(h.name);
  const exampleOf = (name: string) => d.headers.find((h) => sameHeader(h.name, name))?.example;
  const documented = p.topics.filter((t) => !t.undocumented);
  const exampleTopic = (documented[0] ?? p.topics[0])?.topic ?? 'topic';
  const exampleLit = b.doc(b.printNode(b.literalType(exampleTopic)));
  const exampleFile = exampleTopic.replace(/[^A-Za-z0-9_-]+/g, '-');
  // headers a test request must be given a value for: required, not set by the builder, no example
  // (the builder sets a signed part's header from the docs' example, a timestamp from the clock)
  const mustGive = [
    ...parts.flatMap((x) => ('header' in x.source && x.name !== 'timestamp' && exampleOf(x.source.header) === undefined ? [x.source.header] : [])),
    ...d.headers.filter((h) => required(h) && !isProtocol(h.name) && h.example === undefined).map((h) => h.name),
  ];
  const headersType = mustGive.length
    ? b.type`{ ${b.typeLiteral(mustGive.map((h) => ({ name: h, type: b.keyword.string(), readonly: true }))).members.slice()}; readonly [name: string]: string }`
    : b.type`Readonly<Record<string, string>>`;
  // parts of the signature header other than the timestamp: only a caller can give them
  const signOnlyParts = parts.filter((x) => 'part' in x.source && x.name !== 'timestamp').map((x) => x.name);
  const signPartsType = b.typeLiteral(
    parts.map((x) => ({ name: x.name, readonly: true, optional: x.name === 'timestamp', type: x.name === 'timestamp' ? b.type`number | string` : b.keyword.string() })),
  );
  const signPartsOptional = templated && parts.every((x) => x.name === 'timestamp');
  const partProse = (x: { name: string; source: SignaturePartSpec }) =>
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
  const requiredNames = [topicHeader, sig?.header, ...partHeaders, ...d.headers.filter((h) => required(h) && !isProtocol(h.name)).map((h) => h.name)].filter((n): n is string => n !== undefined);
  const topicProse = topicHeader ? `the \`${topicHeader}\` header` : field ? `the body field \`${field}\`` : 'the route the hook was registered for';
  const factory = n.factory;
  const builder = `build${T}TestRequest`;
  const sign = `sign${T}Body`;
  const parse = envelope ? idx.parseEnvelope : idx.parse;
  const validate = `validate${T}Payload`;
  const validateEnvelope = `validate${T}Envelope`;
  const envModel = envelopeModel(p);
  const sigHeader = b.doc(sig?.header ?? '');
  const sigDigest = b.doc(sig ? DIGEST_NAMES[sig.algorithm] : '');
  const sigEncoding = sig?.encoding ?? '';
  const sigPrefix = sig?.prefix ? b.doc(` after \`${sig.prefix}\``) : b.doc('');
  const sigPrefixComma = sig?.prefix ? b.doc(`, after \`${sig.prefix}\``) : b.doc('');
  const envPointer = b.doc(envelope?.payload ?? '');
  const envSecret = `${p.valuePrefix.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_WEBHOOK_SECRET`;
  const mustGiveExample = b.doc(mustGive.map((h) => `${b.printNode(b.factory.createStringLiteral(h, true))}: '...'`).join(', '));
  const mustGiveHeaders = mustGive.map((h) => `\`${h}\``).join(', ');
  const reasons = ['payload_too_large', 'missing_header', reason, ...(tolerance !== undefined ? ['timestamp_out_of_range'] : []), 'unknown_topic', 'invalid_json', ...(xml ? ['invalid_xml'] : []), 'invalid_payload'];
  const routeArg = route ? b.doc(`, { topic: ${b.printNode(b.literalType(exampleTopic))} }`) : b.doc('');
  const text = (s: string) => b.doc(s);
  const out: Statement[] = [];

  // ---- imports ----
  out.push(b.importNamed(['createReceiver', 'buildTestRequest', ...(hmac ? ['signHmac'] : [])], '../runtime/receive.js'));
  // a topic read from the body: the body is parsed once, for no topic, then given the topic's 64-bit ids
  const bodyTopic = field !== undefined;
  out.push(b.importNamed([parse, idx.stringify, idx.topics, ...(bodyTopic ? [idx.topicModels, idx.int64Paths] : [])], './index.js'));
  if (bodyTopic) out.push(b.importNamed(['int64PathsToString', 'ownEntry', ...(envelope ? ['valueAt'] : [])], '../runtime/json.js'));
  out.push(b.importNamed([validate, ...(envelope ? [validateEnvelope] : [])], './guards.js'));
  if (xml) out.push(b.importNamed([idx.parseXml, idx.stringifyXml], './xml.js'));
  out.push(
    b.importNamed(
      ['DriftReport', 'InvalidPayloadAction', 'NodeRequestLike', 'PayloadDrift', 'ReceiveBody', 'ReceiveFailure', 'ReceiveHeaders', 'ReceiverDefinition', 'ReceiverOptions', ...(hmac ? ['HmacScheme'] : []), 'TestRequest', 'UnknownTopicAction', 'WebRequestLike'],
      '../runtime/receive.js',
      true,
    ),
  );
  out.push(b.importNamed([idx.payload, idx.payloadField, idx.topic, ...(envModel ? [idx.envelope] : [])], './index.js', true));
  out.push(b.importNamed([...(envelope ? ['JsonObject'] : []), 'JsonValue'], '../runtime/json.js', true));
  out.push(b.importNamed(['ValidationIssue'], '../runtime/validate.js', true));
  out.push(
    b.exportFrom(
      ['DriftReport', 'HeadersLike', 'InvalidPayloadAction', 'NodeHeadersLike', 'NodeRequestLike', 'PayloadDrift', 'PayloadDriftKind', 'ReceiveBody', 'ReceiveFailure', 'ReceiveFailureReason', 'ReceiveHeaders', 'ReceiveStatus', 'TestRequest', 'UnknownTopicAction', 'WebRequestLike'],
      '../runtime/receive.js',
      true,
    ),
  );

  // ---- the delivery, as data for the runtime ----
  if (sig) {
    const scheme = b.lit({
      header: sig.header,
      algorithm: sig.algorithm,
      encoding: sig.encoding,
      prefix: sig.prefix || undefined,
      signed: templated ? sig.signed : undefined,
      parts: parts.length ? Object.fromEntries(parts.map((x) => [x.name, 'header' in x.source ? { header: x.source.header } : { part: x.source.part }])) : undefined,
      format: sig.format ? { separator: sig.format.separator, pairs: sig.format.pairs, signature: sig.format.signature } : undefined,
      tolerance: sig.tolerance,
      secret: sig.secret ? { encoding: sig.secret.encoding, prefix: sig.secret.prefix } : undefined,
      reason,
    });
    out.push(...b.stmts`
/** How ${title} signs a delivery. */
const signature: HmacScheme & { readonly reason: 'invalid_hmac' | 'invalid_signature' } = ${scheme};
`);
  }
  const headers = b.factory.createArrayLiteralExpression(
    d.headers.map((h) => b.lit({ name: h.name, field: h.field, required: required(h), example: h.example })),
    d.headers.length > 0,
  );
  const deliveryValue = b.obj([
    ['title', b.lit(p.title)],
    ['factory', b.lit(factory)],
    ['builder', b.lit(builder)],
    ['method', b.lit(d.method)],
    ['body', b.lit(d.body)],
    ...(formats ? [['formats', b.lit(formats.map((f) => ({ format: f.format, contentTypes: f.contentTypes })))] as const] : []),
    ['topic', b.lit(topicHeader !== undefined ? { header: topicHeader } : field !== undefined ? { field } : { route: true })],
    ...(envelope ? [['envelope', b.lit({ payload: envelope.payload })] as const] : []),
    ['headers', headers],
    ['signature', sig ? b.id('signature') : b.lit(null)],
  ]);
  if (bodyTopic) {
    const payload = envelope ? b.expr`valueAt(value, ${b.lit(parsePointer(envelope.payload))})` : b.expr`value`;
    out.push(...b.stmts`
/**
 * A body parsed for no topic (to read its topic there) made what a parse for \`topic\` gives: the
 * topic's 64-bit id fields of the payload as decimal strings, in place. The receiver parses once.
 */
function int64ForTopic(topic: string, value: unknown): void {
  const payload = ${payload};
  for (const model of ownEntry(${idx.topicModels}, topic) ?? []) int64PathsToString(payload, ownEntry(${idx.int64Paths}, model) ?? []);
}
`);
  }
  // { ...delivery, topics, parse, [int64ForTopic], stringify, [parseXml, stringifyXml], validate, [validateEnvelope] }
  const members: [string, string][] = [
    ['topics', idx.topics],
    ['parse', parse],
    ...(bodyTopic ? [['int64ForTopic', 'int64ForTopic'] as [string, string]] : []),
    ['stringify', idx.stringify],
    ...(xml ? [['parseXml', idx.parseXml], ['stringifyXml', idx.stringifyXml]] as [string, string][] : []),
    ['validate', validate],
    ...(envelope ? [['validateEnvelope', validateEnvelope] as [string, string]] : []),
  ];
  const definitionValue = b.factory.createObjectLiteralExpression(
    [
      b.factory.createSpreadAssignment(b.id('delivery')),
      ...members.map(([key, name]) => (key === name ? b.factory.createShorthandPropertyAssignment(key) : b.factory.createPropertyAssignment(key, b.id(name)))),
    ],
    false,
  );
  out.push(...b.stmts`
/** How ${title} delivers a webhook (${text(`${p.specDir}/provider.yaml`)}); the pipeline is in runtime/receive.js. */
const delivery: Omit<ReceiverDefinition, 'topics' | 'parse' | 'int64ForTopic' | 'stringify' | 'parseXml' | 'stringifyXml' | 'validate' | 'validateEnvelope'> = ${deliveryValue};

/** The delivery with the provider's topics, parser${text(xml ? 's' : '')} and validator. */
function definition(): ReceiverDefinition {
  // index.js re-exports this module: its bindings are only read once a function runs
  return ${definitionValue} as ReceiverDefinition;
}
`);

  // ---- types ----
  if (!hmac) {
    out.push(...b.stmts`
/**
 * What a {@link ${n.options}.verify} hook sees of a delivery.
 * @example
 * \`\`\`ts
 * const verify = ({ header }: ${T}VerifyContext) => header('authorization') === \`Bearer \${process.env.HOOK_TOKEN}\`;
 * \`\`\`
 */
export interface ${T}VerifyContext {
  /** the request headers, as passed in */
  readonly headers: ReceiveHeaders;
  /** one header's value (case-insensitive), undefined when absent */
  header(name: string): string | undefined;
  /** the raw body bytes */
  readonly body: Uint8Array;
  /** the topic (${text(topicProse)}), not yet checked against the known topics */
  readonly topic: ${field !== undefined ? b.type`string | undefined` : b.keyword.string()};
  /** the request URL (path and query for a Node request), when the adapter knows it */
  readonly url: string | undefined;
}
`);
  }

  const secretMembers = hmac
    ? [
        ...b.members`
  /**
   * The secret that signs ${title} deliveries: \`${sigHeader}\` holds the ${sigDigest} of ${text(signedProse)} under it, ${sigEncoding}-encoded${sigPrefix}.${text(`${formatProse}${secretProse}${toleranceProse}`)}
   * Give several while you rotate secrets: a delivery signed with any of them is accepted. Required: an empty list throws when the receiver is created.
   */
  readonly secrets: string | readonly string[];
`,
        ...(tolerance !== undefined
          ? b.members`
  /**
   * The clock the signed timestamp is checked against, in milliseconds since 1970 like \`Date.now\` (the default). For tests: a delivery signed at Unix second \`t\` is accepted while \`now()\` is within ${text(String(tolerance))} s of \`t * 1000\`.
   * @example
   * \`\`\`ts
   * now: () => Date.parse('2024-01-01T00:00:00Z')
   * \`\`\`
   */
  readonly now?: () => number;
`
          : []),
      ]
    : b.members`
  /**
   * Your own check of each delivery. ${title} documents no signature: nothing in a delivery proves where it comes from, and anyone who knows the URL can post to it.
   * Protect the hook with a secret of your own (for example a long random token in the URL you register) and check it here. Return false (or a promise of false) to reject the delivery as \`verification_failed\` (401).
   * It runs after the size and header checks, before the topic is checked and the body parsed. If it throws, the receiver's promise rejects with that error.
   * @example
   * \`\`\`ts
   * verify: ({ url }) => new URL(url ?? '/', 'http://localhost').searchParams.get('token') === process.env.HOOK_TOKEN
   * \`\`\`
   */
  readonly verify?: (context: ${T}VerifyContext) => boolean | Promise<boolean>;
`;
  const optionsExample = hmac
    ? text(`const options: ${n.options} = { secrets: ['new-secret', 'old-secret'], maxBodyBytes: 1024 * 1024 };`)
    : text(`const options: ${n.options} = { verify: ({ url }) => url?.includes(\`token=\${process.env.HOOK_TOKEN}\`) ?? false, strict: true };`);
  out.push(...b.stmts`
/**
 * Options of {@link ${factory}}.
 * @example
 * \`\`\`ts
 * ${optionsExample}
 * \`\`\`
 */
export interface ${n.options}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> {
  ${secretMembers}
  /** Count keys the spec does not know as drift (kind \`added\`): such a delivery is then not \`valid\`. Off by default: providers add fields over time. */
  readonly strict?: boolean;
  /**
   * What to do with a ${text(hmac ? 'correctly signed' : 'verified')} delivery of a known topic whose payload does not match the topic's model.
   * \`'accept'\` (the default): resolve to \`{ ok: true, valid: false, payload: JsonValue, issues, drift }\` and answer 2xx, so that ${title} keeps the webhook while you look at the drift.
   * \`'reject'\`: resolve to the failure \`invalid_payload\` (422); ${title} treats that as a failed delivery and retries it${text(hmac ? '' : ', if it retries')}. With \`'reject'\` the result type has no unvalidated delivery.
   * @example
   * \`\`\`ts
   * invalidPayload: 'reject'
   * \`\`\`
   */
  readonly invalidPayload?: I;
  /**
   * What to do with a ${text(hmac ? 'correctly signed' : 'verified')} delivery of a topic ${title}'s spec does not list (a topic the docs leave out, or one added after the spec was written).
   * \`'accept'\` (the default): resolve to \`{ ok: true, valid: false, known: false, topic: string, payload: JsonValue, issues, drift }\` (the body as parsed, never validated; one issue naming the topic) and answer 2xx, so that ${title} keeps the webhook; \`npm run drift\` reports such a capture as \`unknown-topic\`.
   * \`'reject'\`: resolve to the failure \`unknown_topic\` (400); ${title} treats that as a failed delivery${text(hmac ? ' and retries it' : '')}. With \`'reject'\` the result type has no unknown-topic delivery.
   * @example
   * \`\`\`ts
   * unknownTopics: 'reject'
   * \`\`\`
   */
  readonly unknownTopics?: U;
  /**
   * Called with the drift of every delivery whose payload does not match its model (accepted or rejected), before the receiver resolves: log it, count it, queue it for \`npm run drift\`.
   * The answer waits for it, so keep it quick; if it throws or its promise rejects, the receiver's promise rejects with that error.
   * @example
   * \`\`\`ts
   * onDrift: (report) => console.warn(report.topic, report.outcome, report.drift.map((d) => \`\${d.kind} \${d.path}\`))
   * \`\`\`
   */
  readonly onDrift?: (report: ${T}DriftReport) => void | Promise<void>;
  /**
   * The top-level fields the webhook was registered with, when it was registered with some: such a webhook delivers only those, so only those are validated (and typed: \`payload\` is \`${idx.payload}<T, F>\`).
   * @example
   * \`\`\`ts
   * fields: ['id', 'updated_at']
   * \`\`\`
   */
  readonly fields?: readonly F[];
  /** The largest body accepted, in bytes (default 10 MiB); a larger one is \`payload_too_large\` (413), and is not read to the end. */
  readonly maxBodyBytes?: number;
  /** The deepest nesting of arrays and objects accepted (default 128); a deeper body is \`invalid_json\`${text(xml ? ' (for an XML body, of elements that hold elements: `invalid_xml`)' : '')}. */
  readonly maxDepth?: number;
  /** The most issues kept for a payload that does not match its model (default 20, a positive integer or \`Infinity\`): validation stops at the first issue past it and the result says \`truncated: true\`, so a body of a million bad items costs one walk. */
  readonly maxIssues?: number;
}
`);

  const inputMembers = [
    ...(route
      ? b.members`
  /** ${title} sends no topic: it is the event the route was registered for. One the spec does not list is a delivery with \`known: false\` (\`unknown_topic\` with \`unknownTopics: 'reject'\`). */
  readonly topic: string;
`
      : []),
    ...(!hmac
      ? b.members`
  /** the request URL, for your \`verify\` hook (the adapters pass it for you) */
  readonly url?: string;
`
      : []),
  ];
  out.push(...b.stmts`
/**
 * What {@link ${T}Receiver.receive} takes: the request's headers and its raw body${text(route ? ', and the topic of the route' : '')}.
 * @example
 * \`\`\`ts
 * const input: ${n.input} = { headers: req.headers, body: rawBody${text(route ? ', topic: req.params.event' : '')} };
 * \`\`\`
 */
export interface ${n.input} {
  /** a Web \`Headers\`, Node's \`req.headers\`, or a plain record (looked up case-insensitively) */
  readonly headers: ReceiveHeaders;
  /** the raw body, byte for byte as it arrived${text(hmac ? ': the signature is over these bytes' : '')} */
  readonly body: ReceiveBody;
  ${inputMembers}
}
`);
  if (route) {
    out.push(...b.stmts`
/**
 * The route a delivery arrived on: ${title} sends no topic, so the topic is the event you registered the route's URL for.
 * @example
 * \`\`\`ts
 * app.post('/hooks/${text(p.id)}/:event', async (req, res) => {
 *   const result = await receiver.fromNode(req, { topic: req.params.event });
 * });
 * \`\`\`
 */
export interface ${T}Route {
  readonly topic: string;
}
`);
  }

  const envelopeType = envModel ? b.type`${idx.envelope}<K, Extract<F, ${idx.payloadField}<K>>>` : undefined;
  const payloadMembers = envelope
    ? b.members`
    /** the payload: the body's member at \`${envPointer}\`, validated against the topic's model; 64-bit ids arrive as decimal strings */
    readonly payload: ${idx.payload}<K, Extract<F, ${idx.payloadField}<K>>>;
    /** the whole body: the envelope around \`payload\` (which it holds at \`${envPointer}\`)${text(envModel ? `, validated against ${envModel.typeName}, the envelope's model, with the topic's payload` : ', as JSON; only the payload and the topic are validated')} */
    readonly envelope: ${envelopeType ?? b.typeRef('JsonObject')};
`
    : b.members`
    /** the payload, validated against the topic's model; 64-bit ids arrive as decimal strings */
    readonly payload: ${idx.payload}<K, Extract<F, ${idx.payloadField}<K>>>;
`;
  // the body format, for a provider that delivers several: a fresh node per use
  const formatMembers = () =>
    formats
      ? b.members`
    /** the body format, by the Content-Type: ${text(formats.map((f) => `\`'${f.format}'\` (${mediaList(f.contentTypes)}${f.format === 'json' ? ', or any other or none' : ''})`).join(', '))}; the payload is the same either way */
    readonly format: ${b.union(formatNames.map((f) => b.literalType(f)))};
`
      : [];
  // header fields are members of both kinds of delivery: a fresh node per use
  const fieldMembers = () =>
    d.headers
      .filter((h) => h.field !== undefined)
      .map((h) =>
        b.withDoc(
          b.factory.createPropertySignature(
            [b.factory.createModifier(b.SyntaxKind.ReadonlyKeyword)],
            b.propName(h.field as string),
            undefined,
            required(h) ? b.keyword.string() : b.type`string | undefined`,
          ),
          `The \`${h.name}\` header${h.description ? `: ${h.description}` : '.'}${required(h) ? '' : ' Undefined when the delivery has none.'}`,
        ),
      );
  // a body not validated is an object only when the topic was read from a member of it; with the
  // topic in a header or the route, a correctly signed body may be any JSON (`null`, an array)
  const unvalidatedBody = () => b.typeRef(field !== undefined ? 'JsonObject' : 'JsonValue');
  const unvalidatedPayloadMembers = envelope
    ? b.members`
    /** the body's member at \`${envPointer}\` as parsed (64-bit ids as decimal strings), **not validated**: it does not match the topic's model (see \`issues\`); undefined when the body has no such member */
    readonly payload: JsonValue | undefined;
    /** the whole body: the envelope around \`payload\`, as JSON (the issues' paths point into it)${text(envModel ? `, **not validated**: it, or the payload in it, does not match ${envModel.typeName} and the topic's model` : '')} */
    readonly envelope: ${unvalidatedBody()};
`
    : b.members`
    /** the payload as parsed (64-bit ids as decimal strings), **not validated**: it does not match the topic's model (see \`issues\`) */
    readonly payload: JsonValue;
`;
  const unknownPayloadMembers = envelope
    ? b.members`
    /** the body's member at \`${envPointer}\` as parsed (64-bit ids as decimal strings where they are written as numbers above 2^53), **not validated**; undefined when the body has no such member */
    readonly payload: JsonValue | undefined;
    /** the whole body: the envelope around \`payload\`, as JSON */
    readonly envelope: ${unvalidatedBody()};
`
    : b.members`
    /** the body as parsed (integers above 2^53 kept exact), **not validated**: no model describes this topic */
    readonly payload: JsonValue;
`;
  const driftReportType = d.headers.some((h) => h.field) ? b.type`DriftReport<${idx.topic}> & { ${fieldMembers()} }` : b.type`DriftReport<${idx.topic}>`;
  const checks = `${hmac ? 'signed, ' : ''}${tolerance !== undefined ? 'recent, ' : ''}`;
  const genuine = hmac ? 'correctly signed' : 'verified';
  out.push(...b.stmts`
/**
 * A delivery from ${title} that passed every check: ${text(checks)}a known topic, ${text(xml ? 'JSON or XML' : 'JSON')}, and a payload that matches the topic's model (\`valid: true\`).
 * A union over the topics: narrow on \`topic\` and \`payload\` has that topic's type.${text(envelope ? ` The body is an envelope: \`payload\` is its member at \`${envelope.payload}\`, \`envelope\` the whole body.` : '')}
 * @example
 * \`\`\`ts
 * if (result.ok && result.valid && result.topic === ${exampleLit}) result.payload; // ${idx.payload}<${exampleLit}>
 * \`\`\`
 */
export type ${n.delivery}<T extends ${idx.topic} = ${idx.topic}, F extends ${idx.payloadField} = never> = {
  [K in T]: {
    readonly ok: true;
    /** the payload matches the topic's model */
    readonly valid: true;
    /** the topic is one of ${title}'s topics */
    readonly known: true;
    /** the topic (${text(topicProse)}) */
    readonly topic: K;
    ${formatMembers()}
    ${payloadMembers}
    ${fieldMembers()}
  };
}[T];

/**
 * A ${text(genuine)} delivery from ${title} of a known topic whose payload does not match the topic's model: the docs and the provider's deliveries differ (a field the model requires is absent, a value the model types otherwise, ...).
 * The receiver hands it over (\`invalidPayload: 'accept'\`, the default) so that you answer 2xx and the webhook stays registered; \`payload\` is plain JSON, never the model's type, until you check it yourself. \`issues\` and \`drift\` say where it differs; the \`onDrift\` hook got the same.
 * @example
 * \`\`\`ts
 * if (result.ok && !result.valid) await saveForReview(result.topic, result.payload, result.drift); // then answer 200
 * \`\`\`
 */
export type ${n.unvalidated}<T extends ${idx.topic} = ${idx.topic}> = {
  [K in T]: {
    readonly ok: true;
    /** the payload does not match the topic's model: \`payload\` is unvalidated JSON */
    readonly valid: false;
    /** the topic is one of ${title}'s topics */
    readonly known: true;
    /** the topic (${text(topicProse)}) */
    readonly topic: K;
    ${formatMembers()}
    ${unvalidatedPayloadMembers}
    /** every place the payload differs from the topic's model${text(envModel ? `, and the envelope from ${envModel.typeName}` : '')}${text(envelope ? ` (JSON pointers into the body: the payload's start with \`${envelope.payload}\`)` : '')}: at most \`maxIssues\` (default 20) */
    readonly issues: readonly ValidationIssue[];
    /** present (true) when the payload had more issues than \`maxIssues\` */
    readonly truncated?: true;
    /** the issues grouped by kind and field (array items as \`*\`) */
    readonly drift: readonly PayloadDrift[];
    ${fieldMembers()}
  };
}[T];

/**
 * A ${text(genuine)} delivery from ${title} of a topic its spec does not list (one the docs leave out, or one added since): there is no model to check it against, so \`payload\` is the body as parsed, plain JSON, **never validated**, and \`topic\` is any string.
 * The receiver hands it over (\`unknownTopics: 'accept'\`, the default) so that you answer 2xx and the webhook stays registered; keep it for review (\`npm run drift\` reports such a capture as \`unknown-topic\`) and add the topic to the spec.
 * @example
 * \`\`\`ts
 * if (result.ok && !result.known) await saveForReview(result.topic, result.payload); // then answer 200
 * \`\`\`
 */
export type ${n.unknownTopic} = {
  readonly ok: true;
  /** no model checked the payload: \`payload\` is unvalidated JSON */
  readonly valid: false;
  /** the topic is not one of ${title}'s topics */
  readonly known: false;
  /** the topic as the delivery names it (${text(topicProse)}); check \`known\` (or \`valid\`) before narrowing on a topic: a string may equal any topic */
  readonly topic: string;
  ${formatMembers()}
  ${unknownPayloadMembers}
  /** one issue: the topic is not one of ${title}'s topics (so code that logs the issues of every \`valid: false\` delivery says why) */
  readonly issues: readonly ValidationIssue[];
  /** empty: without a model there is no payload drift to name */
  readonly drift: readonly PayloadDrift[];
  ${fieldMembers()}
};

/**
 * What an \`onDrift\` hook receives: the topic, whether the delivery was accepted (\`valid: false\`) or rejected (422), its issues and drift, its payload as parsed${text(d.headers.some((h) => h.field) ? ', and the header fields of a receive result' : '')}.
 * @example
 * \`\`\`ts
 * const onDrift = (report: ${T}DriftReport) => console.warn(report.topic, report.drift.length, 'fields drift');
 * \`\`\`
 */
export type ${T}DriftReport = ${driftReportType};

/**
 * Why ${title} deliveries are rejected; see {@link ReceiveFailureReason} for each one's status.
 * @example
 * \`\`\`ts
 * if (result.ok === false && result.reason === 'invalid_payload') console.warn(result.drift);
 * \`\`\`
 */
export type ${T}ReceiveFailureReason = ${b.union(reasons.map((r) => b.literalType(r)))};

/**
 * A rejected delivery from ${title}: answer with its \`status\`. A non-2xx answer tells the sender the delivery failed, so a sender that retries will send it again; answer 2xx yourself for deliveries you mean to drop (for example \`unknown_topic\`).
 * @example
 * \`\`\`ts
 * if (!result.ok) return new Response(result.message, { status: result.reason === 'unknown_topic' ? 200 : result.status });
 * \`\`\`
 */
export type ${T}ReceiveFailure = ReceiveFailure<${T}ReceiveFailureReason, ${idx.topic}>;

/**
 * The outcome of receiving one ${title} delivery: discriminated on \`ok\`, then on \`valid\` (a payload that matches its model, or unvalidated JSON), \`known\` (a topic of the spec, or one it does not list) and \`topic\`, or on \`reason\` (failure).
 * With \`invalidPayload: 'reject'\` (\`I\` = \`'reject'\`) there is no unvalidated delivery: a payload that does not match is the failure \`invalid_payload\`. With \`unknownTopics: 'reject'\` (\`U\` = \`'reject'\`) there is no unknown-topic delivery: it is the failure \`unknown_topic\`.
 * Without \`strictNullChecks\`, narrow with \`result.ok === false\` and \`result.valid === false\` (TypeScript does not narrow on \`!result.ok\` there).
 * @example
 * \`\`\`ts
 * const result: ${n.result} = await receiver.receive(input);
 * if (!result.ok) log(result.reason, result.message);
 * else if (!result.known) log('unknown topic', result.topic, result.payload);
 * else if (!result.valid) log('drift', result.topic, result.drift);
 * else if (result.topic === ${exampleLit}) handle(result.payload);
 * \`\`\`
 */
export type ${n.result}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> =
  | ${n.delivery}<${idx.topic}, F>
  | (I extends 'accept' ? ${n.unvalidated} : never)
  | (U extends 'accept' ? ${n.unknownTopic} : never)
  | ${T}ReceiveFailure;
`);

  const checksProse = [
    'body size, ',
    requiredNames.length ? `required headers (${requiredNames.map((n) => `\`${n}\``).join(', ')}), ` : '',
    hmac
      ? `the \`${sig.header}\` signature over the raw bytes${templated ? ` (signed as ${b.printNode(b.factory.createStringLiteral(sig.signed, true))})` : ''}${tolerance !== undefined ? `, its timestamp within ${tolerance} s` : ''}`
      : 'your `verify` hook (if any)',
    ', the topic (one the spec does not list is handed over unvalidated, unless `unknownTopics: \'reject\'`), that the body is JSON',
    d.body === 'json-string' ? ' (an escaped JSON string or plain)' : '',
    xml ? ` or, with a Content-Type of ${mediaList(xmlTypes)}, XML (read by the model into the same payload)` : '',
    ', parsed without rounding 64-bit ids, and the payload',
    envelope ? ` at \`${envelope.payload}\`` : '',
    ' against its model',
    envModel ? `, the rest of the body against ${envModel.typeName}, the envelope's model` : '',
    envelope ? ' (issue paths are pointers into the body)' : '',
    '.',
  ].join('');
  const routeParam = route ? [b.param('route', b.typeRef(`${T}Route`))] : [];
  const methods = b.members`
  /**
   * Receives a delivery from its headers and raw body.
   * @example
   * \`\`\`ts
   * const result = await receiver.receive({ headers: req.headers, body: rawBody${text(route ? `, topic: ${b.printNode(b.literalType(exampleTopic))}` : '')} });
   * if (!result.ok) return res.status(result.status).send(result.message);
   * \`\`\`
   */
  receive(input: ${n.input}): Promise<${n.result}<F, I, U>>;
  /**
   * Receives a delivery from a Web \`Request\` (fetch handlers, Hono's \`c.req.raw\`, Next.js route handlers, Workers, Deno, Bun). Reads the body with the size limit.
   * @example
   * \`\`\`ts
   * const result = await receiver.fromRequest(request${routeArg});
   * return new Response(result.ok ? 'ok' : result.message, { status: result.ok ? 200 : result.status });
   * \`\`\`
   */
  fromRequest(request: WebRequestLike, ${routeParam}): Promise<${n.result}<F, I, U>>;
  /**
   * Receives a delivery from a Node request (\`http.IncomingMessage\`, Express, Koa's \`ctx.req\`). Reads the stream with the size limit; after \`express.raw()\` it uses \`req.body\`. A JSON body parser must not run first: ${text(hmac ? 'the signature is over the raw bytes' : 'the receiver parses the raw body itself, keeping 64-bit ids exact')}.
   * @example
   * \`\`\`ts
   * http.createServer(async (req, res) => {
   *   const result = await receiver.fromNode(req${routeArg});
   *   res.writeHead(result.ok ? 200 : result.status).end(result.ok ? 'ok' : result.message);
   * });
   * \`\`\`
   */
  fromNode(request: NodeRequestLike, ${routeParam}): Promise<${n.result}<F, I, U>>;
`;
  out.push(...b.stmts`
/**
 * Receives ${title} webhooks; made by {@link ${factory}}. Each method checks, in order: ${text(checksProse)}
 * A bad delivery resolves to a failure, never a rejection; a genuine one whose payload does not match its model resolves to \`{ ok: true, valid: false }\` (or, with \`invalidPayload: 'reject'\`, to \`invalid_payload\`), and one of a topic the spec does not list to \`{ ok: true, valid: false, known: false }\` (or, with \`unknownTopics: 'reject'\`, to \`unknown_topic\`). The promise rejects only on misuse (a body that is not raw bytes, a body already read), a stream error or an error of your hook.
 */
export interface ${T}Receiver<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction> {
  ${methods}
}
`);

  // ---- functions ----
  const receiverExample = hmac
    ? text(`const receiver = ${factory}({ secrets: process.env.${envSecret} ?? '' });`)
    : text(
        [
          `const receiver = ${factory}({`,
          '  // your own secret: the hook URL was registered as https://example.com/hooks/<event>?token=<HOOK_TOKEN>',
          "  verify: ({ url }) => new URL(url ?? '/', 'http://localhost').searchParams.get('token') === process.env.HOOK_TOKEN,",
          '});',
        ].join('\n'),
      );
  const factoryIntro = hmac ? text(`, verifying \`${sig.header}\` with your secret(s)`) : text(`. ${p.title} documents no signature: pass a \`verify\` hook to check a secret of your own`);
  const optionsParam = b.param('options', b.type`${n.options}<F, I, U>`, { optional: !hmac });
  out.push(...b.stmts`
/**
 * Creates a receiver for ${title} webhooks${factoryIntro}.
 * @example
 * \`\`\`ts
 * import { ${factory} } from '@webhook-typegen/generated/${text(p.id)}';
 *
 * ${receiverExample}
 * export async function handle(request: Request): Promise<Response> {
 *   const result = await receiver.fromRequest(request${routeArg});
 *   if (!result.ok) return new Response(result.message, { status: result.status });
 *   if (!result.known) console.warn('unknown topic', result.topic); // a topic the spec does not list: keep the webhook alive
 *   else if (!result.valid) console.warn(result.topic, result.drift); // a genuine delivery that drifts from the docs: keep the webhook alive
 *   else if (result.topic === ${exampleLit}) console.log(result.payload); // ${idx.payload}<${exampleLit}>
 *   return new Response('ok');
 * }
 * \`\`\`
 * ${text(hmac ? '@throws TypeError when `secrets` is missing, empty or not strings' : '')}
 */
export function ${factory}<F extends ${idx.payloadField} = never, I extends InvalidPayloadAction = InvalidPayloadAction, U extends UnknownTopicAction = UnknownTopicAction>(${[optionsParam]}): ${T}Receiver<F, I, U> {
  // the runtime's types are the providers' common ground; this module's are the provider's own
  return createReceiver(definition(), options as ReceiverOptions | undefined) as ${T}Receiver<F, I, U>;
}
`);

  if (sig) {
    const partsParam = b.param('parts', signPartsType, { optional: signPartsOptional });
    const signDoc = templated
      ? b.stmts`
/**
 * The \`${sigHeader}\` value ${title} would send with \`body\`: the ${sigDigest} of ${text(signedProse)} under \`secret\`, ${sigEncoding}-encoded${sigPrefixComma}. For tests, or to sign a captured body again.${text(`${formatProse}${secretProse}`)}
 * \`parts\` gives the template's values${text(timestamped ? ' (`timestamp`: Unix seconds, default now)' : '')}${text(partHeaders.length ? '; send the same values in their headers' : '')}.
 * @example
 * \`\`\`ts
 * const body = await readFile('fixtures/${text(exampleFile)}.json'); // a captured body, byte for byte
 * const parts = { ${text(parts.map((x) => `${x.name}: ${x.name === 'timestamp' ? 'Math.floor(Date.now() / 1000)' : `'${x.name}-1'`}`).join(', '))} };
 * const headers = { ...otherHeaders, ${text(parts.flatMap((x) => ('header' in x.source ? [`${b.printNode(b.factory.createStringLiteral(x.source.header, true))}: String(parts.${x.name}), `] : [])).join(''))}${text(b.printNode(b.factory.createStringLiteral(sig.header, true)))}: await ${sign}(body, 'test-secret', parts) };
 * \`\`\`
 */
export function ${sign}(body: ReceiveBody, secret: string, ${[partsParam]}): Promise<string> {
  return signHmac(signature, body, secret, parts);
}
`
      : b.stmts`
/**
 * The \`${sigHeader}\` value ${title} would send with \`body\`: the ${sigDigest} of the raw bytes under \`secret\`, ${sigEncoding}-encoded${sigPrefixComma}. For tests, or to sign a captured body again.${text(`${formatProse}${secretProse}`)}
 * @example
 * \`\`\`ts
 * const body = await readFile('fixtures/${text(exampleFile)}.json'); // a captured body, byte for byte
 * const headers = { ...otherHeaders, ${text(b.printNode(b.factory.createStringLiteral(sig.header, true)))}: await ${sign}(body, 'test-secret') };
 * \`\`\`
 */
export function ${sign}(body: ReceiveBody, secret: string): Promise<string> {
  return signHmac(signature, body, secret);
}
`;
    out.push(...signDoc);
  }

  const requestExtras = text(`${hmac ? ", secret: 'test-secret'" : ''}${mustGive.length ? `, headers: { ${mustGiveExample.doc} }` : ''}`);
  const optionMembers = [
    ...(formats
      ? b.members`
  /** the body format (default \`'json'\`): ${text(xml ? `\`'xml'\` writes the payload with {@link ${idx.stringifyXml}} and sends Content-Type \`${xmlTypes[0] ?? 'application/xml'}\`` : '')} */
  readonly format?: ${b.union(formatNames.map((f) => b.literalType(f)))};
`
      : []),
    ...(envelope
      ? b.members`
  /** the envelope's other members (default \`{}\`): the body is this object with the payload at \`${envPointer}\`${text(envelopeTopic(p) ? ` and the topic at \`${field}\`` : '')}${text(envModel ? ` (a whole body, e.g. from \`${p.valuePrefix}EnvelopeFixture(topic)\`, fits too)` : '')} */
  readonly envelope?: ${envModel ? b.type`JsonObject | ${idx.envelope}<T>` : b.typeRef('JsonObject')};
`
      : []),
    ...(hmac
      ? b.members`
  /** signs the body with this secret (\`${sigHeader}\`); omit it for an unsigned request */
  readonly secret?: string;
`
      : []),
    ...(timestamped
      ? b.members`
  /** the signed timestamp, in Unix seconds (default now): an old one tests \`timestamp_out_of_range\` */
  readonly timestamp?: number;
`
      : []),
    ...(signOnlyParts.length
      ? b.members`
  /** the values of the signed template's parts that only the signature header carries */
  readonly parts: ${b.typeLiteral(signOnlyParts.map((n) => ({ name: n, readonly: true, type: b.keyword.string() })))};
`
      : []),
  ];
  const headersMember = b.factory.createPropertySignature(
    [b.factory.createModifier(b.SyntaxKind.ReadonlyKeyword)],
    'headers',
    mustGive.length ? undefined : b.factory.createToken(b.SyntaxKind.QuestionToken),
    headersType,
  );
  const topicDoc = `the topic${topicHeader !== undefined ? `, sent in \`${topicHeader}\`` : ''}${route ? " (post the request to that topic's route)" : ''}${envelopeTopic(p) ? `, written at \`${field}\` of the envelope` : ''}`;
  const payloadDoc = `the payload, serialized as ${p.title} would (64-bit id strings become JSON numbers${d.body === 'json-string' ? ', the JSON wrapped in a JSON string' : ''}${envelope ? `, inside the envelope at \`${envelope.payload}\`` : ''}${xml ? '; with `format: \'xml\'`, XML in the Rails `to_xml` conventions' : ''})`;
  const requestContents = `\`Content-Type\`${formats ? ` (${formats.map((f) => `\`${f.contentTypes[0]}\` for ${f.format === 'xml' ? 'XML' : 'JSON'}`).join(', ')})` : ''}${topicHeader !== undefined ? ', the topic' : ''}${partHeaders.length ? ', the headers the signed content reads' : ''}${hmac ? ', the signature when `secret` is given' : ''}, the documented required headers`;
  out.push(...b.stmts`
/**
 * Options of {@link ${builder}}.
 * @example
 * \`\`\`ts
 * const options: ${T}TestRequestOptions<${exampleLit}> = { topic: ${exampleLit}, payload${requestExtras} };
 * \`\`\`
 */
export interface ${T}TestRequestOptions<T extends ${idx.topic}> {
  /** ${text(topicDoc)} */
  readonly topic: T;
  /** ${text(payloadDoc)} */
  readonly payload: ${idx.payload}<T>;
  ${optionMembers}
  /**
   * Header values by name (case-insensitive). They fill in the documented required headers${text(mustGive.length ? ` (${mustGiveHeaders} must be given)` : '')}, which otherwise get the docs' example value, and override any other header, e.g. to test a rejection.
   */
  ${[headersMember]}
}

/**
 * A request as ${title} would send it, for tests: method, headers (${text(requestContents)}) and the body text${text(envelope ? ' (the payload inside its envelope)' : '')}.
 * @example
 * \`\`\`ts
 * const request = await ${builder}({ topic: ${exampleLit}, payload${requestExtras} });
 * const response = await fetch(url, request);
 * \`\`\`
 */
export function ${builder}<T extends ${idx.topic}>(options: ${T}TestRequestOptions<T>): Promise<TestRequest> {
  return buildTestRequest(definition(), options);
}
`);
  return { path: `${p.id}/receive`, sources: [`${p.specDir}/provider.yaml`], statements: out };
}
