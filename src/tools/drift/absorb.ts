/**
 * `--absorb`: captures become samples, and the fields they show only as `null`, `[]` or `{}`
 * get the hints the evidence justifies (evidence.ts), marked in the model file as inferred
 * from captures, so that `npm run generate` runs without a hand-written hint. What cannot be
 * decided is left for review, with generate's own problem for it (file:line and the hint to
 * write) and the reason.
 *
 * Hints absorb wrote before (marked `# inferred from captures`) are taken back first and
 * decided again from every sample, so a capture that shows a field's real type replaces a
 * guess instead of contradicting it. Delete the marker comment to make such a hint yours.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { loadSpec } from '../../spec/load.js';
import { buildModel } from '../../model/build.js';
import { createCache } from '../../util/cache.js';
import { closest, sortProblems, type Problem } from '../../util/diagnostics.js';
import { formatPointer } from '../../util/pointer.js';
import type { GenModel, PayloadModel, ProviderModel } from '../../model/types.js';
import { readCaptures } from './captures.js';
import { compareCapture } from './compare.js';
import { collectFields, decide, describePlain, describes, hintValue, provisional, untypedFields, untypedKind, valuesAt, type Decision, type Evidence, type UntypedField, type UntypedKind } from './evidence.js';
import { writeSamples, type WriteSamplesResult } from './samples.js';
import { DRIFT_KINDS, DriftUsageError, type DriftKind } from './types.js';
import { appendMapEntries, markedEntries, markedKeys, removeMapEntries, renderEntries, type NewEntry } from './yaml-edit.js';

/** The comment that marks a hint absorb wrote (and may take back on the next run). */
export const INFERRED_MARK = 'inferred from captures';

export interface AbsorbOptions {
  /** project root (with spec/) */
  root: string;
  provider: string;
  /** files or directories (relative to `cwd`) */
  inputs: string[];
  topic?: string;
  /** write captures that look like they hold personal data */
  yes?: boolean;
  cwd?: string;
  specDir?: string;
  /** receives a line for each input skipped (a FIFO, socket or device, an unreadable or too large file) */
  onNote?: (note: string) => void;
}

/** A hint absorb wrote. */
export interface WrittenHint {
  /** the model file (relative to the root) and the line of the hint's key */
  file: string;
  line: number;
  model: string;
  pointer: string;
  /** what it says, in short (`string | null`) */
  type: string;
  /** the fields it took the type from */
  from: string[];
  /** for a hint that says any JSON value (no evidence of the type): why, to review */
  review?: string;
}

/** A field absorb could not type: generate's problem for it, and why. */
export interface Leftover {
  model: string;
  pointer: string;
  /** `npm run generate`'s problem for this field (location, and the hint to write as `fix`) */
  problem: Problem;
  /** the model file and the line of its `hints:` key (or of `model:` when it has none) */
  hintsAt: { file: string; line: number };
  reason: string;
}

export interface AbsorbResult {
  provider: string;
  samples: WriteSamplesResult;
  hints: WrittenHint[];
  /** hints absorb had written on an earlier run and no longer writes (the samples now type those fields) */
  retracted: { file: string; pointer: string }[];
  leftovers: Leftover[];
  /** other problems of the spec after absorbing (none unless a hint someone wrote contradicts the new samples) */
  problems: Problem[];
  /** every capture that is a sample now, compared with the spec as it is after absorbing */
  after: { file: string; topic: string; kinds: Partial<Record<DriftKind, number>> }[];
}

const UNTYPED_MESSAGE = /^cannot type (\S+) field (.+): it is (?:null|untyped|an empty array|an empty object) in every sample$/;

/** The built provider and every problem of the spec (untyped fields included). */
async function build(root: string, id: string, specDir: string): Promise<{ provider: ProviderModel; problems: Problem[] }> {
  const { providers, problems } = loadSpec(root, specDir);
  const model = await buildModel(providers, problems, createCache({ enabled: true }));
  const provider = model.providers.find((x) => x.id === id);
  if (!provider) {
    const ids = model.providers.map((x) => x.id);
    const guess = closest(id, ids);
    throw new DriftUsageError(`unknown provider "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${ids.join(', ')}`);
  }
  return { provider, problems };
}

