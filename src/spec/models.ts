/**
 * `models/<Model>.yaml` of a provider: the model's name, description, sample payloads (JSON,
 * or YAML for samples the docs print in another syntax) and hints (./hints.ts).
 */
import { basename, extname, join } from 'node:path';
import { describeValue, type Location, type Problem } from '../util/diagnostics.js';
import { compareStrings, stableJson } from '../util/order.js';
import { checkInside, listFolder, MAX_SAMPLE_BYTES, pathExists, readSpecText } from './files.js';
import { loadHints } from './hints.js';
import { parseJsonSource } from './json.js';
import { reader, readYaml } from './reader.js';
import type { ModelSpec, SampleSpec } from './types.js';
import { nodeRange, parseYamlSource, type YamlDataCache } from './yaml.js';
import { nodesAt } from './api/samples.js';
import { parsePointer } from '../util/pointer.js';
import { parseDocument } from 'yaml';

const MODEL_NAME = /^[A-Z][A-Za-z0-9]*$/;
const JSON_POINTER = /^(\/[^/]+)+$/;

/** Every model file of `<dir>/models/`; `broken` names the files that exist but did not load. */
export function loadModels(root: string, dir: string, problems: Problem[], dataCache?: YamlDataCache): { models: ModelSpec[]; broken: Set<string> } {
  const broken = new Set<string>();
  if (!pathExists(join(root, dir, 'models'))) return { models: [], broken };
  const listed = listFolder(root, `${dir}/models`);
  if (!listed.ok) {
    problems.push(listed.problem);
    // every model may be in the folder that cannot be listed: none is reported missing
    return { models: [], broken: new (class extends Set<string> { override has(): boolean { return true; } })() };
  }
  const files = listed.entries
    .map((e) => e.name)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort(compareStrings);
  const models: ModelSpec[] = [];
  for (const f of files) {
    const m = loadModel(root, dir, `${dir}/models/${f}`, problems, dataCache);
    if (m) models.push(m);
    else broken.add(f.replace(/\.ya?ml$/, ''));
  }
  return { models, broken };
}

function loadModel(root: string, dir: string, file: string, problems: Problem[], dataCache: YamlDataCache | undefined): ModelSpec | undefined {
  const problemsAtStart = problems.length;
  const src = readYaml(root, file, problems, dataCache);
  if (!src) return undefined;
  const r = reader(src, problems);
  if (!r.expect([], 'map', { required: true })) return undefined;
  r.onlyKeys([], ['model', 'description', 'samples', 'hints']);
  const name = r.expect(['model'], 'string', { required: true });
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (name && !MODEL_NAME.test(name)) {
    problems.push({
      at: src.loc(['model']),
      message: 'invalid model name',
      expected: 'a PascalCase name (letters and digits, starting upper-case)',
      found: JSON.stringify(name),
      fix: 'rename the model and its file, e.g. "Order" in models/Order.yaml',
    });
  } else if (name && name !== stem) {
    problems.push({
      at: src.loc(['model']),
      message: `model "${name}" is in a file named ${basename(file)}`,
      expected: JSON.stringify(stem),
      found: JSON.stringify(name),
      fix: `rename the file to models/${name}.yaml or the model to "${stem}"`,
    });
  }
  const description = r.expect(['description'], 'string');
  const sampleList = r.expect(['samples'], 'list', { required: true, fix: 'add `samples: [samples/<file>.json]`: at least one sample payload' }) ?? [];
  if (Array.isArray(r.get(['samples'])) && sampleList.length === 0) {
    problems.push({
      at: src.loc(['samples']),
      message: 'a model needs at least one sample',
      expected: 'a list of sample files',
      found: 'an empty list',
      fix: 'add a sample payload file under samples/ and list it here',
    });
  }
  const samples: SampleSpec[] = [];
  sampleList.forEach((_s, i) => {
    const ref = r.expect(['samples', i], 'string');
    if (!ref) return;
    const hash = ref.indexOf('#');
    const rel = hash < 0 ? ref : ref.slice(0, hash);
    const outside = checkInside(root, dir, rel, src.loc(['samples', i]));
    if (outside) {
      problems.push(outside);
      return;
    }
    if (hash >= 0) {
      // a member of a verbatim sample file: `samples/event.json#/data`
      const pointer = ref.slice(hash + 1);
      const found = extname(rel) === '.json' && JSON_POINTER.test(pointer) ? loadSampleMember(root, `${dir}/${rel}`, pointer, problems) : undefined;
      if (found === 'broken') return;
      if (found === 'missing' || found === undefined || found.length === 0) {
        problems.push({
          at: src.loc(['samples', i]),
          message: found === 'missing' ? `sample file ${rel} not found` : found === undefined ? 'invalid sample reference' : `nothing at ${pointer} in ${rel}`,
          expected: found === 'missing' ? `a file at ${dir}/${rel}` : 'a .json file, then # and a JSON pointer to a member of it (`samples/event.json#/data`; `*` = every array item)',
          found: JSON.stringify(ref),
          fix: found === 'missing' ? 'correct the path (relative to the provider folder) or add the file' : 'correct the file or the pointer',
        });
      } else samples.push(...found);
      return;
    }
    const sample = loadSample(root, `${dir}/${rel}`, rel, problems, dataCache, src.loc(['samples', i]));
    if (sample === 'unsupported') {
      problems.push({
        at: src.loc(['samples', i]),
        message: `unsupported sample format "${extname(rel)}"`,
        expected: '.json, or .yaml for samples the docs print in a non-JSON syntax',
        found: JSON.stringify(rel),
        fix: 'save the sample as .json (or .yaml)',
      });
    } else if (sample === 'missing') {
      problems.push({
        at: src.loc(['samples', i]),
        message: `sample file ${rel} not found`,
        expected: `a file at ${dir}/${rel}`,
        found: 'nothing',
        fix: 'correct the path (relative to the provider folder) or add the file',
      });
    } else if (sample) samples.push(sample);
  });
  // a payload is any JSON value (an object, an array, a scalar), but one model has one kind
  const kinds = samples.map((s) => payloadKind(s.value));
  const first = kinds[0];
  samples.forEach((s, i) => {
    if (first !== undefined && kinds[i] !== first) {
      problems.push({
        at: { file: s.file, line: 1, col: 1 },
        message: `the samples of one model are of one kind: this one is ${KIND_PROSE[kinds[i] ?? 'scalar']}, the first (${samples[0]?.file}) ${KIND_PROSE[first]}`,
        expected: KIND_PROSE[first],
        found: describeValue(s.value),
        fix: 'give payloads of another kind a model of their own',
      });
    }
  });
  const hints = loadHints(src, r, problems);
  if (!name) return undefined;
  return {
    // a wrong `model:` is reported above; the file name keeps topics resolving meanwhile
    name: MODEL_NAME.test(stem) ? stem : name,
    file,
    clean: problems.length === problemsAtStart,
    // positions are computed only when a problem needs one
    get at() {
      return src.loc(['model']);
    },
    description,
    samples: samples.filter((s) => payloadKind(s.value) === first),
    hints,
  };
}

