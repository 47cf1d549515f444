/**
 * Stage 1: read `spec/<provider>/` folders and validate them. Nothing here knows any
 * provider: every fact comes from the files. All problems are collected, none thrown.
 *
 * One module per file of a provider folder: provider.yaml (./provider.ts, with ./delivery.ts
 * and ./signature.ts), models/ (./models.ts, ./hints.ts), topics.yaml (./topics.ts) and
 * api.yaml (./api.ts); ./reader.ts and ./yaml.ts read any of them.
 */
import { join } from 'node:path';
import type { Cache } from '../util/cache.js';
import { formatLocation, type Problem } from '../util/diagnostics.js';
import { camelCase, pascalCase, ROOT_EXPORTS } from '../util/naming.js';
import { compareStrings } from '../util/order.js';
import { loadApi } from './api.js';
import { checkDeliveryModels } from './envelope.js';
import { entryProblem, listFolder, pathExists } from './files.js';
import { loadModels } from './models.js';
import { loadProviderFile, TYPE_PREFIX, type ProviderFile } from './provider.js';
import { loadTopics } from './topics.js';
import { nonHeaderChar } from './signature.js';
import type { DeliverySpec, ProviderSpec, TopicSpec } from './types.js';
import { createYamlDataCache, type YamlDataCache } from './yaml.js';

/**
 * Loads every provider under `<root>/<specDir>` (`root` absolute, `specDir` relative). With
 * `cache`, the data of YAML files that parsed cleanly before is read back instead of parsed.
 */
export function loadSpec(root: string, specDir = 'spec', opts: { cache?: Cache } = {}): { providers: ProviderSpec[]; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!pathExists(join(root, specDir))) {
    problems.push({
      at: { file: specDir },
      message: 'the spec folder does not exist',
      expected: `a folder ${specDir}/ with one sub-folder per provider`,
      found: 'nothing',
      fix: `create ${specDir}/<provider>/provider.yaml (see spec/README.md)`,
    });
    return { providers: [], problems };
  }
  const listed = listFolder(root, specDir);
  if (!listed.ok) {
    problems.push(listed.problem);
    return { providers: [], problems };
  }
  const dirs: string[] = [];
  for (const { name, kind } of listed.entries) {
    if (kind === 'directory') {
      // a provider folder that cannot be listed is reported as such, not as its missing files
      const inner = listFolder(root, `${specDir}/${name}`);
      if (inner.ok) dirs.push(name);
      else problems.push(inner.problem);
    } else if (kind === 'dangling-link' || kind === 'link-loop' || kind === 'unreadable') {
      // a file (README.md) is not a provider; a broken link may have been meant as one
      const problem = entryProblem({ file: `${specDir}/${name}` }, `${specDir}/${name}`, kind, 'folder');
      if (problem) problems.push(problem);
    }
  }
  dirs.sort(compareStrings);
  const dataCache = opts.cache ? createYamlDataCache(opts.cache) : undefined;
  const providers: ProviderSpec[] = [];
  const heads: ProviderFile[] = [];
  for (const d of dirs) {
    const p = loadProvider(root, `${specDir}/${d}`, problems, dataCache, heads);
    if (p) providers.push(p);
  }
  checkTypePrefixes(heads, problems);
  if (dirs.length === 0) {
    problems.push({
      at: { file: specDir },
      message: 'no provider folders found',
      expected: `${specDir}/<provider>/provider.yaml`,
      found: 'an empty folder',
      fix: 'add a provider folder (see spec/README.md)',
    });
  }
  const seen = new Map<string, string>();
  for (const p of providers) {
    const other = seen.get(p.id);
    if (other !== undefined) {
      problems.push({
        at: { file: p.file },
        message: `provider id "${p.id}" is also used by ${other}`,
        expected: 'a unique provider id',
        found: JSON.stringify(p.id),
        fix: 'rename one of the providers',
      });
    }
    seen.set(p.id, p.file);
  }
  return { providers, problems };
}

/**
 * Each provider's typePrefix names its types (`<Prefix>Topic`, `create<Prefix>Receiver`) and,
 * camel-cased, its namespace in the package root (`export * as <prefix>`): two providers with
 * one prefix would export every name twice, and a namespace may not take a name the root
 * exports itself.
 */
