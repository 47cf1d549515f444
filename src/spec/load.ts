/**
 * Stage 1: read `spec/<provider>/` folders and validate them. Nothing here knows any
 * provider: every fact comes from the files. All problems are collected, none thrown.
 *
 * One module per file of a provider folder: provider.yaml (./provider.ts, with ./delivery.ts
 * and ./signature.ts), models/ (./models.ts, ./hints.ts), topics.yaml (./topics.ts) and
 * api.yaml (./api.ts); ./reader.ts and ./yaml.ts read any of them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Cache } from '../util/cache.js';
import type { Problem } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { loadApi } from './api.js';
import { checkDeliveryModels } from './envelope.js';
import { loadModels } from './models.js';
import { loadProviderFile } from './provider.js';
import { loadTopics } from './topics.js';
import type { ProviderSpec } from './types.js';
import { createYamlDataCache, type YamlDataCache } from './yaml.js';

/**
 * Loads every provider under `<root>/<specDir>` (`root` absolute, `specDir` relative). With
 * `cache`, the data of YAML files that parsed cleanly before is read back instead of parsed.
 */
export function loadSpec(root: string, specDir = 'spec', opts: { cache?: Cache } = {}): { providers: ProviderSpec[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const abs = join(root, specDir);
  if (!existsSync(abs)) {
    problems.push({
      at: { file: specDir },
      message: 'the spec folder does not exist',
      expected: `a folder ${specDir}/ with one sub-folder per provider`,
      found: 'nothing',
      fix: `create ${specDir}/<provider>/provider.yaml (see spec/README.md)`,
    });
    return { providers: [], problems };
  }
  const dirs = readdirSync(abs)
    .filter((d) => statSync(join(abs, d)).isDirectory())
    .sort(compareStrings);
  const dataCache = opts.cache ? createYamlDataCache(opts.cache) : undefined;
  const providers: ProviderSpec[] = [];
  for (const d of dirs) {
    const p = loadProvider(root, `${specDir}/${d}`, problems, dataCache);
    if (p) providers.push(p);
  }
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

/** One provider folder: provider.yaml, then its models, topics and api.yaml. */
function loadProvider(root: string, dir: string, problems: Problem[], dataCache: YamlDataCache | undefined): ProviderSpec | undefined {
  const head = loadProviderFile(root, dir, problems, dataCache);
  if (!head) return undefined;
  const { file, id, title, typePrefix, description, docs, delivery, inference } = head;
  const { models, broken } = loadModels(root, dir, problems, dataCache);
  const topics = loadTopics(root, dir, models, broken, problems, dataCache);
  const api = loadApi(root, dir, { models, topics, typePrefix }, problems, dataCache);
  if (delivery) checkDeliveryModels(dir, delivery, models, broken, topics, problems);
  if (!id || !title || !typePrefix || !delivery) return undefined;
  return { id, dir, file, title, typePrefix, description, docs, delivery, inference, topics, models, ...(api ? { api } : {}) };
}
