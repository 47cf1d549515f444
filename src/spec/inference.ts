/**
 * `inference` in provider.yaml: what a provider states once about its payloads that a docs
 * sample cannot show. `ids` is read here; `presence` and `nulls` are known keys whose meaning
 * is read by their own loaders (an unknown key is a located problem with a did-you-mean).
 */
import type { Problem } from '../util/diagnostics.js';
import type { Reader } from './reader.js';
import type { IdPolicySpec, InferenceSpec } from './types.js';
import type { YamlSource } from './yaml.js';

/** The keys of `inference:`. */
export const INFERENCE_KEYS: readonly string[] = ['ids', 'presence', 'nulls'];

/**
 * The id policy when provider.yaml states none: an integer field named `id` or ending in
 * `_id`, and the integer items of a field ending in `_ids`, are 64-bit ids.
 */
export const DEFAULT_INT64_ID_PATTERNS: readonly string[] = Object.freeze(['id', '*_id', '*_ids']);

/** The inference policy of a provider that states none. */
export const DEFAULT_INFERENCE: InferenceSpec = Object.freeze({ ids: Object.freeze({ int64: DEFAULT_INT64_ID_PATTERNS }) });

/** `inference` of provider.yaml, defaults filled in; a broken part keeps its default (the problem is recorded). */
export function loadInference(src: YamlSource, r: Reader, problems: Problem[]): InferenceSpec {
  if (r.get(['inference']) === undefined || !r.expect(['inference'], 'map')) return DEFAULT_INFERENCE;
  r.onlyKeys(['inference'], INFERENCE_KEYS);
  return { ids: loadIds(src, r, problems) };
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
