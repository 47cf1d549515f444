// @ts-check
/**
 * Emitter: the TypeScript interfaces of a provider's payload models, compiled by
 * json-schema-to-typescript from one provider-wide schema (each named type once, so the
 * barrel never re-exports a name twice), then laid out by the shared printer.
 */
import { banner, formatCode } from '../print.js';
import { packageVersion } from '../cache.js';

/** @typedef {import('../types.js').ProviderModel} ProviderModel */
/** @typedef {import('../types.js').Schema} Schema */

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
 * @param {import('../cache.js').Cache} cache
 * @returns {Promise<[string, string]>}
 */
export async function emitInterfaces(provider, getCompile, cache) {
  /** @type {Record<string, Schema>} */
  const defs = {};
  for (const m of provider.models) {
    Object.assign(defs, m.defs);
    defs[m.typeName] = { ...m.schema, ...(m.description ? { description: m.description } : {}) };
  }
  const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
  const rootName = `${provider.typePrefix}Model`;
  /** @type {Schema} */
  const root = {
    title: rootName,
    description: `Any payload model of ${provider.title}.`,
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
  return [`${provider.id}/models.d.ts`, formatCode(`${banner(sources)}\n\n${ts}`)];
}
