// XML webhook bodies, in the conventions of Rails' `Hash#to_xml`, which the Shopify family of
// platforms used for their `format: xml` webhooks. The docs give no XML sample, so this is an
// assumption (see the spec's NOTES.md and the README):
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <order>                                      the root element: the resource (`DraftOrder` → draft-order)
//     <id type="integer">450789469</id>          an element per member, `_` written `-` (line_items → line-items)
//     <note nil="true"/>                         null
//     <total-price>199.00</total-price>          a string: the text as it is (no type attribute)
//     <taxes-included type="boolean">false</taxes-included>
//     <line-items type="array">                  an array: one element per item (named by the singular, never read)
//       <line-item> ... </line-item>
//     </line-items>
//     <receipt/>                                 an empty object (`type="hash"` where the model does not say object)
//   </order>
//
// A provider's generated module describes its models as an {@link XmlTable}: the model's type
// decides how an element's text is read (an id declared as a 64-bit integer comes back as its
// exact digit string, a price declared as a string stays "199.00" whatever its `type`
// attribute says), so an XML body gives the same value as the same delivery in JSON. Where the
// model has no type (an unknown member, a free-form object), the `type` attribute decides.
// Text that does not fit the model's type is kept as the attribute says (or as a string): the
// validator then reports it at its path, as it would for JSON.
//
// The parser is a well-formedness checker for the part of XML 1.0 such bodies use: no DTD (a
// DOCTYPE is rejected, so no entity can be declared), only the five predefined entities and
// character references, CDATA sections, comments and processing instructions (skipped). It
// reads the text once, front to back, with no backtracking and no recursion: the work is
// linear in the text, the nesting is bounded by `maxDepth` and the text by `maxLength`.

import type { JsonObject, JsonValue } from './json.js';

/**
 * How the value of one element is read, and written: from the model's schema.
 *
 * - `'string'`, `'datetime'`, `'date'`: the element's text, exactly (`datetime` / `date` are
 *   strings of that format: the writer gives them `type="datetime"` / `type="date"`);
 * - `'integer'`: a number (an integer beyond 2^53 stays a digit string, as the lossless JSON
 *   parser keeps it); `'int64'`: a 64-bit id, always its decimal digit string; `'number'`,
 *   `'boolean'`;
 * - `'any'`: no model type: read by the element's `type` attribute;
 * - `{ ref }`: the named object type `ref` of the table;
 * - `{ props, values }`: an object: the type of each known member, and of any other member
 *   (absent: `'any'`); `{}` is a free-form object;
 * - `{ items }`: an array of items of that type;
 * - `{ anyOf }`: one of several types (a nullable union, a union of models).
 */
export type XmlType =
  | 'string'
  | 'datetime'
  | 'date'
  | 'integer'
  | 'int64'
  | 'number'
  | 'boolean'
  | 'any'
  | XmlRef
  | XmlObjectType
  | XmlArrayType
  | XmlUnionType;

/** A named object type of an {@link XmlTable}. */
export interface XmlRef {
  readonly ref: string;
}

/** An object: its known members' types, and the type of any other member (absent: read by `type` attributes). */
export interface XmlObjectType {
  readonly props?: { readonly [key: string]: XmlType };
  readonly values?: XmlType;
}

/** An array and its items' type. */
export interface XmlArrayType {
  readonly items: XmlType;
}

/** One of several types. */
export interface XmlUnionType {
  readonly anyOf: readonly XmlType[];
}

/** What a provider's generated module knows of its models, for reading and writing XML bodies. */
export interface XmlTable {
  /** the named types (a model and its nested object types), by type name */
  readonly types: { readonly [name: string]: XmlType };
  /** each topic's root element name and payload type */
  readonly topics: { readonly [topic: string]: { readonly root: string; readonly type: XmlType } };
}

/**
 * Limits of the XML parser.
 * @example
 * ```ts
 * const options: XmlParseOptions = { maxDepth: 64, maxLength: 1024 * 1024 };
 * ```
 */
export interface XmlParseOptions {
  /** the deepest nesting accepted: an element that holds elements is one level, like a JSON object or array (default 128) */
  readonly maxDepth?: number;
  /** the longest text accepted, in UTF-16 code units (default 10 Mi) */
  readonly maxLength?: number;
}

