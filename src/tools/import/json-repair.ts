/**
 * JSON blocks as documentation pages print them. Two steps:
 *
 * 1. `findExtent`: where a block that starts with `{` or `[` ends: brace matching that skips
 *    strings (double, single and curly quotes) and comments, bounded by the end of its region
 *    (a fence, a <pre>) or, for bare blocks in plain text, by the first line that reads as prose.
 * 2. `parseTolerant`: a JSON parser that also accepts what docs really contain (comments,
 *    trailing commas, single quotes, unquoted keys, `{...}` / `[...]` / `...` placeholders,
 *    Cloudflare's `[email protected]`) and turns each into an edit of the original text. The
 *    sample written is the original text with those edits applied, so the layout and every
 *    digit of every number are kept; when there is no edit the block is kept verbatim.
 *
 * Offsets are positions in the block text; the caller maps them to lines of the page.
 */

export type RepairKind = 'comment' | 'trailing-comma' | 'single-quotes' | 'curly-quotes' | 'unquoted-key' | 'placeholder' | 'email' | 'escape' | 'whitespace';

export interface Repair {
  offset: number;
  kind: RepairKind;
  detail: string;
}
export interface Note {
  offset: number;
  detail: string;
}
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: Member[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; raw: string }
  | { kind: 'literal'; start: number; end: number; value: boolean | null };
export interface Member {
  key: string;
  start: number;
  value: JsonNode;
}

/** A bracket still open where a block could not be read. */
export interface OpenBracket {
  char: string;
  offset: number;
}

export type TolerantResult =
  | { ok: true; node: JsonNode; text: string; repairs: Repair[]; notes: Note[] }
  | { ok: false; offset: number; reason: string; truncated: boolean; open: OpenBracket[] };

