/**
 * A saved HTML page → the same items as a text page (document.js). A small tag scanner, no
 * DOM: <pre> (and multi-line <code> holding `{`/`[`) become code regions with tags stripped
 * and entities decoded; <table> rows become table items; <li> bullets; <h1>-<h6> headings;
 * other text becomes one text item per block element. Every character keeps the offset it
 * came from, so a problem inside a sample is reported at its line in the HTML file.
 */

import type { Item, Page, Span, TableRow } from './document.js';

// a Map, not an object literal: `&constructor;` in a page must not find Object.prototype's members
const ENTITIES: ReadonlyMap<string, string> = new Map(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '\u2026', ndash: '\u2013', mdash: '\u2014',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', bull: '\u2022', middot: '\u00b7', copy: '\u00a9',
  reg: '\u00ae', trade: '\u2122', laquo: '\u00ab', raquo: '\u00bb', times: '\u00d7', rarr: '\u2192', larr: '\u2190',
  sol: '/', bsol: '\\', lbrace: '{', rbrace: '}', lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', colon: ':', comma: ',',
  period: '.', num: '#', excl: '!', quest: '?', equals: '=', plus: '+', lowbar: '_', grave: '`', tab: '\t', newline: '\n',
}));

const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'blockquote', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'hr', 'form', 'details', 'summary', 'ul', 'ol', 'body', 'html']);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg']);

/** Collects decoded characters with their page offsets; optionally collapses whitespace. */
class Builder {
  readonly chars: string[] = [];
  readonly offs: number[] = [];
  constructor(
    readonly collapse: boolean,
    readonly line: number,
  ) {}
  push(c: string, off: number): void {
    if (this.collapse && /\s/.test(c)) {
      if (this.chars.length === 0 || this.chars[this.chars.length - 1] === ' ') return;
      c = ' ';
    }
    this.chars.push(c);
    this.offs.push(off);
  }
  get empty() {
    return this.chars.every((c) => /\s/.test(c));
  }
  span(): Span {
    let end = this.chars.length;
    if (this.collapse) while (end > 0 && this.chars[end - 1] === ' ') end--;
    const offs = this.offs.slice(0, end);
    const last = offs.length ? offs[offs.length - 1] + 1 : 0;
    return { text: this.chars.slice(0, end).join(''), at: (k) => offs[k] ?? last };
  }
  truncate(length: number): void {
    this.chars.length = Math.min(this.chars.length, length);
    this.offs.length = this.chars.length;
  }
}

/** Decodes entities in `raw` (page offset `base`) into a builder. */
function decodeInto(b: Builder, raw: string, base: number): void {
  const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?/y;
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(raw);
      if (m) {
        const name = m[1];
        const ch = name[0] === '#' ? safeFromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)) : ENTITIES.get(name) ?? ENTITIES.get(name.toLowerCase());
        if (ch !== undefined) {
          for (const c of ch) b.push(c, base + i);
          i = ENTITY.lastIndex;
          continue;
        }
      }
    }
    if (raw[i] !== '\r') b.push(raw[i], base + i);
    i++;
  }
}

