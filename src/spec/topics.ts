/**
 * `topics.yaml` of a provider: each topic, its payload models (or `undocumented: true`) and
 * its documentation; and `wildcards:`, the subscription patterns (`store/cart/*`) the
 * provider's API takes, with the listed topics each covers.
 */
import { closest, type Problem } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { reader, readYaml } from './reader.js';
import type { ModelSpec, TopicSpec, WildcardSpec } from './types.js';
import type { YamlDataCache } from './yaml.js';

const TEXT_KEYS = ['resource', 'description', 'source', 'assumption', 'payloadProse'] as const;

/**
 * The topics of `<dir>/topics.yaml`, sorted, and its wildcards. `broken` names models whose own
 * file has a problem (already reported), so a topic naming one is not reported again.
 */
export function loadTopics(root: string, dir: string, models: readonly ModelSpec[], broken: ReadonlySet<string>, problems: Problem[], dataCache?: YamlDataCache): { topics: TopicSpec[]; wildcards: WildcardSpec[] } {
  const file = `${dir}/topics.yaml`;
  const src = readYaml(root, file, problems, dataCache);
  if (!src) return { topics: [], wildcards: [] };
  const r = reader(src, problems);
  if (!r.expect([], 'map', { required: true })) return { topics: [], wildcards: [] };
  r.onlyKeys([], ['topics', 'wildcards']);
  const raw = r.expect(['topics'], 'map', { required: true });
  if (!raw) return { topics: [], wildcards: [] };
  const modelNames = models.map((m) => m.name);
  const topics: TopicSpec[] = [];
  for (const topic of Object.keys(raw).sort(compareStrings)) {
    const path = ['topics', topic];
    if (raw[topic] === null || raw[topic] === undefined) {
      problems.push({ at: src.loc(path, { key: true }), message: `topic "${topic}" has no entry`, expected: 'a map with `payload:` or `undocumented: true`', found: 'nothing', fix: 'add `payload: [<Model>]` under the topic' });
      continue;
    }
    const t = r.expect(path, 'map');
    if (!t) continue;
    r.onlyKeys(path, ['resource', 'payload', 'undocumented', 'description', 'source', 'assumption', 'payloadProse']);
    const undocumented = t.undocumented === undefined ? false : (r.expect([...path, 'undocumented'], 'boolean') ?? false);
    const payload: string[] = [];
    if (t.payload !== undefined) {
      const list = r.expect([...path, 'payload'], 'list') ?? [];
      list.forEach((_m, i) => {
        const m = r.expect([...path, 'payload', i], 'string');
        if (!m) return;
        if (broken.has(m)) return; // its own file's problem is the one to fix
        if (!modelNames.includes(m)) {
          const guess = closest(m, modelNames);
          problems.push({
            at: src.loc([...path, 'payload', i]),
            message: `topic "${topic}" names payload model "${m}", which does not exist`,
            expected: `a model defined in ${dir}/models/ (${modelNames.join(', ') || 'none yet'})`,
            found: JSON.stringify(m),
            fix: guess ? `did you mean "${guess}"? Otherwise add ${dir}/models/${m}.yaml` : `add ${dir}/models/${m}.yaml with its samples`,
          });
        } else payload.push(m);
      });
      if (Array.isArray(t.payload) && t.payload.length === 0 && !undocumented) {
        problems.push({ at: src.loc([...path, 'payload']), message: `topic "${topic}" has an empty payload list`, expected: 'at least one model name', found: 'an empty list', fix: 'name the payload model, or write `undocumented: true` instead' });
      }
    }
    if (undocumented && t.payload !== undefined) {
      problems.push({ at: src.loc([...path, 'undocumented']), message: `topic "${topic}" is both undocumented and has a payload`, expected: 'either `payload:` or `undocumented: true`', found: 'both', fix: 'remove one of them' });
    }
    if (!undocumented && t.payload === undefined) {
      problems.push({ at: src.loc(path, { key: true }), message: `topic "${topic}" has no payload`, expected: '`payload: [<Model>]`, or `undocumented: true` for a topic known only by name', found: 'neither', fix: 'add one of them' });
    }
    const spec: TopicSpec = {
      topic,
      get at() {
        return src.loc(path, { key: true });
      },
      payload,
      undocumented,
    };
    for (const k of TEXT_KEYS) {
      const v = t[k];
      if (v === undefined) continue;
      // payloadProse is the docs' own words, kept as written: an empty string too
      if (k === 'payloadProse' && typeof v === 'string') spec[k] = v;
      else {
        const text = r.expect([...path, k], 'string');
        if (text) spec[k] = text;
      }
    }
    topics.push(spec);
  }
  return { topics, wildcards: loadWildcards(r, src, topics, problems) };
}

/** The longest wildcard pattern read (bounded work on untrusted files). */
const MAX_PATTERN = 200;

/**
 * `wildcards:`: a map from a pattern to null or `{ description }`. A pattern holds one `*`, as
 * its last character (after a separator: `store/cart/*`, `invoice.*`), and covers every listed
 * topic that starts with what precedes it.
 */
function loadWildcards(r: ReturnType<typeof reader>, src: NonNullable<ReturnType<typeof readYaml>>, topics: readonly TopicSpec[], problems: Problem[]): WildcardSpec[] {
  const raw = r.expect(['wildcards'], 'map');
  if (!raw) return [];
  const listed = topics.map((t) => t.topic);
  const out: WildcardSpec[] = [];
  for (const pattern of Object.keys(raw).sort(compareStrings)) {
    const path = ['wildcards', pattern];
    const stem = pattern.slice(0, -1);
    if (pattern.length > MAX_PATTERN || !pattern.endsWith('*') || stem.includes('*') || stem === '' || !/[/.:_-]$/.test(stem)) {
      problems.push({
        at: src.loc(path, { key: true }),
        message: `wildcard ${JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern)} is not a subscription pattern`,
        expected: 'a topic prefix ending in a separator, then one `*` (e.g. `store/cart/*`, `invoice.*`)',
        found: pattern.includes('*') ? 'a `*` elsewhere, or no separator before it' : 'no `*`',
        fix: pattern.includes('*') ? 'write the pattern as the provider documents it, with `*` last' : 'list a concrete topic under `topics:` instead',
      });
      continue;
    }
    const v = raw[pattern];
    let description: string | undefined;
    if (v !== null && v !== undefined) {
      if (r.expect(path, 'map')) {
        r.onlyKeys(path, ['description']);
        description = r.expect([...path, 'description'], 'string') ?? undefined;
      }
    }
    out.push({
      pattern,
      get at() {
        return src.loc(path, { key: true });
      },
      ...(description ? { description } : {}),
      covers: listed.filter((t) => t.startsWith(stem)),
    });
  }
  return out;
}
