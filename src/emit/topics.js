// @ts-check
/**
 * Emitter: a provider's entry module. Types (`index.d.ts`): the topic unions, the
 * topic→payload map, `<Prefix>Payload<T>`, one alias per topic with its TSDoc. Values
 * (`index.js`): the topic list, the topic→models table, and the lossless body parser.
 */
import { banner, formatCode, tsdoc, str, propKey } from '../print/print.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').TopicModel} TopicModel */

/**
 * @param {ProviderModel} p
 * @returns {[string, string][]}
 */
export function emitTopics(p) {
  const sources = [`${p.specDir}/provider.yaml`, `${p.specDir}/topics.yaml`];
  return [
    [`${p.id}/index.d.ts`, formatCode(`${banner(sources)}\n\n${declarations(p)}`)],
    [`${p.id}/index.js`, formatCode(`${banner(sources)}\n\n${values(p)}`)],
  ];
}

/** @param {ProviderModel} p */
function names(p) {
  const T = p.typePrefix;
  const v = p.valuePrefix;
  return {
    topic: `${T}Topic`,
    documented: `${T}DocumentedTopic`,
    undocumented: `${T}UndocumentedTopic`,
    map: `${T}PayloadMap`,
    payload: `${T}Payload`,
    undocumentedPayload: `${T}UndocumentedPayload`,
    topics: `${v}Topics`,
    topicModels: `${v}TopicModels`,
    parse: `parse${T}Body`,
    parseEnvelope: `parse${T}Envelope`,
    stringify: `stringify${T}Body`,
    int64Paths: `${v}Int64Paths`,
  };
}

/** @param {TopicModel} t @param {ProviderModel} p */
function payloadType(t, p) {
  if (t.undocumented) return names(p).undocumentedPayload;
  const byName = new Map(p.models.map((m) => [m.name, m.typeName]));
  return t.payload.map((m) => byName.get(m)).join(' | ');
}

