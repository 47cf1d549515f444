/**
 * `importDocs`: one saved documentation page → a spec skeleton (file path → text) and a
 * report of everything a human still has to decide. Pure: it reads nothing and writes
 * nothing; the CLI does the file system.
 *
 *   page ─document.ts / html.ts─▶ items ─topics.ts─▶ topics
 *                                   └──blocks.ts (json-repair.ts)─▶ JSON blocks ─pair.ts─▶ pairings
 *   samples ─envelope.ts─▶ envelope, topic field ─▶ body-field pairing, models
 *   topics + models + delivery.ts ─questions.ts─▶ open questions
 *   everything ─skeleton.ts─▶ files;  everything ─report.ts─▶ report
 */
import { makePage, readTextPage } from './document.js';
import { readHtmlPage } from './html.js';
import { findBlocks, type Block } from './blocks.js';
import { inApiSection, pairBlocks } from './pair.js';
import { byLine, extractTopics, findTokens, modelNameOf, sharedPrefixSegments, tokenKind } from './topics.js';
import { detectDelivery } from './delivery.js';
import { detectEnvelope, type EnvelopeDetection, type EnvelopeSample } from './envelope.js';
import { analyzeModel } from './analyze.js';
import { decide, evidenceFromValues, hintValue, type Evidence, type Plain, type UntypedKind } from '../drift/evidence.js';
import { renderEntries } from '../drift/yaml-edit.js';
import { openQuestions } from './questions.js';
import { renderSkeleton } from './skeleton.js';
import { renderReport } from './report.js';
import { pascalCase } from '../../util/naming.js';
import { formatPointer, getAtPointer, parsePointer } from '../../util/pointer.js';
import type { FieldFinding } from './analyze.js';
import type { Extraction } from './topics.js';
import type { BlockReport, ImportFindings, ImportReport, ModelReport, TopicReport, TopicSource } from './types.js';

export type { BlockReport, ImportFindings, ImportReport, ModelReport, OpenQuestion, TopicReport } from './types.js';

export const PROVIDER_ID = /^[a-z][a-z0-9-]*$/;

/** What {@link importDocs} reads: the page's text and name, and the provider id to import it as. */
export interface ImportInput {
  text: string;
  /** the page's name; its extension decides the format (.md, .txt, .html) */
  fileName: string;
  provider: string;
  /** the spec folder as messages name it (default "spec") */
  outDir?: string;
}

/** Two payloads share a model when at least this share of their top-level keys is common. */
const SAME_SHAPE = 0.5;

/**
 * Imports one page.
 * @returns files: paths relative to the provider folder → text; report: what a human still has to decide
 * @throws Error for an invalid provider id (the CLI checks it first)
 */
