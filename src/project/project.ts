/**
 * A user's project as every command sees it: where it is (the config file's folder, else
 * --root or the current directory), its spec folder and output folder, package or plain
 * modules, and where each provider's spec comes from: the project's own spec folder, or the
 * copy shipped inside webhook-typegen (naming a shipped provider in `providers` needs no spec file).
 *
 * Layer: above generate.ts (it feeds it), below tools/ and cli/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { providerFolders, type SpecSource } from '../spec/sources.js';
import { PACKAGE_NAME } from '../emit/root.js';
import type { OutputOptions } from '../model/types.js';
import { closest, type Problem } from '../util/diagnostics.js';
import { PACKAGE_ROOT } from '../util/paths.js';
import { CONFIG_FILE, findConfig, readConfig, shownPath, type ProviderOrigin } from './config.js';

export { CONFIG_FILE } from './config.js';

/** The package's own spec folder: its root and the folder relative to it. */
export const PACKAGE_SPEC = { root: PACKAGE_ROOT, specDir: 'spec' } as const;

/** One provider of the project and where its spec is read from. */
export interface ProjectProvider {
  id: string;
  origin: ProviderOrigin;
  /** the absolute folder `specDir` is relative to */
  root: string;
  specDir: string;
}

export interface Project {
  /** absolute: what `specDir` and `outDir` are relative to */
  root: string;
  /** the config file as messages show it; absent when none applies */
  configFile?: string;
  /** the project's own spec folder, relative to `root` */
  specDir: string;
  /** the output folder, relative to `root` */
  outDir: string;
  output: OutputOptions;
  /** the chosen providers in id order; absent without a config naming them: every provider of `specDir` */
  providers?: ProjectProvider[];
  /** what to load (see loadSpecSources) */
  sources: SpecSource[];
}

export interface ProjectOptions {
  /** where the command runs (absolute) */
  cwd: string;
  /** --root: the project folder (the config is looked for from there) */
  root?: string;
  /** --config: the config file, relative to `cwd` */
  config?: string;
  /** --spec: overrides the config's `spec` (relative to the project root) */
  spec?: string;
  /** --out: overrides the config's `out` (relative to the project root) */
  out?: string;
}

/** The providers shipped inside webhook-typegen (the package's spec/). */
export function packageProviders(): string[] {
  return providerFolders(PACKAGE_SPEC.root, PACKAGE_SPEC.specDir);
}

/**
 * Finds and reads the config, and decides where each provider's spec comes from. Problems
 * (a bad config, an unknown provider) are located in the config file.
 */
