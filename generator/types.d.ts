// Types shared by the generator's stages (read by JSDoc `import('./types.js')`).
import type { Location } from './diagnostics.js';

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

// ---- spec as loaded (stage 1) ----

export interface SignatureSpec {
  header: string;
  algorithm: 'hmac-sha256' | 'hmac-sha1' | 'hmac-sha512';
  encoding: 'base64' | 'hex';
  signed: 'raw-body';
  prefix?: string;
}

export interface HeaderSpec {
  name: string;
  description?: string;
  example?: string;
  /** camelCase property of the receive result that holds the header's value */
  field?: string;
  /** a receiver rejects a delivery without it (`missing_header`); the topic and signature headers always are */
  required?: boolean;
}

export interface DeliverySpec {
  method: string;
  body: 'json' | 'json-string';
  topic: { header: string } | { route: true } | { field: string };
  headers: HeaderSpec[];
  signature: SignatureSpec | 'none';
}

export interface HintSpec {
  pointer: string;
  /** pointer split into segments; `*` = any array item */
  segments: string[];
  at: Location;
  schema?: Schema;
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

export interface ProviderSpec {
  id: string;
  dir: string;
  file: string;
  title: string;
  typePrefix: string;
  description?: string;
  docs: string[];
  delivery: DeliverySpec;
  topics: TopicSpec[];
  models: ModelSpec[];
}

// ---- the intermediate model (stage 2): all emitters read only this ----

export interface PayloadModel {
  name: string;
  typeName: string;
  description?: string;
  specFile: string;
  sampleFiles: string[];
  /** the samples as JSON text (verbatim for .json samples), in sampleFiles order */
  sampleTexts: string[];
  /** the samples as plain values (JSON.parse: integers above 2^53 may be rounded; for examples only) */
  sampleValues: unknown[];
  /** the root object schema; nested named objects are `$ref: '#/$defs/<Name>'` */
  schema: Schema;
  defs: Record<string, Schema>;
  /** JSON paths (segments, `*` = array item) of integers that may exceed 2^53, delivered as strings */
  int64Paths: string[][];
  /** `type: "customer"`-style constant property that tells union members apart */
  discriminator?: { property: string; value: string };
}

export interface TopicModel {
  topic: string;
  typeName: string;
  resource?: string;
  /** payload model names; empty when undocumented */
  payload: string[];
  undocumented: boolean;
  description?: string;
  source?: string;
  assumption?: string;
  payloadProse?: string;
}

export interface ProviderModel {
  id: string;
  title: string;
  typePrefix: string;
  /** prefix of runtime identifiers (`spiffy`) */
  valuePrefix: string;
  description?: string;
  specDir: string;
  docs: string[];
  delivery: DeliverySpec;
  topics: TopicModel[];
  models: PayloadModel[];
}

export interface GenModel {
  providers: ProviderModel[];
}

/** Output files: relative path (under generated/) → content. */
export type FileMap = Map<string, string>;
