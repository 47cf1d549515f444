/**
 * Stage 2: spec → the intermediate model that every emitter reads. Inference and hints
 * happen here; after this, nothing reads YAML or samples again except through the model.
 */
import type { Cache } from '../util/cache.js';
import type { Location, Problem } from '../util/diagnostics.js';
import { nestedTypeName, topicTypeName, camelCase, providerTypeNames, RUNTIME_TYPE_NAMES, schemaTypeName } from '../util/naming.js';
import { compareStrings, sortedBy, sortedEntries } from '../util/order.js';
import { formatPointer, parsePointer } from '../util/pointer.js';
import { clientOperationTypeNames } from '../spec/api.js';
import { checkHints } from './conform.js';
import { applyHints, reportUntyped } from './hints.js';
import { applyIdPolicy } from './ids.js';
import { locateInSamples } from './locate.js';
import { inferSchemas, splitTypeUnion } from './infer.js';
import { fractionalNumberPaths, widenToNumber } from './numbers.js';
import { applyInferencePolicy } from './policy.js';
import type { DeliverySpec, GenModel, ModelSpec, PayloadModel, ProviderSpec, Schema } from './types.js';

/**
 * Type name → its shape, where it was first named (`Order /billing_address`) and the place in
 * the spec that gave the name (the `model:` key, a `name:` hint, or the field in a sample).
 */
type NameRegistry = Map<string, { schema: Schema; owner: string; model: ModelSpec; pointer: string; at: () => Location }>;

/**
 * Builds the intermediate model. Problems (untyped fields, stale hints, name clashes) are
 * collected for all providers before returning.
 */
export async function buildModel(providers: readonly ProviderSpec[], problems: Problem[], cache: Cache): Promise<GenModel> {
  const allModels = providers.flatMap((p) => p.models.filter((m) => m.samples.length > 0));
  const schemas = await inferSchemas(
    allModels.map((m) => ({ name: m.name, samples: m.samples.map((s) => s.json) })),
    cache,
  );
  const inferred = new Map(allModels.map((m, i) => [m, schemas[i]]));
  return {
    providers: sortedBy(providers, (p) => p.id).map((p) => {
      const names: NameRegistry = new Map();
      const apiModels = new Set(p.api?.models ?? []);
      const keep = routedPaths(p);
      const envelope = p.delivery.envelope;
      const models = sortedBy(p.models, (m) => m.name).flatMap((m) => {
        const schema = inferred.get(m);
        if (!schema) return [];
        // the sample text says which numbers are not integers (`199.0`); hints refine after
        widenToNumber(schema, m.samples.flatMap((s) => fractionalNumberPaths(s.json)));
        const isEnvelope = envelope?.model === m.name;
        // the envelope's payload member is each topic's payload: its own models type it
        const own = isEnvelope && envelope ? envelopeSlot(schema, m, envelope.payload, problems) : m;
        const before = problems.length;
        const marks = applyHints(schema, own, problems);
        // a hint that did not apply cleanly is reported already; what it says is not checked
        if (m.clean && problems.length === before) checkHints(schema, own, problems);
        const idPaths = applyIdPolicy(schema, p.inference.ids);
        if (m.clean) reportUntyped(schema, m, (path) => locateInSamples(m, path), problems);
        // webhook payloads only: api.yaml models also type request bodies, which must not gain null
        if (!apiModels.has(m.name)) applyInferencePolicy(schema, p.inference, marks, isEnvelope ? envelopePaths(p) : keep);
        return [nameModel(m, schema, names, problems, idPaths)];
      });
      checkTopicNames(p, names, problems);
      return {
        id: p.id,
        title: p.title,
        typePrefix: p.typePrefix,
        valuePrefix: camelCase(p.typePrefix),
        description: p.description,
        specDir: p.dir,
        docs: p.docs,
        delivery: deliveryModel(p.delivery),
        inference: p.inference,
        ...(p.api ? { api: p.api } : {}),
        models,
        wildcards: (p.wildcards ?? []).map((w) => ({ pattern: w.pattern, covers: [...w.covers], ...(w.description ? { description: w.description } : {}) })),
        topics: sortedBy(p.topics, (t) => t.topic).map((t) => ({
          topic: t.topic,
          typeName: topicTypeName(t.topic),
          resource: t.resource,
          payload: [...t.payload].sort(),
          undocumented: t.undocumented,
          description: t.description,
          source: t.source,
          assumption: t.assumption,
          payloadProse: t.payloadProse,
        })),
      };
    }),
  };
}

