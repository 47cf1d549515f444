/**
 * Emitter: one JSON Schema (draft 2020-12) per payload model. A schema is data: it is built as
 * a value and written by JSON.stringify (print.js `schemaJson`: keywords in reading order,
 * property names sorted), so no spec text is ever pasted into JSON.
 */
import { jsonBanner, schemaJson } from '../print/print.js';
import type { PayloadModel, ProviderModel, Schema } from '../model/types.js';

/**
 * The schema of one model: its root object, with the nested types it uses under `$defs`.
 * Objects stay open (no `additionalProperties: false`): payloads gain fields over time.
 */
export function modelSchema(provider: ProviderModel, model: PayloadModel): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:webhook-typegen:${provider.id}:${model.name}`,
    $comment: jsonBanner([model.specFile, ...model.sampleFiles]),
    ...model.schema,
    ...(model.description ? { description: model.description } : {}),
    ...(Object.keys(model.defs).length ? { $defs: model.defs } : {}),
  };
}

/** All schema files of a provider: `<provider>/schemas/<Model>.schema.json`. */
export function emitSchemas(provider: ProviderModel): [string, string][] {
  return provider.models.map((m) => [`${provider.id}/schemas/${m.name}.schema.json`, schemaJson(modelSchema(provider, m))]);
}
