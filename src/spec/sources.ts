/**
 * A spec made of several folders: a user's project takes some providers from the spec folder
 * shipped inside webhook-typegen and others (or its own versions of the same ones) from its
 * own folder. Each source is loaded with `loadSpec`; only the chosen providers, and only their
 * problems, are kept.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Cache } from '../util/cache.js';
import type { Problem } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { loadSpec } from './load.js';
import type { ProviderSpec } from './types.js';

/** One folder of provider specs, and which of its providers to take. */
export interface SpecSource {
  /** the absolute folder that `specDir` (and every path in messages) is relative to */
  root: string;
  /** the spec folder, relative to `root`, `/`-separated */
  specDir: string;
  /** the provider folders to take; absent: every provider of the folder */
  ids?: readonly string[];
  /** the package's own spec (read-only for the user) or the project's */
  origin: 'package' | 'project';
}

/** The provider folders (holding a provider.yaml) of a spec folder, sorted; none when it does not exist. */
export function providerFolders(root: string, specDir: string): string[] {
  const dir = join(root, specDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'provider.yaml')))
    .map((d) => d.name)
    .sort(compareStrings);
}

/** True when the problem is about a file of the provider folder `dir` (or the folder itself). */
function inFolder(p: Problem, dir: string): boolean {
  return p.at.file === dir || p.at.file.startsWith(`${dir}/`);
}

/**
 * Loads every source and keeps the chosen providers, sorted by id. A source without `ids`
 * contributes all its providers and all its problems; one with `ids` only those providers and
 * the problems located in their folders (a broken neighbour that was not chosen stops nothing).
 */
export function loadSpecSources(sources: readonly SpecSource[], opts: { cache?: Cache } = {}): { providers: ProviderSpec[]; problems: Problem[] } {
  const providers: ProviderSpec[] = [];
  const problems: Problem[] = [];
  for (const s of sources) {
    const loaded = loadSpec(s.root, s.specDir, opts);
    if (s.ids === undefined) {
      providers.push(...loaded.providers);
      problems.push(...loaded.problems);
      continue;
    }
    const wanted = new Set(s.ids);
    providers.push(...loaded.providers.filter((p) => wanted.has(p.id)));
    problems.push(...loaded.problems.filter((p) => s.ids?.some((id) => inFolder(p, `${s.specDir}/${id}`))));
  }
  return { providers: providers.sort((a, b) => compareStrings(a.id, b.id)), problems };
}
