/**
 * `webhook-typegen.config.json`: what a user's project tells the CLI (its spec folder, its
 * output folder, package or plain modules, which providers). Found from the current directory
 * upwards (up to the folder holding package.json), read as JSON, checked key by key: every
 * problem is located (file:line:col) and says what was expected, what was found and the fix.
 * The JSON Schema for editors (`webhook-typegen.config.schema.json` in the package) describes
 * the same keys; test/project/config.test.ts keeps the two in step.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { parseJsonSource } from '../spec/json.js';
import { parseYamlSource, type YamlPath, type YamlSource } from '../spec/yaml.js';
import { closest, describeValue, type Location, type Problem } from '../util/diagnostics.js';

/** The config file's name, looked for from the current directory upwards. */
export const CONFIG_FILE = 'webhook-typegen.config.json';

/** The JSON Schema of the config file, at the root of the installed package. */
export const CONFIG_SCHEMA_FILE = 'webhook-typegen.config.schema.json';

/** The keys a config file may have. */
export const CONFIG_KEYS = ['$schema', 'spec', 'out', 'mode', 'packageName', 'providers'] as const;

/** Where a provider's spec comes from: the package's own copy, or the project's spec folder. */
export type ProviderOrigin = 'package' | 'project';

/** One entry of `providers`. */
export interface ProviderChoice {
  id: string;
  /** where the config names it */
  at: Location;
  /** absent: the project's folder when it has one, else the package's copy */
  from?: ProviderOrigin;
}

/** A config file, read and checked; paths still as written (relative to the file's folder). */
export interface ProjectConfig {
  /** absolute path of the file */
  file: string;
  spec?: string;
  out?: string;
  mode?: 'package' | 'modules';
  packageName?: string;
  providers?: ProviderChoice[];
}

/** A provider id as provider.yaml and the folder name spell it. */
export const PROVIDER_ID = /^[a-z][a-z0-9-]*$/;