/**
 * `generate`'s problems with a better fix for each untyped field (null, `[]` or `{}` in every
 * sample) that the evidence types: the hint absorb would write (the type of the same field
 * name where another model's sample or hint shows it), saying where it comes from. Other
 * problems, and fields no evidence types, are returned as they are.
 */
export function evidenceFixes(model: GenModel, problems: readonly Problem[]): Problem[] {
  const decisions = new Map<string, Decision>();
  for (const p of model.providers) {
    if (!problems.some((x) => isUntypedProblem(x, p))) continue;
    for (const d of decideAll(p)) decisions.set(`${p.specDir} ${fieldKey(d.field.model, d.field.path)}`, d);
  }
  return problems.map((problem) => {
    const m = UNTYPED_MESSAGE.exec(problem.message);
    const p = m ? model.providers.find((x) => isUntypedProblem(problem, x)) : undefined;
    const d = p && m ? decisions.get(`${p.specDir} ${m[1]} ${m[2]}`) : undefined;
    if (!p || !m || !d || !d.ok || d.provisional) return problem;
    const file = p.models.find((x) => x.name === m[1])?.specFile ?? problem.at.file;
    const from = d.from.map((e) => `${e.model} ${formatPointer(e.path)}`);
    const hint = renderEntries([{ key: m[2] ?? '', value: hintValue(d.schema).value }]).trimEnd().split('\n').slice(1);
    return { ...problem, fix: `add to ${file} (the type of ${list(from)}):\nhints:\n  ${m[2]}:\n${hint.map((l) => `  ${l}`).join('\n')}\nor run \`npm run drift -- --provider ${p.id} --absorb <captures>\`, which writes such hints` };
  });
}

const isUntypedProblem = (p: Problem, provider: ProviderModel) => UNTYPED_MESSAGE.test(p.message) && p.at.file.startsWith(`${provider.specDir}/`);

/** Absorbs captures into the spec: samples, then hints; see the module comment. */
export async function absorb(o: AbsorbOptions): Promise<AbsorbResult> {
  const cwd = o.cwd ?? process.cwd();
  const specDir = o.specDir ?? 'spec';
  const root = o.root;
  const first = await build(root, o.provider, specDir);
  const blocking = first.problems.filter((p) => !isUntypedProblem(p, first.provider));
  if (blocking.length) throw new DriftUsageError(`the spec has ${blocking.length} problem(s) absorb cannot fix; run \`npm run generate\` to see them`);
  const notes: string[] = [];
  const captures = readCaptures(o.inputs.map((i) => resolve(cwd, i)), cwd, notes);
  for (const n of notes) o.onNote?.(n);

  const samples = writeSamples({ root, provider: first.provider, captures, topic: o.topic, yes: o.yes });

  // the hints an earlier run wrote are taken back while deciding (they are no evidence), then
  // the ones decided the same way again are put back where they were
  const files = [...new Set(first.provider.models.map((m) => m.specFile))].sort();
  const before = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
  for (const [file, text] of before) writeFileSync(join(root, file), removeMapEntries(text, file, 'hints', markedKeys(text, file, 'hints', INFERRED_MARK), INFERRED_MARK));

  // rounds: a hint that copies an object can bring nested fields that are null at its source
  // too; they are decided in the next round (at most a few: each round types deeper fields)
  const decisions = new Map<string, Decision>();
  const entries = new Map<string, { d: Decision & { ok: true }; entries: NewEntry[] }[]>();
  const refusedWrites = new Map<string, string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const b = await build(root, o.provider, specDir);
    const fresh = decideAll(b.provider, (f) => !decisions.has(fieldKey(f.model, f.path)));
    for (const d of fresh) decisions.set(fieldKey(d.field.model, d.field.path), d);
    const w = writeHints(root, b.provider, fresh);
    for (const [file, group] of w.written) entries.set(file, [...(entries.get(file) ?? []), ...group]);
    for (const [k, why] of w.refused) refusedWrites.set(k, why);
    if (!w.written.size) break;
  }
  const { hints, retracted } = settle(root, before, entries);

  const last = await build(root, o.provider, specDir);
  const leftovers: Leftover[] = [];
  const problems: Problem[] = [];
  for (const p of sortProblems(last.problems)) {
    const m = isUntypedProblem(p, last.provider) ? UNTYPED_MESSAGE.exec(p.message) : null;
    const model = m ? last.provider.models.find((x) => x.name === m[1]) : undefined;
    if (!m || !model) {
      problems.push(p);
      continue;
    }
    const pointer = m[2] ?? '';
    const key = `${model.name} ${pointer}`;
    const d = decisions.get(key);
    const reason = refusedWrites.get(key) ?? (d && !d.ok ? d.reason : d ? 'internal: its hint was written, yet generate cannot type it' : 'no decision was made for it');
    leftovers.push({ model: model.name, pointer, problem: p, hintsAt: hintsLine(root, model.specFile), reason });
  }

  const after = samples.samples.map((s) => {
    const c = captures.find((x) => x.file === s.capture);
    const kinds: Partial<Record<DriftKind, number>> = {};
    const r = c ? compareCapture(last.provider, c, o.topic) : undefined;
    if (r?.ok) for (const f of r.findings) kinds[f.kind] = (kinds[f.kind] ?? 0) + (f.times ?? 1);
    return { file: s.capture, topic: s.topic, kinds: Object.fromEntries(DRIFT_KINDS.filter((k) => kinds[k]).map((k) => [k, kinds[k]])) };
  });
  return { provider: last.provider.id, samples, hints, retracted, leftovers, problems, after };
}