/**
 * The paths inside a payload that a receiver reads the topic from (a body-field topic, relative
 * to the envelope's payload member when there is one): they stay required and non-null.
 */
function routedPaths(p: ProviderSpec): string[][] {
  const topic = p.delivery.topic;
  if (!('field' in topic)) return [];
  const field = parsePointer(topic.field);
  if (!p.delivery.envelope) return [field];
  const payload = parsePointer(p.delivery.envelope.payload);
  const inside = payload.every((seg, i) => field[i] === seg) && field.length > payload.length;
  return inside ? [field.slice(payload.length)] : [];
}

/** The delivery as the emitters read it: without the loader's locations (which would only key caches by line numbers). */
function deliveryModel(d: DeliverySpec): DeliverySpec {
  if (d.envelope?.modelAt === undefined) return d;
  const { modelAt: _at, ...envelope } = d.envelope;
  return { ...d, envelope };
}

/**
 * The envelope model's paths that stay required and non-null: its payload member, the topic
 * field when it lies in the envelope, and the objects on the way to them.
 */
function envelopePaths(p: ProviderSpec): string[][] {
  const env = p.delivery.envelope;
  if (!env) return [];
  const payload = parsePointer(env.payload);
  const topic = p.delivery.topic;
  if (!('field' in topic)) return [payload];
  const field = parsePointer(topic.field);
  const inside = payload.every((seg, i) => field[i] === seg) && field.length > payload.length;
  return inside ? [payload] : [payload, field];
}

/** What the envelope's payload member says in TSDoc, the JSON Schema and the catalog. */
const ENVELOPE_SLOT_DOC = "The payload: the topic's payload model types it (validated with it, not with the envelope's model).";

/**
 * Replaces the envelope model's inferred schema at its payload member with any JSON value (the
 * samples show every topic's payload there, which only the topics' models type), and returns the
 * model with its hints: those that point into the payload member are problems, the others apply.
 */
function envelopeSlot(schema: Schema, m: ModelSpec, pointer: string, problems: Problem[]): ModelSpec {
  const path = parsePointer(pointer);
  let node: Schema | undefined = schema;
  for (const key of path) node = node?.properties?.[key];
  // a sample without the member was reported by the loader (src/spec/envelope.ts)
  if (node) {
    for (const k of Object.keys(node)) delete node[k];
    Object.assign(node, { type: 'json', description: ENVELOPE_SLOT_DOC });
  }
  const inside = (segments: readonly string[]) => segments.length >= path.length && path.every((seg, i) => segments[i] === seg);
  for (const h of m.hints.filter((x) => inside(x.segments))) {
    problems.push({
      at: h.at,
      message: `hint ${h.pointer} points into the envelope's payload member ${pointer}`,
      expected: `hints on the envelope's own fields; the payload's fields are typed by each topic's payload model`,
      found: h.pointer,
      fix: `move the hint to the payload model, as ${formatPointer(h.segments.slice(path.length)) || '(the payload itself)'}`,
    });
  }
  return { ...m, hints: m.hints.filter((x) => !inside(x.segments)) };
}

/**
 * Gives every object node a name from its path (or its `name:` hint), lifts named objects
 * into `$defs`, and checks that a name always means one shape within the provider
 * (`names` is the provider-wide registry).
 */