export function importDocs({ text, fileName, provider, outDir = 'spec' }: ImportInput): { files: Map<string, string>; report: ImportReport } {
  if (!PROVIDER_ID.test(provider)) throw new Error(`invalid provider id ${JSON.stringify(provider)}: use lower-case letters, digits and "-", starting with a letter`);
  const dir = `${outDir.replace(/\/+$/, '')}/${provider}`;
  const page = makePage(fileName, text);
  const items = page.format === 'html' ? readHtmlPage(page) : readTextPage(page);
  const extraction = extractTopics(items);
  const blocks = findBlocks(page, items, extraction.inline);
  pairBlocks(blocks, items, extraction);

  const values = new Map<Block, unknown>();
  // requests and responses of the provider's API are no webhook bodies: they neither show the
  // envelope nor get paired by a body field, nor are they kept as unpaired samples
  const api = new Set(blocks.filter((b) => b.topics.length === 0 && inApiSection(items, b.item, extraction)));
  for (const b of blocks) if (b.status !== 'skipped' && b.sample && !api.has(b)) values.set(b, JSON.parse(b.sample));
  const detection = pairByBody(blocks, values, extraction, items);
  const { envelope, topicField } = detection;
  const strip = sharedPrefixSegments([...extraction.topics.keys()]);

  // payload models, in page order of their first sample
  const sampleFiles = new Map<string, string>();
  const stemFile = (stem: string) => {
    let file = `samples/${stem}.json`;
    for (let k = 2; sampleFiles.has(file); k++) file = `samples/${stem}-${k}.json`;
    return file;
  };
  /** model → the top-level keys of its first payload */
  const shapes = new Map<string, string[]>();
  // keys every payload of the page has (`webhook_type`, `object_type` of a whole-body payload)
  // say nothing about its form: forms are told apart by the others
  const payloadKeys = blocks.flatMap((b) => {
    if (b.status === 'skipped' || !b.sample || api.has(b) || b.topics.length === 0) return [];
    const v = values.get(b);
    const payload = envelope ? getAtPointer(v, envelope.pointer) : v;
    return isObject(payload) ? [Object.keys(payload)] : [];
  });
  const everywhere = payloadKeys.length >= 2 ? new Set(payloadKeys[0].filter((k) => payloadKeys.every((keys) => keys.includes(k)))) : new Set<string>();
  /** how alike two payloads' forms are: by the keys not every payload has, when both have some */
  const likeness = (a: readonly string[], b: readonly string[]) => {
    const fa = a.filter((k) => !everywhere.has(k));
    const fb = b.filter((k) => !everywhere.has(k));
    return fa.length && fb.length ? overlap(fa, fb) : overlap(a, b);
  };
  const models = new Map<string, ModelReport>();
  for (const b of blocks) {
    if (b.status === 'skipped' || !b.sample || api.has(b)) continue;
    const value = values.get(b);
    const payload = envelope ? getAtPointer(value, envelope.pointer) : value;
    if (envelope) b.payloadKind = payload === undefined ? 'missing' : Array.isArray(payload) ? 'array' : payload !== null && typeof payload === 'object' ? 'object' : 'scalar';
    if (b.topics.length === 0) {
      // kept: a repaired block (the repair is work), or one that has the envelope's form
      const enveloped = envelope !== undefined && isObject(value) && envelope.fields.every((f) => f in value);
      if (b.status === 'repaired' || enveloped) {
        b.file = stemFile(`unpaired/line-${b.line}`);
        sampleFiles.set(b.file, b.sample);
      }
      continue;
    }
    if (payload === undefined) {
      // an envelope without its payload member: the sample is kept, the topics stay undocumented
      b.file = stemFile(kebab(b.model ?? modelNameOf(b.topics[0], strip)));
      sampleFiles.set(b.file, b.sample);
      b.model = undefined;
      continue;
    }
    let name = b.model ?? modelNameOf(b.topics[0], strip);
    // an array or a scalar payload is a model too, of its own kind (one model has one kind)
    const keys = isObject(payload) ? Object.keys(payload) : [Array.isArray(payload) ? '[array]' : '[scalar]'];
    const first = shapes.get(name);
    if (first && likeness(first, keys) < SAME_SHAPE) {
      // a payload of another form: its own model, named after its topic
      const base = topicModelName(b.topics[0], strip);
      name = base;
      for (let k = 2; shapes.has(name) && likeness(shapes.get(name) ?? [], keys) < SAME_SHAPE; k++) name = `${base}${k}`;
    }
    if (!shapes.has(name)) shapes.set(name, keys);
    b.model = name;
    let m = models.get(name);
    if (!m) {
      m = { name, file: `models/${name}.yaml`, samples: [], topics: [], lines: [] };
      models.set(name, m);
    }
    b.file = stemFile(kebab(name));
    b.ref = envelope ? `${b.file}#${envelope.pointer}` : b.file;
    sampleFiles.set(b.file, b.sample);
    m.samples.push(b.ref);
    m.lines.push(b.line);
    for (const t of b.topics) if (!m.topics.includes(t)) m.topics.push(t);
  }

  /** topic → models, sample refs */
  const topicModels = new Map<string, string[]>();
  const topicSamples = new Map<string, string[]>();
  for (const b of blocks) {
    if (!b.model || !b.ref) continue;
    for (const t of b.topics) {
      const tm = topicModels.get(t) ?? [];
      if (!tm.includes(b.model)) tm.push(b.model);
      topicModels.set(t, tm);
      topicSamples.set(t, [...(topicSamples.get(t) ?? []), b.ref]);
    }
  }
  const topics: TopicReport[] = [...extraction.topics.values()].map((t) => ({
    topic: t.topic,
    line: t.line,
    via: t.via,
    models: topicModels.get(t.topic) ?? [],
    samples: topicSamples.get(t.topic) ?? [],
    ...(t.description ? { description: t.description } : {}),
    ...(t.payloadProse ? { payloadProse: t.payloadProse } : {}),
  }));

  const fields: FieldFinding[] = [...models.values()].flatMap((m) =>
    analyzeModel(
      m.name,
      m.samples.map((ref) => {
        const [file = ref, at] = ref.split('#');
        return { file, text: sampleFiles.get(file) ?? '', ...(at ? { at } : {}) };
      }),
    ),
  );
  withEvidence(fields, [...models.values()], sampleFiles);
  const bySample = new Map<string, string[]>();
  for (const t of topics) for (const s of new Set(t.samples)) bySample.set(s, [...(bySample.get(s) ?? []), t.topic]);
  const shared = [...bySample].filter(([, ts]) => ts.length > 1).map(([sample, ts]) => ({ sample, topics: ts }));
  const delivery = detectDelivery(items, new Set(extraction.topics.keys()));
  const topicSource: TopicSource = topicField
    ? { kind: 'field', field: topicField, ...(delivery.topicHeader ? { header: { name: delivery.topicHeader.name, line: delivery.topicHeader.line } } : {}) }
    : delivery.topicHeader
      ? { kind: 'header', name: delivery.topicHeader.name, line: delivery.topicHeader.line }
      : { kind: 'route' };
  const conflicts = blocks
    .filter((b) => b.bodyTopic !== undefined && b.topics.length > 0 && !b.topics.includes(b.bodyTopic))
    .map((b) => ({ sample: b.file ?? `line ${b.line}`, line: b.line, bodyTopic: b.bodyTopic ?? '', topics: [...b.topics] }));

  const blockReports: BlockReport[] = blocks.map(({ item: _i, span: _s, start: _a, end: _e, ...b }) => b);
  const partial: Omit<ImportFindings, 'questions'> = {
    provider,
    source: fileName,
    format: page.format,
    dir,
    topics,
    blocks: blockReports,
    models: [...models.values()],
    fields,
    shared,
    delivery,
    skippedNames: extraction.skipped,
    ...(envelope ? { envelope } : {}),
    topicSource,
    conflicts,
  };
  const base: ImportFindings = { ...partial, questions: openQuestions(partial) };
  const report = { ...base, text: renderReport(base) };
  const files = renderSkeleton(base, sampleFiles);
  files.set('IMPORT-REPORT.md', report.text);
  return { files, report };
}

