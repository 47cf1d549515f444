/**
 * The spec as loaded (stage 1): what `loadSpec` returns for each provider folder, and the JSON
 * Schema node that hints and the later stages share. `src/model/types.ts` re-exports all of it.
 */
import type { Location } from '../util/diagnostics.js';

/** A JSON Schema node as the generator holds it (draft 2020-12 subset). */
export interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  $ref?: string;
  title?: string;
  description?: string;
  pattern?: string;
  /** Internal: TypeScript type override (json-schema-to-typescript's `tsType`); never emitted in schemas. */
  tsType?: string;
  [key: string]: unknown;
}

/** Where a placeholder of a signed template gets its value. */
export type SignaturePartSpec =
  /** a request header's value (trimmed) */
  | { header: string }
  /** the value of the item of that name in the signature header (needs `format.pairs`) */
  | { part: string };

/** The signature header holds several items (`t=1,v1=ab,v1=cd`), not one encoded digest. */
export interface SignatureFormatSpec {
  /** between items: ',' (`t=..,v1=..`), ';' (`ts=..;h1=..`), ' ' (`v1,.. v1,..`) */
  separator: string;
  /** between an item's name and its value (the first occurrence): '=' or ','; absent = every item is a signature */
  pairs?: string;
  /** with `pairs`: the name of the items that hold a signature (any of them may match) */
  signature?: string;
}

export interface SignatureSpec {
  header: string;
  algorithm: 'hmac-sha256' | 'hmac-sha1' | 'hmac-sha512';
  encoding: 'base64' | 'hex';
  /** `raw-body`, or a template such as `{timestamp}.{body}`: `{body}` is the raw body bytes, every other placeholder is one of `parts` */
  signed: string;
  /** text before each encoded digest (`sha256=`, `v1,`) */
  prefix?: string;
  format?: SignatureFormatSpec;
  /** the values of the template's placeholders other than `{body}`, by name */
  parts?: Record<string, SignaturePartSpec>;
  /** seconds a delivery's `{timestamp}` may differ from the receiver's clock */
  tolerance?: number;
  /** how a secret string becomes the HMAC key (default utf8: its UTF-8 bytes) */
  secret?: SignatureSecretSpec;
}

/** How a secret string becomes the HMAC key. */
export interface SignatureSecretSpec {
  encoding: 'utf8' | 'base64';
  /** text the secret starts with that is not part of the key (`whsec_`) */
  prefix?: string;
}

/** The body is an envelope around the payload. */
export interface EnvelopeSpec {
  /** JSON pointer (RFC 6901) of the payload in the body, e.g. `/data` */
  payload: string;
  /**
   * The model (models/<Model>.yaml) of the envelope itself: its samples are whole bodies, its
   * hints type the envelope's own fields; the member at `payload` is the topic's payload.
   * Absent: the envelope is not typed or validated, only its payload member.
   */
  model?: string;
  /** where `model` is written (for problems found once the models are loaded) */
  modelAt?: Location;
}

export interface HeaderSpec {
  name: string;
  description?: string;
  example?: string;
  /** camelCase property of the receive result that holds the header's value */
  field?: string;
  /** a receiver rejects a delivery without it (`missing_header`); the topic and signature headers always are */
  required?: boolean;
  /** its value identifies the delivery, the same on every retry: the router's delivery key */
  deliveryId?: boolean;
}

/** A body format a provider delivers, and the Content-Type media types that announce it. */
export interface BodyFormatSpec {
  /** `json`: the JSON body, encoded as `delivery.body` says; `xml`: an XML body (Rails `to_xml` conventions, see spec/README.md) */
  format: 'json' | 'xml';
  /** lower-case media types (`application/xml`), without parameters; non-empty, and no type belongs to two formats */
  contentTypes: string[];
}

export interface DeliverySpec {
  method: string;
  /** how the JSON body is encoded; it is also the format of a delivery whose Content-Type names no listed format */
  body: 'json' | 'json-string';
  /**
   * Present when the provider delivers more than one body format (`delivery.formats`): each
   * format with its media types, `json` first. Absent: every body is JSON, whatever its Content-Type.
   */
  formats?: BodyFormatSpec[];
  topic: { header: string } | { route: true } | { field: string };
  headers: HeaderSpec[];
  signature: SignatureSpec | 'none';
  envelope?: EnvelopeSpec;
}

/** `inference.ids` of provider.yaml: which integer fields are 64-bit ids, by field name. */
export interface IdPolicySpec {
  /** field-name patterns (`*` = any text): an integer field so named, or the integer items of an array so named, is a 64-bit id */
  readonly int64: readonly string[];
}

/** `inference` of provider.yaml: what one docs sample cannot show, stated once per provider. */
export interface InferenceSpec extends InferencePolicy {
  readonly ids: IdPolicySpec;
}

export interface HintSpec {
  pointer: string;
  /** pointer split into segments; `*` = any array item */
  segments: string[];
  /** the hint's key (its pointer) in the file */
  at: Location;
  /** a key or value inside the hint (`['enum', 0]`, `['name']`); without it, `at` */
  locate?(path: readonly (string | number)[]): Location;
  schema?: Schema;
  /** the hint's schema keywords had problems (reported): it types nothing, and adds no field */
  schemaBroken?: true;
  nullable?: boolean;
  enum?: unknown[];
  int64?: 'string';
  optional?: boolean;
  description?: string;
  name?: string;
}

export interface SampleSpec { file: string; value: unknown; json: string }

export interface ModelSpec {
  name: string;
  file: string;
  /** false when the model file had problems: its hints may be incomplete, so untyped fields are not reported */
  clean: boolean;
  at: Location;
  description?: string;
  samples: SampleSpec[];
  hints: HintSpec[];
}

