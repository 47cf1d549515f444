/**
 * Envelope and topic-field detection: whether a page's samples are a uniform wrapper around
 * the varying payload, and which body field names the topic.
 *
 * - topic field: a string member (at the top, or one level down outside the payload) present
 *   in every sample whose value is a topic the page lists (or the topic the sample is paired
 *   with, or a name the page writes elsewhere, or at least a topic-shaped name) in every sample;
 *   or, where the page lists none of them, a member named as topic fields are (`webhook_type`,
 *   `event`, ...) whose values are distinct topic-shaped names in two or more samples: the
 *   samples are then where the page's topics are;
 * - payload member: a member present in every sample that holds an object or array, named as
 *   payloads usually are (`data`, `payload`, `object`, ...), or else the only such member when
 *   its shape varies from sample to sample; inside it, a payload-named member that holds an
 *   object or array in every sample is followed (`data.object`, `data.payload` beside
 *   `data.event`), and the topic field may sit beside it;
 * - envelope: a payload member, and either a topic field outside it or (from two samples on)
 *   the same outer members in every sample, at most {@link MAX_ENVELOPE_FIELDS} of them.
 *
 * Each finding keeps its evidence: how many samples agree, and the page line that names the
 * field, if any. A finding made from one sample that no page line confirms is a guess.
 */
import { escapeToken } from '../../util/pointer.js';
import { findTokens } from './topics.js';
import type { Item } from './document.js';

/** One sample as detection sees it. */
export interface EnvelopeSample {
  value: unknown;
  /** the topics it is paired with (may be empty) */
  topics: readonly string[];
}

/** A body field: its pointer and what says so. */
export interface BodyField {
  /** JSON pointer into the body, e.g. `/scope`, `/meta/event_name`, `/data` */
  pointer: string;
  /** how many samples show it */
  samples: number;
  /** the page line that names it, and its words */
  line?: number;
  evidence?: string;
  /** true when one sample shows it and no page line names it */
  guessed: boolean;
}

export interface EnvelopeFinding extends BodyField {
  /** the members every sample has besides the payload, in the order of the first sample */
  fields: string[];
}

export interface EnvelopeDetection {
  envelope?: EnvelopeFinding;
  topicField?: BodyField;
}

const PAYLOAD_NAMES = ['data', 'payload', 'object', 'resource', 'body', 'record', 'entity', 'content', 'event_data', 'eventData', 'details'];
const TOPIC_NAMES = ['scope', 'topic', 'event', 'event_type', 'eventType', 'event_name', 'eventName', 'type', 'name', 'kind', 'action', 'trigger'];
const MAX_ENVELOPE_FIELDS = 12;
const TOPIC_WORDS = /\b(events?|topics?|scopes?|names?|types?|triggered|kind)\b/i;
const PAYLOAD_WORDS = /\b(holds?|contains?|carries|objects?|resources?|payloads?|data)\b/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A string that reads as one topic name (`widgets/create`, `widget.created`, `widget_created`). */
function topicShaped(s: string): boolean {
  const t = findTokens(s);
  return t.length === 1 && t[0].token === s;
}

/**
 * What the samples say about an envelope and a topic field.
 * @param samples the page's samples that may be webhook bodies (paired ones first)
 * @param listed the topics the page lists
 */
