// @ts-check
/**
 * Emitter: the TypeScript interfaces of a provider's payload models, compiled by
 * json-schema-to-typescript from one provider-wide schema (each named type once, so the
 * barrel never re-exports a name twice), then laid out by the shared printer.
 */
import { banner, formatCode } from '../print/print.js';
import { packageVersion } from '../util/cache.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').Schema} Schema */

/** json-schema-to-typescript options: no formatting (the shared printer lays out), no index signatures. */
const OPTIONS = Object.freeze({
  bannerComment: '',
  format: false,
  additionalProperties: false,
  declareExternallyReferenced: true,
  unreachableDefinitions: true,
  strictIndexSignatures: true,
  unknownAny: true,
  enableConstEnums: false,
});

/**
 * @param {ProviderModel} provider
 * @param {() => Promise<typeof import('json-schema-to-typescript').compile>} getCompile loads json2ts on first use
 * @param {import('../util/cache.js').Cache} cache
 * @returns {Promise<[string, string]>}
 */
export async function emitInterfaces(provider, getCompile, cache) {
  /** @type {Record<string, Schema>} */
  const defs = {};
  for (const m of provider.models) {
    Object.assign(defs, m.defs);
    defs[m.typeName] = { ...m.schema, ...(m.description ? { description: m.description } : {}) };
  }
  for (const k of Object.keys(defs)) defs[k] = documentFormats(defs[k]);
  const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
  const rootName = `${provider.typePrefix}Model`;
  /** @type {Schema} */
  const root = {
    title: rootName,
    description: provider.api?.models.length ? `Any model of ${provider.title}: the payload models, and ${provider.api.models.join(', ')} of its API.` : `Any payload model of ${provider.title}.`,
    anyOf: provider.models.map((m) => ({ $ref: `#/$defs/${m.typeName}` })),
    $defs: sortedDefs,
  };
  const key = ['json-schema-to-typescript', packageVersion('json-schema-to-typescript'), OPTIONS, root];
  let ts = cache.get(key);
  if (ts === undefined) {
    const compile = await getCompile();
    ts = await compile(/** @type {any} */ (structuredClone(root)), rootName, { ...OPTIONS, $refOptions: {} });
    cache.set(key, ts);
  }
  const sources = [`${provider.specDir}/models/*.yaml`, `${provider.specDir}/samples/*`];
  const imports = /\bJsonValue\b/.test(ts) ? `import type { JsonValue } from '../runtime/json.js';\n\n` : '';
  return [`${provider.id}/models.d.ts`, formatCode(`${banner(sources)}\n\n${imports}${ts}`)];
}

const FORMAT_DOC = /** @type {Record<string, string>} */ ({
  'date-time': 'An RFC 3339 date-time string, e.g. `2017-03-20T16:02:28-04:00`.',
  date: 'An RFC 3339 full-date string, e.g. `2017-03-20`.',
  time: 'An RFC 3339 time string, e.g. `16:02:28`.',
});

/**
 * TypeScript cannot express `format`, so it goes into the field's TSDoc instead of vanishing.
 * @param {Schema} node
 * @returns {Schema}
 */
function documentFormats(node) {
  // a `$ref` with its own description makes json2ts emit a second copy of the type (`X1`):
  // wrapped in a one-member allOf it names the type once and keeps the field's TSDoc
  if (node.$ref && node.description && !node.type && !node.anyOf) return { allOf: [{ $ref: node.$ref }], description: node.description };
  /** @type {Schema} */
  const out = { ...node };
  const fmt = node.format ?? node.anyOf?.find((m) => m.format)?.format;
  if (fmt && FORMAT_DOC[fmt]) out.description = node.description ? `${node.description}\n\n${FORMAT_DOC[fmt]}` : FORMAT_DOC[fmt];
  if (node.items) out.items = documentFormats(node.items);
  if (node.anyOf) out.anyOf = node.anyOf.map(documentFormats);
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, documentFormats(v)]));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = documentFormats(node.additionalProperties);
  // a free-form object (the docs say "any keys") holds JSON, not `unknown`
  if (node.additionalProperties === true) out.additionalProperties = { tsType: 'JsonValue' };
  return out;
}
