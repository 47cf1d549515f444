/**
 * `inference:` of provider.yaml: what the generator may conclude from the provider's docs
 * samples about a field's presence and nullability (see spec/README.md, "Inference policy").
 * Applying it to a model's schema is src/model/policy.ts.
 */
import { closest, type Problem } from '../util/diagnostics.js';
import type { Reader } from './reader.js';
import type { InferencePolicy } from './types.js';
import type { YamlSource } from './yaml.js';

/** The keys of `inference:`. `ids` belongs to the id policy, read elsewhere; it is passed over here. */
export const INFERENCE_KEYS = ['presence', 'nulls', 'ids'] as const;

const PRESENCE = ['optional', 'observed'] as const;
const NULLS = ['nullable', 'observed'] as const;

/** The policy when provider.yaml says nothing: a docs sample shows what a field holds, not that it is always there or never null. */
export const DEFAULT_INFERENCE: Readonly<InferencePolicy> = Object.freeze({ presence: 'optional', nulls: 'nullable' });

/** Reads `inference:` (a map, optional); an unknown key or value is a located problem with a did-you-mean. */
export function loadInference(src: YamlSource, r: Reader, problems: Problem[]): InferencePolicy {
  if (r.get(['inference']) === undefined) return { ...DEFAULT_INFERENCE };
  if (!r.expect(['inference'], 'map')) return { ...DEFAULT_INFERENCE };
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
    presence: pick('presence', PRESENCE, DEFAULT_INFERENCE.presence, 'optional: a field a sample shows may be absent; observed: fields every sample shows are required'),
    nulls: pick('nulls', NULLS, DEFAULT_INFERENCE.nulls, 'nullable: a field a sample shows with a value may be null; observed: only fields seen null are nullable'),
  };
}