/**
 * The members at `pointer` (`*` = every array item) of a JSON sample file, each with its exact
 * text, so a model can take its payload from inside a verbatim envelope sample. 'missing' when
 * the file does not exist; 'broken' when it does not parse (the problem is recorded).
 */
function loadSampleMember(root: string, file: string, pointer: string, problems: Problem[]): SampleSpec[] | 'missing' | 'broken' {
  const read = readSpecText(root, file, { maxBytes: MAX_SAMPLE_BYTES });
  if (read === 'missing') return 'missing';
  if (!read.ok) {
    problems.push(read.problem);
    return 'broken';
  }
  const text = read.text;
  const parsed = parseJsonSource(text, file);
  if (!parsed.ok) {
    problems.push(parsed.problem);
    return 'broken';
  }
  return nodesAt(parseDocument(text).contents, parsePointer(pointer), '').flatMap(({ node, at }) => {
    const range = nodeRange(node);
    if (!range) return [];
    const json = text.slice(range[0], range[1]);
    return [{ file: `${file}#${at}`, value: JSON.parse(json) as unknown, json }];
  });
}

/** What a sample payload is: an object (the common case), an array, or a scalar (a string, a number, ...). */
export function payloadKind(v: unknown): 'object' | 'array' | 'scalar' {
  return Array.isArray(v) ? 'array' : v !== null && typeof v === 'object' ? 'object' : 'scalar';
}

const KIND_PROSE = { object: 'a JSON object', array: 'a JSON array', scalar: 'a JSON scalar (a string, number, boolean or null)' } as const;

/**
 * One sample file: its value and its JSON text (verbatim for .json, keys sorted for .yaml, so
 * the key order of a YAML file never changes the output). A syntax error is recorded and gives
 * undefined; a missing file or another extension is for the caller to report where it is named.
 */
function loadSample(root: string, file: string, rel: string, problems: Problem[], dataCache: YamlDataCache | undefined, namedAt: Location): SampleSpec | 'missing' | 'unsupported' | undefined {
  if (!pathExists(join(root, file))) return 'missing';
  const ext = extname(rel);
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') return 'unsupported';
  const read = readSpecText(root, file, { maxBytes: MAX_SAMPLE_BYTES, namedAt });
  if (read === 'missing') return 'missing';
  if (!read.ok) {
    problems.push(read.problem);
    return undefined;
  }
  const text = read.text;
  if (ext === '.json') {
    const parsed = parseJsonSource(text, file);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      return undefined;
    }
    return { file, value: parsed.value, json: text };
  }
  const before = problems.length;
  const y = parseYamlSource(text, file, problems, dataCache);
  return problems.length === before ? { file, value: y.data, json: stableJson(y.data).trimEnd() } : undefined;
}