function checkTypePrefixes(heads: readonly ProviderFile[], problems: Problem[]): void {
  const byPrefix = new Map<string, ProviderFile[]>();
  for (const h of heads) {
    if (h.typePrefix === undefined || !TYPE_PREFIX.test(h.typePrefix)) continue;
    byPrefix.set(h.typePrefix, [...(byPrefix.get(h.typePrefix) ?? []), h]);
  }
  for (const [prefix, group] of byPrefix) {
    const namespace = camelCase(prefix);
    for (const h of group.length > 1 ? group : []) {
      // each names the next one, so that every file of the group is mentioned
      const other = group[(group.indexOf(h) + 1) % group.length] ?? h;
      const own = pascalCase(h.id ?? '');
      problems.push({
        at: h.locate(['typePrefix']),
        message: `typePrefix "${prefix}" is also the typePrefix of ${other.file}`,
        expected: `a typePrefix of its own: every name of the provider comes from it (${prefix}Topic, create${prefix}Receiver, the package root's namespace ${namespace})`,
        found: `"${prefix}", as at ${formatLocation(other.locate(['typePrefix']))}`,
        fix: own && own !== prefix && !byPrefix.has(own) ? `write e.g. \`typePrefix: ${own}\`` : `keep it here, and give ${other.file} another one`,
      });
    }
    if (ROOT_EXPORTS.includes(namespace)) {
      for (const h of group) {
        problems.push({
          at: h.locate(['typePrefix']),
          message: `typePrefix "${prefix}" gives the provider the namespace ${namespace} in the package root, which already exports ${namespace}`,
          expected: `a typePrefix whose camelCase form is not one of: ${ROOT_EXPORTS.join(', ')}`,
          found: JSON.stringify(prefix),
          fix: `write e.g. \`typePrefix: ${prefix}Webhooks\``,
        });
      }
    }
  }
}

/**
 * A provider that sends the topic in a header sends each topic as a header value: a topic with
 * a line break or a character beyond ASCII could never arrive (the test request builder, like
 * any HTTP client, refuses to send it), and one with spaces around it arrives trimmed.
 */
function checkHeaderTopics(delivery: DeliverySpec, topics: readonly TopicSpec[], problems: Problem[]): void {
  if (!('header' in delivery.topic)) return;
  const header = delivery.topic.header;
  for (const t of topics) {
    const bad = nonHeaderChar(t.topic) ?? (t.topic !== t.topic.trim() ? (/^\s/.test(t.topic) ? t.topic.charAt(0) : t.topic.charAt(t.topic.length - 1)) : undefined);
    if (bad === undefined && t.topic !== '') continue;
    problems.push({
      at: t.at,
      message: `topic ${JSON.stringify(t.topic)} cannot arrive in the ${header} header`,
      expected: 'a topic of printable ASCII without spaces around it (the provider sends it as a header value)',
      found: bad === undefined ? 'an empty topic' : `${JSON.stringify(t.topic)} (with ${JSON.stringify(bad)})`,
      fix: 'write the topic exactly as the provider sends it in the header',
    });
  }
}

/** One provider folder: provider.yaml, then its models, topics and api.yaml. */
function loadProvider(root: string, dir: string, problems: Problem[], dataCache: YamlDataCache | undefined, heads: ProviderFile[]): ProviderSpec | undefined {
  const head = loadProviderFile(root, dir, problems, dataCache);
  if (!head) return undefined;
  heads.push(head);
  const { file, id, title, typePrefix, description, docs, delivery, inference } = head;
  const { models, broken } = loadModels(root, dir, problems, dataCache);
  const before = problems.length;
  const { topics, wildcards } = loadTopics(root, dir, models, broken, problems, dataCache);
  // api.yaml checks its topic parameters against topics.yaml: not against one that did not load
  const topicsBroken = topics.length === 0 && problems.length > before;
  const api = topicsBroken ? undefined : loadApi(root, dir, { models, topics }, problems, dataCache);
  if (delivery) checkHeaderTopics(delivery, topics, problems);
  if (delivery) checkDeliveryModels(dir, delivery, models, broken, topics, problems);
  if (!id || !title || !typePrefix || !delivery) return undefined;
  return { id, dir, file, title, typePrefix, description, docs, delivery, inference, topics, wildcards, models, ...(api ? { api } : {}) };
}