const UNTYPED: Partial<Record<FieldFinding['kind'], UntypedKind>> = { null: 'null', 'empty-array': 'empty array', 'empty-object': 'empty object' };

/**
 * Gives each field the samples cannot type (null, `[]` or `{}` everywhere) the hint the other
 * models' samples justify, by drift's evidence rules (the same field name, the best path
 * match, agreeing types): a suggestion that says where it comes from, not a guess.
 */
function withEvidence(fields: FieldFinding[], models: readonly ModelReport[], sampleFiles: ReadonlyMap<string, string>): void {
  const untyped = fields.filter((f) => UNTYPED[f.kind] !== undefined);
  if (untyped.length === 0) return;
  const values = (m: ModelReport): unknown[] =>
    m.samples.flatMap((ref) => {
      const [file = ref, at] = ref.split('#');
      const text = sampleFiles.get(file);
      if (text === undefined) return [];
      try {
        const v: unknown = JSON.parse(text);
        return [at ? getAtPointer(v, at) : v];
      } catch {
        return [];
      }
    });
  const evidence = evidenceFromValues(models.map((m) => ({ model: m.name, values: values(m) })));
  for (const f of untyped) {
    const kind = UNTYPED[f.kind];
    if (kind === undefined) continue;
    const path = parsePointer(f.pointer);
    const d = decide({ model: f.model, path, kind }, evidence);
    if (!d.ok) continue;
    // a copied object may hold fields null at its source too: each is typed from its own
    // evidence, or the suggestion is not made (generate would refuse such a field)
    const from = d.from.map((e) => `${e.model} ${formatPointer(e.path)}`);
    const schema = typeNullFields(d.schema, f.model, path, evidence, from);
    if (!schema) continue;
    // the hint as absorb writes it: its value under the pointer, lists of scalars in flow style
    const lines = renderEntries([{ key: f.pointer, value: hintValue(schema).value }]).trimEnd().split('\n').slice(1).map((l) => l.replace(/^ {2}/, ''));
    f.evidence = { hint: lines, from };
  }
}

