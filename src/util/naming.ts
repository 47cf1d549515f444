/**
 * The one naming function family. Every generated identifier comes from a stable id
 * (a topic string, a model name, a JSON path, an operation name, a header name), never from
 * inference; the loader's suggestions, the emitters and the tools all spell names here.
 */

const WORD = /[A-Za-z0-9]+/g;

/** `widgets/create` → `WidgetsCreate`, `widget_part_removed` → `WidgetPartRemoved`. */
export function pascalCase(id: string): string {
  const words = id.match(WORD) ?? [];
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** `Acme` → `acme`, `WidgetsCreate` → `widgetsCreate`. */
export function camelCase(id: string): string {
  const p = pascalCase(id);
  return p.length === 0 ? p : p.charAt(0).toLowerCase() + p.slice(1);
}

/**
 * English singular of a property name that holds an array, for the item type's name
 * (`line_items` → `line_item`, `addresses` → `address`, `properties` → `property`).
 * Deliberately small: a wrong guess is fixed with a `name:` hint, not with more rules.
 */
export function singular(word: string): string {
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z)es$/i.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * An XML element name in the Rails `to_xml` style (lower case, words joined by `-`), for the
 * root element of an XML body: `DraftOrder` → `draft-order`, `tax_service` → `tax-service`.
 * A name that would not start with a letter gets `payload-` in front.
 */
export function xmlElementName(name: string): string {
  const dashed = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return /^[a-z]/.test(dashed) && !/^xml/.test(dashed) ? dashed : `payload-${dashed}`.replace(/-$/, '');
}

/** Name of the payload type of a topic: `widgets/create` → `WidgetsCreatePayload`. */
export function topicTypeName(topic: string): string {
  const p = pascalCase(topic);
  return `${/^[0-9]/.test(p) ? 'Topic' : ''}${p}Payload`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield await').split(' '),
);

/** True when `name` can be written as a bare identifier (a variable, a parameter, a namespace). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/**
 * A name that must be a binding identifier (a parameter, a namespace export): the name itself
 * when it is one, else with `_` in front (`class` → `_class`, `1st` → `_1st`).
 */
export function bindingName(name: string): string {
  return isIdentifier(name) ? name : `_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** The parameter of a path placeholder: `hook_id` → `hookId` (a binding name, see {@link bindingName}). */
export function parameterName(placeholder: string): string {
  return bindingName(placeholder.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
}

/**
 * Name of a nested object type: the owner's type name plus the property (singular when the
 * object is an array item): `Order` + `line_items` (item) → `OrderLineItem`.
 */
export function nestedTypeName(owner: string, property: string, isItem: boolean): string {
  return owner + pascalCase(isItem ? singular(property) : property);
}

/**
 * A property name of a receive result, from any spelling: `Shop-Domain` / `shop_domain` /
 * `SHOP DOMAIN` → `shopDomain` (each word lower-cased, later words capitalised), prefixed with
 * `header` when it would not start with a letter (`1st-Try` → `header1stTry`).
 */
export function resultFieldName(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const out = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(out) ? out : `header${out.charAt(0).toUpperCase()}${out.slice(1)}`;
}

/** The receive-result property for a request header: `X-Shop-Domain` → `shopDomain` (`X-` dropped). */
export function headerFieldName(header: string): string {
  return resultFieldName(header.replace(/^x-/i, ''));
}

/** A client method's name with its first letter upper-cased: `listWebhooks` → `ListWebhooks`. */
function operationPascal(operation: string): string {
  return operation.charAt(0).toUpperCase() + operation.slice(1);
}

/** The iterator method of a paginated operation: `listWebhooks` → `iterateWebhooks`, `hooks` → `iterateHooks`. */
export function iteratorName(operation: string): string {
  const rest = operation.startsWith('list') && /^[A-Z]/.test(operation.slice(4)) ? operation.slice(4) : operationPascal(operation);
  return `iterate${rest}`;
}

/** A type generated for an operation: `listWebhooks` + `Query` → `ListWebhooksQuery` (likewise `Body`, `Response`). */
export function operationTypeName(operation: string, part: 'Query' | 'Body' | 'Response'): string {
  return `${operationPascal(operation)}${part}`;
}

/** The provider-level names of a generated client (`Acme` → `createAcmeClient`, `AcmeClient`, ...). */
export function clientTypeNames(typePrefix: string): { factory: string; client: string; options: string; error: string; errorBody: string } {
  return {
    factory: `create${typePrefix}Client`,
    client: `${typePrefix}Client`,
    options: `${typePrefix}ClientOptions`,
    error: `${typePrefix}ApiError`,
    errorBody: `${typePrefix}ApiErrorBody`,
  };
}

/**
 * Names of the provider-level runtime exports of `generated/<id>/index.js`, from the
 * provider's typePrefix: `Acme` → `acmeTopics`, `acmeFixture`, `buildAcmeTestRequest`.
 * Tools that call the generated code (trigger) find its functions by these names.
 */
export function providerExportNames(typePrefix: string): { valuePrefix: string; topics: string; fixture: string; buildTestRequest: string } {
  const valuePrefix = camelCase(typePrefix);
  return {
    /** prefix of runtime identifiers (`acme`) */
    valuePrefix,
    /** the topic list */
    topics: `${valuePrefix}Topics`,
    /** the per-topic fixture factory */
    fixture: `${valuePrefix}Fixture`,
    /** the signed test-request builder */
    buildTestRequest: `build${pascalCase(typePrefix)}TestRequest`,
  };
}

/**
 * The provider-level names of a generated receiver (`Acme` → `createAcmeReceiver`, ...), as
 * other modules refer to them.
 */
export function receiverTypeNames(typePrefix: string): { factory: string; options: string; input: string; delivery: string; unvalidated: string; unknownTopic: string; result: string } {
  return {
    factory: `create${typePrefix}Receiver`,
    options: `${typePrefix}ReceiverOptions`,
    input: `${typePrefix}ReceiveInput`,
    delivery: `${typePrefix}Delivery`,
    unvalidated: `${typePrefix}UnvalidatedDelivery`,
    unknownTopic: `${typePrefix}UnknownTopicDelivery`,
    result: `${typePrefix}ReceiveResult`,
  };
}

/** The provider-level names of a generated webhook router (`Acme` → `createAcmeWebhooks`, `AcmeWebhooks`, ...). */
export function webhooksTypeNames(typePrefix: string): {
  factory: string;
  router: string;
  options: string;
  event: string;
  unvalidatedEvent: string;
  unknownTopicEvent: string;
  anyEvent: string;
  handler: string;
  handlers: string;
  answer: string;
} {
  return {
    factory: `create${typePrefix}Webhooks`,
    router: `${typePrefix}Webhooks`,
    options: `${typePrefix}WebhooksOptions`,
    event: `${typePrefix}WebhookEvent`,
    unvalidatedEvent: `${typePrefix}UnvalidatedWebhookEvent`,
    unknownTopicEvent: `${typePrefix}UnknownTopicWebhookEvent`,
    anyEvent: `${typePrefix}AnyWebhookEvent`,
    handler: `${typePrefix}WebhookHandler`,
    handlers: `${typePrefix}WebhookHandlers`,
    answer: `${typePrefix}WebhookAnswer`,
  };
}

/**
 * The exports of the package root (`generated/index.js`) besides one namespace per provider
 * (named {@link camelCase} of its typePrefix): a typePrefix whose namespace is one of these
 * would export the name twice.
 */
export const ROOT_EXPORTS: readonly string[] = ['shapeOf'];

/**
 * Type names of the generated runtime (generated/runtime/) that a provider's modules import or
 * re-export beside its model types: JSON values (index), validation (guards), fixtures,
 * receivers and clients. A model or nested type of the same name would be declared twice in
 * `generated/<id>/index.d.ts`, or shadow the import.
 */
export const RUNTIME_TYPE_NAMES: readonly string[] = [
  'JsonValue', 'JsonObject', 'PickFields',
  'ValidateOptions', 'ValidationResult', 'ValidationIssue', 'StandardSchemaV1', 'ValidationError', 'FieldChecks', 'Int64Paths',
  'Fixture', 'DeepPartial', 'BuildOptions',
  'DriftReport', 'HeadersLike', 'InvalidPayloadAction', 'NodeHeadersLike', 'NodeRequestLike', 'PayloadDrift', 'PayloadDriftKind', 'ReceiveBody', 'ReceiveFailure', 'ReceiveFailureReason', 'ReceiveHeaders', 'ReceiveStatus', 'TestRequest', 'UnknownTopicAction', 'WebRequestLike',
  'DedupeOptions', 'DeliveryClaim', 'DeliveryStore', 'FetchHandlerOptions', 'MemoryDeliveryStoreOptions', 'NodeMiddlewareOptions', 'NodeResponseLike', 'NodeWebhookRequest', 'WaitUntilContext', 'WebResponseLike', 'WebhookAbortSignal', 'WebhookAnswer', 'WebhookEventContext', 'WebhookFetchHandler', 'WebhookNodeMiddleware', 'WebhookOutcome', 'WebhookResponse', 'WebhookSignalLike', 'WebhookTimeoutError', 'WebhooksOptions',
  'XmlParseOptions', 'XmlSyntaxError',
  'ApiError', 'ResponseValidationError', 'RequestError', 'ApiErrorDetails', 'ClientHeaders', 'ClientOptions', 'RequestOptions', 'FetchLike', 'FetchInit', 'FetchResponseLike', 'ByteReaderLike', 'AbortSignalLike', 'RequestErrorKind', 'SelectFields',
];

/**
 * The provider-level type names that `generated/<id>/` declares from its typePrefix (`Acme` →
 * `AcmeTopic`, `AcmePayload`, `AcmeReceiver`, `AcmeClient`, ...), whatever the provider's
 * delivery and API: a model type may use none of them. Topic payload aliases
 * ({@link topicTypeName}), `<Model>Schema` and the client's operation types depend on the
 * spec and are checked where it is known.
 */
export function providerTypeNames(typePrefix: string): string[] {
  const T = typePrefix;
  const client = clientTypeNames(T);
  return [
    // index (topics) and models
    `${T}DocumentedTopic`, `${T}UndocumentedTopic`, `${T}Topic`, `${T}UndocumentedPayload`, `${T}PayloadMap`, `${T}Payload`, `${T}PayloadField`, `${T}Model`,
    // guards
    `${T}PayloadValidateOptions`,
    // receive
    `${T}VerifyContext`, `${T}ReceiverOptions`, `${T}ReceiveInput`, `${T}Route`, `${T}Delivery`, `${T}UnvalidatedDelivery`, `${T}UnknownTopicDelivery`, `${T}DriftReport`, `${T}ReceiveFailureReason`, `${T}ReceiveFailure`, `${T}ReceiveResult`, `${T}Receiver`, `${T}TestRequestOptions`,
    // the envelope model's type (a provider with delivery.envelope.model)
    `${T}Envelope`, `${T}Wildcard`,
    // router
    ...Object.values(webhooksTypeNames(T)).filter((n) => /^[A-Z]/.test(n)),
    // client
    client.client, client.options, client.error, client.errorBody,
  ];
}

/** The type of a model's validator schema object in guards (`Order` → `OrderSchema`). */
export function schemaTypeName(modelTypeName: string): string {
  return `${modelTypeName}Schema`;
}
