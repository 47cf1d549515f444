/**
 * Reading one spec file: a typed reader over a parsed YAML file whose every `expect*` records
 * a located problem (expected vs found) and returns undefined. The loaders of provider.yaml,
 * models, topics and api.yaml all read through it.
 */
import { closest, describeValue, type Problem } from '../util/diagnostics.js';
import { MAX_SPEC_FILE_BYTES, readSpecText } from './files.js';
import { parseYamlSource, type YamlDataCache, type YamlPath, type YamlSource } from './yaml.js';

/** What each kind a reader checks for reads as. */
export interface Kinds {
  string: string;
  boolean: boolean;
  map: Record<string, unknown>;
  list: unknown[];
}

export type Kind = keyof Kinds;

export interface Reader {
  /** The plain value at `path` (undefined when a step is missing). */
  get(path: YamlPath): unknown;
  /** The value at `path` when it is of `kind` (a string must be non-empty); else a problem (a missing key only when `required`). */
  expect<K extends Kind>(path: YamlPath, kind: K, opts?: { required?: boolean; fix?: string }): Kinds[K] | undefined;
  /** Reports keys of the map at `path` that are not allowed, with a did-you-mean. */
  onlyKeys(path: YamlPath, allowed: readonly string[]): void;
}

/** A plain object (a YAML map), not null and not a list. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isKind<K extends Kind>(v: unknown, kind: K): v is Kinds[K] {
  return kind === 'string' ? typeof v === 'string' && v.length > 0 : kind === 'boolean' ? typeof v === 'boolean' : kind === 'list' ? Array.isArray(v) : isRecord(v);
}

/** A typed reader over one YAML file; problems go to `problems`. */
export function reader(src: YamlSource, problems: Problem[]): Reader {
  const get = (path: YamlPath): unknown => {
    let v = src.data;
    for (const seg of path) v = v === null || v === undefined ? undefined : (v as Record<string | number, unknown>)[seg];
    return v;
  };
  const where = (path: YamlPath) => (path.length ? path.join('.') : 'the file');
  return {
    get,
    expect(path, kind, opts = {}) {
      const v = get(path);
      const key = path[path.length - 1];
      if (v === undefined) {
        if (opts.required) {
          problems.push({
            at: src.loc(path.slice(0, -1)),
            message: `missing \`${key}\` in ${where(path.slice(0, -1))}`,
            expected: `\`${key}\`: ${article(kind)}`,
            found: 'no such key',
            fix: opts.fix ?? `add \`${key}:\` (see spec/README.md)`,
          });
        }
        return undefined;
      }
      if (!isKind(v, kind)) {
        problems.push({
          at: src.loc(path),
          message: `\`${path.join('.')}\` has the wrong type`,
          expected: article(kind),
          found: describeValue(v),
          fix: opts.fix ?? `write \`${key}\` as ${article(kind)} (see spec/README.md)`,
        });
        return undefined;
      }
      return v;
    },
    onlyKeys(path, allowed) {
      const v = get(path);
      if (!isRecord(v)) return;
      for (const k of Object.keys(v)) {
        if (allowed.includes(k)) continue;
        const guess = closest(k, allowed);
        problems.push({
          at: src.loc([...path, k], { key: true }),
          message: `unknown key \`${k}\` in ${where(path)}`,
          expected: `one of: ${allowed.join(', ')}`,
          found: `\`${k}\``,
          fix: guess ? `did you mean \`${guess}\`?` : 'remove it (see spec/README.md for the format)',
        });
      }
    },
  };
}

function article(kind: Kind): string {
  return kind === 'map' ? 'a map' : kind === 'list' ? 'a list' : kind === 'boolean' ? 'true or false' : 'a non-empty string';
}

/** A required string that must be one of `values`; a problem (with a did-you-mean) otherwise. */
export function oneOf<T extends string>(src: YamlSource, r: Reader, problems: Problem[], path: YamlPath, values: readonly T[]): T | undefined {
  const v = r.expect(path, 'string', { required: true });
  if (v === undefined) return undefined;
  const known = values.find((x) => x === v);
  if (known === undefined) {
    const guess = closest(v, values);
    problems.push({
      at: src.loc(path),
      message: `unsupported \`${path[path.length - 1]}\``,
      expected: values.map((x) => JSON.stringify(x)).join(' | '),
      found: JSON.stringify(v),
      fix: guess ? `did you mean "${guess}"?` : `use one of ${values.join(', ')}`,
    });
  }
  return known;
}

/**
 * Reads and parses `<root>/<file>` (at most `maxBytes`, default MAX_SPEC_FILE_BYTES); undefined
 * (with the problem recorded) when it is missing, cannot be read or does not parse.
 */
export function readYaml(root: string, file: string, problems: Problem[], dataCache?: YamlDataCache, maxBytes = MAX_SPEC_FILE_BYTES): YamlSource | undefined {
  const read = readSpecText(root, file, { maxBytes });
  if (read === 'missing') {
    problems.push({
      at: { file },
      message: 'file not found',
      expected: `the file ${file}`,
      found: 'nothing',
      fix: 'create it (see spec/README.md)',
    });
    return undefined;
  }
  if (!read.ok) {
    problems.push(read.problem);
    return undefined;
  }
  const before = problems.length;
  const src = parseYamlSource(read.text, file, problems, dataCache);
  return problems.length === before ? src : undefined;
}

/** Any object, a list included (indexable by key), as the spec's looser checks treat them. */
export function isObjectLike(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}
