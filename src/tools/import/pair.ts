/**
 * Pairing: which topics each JSON block of a page is the payload of, read from the page's
 * structure. In order of strength:
 * - a table row holding the sample;
 * - a block right after a paired block (a second sample of the same payload);
 * - the line right above it: a topic list (optionally under a resource line such as `Cart`),
 *   or a line that introduces it ("Payload for `widgets/create`:");
 * - the whole bullet list right above it, or right above its introducing line ("Payload
 *   objects with the following scopes take the form that follows:"): one sample, every
 *   topic of the list;
 * - the heading hierarchy: the nearest enclosing heading that names a topic (as a token, or
 *   as a title such as "Invoice paid" for `invoice.paid`), or whose section mentions exactly
 *   one topic; a generic heading ("Example JSON Payload") passes on to its parent;
 * - for a block under a resource name with no topic of its own, the topics of that resource
 *   that have no sample (a guess: the report and provider.yaml's `unconfirmed` say so).
 * The body field that names the topic (envelope.ts) pairs what is left, in import.ts.
 */
import { pascalCase, singular } from '../../util/naming.js';
import { byLine, findTokens, listTokens, modelNameOf, sharedPrefixSegments, tokenKind } from './topics.js';
import type { Block } from './blocks.js';
import type { Item } from './document.js';
import type { Extraction } from './topics.js';
import type { BlockReport } from './types.js';

const NAME_LINE = /^[A-Z][A-Za-z0-9]*(?:[ _-]?[A-Z][A-Za-z0-9]*){0,3}$/;
const NOISE = /\b(payloads?|examples?|samples?|webhooks?|events?|json|objects?|models?|resources?|body|bodies|contents?|request|response|the|an?|of|for|data|schema|sent|format)\b/gi;
/** a line that says the block below is shared by the topics listed with it */
const SHARED_INTRO = /\b(following|these|those|each of|all of|above|below|listed)\b/i;
const MAX_SECTION_ITEMS = 200;
/** a heading of an API section: a method and path, "Response", "Endpoints", "HTTP request", "Create a webhook", "List all hooks", "Batch update ..." */
const API_HEADING = /\b(GET|POST|PUT|PATCH|DELETE)\s+\/|\b(responses?|endpoints?|API reference|HTTP requests?)\b|^\W*(?:(?:create|retrieve|get|list|update|delete|remove|modify)\s+(?:a|an|all|the)\s|batch\s+(?:create|update|delete)\b)/i;
const FORM_WORD = /\b(forms?|payloads?|bod(?:y|ies)|shapes?|structures?|looks?|samples?|examples?|objects?|formats?)\b/i;

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

/** Letters and digits only, lower case: `Invoice payment failed` and `invoice.paymentFailed` meet. */
export function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The one topic a heading's title spells (`Invoice paid` → `invoice.paid`, `Cart converted` →
 * `store/cart/converted`): the title, letters and digits only, equals the topic or the last
 * two or more of its segments. Undefined when none or several topics match.
 */