/** What Cloudflare's e-mail obfuscation leaves in a copied page, and what replaces it. */
export const EMAIL_ARTEFACT = /\[email(?:\s|\u00a0|&nbsp;|&#160;|\\u00a0)+protected\]/g;
export const EMAIL_PLACEHOLDER = 'user@example.com';

class Fail {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly truncated: boolean,
  ) {}
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\ufeff';
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parses a block tolerantly. Never throws on bad input: a block it cannot read comes back as
 * `{ ok: false, offset, reason, truncated, open }` (`open`: the brackets still open there).
 * @param text the block, from its opening bracket to where it ends
 */
export function parseTolerant(text: string): TolerantResult {
  const n = text.length;
  let i = 0;
  // sticky scanners, local so that no lastIndex outlives a call
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const WORD = /[A-Za-z_$][\w$]*/y;
  const edits: Edit[] = [];
  const repairs: Repair[] = [];
  const notes: Note[] = [];
  const open: OpenBracket[] = [];

  const fail = (reason: string, at = i, truncated = false): never => {
    throw new Fail(at, reason, truncated);
  };
  const eof = (what: string): never => fail(`the block ends where ${what} should be`, n, true);
  /** only whitespace (and comments) from `at` to the end of the block */
  const restIsBlank = (at: number) => /^\s*$/.test(text.slice(at).replace(/\/\/[^\n]*/g, ''));

  /** Whitespace and comments; comments become edits that delete them. */
  const skip = () => {
    for (;;) {
      while (i < n && isWs(text[i])) {
        if (text[i] === '\u00a0' || text[i] === '\ufeff') {
          edits.push({ start: i, end: i + 1, text: text[i] === '\u00a0' ? ' ' : '' });
          repairs.push({ offset: i, kind: 'whitespace', detail: text[i] === '\u00a0' ? 'replaced a non-breaking space with a space' : 'removed a byte-order mark' });
        }
        i++;
      }
      if (text[i] === '/' && text[i + 1] === '/') {
        let e = text.indexOf('\n', i);
        if (e < 0) e = n;
        else if (text[e - 1] === '\r') e--; // keep a CRLF line ending whole
        let s = i;
        while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
        // a line holding only the comment goes away with its line break
        const end = (s === 0 || text[s - 1] === '\n') && e < n ? e + (text[e] === '\r' ? 2 : 1) : e;
        edits.push({ start: s, end, text: '' });
        repairs.push({ offset: i, kind: 'comment', detail: `removed the comment ${quoteShort(text.slice(i, e).trimEnd())}` });
        i = e;
        continue;
      }
      if (text[i] === '/' && text[i + 1] === '*') {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) fail('a /* comment that is never closed', i, true);
        // a comment that ends its line takes the blanks before it (and a line of its own)
        let s = i;
        let end = e + 2;
        const eol = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
        if (eol) {
          while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
          if ((s === 0 || text[s - 1] === '\n') && eol[1] !== '') end += eol[0].length;
          else end += eol[0].length - eol[1].length;
        }
        edits.push({ start: s, end, text: '' });
        repairs.push({ offset: i, kind: 'comment', detail: `removed the comment ${quoteShort(text.slice(i, e + 2))}` });
        i = e + 2;
        continue;
      }
      return;
    }
  };

  /** Length of a `...` / `…` placeholder at i (0 when there is none). */
  const elisionAt = () => (text.startsWith('...', i) ? 3 : text[i] === '\u2026' ? 1 : 0);

  /**
   * A string in double, single or curly quotes. Anything but a plain double-quoted JSON
   * string is rewritten as one.
   */
  const string = (): JsonNode & { kind: 'string' } => {
    const start = i;
    const q = text[i];
    const close = q === '\u201c' ? '\u201d' : q;
    i++;
    let value = '';
    const inner: Edit[] = [];
    for (;;) {
      if (i >= n) fail('a string that is never closed', start, true);
      const c = text[i];
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) fail('a string that is never closed', start, true);
        if (SIMPLE_ESCAPES[e] !== undefined) {
          value += SIMPLE_ESCAPES[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (e === "'") {
          value += "'";
          inner.push({ start: i, end: i + 2, text: "'" });
          i += 2;
        } else fail(`an invalid escape \\${e} in a string`, i);
        continue;
      }
      if (c === close) {
        i++;
        break;
      }
      if (c === '\n' || c === '\r') {
        fail(restIsBlank(i) ? 'a string that is never closed' : 'a string that is not closed on its line', start, restIsBlank(i));
      }
      if (c === '\t') inner.push({ start: i, end: i + 1, text: '\\t' });
      else if (c < ' ') fail(`a control character (U+${c.charCodeAt(0).toString(16).padStart(4, '0')}) inside a string`, i);
      value += c;
      i++;
    }
    const end = i;
    const raw = text.slice(start, end);
    const fixed = value.replace(EMAIL_ARTEFACT, EMAIL_PLACEHOLDER);
    const hasArtefact = fixed !== value;
    if (hasArtefact) {
      repairs.push({ offset: start, kind: 'email', detail: `replaced the Cloudflare e-mail obfuscation "[email protected]" with the placeholder ${EMAIL_PLACEHOLDER}` });
    }
    if (q !== '"') {
      edits.push({ start, end, text: JSON.stringify(fixed) });
      repairs.push(
        q === "'"
          ? { offset: start, kind: 'single-quotes', detail: `re-quoted the single-quoted string ${quoteShort(raw)} with double quotes` }
          : { offset: start, kind: 'curly-quotes', detail: `replaced the curly quotes of ${quoteShort(raw)} with straight double quotes` },
      );
    } else if (hasArtefact) {
      // the artefact has no escapes in it: replace it where it stands, keep the rest verbatim
      edits.push({ start, end, text: raw.replace(EMAIL_ARTEFACT, EMAIL_PLACEHOLDER).replace(/\\'/g, "'").replace(/\t/g, '\\t') });
    } else {
      for (const e of inner) {
        edits.push(e);
        repairs.push({ offset: e.start, kind: 'escape', detail: e.text === "'" ? "replaced the invalid escape \\' with '" : 'escaped a raw tab inside a string' });
      }
    }
    if (fixed === '...' || fixed === '\u2026') {
      notes.push({ offset: start, detail: `the placeholder ${raw} is kept as a string: its real type is not shown` });
    }
    return { kind: 'string', start, end, value: fixed };
  };

  const value = (): JsonNode => {
    skip();
    if (i >= n) eof('a value');
    const c = text[i];
    if (c === '{') return container('{');
    if (c === '[') return container('[');
    if (c === '"' || c === "'" || c === '\u201c') return string();
    const start = i;
    const el = elisionAt();
    if (el) {
      edits.push({ start: i, end: i + el, text: 'null' });
      repairs.push({ offset: i, kind: 'placeholder', detail: `replaced the placeholder ${text.slice(i, i + el)} with null (its type is unknown: add a hint)` });
      i += el;
      return { kind: 'literal', start, end: i, value: null };
    }
    NUMBER.lastIndex = i;
    if ((c === '-' || (c >= '0' && c <= '9')) && NUMBER.test(text)) {
      const end = NUMBER.lastIndex;
      if (/[\w.]/.test(text[end] ?? '')) fail(`${JSON.stringify(text.slice(i, end + 1) + (/[\w.]/.test(text[end + 1] ?? '') ? '...' : ''))} is not a JSON number`);
      i = end;
      return { kind: 'number', start, end, raw: text.slice(start, end) };
    }
    WORD.lastIndex = i;
    if (WORD.test(text)) {
      const word = text.slice(i, WORD.lastIndex);
      if (word === 'true' || word === 'false' || word === 'null') {
        i = WORD.lastIndex;
        return { kind: 'literal', start, end: i, value: word === 'null' ? null : word === 'true' };
      }
      return fail(`"${word}" is not a JSON value (strings need double quotes; literals are true, false, null)`);
    }
    if (c === '+' || c === '.') fail(`${JSON.stringify(text.slice(i, i + 6).split(/[\s,}\]]/)[0])} is not a JSON number`);
    return fail(`${JSON.stringify(c)} where a value should be`);
  };

  /**
   * An object or array. `...` members/items are dropped with their comma; trailing commas
   * are dropped; `{...}` becomes `{}`.
   */
  const container = (opener: '{' | '['): JsonNode => {
    const close = opener === '{' ? '}' : ']';
    const start = i;
    open.push({ char: opener, offset: i });
    i++;
    const members: Member[] = [];
    const items: JsonNode[] = [];
    let prevComma = -1;
    let elided = 0;
    let elisionOffset = -1;
    const elide = (elStart: number, elEnd: number) => {
      elided++;
      if (elisionOffset < 0) elisionOffset = elStart;
      i = elEnd;
      skip();
      if (text[i] === ',') {
        edits.push({ start: elStart, end: i + 1, text: '' });
        i++;
        return;
      }
      if (text[i] === close) {
        edits.push({ start: prevComma >= 0 ? prevComma : elStart, end: elEnd, text: '' });
        return;
      }
      if (i >= n) eof(`"," or "${close}"`);
      fail(`${JSON.stringify(text[i])} where "," or "${close}" should be`);
    };
    for (;;) {
      skip();
      if (i >= n) eof(opener === '{' ? 'a property or "}"' : 'a value or "]"');
      if (text[i] === close) {
        i++;
        open.pop();
        if (elided) {
          const empty = members.length === 0 && items.length === 0;
          repairs.push({
            offset: elisionOffset,
            kind: 'placeholder',
            detail: empty
              ? `replaced the placeholder ${opener}...${close} with ${opener}${close} (its ${opener === '{' ? 'fields are' : 'items are'} unknown: add a hint)`
              : `removed the placeholder ... (the docs elide ${opener === '{' ? 'more fields' : 'more items'} here)`,
          });
        }
        return opener === '{' ? { kind: 'object', start, end: i, members } : { kind: 'array', start, end: i, items };
      }
      if (text[i] === '}' || text[i] === ']') wrongCloser(opener, start, members.length + items.length > 0);
      const el = elisionAt();
      if (el) {
        elide(i, i + el);
        continue;
      }
      if (opener === '{') {
        const keyStart = i;
        const key = objectKey();
        skip();
        if ((key.value === '...' || key.value === '\u2026') && (text[i] === ',' || text[i] === '}')) {
          // `"..."` standing alone where a member should be
          notes.pop();
          elide(keyStart, key.end);
          continue;
        }
        if (i >= n) eof('":"');
        if (text[i] !== ':') fail('a missing ":" after the property name');
        i++;
        members.push({ key: key.value, start: keyStart, value: value() });
      } else {
        items.push(value());
      }
      skip();
      if (text[i] === ',') {
        const c = i;
        i++;
        skip();
        if (text[i] === close) {
          edits.push({ start: c, end: c + 1, text: '' });
          repairs.push({ offset: c, kind: 'trailing-comma', detail: `removed a trailing comma before "${close}"` });
        }
        prevComma = c;
        continue;
      }
      if (text[i] === close) continue;
      if (i >= n) eof(`"," or "${close}"`);
      if (text[i] === '}' || text[i] === ']') wrongCloser(opener, start, true);
      fail(`${JSON.stringify(text[i])} where "," or "${close}" should be`);
    }
  };

  /**
   * A `}` that closes a `[` (or the reverse). `@{offset}` marks a block offset the caller
   * turns into a page line.
   */
  const wrongCloser = (opener: '{' | '[', start: number, afterValue: boolean): never => {
    const close = opener === '{' ? '}' : ']';
    const expected = afterValue ? `"," or "${close}"` : `a ${opener === '{' ? 'property' : 'value'} or "${close}"`;
    return fail(`${JSON.stringify(text[i])} where ${expected} should be: the ${opener} opened at @{${start}} is closed by the wrong bracket`);
  };

  /** A property name: a string in any quotes, or a bare identifier (quoted by an edit). */
  const objectKey = (): JsonNode & { kind: 'string' } => {
    const c = text[i];
    if (c === '"' || c === "'" || c === '\u201c') return string();
    WORD.lastIndex = i;
    if (WORD.test(text)) {
      const start = i;
      const name = text.slice(i, WORD.lastIndex);
      i = WORD.lastIndex;
      edits.push({ start, end: i, text: JSON.stringify(name) });
      repairs.push({ offset: start, kind: 'unquoted-key', detail: `quoted the property name ${name}` });
      return { kind: 'string', start, end: i, value: name };
    }
    return fail('a property name that is not in double quotes');
  };

  try {
    const node = value();
    skip();
    if (i < n && !/^[\s,;]*$/.test(text.slice(i))) fail('more text after the end of the JSON value');
    return { ok: true, node, text: applyEdits(text.slice(0, node.end), edits), repairs: repairs.sort((a, b) => a.offset - b.offset), notes };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, offset: e.offset, reason: e.reason, truncated: e.truncated, open: [...open] };
    throw e;
  }
}

/** Applies non-overlapping edits (an edit inside an earlier one is dropped). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].filter((e) => e.start < text.length || e.text !== '').sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  for (const e of sorted) {
    if (e.start < last) continue;
    out += text.slice(last, e.start) + e.text;
    last = Math.min(e.end, text.length);
  }
  return out + text.slice(last);
}

function quoteShort(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

/** Where a block ends: `end` is an exclusive offset; `stop` says why an unclosed block stopped. */
export interface Extent {
  end: number;
  closed: boolean;
  stop?: 'end' | 'prose';
}

/**
 * Where a block that opens at `start` ends.
 * @param text the region (a fence's content, a <pre>'s text, or the whole page)
 * @param start offset of the opening `{` or `[`
 * @param opts limit: end of the region; stopAtProse: a line that reads as prose ends an
 *   unclosed block (bare blocks in plain text)
 */
export function findExtent(text: string, start: number, opts: { limit?: number; stopAtProse?: boolean } = {}): Extent {
  const n = opts.limit ?? text.length;
  const stack: string[] = [];
  let prev = '';
  let i = start;
  const lastNonWs = (at: number) => {
    let e = at;
    while (e > start && isWs(text[e - 1])) e--;
    return e;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      if (opts.stopAtProse && stack.length) {
        let e = text.indexOf('\n', i + 1);
        if (e < 0 || e > n) e = n;
        if (isProseLine(text.slice(i + 1, e))) return { end: lastNonWs(i), closed: false, stop: 'prose' };
      }
      i++;
      continue;
    }
    if (c === '"' || c === '\u201c' || (c === "'" && /[{[,:]/.test(prev))) {
      const close = c === '\u201c' ? '\u201d' : c;
      i++;
      while (i < n && text[i] !== close && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (text[i] === close) i++;
      prev = '"';
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 || e + 2 > n ? n : e + 2;
      continue;
    }
    if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return { end: i + 1, closed: true };
    }
    if (!isWs(c)) prev = c;
    i++;
  }
  return { end: lastNonWs(n), closed: false, stop: 'end' };
}

/**
 * A line that cannot continue a JSON value: it starts like a sentence, a heading, a list
 * item or a fence, not like a key, a value, a bracket or a comment.
 */
export function isProseLine(line: string): boolean {
  const t = line.trim();
  if (t === '') return false;
  if (/^["'{}[\],:/\-0-9.\u2026\u201c]/.test(t)) return false;
  if (/^(true|false|null)\b/.test(t)) return false;
  if (/^[A-Za-z_$][\w$]*\s*:/.test(t) && !/^[A-Za-z_$][\w$]*\s*:\s+[A-Z][a-z]+\s+[a-z]+\s+[a-z]+/.test(t)) return false;
  return true;
}

/**
 * True when the text at `start` (a `{` or `[`) begins like a JSON value rather than, say, a
 * Markdown link `[text](url)` or a template `{name}`.
 */
export function looksLikeJsonStart(text: string, start: number, limit = text.length): boolean {
  const c = text[start];
  let j = start + 1;
  while (j < limit && isWs(text[j])) j++;
  if (j >= limit) return false;
  const d = text[j];
  if (d === '/' && (text[j + 1] === '/' || text[j + 1] === '*')) return true;
  if (text.startsWith('...', j) || d === '\u2026') return true;
  if (c === '{') {
    if (d === '"' || d === "'" || d === '}' || d === '\u201c') return true;
    return /^[A-Za-z_$][\w$]*\s*:/.test(text.slice(j, j + 80));
  }
  if ('{["\'-]\u201c'.includes(d) || (d >= '0' && d <= '9')) {
    // `[1] a footnote` or `[x]` is not a block: the bracket must not be followed by text
    if (d !== '{' && d !== '[' && d !== '"' && d !== "'" && d !== '\u201c') {
      const ext = findExtent(text, start, { limit });
      return ext.closed && /^[ \t]*[,;]?[ \t]*(\n|$)/.test(text.slice(ext.end, ext.end + 10));
    }
    return true;
  }
  return /^(true|false|null)\s*[,\]]/.test(text.slice(j, j + 8));
}
