/**
 * `importDocs`: one saved documentation page → a spec skeleton (file path → text) and a
 * report of everything a human still has to decide. Pure: it reads nothing and writes
 * nothing; cli.js does the file system.
 *
 *   page ─document.js / html.js─▶ items ─topics.js─▶ topics
 *                                   └──json-repair.js─▶ JSON blocks ─pairing─▶ models
 *   topics + models + delivery.js ─skeleton.js─▶ files;  everything ─report.js─▶ report
 */
import { makePage, readTextPage } from './document.js';
import { readHtmlPage } from './html.js';
import { findExtent, looksLikeJsonStart, parseTolerant } from './json-repair.js';
import { byLine, extractTopics, findTokens, listTokens, modelNameOf, tokenKind } from './topics.js';
import { detectDelivery } from './delivery.js';
import { analyzeModel } from './analyze.js';
import { renderSkeleton } from './skeleton.js';
import { renderReport } from './report.js';
import { pascalCase, singular } from '../../util/naming.js';
import { scanJsonError } from '../../spec/yaml.js';
import type { FieldFinding } from './analyze.js';
import type { Item, Page, Span } from './document.js';
import type { Extraction, InlineSample } from './topics.js';
import type { BlockReport, ImportFindings, ImportReport, ModelReport, TopicReport } from './types.js';

export type { BlockReport, ImportFindings, ImportReport, ModelReport, TopicReport } from './types.js';

export const PROVIDER_ID = /^[a-z][a-z0-9-]*$/;
const JSON_LANGS = new Set(['', 'json', 'jsonc', 'json5', 'javascript', 'js', 'text', 'txt', 'http', 'plain', 'plaintext', 'none']);