/** Default nesting limit of the XML parser (as for JSON bodies). */
export const DEFAULT_MAX_XML_DEPTH: number = 128;

/** Default length limit of the XML parser, in UTF-16 code units (the receivers' default body limit is 10 MiB). */
export const DEFAULT_MAX_XML_LENGTH: number = 10 * 1024 * 1024;

/**
 * An XML body that is not well-formed, or breaks the conventions (a DOCTYPE, an undefined
 * entity, text next to elements, ...). The message starts with the place: `line 3, column 7: ...`.
 * @example
 * ```ts
 * try { parseAcmeXml('widgets/create', body); } catch (e) { if (e instanceof XmlSyntaxError) console.warn(e.line, e.column, e.message); }
 * ```
 */
export class XmlSyntaxError extends SyntaxError {
  /** 1-based line of the problem (0 when it concerns the whole text) */
  readonly line: number;
  /** 1-based column, in UTF-16 code units (0 when it concerns the whole text) */
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(line > 0 ? `line ${line}, column ${column}: ${message}` : message);
    this.name = 'XmlSyntaxError';
    this.line = line;
    this.column = column;
  }
}

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Characters XML 1.0 does not allow (after line ends became \n): C0 controls other than tab and line feed, U+FFFE, U+FFFF, lone surrogates. */
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The same, for text the writer must refuse (a carriage return is written as a character reference). */
const UNWRITABLE_CHAR = INVALID_CHAR;
const INTEGER = /^-?[0-9]+$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const DECLARATION = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*$/;
const PREDEFINED: { readonly [name: string]: string } = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f) && c !== 0xfeff);
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

