/**
 * Where a value is in a model's sample text, for problems: the sample is parsed again, with
 * positions, only when a problem is reported. A `.json` sample file is located to the line and
 * column; a YAML sample's JSON is its sorted rewrite and an api.yaml sample (`file#/pointer`)
 * is a slice of its file, so for those only the file is named.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Location } from '../util/diagnostics.js';
import { nodeRange } from '../spec/yaml.js';
import type { ModelSpec, SampleSpec } from './types.js';

/**
 * The first place of `path` in one sample: a string segment is a member name, a number an
 * array index, `*` any item. Undefined when the sample has nothing there.
 */
export function locateInSample(s: SampleSpec, path: readonly (string | number)[]): Location | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(s.json, { lineCounter });
  let nodes: unknown[] = [doc.contents];
  for (const seg of path) {
    const next: unknown[] = [];
    for (const n of nodes) {
      if (isSeq(n)) {
        if (seg === '*') next.push(...n.items);
        else if (typeof seg === 'number') next.push(n.items[seg]);
      } else if (isMap(n) && typeof seg === 'string') {
        const pair = n.items.find((p) => isScalar(p.key) && p.key.value === seg);
        if (pair) next.push(pair.value);
      }
    }
    nodes = next;
  }
  const range = nodeRange(nodes[0]);
  if (range?.[0] === undefined) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return s.file.endsWith('.json') ? { file: s.file, line, col } : { file: s.file };
}

/** The first place of `path` in any of the model's samples. */
export function locateInSamples(m: ModelSpec, path: readonly (string | number)[]): Location | undefined {
  for (const s of m.samples) {
    const at = locateInSample(s, path);
    if (at) return at;
  }
  return undefined;
}