function titleTopic(text: string, topics: readonly string[]): string | undefined {
  const title = squash(text.replace(/\b(event|webhook|topic|scope|notification)s?\b/gi, ''));
  if (title.length < 4) return undefined;
  const hits = topics.filter((t) => {
    const segs = t.split(/[/._]/);
    for (let k = 0; k <= segs.length - 2; k++) if (squash(segs.slice(k).join('')) === title) return true;
    return false;
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** The headings that enclose item `idx`, nearest first, each of a higher rank than the one before. */
function enclosingHeadings(items: readonly Item[], idx: number): { item: Extract<Item, { kind: 'heading' }>; idx: number }[] {
  const out: { item: Extract<Item, { kind: 'heading' }>; idx: number }[] = [];
  let level = Infinity;
  for (let j = idx - 1; j >= 0 && level > 1; j--) {
    const it = items[j];
    if (it.kind === 'heading' && it.level < level) {
      out.push({ item: it, idx: j });
      level = it.level;
    }
  }
  return out;
}

/** Every topic of the bullet list that item `idx` is in (blank lines between bullets allowed), in list order. */
function bulletListTopics(items: readonly Item[], idx: number, ex: Extraction): string[] {
  const isBullet = (k: number) => items[k]?.kind === 'bullet';
  const inList = (k: number) => isBullet(k) || (items[k]?.kind === 'blank' && isBullet(k - 1) && isBullet(k + 1));
  let lo = idx;
  let hi = idx;
  while (lo - 1 >= 0 && inList(lo - 1)) lo--;
  while (hi + 1 < items.length && inList(hi + 1)) hi++;
  const out: string[] = [];
  for (let k = lo; k <= hi; k++) for (const t of ex.itemTopics.get(k) ?? []) if (!out.includes(t)) out.push(t);
  return out;
}

/**
 * Pairs every block with topics (see the module comment). Sets `topics`, `pairedBy`,
 * `context` and, where the page names the payload (a resource line, a heading), `model`.
 */
export function pairBlocks(blocks: Block[], items: readonly Item[], ex: Extraction): void {
  const byItem = new Map<number, Block[]>();
  for (const b of blocks) byItem.set(b.item, [...(byItem.get(b.item) ?? []), b]);
  /** blocks with a name but no topic, for the resource-name pass */
  const named: Block[] = [];
  /** of those, the ones named after an enclosing section's heading, not the line or heading right above */
  const sectionNamed = new Set<Block>();
  /** block → the line naming its topics */
  const pairingLines = new Map<Block, number>();
  const known = (list: string[]) => {
    for (const t of list) if (!ex.topics.has(t)) ex.topics.set(t, { topic: t, line: 0, via: 'sample', strength: 1, mentions: [] });
    return list;
  };
  const listed = [...ex.topics.keys()];
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
        if (prev.model) b.model = prev.model;
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
    if (first) {
      topics = tokensOf(first);
      if (topics.length && first.item.kind === 'bullet') {
        // the whole list shares the block, not only its last bullet
        topics = bulletListTopics(items, first.idx, ex);
        by = 'bullet list';
      } else if (topics.length) {
        const second = above[1];
        if (second && first.item.kind !== 'heading') name = nameFrom(second.item);
      } else if ((name = nameFrom(first.item))) {
        if (first.item.kind === 'heading') by = 'heading';
        else if (above[1]) {
          topics = tokensOf(above[1]);
          if (above[1].item.kind === 'heading' && topics.length) by = 'heading';
        }
      } else if (first.item.kind === 'text' && above[1]?.item.kind === 'bullet' && (/:\s*$/.test(first.item.text) || FORM_WORD.test(first.item.text))) {
        // "...take the form that follows:" below the list
        topics = bulletListTopics(items, above[1].idx, ex);
        topicLine = above[1].item.line;
        by = 'bullet list';
      } else if (first.item.kind === 'table' && first.item.rows.length > 1 && sharedIntro(items, first.idx)) {
        // a table of topics right above the block, introduced as sharing it
        topics = ex.itemTopics.get(first.idx) ?? [];
        topicLine = first.item.line;
        by = 'table row';
      }
    }
    if (topics.length === 0) {
      const h = fromHeadings(items, b.item, ex, listed);
      if (h.topics.length) {
        topics = h.topics;
        topicLine = h.line;
        by = h.by;
        name = undefined;
      } else if (!name && h.name) {
        name = h.name;
        sectionNamed.add(b);
      }
    }
    if (topics.length) {
      b.topics = known(topics);
      if (name) b.model = name;
      b.pairedBy = by;
      if (topicLine) pairingLines.set(b, topicLine);
    } else if (name) {
      b.model = name;
      named.push(b);
    }
  }
  // blocks under a resource name: the topics of that resource that have no sample yet
  const hasSample = new Set(blocks.filter((b) => b.status !== 'skipped' && b.topics.length).flatMap((b) => b.topics));
  const strip = sharedPrefixSegments([...ex.topics.keys()]);
  for (const b of named) {
    const topics = [...ex.topics.keys()].filter((t) => !hasSample.has(t) && modelNameOf(t, strip) === b.model);
    if (topics.length) {
      b.topics = topics;
      b.pairedBy = 'resource name';
    } else if (sectionNamed.has(b)) {
      // a section's title ("Event ingestion", "Subscriptions and fees") groups several payloads:
      // a block paired later (by its body field) is named after its topic instead
      b.model = undefined;
    }
  }
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
 * True when a block sits in an API section of the page (its nearest enclosing headings reach a
 * `POST /hooks`, "Response" or "Endpoints" heading before one that names a topic): it is a
 * request or a response of the provider's API, not a webhook payload.
 */
export function inApiSection(items: readonly Item[], blockItem: number, ex: Extraction): boolean {
  for (const h of enclosingHeadings(items, blockItem)) {
    if (API_HEADING.test(h.item.text)) return true;
    if (ex.itemTopics.get(h.idx)?.length) return false;
  }
  return false;
}

/** True when the text line right above a table says that what follows is shared ("the following ... take the form"). */
function sharedIntro(items: readonly Item[], idx: number): boolean {
  for (let j = idx - 1; j >= 0; j--) {
    const it = items[j];
    if (it.kind === 'blank') continue;
    return it.kind === 'text' && SHARED_INTRO.test(it.text) && FORM_WORD.test(it.text);
  }
  return false;
}

/**
 * Walks up the headings that enclose a block: the first one that names a topic (a token, or
 * a title that spells one), or whose section up to the block mentions exactly one listed
 * topic, pairs it. A section that mentions several topics ends the walk (it is ambiguous).
 * `name` is the nearest heading that names a resource, for the resource-name pass.
 */
function fromHeadings(items: readonly Item[], blockItem: number, ex: Extraction, listed: readonly string[]): { topics: string[]; line?: number; by: BlockReport['pairedBy']; name?: string } {
  let name: string | undefined;
  const listedSet = new Set(listed);
  for (const h of enclosingHeadings(items, blockItem)) {
    // an API section (`POST /hooks`, "Response", "Endpoints") holds requests and responses, not payloads
    if (API_HEADING.test(h.item.text)) return { topics: [], by: 'heading', name };
    const own = ex.itemTopics.get(h.idx);
    if (own?.length) return { topics: own, line: h.item.line, by: 'heading' };
    const title = titleTopic(h.item.text, listed);
    if (title) return { topics: [title], line: h.item.line, by: 'heading' };
    const mentioned = new Set<string>();
    // (a section longer than this is no single event's section: its prose is not read, which bounds the work per block)
    for (let j = blockItem - h.idx > MAX_SECTION_ITEMS ? blockItem : h.idx + 1; j < blockItem; j++) {
      const it = items[j];
      if (it.kind !== 'text' && it.kind !== 'bullet' && it.kind !== 'heading') continue;
      for (const f of findTokens(it.text.replace(/[`"*]/g, ' '))) if (listedSet.has(f.token)) mentioned.add(f.token);
    }
    if (mentioned.size === 1) return { topics: [...mentioned], line: h.item.line, by: 'section' };
    if (mentioned.size > 1) return { topics: [], by: 'heading', name };
    name ??= nameFrom(h.item);
  }
  return { topics: [], by: 'heading', name };
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
