/** Types shared by the generator's stages: the intermediate model that every emitter reads. */
import type { ApiSpec, DeliverySpec, InferencePolicy, Schema } from '../spec/types.js';

// the spec-input types live with the loader; re-exported so that `../model/types.js` keeps naming them
export type {
  ApiBody,
  ApiBodyProperty,
  ApiErrorSpec,
  ApiExample,
  ApiOperation,
  ApiPagination,
  ApiParam,
  ApiResponse,
  ApiSpec,
  ApiType,
  ApiTypeName,
  BodyFormatSpec,
  DeliverySpec,
  EnvelopeSpec,
  HeaderSpec,
  HintSpec,
  IdPolicySpec,
  InferencePolicy,
  InferenceSpec,
  ModelSpec,
  ProviderSpec,
  SampleSpec,
  Schema,
  SignatureFormatSpec,
  SignaturePartSpec,
  SignatureSecretSpec,
  SignatureSpec,
  TopicSpec,
} from '../spec/types.js';

import type { TopicSpec, WildcardSpec } from '../spec/types.js';

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

/** A topic of the model: its spec entry (payload: model names, empty when undocumented) with its type name. */
/** A subscription pattern (`store/cart/*`) and the listed topics it covers. */
export type WildcardModel = Omit<WildcardSpec, 'at'>;

export interface TopicModel extends Omit<TopicSpec, 'at'> {
  typeName: string;
}

export interface ProviderModel {
  id: string;
  title: string;
  typePrefix: string;
  /** prefix of runtime identifiers (`acme` for typePrefix `Acme`) */
  valuePrefix: string;
  description?: string;
  specDir: string;
  docs: string[];
  delivery: DeliverySpec;
  /** what the docs samples were taken to say about presence and nullability (provider.yaml `inference:`) */
  inference: InferencePolicy;
  topics: TopicModel[];
  /** `topics.yaml` `wildcards:`: subscription patterns and the topics each covers (data for subscribing) */
  wildcards?: WildcardModel[];
  models: PayloadModel[];
  /** the management API; absent when the provider has no api.yaml */
  api?: ApiSpec;
}

/**
 * How the output is consumed: a package (its own package.json name and exports), or plain ES
 * modules inside the user's source tree, imported by path.
 */
export type OutputOptions =
  | { mode: 'package'; name: string }
  /** `importPrefix`: how a module next to the output folder imports it, e.g. `./webhooks` */
  | { mode: 'modules'; importPrefix: string };

export interface GenModel {
  providers: ProviderModel[];
  /** absent: a package named `@webhook-typegen/generated` */
  output?: OutputOptions;
}

/** Output files: relative path (under generated/) → content. */
export type FileMap = Map<string, string>;
