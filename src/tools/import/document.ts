/**
 * A saved documentation page → a flat list of items in reading order (headings, prose lines,
 * bullets, tables, code regions), each with its line in the page. Markdown and plain text
 * share one reader (a copied page is often both); HTML has its own (html.js). Everything
 * after this stage works on items only.
 */
import { findExtent, looksLikeJsonStart } from './json-repair.js';

/** Text with the page offset of each of its characters (HTML decoding moves characters). */
export interface Span {
  text: string;
  /** page offset of text[k] (k may equal text.length) */
  at(k: number): number;
}

export interface TableRow {
  line: number;
  cells: Span[];
}

export type Item =
  | { kind: 'blank'; line: number }
  | { kind: 'text'; line: number; text: string }
  | { kind: 'heading'; line: number; text: string; level: number }
  | { kind: 'bullet'; line: number; text: string }
  | { kind: 'table'; line: number; header: string[]; rows: TableRow[]; style: 'pipe' | 'html' | 'glued' | 'tab' }
  | { kind: 'code'; line: number; span: Span; fenced: boolean; lang: string; closed: boolean };

export interface Position {
  line: number;
  col: number;
}

export interface Page {
  /** as given (used in messages) */
  fileName: string;
  /** the page as read (BOM removed) */
  text: string;
  format: 'markdown' | 'text' | 'html';
  /** 1-based line of a page offset */
  lineOf(offset: number): number;
  posOf(offset: number): Position;
}

export function makePage(fileName: string, text: string): Page {
  const body = text.replace(/^\ufeff/, '');
  const lower = fileName.toLowerCase();
  const format = /\.html?$/.test(lower) ? 'html' : /\.(md|markdown)$/.test(lower) ? 'markdown' : 'text';
  const starts: number[] = [0];
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return {
    fileName,
    text: body,
    format,
    lineOf,
    posOf: (offset) => {
      const line = lineOf(offset);
      return { line, col: offset - starts[line - 1] + 1 };
    },
  };
}

/** A span that is a plain slice of the page. */
export function sliceSpan(text: string, start: number, end: number): Span {
  return { text: text.slice(start, end), at: (k) => start + k };
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const BULLET = /^\s*(?:[-*+\u2022\u00b7\u2023\u25e6\u25aa\u25cf]|\d{1,3}[.)])\s+(\S.*)$/;
const PIPE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const EVENT_WORD = /\b(events?|topics?|webhooks?|hooks?|triggers?|notifications?)\b/i;

/** Markdown or plain text → items. */
export function readTextPage(page: Page): Item[] {
  const text = page.text;
  const lines: { text: string; start: number }[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start: pos });
    pos += raw.length + 1;
  }
  const items: Item[] = [];
  for (let li = 0; li < lines.length; li++) {
    const { text: t, start } = lines[li];
    const line = li + 1;
    const fence = FENCE.exec(t);
    if (fence) {
      const ch = fence[2][0];
      let close = li + 1;
      while (close < lines.length && !new RegExp(`^\\s*${ch === '`' ? '`' : '~'}{${fence[2].length},}\\s*$`).test(lines[close].text)) close++;
      const from = li + 1 < lines.length ? lines[li + 1].start : text.length;
      const to = close < lines.length ? Math.max(from, lines[close].start - 1) : text.length;
      items.push({ kind: 'code', line: line + 1, span: sliceSpan(text, from, to), fenced: true, lang: fence[3].toLowerCase(), closed: close < lines.length });
      li = close;
      continue;
    }
    if (t.trim() === '') {
      items.push({ kind: 'blank', line });
      continue;
    }
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(t);
    if (atx) {
      items.push({ kind: 'heading', line, text: atx[2], level: atx[1].length });
      continue;
    }
    // a bare JSON block: a line starting with { or [ up to its matching bracket
    const lead = /^\s*/.exec(t)?.[0].length ?? 0;
    if ((t[lead] === '{' || t[lead] === '[') && looksLikeJsonStart(text, start + lead)) {
      const ext = findExtent(text, start + lead, { stopAtProse: true });
      items.push({ kind: 'code', line, span: sliceSpan(text, start + lead, ext.end), fenced: false, lang: '', closed: ext.closed });
      while (li + 1 < lines.length && lines[li + 1].start < ext.end) li++;
      continue;
    }
    const next = lines[li + 1]?.text ?? '';
    if (/^\s*\|/.test(t) && PIPE_SEPARATOR.test(next) && next.includes('-')) {
      const header = pipeCells(t, start).map((c) => c.text);
      const rows: TableRow[] = [];
      let r = li + 2;
      for (; r < lines.length && /^\s*\|/.test(lines[r].text); r++) rows.push({ line: r + 1, cells: pipeCells(lines[r].text, lines[r].start) });
      items.push({ kind: 'table', line, header, rows, style: 'pipe' });
      li = r - 1;
      continue;
    }
    if (t.includes('\t') && EVENT_WORD.test(t) && next.includes('\t')) {
      const header = t.split('\t').map((c) => c.trim());
      const rows: TableRow[] = [];
      let r = li + 1;
      for (; r < lines.length && lines[r].text.includes('\t'); r++) rows.push({ line: r + 1, cells: tabCells(lines[r].text, lines[r].start) });
      items.push({ kind: 'table', line, header, rows, style: 'tab' });
      li = r - 1;
      continue;
    }
    const glued = gluedHeader(t);
    if (glued && gluedRow(next, lines[li + 1]?.start ?? 0, glued.length)) {
      const rows: TableRow[] = [];
      let r = li + 1;
      for (; r < lines.length; r++) {
        const row = gluedRow(lines[r].text, lines[r].start, glued.length);
        if (!row) break;
        rows.push({ line: r + 1, cells: row });
      }
      items.push({ kind: 'table', line, header: glued, rows, style: 'glued' });
      li = r - 1;
      continue;
    }
    if (li + 1 < lines.length && /^(=+|-+)\s*$/.test(next) && !BULLET.test(t) && page.format === 'markdown') {
      items.push({ kind: 'heading', line, text: t.trim(), level: next.trim()[0] === '=' ? 1 : 2 });
      li++;
      continue;
    }
    const bullet = BULLET.exec(t);
    if (bullet) {
      items.push({ kind: 'bullet', line, text: bullet[1].trim() });
      continue;
    }
    items.push({ kind: 'text', line, text: t.trim() });
  }
  return items;
}

