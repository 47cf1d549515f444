/**
 * Emitter: one JSON Schema (draft 2020-12) per payload model. A schema is data: it is built as
 * a value and written by JSON.stringify (print.js `schemaJson`: keywords in reading order,
 * property names sorted), so no spec text is ever pasted into JSON.
 */
import { isInt64Node } from '../model/hints.js';
import { jsonBanner, schemaJson } from '../print/print.js';
import type { PayloadModel, ProviderModel, Schema } from '../model/types.js';

/**
 * The schema of one model: its root object, with the nested types it uses under `$defs`.
 * Objects stay open (no `additionalProperties: false`): payloads gain fields over time.
 *
 * A schema file is for those who validate what `JSON.parse` made of a body (Ajv), so a 64-bit
 * integer field accepts an integer as well as the digit string the generated parser delivers
 * (the generated validators check the parsed form: digit strings only).
 */
export function modelSchema(provider: ProviderModel, model: PayloadModel): Schema {
  const defs = Object.fromEntries(Object.entries(model.defs).map(([k, v]) => [k, acceptInt64Numbers(v)]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:webhook-typegen:${provider.id}:${model.name}`,
    $comment: jsonBanner([model.specFile, ...model.sampleFiles]),
    ...acceptInt64Numbers(model.schema),
    ...(model.description ? { description: model.description } : {}),
    ...(Object.keys(defs).length ? { $defs: defs } : {}),
  };
}

/**
 * A copy of `node` as a JSON Schema file says it: every 64-bit integer (a digit string) is
 * `anyOf` an integer or that digit string, and `type: json` is the empty schema.
 */
export function acceptInt64Numbers(node: Schema): Schema {
  if (isInt64Node(node)) {
    const { type: _type, pattern, description, ...rest } = node;
    const nullable = Array.isArray(node.type) && node.type.includes('null');
    return { ...(description !== undefined ? { description } : {}), ...rest, anyOf: [{ type: 'integer' }, { type: 'string', pattern }, ...(nullable ? [{ type: 'null' }] : [])] };
  }
  const out: Schema = { ...node };
  // `type: json` (any JSON value) is the empty schema: every JSON value is valid
  if (node.type === 'json') delete out.type;
  if (node.items) out.items = acceptInt64Numbers(node.items);
  if (node.anyOf) out.anyOf = node.anyOf.map(acceptInt64Numbers);
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, acceptInt64Numbers(v)]));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = acceptInt64Numbers(node.additionalProperties);
  return out;
}

/** All schema files of a provider: `<provider>/schemas/<Model>.schema.json`. */
export function emitSchemas(provider: ProviderModel): [string, string][] {
  return provider.models.map((m) => [`${provider.id}/schemas/${m.name}.schema.json`, schemaJson(modelSchema(provider, m))]);
}
