/**
 * Topic (event) names in a page: `resource/action`, `resource.action` and `snake_case_event`
 * tokens, read from tables (Markdown, HTML, tab-separated and the "glued" tables of copied
 * pages), bullet lists, lines that are comma lists, and comma lists inside prose. A snake_case
 * token looks like any field name, so it counts only in an event table, or in a list of two
 * or more near a mention of events, topics or (web)hooks.
 */
import { pascalCase, singular } from '../../util/naming.js';
import type { Item, Span, TableRow } from './document.js';

export interface TopicInfo {
  topic: string;
  /** where the strongest mention is */
  line: number;
  via: 'table' | 'bullet' | 'list' | 'prose' | 'heading' | 'line' | 'sample';
  /** 3 table row / line above a sample, 2 list, 1 a lone mention */
  strength: number;
  /** from a table's description column */
  description?: string;
  /** from a table's payload column, verbatim */
  payloadProse?: string;
  /** every line it appears on */
  mentions: number[];
  /** order of the strongest mention (ties on one line) */
  seq?: number;
}

/** A table cell holding a JSON sample. */
export interface InlineSample {
  /** index of the table item */
  item: number;
  line: number;
  span: Span;
  /** the row's topics */
  topics: string[];
}

export type TokenKind = 'slash' | 'dot' | 'snake';

/** What a table row adds to a topic besides its name. */
interface TopicExtra {
  description?: string;
  payloadProse?: string;
}

type AddTopic = (topic: string, line: number, via: TopicInfo['via'], strength: number, extra?: TopicExtra) => void;

/** one segment of a slash or dot name: lower-case start, then any case (`couponApplied`), `_` or `-` inside */
const SEG = String.raw`[a-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*`;
const TOKEN = new RegExp(
  String.raw`(?<![\w/.@:=?&#%$~\\-])(${SEG}(?:\/${SEG})+|${SEG}(?:\.${SEG})+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w/(@\\-]|\.[A-Za-z0-9])`,
  'g',
);
/** a subscription pattern such as `store/cart/*`: it names several topics, a delivery never carries it */
const WILDCARD = new RegExp(String.raw`(?<![\w/.@:=?&#%$~\\-])((?:${SEG}[/.])+\*)(?![\w/.*])`, 'g');
/** last segments of dotted names that are files or hosts, not actions */
const NOT_ACTIONS = new Set('json html htm xml js mjs cjs ts md txt yaml yml php py rb css png jpg jpeg gif svg pdf csv zip gz tar exe com org net io co dev info biz us uk de fr ca au edu gov me app ly'.split(' '));
/** first segments of slash pairs that are MIME types or words, not resources */
const NOT_RESOURCES = new Set('application text image audio video multipart font message model and or either true false yes no on off http https input output read write he she his her they their'.split(' '));
const EVENT_WORD = /\b(events?|topics?|webhooks?|hooks?|triggers?|notifications?|callbacks?)\b/i;
/** what may stand between two topics of a list: `,` `;` `&` `|` `and` `or`, or a dash between spaces (`a/created - a/updated`) */
const SEPARATOR = /^\s*(?:,|;|&|\||,?\s*\b(?:and|or)\b|\s[-\u2013\u2014])\s*$/i;
/** the words after a list of snake_case names that make it a list of fields ("the `source_id` and `source_type` arguments") */
const FIELD_NOUN = /^(?:arguments?|fields?|parameters?|params?|attributes?|properties|property|keys?|columns?|values?|members?|properties)\b/i;

export function tokenKind(t: string): TokenKind {
  return t.includes('/') ? 'slash' : t.includes('.') ? 'dot' : 'snake';
}

