/**
 * The JSON blocks of a page: bare blocks, blocks inside fences / <pre>, and samples in table
 * cells, each read verbatim, repaired (json-repair.ts) or skipped with a located reason.
 * Pairing them with topics is pair.ts's job.
 */
import { findExtent, looksLikeJsonStart, parseTolerant } from './json-repair.js';
import { scanJsonError } from '../../spec/yaml.js';
import type { Item, Page, Span } from './document.js';
import type { InlineSample } from './topics.js';
import type { BlockReport } from './types.js';

const JSON_LANGS = new Set(['', 'json', 'jsonc', 'json5', 'javascript', 'js', 'text', 'txt', 'http', 'plain', 'plaintext', 'none']);

/** A block while it is read and paired: its report, and where it is in the page's items. */
export type Block = BlockReport & { item: number; span: Span; start: number; end: number };

/**
 * Every JSON block: bare blocks, blocks inside fences / <pre>, and samples in table cells.
 * Each is read (verbatim, repaired or skipped with a reason) here; pairing comes later.
 */
export function findBlocks(page: Page, items: readonly Item[], inline: readonly InlineSample[]): Block[] {
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
