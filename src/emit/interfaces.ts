/**
 * Emitter: the TypeScript interfaces of a provider's payload models, compiled by
 * json-schema-to-typescript from one provider-wide schema (each named type once, so the
 * barrel never re-exports a name twice).
 *
 * json2ts writes TypeScript as text, so what it gets from the spec is made safe first and its
 * output is checked after:
 * - descriptions reach it already escaped as TSDoc (`docText`: `*\/`, line breaks, control
 *   characters, lone surrogates), the same escaping as every other generated comment;
 * - a property name it cannot handle (a lone surrogate makes its $ref resolver throw) is
 *   handed over as a placeholder identifier and put back as a string literal afterwards;
 * - its output is parsed and printed again by the compiler (src/print/ts.ts
 *   `compileDeclarations`), so a syntax error in it stops the run instead of reaching generated/.
 * Its raw output stays in the content-addressed cache, keyed by its exact input.
 */
import type { compile as Json2Ts } from 'json-schema-to-typescript';
import { banner } from '../print/print.js';
import { docText } from '../print/ts.js';
import { packageVersion, type Cache } from '../util/cache.js';
import type { CodeBuilder } from '../print/ts.js';
import type { CodeEmitter } from './code.js';
import type { ts as TS } from '@ts-morph/common';
import type { ProviderModel, Schema } from '../model/types.js';

/** json-schema-to-typescript options: no formatting (our printer lays out), no index signatures. */
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

const JSON_VALUE = 'JsonValue';

/**
 * `<provider>/models.d.ts`. json2ts and the TypeScript compiler are loaded only when the cache
 * has not seen this input with this generator and these tools before.
 */
export async function emitInterfaces(provider: ProviderModel, getCompile: () => Promise<typeof Json2Ts>, cache: Cache, code: CodeEmitter): Promise<[string, string]> {
  const defs: Record<string, Schema> = {};
  for (const m of provider.models) {
    Object.assign(defs, m.defs);
    defs[m.typeName] = { ...m.schema, ...(m.description ? { description: m.description } : {}) };
  }
  if (defs[JSON_VALUE]) throw new Error(`${provider.specDir}/models: a type named ${JSON_VALUE} would hide the runtime's JSON value type in ${provider.id}/models.d.ts; expected another name (a \`name:\` hint), found ${JSON_VALUE}`);
  const keys = placeholderKeys(Object.values(defs));
  const sortedDefs = Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((k) => [k, prepare(defs[k] as Schema, keys.byKey)]),
  );
  const rootName = `${provider.typePrefix}Model`;
  const root: Schema = {
    title: rootName,
    description: docText(
      provider.api?.models.length ? `Any model of ${provider.title}: the payload models, and ${provider.api.models.join(', ')} of its API.` : `Any payload model of ${provider.title}.`,
    ),
    anyOf: provider.models.map((m) => ({ $ref: `#/$defs/${m.typeName}` })),
    $defs: sortedDefs,
  };
  const path = `${provider.id}/models`;
  const json2tsKey = ['json-schema-to-typescript', packageVersion('json-schema-to-typescript'), OPTIONS, root];
  // the placeholders' real keys are not in json2ts's input, so they go into this key
  const key = ['models.d.ts', code.fingerprint(), path, json2tsKey, [...keys.byPlaceholder]];
  let dts = cache.get(key);
  if (dts === undefined) {
    let text = cache.get(json2tsKey);
    if (text === undefined) {
      const compile = await getCompile();
      // json2ts's input type is its own JSONSchema4; ours is the subset the model holds
      text = await compile(structuredClone(root) as Parameters<typeof Json2Ts>[0], rootName, { ...OPTIONS, $refOptions: {} });
      cache.set(json2tsKey, text);
    }
    const b = await code.builder();
    dts = b.compileDeclarations(path, text, {
      edit: keys.byPlaceholder.size ? (node) => restoreKey(node, keys.byPlaceholder, b) : undefined,
      prepend: (file) => (usesJsonValue(b.ts, file) ? [b.importNamed([JSON_VALUE], '../runtime/json.js', true)] : []),
    });
    cache.set(key, dts);
  }
  const sources = [`${provider.specDir}/models/*.yaml`, `${provider.specDir}/samples/*`];
  return [`${path}.d.ts`, `${banner(sources)}\n\n${dts}`];
}