function nameModel(m: ModelSpec, root: Schema, names: NameRegistry, problems: Problem[], idPaths: readonly string[][]): PayloadModel {
  const defs: Record<string, Schema> = {};
  const lift = (node: Schema, name: string, path: string[]): Schema => {
    const typeName = node.title ?? name;
    const { title: _t, description, ...rest } = node;
    // fromEntries defines own properties: a field named `__proto__` stays a field
    const properties: Record<string, Schema> = Object.fromEntries(sortedEntries(node.properties ?? {}).map(([k, v]) => [k, walk(v, typeName, k, false, [...path, k])]));
    const body: Schema = { ...rest, title: typeName, properties };
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      body.additionalProperties = walk(node.additionalProperties, typeName, 'value', false, [...path, '*']);
    }
    const existing = names.get(typeName);
    if (existing && JSON.stringify(existing.schema) !== JSON.stringify(body)) {
      problems.push({
        at: m.at,
        message: `two different object types are both named ${typeName} (at ${m.name} /${path.join('/')} and in ${existing.owner})`,
        expected: 'one shape per type name within a provider',
        found: `two shapes named ${typeName}`,
        fix: `add a \`name:\` hint to one of them in ${m.file}, e.g.\nhints:\n  /${path.join('/')}:\n    name: ${typeName}Detail`,
      });
    } else if (!existing) names.set(typeName, { schema: body, owner: `${m.name} /${path.join('/')}`, model: m, pointer: formatPointer(path), at: () => namedAt(m, path, typeName) });
    defs[typeName] = body;
    return { $ref: `#/$defs/${typeName}`, ...(description ? { description } : {}) };
  };
  /** `name` is a `name:` hint given on an enclosing union. */
  const walk = (input: Schema, owner: string, prop: string, isItem: boolean, path: string[], name?: string): Schema => {
    const node = splitTypeUnion(input);
    const given = node.title ?? name;
    if (isNamedObject(node)) return lift({ ...node, ...(given ? { title: given } : {}) }, nestedTypeName(owner, prop, isItem), path);
    // the name belongs to the object member of a union (`Customer | string`), not to the union
    const { title: _t, ...out } = node;
    if (node.items) out.items = walk(node.items, owner, prop, true, [...path, '*']);
    if (node.anyOf) out.anyOf = node.anyOf.map((b) => walk(b, owner, prop, isItem, path, given));
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      // an object used as a map, not a record: its values may be named, the map is not
      out.additionalProperties = walk(node.additionalProperties, owner, prop, true, [...path, '*']);
    }
    return out;
  };
  const typeName = root.title ?? m.name;
  let schema: Schema;
  if (root.type === 'object') {
    lift({ ...root, title: typeName }, typeName, []);
    schema = defs[typeName] ?? {};
    delete defs[typeName];
  } else {
    // an array or scalar payload: its type is an alias (`type PriceRecords = PriceRecordsItem[]`),
    // array items named after the model (a `name:` hint on /* names them otherwise)
    const { title: _t, ...rest } = root;
    schema = walk(rest, typeName, 'items', false, []);
    const existing = names.get(typeName);
    if (existing) {
      problems.push({
        at: m.at,
        message: `the payload type ${typeName} of ${m.name} has the name of the type at ${existing.owner}`,
        expected: 'one shape per type name within a provider',
        found: `two types named ${typeName}`,
        fix: 'add a `name:` hint to the other one, or rename the model',
      });
    } else names.set(typeName, { schema, owner: `${m.name} /`, model: m, pointer: '', at: () => m.at });
  }
  const typeProp = schema.properties?.type;
  const discriminator =
    typeProp && Array.isArray(typeProp.enum) && typeProp.enum.length === 1 && typeof typeProp.enum[0] === 'string' && schema.required?.includes('type')
      ? { property: 'type', value: typeProp.enum[0] }
      : undefined;
  return {
    name: m.name,
    typeName,
    description: m.description,
    specFile: m.file,
    sampleFiles: m.samples.map((s) => s.file),
    sampleTexts: m.samples.map((s) => s.json),
    sampleValues: m.samples.map((s) => s.value),
    schema,
    defs: Object.fromEntries(sortedEntries(defs)),
    int64Paths: int64Paths([...m.hints.filter((h) => h.int64).map((h) => h.segments), ...idPaths]),
    ...(discriminator ? { discriminator } : {}),
  };
}

