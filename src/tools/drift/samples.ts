/**
 * Captures become samples of their models in spec/ (`--write-samples`, and the first step of
 * `--absorb`): the payload's text verbatim (an envelope provider's payload member, not the
 * envelope), in a file named after the model and the text's hash, listed under `samples:`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ProviderModel } from '../../model/types.js';
import { formatPointer, parsePointer } from '../../util/pointer.js';
import type { Capture } from './captures.js';
import { compareCapture, modelsOf, pickModel } from './compare.js';
import { rawAt } from './raw.js';
import { appendListItem } from './yaml-edit.js';

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

/** A capture that is a sample of its model now. */
export interface SampleAdded {
  /** the capture (relative to the working directory) */
  capture: string;
  /** the sample (relative to the root) */
  file: string;
  topic: string;
  model: string;
  /** false when the same text was a sample already (nothing written) */
  written: boolean;
}

export interface WriteSamplesResult {
  /** sample files written (relative to the root) */
  written: string[];
  /** every capture that is a sample now, written by this run or already there */
  samples: SampleAdded[];
  refused: { file: string; fields: string[] }[];
  skipped: { file: string; reason: string }[];
}

/**
 * The text a capture's sample holds: the body (the inner JSON of an escaped-string body), or
 * for an envelope provider the payload member, every character as delivered; undefined when
 * the envelope has no payload member.
 */
export function payloadText(p: ProviderModel, body: string): string | undefined {
  let text = body;
  const outer: unknown = JSON.parse(text);
  if (typeof outer === 'string') text = outer;
  if (p.delivery.envelope) {
    const member = rawAt(text, parsePointer(p.delivery.envelope.payload));
    if (member === undefined) return undefined;
    text = member;
  }
  return text.endsWith('\n') ? text : text + '\n';
}

/** `samples/<model in kebab case>-capture-<first 8 hex of the text's SHA-256>.json`: the same text, the same name. */
export function sampleName(model: string, text: string): string {
  const kebab = model.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `samples/${kebab}-capture-${createHash('sha256').update(text).digest('hex').slice(0, 8)}.json`;
}

/**
 * Adds each capture as an extra sample of its model: the payload text verbatim in
 * spec/<p>/samples/, listed under `samples:` of the model file (comments and layout kept).
 * A sample file that exists with other content is never overwritten (the capture is skipped).
 */
export function writeSamples(o: { root: string; provider: ProviderModel; captures: Capture[]; topic?: string; yes?: boolean }): WriteSamplesResult {
  const out: WriteSamplesResult = { written: [], samples: [], refused: [], skipped: [] };
  const p = o.provider;
  for (const c of o.captures) {
    const r = compareCapture(p, c, o.topic);
    if (!r.ok) {
      out.skipped.push({ file: c.file, reason: r.message });
      continue;
    }
    const t = p.topics.find((x) => x.topic === r.topic);
    if (!t || t.undocumented) {
      out.skipped.push({ file: c.file, reason: t ? `topic ${r.topic} has no payload model to add a sample to` : `topic ${r.topic} is not in ${p.specDir}/topics.yaml (drift kind unknown-topic): add it, with a model, to keep its captures as samples` });
      continue;
    }
    const text = payloadText(p, c.body);
    if (text === undefined || r.value === undefined) {
      out.skipped.push({ file: c.file, reason: `no payload at ${p.delivery.envelope?.payload ?? '/'} of the envelope` });
      continue;
    }
    const model = pickModel(modelsOf(p, t.payload), r.value);
    const personal = personalDataPaths(r.value);
    if (personal.length && !o.yes) {
      out.refused.push({ file: c.file, fields: personal });
      continue;
    }
    const rel = sampleName(model.name, text);
    const abs = join(o.root, p.specDir, rel);
    const file = `${p.specDir}/${rel}`;
    let written = false;
    if (existsSync(abs)) {
      if (readFileSync(abs, 'utf8') !== text) {
        out.skipped.push({ file: c.file, reason: `${file} exists with other content; it is not overwritten (move it away to add this capture)` });
        continue;
      }
    } else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text, { flag: 'wx' });
      written = true;
    }
    const modelFile = join(o.root, model.specFile);
    const before = readFileSync(modelFile, 'utf8');
    const after = appendListItem(before, model.specFile, 'samples', rel);
    if (after !== before) writeFileSync(modelFile, after);
    if (written) out.written.push(file);
    if (!out.samples.some((s) => s.file === file)) out.samples.push({ capture: c.file, file, topic: r.topic, model: model.name, written });
  }
  return out;
}