/** An npm package name (lower case, optionally scoped, at most 214 characters). */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Files this large are not a config (bounded work on untrusted input). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The config file that applies to `dir`: the nearest `webhook-typegen.config.json` in `dir` or
 * a folder above it, not looking above the first folder that holds a package.json or .git
 * (the project's root).
 */
export function findConfig(dir: string): string | undefined {
  let at = dir;
  for (;;) {
    const candidate = join(at, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(at, 'package.json')) || existsSync(join(at, '.git'))) return undefined;
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/** A path as messages show it: relative to `base` when inside it, `/`-separated. */
export function shownPath(base: string, abs: string): string {
  const rel = relative(base, abs);
  return (rel === '' ? '.' : isAbsolute(rel) || rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

/**
 * Reads and checks a config file. `shown` is the file's path in messages (relative to the
 * current directory). All problems are returned, none thrown.
 */
export function readConfig(file: string, shown: string): { config: ProjectConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const config: ProjectConfig = { file };
  if (!existsSync(file) || !statSync(file).isFile()) {
    problems.push({ at: { file: shown }, message: 'the config file does not exist', expected: `a file ${shown}`, found: 'nothing', fix: `create it (see \`webhook-typegen --help\`), or leave out --config to look for ${CONFIG_FILE}` });
    return { config, problems };
  }
  if (statSync(file).size > MAX_CONFIG_BYTES) {
    problems.push({ at: { file: shown }, message: 'the config file is too large', expected: `at most ${MAX_CONFIG_BYTES} bytes`, found: `${statSync(file).size} bytes`, fix: 'a config names a few folders and providers: check that this is the right file' });
    return { config, problems };
  }
  const text = readFileSync(file, 'utf8');
  const json = parseJsonSource(text, shown);
  if (!json.ok) {
    // a duplicate key has its own fix; a syntax error gets the config's
    const duplicate = json.problem.message.startsWith('duplicate key');
    problems.push({ ...json.problem, message: json.problem.message.replace('invalid JSON sample', 'invalid JSON'), ...(duplicate ? {} : { fix: 'write the config as plain JSON: double-quoted keys and strings, no comments, no trailing commas' }) });
    return { config, problems };
  }
  // JSON is YAML: the same text parsed again gives every value's line and column
  const yamlProblems: Problem[] = [];
  const src = parseYamlSource(text, shown, yamlProblems);
  // JSON.parse keeps the last of two equal keys without a word; the YAML parse notices
  for (const p of yamlProblems) {
    if (/unique/i.test(p.message)) problems.push({ at: p.at, message: 'a key is given twice', expected: 'each key once', found: 'a second occurrence of the key', fix: 'remove one of them (JSON keeps only the last)' });
  }
  if (problems.length) return { config, problems };
  const data = json.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ at: src.loc([]), message: 'the config is not a JSON object', expected: '{ "providers": ["<provider id>"], "out": "src/webhooks", ... }', found: describeValue(data), fix: 'write the config as one JSON object' });
    return { config, problems };
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if ((CONFIG_KEYS as readonly string[]).includes(key)) continue;
    const guess = closest(key, CONFIG_KEYS);
    problems.push({
      at: src.loc([key], { key: true }),
      message: `unknown key "${key}"`,
      expected: `one of: ${CONFIG_KEYS.join(', ')}`,
      found: JSON.stringify(key),
      fix: guess ? `did you mean "${guess}"?` : 'remove it (the editor schema lists every key: set "$schema")',
    });
  }
  const at = (path: YamlPath, key = false) => src.loc(path, { key });
  if ('$schema' in obj && typeof obj.$schema !== 'string') problems.push(wrongType(src, ['$schema'], 'a string (the path or URL of the editor schema)', obj.$schema));
  const folder = (key: 'spec' | 'out'): string | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    const what = key === 'spec' ? 'the folder of your own provider specs' : 'the folder generate writes';
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(wrongType(src, [key], `a non-empty string: ${what}, relative to the config file`, v));
      return undefined;
    }
    if (isAbsolute(v) || /^[a-zA-Z]:[\\/]/.test(v)) {
      problems.push({ at: at([key]), message: `"${key}" is an absolute path`, expected: `${what}, relative to the config file's folder`, found: JSON.stringify(v), fix: 'write the path relative to the folder of the config file, so the project works wherever it is checked out' });
      return undefined;
    }
    return v.replace(/\\/g, '/').replace(/\/+$/, '');
  };
  const spec = folder('spec');
  if (spec !== undefined) config.spec = spec;
  const out = folder('out');
  if (out !== undefined) config.out = out;
  if (out !== undefined) {
    const parts = out.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..') || (parts.length === 1 && ['src', 'node_modules', 'spec'].includes(parts[0] ?? ''))) {
      problems.push({
        at: at(['out']),
        message: '"out" would replace a folder that is not only generated code',
        expected: 'a folder of its own inside the project, such as "src/webhooks" (generate replaces its whole content)',
        found: JSON.stringify(out),
        fix: 'name a sub-folder, e.g. "src/webhooks"',
      });
      delete config.out;
    } else if (spec !== undefined && (spec === out || spec.startsWith(`${out}/`) || out.startsWith(`${spec}/`))) {
      problems.push({ at: at(['out']), message: '"out" and "spec" overlap', expected: 'an output folder outside the spec folder (generate replaces its whole content)', found: `out ${JSON.stringify(out)}, spec ${JSON.stringify(spec)}`, fix: 'choose separate folders, e.g. "spec": "webhooks/spec", "out": "src/webhooks"' });
      delete config.out;
    }
  }
  if (obj.mode !== undefined) {
    if (obj.mode === 'package' || obj.mode === 'modules') config.mode = obj.mode;
    else problems.push({ at: at(['mode']), message: '"mode" has an unknown value', expected: '"package" (a package with its own package.json name and exports) or "modules" (plain ES modules inside your src/)', found: describeValue(obj.mode), fix: typeof obj.mode === 'string' && closest(obj.mode, ['package', 'modules']) ? `did you mean "${closest(obj.mode, ['package', 'modules'])}"?` : 'use "package" or "modules"' });
  }
  if (obj.packageName !== undefined) {
    const v = obj.packageName;
    if (typeof v !== 'string' || v.length > 214 || !PACKAGE_NAME.test(v)) {
      problems.push({ at: at(['packageName']), message: '"packageName" is not an npm package name', expected: 'a lower-case npm name such as "@acme/webhooks" or "acme-webhooks"', found: describeValue(v), fix: typeof v === 'string' ? `e.g. ${JSON.stringify(v.toLowerCase().replace(/[^a-z0-9@/._~-]+/g, '-'))}` : 'write the name as a string' });
    } else if (obj.mode === 'modules') {
      problems.push({ at: at(['packageName'], true), message: '"packageName" is given with "mode": "modules"', expected: 'a package name only in package mode (plain modules have no name: you import them by path)', found: JSON.stringify(v), fix: 'remove "packageName", or set "mode": "package"' });
    } else config.packageName = v;
  }
  if (obj.providers !== undefined) {
    const providers = readProviders(src, obj.providers, problems);
    if (providers) config.providers = providers;
  }
  return { config, problems };
}