/** True when the text is empty or only XML white space. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The text without XML white space at either end (a loop: a regex would backtrack over long runs). */
function trimSpace(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

/** Defines an own member, `__proto__` included (as JSON.parse does). */
function setMember(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

// ---- reading values by type ----

type Scalar = 'string' | 'datetime' | 'date' | 'integer' | 'int64' | 'number' | 'boolean' | 'any';

/** An integer's text as a number, or as its digits when it is beyond 2^53 (as the lossless JSON parser keeps it). */
function readInteger(text: string): JsonValue | undefined {
  const t = trimSpace(text);
  if (!INTEGER.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : canonicalDigits(t);
}

/** A 64-bit integer's text as its canonical decimal digits (no leading zeros, no `-0`). */
function readInt64(text: string): string | undefined {
  const t = trimSpace(text);
  return INTEGER.test(t) ? canonicalDigits(t) : undefined;
}

function canonicalDigits(t: string): string {
  const negative = t.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  while (i < t.length - 1 && t.charCodeAt(i) === 48) i++;
  const digits = t.slice(i);
  return negative && digits !== '0' ? `-${digits}` : digits;
}

function readNumber(text: string): number | undefined {
  const t = trimSpace(text);
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function readBoolean(text: string): boolean | undefined {
  const t = trimSpace(text);
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** A leaf's text as one scalar type; undefined when it does not fit. */
function readScalar(kind: Scalar, text: string): JsonValue | undefined {
  switch (kind) {
    case 'string':
    case 'datetime':
    case 'date':
      return text;
    case 'integer':
      return readInteger(text);
    case 'int64':
      return readInt64(text);
    case 'number':
      return readNumber(text);
    case 'boolean':
      return readBoolean(text);
    case 'any':
      return undefined;
  }
}

/** A leaf read by its `type` attribute alone: where the model has no type, or the text does not fit the model's. */
function readByAttribute(attribute: string | undefined, text: string): JsonValue {
  let v: JsonValue | undefined;
  if (attribute === 'integer') v = readInteger(text);
  else if (attribute === 'decimal' || attribute === 'float') v = readNumber(text);
  else if (attribute === 'boolean') v = readBoolean(text);
  else if ((attribute === 'hash' || attribute === 'object') && isBlank(text)) v = {};
  return v === undefined ? text : v;
}

/** The `type` attribute values that name a kind of scalar, and the scalar types that read them first. */
function preferred(attribute: string | undefined): readonly Scalar[] {
  if (attribute === 'integer') return ['int64', 'integer', 'number'];
  if (attribute === 'decimal' || attribute === 'float') return ['number'];
  if (attribute === 'boolean') return ['boolean'];
  return ['string', 'datetime', 'date'];
}

// ---- the parser ----

/** One open element while the text is read. */
interface Frame {
  readonly name: string;
  readonly start: number;
  /** the model's type here (a ref resolved) */
  readonly type: XmlType;
  readonly typeAttribute: string | undefined;
  readonly nil: boolean;
  /** its key in the parent object (undefined for the root and array items) */
  readonly member: string | undefined;
  /** its text, while it has no child element */
  text: string[];
  /** 0: no child yet; 1: an object; 2: an array */
  mode: 0 | 1 | 2;
  object: JsonObject | undefined;
  array: JsonValue[] | undefined;
  /** object mode: the object types whose members it holds */
  members: readonly XmlObjectType[];
  /** array mode: the items' type */
  items: XmlType;
}

/**
 * Reads an XML body into the JSON value the same delivery has in JSON, with the table's types
 * for `topic` (undefined, or a topic the table does not know: every value by its `type` attribute).
 * @throws XmlSyntaxError when the text is not well-formed XML, uses a DTD or an undefined
 * entity, breaks the conventions (text next to elements, a member twice, ...) or a limit
 * @example
 * ```ts
 * const payload = parseXmlPayload(table, 'widgets/create', '<widget><id type="integer">1</id></widget>'); // { id: 1 }
 * ```
 */
export function parseXmlPayload(table: XmlTable, topic: string | undefined, text: string, options?: XmlParseOptions): JsonValue {
  if (typeof text !== 'string') throw new TypeError(`the XML body must be a string, not ${text === null ? 'null' : typeof text}`);
  const maxDepth = limit(options?.maxDepth, 'maxDepth', DEFAULT_MAX_XML_DEPTH);
  const maxLength = limit(options?.maxLength, 'maxLength', DEFAULT_MAX_XML_LENGTH);
  if (text.length > maxLength) throw new XmlSyntaxError(`the XML body is ${text.length} characters long, over the limit of ${maxLength}`, 0, 0);
  const entry = topic !== undefined && hasOwn(table.topics, topic) ? table.topics[topic] : undefined;
  const rootType: XmlType = entry === undefined ? {} : entry.type;
  return new Parser(table, text, maxDepth).document(rootType);
}

function limit(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`\`${name}\` must be a non-negative number`);
  return value;
}

class Parser {
  private readonly s: string;
  private i = 0;
  private readonly stack: Frame[] = [];
  private result: JsonValue | undefined;
  private rootDone = false;

  constructor(
    private readonly table: XmlTable,
    text: string,
    private readonly maxDepth: number,
  ) {
    // a byte order mark is not content; line ends are normalized to \n (XML 1.0 §2.11)
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.s = body.indexOf('\r') >= 0 ? body.replace(/\r\n?/g, '\n') : body;
  }

  /** A syntax error at offset `at` (default: the current position). */
  private fail(message: string, at: number = this.i): XmlSyntaxError {
    let line = 1;
    let lineStart = 0;
    for (let k = this.s.indexOf('\n'); k >= 0 && k < at; k = this.s.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    return new XmlSyntaxError(message, line, at - lineStart + 1);
  }

  document(rootType: XmlType): JsonValue {
    const s = this.s;
    const bad = INVALID_CHAR.exec(s);
    if (bad) {
      const c = bad[0].charCodeAt(0);
      throw this.fail(`the character U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0`, bad.index);
    }
    if (s.startsWith('<?xml') && (s.length === 5 || isSpace(s.charCodeAt(5)) || s.startsWith('?>', 5))) this.declaration();
    const n = s.length;
    while (this.i < n) {
      const lt = s.indexOf('<', this.i);
      const end = lt < 0 ? n : lt;
      if (end > this.i) this.text(this.i, end);
      if (lt < 0) break;
      this.i = lt;
      this.markup(rootType);
    }
    const open = this.stack[this.stack.length - 1];
    if (open) throw this.fail(`the document ends inside <${open.name}> (opened at ${this.where(open.start)})`, n);
    if (this.result === undefined) throw this.fail('the document has no root element', n);
    return this.result;
  }

  private where(at: number): string {
    const e = this.fail('', at);
    return `line ${e.line}, column ${e.column}`;
  }

  /** `<?xml version="1.0" encoding="UTF-8"?>`: version 1.x, UTF-8 (the body is read as UTF-8). */
  private declaration(): void {
    const end = this.s.indexOf('?>', 5);
    if (end < 0) throw this.fail('the XML declaration has no `?>`');
    if (end - 5 > 200) throw this.fail('the XML declaration is over 200 characters long');
    const m = DECLARATION.exec(this.s.slice(5, end));
    if (!m) throw this.fail('malformed XML declaration: expected <?xml version="1.0" encoding="UTF-8"?>');
    const encoding = m[3];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) throw this.fail(`the XML declaration names the encoding ${encoding}: only UTF-8 is read`);
    this.i = end + 2;
  }

  /** Character data between markup, from `from` to `to` (entity references decoded). */
  private text(from: number, to: number): void {
    const raw = this.s.slice(from, to);
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd >= 0) throw this.fail('`]]>` in text (write `]]&gt;`)', from + cdataEnd);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      if (!isBlank(raw)) throw this.fail(this.rootDone ? 'text after the root element' : 'text before the root element', from + firstNonSpace(raw));
      return;
    }
    this.addText(top, raw.indexOf('&') >= 0 ? this.decode(raw, from) : raw, from);
  }

  private addText(top: Frame, text: string, at: number): void {
    if (top.mode !== 0) {
      if (!isBlank(text)) throw this.fail(`<${top.name}> holds both elements and text: an element holds one value`, at);
      return;
    }
    top.text.push(text);
  }

  /** Decodes the five predefined entities and character references of `raw` (which starts at offset `at`). */
  private decode(raw: string, at: number): string {
    let out = '';
    let last = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
      // a reference is at most `&#x10FFFF;` or `&#1114111;` long (leading zeros aside): look a little further, never to the end
      let semi = -1;
      for (let k = amp + 1; k < raw.length && k <= amp + 40; k++) {
        const c = raw.charCodeAt(k);
        if (c === 59) {
          semi = k;
          break;
        }
        if (!(isNameChar(c) || c === 35)) break;
      }
      if (semi < 0) throw this.fail('`&` that starts no entity reference (write `&amp;`)', at + amp);
      const name = raw.slice(amp + 1, semi);
      let value: string;
      if (name.charCodeAt(0) === 35) {
        const hex = name.charCodeAt(1) === 120;
        const digits = name.slice(hex ? 2 : 1);
        if (!(hex ? /^[0-9A-Fa-f]{1,8}$/ : /^[0-9]{1,10}$/).test(digits.replace(/^0+(?=.)/, ''))) throw this.fail(`malformed character reference &${name};`, at + amp);
        const code = parseInt(digits, hex ? 16 : 10);
        if (!isXmlChar(code)) throw this.fail(`the character reference &${name}; names a character XML 1.0 does not allow`, at + amp);
        value = String.fromCodePoint(code);
      } else {
        const predefined = hasOwn(PREDEFINED, name) ? PREDEFINED[name] : undefined;
        if (predefined === undefined) {
          throw this.fail(`undefined entity &${name}; (only &lt; &gt; &amp; &quot; &apos; and character references: there is no DTD)`, at + amp);
        }
        value = predefined;
      }
      out += raw.slice(last, amp) + value;
      last = semi + 1;
    }
    return out + raw.slice(last);
  }

  /** The markup at `<`. */
  private markup(rootType: XmlType): void {
    const s = this.s;
    const at = this.i;
    const c = s.charCodeAt(at + 1);
    if (c === 47) return this.endTag();
    if (c === 33) {
      if (s.startsWith('<!--', at)) {
        const end = s.indexOf('-->', at + 4);
        if (end < 0) throw this.fail('a comment that is never closed (`-->`)');
        const dashes = s.indexOf('--', at + 4);
        if (dashes < end) throw this.fail('`--` inside a comment', dashes);
        this.i = end + 3;
        return;
      }
      if (s.startsWith('<![CDATA[', at)) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) throw this.fail('a CDATA section outside the root element');
        const end = s.indexOf(']]>', at + 9);
        if (end < 0) throw this.fail('a CDATA section that is never closed (`]]>`)');
        this.addText(top, s.slice(at + 9, end), at);
        this.i = end + 3;
        return;
      }
      if (s.startsWith('<!DOCTYPE', at)) throw this.fail('a DOCTYPE is not accepted: webhook bodies have no DTD, and a DTD could declare entities that expand without bound or read external files');
      throw this.fail('markup declarations (`<!...>`) are not accepted');
    }
    if (c === 63) {
      const end = s.indexOf('?>', at + 2);
      if (end < 0) throw this.fail('a processing instruction that is never closed (`?>`)');
      const target = /^[^\s?]*/.exec(s.slice(at + 2, Math.min(end, at + 64)))?.[0] ?? '';
      if (target.toLowerCase() === 'xml') throw this.fail('an XML declaration that is not at the very start of the body');
      if (target === '') throw this.fail('a processing instruction without a target');
      this.i = end + 2;
      return;
    }
    this.startTag(rootType);
  }

  private name(): string {
    const s = this.s;
    const from = this.i;
    if (!isNameStart(s.charCodeAt(from))) throw this.fail(from >= s.length ? 'the document ends inside a tag' : `expected a name, found ${show(s, from)}`);
    let k = from + 1;
    while (k < s.length && isNameChar(s.charCodeAt(k))) k++;
    this.i = k;
    return s.slice(from, k);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private startTag(rootType: XmlType): void {
    const s = this.s;
    const start = this.i;
    this.i++;
    const name = this.name();
    let typeAttribute: string | undefined;
    let nil = false;
    let key: string | undefined;
    const seen = new Set<string>();
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipSpace();
      const c = s.charCodeAt(this.i);
      if (c === 62) {
        this.i++;
        break;
      }
      if (c === 47 && s.charCodeAt(this.i + 1) === 62) {
        this.i += 2;
        selfClosing = true;
        break;
      }
      if (this.i >= s.length) throw this.fail(`the document ends inside the tag <${name}>`);
      if (!spaced) throw this.fail(`expected white space, \`>\` or \`/>\` in <${name}>, found ${show(s, this.i)}`);
      const attrAt = this.i;
      const attr = this.name();
      if (seen.has(attr)) throw this.fail(`the attribute ${attr} is given twice in <${name}>`, attrAt);
      seen.add(attr);
      this.skipSpace();
      if (s.charCodeAt(this.i) !== 61) throw this.fail(`expected \`=\` after the attribute ${attr}, found ${show(s, this.i)}`);
      this.i++;
      this.skipSpace();
      const q = s.charCodeAt(this.i);
      if (q !== 34 && q !== 39) throw this.fail(`expected a quoted value for the attribute ${attr}, found ${show(s, this.i)}`);
      const end = s.indexOf(q === 34 ? '"' : "'", this.i + 1);
      if (end < 0) throw this.fail(`the value of the attribute ${attr} is never closed`);
      const raw = s.slice(this.i + 1, end);
      const lt = raw.indexOf('<');
      if (lt >= 0) throw this.fail(`\`<\` in the value of the attribute ${attr} (write \`&lt;\`)`, this.i + 1 + lt);
      // attribute-value normalization: literal white space becomes a space, references are kept
      const normalized = raw.replace(/[\t\n]/g, ' ');
      const value = normalized.indexOf('&') >= 0 ? this.decode(normalized, this.i + 1) : normalized;
      this.i = end + 1;
      if (attr === 'type') typeAttribute = value;
      else if (attr === 'nil') nil = value === 'true';
      else if (attr === 'key') key = value;
    }
    this.open(name, start, typeAttribute, nil, key, rootType);
    if (selfClosing) this.close();
  }

  private endTag(): void {
    const s = this.s;
    const at = this.i;
    this.i += 2;
    const name = this.name();
    this.skipSpace();
    if (s.charCodeAt(this.i) !== 62) throw this.fail(`expected \`>\` to end </${name}, found ${show(s, this.i)}`);
    this.i++;
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) throw this.fail(`</${name}> closes no element`, at);
    if (top.name !== name) throw this.fail(`</${name}> where </${top.name}> was expected (<${top.name}> was opened at ${this.where(top.start)})`, at);
    this.close();
  }

  /** An element starts: its place in its parent, and the model's type there. */
  private open(name: string, start: number, typeAttribute: string | undefined, nil: boolean, key: string | undefined, rootType: XmlType): void {
    const parent = this.stack[this.stack.length - 1];
    let type: XmlType;
    let member: string | undefined;
    if (parent === undefined) {
      if (this.rootDone) throw this.fail(`a second root element <${name}>: the body holds one`, start);
      type = rootType;
    } else {
      if (this.stack.length > this.maxDepth) throw this.fail(`the elements nest deeper than ${this.maxDepth} levels`, start);
      if (parent.nil) throw this.fail(`<${parent.name} nil="true"> holds an element: a null has no content`, start);
      if (parent.mode === 0) this.becomeContainer(parent, start);
      if (parent.mode === 2) type = parent.items;
      else {
        member = key !== undefined ? key : name.replace(/-/g, '_');
        // the object exists in object mode
        const object = parent.object as JsonObject;
        if (hasOwn(object, member)) throw this.fail(`<${parent.name}> has the member ${JSON.stringify(member)} twice (an array is written with type="array")`, start);
        type = memberType(parent.members, member);
        // reserve the member's place, in document order
        setMember(object, member, null);
      }
    }
    this.stack.push({
      name,
      start,
      type: resolve(this.table, type),
      typeAttribute,
      nil,
      member,
      text: [],
      mode: 0,
      object: undefined,
      array: undefined,
      members: [],
      items: 'any',
    });
  }

  /** The first child element of `frame`: it holds an object or an array, by its `type` attribute and the model. */
  private becomeContainer(frame: Frame, at: number): void {
    for (const t of frame.text) if (!isBlank(t)) throw this.fail(`<${frame.name}> holds both text and elements: an element holds one value`, at);
    frame.text = [];
    const alternatives = flatten(this.table, frame.type);
    const arrays = alternatives.filter(isArrayType);
    const objects = alternatives.filter(isObjectType);
    if (frame.typeAttribute === 'array' || (objects.length === 0 && arrays.length > 0)) {
      frame.mode = 2;
      frame.array = [];
      frame.items = arrays[0]?.items ?? 'any';
    } else {
      frame.mode = 1;
      frame.object = {};
      frame.members = objects;
    }
  }

  /** An element ends: its value goes to its parent (or is the result). */
  private close(): void {
    const frame = this.stack.pop();
    if (frame === undefined) return;
    const value = this.value(frame);
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.result = value;
      this.rootDone = true;
    } else if (parent.mode === 2) (parent.array as JsonValue[]).push(value);
    // object mode: the member was reserved when the element opened
    else setMember(parent.object as JsonObject, frame.member ?? '', value);
  }

  private value(frame: Frame): JsonValue {
    if (frame.nil) {
      for (const t of frame.text) if (!isBlank(t)) throw this.fail(`<${frame.name} nil="true"> holds text: a null has no content`, frame.start);
      return null;
    }
    if (frame.mode === 1) return frame.object as JsonObject;
    if (frame.mode === 2) return frame.array as JsonValue[];
    const text = frame.text.length === 1 ? (frame.text[0] as string) : frame.text.join('');
    if (frame.typeAttribute === 'array') {
      if (!isBlank(text)) throw this.fail(`<${frame.name} type="array"> holds text: an array holds one element per item`, frame.start);
      return [];
    }
    return readLeaf(this.table, frame.type, frame.typeAttribute, text);
  }
}