/** Each path once, in pointer order. */
function int64Paths(paths: readonly string[][]): string[][] {
  const byPointer = new Map(paths.map((path) => [formatPointer(path), path]));
  return [...byPointer.keys()].sort(compareStrings).map((k) => byPointer.get(k) ?? []);
}

/**
 * Every type name of a provider's models must be free in `generated/<id>/`: the topic payload
 * aliases (`OrdersCreatePayload`), the provider-level types (`<Prefix>Topic`, `<Prefix>Receiver`,
 * ...), the runtime types its modules import or re-export (`ValidationIssue`, `Fixture`), the
 * validator schema objects (`<Model>Schema`) and the client's types share one namespace with
 * the model types: a clash would declare a name twice or silently shadow one of them.
 */
function checkTopicNames(p: ProviderSpec, names: NameRegistry, problems: Problem[]): void {
  const reserved = new Map<string, string>();
  for (const n of RUNTIME_TYPE_NAMES) reserved.set(n, 'a type of the generated runtime');
  for (const n of providerTypeNames(p.typePrefix)) reserved.set(n, 'a provider-level type');
  if (p.api) for (const [n, what] of clientOperationTypeNames(p.api.operations, p.api.errors)) reserved.set(n, `${what} (api.yaml)`);
  const models = p.models.filter((m) => names.has(m.name));
  for (const m of models) reserved.set(schemaTypeName(m.name), `the validator schema object of model ${m.name}`);
  if (p.delivery.envelope?.model !== undefined) reserved.set(`${p.typePrefix}Envelope`, 'a provider-level type');
  for (const t of p.topics) {
    const name = topicTypeName(t.topic);
    const clash = names.get(name)?.owner ?? reserved.get(name);
    if (clash) {
      problems.push({
        at: t.at,
        message: `topic "${t.topic}" gets the type name ${name}, which is already ${/^(a|the) /.test(clash) ? clash : `the type at ${clash}`}`,
        expected: 'distinct names for topic payload types and model types',
        found: name,
        fix: 'rename the model (or add a `name:` hint to the nested type) so that the names differ',
      });
    }
    reserved.set(name, `the payload type of topic "${t.topic}"`);
  }
  for (const [name, { model, pointer, at }] of names) {
    const what = reserved.get(name);
    if (what === undefined || p.topics.some((t) => topicTypeName(t.topic) === name)) continue;
    problems.push({
      at: at(),
      message: pointer === '' ? `model ${model.name} is named like ${what}` : `the type of ${model.name} ${pointer} is named ${name}, which is ${what}`,
      expected: `a type name that nothing else in generated/${p.id}/ uses`,
      found: name,
      fix: pointer === '' ? `rename the model (${model.file} and its \`model:\`, and where topics.yaml names it)` : `give the type another name with a \`name:\` hint in ${model.file}, e.g.\nhints:\n  ${pointer}:\n    name: ${name}Detail`,
    });
  }
}

/**
 * Where the spec gives the type at `path` of model `m` its name: the `name:` hint that says
 * it, the `model:` key for the model itself, or the field's first place in a sample (a nested
 * type is named after its field).
 */
function namedAt(m: ModelSpec, path: readonly string[], typeName: string): Location {
  const hint = m.hints.find((h) => h.name === typeName && h.segments.length === path.length && h.segments.every((s, i) => s === path[i]));
  if (hint) return hint.locate?.(['name']) ?? hint.at;
  if (path.length === 0) return m.at;
  return locateInSamples(m, path) ?? m.at;
}

/** An object with fields of its own (not a map), which gets a named interface. */
function isNamedObject(node: Schema): boolean {
  return node.type === 'object' && node.properties !== undefined && Object.keys(node.properties).length > 0;
}