function wrongType(src: YamlSource, path: YamlPath, expected: string, found: unknown): Problem {
  return { at: src.loc(path), message: `"${path.join('.')}" has the wrong type`, expected, found: describeValue(found), fix: `write "${path.join('.')}" as ${expected.split(':')[0]}` };
}

/** `providers`: a list of ids, or a map id → options. */
function readProviders(src: YamlSource, v: unknown, problems: Problem[]): ProviderChoice[] | undefined {
  const out: ProviderChoice[] = [];
  const seen = new Set<string>();
  const checkId = (id: unknown, path: YamlPath, key: boolean): id is string => {
    if (typeof id !== 'string' || !PROVIDER_ID.test(id)) {
      problems.push({
        at: src.loc(path, { key }),
        message: 'not a provider id',
        expected: 'a provider id: lower-case letters, digits and "-", starting with a letter (the folder name under the spec folder), e.g. "my-shop"',
        found: describeValue(id),
        fix: typeof id === 'string' ? `e.g. ${JSON.stringify(id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '') || 'my-shop')}` : 'write the id as a string',
      });
      return false;
    }
    if (seen.has(id)) {
      problems.push({ at: src.loc(path, { key }), message: `provider "${id}" is listed twice`, expected: 'each provider once', found: JSON.stringify(id), fix: 'remove one of them' });
      return false;
    }
    seen.add(id);
    return true;
  };
  if (Array.isArray(v)) {
    if (v.length === 0) {
      problems.push({ at: src.loc(['providers']), message: '"providers" is empty', expected: 'at least one provider id, e.g. ["my-shop"]', found: 'an empty list []', fix: 'name the providers to generate, or remove "providers" to generate every provider of your spec folder' });
      return undefined;
    }
    v.forEach((id, i) => {
      if (checkId(id, ['providers', i], false)) out.push({ id, at: src.loc(['providers', i]) });
    });
    return out;
  }
  if (v === null || typeof v !== 'object') {
    problems.push(wrongType(src, ['providers'], 'a list of provider ids (["my-shop", "other-shop"]) or a map of provider id to its options ({ "my-shop": { "from": "package" } })', v));
    return undefined;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) {
    problems.push({ at: src.loc(['providers']), message: '"providers" is empty', expected: 'at least one provider, e.g. { "my-shop": {} }', found: 'an empty map {}', fix: 'name the providers to generate, or remove "providers" to generate every provider of your spec folder' });
    return undefined;
  }
  for (const [id, options] of entries) {
    if (!checkId(id, ['providers', id], true)) continue;
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      problems.push(wrongType(src, ['providers', id], 'a map of options ({} for none; "from": "package" or "project")', options));
      continue;
    }
    const choice: ProviderChoice = { id, at: src.loc(['providers', id], { key: true }) };
    for (const [k, value] of Object.entries(options as Record<string, unknown>)) {
      if (k !== 'from') {
        problems.push({ at: src.loc(['providers', id, k], { key: true }), message: `unknown provider option "${k}"`, expected: 'one of: from', found: JSON.stringify(k), fix: closest(k, ['from']) ? 'did you mean "from"?' : 'remove it' });
        continue;
      }
      if (value === 'package' || value === 'project') choice.from = value;
      else problems.push({ at: src.loc(['providers', id, k]), message: `"providers.${id}.from" has an unknown value`, expected: '"package" (the spec shipped with webhook-typegen) or "project" (your spec folder)', found: describeValue(value), fix: 'use "package" or "project", or leave "from" out (your folder when it has the provider, else the package)' });
    }
    out.push(choice);
  }
  return out;
}
