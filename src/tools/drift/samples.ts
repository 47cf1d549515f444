/** `--write-samples`: captures become extra samples of their models in spec/. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { isScalar, isSeq, parseDocument } from 'yaml';
import type { ProviderModel } from '../../model/types.js';
import { formatPointer } from '../../util/pointer.js';
import type { Capture } from './captures.js';
import { compareCapture, modelsOf, pickModel } from './compare.js';

/** Field names that usually hold personal data: a capture with them is not written without --yes. */
const PERSONAL = /(^|_)(e?mail|phone|first_name|last_name|full_name|address[12]?|street|zip|zip_code|postal_code|ip|browser_ip|birthday|card_number|iban|ssn)$/i;

/** Field paths of a value whose names suggest personal data (with a non-empty value). */
export function personalDataPaths(v: unknown, path = ''): string[] {
  if (!v || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x: unknown, i) => personalDataPaths(x, path + formatPointer([i])));
  return Object.entries(v).flatMap(([k, x]) => [
    ...(PERSONAL.test(k) && x !== null && x !== '' && typeof x !== 'object' ? [path + formatPointer([k])] : []),
    ...personalDataPaths(x, path + formatPointer([k])),
  ]);
}

export interface WriteSamplesResult {
  /** sample files written (relative to the root) */
  written: string[];
  refused: { file: string; fields: string[] }[];
  skipped: { file: string; reason: string }[];
}

/**
 * Adds each capture as an extra sample of its model: the body text verbatim in
 * spec/<p>/samples/, listed under `samples:` of the model file (comments and order kept).
 */
export function writeSamples(o: { root: string; provider: ProviderModel; captures: Capture[]; topic?: string; yes?: boolean }): WriteSamplesResult {
  const out: WriteSamplesResult = { written: [], refused: [], skipped: [] };
  const p = o.provider;
  for (const c of o.captures) {
    const r = compareCapture(p, c, o.topic);
    if (!r.ok) {
      out.skipped.push({ file: c.file, reason: r.message });
      continue;
    }
    const t = p.topics.find((x) => x.topic === r.topic);
    if (!t || t.undocumented) {
      out.skipped.push({ file: c.file, reason: `topic ${r.topic} has no payload model to add a sample to` });
      continue;
    }
    const model = pickModel(modelsOf(p, t.payload), r.value);
    const personal = personalDataPaths(r.value);
    if (personal.length && !o.yes) {
      out.refused.push({ file: c.file, fields: personal });
      continue;
    }
    let text = c.body;
    const outer: unknown = JSON.parse(text);
    if (typeof outer === 'string') text = outer; // keep the inner JSON of an escaped-string body
    if (!text.endsWith('\n')) text += '\n';
    const kebab = model.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const rel = `samples/${kebab}-capture-${createHash('sha256').update(text).digest('hex').slice(0, 8)}.json`;
    writeFileSync(join(o.root, p.specDir, rel), text);
    const modelFile = join(o.root, model.specFile);
    const doc = parseDocument(readFileSync(modelFile, 'utf8'));
    const samples = doc.get('samples', true);
    if (!isSeq(samples)) throw new Error(`${model.specFile}: expected a samples: list, found ${samples === undefined ? 'none' : 'another node'}`);
    if (!samples.items.some((i) => String(isScalar(i) ? i.value : i) === rel)) samples.add(doc.createNode(rel));
    writeFileSync(modelFile, doc.toString());
    out.written.push(`${p.specDir}/${rel}`);
  }
  return out;
}