function validToken(t: string): boolean {
  const kind = tokenKind(t);
  if (kind === 'snake') return t.split('_').every((s) => s.length >= 1) && t.length >= 5;
  const segs = t.split(kind === 'slash' ? '/' : '.');
  if (segs.some((s) => s.length < 2)) return false;
  if (kind === 'dot' && NOT_ACTIONS.has(segs[segs.length - 1])) return false;
  if (kind === 'slash' && NOT_RESOURCES.has(segs[0])) return false;
  return true;
}

/** Subscription patterns (`store/cart/*`) in a string. */
export function findWildcards(s: string): string[] {
  return [...s.matchAll(WILDCARD)].map((m) => m[1]).filter((w) => !NOT_RESOURCES.has(w.split(/[/.]/)[0]));
}

/** Topic-like tokens in a string, with their positions. */
export function findTokens(s: string): { token: string; index: number }[] {
  return [...s.matchAll(TOKEN)].filter((m) => validToken(m[1])).map((m) => ({ token: m[1], index: m.index ?? 0 }));
}

/** Backticks, emphasis, quotes and parentheticals removed (so `a` (x), "b" reads as a, b). */
function clean(s: string): string {
  let out = s.replace(/[`*\u201c\u201d\u2018\u2019"]/g, '').replace(/(^|[\s,(:])'([^']*)'(?=$|[\s,.;:)])/g, '$1$2');
  for (let k = 0; k < 3; k++) out = out.replace(/\s*\([^()]*\)/g, '');
  return out;
}

/**
 * The topic tokens a line lists.
 * - whole: the line is nothing but tokens and separators (`carts/create, carts/update`),
 *   optionally after a label (`Valid topics are: a, b`);
 * - runs: two or more tokens in a row separated only by `,` `;` `and` `or` (inside prose).
 */
export function listTokens(s: string): { tokens: string[]; whole: boolean; label: string } {
  const cleaned = clean(s).trim();
  const found = findTokens(cleaned);
  if (found.length === 0) return { tokens: [], whole: false, label: '' };
  const colon = cleaned.lastIndexOf(':', found[0].index);
  const label = colon >= 0 ? cleaned.slice(0, colon) : '';
  const body = colon >= 0 ? cleaned.slice(colon + 1) : cleaned;
  let rest = body;
  for (const f of [...findTokens(body)].reverse()) rest = rest.slice(0, f.index) + ' ' + rest.slice(f.index + f.token.length);
  const whole = rest.replace(/[,;&|]|\b(?:and|or)\b|\s[-\u2013\u2014](?=\s)/gi, ' ').replace(/[.:]\s*$/, '').trim() === '';
  if (whole && (label === '' || found.length >= 2 || EVENT_WORD.test(label))) return { tokens: found.map((f) => f.token), whole: true, label };
  const tokens: string[] = [];
  let run: typeof found = [];
  // a run counts only when it is the whole comma list: `enabled, created_at, store_id, url`
  // lists fields, not events
  const endRun = () => {
    if (run.length >= 2) {
      const last = run[run.length - 1];
      const before = cleaned.slice(0, run[0].index).trimEnd();
      const after = cleaned.slice(last.index + last.token.length).trimStart();
      // ... and a list of snake_case names followed by "arguments", "fields" ... names fields
      const fields = run.every((r) => tokenKind(r.token) === 'snake') && FIELD_NOUN.test(after);
      if (!fields && !before.endsWith(',') && !(after.startsWith(',') && !/^,\s*(etc\b|and so on|\.\.\.|\u2026)/.test(after))) tokens.push(...run.map((r) => r.token));
    }
    run = [];
  };
  for (const f of found) {
    const prev = run[run.length - 1];
    if (prev && !SEPARATOR.test(cleaned.slice(prev.index + prev.token.length, f.index))) endRun();
    run.push(f);
  }
  endRun();
  return { tokens, whole: false, label };
}

/** `widgets/create` → `widgets`; `invoice.payment_failed` → `invoice`; `widget_renew_failed` → `widget`. */
export function resourceOf(topic: string): string {
  const kind = tokenKind(topic);
  if (kind === 'slash') return topic.slice(0, topic.lastIndexOf('/'));
  if (kind === 'dot') return topic.slice(0, topic.lastIndexOf('.'));
  return topic.split('_')[0];
}

/**
 * The model name a topic's resource suggests: `widgets/create` → `Widget`,
 * `store/cart/lineItem/created` → `StoreCartLineItem` (with `strip` 1: `CartLineItem`).
 * @param strip leading segments to leave out (a prefix every topic of the page shares)
 */
export function modelNameOf(topic: string, strip = 0): string {
  const res = resourceOf(topic);
  const parts = res.split(/[/.]/);
  const kept = parts.length > strip ? parts.slice(strip) : parts.slice(-1);
  kept[kept.length - 1] = singular(kept[kept.length - 1]);
  const name = pascalCase(kept.join('_'));
  return /^[A-Z]/.test(name) ? name : `Model${name}`;
}

/**
 * How many leading segments every topic shares and model names may leave out: 1 when every
 * topic is a slash or dot name of three or more segments starting with the same one
 * (`store/order/created`, `store/cart/updated`), else 0.
 */
export function sharedPrefixSegments(topics: readonly string[]): number {
  if (topics.length < 2) return 0;
  const kind = tokenKind(topics[0]);
  if (kind === 'snake' || !topics.every((t) => tokenKind(t) === kind)) return 0;
  const sep = kind === 'slash' ? '/' : '.';
  const segs = topics.map((t) => t.split(sep));
  return segs.every((s) => s.length >= 3 && s[0] === segs[0][0]) ? 1 : 0;
}

/**
 * True when an item sits near a mention of events/topics/hooks (the item itself, one of the
 * 12 items before it, or its section heading).
 */
export function eventContext(items: readonly Item[], idx: number): boolean {
  let k = idx;
  for (; k >= 0 && k >= idx - 12; k--) {
    const it = items[k];
    if ((it.kind === 'text' || it.kind === 'heading' || it.kind === 'bullet') && EVENT_WORD.test(it.text)) return true;
    if (it.kind === 'heading' && k < idx) return false;
  }
  for (; k >= 0; k--) {
    const it = items[k];
    if (it.kind === 'heading') return EVENT_WORD.test(it.text);
  }
  return false;
}

export interface Extraction {
  /** in page order of their strongest mention */
  topics: Map<string, TopicInfo>;
  /** item index → the topics that item lists */
  itemTopics: Map<number, string[]>;
  inline: InlineSample[];
  /** names that look like topics but are not taken as topics, with the reason (wildcards, unreadable table cells) */
  skipped: SkippedName[];
  /** every topic-shaped name the page writes anywhere (prose, headings, cells, code) */
  pageTokens: ReadonlySet<string>;
}

/** A name the page lists where topics are listed, not taken as a topic. */
export interface SkippedName {
  text: string;
  line: number;
  reason: string;
}

/** The topics a page names, where, and the samples in table cells. */
export function extractTopics(items: readonly Item[]): Extraction {
  const topics = new Map<string, TopicInfo>();
  const itemTopics = new Map<number, string[]>();
  const inline: InlineSample[] = [];
  const skipped: SkippedName[] = [];
  const wildcardSeen = new Set<string>();
  /** a subscription pattern, reported once (at its first line) */
  const wildcard = (text: string, line: number) => {
    for (const w of findWildcards(text.replace(/[`"\u201c\u201d]/g, ' '))) {
      if (wildcardSeen.has(w)) continue;
      wildcardSeen.add(w);
      skipped.push({ text: w, line, reason: 'a wildcard: it subscribes to every topic under it; a delivery names one concrete topic' });
    }
  };
  // the keys of the page's JSON samples: a snake_case name that is a key there names a field
  // ("the `source_id` and `source_type` arguments"), not an event
  const sampleKeys = new Set<string>();
  // every topic-shaped name the page writes outside its code (prose, headings, cells): a table
  // of resources and their actions is read with the separator these confirm, and a sample's
  // field whose value the page names this way names its topic
  const pageTokens = new Set<string>();
  for (const it of items) {
    const texts = it.kind === 'code' ? [it.span.text] : it.kind === 'table' ? it.rows.flatMap((r) => r.cells.map((c) => c.text)) : 'text' in it ? [it.text] : [];
    for (const t of texts) {
      if (it.kind === 'code') for (const m of t.matchAll(/["']([a-z][a-z0-9]*(?:_[a-z0-9]+)+)["']\s*:/g)) sampleKeys.add(m[1]);
      if (it.kind !== 'code') for (const f of findTokens(t.replace(/[`*"']/g, ' '))) pageTokens.add(f.token);
    }
  }
  let seq = 0;
  const add: AddTopic = (topic, line, via, strength, extra = {}) => {
    const t = topics.get(topic);
    seq++;
    if (!t) {
      topics.set(topic, { topic, line, via, strength, ...extra, mentions: [line], seq });
      return;
    }
    if (!t.mentions.includes(line)) t.mentions.push(line);
    if (strength > t.strength) Object.assign(t, { line, via, strength, seq });
    if (extra.description && !t.description) t.description = extra.description;
    if (extra.payloadProse && !t.payloadProse) t.payloadProse = extra.payloadProse;
  };

  /** consecutive bullets that are each just a token: index → size of that list */
  const bulletRun = new Map<number, number>();
  for (let i = 0; i < items.length; ) {
    if (items[i].kind !== 'bullet') {
      i++;
      continue;
    }
    let j = i;
    let pure = 0;
    while (j < items.length && (items[j].kind === 'bullet' || (items[j].kind === 'blank' && items[j + 1]?.kind === 'bullet'))) {
      const it = items[j];
      if (it.kind === 'bullet' && bulletToken(it.text)) pure++;
      j++;
    }
    for (let k = i; k < j; k++) bulletRun.set(k, pure);
    i = j;
  }

  items.forEach((it, idx) => {
    if (it.kind === 'table') {
      tableTopics(items, idx, add, itemTopics, inline, skipped, pageTokens);
      for (const row of it.rows) for (const c of row.cells) wildcard(c.text, row.line);
      return;
    }
    if (it.kind !== 'text' && it.kind !== 'bullet' && it.kind !== 'heading') return;
    wildcard(it.text, it.line);
    let found: string[] = [];
    let strength = 2;
    let via: TopicInfo['via'] = it.kind === 'heading' ? 'heading' : it.kind === 'bullet' ? 'bullet' : 'list';
    let description: string | undefined;
    if (it.kind === 'bullet') {
      const b = bulletToken(it.text);
      if (b && (tokenKind(b.token) !== 'snake' || ((bulletRun.get(idx) ?? 0) >= 2 && eventContext(items, idx)))) {
        found = [b.token];
        description = b.description;
      }
    }
    if (found.length === 0) {
      const l = listTokens(it.text);
      if (l.tokens.length === 0) return;
      const snakeOk = l.tokens.length >= 2 && eventContext(items, idx);
      found = l.tokens.filter((t) => tokenKind(t) !== 'snake' || (snakeOk && !sampleKeys.has(t)));
      if (it.kind === 'heading' && !l.whole) found = [];
      if (it.kind === 'text') via = l.whole ? (found.length === 1 ? 'line' : 'list') : 'prose';
      // one token after a label (`X-Acme-Topic: widgets/create`) or alone on a line is a mention
      if (it.kind !== 'heading' && found.length === 1) strength = 1;
    }
    if (found.length === 0) return;
    itemTopics.set(idx, found);
    for (const t of found) add(t, it.line, via, strength, description ? { description } : {});
  });
  const ordered = [...topics.values()].sort(byLine);
  skipped.sort((a, b) => a.line - b.line);
  return { topics: new Map(ordered.map((t) => [t.topic, t])), itemTopics, inline, skipped, pageTokens };
}

/** Page order of topics' strongest mentions. */
export function byLine(a: TopicInfo, b: TopicInfo): number {
  return a.line - b.line || (a.seq ?? 0) - (b.seq ?? 0);
}

/** A resource cell of a table row: one or two words (`Order`, `Price list`). */
const RESOURCE_CELL = /^[A-Za-z][a-z]*(?: [A-Za-z][a-z]*)?$/;
/** An action list of a topic cell: lower-case words joined by `/`, `,`, `|`, ` - ` or `and` (`created/updated/deleted`). */
const ACTION_LIST = /^[a-z][a-z_]*(?:\s*(?:[/,|]|\s-\s|\band\b)\s*[a-z][a-z_]*)*$/;
const ACTION_SEPARATORS = ['/', '.', ':', '_'] as const;

/**
 * A table that lists each resource with its actions (`Order | created/updated/paid`): the
 * topics are the resource and each action, joined by the separator the page's own topic names
 * use (`widget/created` elsewhere on the page confirms `/`). Undefined when the table is not of
 * this form, or no name on the page confirms a separator (then its cells are read as they are).
 */
function resourceActions(table: Extract<Item, { kind: 'table' }>, col: number, pageTokens: ReadonlySet<string>): Map<TableRow, string[]> | undefined {
  const rows: { row: TableRow; resource: string; actions: string[] }[] = [];
  for (const row of table.rows) {
    const cell = (row.cells[col]?.text ?? '').replace(/[`*]/g, '').trim();
    if (!ACTION_LIST.test(cell)) continue;
    const res = row.cells.find((c, k) => k !== col && RESOURCE_CELL.test(c.text.replace(/[`*]/g, '').trim()));
    if (!res) continue;
    const resource = res.text.replace(/[`*]/g, '').trim().toLowerCase().replace(/ /g, '_');
    rows.push({ row, resource, actions: cell.split(/\s*(?:[/,|]|\s-\s|\band\b)\s*/).filter(Boolean) });
  }
  if (rows.length === 0) return undefined;
  let best: { sep: string; hits: number } | undefined;
  for (const sep of ACTION_SEPARATORS) {
    const hits = rows.reduce((n, r) => n + r.actions.filter((a) => pageTokens.has(`${r.resource}${sep}${a}`)).length, 0);
    if (hits > 0 && (!best || hits > best.hits)) best = { sep, hits };
  }
  if (!best) return undefined;
  const sep = best.sep;
  return new Map(rows.map((r) => [r.row, r.actions.map((a) => `${r.resource}${sep}${a}`)]));
}

/**
 * A bullet that is a token, optionally followed by a separator and a description:
 * `widgets/create`, `order.created - An order was placed`.
 */
function bulletToken(text: string): { token: string; description: string | undefined } | undefined {
  const c = text.replace(/[`*"\u201c\u201d]/g, '').trim();
  const m = /^(\S+?)[.,;]?(?:\s*(?:[-\u2013\u2014:|]|=>|\u2192)\s+(.*))?$/.exec(c);
  if (!m) return undefined;
  const tokens = findTokens(m[1]);
  if (tokens.length !== 1 || tokens[0].token !== m[1]) return undefined;
  return { token: m[1], description: m[2]?.trim() || undefined };
}

/**
 * Topics from a table: the topic column is the one whose header names events or topics, or,
 * failing that, the first column where most cells are `resource/action` or `resource.action`.
 */
function tableTopics(items: readonly Item[], idx: number, add: AddTopic, itemTopics: Map<number, string[]>, inline: InlineSample[], skipped: SkippedName[], pageTokens: ReadonlySet<string>): void {
  const table = items[idx];
  if (table.kind !== 'table' || table.rows.length === 0) return;
  const width = Math.max(table.header.length, ...table.rows.map((r) => r.cells.length));
  let col = table.header.findIndex((h) => EVENT_WORD.test(h) && !/descr|payload|model|sample|example|body|when|meaning/i.test(h));
  const byHeader = col >= 0;
  // a "Scope" column lists topics on some pages and OAuth scopes (`read_orders`) on others:
  // it names the topic column, but its snake_case names are not taken
  const scopeCol = byHeader ? -1 : table.header.findIndex((h) => /\bscopes?\b/i.test(h));
  if (scopeCol >= 0) col = scopeCol;
  const snakeOk = byHeader;
  if (col < 0) {
    for (let c = 0; c < width && col < 0; c++) {
      const hits = table.rows.filter((r) => {
        const text = r.cells[c]?.text ?? '';
        const l = listTokens(text);
        // a wildcard (`store/cart/*`) is a row of the topic column too
        return (l.whole && l.tokens.some((t) => tokenKind(t) !== 'snake')) || findWildcards(text.replace(/`/g, ' ')).length > 0;
      }).length;
      if (hits >= Math.max(1, Math.ceil(table.rows.length * 0.6))) col = c;
    }
  }
  if (col < 0) return;
  const descCol = table.header.findIndex((h, c) => c !== col && /descr|meaning|summary|explanation|details|when/i.test(h));
  const payloadCol = table.header.findIndex((h, c) => c !== col && c !== descCol && /payload|model|body|sample|example|data|object|resource/i.test(h));
  const all: string[] = [];
  /** cells of the topic column that are not topic names; reported when the column holds topics at all */
  const odd: SkippedName[] = [];
  const actions = resourceActions(table, col, pageTokens);
  for (const row of table.rows) {
    const cell = row.cells[col]?.text ?? '';
    const l = listTokens(cell);
    const tokens = actions?.get(row) ?? (l.whole ? l.tokens : []).filter((t) => snakeOk || tokenKind(t) !== 'snake');
    if (tokens.length === 0) {
      // a cell of the topic column that is not a topic name: say so, unless it is a wildcard (reported as one)
      const text = cell.replace(/[`*]/g, '').trim();
      if ((byHeader || scopeCol >= 0 || /^[\w./-]+$/.test(text)) && text !== '' && findWildcards(cell.replace(/`/g, ' ')).length === 0) {
        odd.push({ text: text.length > 60 ? `${text.slice(0, 57)}...` : text, line: row.line, reason: `in the topic column "${table.header[col]}", but not read as a topic name (expected resource/action, resource.action or snake_case)` });
      }
      continue;
    }
    const description = descCol >= 0 ? row.cells[descCol]?.text.trim() || undefined : undefined;
    const payloadCell = payloadCol >= 0 ? row.cells[payloadCol] : undefined;
    const payloadProse = payloadCell?.text.trim() || undefined;
    for (const t of tokens) add(t, row.line, 'table', 3, { ...(description ? { description } : {}), ...(payloadProse ? { payloadProse } : {}) });
    all.push(...tokens);
    // a payload cell that is itself a JSON sample (`{'theme_name': ...}`)
    for (const c of payloadCell ? [payloadCell] : row.cells.filter((_, k) => k !== col && k !== descCol)) {
      // the whole cell, or a `code span` in it, that reads as a JSON object or array
      const whole = /^\s*([{[][\s\S]*[}\]])\s*$/.exec(c.text);
      const code = /`\s*([{[][^`]*[}\]])\s*`/.exec(c.text);
      const m = whole ?? code;
      if (m) {
        const offset = (m.index ?? 0) + m[0].indexOf(m[1]);
        inline.push({ item: idx, line: row.line, span: { text: m[1], at: (k) => c.at(offset + k) }, topics: tokens });
        break;
      }
    }
  }
  if (all.length) {
    itemTopics.set(idx, all);
    skipped.push(...odd);
  }
}
