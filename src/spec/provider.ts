/**
 * `provider.yaml`: the provider's id, title, type prefix, description, docs links, its
 * `delivery` (./delivery.ts) and its `inference` policy (./inference.ts).
 */
import { basename } from 'node:path';
import type { Location, Problem } from '../util/diagnostics.js';
import { loadDelivery } from './delivery.js';
import { loadInference } from './inference.js';
import { reader, readYaml, type Reader } from './reader.js';
import type { DeliverySpec, InferenceSpec } from './types.js';
import type { YamlDataCache, YamlSource } from './yaml.js';

/** A typePrefix: PascalCase letters and digits. */
export const TYPE_PREFIX = /^[A-Z][A-Za-z0-9]*$/;

/** What provider.yaml says; a field is undefined when it is missing or broken (the problem is recorded). */
export interface ProviderFile {
  file: string;
  /** a place in provider.yaml, for problems found later (two providers with one typePrefix) */
  locate(path: readonly (string | number)[]): Location;
  id?: string;
  title?: string;
  typePrefix?: string;
  description?: string;
  docs: string[];
  delivery?: DeliverySpec;
  inference: InferenceSpec;
}

/**
 * `unconfirmed:`: the guesses an import could not settle (subject → why), each a problem
 * until a person has checked it against the docs and deleted the entry. It is how a raw
 * skeleton fails `generate` instead of passing as finished.
 */
function loadUnconfirmed(src: YamlSource, r: Reader, problems: Problem[]): void {
  if (r.get(['unconfirmed']) === undefined) return;
  const map = r.expect(['unconfirmed'], 'map', { fix: 'write `unconfirmed:` as a map of subject: why, or delete it once everything is confirmed' });
  if (!map) return;
  for (const [subject, why] of Object.entries(map)) {
    problems.push({
      at: src.loc(['unconfirmed', subject], { key: true }),
      message: `unconfirmed: ${subject}: ${typeof why === 'string' ? why : JSON.stringify(why)}`,
      expected: "every fact of the spec confirmed against the provider's docs",
      found: 'an entry of `unconfirmed:` (a guess the import could not settle)',
      fix: `check ${subject} against the docs and correct it if needed, then delete this entry (and \`unconfirmed:\` with the last one)`,
    });
  }
}

/** Reads `<dir>/provider.yaml`; undefined when the file is missing or does not parse. */
export function loadProviderFile(root: string, dir: string, problems: Problem[], dataCache?: YamlDataCache): ProviderFile | undefined {
  const file = `${dir}/provider.yaml`;
  const src = readYaml(root, file, problems, dataCache);
  if (!src) return undefined;
  const r = reader(src, problems);
  r.expect([], 'map', { required: true });
  r.onlyKeys([], ['provider', 'title', 'typePrefix', 'description', 'docs', 'delivery', 'inference', 'unconfirmed']);
  const id = r.expect(['provider'], 'string', { required: true });
  if (id && !/^[a-z][a-z0-9-]*$/.test(id)) {
    problems.push({
      at: src.loc(['provider']),
      message: 'invalid provider id',
      expected: 'lower-case letters, digits and "-", starting with a letter',
      found: JSON.stringify(id),
      fix: `use e.g. "${id
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^[^a-z]+/, '')}"`,
    });
  }
  if (id && id !== basename(dir)) {
    problems.push({
      at: src.loc(['provider']),
      message: `provider id "${id}" differs from its folder name "${basename(dir)}"`,
      expected: JSON.stringify(basename(dir)),
      found: JSON.stringify(id),
      fix: 'rename the folder or the id so that they match',
    });
  }
  const title = r.expect(['title'], 'string', { required: true });
  const typePrefix = r.expect(['typePrefix'], 'string', { required: true });
  if (typePrefix && !TYPE_PREFIX.test(typePrefix)) {
    problems.push({
      at: src.loc(['typePrefix']),
      message: 'invalid typePrefix',
      expected: 'a PascalCase identifier (e.g. "Acme")',
      found: JSON.stringify(typePrefix),
      fix: 'use letters and digits only, starting with an upper-case letter',
    });
  }
  const description = r.expect(['description'], 'string');
  const docs: string[] = [];
  (r.expect(['docs'], 'list') ?? []).forEach((_d, i) => {
    const d = r.expect(['docs', i], 'string');
    if (d) docs.push(d);
  });
  const delivery = loadDelivery(src, r, problems);
  const inference = loadInference(src, r, problems);
  loadUnconfirmed(src, r, problems);
  return { file, locate: (path) => src.loc(path), id, title, typePrefix, description, docs, delivery, inference };
}
