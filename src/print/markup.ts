/**
 * Escaping for the text formats the generator writes besides code: HTML (the catalog page),
 * Markdown (the catalog pages, the README) and string literals shown inside them. Spec text goes
 * through these, so it is shown verbatim and can never become markup.
 */

/** Lone UTF-16 surrogates (which UTF-8 cannot hold). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with each lone surrogate replaced by U+FFFD, as writing it as UTF-8 would. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** HTML text and attribute escaping. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON for a `<script type="application/json">`: `<` escaped so nothing can close the element or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text inside an HTML comment: `--` (which could end it) is broken up, and it stays on one line. */
export function htmlCommentText(s: string): string {
  return s.replace(/--/g, '- -').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/**
 * Text for Markdown prose, rendered as written: no raw HTML (entities), no emphasis, code, link
 * or strikethrough (backslash escapes), no table cell, no block (a leading `#`, `>`, list
 * marker is escaped), on one line.
 */
export function escapeMd(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/\r\n?|[\n\u2028\u2029]/g, ' ')
    .replace(/^(\s*)([#+-]|\d+(?=[.)]))/, '$1\\$2');
}

/**
 * A code span whatever backticks the text holds, on one line. In a table cell (`table`), `|` is
 * escaped too: GitHub Markdown splits cells on it even inside code spans.
 */
export function mdCode(s: string, opts: { table?: boolean } = {}): string {
  const text = s.replace(/\r\n?|[\n\u2028\u2029]/g, ' ');
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const body = opts.table ? text.replace(/\|/g, '\\|') : text;
  return fence.length > 1 || body.startsWith(' ') || body.endsWith(' ') ? `${fence} ${body} ${fence}` : `\`${body}\``;
}

/** A fenced block that no line of the text can close. */
export function mdFence(lang: string, text: string): string[] {
  const runs = text.match(/`{3,}/g) ?? [];
  const f = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return [`${f}${lang}`, ...text.replace(/\n$/, '').split(/\r\n?|\n/), f];
}

/**
 * A single-quoted TypeScript string literal for code shown in docs (JSON's escapes: no line
 * break, U+2028 or lone surrogate appears raw).
 */
export function quotedString(s: string): string {
  const json = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`;
}