/** A short view of the text at `at`, for a message. */
function show(s: string, at: number): string {
  if (at >= s.length) return 'the end of the body';
  return JSON.stringify(s.slice(at, at + 12));
}

function firstNonSpace(text: string): number {
  let k = 0;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  return k;
}

function isXmlChar(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function isArrayType(t: XmlType): t is XmlArrayType {
  return typeof t === 'object' && 'items' in t;
}

function isObjectType(t: XmlType): t is XmlObjectType {
  return typeof t === 'object' && !('items' in t) && !('anyOf' in t) && !('ref' in t);
}

/** A ref's type (followed through refs to refs); anything else as it is. */
function resolve(table: XmlTable, type: XmlType): XmlType {
  let t = type;
  for (let hops = 0; typeof t === 'object' && 'ref' in t; hops++) {
    const found = hops < 32 && hasOwn(table.types, t.ref) ? table.types[t.ref] : undefined;
    if (found === undefined) throw new TypeError(`the XML table has no type ${t.ref}${hops >= 32 ? ' (refs in a cycle)' : ''}`);
    t = found;
  }
  return t;
}

/** The alternatives of a type: a union's members (nested unions flattened, refs resolved), or the type itself. */
function flatten(table: XmlTable, type: XmlType): XmlType[] {
  const t = resolve(table, type);
  if (typeof t === 'object' && 'anyOf' in t) return t.anyOf.flatMap((a) => flatten(table, a));
  return [t];
}

/** The type of member `key` of an object with these object types: the first that declares it, else the first type of other members. */
function memberType(objects: readonly XmlObjectType[], key: string): XmlType {
  for (const o of objects) if (o.props !== undefined && hasOwn(o.props, key)) return o.props[key] as XmlType;
  for (const o of objects) if (o.values !== undefined) return o.values;
  return 'any';
}

/** An element without child elements: its text, read as the model's type says (see the module comment). */
function readLeaf(table: XmlTable, type: XmlType, attribute: string | undefined, text: string): JsonValue {
  const alternatives = flatten(table, type);
  if (alternatives.length === 1) {
    const only = alternatives[0] as XmlType;
    if (typeof only === 'string') {
      const v = readScalar(only, text);
      return v === undefined ? readByAttribute(attribute, text) : v;
    }
    if (isBlank(text) && attribute === undefined) return isArrayType(only) ? [] : {};
    return readByAttribute(attribute, text);
  }
  const scalars = alternatives.filter((a): a is Scalar => typeof a === 'string');
  // the kinds the `type` attribute names come first: `type="integer"` reads an int64-or-string field as an int64
  for (const kind of preferred(attribute)) {
    if (!scalars.includes(kind)) continue;
    const v = readScalar(kind, text);
    if (v !== undefined) return v;
  }
  if (isBlank(text) && attribute === undefined) {
    if (alternatives.some(isObjectType)) return {};
    if (alternatives.some(isArrayType)) return [];
  }
  for (const kind of ['int64', 'integer', 'number', 'boolean', 'string', 'datetime', 'date'] as const) {
    if (!scalars.includes(kind)) continue;
    const v = readScalar(kind, text);
    if (v !== undefined) return v;
  }
  return readByAttribute(attribute, text);
}

// ---- the writer ----

/**
 * The XML body for a payload, in the conventions above: the topic's root element, members as
 * dasherized elements in the payload's key order (a key that is no XML name, or holds a `-`,
 * as `<member key="...">`), `type` attributes for integers (64-bit ids too), decimals,
 * booleans, dates and arrays, `nil="true"` for null, two-space indentation.
 * @throws TypeError for a topic the table does not know, a value JSON cannot hold (a bigint, a
 * cycle) or a string with a character XML 1.0 cannot carry (a control character)
 * @example
 * ```ts
 * stringifyXmlPayload(table, 'widgets/create', { id: '450789469', note: null });
 * // <?xml version="1.0" encoding="UTF-8"?>\n<widget>\n  <id type="integer">450789469</id>\n  <note nil="true"/>\n</widget>\n
 * ```
 */
export function stringifyXmlPayload(table: XmlTable, topic: string, payload: unknown): string {
  const entry = typeof topic === 'string' && hasOwn(table.topics, topic) ? table.topics[topic] : undefined;
  if (entry === undefined) throw new TypeError(`no XML root element is known for the topic ${JSON.stringify(topic)}`);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  new Writer(table, out).element(entry.root, payload, entry.type, '', undefined);
  return out.join('');
}

class Writer {
  private readonly path: string[] = [];
  private readonly ancestors = new Set<object>();

  constructor(
    private readonly table: XmlTable,
    private readonly out: string[],
  ) {}

  private fail(message: string): TypeError {
    const pointer = this.path.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    return new TypeError(`${pointer || '(the payload)'}: ${message}`);
  }

  element(name: string, value: unknown, type: XmlType, indent: string, key: string | undefined): void {
    const out = this.out;
    const open = `${indent}<${name}${key === undefined ? '' : ` key="${this.attribute(key)}"`}`;
    const alternatives = flatten(this.table, type);
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) {
      out.push(`${open} nil="true"/>\n`);
    } else if (typeof value === 'string') {
      const int64 = alternatives.includes('int64') && INTEGER.test(value);
      const kind = int64 ? ' type="integer"' : alternatives.includes('datetime') ? ' type="datetime"' : alternatives.includes('date') ? ' type="date"' : '';
      out.push(`${open}${kind}>${this.text(value)}</${name}>\n`);
    } else if (typeof value === 'number') {
      const integer = Number.isInteger(value) && Math.abs(value) < 1e21 && !(alternatives.includes('number') && !alternatives.includes('integer'));
      out.push(`${open} type="${integer ? 'integer' : 'decimal'}">${String(value)}</${name}>\n`);
    } else if (typeof value === 'boolean') {
      out.push(`${open} type="boolean">${String(value)}</${name}>\n`);
    } else if (typeof value === 'object') {
      if (this.ancestors.has(value)) throw this.fail('the payload refers to itself (a cycle): JSON cannot hold it');
      this.ancestors.add(value);
      if (Array.isArray(value)) {
        if (value.length === 0) out.push(`${open} type="array"/>\n`);
        else {
          out.push(`${open} type="array">\n`);
          const items = alternatives.find(isArrayType)?.items ?? 'any';
          const item = singular(name);
          value.forEach((v: unknown, i) => {
            this.path.push(String(i));
            // JSON writes a missing item as null
            this.element(item, v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v, items, `${indent}  `, undefined);
            this.path.pop();
          });
          out.push(`${indent}</${name}>\n`);
        }
      } else {
        const members = value as { readonly [key: string]: unknown };
        const keys = Object.keys(members).filter((k) => {
          const v = members[k];
          return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
        });
        const objects = alternatives.filter(isObjectType);
        if (keys.length === 0) out.push(`${open}${objects.length > 0 ? '' : ' type="hash"'}/>\n`);
        else {
          out.push(`${open}>\n`);
          for (const k of keys) {
            this.path.push(k);
            const { element, key: keyAttribute } = elementName(k);
            this.element(element, members[k], memberType(objects, k), `${indent}  `, keyAttribute);
            this.path.pop();
          }
          out.push(`${indent}</${name}>\n`);
        }
      }
      this.ancestors.delete(value);
    } else {
      throw this.fail(`${typeof value} is not a JSON value`);
    }
  }

  /** Element text: `&`, `<`, `>` escaped, a carriage return as a character reference. */
  private text(value: string): string {
    this.check(value);
    return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
  }

  /** An attribute value: also `"` and the white space that attribute normalization would turn into spaces. */
  private attribute(value: string): string {
    this.check(value);
    return value.replace(/[&<>"\t\n\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : `&#${c.charCodeAt(0)};`));
  }

  private check(value: string): void {
    const bad = UNWRITABLE_CHAR.exec(value.replace(/\r/g, ''));
    if (bad) throw this.fail(`the string holds U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 cannot carry`);
  }
}

/** A JSON key as an element name: `line_items` → `line-items`; a key that would not come back from its name gets a `key` attribute. */
function elementName(key: string): { element: string; key: string | undefined } {
  const dashed = key.replace(/_/g, '-');
  if (!key.includes('-') && /^[A-Za-z][A-Za-z0-9._-]*$/.test(dashed) && !/^xml/i.test(dashed)) return { element: dashed, key: undefined };
  return { element: 'member', key };
}

/** The element name of an array's items: the singular of the array's (`line-items` → `line-item`), as Rails writes it. */
function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(name)) return name.slice(0, -2);
  if (/(ss|us|is)$/.test(name)) return name;
  if (/s$/.test(name) && name.length > 1) return name.slice(0, -1);
  return name;
}