const MAX_ROUNDS = 4;

const lastName = (path: readonly string[]) => [...path].reverse().find((s) => s !== '*') ?? '';

const fieldKey = (model: string, path: readonly string[]) => `${model} ${formatPointer(path)}`;

/** A decision for every untyped field (that `which` keeps), from the evidence of every typed field of the provider. */
export function decideAll(p: ProviderModel, which: (f: UntypedField) => boolean = () => true): Decision[] {
  // a field typed as any JSON value says nothing about another field's type
  const evidence: Evidence[] = collectFields(p)
    .filter((f) => f.schema === 'union' || (untypedKind(f.schema) === undefined && !f.schema.type.includes('json')))
    .map((f) => ({ model: f.model.name, path: f.path, schema: f.schema }));
  // by name, so that each field looks at the fields of its name only (bounded work on big captures)
  const byName = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const name = lastName(e.path);
    const list = byName.get(name);
    if (list) list.push(e);
    else byName.set(name, [e]);
  }
  return untypedFields(p).filter(which).map((f) => {
    const decided = decide(f, byName.get(lastName(f.path)) ?? []);
    // no evidence types it: any JSON value keeps generate running, and the field is listed for review
    const d: Decision & { ok: true } = decided.ok ? decided : provisional(f, decided.reason);
    // a hint must describe every value the samples hold there (they are null, [] or {}: this is a guard)
    const m = p.models.find((x) => x.name === f.model);
    const bad = m?.sampleValues.findIndex((v) => !valuesAt(v, f.path).every((x) => describes(d.schema, x))) ?? -1;
    if (m && bad >= 0) return { ok: false, field: f, reason: `a ${describePlain(d.schema)} hint would not describe ${m.sampleFiles[bad] ?? 'a sample'}` };
    return d;
  });
}

const KIND_TEXT: Record<UntypedKind, string> = { null: 'null', 'empty array': '[]', 'empty object': '{}', untyped: 'untyped' };