function safeFromCodePoint(cp: number): string | undefined {
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

/** A saved HTML page → items. */
export function readHtmlPage(page: Page): Item[] {
  const src = page.text;
  const items: Item[] = [];
  let para: Builder | undefined;
  let li: Builder | undefined;
  let heading: { level: number; b: Builder } | undefined;
  let pre: { b: Builder; lang: string; depth: number } | undefined;
  let code: { start: number; holder: Builder; capture: Builder } | undefined;
  let table:
    | { line: number; header: string[]; rows: TableRow[]; row: { line: number; cells: Span[]; th: boolean } | undefined; cell: Builder | undefined; inHead: boolean; depth: number }
    | undefined;

  const flushPara = () => {
    if (para && !para.empty) items.push({ kind: 'text', line: para.line, text: para.span().text });
    para = undefined;
  };
  const flushLi = () => {
    if (li && !li.empty) items.push({ kind: 'bullet', line: li.line, text: li.span().text });
    li = undefined;
  };
  /** The builder that text goes to now. */
  const target = (off: number): Builder => {
    if (pre) return pre.b;
    if (table?.cell) return table.cell;
    if (heading) return heading.b;
    if (li) return li;
    if (!para) para = new Builder(true, page.lineOf(off));
    return para;
  };
  const text = (raw: string, base: number): void => {
    if (!pre && !table?.cell && !heading && !li && !para && /^\s*$/.test(raw)) return;
    const b = target(base + Math.max(0, raw.search(/\S/)));
    decodeInto(b, raw, base);
    if (code && b === code.holder) decodeInto(code.capture, raw, base);
  };
  const endRow = () => {
    if (!table?.row) return;
    const { row } = table;
    if (table.header.length === 0 && table.rows.length === 0 && (row.th || table.inHead)) table.header = row.cells.map((c) => c.text);
    else if (row.cells.length) table.rows.push({ line: row.line, cells: row.cells });
    table.row = undefined;
  };
  const endCell = () => {
    if (table?.cell && table.row) table.row.cells.push(table.cell.span());
    if (table) table.cell = undefined;
  };

  const TAG = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[^>]*>|<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let m = TAG.exec(src); m; m = TAG.exec(src)) {
    if (m.index > last) text(src.slice(last, m.index), last);
    last = TAG.lastIndex;
    if (m[2] === undefined) continue; // comment, doctype
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attrs = m[3] ?? '';
    const line = page.lineOf(m.index);
    if (!closing && SKIP_TAGS.has(tag)) {
      const end = src.toLowerCase().indexOf(`</${tag}`, TAG.lastIndex);
      const gt = end < 0 ? src.length : src.indexOf('>', end);
      TAG.lastIndex = last = gt < 0 ? src.length : gt + 1;
      continue;
    }
    if (pre) {
      if (tag === 'pre') {
        if (!closing) pre.depth++;
        else if (--pre.depth === 0) {
          const span = pre.b.span();
          items.push({ kind: 'code', line: pre.b.line, span, fenced: true, lang: pre.lang, closed: true });
          pre = undefined;
        }
      } else if (tag === 'br') pre.b.push('\n', m.index);
      else if (tag === 'code' && !closing && !pre.lang) pre.lang = langOf(attrs);
      continue;
    }
    if (tag === 'pre' && !closing) {
      flushPara();
      pre = { b: new Builder(false, line), lang: langOf(attrs), depth: 1 };
      continue;
    }
    if (tag === 'code') {
      if (!closing) {
        const holder = target(m.index);
        code = { start: holder.chars.length, holder, capture: new Builder(false, line) };
      } else if (code) {
        const captured = code.capture.span();
        const t = captured.text.trim();
        if (/^[{[]/.test(t) && captured.text.includes('\n') && !table?.cell) {
          code.holder.truncate(code.start);
          if (code.holder === para) flushPara();
          items.push({ kind: 'code', line: code.capture.line, span: captured, fenced: true, lang: '', closed: true });
        }
        code = undefined;
      }
      continue;
    }
    if (tag === 'br') {
      if (table?.cell) table.cell.push(' ', m.index);
      else if (li) li.push(' ', m.index);
      else flushPara();
      continue;
    }
    if (/^h[1-6]$/.test(tag)) {
      if (table?.cell) continue;
      if (!closing) {
        flushPara();
        heading = { level: Number(tag[1]), b: new Builder(true, line) };
      } else if (heading) {
        if (!heading.b.empty) items.push({ kind: 'heading', line: heading.b.line, text: heading.b.span().text, level: heading.level });
        heading = undefined;
      }
      continue;
    }
    if (tag === 'table') {
      if (!closing) {
        if (table) {
          table.depth++;
          continue;
        }
        flushPara();
        flushLi();
        table = { line, header: [], rows: [], row: undefined, cell: undefined, inHead: false, depth: 1 };
      } else if (table && --table.depth === 0) {
        endCell();
        endRow();
        items.push({ kind: 'table', line: table.line, header: table.header, rows: table.rows, style: 'html' });
        table = undefined;
      }
      continue;
    }
    if (table && table.depth === 1) {
      if (tag === 'thead') table.inHead = !closing;
      else if (tag === 'tr') {
        endCell();
        endRow();
        if (!closing) table.row = { line, cells: [], th: true };
      } else if (tag === 'td' || tag === 'th') {
        endCell();
        if (!closing) {
          if (!table.row) table.row = { line, cells: [], th: true };
          if (tag === 'td') table.row.th = false;
          table.cell = new Builder(true, line);
        }
      }
      continue;
    }
    if (table) continue;
    if (tag === 'li') {
      flushPara();
      flushLi();
      if (!closing) li = new Builder(true, line);
      continue;
    }
    if (BLOCK_TAGS.has(tag)) {
      flushPara();
      if (tag === 'ul' || tag === 'ol') flushLi();
    }
  }
  if (last < src.length) text(src.slice(last), last);
  if (pre) items.push({ kind: 'code', line: pre.b.line, span: pre.b.span(), fenced: true, lang: pre.lang, closed: false });
  flushPara();
  flushLi();
  return items;
}

/** `class="language-json"` → `json`. */
function langOf(attrs: string): string {
  const m = /class\s*=\s*["'][^"']*\b(?:language|lang)-([\w+-]+)/i.exec(attrs);
  return m ? m[1].toLowerCase() : '';
}
