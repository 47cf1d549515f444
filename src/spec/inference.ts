/**
 * `inference:` of provider.yaml: what a provider states once about its payloads that a docs
 * sample cannot show: which integer fields are 64-bit ids (`ids`), and what the generator may
 * conclude from the samples about a field's presence and nullability (`presence`, `nulls`; see
 * spec/README.md, "Inference policy"). Applying presence/nulls to a model's schema is
 * src/model/policy.ts; the id policy is src/model/ids.ts.
 */
import { closest, type Problem } from '../util/diagnostics.js';
import type { Reader } from './reader.js';
import type { IdPolicySpec, InferenceSpec } from './types.js';
import type { YamlSource } from './yaml.js';

/** The keys of `inference:`. */
export const INFERENCE_KEYS: readonly string[] = ['ids', 'presence', 'nulls'];

const PRESENCE = ['optional', 'observed'] as const;
const NULLS = ['nullable', 'observed'] as const;

/**
 * The id policy when provider.yaml states none: an integer field named `id` or ending in
 * `_id`, and the integer items of a field ending in `_ids`, are 64-bit ids.
 */
export const DEFAULT_INT64_ID_PATTERNS: readonly string[] = Object.freeze(['id', '*_id', '*_ids']);

/**
 * The policy when provider.yaml says nothing: the default id patterns, and a docs sample shows
 * what a field holds, not that it is always there or never null.
 */
export const DEFAULT_INFERENCE: InferenceSpec = Object.freeze({
  ids: Object.freeze({ int64: DEFAULT_INT64_ID_PATTERNS }),
  presence: 'optional',
  nulls: 'nullable',
});

/** `inference` of provider.yaml, defaults filled in; a broken part keeps its default (the problem is recorded, unknown keys and values with a did-you-mean). */
export function loadInference(src: YamlSource, r: Reader, problems: Problem[]): InferenceSpec {
  if (r.get(['inference']) === undefined || !r.expect(['inference'], 'map')) return DEFAULT_INFERENCE;
  r.onlyKeys(['inference'], INFERENCE_KEYS);
  const pick = <T extends string>(key: 'presence' | 'nulls', values: readonly T[], fallback: T, meaning: string): T => {
    const v = r.get(['inference', key]);
    if (v === undefined) return fallback;
    const known = values.find((x) => x === v);
    if (known !== undefined) return known;
    const guess = typeof v === 'string' ? closest(v, values) : undefined;
    problems.push({
      at: src.loc(['inference', key]),
      message: `unsupported \`inference.${key}\``,
      expected: `${values.map((x) => JSON.stringify(x)).join(' | ')} (${meaning})`,
      found: JSON.stringify(v) ?? String(v),
      fix: guess ? `did you mean "${guess}"?` : `use one of ${values.join(', ')}, or leave the key out for "${fallback}"`,
    });
    return fallback;
  };
  return {
    ids: loadIds(src, r, problems),
    presence: pick('presence', PRESENCE, DEFAULT_INFERENCE.presence, 'optional: a field a sample shows may be absent; observed: fields every sample shows are required'),
    nulls: pick('nulls', NULLS, DEFAULT_INFERENCE.nulls, 'nullable: a field a sample shows with a value may be null; observed: only fields seen null are nullable'),
  };
}

function loadIds(src: YamlSource, r: Reader, problems: Problem[]): IdPolicySpec {
  if (r.get(['inference', 'ids']) === undefined || !r.expect(['inference', 'ids'], 'map')) return DEFAULT_INFERENCE.ids;
  r.onlyKeys(['inference', 'ids'], ['int64']);
  if (r.get(['inference', 'ids', 'int64']) === undefined) return DEFAULT_INFERENCE.ids;
  const list = r.expect(['inference', 'ids', 'int64'], 'list', { fix: "write the field-name patterns as a list, e.g. `int64: [id, '*_id', '*_ids']` (`[]` turns the policy off)" });
  if (!list) return DEFAULT_INFERENCE.ids;
  const patterns: string[] = [];
  list.forEach((_p, i) => {
    const p = r.expect(['inference', 'ids', 'int64', i], 'string', { fix: "write a field name, with `*` for any text (quote it in YAML: '*_id')" });
    if (p === undefined) return;
    if (/^\*+$/.test(p)) {
      problems.push({
        at: src.loc(['inference', 'ids', 'int64', i]),
        message: 'an id pattern must name something besides `*`',
        expected: "a field name with `*` for any text, e.g. '*_id'",
        found: JSON.stringify(p),
        fix: 'every integer field would be a 64-bit id: name the id fields instead',
      });
      return;
    }
    if (!patterns.includes(p)) patterns.push(p);
  });
  return { int64: patterns };
}

/** A matcher for field names: `*` stands for any text (possibly empty), everything else is literal. */
export function idNameMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const re = new RegExp(`^(?:${patterns.map((p) => p.split('*').map(escape).join('[\\s\\S]*')).join('|')})$`);
  return (name) => re.test(name);
}
