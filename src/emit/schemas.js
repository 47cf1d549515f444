// @ts-check
/** Emitter: one JSON Schema (draft 2020-12) per payload model. */
import { jsonBanner, schemaJson } from '../print/print.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').PayloadModel} PayloadModel */
/** @typedef {import('../model/types.js').Schema} Schema */

/**
 * The schema of one model: its root object, with the nested types it uses under `$defs`.
 * Objects stay open (no `additionalProperties: false`): payloads gain fields over time.
 * @param {ProviderModel} provider
 * @param {PayloadModel} model
 * @returns {Schema}
 */
export function modelSchema(provider, model) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:webhook-typegen:${provider.id}:${model.name}`,
    $comment: jsonBanner([model.specFile, ...model.sampleFiles]),
    ...model.schema,
    ...(model.description ? { description: model.description } : {}),
    ...(Object.keys(model.defs).length ? { $defs: model.defs } : {}),
  };
}

/**
 * All schema files of a provider: `<provider>/schemas/<Model>.schema.json`.
 * @param {ProviderModel} provider
 * @returns {[string, string][]}
 */
export function emitSchemas(provider) {
  return provider.models.map((m) => [`${provider.id}/schemas/${m.name}.schema.json`, schemaJson(modelSchema(provider, m))]);
}
