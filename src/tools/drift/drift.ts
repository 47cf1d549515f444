/**
 * Drift: how payloads captured from production differ from the spec, field by field, with the
 * spec change that would absorb each difference. Reads the same intermediate model as the
 * emitters (so it judges exactly what generated/ was made from) and parses captures with the
 * same lossless parser the generated runtime uses.
 *
 * The pieces: captures.ts (reading inputs), compare.ts (one payload against its model),
 * rounded.ts (ids rounded before capture), checks.ts (the validators' value checks),
 * group.ts (findings and counts), format.ts (the three renderings), samples.ts (--write-samples),
 * absorb.ts with evidence.ts and yaml-edit.ts (--absorb), raw.ts (a member's verbatim text).
 */
import { resolve } from 'node:path';
import { loadSpec } from '../../spec/load.js';
import { buildModel } from '../../model/build.js';
import { createCache } from '../../util/cache.js';
import { closest } from '../../util/diagnostics.js';
import type { ProviderModel } from '../../model/types.js';
import { readCaptures } from './captures.js';
import { compareCapture } from './compare.js';
import { groupFindings, summarizeFindings, type PayloadOccurrences } from './group.js';
import { DriftUsageError, type DriftKind, type DriftReport } from './types.js';

export { DRIFT_KINDS, DriftUsageError } from './types.js';
export type { DriftKind, DriftReport, DriftSummary, Finding, FindingValue, KindSummary, Occurrence, TopicSummary } from './types.js';
export { readCaptures, type Capture } from './captures.js';
export { compareCapture, compareValue, type CaptureResult } from './compare.js';
export { payloadText, personalDataPaths, sampleName, writeSamples, type SampleAdded, type WriteSamplesResult } from './samples.js';
export { absorb, INFERRED_MARK, type AbsorbOptions, type AbsorbResult, type Leftover, type WrittenHint } from './absorb.js';

export interface DriftOptions {
  /** project root (with spec/) */
  root: string;
  provider: string;
  /** files or directories (relative to `cwd`) */
  inputs: string[];
  /** the topic of every input (else: capture header, else directory layout) */
  topic?: string;
  /** kinds that do not count as drift */
  allow?: DriftKind[];
  cwd?: string;
  specDir?: string;
  /** receives a line for each input skipped (a FIFO, socket or device, an unreadable or too large file) */
  onNote?: (note: string) => void;
}

/** Compares captured payloads with the spec. */
export async function drift(opts: DriftOptions): Promise<DriftReport> {
  const cwd = opts.cwd ?? process.cwd();
  const provider = await loadProviderModel(opts.root, opts.provider, opts.specDir);
  const notes: string[] = [];
  const captures = readCaptures(opts.inputs.map((i) => resolve(cwd, i)), cwd, notes);
  for (const n of notes) opts.onNote?.(n);
  const errors: DriftReport['errors'] = [];
  const compared: PayloadOccurrences[] = [];
  for (const c of captures) {
    const r = compareCapture(provider, c, opts.topic);
    if (r.ok) compared.push({ file: c.file, topic: r.topic, findings: r.findings });
    else errors.push({ file: c.file, message: r.message });
  }
  const findings = groupFindings(compared);
  const allow = new Set(opts.allow ?? []);
  return {
    version: 2,
    provider: provider.id,
    payloads: compared.length,
    drift: findings.some((f) => !allow.has(f.kind)) || errors.length > 0,
    summary: summarizeFindings(findings, compared),
    findings,
    errors,
  };
}

/** The intermediate model of one provider (through the same cache as generate). */
export async function loadProviderModel(root: string, id: string, specDir = 'spec'): Promise<ProviderModel> {
  const { providers, problems } = loadSpec(root, specDir);
  const model = await buildModel(providers, problems, createCache({ enabled: true }));
  if (problems.length) throw new DriftUsageError(`the spec has ${problems.length} problem(s); run \`npm run generate\` to see them`);
  const p = model.providers.find((x) => x.id === id);
  if (!p) {
    const ids = model.providers.map((x) => x.id);
    const guess = closest(id, ids);
    throw new DriftUsageError(`unknown provider "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${ids.join(', ')}`);
  }
  return p;
}
