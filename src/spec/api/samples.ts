/**
 * Samples of api.yaml models: the parts of the examples' response files that the operations'
 * response types say are a model (or `samples:` on the model, `file.json#/pointer`), each kept
 * as its exact text so that every digit of a 64-bit id survives. Also a model's hints, read
 * by the same code as models/<Model>.yaml hints.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { describeValue } from '../../util/diagnostics.js';
import { escapeToken, parsePointer } from '../../util/pointer.js';
import { own } from '../../util/own.js';
import { checkInside, MAX_SAMPLE_BYTES, readSpecText } from '../files.js';
import { loadHints } from '../hints.js';
import { parseJsonSource } from '../json.js';
import { isRecord, reader } from '../reader.js';
import type { ApiType, HintSpec } from '../types.js';
import { nodeRange, type YamlPath, type YamlSource } from '../yaml.js';
import type { ApiContext, SampleFile } from './context.js';

/**
 * The hints of api.yaml model `name` (its raw map `raw`); `type: topic` becomes a string enum
 * of the provider's topics.
 */
export function loadModelHints(ctx: ApiContext, name: string, raw: Record<string, unknown>): HintSpec[] {
  const { src, problems } = ctx;
  let hints: unknown = raw.hints;
  if (isRecord(raw.hints)) {
    const out: Record<string, unknown> = {};
    hints = out;
    for (const [pointer, h] of Object.entries(raw.hints)) {
      if (isRecord(h) && h.type === 'topic') {
        const { type: _t, ...rest } = h;
        if (rest.enum !== undefined) {
          problems.push({ at: src.loc(['models', name, 'hints', pointer, 'enum'], { key: true }), message: '`type: topic` already says the values', expected: 'no `enum` next to `type: topic`', found: '`enum`', fix: 'remove `enum` (the values are the topics of topics.yaml), or write `type: string` with the enum' });
        }
        out[pointer] = { ...rest, type: 'string', enum: ctx.topics };
      } else out[pointer] = h;
    }
  }
  const view: YamlSource = {
    file: src.file,
    data: raw.hints === undefined ? {} : { hints },
    loc: (path, opts) => src.loc(['models', name, ...path], opts),
  };
  return loadHints(view, reader(view, problems), problems);
}

/** A parsed sample file (read once), named at `path` as `rel` (relative to the provider folder). */
export function sampleFile(ctx: ApiContext, path: YamlPath, rel: string): (SampleFile & { file: string }) | undefined {
  const file = `${ctx.dir}/${rel}`;
  if (ctx.files.has(file)) {
    const known = ctx.files.get(file);
    return known ? { file, ...known } : undefined;
  }
  const outside = checkInside(ctx.root, ctx.dir, rel, ctx.src.loc(path));
  if (outside) {
    ctx.problems.push(outside);
    ctx.files.set(file, null);
    return undefined;
  }
  if (!rel.endsWith('.json')) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `unsupported sample format "${rel}"`, expected: 'a .json file, the body as the docs print it', found: JSON.stringify(rel), fix: 'save the body as .json' });
    ctx.files.set(file, null);
    return undefined;
  }
  const read = readSpecText(ctx.root, file, { maxBytes: MAX_SAMPLE_BYTES, namedAt: ctx.src.loc(path) });
  if (read === 'missing' || !read.ok) {
    ctx.problems.push(read === 'missing' ? { at: ctx.src.loc(path), message: `sample file ${rel} not found`, expected: `a file at ${file}`, found: 'nothing', fix: 'correct the path (relative to the provider folder) or add the file' } : read.problem);
    ctx.files.set(file, null);
    return undefined;
  }
  const text = read.text;
  const parsed = parseJsonSource(text, file);
  if (!parsed.ok) {
    ctx.problems.push(parsed.problem);
    ctx.files.set(file, null);
    return undefined;
  }
  // JSON is YAML: the document gives each value's range in the text
  const entry: SampleFile = { text, value: parsed.value, doc: parseDocument(text) };
  ctx.files.set(file, entry);
  return { file, ...entry };
}

/** `file.json` or `file.json#/pointer` (`*` = every array item) on a model's `samples:`. */
export function addSampleRef(ctx: ApiContext, path: YamlPath, ref: string, model: string): void {
  const [rel = '', pointer = ''] = ref.split('#');
  if (pointer !== '' && !/^(\/[^/]+)+$/.test(pointer)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'a sample reference needs a JSON pointer after #', expected: 'e.g. api/list.json#/webhooks/* (`*` = every item)', found: JSON.stringify(ref), fix: 'write the pointer from the body root, starting with /' });
    return;
  }
  const f = sampleFile(ctx, path, rel);
  if (!f) return;
  const nodes = nodesAt(f.doc.contents, parsePointer(pointer), '');
  if (nodes.length === 0) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `nothing at ${pointer} in ${rel}`, expected: 'a pointer to an object of the sample', found: 'no such member', fix: 'correct the pointer' });
    return;
  }
  for (const { node, at } of nodes) addSample(ctx, model, f.file, f.text, node, at, path);
}

/** The nodes at `keys` (`*` = every item) of a parsed JSON document, with their JSON pointers. */
export function nodesAt(node: unknown, keys: readonly string[], at: string): { node: unknown; at: string }[] {
  const [k, ...rest] = keys;
  if (k === undefined) return node ? [{ node, at }] : [];
  if (k === '*' && isSeq(node)) return node.items.flatMap((n, i) => nodesAt(n, rest, `${at}/${i}`));
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === k);
    return pair ? nodesAt(pair.value, rest, `${at}/${escapeToken(k)}`) : [];
  }
  return [];
}

/** Adds the object at `node` (its exact text) as a sample of `model`; `path` is where the problem goes. */
function addSample(ctx: ApiContext, model: string, file: string, text: string, node: unknown, at: string, path: YamlPath): void {
  const list = ctx.samples.get(model);
  if (!list) return; // a model of models/: its own samples define it
  const range = nodeRange(node);
  const json = text.slice(range?.[0], range?.[1]);
  const value: unknown = JSON.parse(json);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `the sample of ${model} at ${file}#${at} is not an object`, expected: 'an object {...}', found: describeValue(value), fix: 'point at the object' });
    return;
  }
  const id = at === '' ? file : `${file}#${at}`;
  if (!list.some((s) => s.file === id)) list.push({ file: id, value, json });
}

/** Walks a response value along its type and adds the parts that are models as samples. */
export function collectSamples(ctx: ApiContext, t: ApiType, node: unknown, at: string, file: string, text: string, path: YamlPath): void {
  if (!node) return;
  if (t.model) {
    if (isMap(node)) addSample(ctx, t.model, file, text, node, at, path);
    return;
  }
  const items = t.items;
  if (items && isSeq(node)) node.items.forEach((n, i) => collectSamples(ctx, items, n, `${at}/${i}`, file, text, path));
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const k = String(pair.key.value);
      const p = own(t.properties, k) ?? (typeof t.additionalProperties === 'object' ? t.additionalProperties : undefined);
      if (p) collectSamples(ctx, p, pair.value, `${at}/${escapeToken(k)}`, file, text, path);
    }
  }
}
