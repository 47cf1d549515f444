/**
 * What `delivery` of provider.yaml says about the models, checked once the models and topics
 * are loaded: `delivery.envelope.model` (the envelope's own model exists, is no topic's payload,
 * and every one of its samples is a whole body that holds the payload member, and the topic when
 * the topic is a body field outside the payload; see spec/README.md, "Envelopes"), and that an
 * XML body (`delivery.formats.xml`) is an object payload.
 */
import { closest, describeValue, type Problem } from '../util/diagnostics.js';
import { formatPointer, parsePointer } from '../util/pointer.js';
import { payloadKind } from './models.js';
import type { DeliverySpec, ModelSpec, TopicSpec } from './types.js';

/** Every problem of the models that `delivery` constrains (see the module comment). */
export function checkDeliveryModels(dir: string, delivery: DeliverySpec, models: readonly ModelSpec[], broken: ReadonlySet<string>, topics: readonly TopicSpec[], problems: Problem[]): void {
  checkEnvelopeModel(dir, delivery, models, broken, topics, problems);
  if (!delivery.formats?.some((f) => f.format === 'xml')) return;
  // Rails' to_xml writes a record as an element; an array or scalar payload has no such form here
  const used = new Set(topics.flatMap((t) => t.payload));
  for (const m of models) {
    const kind = m.samples[0] === undefined ? 'object' : payloadKind(m.samples[0].value);
    if (kind === 'object' || !used.has(m.name)) continue;
    problems.push({
      at: m.at,
      message: `model "${m.name}" is a JSON ${kind}, and the provider delivers XML bodies too`,
      expected: 'object payloads only, with `delivery.formats.xml` (an XML body is one element holding the record)',
      found: `a ${kind} payload (${m.samples[0]?.file ?? m.file})`,
      fix: 'remove `xml` from `delivery.formats`, or model the payload as an object',
    });
  }
}

/** Every problem of the envelope model of one provider (none when the envelope has no model). */
function checkEnvelopeModel(dir: string, delivery: DeliverySpec, models: readonly ModelSpec[], broken: ReadonlySet<string>, topics: readonly TopicSpec[], problems: Problem[]): void {
  const env = delivery.envelope;
  if (env?.model === undefined) return;
  const at = env.modelAt ?? { file: `${dir}/provider.yaml` };
  const name = env.model;
  if (broken.has(name)) return; // its own file's problem is the one to fix
  const model = models.find((m) => m.name === name);
  if (!model) {
    const names = models.map((m) => m.name);
    const guess = closest(name, names);
    problems.push({
      at,
      message: `the envelope model "${name}" does not exist`,
      expected: `a model defined in ${dir}/models/ (${names.join(', ') || 'none yet'})`,
      found: JSON.stringify(name),
      fix: guess ? `did you mean "${guess}"? Otherwise add ${dir}/models/${name}.yaml with whole bodies as its samples` : `add ${dir}/models/${name}.yaml with whole bodies as its samples`,
    });
    return;
  }
  const users = topics.filter((t) => t.payload.includes(name)).map((t) => t.topic);
  if (users.length) {
    problems.push({
      at,
      message: `the envelope model "${name}" is also the payload of ${users.length === 1 ? 'topic' : 'topics'} ${users.map((t) => JSON.stringify(t)).join(', ')}`,
      expected: 'an envelope model that types the body around the payload, and payload models that type the member at the envelope pointer',
      found: `"${name}" in topics.yaml`,
      fix: `give the topics the model of the member at ${env.payload} (its samples can be \`samples/<file>.json#${env.payload}\`)`,
    });
  }
  const payload = parsePointer(env.payload);
  const topicField = 'field' in delivery.topic ? parsePointer(delivery.topic.field) : undefined;
  const topicOutside = topicField !== undefined && !(topicField.length > payload.length && payload.every((k, i) => topicField[i] === k));
  for (const s of model.samples) {
    const sampleAt = { file: s.file, line: 1, col: 1 };
    if (s.value === null || typeof s.value !== 'object' || Array.isArray(s.value)) {
      problems.push({ at: sampleAt, message: `a sample of the envelope model "${name}" must be a whole body, a JSON object`, expected: 'an object {...} that holds the payload', found: describeValue(s.value), fix: 'list the verbatim delivery bodies as the envelope model\'s samples' });
      continue;
    }
    const missing = missingAt(s.value, payload);
    if (missing !== undefined) {
      problems.push({
        at: sampleAt,
        message: `a sample of the envelope model "${name}" has no payload at ${env.payload}`,
        expected: `a whole body with the payload member at ${env.payload}`,
        found: missing.length ? `nothing at ${formatPointer(missing)}` : 'nothing',
        fix: `list whole delivery bodies under ${model.file} \`samples:\`, or correct \`delivery.envelope.payload\``,
      });
    }
    if (topicOutside && topicField) {
      const value = valueAt(s.value, topicField);
      if (typeof value !== 'string') {
        problems.push({
          at: sampleAt,
          message: `a sample of the envelope model "${name}" has no topic at ${formatPointer(topicField)}`,
          expected: `the topic string at ${formatPointer(topicField)} (\`delivery.topic.field\`)`,
          found: value === undefined ? 'nothing' : describeValue(value),
          fix: 'list whole delivery bodies as the envelope model\'s samples, or correct `delivery.topic.field`',
        });
      }
    }
  }
}

/** The keys up to the first one `value` lacks along `path`; undefined when the whole path is there. */
function missingAt(value: unknown, path: readonly string[]): string[] | undefined {
  let v = value;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, key)) return path.slice(0, i + 1);
    v = (v as Record<string, unknown>)[key];
  }
  return undefined;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