export function detectEnvelope(samples: readonly EnvelopeSample[], listed: ReadonlySet<string>, items: readonly Item[], mentioned: ReadonlySet<string> = new Set()): EnvelopeDetection {
  const objs = samples.filter((s): s is EnvelopeSample & { value: Record<string, unknown> } => isObject(s.value));
  if (objs.length === 0) return {};
  const n = objs.length;
  const lines = pageLines(items);

  // the payload member: in every sample, an object or an array
  const containers = Object.keys(objs[0].value).filter((k) => objs.every((s) => s.value[k] !== null && typeof s.value[k] === 'object'));
  let payloadKey = PAYLOAD_NAMES.find((k) => containers.includes(k));
  if (!payloadKey && containers.length === 1 && n >= 2) {
    const shapes = new Set(objs.map((s) => shapeOf(s.value[containers[0]])));
    if (shapes.size > 1) payloadKey = containers[0];
  }

  // inside the payload member, a payload-named member that holds the payload (`data.payload`
  // beside `data.event`): the payload is there, and the members beside it are the envelope's
  const inner = payloadKey ? innerPayloadKey(objs.map((s) => s.value[payloadKey])) : undefined;
  const payloadPointer = payloadKey ? `/${escapeToken(payloadKey)}${inner ? `/${escapeToken(inner)}` : ''}` : undefined;

  // the topic field: a string in every sample, outside the payload, naming a topic
  const candidates = new Map<string, { name: string; depth: number; values: string[] }>();
  for (const [i, s] of objs.entries()) {
    const seen = new Set<string>();
    const visit = (o: Record<string, unknown>, prefix: string, depth: number) => {
      for (const [k, v] of Object.entries(o)) {
        const pointer = `${prefix}/${escapeToken(k)}`;
        if (typeof v === 'string') {
          seen.add(pointer);
          const c = candidates.get(pointer);
          if (c) c.values.push(v);
          else if (i === 0) candidates.set(pointer, { name: k, depth, values: [v] });
        } else if (depth === 1 && isObject(v) && (k !== payloadKey || inner !== undefined)) visit(v, pointer, 2);
      }
    };
    visit(s.value, '', 1);
    for (const p of [...candidates.keys()]) if (!seen.has(p)) candidates.delete(p);
  }
  let best: { pointer: string; score: number; rank: number; depth: number } | undefined;
  for (const [pointer, c] of candidates) {
    if (c.values.length !== n) continue;
    if (payloadPointer !== undefined && pointer.startsWith(`${payloadPointer}/`)) continue;
    const named = c.values.filter((v, i) => listed.has(v) || objs[i].topics.includes(v) || mentioned.has(v)).length;
    if (!c.values.every((v, i) => listed.has(v) || objs[i].topics.includes(v) || topicShaped(v))) continue;
    // the page lists none of them: the samples name the topics, under a member named for it
    const fromSamples = named === 0 && n >= 2 && new Set(c.values).size >= 2 && TOPIC_KEY.test(c.name);
    if (named * 2 < n && !fromSamples) continue;
    const rank = TOPIC_NAMES.includes(c.name) ? TOPIC_NAMES.indexOf(c.name) : TOPIC_NAMES.length;
    const better = !best || named > best.score || (named === best.score && (rank < best.rank || (rank === best.rank && c.depth < best.depth)));
    if (better) best = { pointer, score: named, rank, depth: c.depth };
  }
  const out: EnvelopeDetection = {};
  if (best) {
    const name = best.pointer.split('/').pop() ?? '';
    const ev = evidence(lines, name, TOPIC_WORDS);
    out.topicField = { pointer: best.pointer, samples: n, ...ev, guessed: n < 2 && !ev.line };
  }
  if (payloadKey && inner !== undefined) {
    // `{ data: { payload, event }, source, timestamp }`: the envelope is every member but the inner payload
    const outer = Object.keys(objs[0].value).filter((k) => k !== payloadKey);
    const ev = evidence(lines, inner, PAYLOAD_WORDS);
    out.envelope = { pointer: payloadPointer ?? '', samples: n, fields: outer, ...ev, guessed: n < 2 && !ev.line };
    return out;
  }
  if (payloadKey) {
    const outer = Object.keys(objs[0].value).filter((k) => k !== payloadKey);
    const sameOuter = n >= 2 && objs.every((s) => sameKeys(Object.keys(s.value), Object.keys(objs[0].value)));
    const topicOutside = out.topicField !== undefined && !out.topicField.pointer.startsWith(`/${escapeToken(payloadKey)}/`);
    if (outer.length > 0 && outer.length <= MAX_ENVELOPE_FIELDS && (topicOutside || sameOuter)) {
      const ev = evidence(lines, payloadKey, PAYLOAD_WORDS);
      // `data: { object: {...} }`: a member that only wraps a payload-named object is a wrapper too
      const path = [payloadKey];
      for (let inner: unknown[] = objs.map((s) => s.value[payloadKey]); path.length < 4; ) {
        const keys = inner.map((v) => (isObject(v) ? Object.keys(v) : []));
        const only = keys[0]?.length === 1 ? keys[0][0] : undefined;
        if (only === undefined || !PAYLOAD_NAMES.includes(only) || !keys.every((k) => k.length === 1 && k[0] === only)) break;
        inner = inner.map((v) => (isObject(v) ? v[only] : undefined));
        if (!inner.every(isObject)) break;
        path.push(only);
      }
      out.envelope = { pointer: path.map((k) => `/${escapeToken(k)}`).join(''), samples: n, fields: outer, ...ev, guessed: n < 2 && !ev.line };
    }
  }
  return out;
}