/**
 * A subscription pattern of `topics.yaml` `wildcards:` (`store/cart/*`): a provider's API lets a
 * webhook subscribe to every topic under it. Data for subscribing; a delivery never carries it.
 */
export interface WildcardSpec {
  pattern: string;
  at: Location;
  description?: string;
  /** the listed topics it covers (`*` matches the rest of a topic), sorted */
  covers: string[];
}

export interface TopicSpec {
  topic: string;
  at: Location;
  resource?: string;
  payload: string[];
  undocumented: boolean;
  description?: string;
  source?: string;
  assumption?: string;
  payloadProse?: string;
}

/**
 * What one docs sample may be taken to say about a field (provider.yaml `inference:`).
 * `optional` / `nullable`: a field a sample shows may be absent / null in a real delivery;
 * `observed`: what every sample shows is required / only what a sample shows null is nullable.
 */
export interface InferencePolicy {
  presence: 'optional' | 'observed';
  nulls: 'nullable' | 'observed';
}

export interface ProviderSpec {
  id: string;
  dir: string;
  file: string;
  title: string;
  typePrefix: string;
  description?: string;
  docs: string[];
  delivery: DeliverySpec;
  /** provider.yaml `inference:`, defaults filled in */
  inference: InferenceSpec;
  topics: TopicSpec[];
  /** `topics.yaml` `wildcards:`, sorted (absent or empty when there are none) */
  wildcards?: WildcardSpec[];
  models: ModelSpec[];
  /** the management API (`api.yaml`); absent when the provider has none (no client is generated) */
  api?: ApiSpec;
}

// ---- the management API, from spec/<provider>/api.yaml (see spec/README.md) ----

/** A JSON type name of api.yaml, plus `topic`: one of the provider's topics. */
export type ApiTypeName = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null' | 'topic';

/** A type in api.yaml: a model reference, or a small JSON Schema subset (with `type: topic`). */
export interface ApiType {
  /** a model of the provider (api.yaml `models:` or models/<Model>.yaml) */
  model?: string;
  /** non-empty when `model` is absent; `[string, "null"]` for a nullable value */
  type?: ApiTypeName[];
  format?: 'date-time' | 'date' | 'time';
  enum?: (string | number | boolean)[];
  minimum?: number;
  maximum?: number;
  default?: string | number | boolean;
  example?: string | number | boolean;
  items?: ApiType;
  properties?: Record<string, ApiType>;
  required?: string[];
  additionalProperties?: ApiType | false;
  description?: string;
  /** where the fact comes from, when it is not the provider's own page */
  source?: string;
}

/** A path or query parameter. */
export interface ApiParam extends ApiType {
  name: string;
  /** query arrays: `comma` = one parameter, items joined with "," */
  style?: 'comma';
  /** query: a list of the response model's property names; the response holds only those */
  select?: boolean;
}

export interface ApiBodyProperty {
  name: string;
  required: boolean;
  /** the field's type when the body has no model (a field of the model otherwise) */
  type?: ApiType;
  default?: string | number | boolean;
  description?: string;
  source?: string;
}

export interface ApiBody {
  /** the body is `{ [envelope]: <fields> }` */
  envelope?: string;
  /** the fields are this model's fields (types and docs) */
  model?: string;
  properties: ApiBodyProperty[];
  /** path parameters also sent in the body (as the docs' sample does) */
  pathParams: string[];
}

export interface ApiResponse {
  /** the documented success status; absent when the docs state none (any 2xx is a success) */
  status?: number;
  /** the body is `{ [envelope]: <value> }` */
  envelope?: string;
  /** the value's type; absent for an empty response */
  type?: ApiType;
  description?: string;
}

export interface ApiPagination {
  /** the next page: `param` = the `field` of the last item */
  cursor?: { param: string; field: string };
  /** the next page: `param` + 1, from `first` */
  page?: { param: string; first: number };
  /** the page-size query parameter: a page shorter than it is the last */
  limit?: string;
  /** where the items are in the response value (keys; empty = the value itself) */
  items: string[];
  /** a member of the response value that is null or absent on the last page (keys) */
  next?: string[];
  source?: string;
}

export interface ApiExample {
  title?: string;
  params: Record<string, string | number | boolean>;
  query: Record<string, unknown>;
  /** request body sample file (relative to the project root) */
  request?: string;
  /** the request sample's value (JSON.parse), for TSDoc examples */
  requestBody?: unknown;
  status: number;
  /** response body sample file (relative to the project root) */
  response?: string;
}

export interface ApiOperation {
  /** the client method's name (camelCase) */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** with `{param}` placeholders */
  path: string;
  summary?: string;
  description?: string;
  source?: string;
  params: ApiParam[];
  query: ApiParam[];
  body?: ApiBody;
  response: ApiResponse;
  pagination?: ApiPagination;
  examples: ApiExample[];
}

export interface ApiErrorSpec {
  /** an HTTP status, or a class: `4XX`, `5XX` */
  status: number | string;
  /** the TypeScript name of the body type */
  name: string;
  description?: string;
  source?: string;
  type: ApiType;
  /** JSON pointer (keys) of a map: field name → messages */
  fieldErrors?: string[];
  /** JSON pointer (keys) of a list of messages */
  messages?: string[];
}

export interface ApiSpec {
  file: string;
  title?: string;
  description?: string;
  docs: string[];
  server?: string;
  /** the names of the models declared in api.yaml (they are among the provider's models) */
  models: string[];
  operations: ApiOperation[];
  errors: ApiErrorSpec[];
}