/** @param {ProviderModel} p */
function declarations(p) {
  const n = names(p);
  const documented = p.topics.filter((t) => !t.undocumented);
  const undocumented = p.topics.filter((t) => t.undocumented);
  const union = (/** @type {TopicModel[]} */ ts) => (ts.length ? ts.map((t) => `  | ${str(t.topic)}`).join('\n') : '  never');
  const out = [];
  const envelope = p.delivery.envelope;
  out.push(`import type { JsonObject${envelope ? ', JsonValue' : ''} } from '../runtime/json.js';`);
  out.push(`export type { JsonValue, JsonObject } from '../runtime/json.js';`);
  out.push(`export * from './models.js';`);
  out.push(`export * from './guards.js';`);
  out.push(`export * from './fixtures.js';`);
  out.push(`export * from './receive.js';`);
  if (p.api) out.push(`export * from './client.js';`);
  out.push(`import type { ${[...new Set(p.models.map((m) => m.typeName))].join(', ')} } from './models.js';`);
  out.push('');
  out.push(tsdoc([`Every ${p.title} topic with a documented payload.`]) + `export type ${n.documented} =\n${union(documented)};\n`);
  out.push(
    tsdoc([`${p.title} topics that are known by name only: the docs list them but document no payload. Their payload is typed as {@link ${n.undocumentedPayload}}.`]) +
      `export type ${n.undocumented} =\n${union(undocumented)};\n`,
  );
  out.push(tsdoc([`Every ${p.title} topic (${p.topics.length}): the value a receiver reads ${topicSourceProse(p)}.`]) + `export type ${n.topic} = ${n.documented} | ${n.undocumented};\n`);
  out.push(
    tsdoc([
      `The payload of a topic whose payload ${p.title}'s docs do not document: a JSON object of unknown shape.`,
      'Narrow it with your own checks, or add a sample for the topic to the spec and regenerate.',
    ]) + `export type ${n.undocumentedPayload} = JsonObject;\n`,
  );
  for (const t of p.topics) out.push(tsdoc(topicDoc(t, p)) + `export type ${t.typeName} = ${payloadType(t, p)};\n`);
  out.push(tsdoc([`Topic → payload type, for every ${p.title} topic.`]) + `export interface ${n.map} {`);
  for (const t of p.topics) out.push(`  ${str(t.topic)}: ${t.typeName};`);
  out.push('}\n');
  out.push(
    tsdoc([
      `The payload type of one of ${p.title}'s topics: \`${n.payload}<${str(documented[0]?.topic ?? p.topics[0]?.topic ?? 'topic')}>\`.`,
      `Without a type argument, the union of every payload. With \`F\`, the payload of a webhook registered with \`fields\`: only those top-level fields (\`${n.payload}<'topic', 'id' | 'updated_at'>\` is a \`Pick\` of the full payload).`,
    ]) + `export type ${n.payload}<T extends ${n.topic} = ${n.topic}, F extends ${n.payload}Field<T> = never> = [F] extends [never] ? ${n.map}[T] : PickFields<${n.map}[T], F>;\n`,
  );
  out.push(tsdoc([`The top-level fields of a topic's payload: what a webhook's \`fields\` can name.`]) + `export type ${n.payload}Field<T extends ${n.topic} = ${n.topic}> = T extends ${n.topic} ? keyof ${n.map}[T] & string : never;\n`);
  out.push(tsdoc([`\`Pick\` over each member of a union payload.`]) + `export type PickFields<P, F extends string> = P extends unknown ? Pick<P, Extract<F, keyof P>> : never;\n`);
  out.push(tsdoc([`Every ${p.title} topic, in sorted order.`]) + `export declare const ${n.topics}: readonly ${n.topic}[];\n`);
  out.push(
    tsdoc([`For each topic, the names of its payload models (empty for undocumented topics).`]) +
      `export declare const ${n.topicModels}: { readonly [T in ${n.topic}]: readonly string[] };\n`,
  );
  out.push(
    tsdoc(['For each payload model, the JSON paths (`*` = any array item) of its 64-bit integer fields: the fields the body parser delivers as digit strings.']) +
      `export declare const ${n.int64Paths}: { readonly [model: string]: readonly (readonly string[])[] };\n`,
  );
  out.push(
    tsdoc([
      `Parses a ${p.title} webhook body without losing digits: integers above 2^53 are never rounded, and fields the spec marks as 64-bit ids arrive as decimal strings${p.delivery.body === 'json-string' ? '. The body may be an escaped JSON string (as the docs describe) or plain JSON' : ''}.`,
      envelope
        ? `The body is an envelope: this returns its member at \`${envelope.payload}\`, the topic's payload (undefined when the body has none); {@link ${n.parseEnvelope}} returns the whole body.`
        : undefined,
      'The result is typed by topic but not validated: it is what the body says, not a checked payload.',
      `@param topic - the topic the request was delivered for (${topicSourceProse(p)})`,
      '@param body - the raw request body text',
      '@throws SyntaxError when the body is not JSON',
    ]) + `export declare function ${n.parse}<T extends ${n.topic}>(topic: T, body: string): ${n.payload}<T>;\n`,
  );
  if (envelope) {
    out.push(
      tsdoc([
        `Parses a whole ${p.title} webhook body, the envelope around the payload (at \`${envelope.payload}\`), as {@link ${n.parse}} does: integers above 2^53 are never rounded, and the payload's 64-bit id fields arrive as decimal strings.`,
        'The envelope is not validated. The receiver uses it, and returns it as `envelope` next to the validated `payload`.',
        `@param topic - the topic whose payload model says which fields are 64-bit ids (undefined: none)`,
        '@param body - the raw request body text',
        '@throws SyntaxError when the body is not JSON',
      ]) + `export declare function ${n.parseEnvelope}(topic: ${n.topic} | undefined, body: string): JsonValue;\n`,
    );
  }
  out.push(
    tsdoc([
      `The JSON body ${p.title} would send for a payload: 64-bit id fields (digit strings here) are written as JSON numbers with every digit${p.delivery.body === 'json-string' ? ', and the JSON is wrapped in a JSON string as the docs describe' : ''}.`,
      envelope
        ? `The body is an envelope: the payload is placed at \`${envelope.payload}\` of a copy of \`envelope\` (default \`{}\`)${envelopeTopic(p) ? `, and the topic at \`${'field' in p.delivery.topic ? p.delivery.topic.field : ''}\`` : ''}.`
        : undefined,
      'Use it to build test requests from fixtures.',
    ]) + `export declare function ${n.stringify}<T extends ${n.topic}>(topic: T, payload: ${n.payload}<T>${envelope ? ', envelope?: JsonObject' : ''}): string;\n`,
  );
  return out.join('\n');
}

/** The keys of a JSON pointer (`/data/object` → data, object). */
function pointerKeys(/** @type {string} */ pointer) {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * With an envelope and the topic in a body field outside the payload: the keys of that
 * field, which the stringifier fills in; otherwise undefined.
 * @param {ProviderModel} p
 */
export function envelopeTopic(p) {
  const env = p.delivery.envelope;
  if (!env || !('field' in p.delivery.topic)) return undefined;
  const payload = pointerKeys(env.payload);
  const field = pointerKeys(p.delivery.topic.field);
  const inside = field.length > payload.length && payload.every((k, i) => field[i] === k);
  return inside ? undefined : field;
}

/** @param {ProviderModel} p */
function topicSourceProse(p) {
  const src = p.delivery.topic;
  if ('header' in src) return `from the \`${src.header}\` header`;
  if ('field' in src) return `from the body field \`${src.field}\``;
  return 'from the route the hook was registered with';
}

/** @param {TopicModel} t @param {ProviderModel} p @returns {(string|undefined)[]} */
function topicDoc(t, p) {
  const lines = [`\`${t.topic}\`${t.description ? `: ${t.description}` : ''}`];
  if (t.undocumented) lines.push(`Undocumented payload.${t.source ? ` ${t.source}` : ''}`);
  if (t.payloadProse !== undefined && t.payloadProse !== '') lines.push(`Docs' payload: "${t.payloadProse}".`);
  if (t.payload.length > 1) {
    const disc = t.payload.map((name) => p.models.find((m) => m.name === name)?.discriminator);
    lines.push(
      disc.every(Boolean)
        ? `One of ${t.payload.length} models, told apart by \`${disc[0]?.property}\` (${disc.map((d) => `\`${JSON.stringify(d?.value)}\``).join(', ')}). The docs name several models for this topic without saying how they are combined; each delivery is taken to carry one of them.`
        : `One of ${t.payload.length} models. The docs name several models for this topic without saying how they are combined.`,
    );
  }
  if (t.assumption) lines.push(`Assumption: ${t.assumption}`);
  if (t.resource) lines.push(`Resource: ${t.resource}.`);
  return lines;
}

/** @param {ProviderModel} p */
function values(p) {
  const n = names(p);
  const out = [];
  const envelope = p.delivery.envelope;
  out.push(`import { parseLossless, int64ToString, decodeJsonString, stringifyLossless${envelope ? ', valueAt, withValueAt' : ''} } from '../runtime/json.js';`);
  out.push(`export * from './guards.js';`);
  out.push(`export * from './fixtures.js';`);
  out.push(`export * from './receive.js';`);
  if (p.api) out.push(`export * from './client.js';`);
  out.push('');
  out.push(`export const ${n.topics} = Object.freeze([`);
  for (const t of p.topics) out.push(`  ${str(t.topic)},`);
  out.push(']);\n');
  out.push(`export const ${n.topicModels} = Object.freeze({`);
  for (const t of p.topics) out.push(`  ${propKey(t.topic)}: Object.freeze([${t.payload.map(str).join(', ')}]),`);
  out.push('});\n');
  out.push(`export const ${n.int64Paths} = Object.freeze({`);
  for (const m of p.models) {
    if (m.int64Paths.length === 0) continue;
    out.push(`  ${propKey(m.name)}: Object.freeze([`);
    for (const path of [...m.int64Paths].sort((a, b) => (a.join('/') < b.join('/') ? -1 : 1))) out.push(`    Object.freeze([${path.map(str).join(', ')}]),`);
    out.push('  ]),');
  }
  out.push('});\n');
  const decode = p.delivery.body === 'json-string' ? 'decodeJsonString(parseLossless(body))' : 'parseLossless(body)';
  if (envelope) {
    const topicKeys = envelopeTopic(p);
    out.push(`/** The keys of the payload in the envelope (\`${envelope.payload}\`). */`);
    out.push(`const envelopePayload = Object.freeze([${pointerKeys(envelope.payload).map(str).join(', ')}]);\n`);
    if (topicKeys) {
      out.push(`/** The keys of the topic in the envelope (\`${'field' in p.delivery.topic ? p.delivery.topic.field : ''}\`). */`);
      out.push(`const envelopeTopic = Object.freeze([${topicKeys.map(str).join(', ')}]);\n`);
    }
    out.push(`export function ${n.parseEnvelope}(topic, body) {`);
    out.push(`  const value = ${decode};`);
    out.push(`  const payload = valueAt(value, envelopePayload);`);
    out.push(`  const models = ${n.topicModels}[topic] ?? [];`);
    out.push(`  for (const model of models) for (const path of ${n.int64Paths}[model] ?? []) int64ToString(payload, path, 0);`);
    out.push('  return value;');
    out.push('}\n');
    out.push(`export function ${n.parse}(topic, body) {`);
    out.push(`  return valueAt(${n.parseEnvelope}(topic, body), envelopePayload);`);
    out.push('}\n');
    out.push(`export function ${n.stringify}(topic, payload, envelope) {`);
    out.push(`  const paths = (${n.topicModels}[topic] ?? []).flatMap((model) => (${n.int64Paths}[model] ?? []).map((path) => [...envelopePayload, ...path]));`);
    out.push(`  const outer = ${topicKeys ? 'withValueAt(envelope ?? {}, envelopeTopic, topic)' : 'envelope ?? {}'};`);
    out.push(`  const text = stringifyLossless(withValueAt(outer, envelopePayload, payload), paths);`);
  } else {
    out.push(`export function ${n.parse}(topic, body) {`);
    out.push(`  const value = ${decode};`);
    out.push(`  const models = ${n.topicModels}[topic] ?? [];`);
    out.push(`  for (const model of models) for (const path of ${n.int64Paths}[model] ?? []) int64ToString(value, path, 0);`);
    out.push('  return value;');
    out.push('}\n');
    out.push(`export function ${n.stringify}(topic, payload) {`);
    out.push(`  const paths = (${n.topicModels}[topic] ?? []).flatMap((model) => ${n.int64Paths}[model] ?? []);`);
    out.push(`  const text = stringifyLossless(payload, paths);`);
  }
  out.push(`  return ${p.delivery.body === 'json-string' ? 'JSON.stringify(text)' : 'text'};`);
  out.push('}');
  return out.join('\n');
}