export function resolveProject(o: ProjectOptions): { project?: Project; problems: Problem[] } {
  const start = resolve(o.cwd, o.root ?? '.');
  const configAbs = o.config !== undefined ? resolve(o.cwd, o.config) : findConfig(start);
  const problems: Problem[] = [];
  let config: ReturnType<typeof readConfig>['config'] | undefined;
  let configFile: string | undefined;
  if (configAbs !== undefined) {
    configFile = shownPath(o.cwd, configAbs);
    const read = readConfig(configAbs, configFile);
    if (read.problems.length) return { problems: read.problems };
    config = read.config;
  }
  const root = configAbs !== undefined ? dirname(configAbs) : start;
  const specDir = clean(o.spec ?? config?.spec ?? 'spec');
  const outDir = clean(o.out ?? config?.out ?? 'generated');
  const output: OutputOptions = config?.mode === 'modules' ? { mode: 'modules', importPrefix: `./${basename(outDir)}` } : { mode: 'package', name: config?.packageName ?? PACKAGE_NAME };
  const base = { root, specDir, outDir, output, ...(configFile !== undefined ? { configFile } : {}) };
  const own = providerFolders(root, specDir);
  const shipped = packageProviders();

  if (!config?.providers) {
    // no list: every provider of the project's folder, exactly as `npm run generate` always did
    if (own.length === 0 && config !== undefined) {
      problems.push({
        at: { file: configFile ?? CONFIG_FILE },
        message: `no providers to generate: ${specDir}/ holds no provider folder and the config names none`,
        expected: `"providers": a list of provider ids (webhook-typegen ships ${shipped.join(', ')}), or ${specDir}/<provider>/provider.yaml`,
        found: existsSync(join(root, specDir)) ? `a folder ${specDir}/ without provider folders` : `no folder ${specDir}/`,
        fix: `add "providers": [${JSON.stringify(shipped[0] ?? '<provider id>')}] to ${configFile ?? CONFIG_FILE}`,
      });
      return { problems };
    }
    return { project: { ...base, sources: [{ root, specDir, origin: 'project' }] }, problems };
  }

  const providers: ProjectProvider[] = [];
  for (const choice of config.providers) {
    const inProject = own.includes(choice.id);
    const inPackage = shipped.includes(choice.id);
    const origin: ProviderOrigin | undefined = choice.from ?? (inProject ? 'project' : inPackage ? 'package' : undefined);
    if (origin === 'project' && !inProject) {
      problems.push({
        at: choice.at,
        message: `provider "${choice.id}" is not in ${specDir}/`,
        expected: `${specDir}/${choice.id}/provider.yaml ("from": "project")`,
        found: own.length ? `provider folders: ${own.join(', ')}` : `no provider folder in ${specDir}/`,
        fix: inPackage ? `remove "from": "project" to use the copy shipped with webhook-typegen` : `create ${specDir}/${choice.id}/provider.yaml, or fix the id`,
      });
      continue;
    }
    if (origin === 'package' && !inPackage) {
      const guess = closest(choice.id, shipped);
      problems.push({
        at: choice.at,
        message: `webhook-typegen ships no provider "${choice.id}"`,
        expected: `one of: ${shipped.join(', ')}`,
        found: JSON.stringify(choice.id),
        fix: guess ? `did you mean "${guess}"?` : inProject ? 'remove "from": "package" to use your spec folder' : `write ${specDir}/${choice.id}/provider.yaml (webhook-typegen import turns a docs page into one)`,
      });
      continue;
    }
    if (origin === undefined) {
      const guess = closest(choice.id, [...new Set([...own, ...shipped])]);
      problems.push({
        at: choice.at,
        message: `unknown provider "${choice.id}"`,
        expected: `a provider of ${specDir}/ (${own.join(', ') || 'none'}) or one shipped with webhook-typegen (${shipped.join(', ')})`,
        found: JSON.stringify(choice.id),
        fix: guess ? `did you mean "${guess}"?` : `write ${specDir}/${choice.id}/provider.yaml (webhook-typegen import turns a docs page into one)`,
      });
      continue;
    }
    providers.push({ id: choice.id, origin, ...(origin === 'package' ? PACKAGE_SPEC : { root, specDir }) });
  }
  if (problems.length) return { problems };
  providers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sources: SpecSource[] = [];
  const fromPackage = providers.filter((p) => p.origin === 'package').map((p) => p.id);
  const fromProject = providers.filter((p) => p.origin === 'project').map((p) => p.id);
  if (fromPackage.length) sources.push({ ...PACKAGE_SPEC, ids: fromPackage, origin: 'package' });
  if (fromProject.length) sources.push({ root, specDir, ids: fromProject, origin: 'project' });
  return { project: { ...base, providers, sources }, problems };
}

/**
 * For a project without a config whose spec folder does not exist (a new user's first run):
 * the problem that says both ways forward. Undefined otherwise.
 */
export function missingSpecProblem(project: Project, cwd: string): Problem | undefined {
  if (project.configFile !== undefined || existsSync(join(project.root, project.specDir))) return undefined;
  const shipped = packageProviders();
  return {
    at: { file: project.specDir },
    message: 'the spec folder does not exist, and no config file names the providers to generate',
    expected: `a folder ${project.specDir}/ with one sub-folder per provider, or a ${CONFIG_FILE} naming providers`,
    found: `nothing at ${shownPath(cwd, join(project.root, project.specDir))}, and no ${CONFIG_FILE} in ${shownPath(cwd, project.root)} or above it`,
    fix: `to use a provider shipped with webhook-typegen (${shipped.join(', ')}), create ${CONFIG_FILE}: { "providers": [${JSON.stringify(shipped[0] ?? '<provider id>')}], "out": "src/webhooks" }; to write your own, create ${project.specDir}/<provider>/provider.yaml (webhook-typegen import turns a docs page into one)`,
  };
}

/** `./a/b/` → `a/b` */
function clean(p: string): string {
  const c = p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return c === '' ? '.' : c;
}