/** Cells of a Markdown pipe row, each trimmed, with page offsets (`\|` is a literal pipe). */
function pipeCells(t: string, start: number): Span[] {
  const cells: Span[] = [];
  let cellStart = t.indexOf('|') + 1;
  for (let i = cellStart; i <= t.length; i++) {
    if (i < t.length && !(t[i] === '|' && t[i - 1] !== '\\')) continue;
    const raw = t.slice(cellStart, i);
    const body = raw.trim();
    if (i < t.length || body !== '') {
      const base = start + cellStart + (raw.length - raw.trimStart().length);
      cells.push({ text: body.replace(/\\\|/g, '|'), at: (k) => base + k });
    }
    cellStart = i + 1;
  }
  return cells;
}

function tabCells(t: string, start: number): Span[] {
  const cells: Span[] = [];
  let from = 0;
  for (const raw of t.split('\t')) {
    const lead = raw.length - raw.trimStart().length;
    const base = start + from + lead;
    cells.push({ text: raw.trim(), at: (k) => base + k });
    from += raw.length + 1;
  }
  return cells;
}

/**
 * The header of a table whose cell borders were lost in copying, e.g.
 * `Event NameDescriptionAvailable Payload` → ["Event Name", "Description", "Available Payload"].
 */
export function gluedHeader(t: string): string[] | undefined {
  const s = t.trim();
  if (s.length > 100 || /[.,:;!?|]/.test(s) || !/[a-z][A-Z]/.test(s) || !EVENT_WORD.test(s.replace(/([a-z])([A-Z])/g, '$1 $2'))) return undefined;
  const cols = s.split(/(?<=[a-z])(?=[A-Z])/).map((c) => c.trim());
  return cols.length >= 2 && cols.every((c) => /^[A-Z][A-Za-z0-9 ()/-]*$/.test(c)) ? cols : undefined;
}

const GLUED_KEY = /^([a-z][a-z0-9]*(?:[_./][a-z0-9]+)+)(?=[A-Z{[\u201c"'(]|\s*$)/;

/**
 * One row of a glued table: the event token, then the rest split at the last places where a
 * word runs into a capital (`...or paymentCustomer and Order Model`) or a `{`.
 */
export function gluedRow(t: string, start: number, columns: number): Span[] | undefined {
  const lead = t.length - t.trimStart().length;
  const s = t.trim();
  const m = GLUED_KEY.exec(s);
  if (!m) return undefined;
  const base = start + lead;
  const cells: Span[] = [{ text: m[1], at: (k) => base + k }];
  const rest = s.slice(m[1].length);
  const restBase = base + m[1].length;
  if (columns <= 1) return cells;
  let cuts: number[] = [];
  const json = /(?<=[a-z0-9.)!?])[{[]/.exec(rest);
  if (json) cuts = [json.index];
  else for (const j of rest.matchAll(/(?<=[a-z0-9.)!?])(?=[A-Z])/g)) cuts.push(j.index ?? 0);
  cuts = cuts.slice(Math.max(0, cuts.length - (columns - 2)));
  let from = 0;
  for (const cut of [...cuts, rest.length]) {
    const f = from;
    cells.push({ text: rest.slice(f, cut).trim(), at: (k) => restBase + f + k });
    from = cut;
  }
  while (cells.length < columns) cells.push({ text: '', at: () => restBase + rest.length });
  return cells;
}