const FORMAT_DOC: Readonly<Record<string, string>> = {
  'date-time': 'An RFC 3339 date-time string, e.g. `2017-03-20T16:02:28-04:00`.',
  date: 'An RFC 3339 full-date string, e.g. `2017-03-20`.',
  time: 'An RFC 3339 time string, e.g. `16:02:28`.',
};

/**
 * The schema json2ts gets: formats documented (TypeScript cannot express them), descriptions
 * escaped as TSDoc, property names it cannot handle replaced by placeholders.
 */
function prepare(node: Schema, byKey: ReadonlyMap<string, string>): Schema {
  const key = (k: string): string => byKey.get(k) ?? k;
  // a `$ref` with its own description makes json2ts emit a second copy of the type (`X1`):
  // wrapped in a one-member allOf it names the type once and keeps the field's TSDoc
  if (node.$ref && node.description && !node.type && !node.anyOf) return { allOf: [{ $ref: node.$ref }], description: docText(node.description) };
  const out: Schema = { ...node };
  // `type: json`: any JSON value, typed as the runtime's JsonValue (never `unknown`)
  if (node.type === 'json') {
    delete out.type;
    out.tsType = JSON_VALUE;
  }
  const fmt = node.format ?? node.anyOf?.find((m) => m.format)?.format;
  const formatDoc = fmt ? FORMAT_DOC[fmt] : undefined;
  const description = node.description && formatDoc ? `${node.description}\n\n${formatDoc}` : (node.description ?? formatDoc);
  if (description !== undefined) out.description = docText(description);
  if (node.items) out.items = prepare(node.items, byKey);
  if (node.anyOf) out.anyOf = node.anyOf.map((m) => prepare(m, byKey));
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [key(k), prepare(v, byKey)]));
  if (node.required) out.required = node.required.map(key);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = prepare(node.additionalProperties, byKey);
  // a free-form object (the docs say "any keys") holds JSON, not `unknown`
  if (node.additionalProperties === true) out.additionalProperties = { tsType: JSON_VALUE };
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Placeholders for the property names json2ts cannot take (its $ref resolver URI-encodes every
 * key, which throws on a lone surrogate): identifiers no property of the provider uses.
 */
function placeholderKeys(schemas: Schema[]): { byKey: Map<string, string>; byPlaceholder: Map<string, string> } {
  const all = new Set<string>();
  const walk = (node: Schema): void => {
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      all.add(k);
      walk(v);
    }
    for (const r of node.required ?? []) all.add(r);
    if (node.items) walk(node.items);
    for (const m of node.anyOf ?? []) walk(m);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties);
  };
  schemas.forEach(walk);
  const byKey = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  let n = 0;
  for (const k of [...all].sort()) {
    if (!LONE_SURROGATE.test(k)) continue;
    let placeholder: string;
    do placeholder = `property_placeholder_${n++}`;
    while (all.has(placeholder));
    byKey.set(k, placeholder);
    byPlaceholder.set(placeholder, k);
  }
  return { byKey, byPlaceholder };
}

/** A property signature named by a placeholder, named by its real key again (as a string literal). */
function restoreKey(node: TS.Node, byPlaceholder: ReadonlyMap<string, string>, code: CodeBuilder): TS.Node | undefined {
  const ts = code.ts;
  if (!ts.isPropertySignature(node) || !ts.isIdentifier(node.name)) return undefined;
  const real = byPlaceholder.get(node.name.text);
  if (real === undefined) return undefined;
  return code.factory.updatePropertySignature(node, node.modifiers, code.propName(real), node.questionToken, node.type);
}

/** True when the declarations refer to `JsonValue` (as a type, not in a comment). */
function usesJsonValue(ts: typeof TS, file: TS.SourceFile): boolean {
  const visit = (node: TS.Node): boolean =>
    (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === JSON_VALUE) || (ts.forEachChild(node, visit) ?? false);
  return visit(file);
}