/** What {@link importDocs} reads: the page's text and name, and the provider id to import it as. */
export interface ImportInput {
  text: string;
  /** the page's name; its extension decides the format (.md, .txt, .html) */
  fileName: string;
  provider: string;
  /** the spec folder as messages name it (default "spec") */
  outDir?: string;
}

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

  // models, in page order of their first sample
  const models = new Map<string, ModelReport>();
  /** sample file → its text */
  const sampleFiles = new Map<string, string>();
  /** topic → models */
  const topicModels = new Map<string, string[]>();
  /** topic → sample files */
  const topicSamples = new Map<string, string[]>();
  for (const b of blocks) {
    if (b.status === 'skipped' || !b.model || b.topics.length === 0 || !b.sample) continue;
    let m = models.get(b.model);
    if (!m) {
      m = { name: b.model, file: `models/${b.model}.yaml`, samples: [], topics: [], lines: [] };
      models.set(b.model, m);
    }
    const stem = kebab(b.model);
    let file = `samples/${stem}.json`;
    for (let k = 2; sampleFiles.has(file); k++) file = `samples/${stem}-${k}.json`;
    sampleFiles.set(file, b.sample);
    b.file = file;
    m.samples.push(file);
    m.lines.push(b.line);
    for (const t of b.topics) {
      if (!m.topics.includes(t)) m.topics.push(t);
      const tm = topicModels.get(t) ?? [];
      if (!tm.includes(b.model)) tm.push(b.model);
      topicModels.set(t, tm);
      topicSamples.set(t, [...(topicSamples.get(t) ?? []), file]);
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

  const fields: FieldFinding[] = [...models.values()].flatMap((m) => analyzeModel(m.name, m.samples.map((f) => ({ file: f, text: sampleFiles.get(f) ?? '' }))));
  const bySample = new Map<string, string[]>();
  for (const t of topics) for (const s of new Set(t.samples)) bySample.set(s, [...(bySample.get(s) ?? []), t.topic]);
  const shared = [...bySample].filter(([, ts]) => ts.length > 1).map(([sample, ts]) => ({ sample, topics: ts }));
  const delivery = detectDelivery(items, new Set(extraction.topics.keys()));

  const blockReports: BlockReport[] = blocks.map(({ item: _i, span: _s, start: _a, end: _e, ...b }) => b);
  const base: ImportFindings = { provider, source: fileName, format: page.format, dir, topics, blocks: blockReports, models: [...models.values()], fields, shared, delivery };
  const report = { ...base, text: renderReport(base) };
  const files = renderSkeleton(base, sampleFiles);
  files.set('IMPORT-REPORT.md', report.text);
  return { files, report };
}

/** `CollectionPublication` → `collection-publication` (the sample file stem). */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** A block while it is read and paired: its report, and where it is in the page's items. */
type Block = BlockReport & { item: number; span: Span; start: number; end: number };

/**
 * Every JSON block: bare blocks, blocks inside fences / <pre>, and samples in table cells.
 * Each is read (verbatim, repaired or skipped with a reason) here; pairing comes later.
 */
function findBlocks(page: Page, items: readonly Item[], inline: readonly InlineSample[]): Block[] {
  const blocks: Block[] = [];
  items.forEach((it, idx) => {
    if (it.kind !== 'code') return;
    const { span } = it;
    const t = span.text;
    if (!it.fenced) {
      blocks.push(readBlock(page, idx, span, 0, t.length, false));
      return;
    }
    // a fence in another language (sh, yaml, python, ...) holds no JSON sample
    if (!JSON_LANGS.has(it.lang)) return;
    let found = false;
    for (let pos = 0; pos < t.length; ) {
      const nl = t.indexOf('\n', pos);
      const lineEnd = nl < 0 ? t.length : nl;
      const lead = pos + (/^\s*/.exec(t.slice(pos, lineEnd))?.[0].length ?? 0);
      if (lead < lineEnd && (t[lead] === '{' || t[lead] === '[') && looksLikeJsonStart(t, lead)) {
        const ext = findExtent(t, lead);
        blocks.push(readBlock(page, idx, span, lead, ext.end, false));
        found = true;
        const next = t.indexOf('\n', ext.end);
        pos = next < 0 ? t.length : next + 1;
        continue;
      }
      pos = lineEnd + 1;
    }
    if (found) return;
    const body = t.trim();
    if (body === '') return;
    const lead = t.search(/\S/);
    const member = /^(["'])([^"'\n]*)\1\s*:/.exec(body);
    const line = page.lineOf(span.at(lead));
    if (member || (it.lang.startsWith('json') && !/^[{[]/.test(body))) {
      blocks.push({
        ...emptyBlock(idx, span, lead, t.length, line, page.lineOf(span.at(t.length))),
        status: 'skipped',
        reason: member ? `a fragment: the object member "${member[2]}", not a whole JSON value` : 'no JSON object or array in the block',
        detail: `it starts with ${JSON.stringify(body.split('\n')[0].slice(0, 40))}`,
      });
    }
  });
  for (const s of inline) {
    const b = readBlock(page, s.item, s.span, 0, s.span.text.length, true);
    b.topics = [...s.topics];
    blocks.push(b);
  }
  return blocks.sort((a, b) => a.line - b.line || a.item - b.item);
}

function emptyBlock(item: number, span: Span, start: number, end: number, line: number, endLine: number): Block {
  return { item, span, start, end, line, endLine, status: 'skipped', repairs: [], notes: [], topics: [], inline: false };
}

/**
 * Reads one block: verbatim when it is JSON (and holds no obfuscated e-mail), repaired when
 * the tolerant parser could fix it, skipped with a located reason otherwise.
 */
function readBlock(page: Page, item: number, span: Span, start: number, end: number, inline: boolean): Block {
  const raw = span.text.slice(start, end);
  const pos = (k: number) => page.posOf(span.at(start + k));
  const line = pos(0).line;
  const block = { ...emptyBlock(item, span, start, end, line, pos(Math.max(0, raw.length - 1)).line), inline };
  const r = parseTolerant(raw);
  if (!r.ok) {
    const lineOfOffset = (o: number) => pos(Math.min(o, Math.max(0, raw.length - 1))).line;
    const reason = r.reason.replace(/@\{(\d+)\}/g, (_, o) => `line ${lineOfOffset(Number(o))}`);
    if (r.truncated) {
      const outer = r.open[0] ?? { char: raw[0], offset: 0 };
      const still = r.open.map((o) => `${o.char} at line ${lineOfOffset(o.offset)}`).join(', ');
      return { ...block, reason: `truncated: unclosed ${outer.char} opened at line ${lineOfOffset(outer.offset)}`, detail: `${reason} (line ${block.endLine}); still open: ${still || 'none'}` };
    }
    const at = pos(r.offset);
    return { ...block, reason: `${reason} (line ${at.line}, column ${at.col})`, detail: `the block cannot be read as JSON from line ${at.line} on` };
  }
  if (r.node.kind !== 'object') {
    return { ...block, reason: 'a JSON array, not an object: a payload sample must be an object', detail: `an array of ${r.node.kind === 'array' ? r.node.items.length : 0} item(s)` };
  }
  const repairs = r.repairs.map((x) => ({ ...pos(x.offset), kind: x.kind, detail: x.detail }));
  const notes = r.notes.map((x) => ({ ...pos(x.offset), detail: x.detail }));
  const sample = (repairs.length ? r.text : raw.slice(0, r.node.end)) + '\n';
  try {
    JSON.parse(sample);
  } catch {
    // a repair the parser believed in did not produce JSON: say so instead of writing it
    const e = scanJsonError(sample);
    return { ...block, reason: `could not be repaired: ${e?.reason ?? 'the result is not JSON'}`, detail: `repairs tried: ${repairs.map((x) => x.detail).join('; ')}` };
  }
  return { ...block, status: repairs.length ? 'repaired' : 'verbatim', repairs, notes, sample };
}

const NAME_LINE = /^[A-Z][A-Za-z0-9]*(?:[ _-]?[A-Z][A-Za-z0-9]*){0,3}$/;
const NOISE = /\b(payloads?|examples?|samples?|webhooks?|events?|json|objects?|models?|resources?|body|bodies|request|response|the|an?|of|for|data|schema|sent|format)\b/gi;

/** A model name from a resource line (`CollectionPublication`) or a short heading (`Order payload`). */
function nameFrom(it: Item): string | undefined {
  if (it.kind === 'text' && NAME_LINE.test(it.text) && it.text.split(/\s+/).length <= 4) return pascalCase(it.text);
  if (it.kind === 'heading') {
    const words = it.text.replace(/[`*_:]/g, ' ').replace(NOISE, ' ').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0 || words.length > 3 || !words.every((w) => /^[A-Za-z][A-Za-z0-9]*$/.test(w))) return undefined;
    words[words.length - 1] = singular(words[words.length - 1]);
    return pascalCase(words.join(' '));
  }
  return undefined;
}

/**
 * Pairs blocks with topics where the page does: a table row holding the sample; the line
 * right above (a topic list, optionally under a resource line such as `Cart`); the section
 * heading; a block right after a paired block (a second sample of the same payload); or,
 * for a block under a resource name with no topic of its own, the topics of that resource
 * that have no sample.
 */
function pairBlocks(blocks: Block[], items: readonly Item[], ex: Extraction): void {
  const byItem = new Map<number, Block[]>();
  for (const b of blocks) byItem.set(b.item, [...(byItem.get(b.item) ?? []), b]);
  /** blocks with a name but no topic, for the resource-name pass */
  const named: Block[] = [];
  /** block → the line naming its topics */
  const pairingLines = new Map<Block, number>();
  const known = (list: string[]) => {
    for (const t of list) if (!ex.topics.has(t)) ex.topics.set(t, { topic: t, line: 0, via: 'sample', strength: 1, mentions: [] });
    return list;
  };
  for (const b of blocks) {
    if (b.inline) {
      b.pairedBy = 'table row';
      b.context = `the table row of ${b.topics.join(', ')}`;
      continue;
    }
    // a second block in the same fence, or a block right after a paired one
    const sameItem = byItem.get(b.item) ?? [];
    const prevInItem: Block | undefined = sameItem[sameItem.indexOf(b) - 1];
    let k = b.item - 1;
    while (k >= 0 && items[k].kind === 'blank') k--;
    const prev = prevInItem ?? (k >= 0 && items[k].kind === 'code' ? (byItem.get(k) ?? []).at(-1) : undefined);
    if (prev) {
      if (prev.topics.length) {
        b.topics = [...prev.topics];
        b.model = prev.model;
        b.pairedBy = 'previous block';
      }
      b.context = prev.context;
      continue;
    }
    const above: { item: Item; idx: number }[] = [];
    for (let j = b.item - 1; j >= 0 && above.length < 6; j--) {
      const it = items[j];
      if (it.kind === 'blank') continue;
      if (it.kind === 'code') break;
      above.push({ item: it, idx: j });
      if (it.kind === 'heading' || it.kind === 'table') break;
    }
    const first = above[0];
    b.context = first ? contextText(first.item) : undefined;
    if (!first) continue;
    let topics: string[] = [];
    let name: string | undefined;
    let by: BlockReport['pairedBy'] = 'line above';
    /** the line that names the topics */
    let topicLine: number | undefined;
    const tokensOf = (a: { item: Item; idx: number }): string[] => {
      topicLine = a.item.line;
      if (a.item.kind === 'table') return a.item.rows.length === 1 ? ex.itemTopics.get(a.idx) ?? [] : [];
      return ex.itemTopics.get(a.idx) ?? mentionAbove(a.item);
    };
    topics = tokensOf(first);
    if (topics.length) {
      const second = above[1];
      if (second && first.item.kind !== 'heading') name = nameFrom(second.item);
    } else if ((name = nameFrom(first.item))) {
      if (first.item.kind === 'heading') by = 'heading';
      else if (above[1]) {
        topics = tokensOf(above[1]);
        if (above[1].item.kind === 'heading' && topics.length) by = 'heading';
      }
    } else {
      // prose right above: the section heading decides
      const heading = above.find((a) => a.item.kind === 'heading');
      if (heading) {
        topics = ex.itemTopics.get(heading.idx) ?? [];
        topicLine = heading.item.line;
        name = topics.length ? undefined : nameFrom(heading.item);
        by = 'heading';
      }
    }
    if (topics.length) {
      b.topics = known(topics);
      b.model = name ?? modelNameOf(topics[0]);
      b.pairedBy = by;
      if (topicLine) pairingLines.set(b, topicLine);
    } else if (name) {
      b.model = name;
      named.push(b);
    }
  }
  // blocks under a resource name: the topics of that resource that have no sample yet
  const hasSample = new Set(blocks.filter((b) => b.status !== 'skipped' && b.topics.length).flatMap((b) => b.topics));
  for (const b of named) {
    const topics = [...ex.topics.keys()].filter((t) => !hasSample.has(t) && modelNameOf(t) === b.model);
    if (topics.length) {
      b.topics = topics;
      b.pairedBy = 'resource name';
    }
  }
  for (const b of blocks) if (b.topics.length && !b.model) b.model = modelNameOf(b.topics[0]);
  // a topic's strongest mention is the line that pairs it with its sample
  for (const b of blocks) {
    b.topics.forEach((t, i) => {
      const info = ex.topics.get(t);
      const line = pairingLines.get(b);
      // (it moves a topic up only: a topic listed earlier keeps its place)
      if (info && line !== undefined && info.strength < 3 && line < info.line) Object.assign(info, { line, strength: 3, seq: i });
      else if (info && info.line === 0) Object.assign(info, { line: b.line, via: 'sample' });
    });
  }
  const ordered = [...ex.topics.values()].sort(byLine);
  ex.topics.clear();
  for (const t of ordered) ex.topics.set(t.topic, t);
}

/**
 * A single `resource/action` mentioned in the line right above a block that introduces it
 * ("Payload of `widgets/create`:", "Example widgets/create body").
 */
function mentionAbove(it: Item): string[] {
  if (it.kind !== 'text' && it.kind !== 'bullet') return [];
  if (!/:\s*$|\b(payload|example|sample|body)\b/i.test(it.text)) return [];
  const l = listTokens(it.text);
  const tokens = l.tokens.length ? l.tokens : findTokens(it.text.replace(/[`"*]/g, ' ')).map((f) => f.token);
  return tokens.filter((t) => tokenKind(t) !== 'snake');
}

function contextText(it: Item): string {
  const t = it.kind === 'table' ? `a table (line ${it.line})` : 'text' in it ? it.text : '';
  return t.length > 70 ? `${t.slice(0, 67)}...` : t;
}