function list(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The samples (relative to the provider folder) that show a field. */
function showing(m: PayloadModel, path: string[], specDir: string): string[] {
  return m.sampleFiles.filter((_, i) => valuesAt(m.sampleValues[i], path).length > 0).map((f) => (f.startsWith(`${specDir}/`) ? f.slice(specDir.length + 1) : f));
}

type Written = { d: Decision & { ok: true }; entries: NewEntry[] };

/** Writes the decided hints into the model files; a pointer that has a hint already is left for review. */
function writeHints(root: string, p: ProviderModel, decisions: Decision[]): { written: Map<string, Written[]>; refused: Map<string, string> } {
  const byFile = new Map<string, Written[]>();
  const refused = new Map<string, string>();
  for (const d of decisions) {
    if (!d.ok) continue;
    const m = p.models.find((x) => x.name === d.field.model);
    if (!m) continue;
    const pointer = formatPointer(d.field.path);
    const from = d.from.map((e) => `${e.model} ${formatPointer(e.path)}`);
    const files = showing(m, d.field.path, p.specDir);
    const comment = d.provisional
      ? `${INFERRED_MARK}: ${list(files)} (${KIND_TEXT[d.field.kind]} in every sample); no evidence of its type: write it here`
      : `${INFERRED_MARK}: ${list(files)} (${KIND_TEXT[d.field.kind]} in every sample); the type of ${list(from)}`;
    const { value, int64 } = hintValue(d.schema);
    const entries: NewEntry[] = [{ key: pointer, value, comment }];
    for (const sub of int64) entries.push({ key: formatPointer([...d.field.path, ...sub]), value: { int64: 'string' }, comment: `${INFERRED_MARK}: 64-bit as in ${list(from)}` });
    const group = byFile.get(m.specFile) ?? [];
    group.push({ d, entries });
    byFile.set(m.specFile, group);
  }
  const written = new Map<string, Written[]>();
  for (const [file, group] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = readFileSync(join(root, file), 'utf8');
    const doc = parseDocument(text);
    const existing = doc.get('hints', true);
    const taken = (k: string) => isMap(existing) && existing.has(k);
    const ok = group.filter(({ d, entries }) => {
      const clash = entries.find((e) => taken(e.key));
      if (clash) refused.set(`${d.field.model} ${formatPointer(d.field.path)}`, `${file} has a hint at ${clash.key} already, without a type: add the type to it (a ${describePlain(d.schema)} fits the evidence)`);
      return !clash;
    });
    if (!ok.length) continue;
    writeFileSync(join(root, file), appendMapEntries(text, file, 'hints', ok.flatMap((g) => g.entries)));
    written.set(file, ok);
  }
  return { written, refused };
}

/**
 * The model files as they end: each hint decided exactly as an earlier run wrote it stays
 * where it was, the others an earlier run wrote go, the new ones are appended.
 * @param before each model file's text before its marked hints were taken back
 */
function settle(root: string, before: Map<string, string>, written: Map<string, Written[]>): { hints: WrittenHint[]; retracted: { file: string; pointer: string }[] } {
  const hints: WrittenHint[] = [];
  const retracted: { file: string; pointer: string }[] = [];
  for (const [file, text] of before) {
    const old = markedEntries(text, file, 'hints', INFERRED_MARK);
    const groups = written.get(file) ?? [];
    const fresh = groups.flatMap((g) => g.entries);
    const same = new Set(fresh.filter((e) => old.get(e.key) === renderEntries([e])).map((e) => e.key));
    const next = appendMapEntries(
      removeMapEntries(text, file, 'hints', [...old.keys()].filter((k) => !same.has(k)), INFERRED_MARK),
      file,
      'hints',
      fresh.filter((e) => !same.has(e.key)),
    );
    if (next !== readFileSync(join(root, file), 'utf8')) writeFileSync(join(root, file), next);
    const keys = new Set(fresh.map((e) => e.key));
    for (const k of old.keys()) if (!keys.has(k)) retracted.push({ file, pointer: k });
    const lines = keyLines(next);
    for (const { d } of groups) {
      const pointer = formatPointer(d.field.path);
      hints.push({
        file,
        line: lines.get(pointer) ?? 0,
        model: d.field.model,
        pointer,
        type: describePlain(d.schema),
        from: d.from.map((e) => `${e.model} ${formatPointer(e.path)}`),
        ...(d.provisional ? { review: d.provisional } : {}),
      });
    }
  }
  return { hints, retracted };
}

/** The line of each `hints:` key of a model file's text. */
function keyLines(text: string): Map<string, number> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const out = new Map<string, number>();
  const hints = doc.get('hints', true);
  if (isMap(hints)) for (const pair of hints.items) if (isScalar(pair.key) && pair.key.range) out.set(String(pair.key.value), lc.linePos(pair.key.range[0]).line);
  return out;
}

/** Where a model file's hints go: the line of `hints:`, else of `model:`. */
function hintsLine(root: string, file: string): { file: string; line: number } {
  const text = readFileSync(join(root, file), 'utf8');
  const m = /^hints:/m.exec(text) ?? /^model:/m.exec(text);
  return { file, line: m ? text.slice(0, m.index).split('\n').length : 1 };
}