/** How deep {@link typeNullFields} follows a copied object (bounded work). */
const MAX_COPY_DEPTH = 8;

/**
 * The schema with every nested field that is only `null` typed by its own evidence (nullable),
 * or undefined when one cannot be; `from` gains the fields used.
 */
function typeNullFields(schema: Plain, model: string, path: readonly string[], evidence: readonly Evidence[], from: string[], depth = 0): Plain | undefined {
  if (depth > MAX_COPY_DEPTH) return undefined;
  const fix = (node: Plain, at: string[]): Plain | undefined => {
    if (at.length > path.length && node.type.length === 1 && node.type[0] === 'null') {
      const d = decide({ model, path: at, kind: 'null' }, evidence);
      if (!d.ok) return undefined;
      from.push(...d.from.map((e) => `${e.model} ${formatPointer(e.path)}`).filter((x) => !from.includes(x)));
      return typeNullFields(d.schema, model, at, evidence, from, depth + 1);
    }
    const out: Plain = { ...node };
    if (node.items) {
      const items = fix(node.items, [...at, '*']);
      if (!items) return undefined;
      out.items = items;
    }
    if (node.properties) {
      const props: Record<string, Plain> = {};
      for (const [k, v] of Object.entries(node.properties)) {
        const typed = fix(v, [...at, k]);
        if (!typed) return undefined;
        props[k] = typed;
      }
      out.properties = props;
    }
    return out;
  };
  return fix(schema, [...path]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The share of keys two key lists have in common (Jaccard); 1 for two empty lists. */
function overlap(a: readonly string[], b: readonly string[]): number {
  const union = new Set([...a, ...b]);
  if (union.size === 0) return 1;
  return a.filter((k) => b.includes(k)).length / union.size;
}

/** A model name from the whole topic (its resource and action): `store/order/statusUpdated` → `OrderStatusUpdated`. */
function topicModelName(topic: string, strip: number): string {
  const segs = topic.split(tokenKind(topic) === 'slash' ? '/' : tokenKind(topic) === 'dot' ? '.' : '_');
  const name = pascalCase(segs.slice(Math.min(strip, segs.length - 1)).join('_'));
  return /^[A-Z]/.test(name) ? name : `Model${name}`;
}

/**
 * Detects the envelope and the topic field, then pairs the blocks no structure paired by
 * the topic their body field names, and records each sample's body topic. Detection runs on
 * the paired samples (all samples when none is paired), and again once the body field has
 * paired more, so that its counts cover every sample it applies to.
 */
function pairByBody(blocks: Block[], values: ReadonlyMap<Block, unknown>, ex: Extraction, items: Parameters<typeof detectEnvelope>[2]): EnvelopeDetection {
  const samplesOf = (list: readonly Block[]): EnvelopeSample[] => list.map((b) => ({ value: values.get(b), topics: b.topics }));
  const paired = () => blocks.filter((b) => values.has(b) && b.topics.length > 0);
  const listed = new Set(ex.topics.keys());
  const first = detectEnvelope(samplesOf(paired().length ? paired() : blocks.filter((b) => values.has(b))), listed, items, ex.pageTokens);
  const field = first.topicField?.pointer;
  if (field === undefined) return first;
  let added = false;
  for (const b of blocks) {
    if (!values.has(b)) continue;
    const v = getAtPointer(values.get(b), field);
    if (typeof v !== 'string') continue;
    b.bodyTopic = v;
    if (b.topics.length || !(listed.has(v) || (findTokens(v).length === 1 && findTokens(v)[0].token === v))) continue;
    b.topics = [v];
    b.pairedBy = 'body field';
    b.context ??= `its ${field} field`;
    if (!ex.topics.has(v)) ex.topics.set(v, { topic: v, line: b.line, via: 'sample', strength: 1, mentions: [b.line] });
    added = true;
  }
  if (!added) return first;
  const ordered = [...ex.topics.values()].sort(byLine);
  ex.topics.clear();
  for (const t of ordered) ex.topics.set(t.topic, t);
  const second = detectEnvelope(samplesOf(paired()), new Set(ex.topics.keys()), items, ex.pageTokens);
  return second.topicField?.pointer === field ? second : first;
}

/** `CollectionPublication` → `collection-publication` (the sample file stem). */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