/** a member named as topic fields are: `type`, `event`, `topic`, `scope`, `kind`, `action`, `name`, alone or as a suffix (`webhook_type`, `event_name`) */
const TOPIC_KEY = /^(?:[a-z]+_)?(?:type|event|topic|scope|kind|action|name)$|^event|Type$|Event$/;

/**
 * The member of every sample's payload member that is named as payloads are and holds an
 * object or an array in each, when the payload member also has other members (`data: {
 * payload: [...], event: "..." }`); undefined otherwise (`data: { object }` alone is followed
 * by the caller, as before).
 */
function innerPayloadKey(values: readonly unknown[]): string | undefined {
  if (!values.every(isObject)) return undefined;
  const objs = values as Record<string, unknown>[];
  const keys = Object.keys(objs[0]);
  if (keys.length < 2) return undefined;
  return PAYLOAD_NAMES.find((k) => keys.includes(k) && objs.every((o) => o[k] !== null && typeof o[k] === 'object'));
}

/** object keys sorted, or "array" / "scalar": a coarse shape to tell varying payloads apart */
function shapeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return isObject(v) ? Object.keys(v).sort().join(',') : 'scalar';
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

/** The text lines of the page (prose, bullets, headings, table rows), with their line numbers. */
function pageLines(items: readonly Item[]): { text: string; line: number; cells?: string[] }[] {
  return items.flatMap((it) => {
    if (it.kind === 'text' || it.kind === 'bullet' || it.kind === 'heading') return [{ text: it.text, line: it.line }];
    if (it.kind === 'table') return it.rows.map((r) => ({ text: r.cells.map((c) => c.text).join(' | '), line: r.line, cells: r.cells.map((c) => c.text) }));
    return [];
  });
}

/**
 * The first page line that names the field: a table row whose first cell is the field, or a
 * line that names it together with words about what it holds. A plain word (`name`, `data`)
 * counts only quoted (`name`, "name"); a distinctive one (`event_type`, `storeId`) also bare,
 * since HTML pages lose the <code> around it.
 */
function evidence(lines: readonly { text: string; line: number; cells?: string[] }[], name: string, words: RegExp): { line?: number; evidence?: string } {
  const esc = name.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&');
  // (`name`, "name", or a term in bold: **name**, __name__)
  const mention = /[_A-Z0-9]/.test(name) ? new RegExp(`(?<![\\w-])${esc}(?![\\w-])`) : new RegExp(`[\`"\u201c]${esc}[\`"\u201d]|\\*\\*${esc}\\*\\*|__${esc}__`);
  const hit =
    lines.find((l) => l.cells && l.cells[0]?.replace(/[`*"]/g, '').trim() === name) ??
    lines.find((l) => mention.test(l.text) && words.test(l.text.replace(mention, ' ')));
  if (!hit) return {};
  const t = hit.text.replace(/\s+/g, ' ').trim();
  return { line: hit.line, evidence: t.length > 90 ? `${t.slice(0, 87)}...` : t };
}
