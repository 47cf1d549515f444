// XML deliveries (issue 14, item 5): Spiffy Stores delivers JSON or XML, told apart by the
// Content-Type (spec/spiffy/provider.yaml `delivery.formats`). Every Spiffy sample is converted
// to XML by a converter written here, from the sample's JSON text (its numbers as written), in
// the Rails `to_xml` conventions the generated code assumes, independent of the generated
// parser and writer; it must parse, and be received (signed over the XML bytes), as the payload
// the same delivery gives in JSON. Then what must fail fails as documented (malformed XML, a
// DOCTYPE, entity tricks, deep nesting, a huge body, wrong types), the generated writer round
// trips every fixture, the test-request builder and `npm run trigger --format xml` send XML, and
// the spec key `delivery.formats` reports its problems where they are.

import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildSpiffyTestRequest,
  createSpiffyReceiver,
  parseSpiffyBody,
  parseSpiffyXml,
  spiffyFixture,
  spiffyTopicModels,
  spiffyTopics,
  stringifySpiffyXml,
  validateSpiffyPayload,
  XmlSyntaxError,
  type SpiffyPayload,
  type SpiffyTopic,
} from '../generated/spiffy/index.js';
import { parseXmlPayload, stringifyXmlPayload, type XmlTable } from '../generated/runtime/xml.js';
import { buildCratejoyTestRequest } from '../generated/cratejoy/index.js';
import { loadSpec } from '../src/spec/load.js';
import { trigger, TriggerUsageError } from '../src/tools/trigger/trigger.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const specText = (...p: string[]): string => fs.readFileSync(path.join(root, 'spec', ...p), 'utf8');
const SECRET = 'spiffy-xml-secret';
const SHOP = 'johns-apparel.spiffystores.com';
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The test's own converter: JSON text → XML in the Rails `to_xml` conventions. It reads the JSON
// itself (numbers keep their text: 327475578523353102 and 199.0 are written as printed) and
// writes what Rails writes: dasherized names, type="integer|decimal|boolean|datetime|array",
// nil="true", items named by the singular, an empty hash as an element with only a line break.

class RawNumber {
  constructor(readonly raw: string) {}
}
type Node = null | boolean | string | RawNumber | Node[] | { [key: string]: Node };

function readJson(text: string): Node {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): Node => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: Node } = {};
      ws();
      if (text[i] === '}') return i++, out;
      for (;;) {
        ws();
        const k = value();
        if (typeof k !== 'string') throw new Error(`test converter: a key at ${i}`);
        ws();
        if (text[i++] !== ':') throw new Error(`test converter: ':' at ${i}`);
        out[k] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return i++, out;
        else throw new Error(`test converter: ',' or '}' at ${i}`);
      }
    }
    if (c === '[') {
      i++;
      const out: Node[] = [];
      ws();
      if (text[i] === ']') return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return i++, out;
        else throw new Error(`test converter: ',' or ']' at ${i}`);
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      if (!m) throw new Error(`test converter: a string at ${i}`);
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    const m = /^(?:true|false|null|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(i));
    if (!m) throw new Error(`test converter: a value at ${i}`);
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : new RawNumber(m[0]);
  };
  return value();
}

/** Rails' `singularize` for the names in the samples (the parser never reads item names). */
function singularize(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('sses')) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return name;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

interface Style {
  /** two-space indentation and line breaks (Rails Builder), or none */
  pretty: boolean;
  /** strings holding `<` or `&` as CDATA sections */
  cdata: boolean;
  /** characters above U+007F as character references (`&#x2022;`) */
  charRefs: boolean;
}

function toXml(name: string, v: Node, style: Style, indent = ''): string {
  const nl = style.pretty ? '\n' : '';
  const ind = style.pretty ? indent : '';
  const tag = name.replace(/_/g, '-');
  if (v === null) return `${ind}<${tag} nil="true"/>${nl}`;
  if (typeof v === 'boolean') return `${ind}<${tag} type="boolean">${v}</${tag}>${nl}`;
  if (v instanceof RawNumber) return `${ind}<${tag} type="${/^-?[0-9]+$/.test(v.raw) ? 'integer' : 'decimal'}">${v.raw}</${tag}>${nl}`;
  if (typeof v === 'string') {
    const type = ISO_DATE_TIME.test(v) ? ' type="datetime"' : '';
    const cdata = style.cdata && /[<&]/.test(v) && !v.includes(']]>');
    let body = cdata ? `<![CDATA[${v}]]>` : escapeText(v);
    if (style.charRefs && !cdata) body = body.replace(/[^\u0000-\u007f]/gu, (c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`);
    return `${ind}<${tag}${type}>${body}</${tag}>${nl}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return `${ind}<${tag} type="array"/>${nl}`;
    return `${ind}<${tag} type="array">${nl}${v.map((item) => toXml(singularize(name), item, style, `${indent}  `)).join('')}${ind}</${tag}>${nl}`;
  }
  const keys = Object.keys(v);
  // Rails Builder writes an empty hash as the element around a line break
  if (keys.length === 0) return `${ind}<${tag}>\n${ind}</${tag}>${nl}`;
  return `${ind}<${tag}>${nl}${keys.map((k) => toXml(k, v[k] as Node, style, `${indent}  `)).join('')}${ind}</${tag}>${nl}`;
}

/** The root element of a model: its name dasherized (`DraftOrder` → draft-order). */
const rootOf = (model: string) => model.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

function sampleXml(model: string, jsonText: string, style: Style): string {
  return `${style.pretty ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${toXml(rootOf(model), readJson(jsonText), style)}`;
}

const PRETTY: Style = { pretty: true, cdata: false, charRefs: false };
const COMPACT: Style = { pretty: false, cdata: true, charRefs: true };

/** Every Spiffy sample, with every documented topic that carries its model. */
const samples = fs
  .readdirSync(path.join(root, 'spec', 'spiffy', 'models'))
  .sort()
  .flatMap((file) => {
    const model = YAML.parse(specText('spiffy', 'models', file)) as { model: string; samples: string[] };
    const topics = spiffyTopics.filter((t) => spiffyTopicModels[t].length === 1 && spiffyTopicModels[t][0] === model.model);
    return model.samples.flatMap((sample) => topics.map((topic) => ({ model: model.model, sample, topic, json: specText('spiffy', sample) })));
  });

const sign = (body: string | Buffer) => createHmac('sha256', SECRET).update(body).digest('base64');
const headersFor = (topic: string, body: string | Buffer, contentType: string) => ({
  'content-type': contentType,
  'x-spiffy-topic': topic,
  'x-spiffy-shop-domain': SHOP,
  'x-spiffy-hmac-sha256': sign(body),
});

describe('the test converter covers the samples', () => {
  it('finds every model sample and the 47 documented topics', () => {
    expect(new Set(samples.map((s) => s.model)).size).toBe(16);
    expect(new Set(samples.map((s) => s.topic)).size).toBe(47);
    // ids above 2^53 are in the XML as printed, not rounded
    const product = samples.find((s) => s.model === 'Product');
    expect(product && sampleXml('Product', product.json, PRETTY)).toContain('<id type="integer">327475578523353102</id>');
  });
});

describe('every Spiffy sample, converted to XML, is the payload JSON gives', () => {
  it.each(samples.map((s) => [s.topic, s.sample, s] as const))('%s (%s): parseSpiffyXml equals parseSpiffyBody', (_topic, _sample, s) => {
    const topic = s.topic as SpiffyTopic;
    const expected = parseSpiffyBody(topic, s.json);
    for (const style of [PRETTY, COMPACT]) expect(parseSpiffyXml(topic, sampleXml(s.model, s.json, style))).toEqual(expected);
  });

  it.each(samples.map((s) => [s.topic, s.sample, s] as const))('%s (%s): the receiver, signed over the XML bytes, gives the JSON delivery', async (_topic, _sample, s) => {
    const receiver = createSpiffyReceiver({ secrets: SECRET, invalidPayload: 'reject' });
    const json = await receiver.receive({ headers: headersFor(s.topic, s.json, 'application/json'), body: s.json });
    const xmlText = sampleXml(s.model, s.json, PRETTY);
    const xmlBytes = Buffer.from(xmlText, 'utf8');
    const xml = await receiver.receive({ headers: headersFor(s.topic, xmlBytes, 'application/xml; charset=utf-8'), body: xmlBytes });
    expect(json).toMatchObject({ ok: true, valid: true, format: 'json' });
    expect(xml).toMatchObject({ ok: true, valid: true, format: 'xml' });
    expect({ ...xml, format: 'json' }).toEqual(json);
    // text/xml is the other XML media type of the spec
    const compact = Buffer.from(sampleXml(s.model, s.json, COMPACT));
    const other = await receiver.receive({ headers: headersFor(s.topic, compact, 'Text/XML'), body: compact });
    expect(other.ok && other.payload).toEqual(json.ok && json.payload);
  });
});

// ---------------------------------------------------------------------------------------------
// What the model decides, and what the body's own markup decides

describe('reading by the model', () => {
  const order = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<order>${inner}</order>`;

  it('a string field keeps its text whatever its type attribute says; ids stay exact; integers are numbers', () => {
    const p = parseSpiffyXml('orders/create', order('<total-price type="decimal">199.00</total-price><id type="integer">0327475578523353102</id><number type="integer">234</number><checkout-id>327474488104976385</checkout-id>'));
    expect(p).toEqual({ total_price: '199.00', id: '327475578523353102', number: 234, checkout_id: '327474488104976385' });
  });

  it('entities, character references, CDATA, comments, processing instructions, a BOM and CRLF line ends', () => {
    const body = `\ufeff<?xml version='1.0' encoding='utf-8' standalone='yes'?>\r\n<!-- a comment -->\r\n<?app hint?>\r\n<order><note>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#8226;&#x2022;&#x1F600; <![CDATA[<raw> & ]]]]><![CDATA[>]]></note><name>line 1\r\nline 2</name><!-- between --></order>\r\n`;
    expect(parseSpiffyXml('orders/create', body)).toEqual({ note: 'a <b> & "c" \'d\' ••😀 <raw> & ]]>', name: 'line 1\nline 2' });
  });

  it('a member unknown to the model is read by its type attribute; a key attribute gives a key that is no XML name', () => {
    const p = parseSpiffyXml(
      'orders/create',
      order('<extra-count type="integer">3</extra-count><ratio type="float">0.5</ratio><flag type="boolean">true</flag><when type="datetime">2024-01-01T00:00:00Z</when><plain>7</plain><list type="array"><x type="integer">1</x><x nil="true"/></list><h type="hash"/><member key="Gift wrap">yes</member>'),
    );
    expect(p).toEqual({ extra_count: 3, ratio: 0.5, flag: true, when: '2024-01-01T00:00:00Z', plain: '7', list: [1, null], h: {}, 'Gift wrap': 'yes' });
  });

  it('the root element name is not checked: the topic header says what the payload is', () => {
    expect(parseSpiffyXml('orders/create', '<anything><id type="integer">5</id></anything>')).toEqual({ id: '5' });
  });

  it('__proto__ is an own member, as JSON.parse makes it, and pollutes nothing', () => {
    const p = parseSpiffyXml('orders/create', order('<member key="__proto__"><polluted type="boolean">true</polluted></member>')) as unknown as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(p, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
  });
});

// ---------------------------------------------------------------------------------------------
// Failures: each with its documented kind, status and a located message

const receiver = createSpiffyReceiver({ secrets: SECRET });
async function receiveXml(body: string | Buffer, topic = 'orders/create', options?: Parameters<typeof createSpiffyReceiver>[0]) {
  const r = options ? createSpiffyReceiver(options) : receiver;
  return r.receive({ headers: headersFor(topic, body, 'application/xml'), body });
}

describe('malformed XML is invalid_xml (400), with the place in the message', () => {
  const cases: [string, string, RegExp][] = [
    ['an unclosed element', '<order><id>1</id>', /^line 1, column 18: the document ends inside <order>/],
    ['a mismatched end tag', '<order><id>1</name></order>', /<\/name> where <\/id> was expected/],
    ['a bare &', '<order><note>a & b</note></order>', /`&` that starts no entity reference/],
    ['a < in an attribute', '<order><id type="<">1</id></order>', /`<` in the value of the attribute type/],
    ['a repeated attribute', '<order><id type="integer" type="integer">1</id></order>', /the attribute type is given twice/],
    ['text after the root', '<order/>trailing', /text after the root element/],
    ['a second root', '<order/><order/>', /a second root element/],
    ['no root at all', '   ', /the document has no root element/],
    ['a control character', '<order><note>\u0001</note></order>', /U\+0001 is not allowed in XML 1.0/],
    ['a character reference to NUL', '<order><note>&#0;</note></order>', /names a character XML 1.0 does not allow/],
    ['text next to elements', '<order>text<id>1</id></order>', /holds both text and elements/],
    ['a member twice', '<order><id>1</id><id>2</id></order>', /has the member "id" twice/],
    ['a null with content', '<order><note nil="true">x</note></order>', /a null has no content/],
    ['an array holding text', '<order><line-items type="array">x</line-items></order>', /an array holds one element per item/],
    ['an encoding other than UTF-8', '<?xml version="1.0" encoding="ISO-8859-1"?><order/>', /only UTF-8 is read/],
    ['an XML declaration not at the start', ' <?xml version="1.0"?><order/>', /not at the very start/],
    ['a comment with --', '<order><!-- a -- b --></order>', /`--` inside a comment/],
    [']]> in text', '<order><note>a ]]> b</note></order>', /`]]>` in text/],
  ];
  it.each(cases)('%s', async (_name, body, message) => {
    expect(() => parseSpiffyXml('orders/create', body)).toThrow(XmlSyntaxError);
    expect(() => parseSpiffyXml('orders/create', body)).toThrow(message);
    const r = await receiveXml(body);
    expect(r).toMatchObject({ ok: false, reason: 'invalid_xml', status: 400, topic: 'orders/create' });
    expect(!r.ok && r.message).toMatch(/^the body is not XML as Spiffy Stores sends it: /);
  });

  it('an XmlSyntaxError carries its line and column', () => {
    try {
      parseSpiffyXml('orders/create', '<order>\n  <id>1</id>\n  <id>2</id>\n</order>');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlSyntaxError);
      expect(e).toMatchObject({ line: 3, column: 3 });
    }
  });

  it('a body that is not UTF-8 is invalid_xml', async () => {
    const body = Buffer.concat([Buffer.from('<order><note>'), Buffer.from([0xff, 0xfe]), Buffer.from('</note></order>')]);
    expect(await receiveXml(body)).toMatchObject({ ok: false, reason: 'invalid_xml', status: 400 });
  });
});

describe('entity tricks: no DTD, no entity beyond the five XML ones', () => {
  const lol = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`), ']>', '<order><note>&lol9;</note></order>'].join('\n');
  const cases: [string, string, RegExp][] = [
    ['billion laughs', lol, /^line 2, column 1: a DOCTYPE is not accepted/],
    ['an external entity (XXE)', '<?xml version="1.0"?>\n<!DOCTYPE order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<order><note>&xxe;</note></order>', /a DOCTYPE is not accepted/],
    ['an external DTD', '<!DOCTYPE order SYSTEM "http://127.0.0.1:9/evil.dtd"><order/>', /a DOCTYPE is not accepted/],
    ['a parameter entity', '<!DOCTYPE order [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p">%p;]><order/>', /a DOCTYPE is not accepted/],
    ['an entity used without a DTD', '<order><note>&lol9;</note></order>', /undefined entity &lol9;/],
    ['an entity in an attribute', '<order><note type="&xxe;">x</note></order>', /undefined entity &xxe;/],
    ['a markup declaration in the body', '<order><!ENTITY x "y"></order>', /markup declarations/],
  ];
  it.each(cases)('%s: invalid_xml, and nothing is expanded or fetched', async (_name, body, message) => {
    expect(() => parseSpiffyXml('orders/create', body)).toThrow(message);
    const r = await receiveXml(body);
    expect(r).toMatchObject({ ok: false, reason: 'invalid_xml', status: 400 });
    expect(!r.ok && r.message).toMatch(message.source.replace(/^\^/, ''));
  });
});

describe('limits: nesting and size are bounded', () => {
  const nested = (levels: number, leaf = '<x>1</x>') => `<order>${'<a>'.repeat(levels)}${leaf}${'</a>'.repeat(levels)}</order>`;

  it('nesting deeper than maxDepth (default 128) is invalid_xml; a leaf below the deepest container is not a level', async () => {
    // <order> + 127 <a>: 128 elements that hold elements, then a leaf
    expect(await receiveXml(nested(127))).toMatchObject({ ok: true });
    expect(await receiveXml(nested(128))).toMatchObject({ ok: false, reason: 'invalid_xml', status: 400 });
    const r = await receiveXml(nested(128));
    expect(!r.ok && r.message).toMatch(/nest deeper than 128 levels/);
    expect(await receiveXml(nested(3), 'orders/create', { secrets: SECRET, maxDepth: 3 })).toMatchObject({ ok: false, reason: 'invalid_xml' });
    expect(await receiveXml(nested(2), 'orders/create', { secrets: SECRET, maxDepth: 3 })).toMatchObject({ ok: true });
  });

  it('100 000 nested elements: rejected at the limit, without recursion', async () => {
    const deep = `<order>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</order>`;
    expect(() => parseSpiffyXml('orders/create', deep)).toThrow(/nest deeper than 128 levels/);
    expect(() => parseSpiffyXml('orders/create', deep, { maxDepth: 200_000 })).not.toThrow();
  });

  it('a body over maxBodyBytes is payload_too_large (413) before it is parsed; the parser has its own length limit', async () => {
    const big = `<order><note>${'x'.repeat(2048)}</note></order>`;
    expect(await receiveXml(big, 'orders/create', { secrets: SECRET, maxBodyBytes: 1024 })).toMatchObject({ ok: false, reason: 'payload_too_large', status: 413 });
    expect(() => parseSpiffyXml('orders/create', big, { maxLength: 1024 })).toThrow(/over the limit of 1024/);
  });

  // inputs that would take quadratic time in a naive scanner; each must simply finish
  const huge: [string, () => string][] = [
    ['200 000 empty items, an entity at the end', () => `<order><x type="array">${'<a/>'.repeat(200_000)}</x><note>&amp;</note></order>`],
    ['200 000 array items with text', () => `<order><x type="array">${'<i type="integer">1</i>'.repeat(200_000)}</x></order>`],
    ['one element with 50 000 attributes', () => `<order ${Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`],
    ['a 2 MB text of white space and one character', () => `<order><note>${' '.repeat(2_000_000)}x${' '.repeat(2_000_000)}</note><id> ${' '.repeat(1_000_000)}5 </id></order>`],
    ['a comment of 1 000 000 dashes that is never closed', () => `<order><!--${'-'.repeat(1_000_000)}`],
    ['an unterminated attribute value of 3 MB', () => `<order a="${'x'.repeat(3_000_000)}`],
    ['5 MB of & without ;', () => `<order><note>${'&'.repeat(100)}${'a'.repeat(5_000_000)}</note></order>`],
  ];
  it.each(huge)('%s: parsed or rejected in one pass', (_name, make) => {
    const text = make();
    let outcome: unknown;
    try {
      outcome = parseSpiffyXml('orders/create', text);
    } catch (e) {
      outcome = e;
    }
    expect(outcome instanceof XmlSyntaxError || (outcome !== null && typeof outcome === 'object')).toBe(true);
  });
});

describe('wrong types: the documented drift, as in JSON', () => {
  const body = '<order><id type="integer">327475578523353102</id><number>many</number><taxes-included type="boolean">yes</taxes-included><email><a>x</a></email><line-items type="array"><line-item><quantity type="integer">1.5</quantity></line-item></line-items></order>';

  it('accepted as valid: false (2xx) with every issue at its path', async () => {
    const r = await receiveXml(body);
    expect(r).toMatchObject({ ok: true, valid: false, format: 'xml' });
    const issues = r.ok && !r.valid ? r.issues.map((i) => `${i.path}: ${i.expected} / ${i.received}`) : [];
    expect(issues).toEqual([
      '/email: string | null / object',
      '/line_items/0/quantity: integer | null / string',
      '/number: integer | null / string',
      '/taxes_included: boolean | null / string',
    ]);
  });

  it("rejected as invalid_payload (422) with invalidPayload: 'reject'", async () => {
    const r = await receiveXml(body, 'orders/create', { secrets: SECRET, invalidPayload: 'reject' });
    expect(r).toMatchObject({ ok: false, reason: 'invalid_payload', status: 422 });
  });

  it('a 64-bit id that is not an integer is kept as its text, for the validator to report', () => {
    expect(parseSpiffyXml('orders/create', '<order><id type="integer">12abc</id></order>')).toEqual({ id: '12abc' });
    expect(validateSpiffyPayload('orders/create', { id: '12abc' })).toMatchObject({ ok: false });
  });
});

// ---------------------------------------------------------------------------------------------
// How a receiver tells XML from JSON, and the signature over the raw bytes

describe('the Content-Type decides the format; the signature covers the raw XML bytes', () => {
  const payload = spiffyFixture('orders/create').sample();

  it('application/json, a missing Content-Type or another one: JSON (an XML body then is invalid_json, with a hint)', async () => {
    const xml = stringifySpiffyXml('orders/create', payload);
    for (const type of ['application/json', 'text/plain', undefined]) {
      const headers: Record<string, string> = headersFor('orders/create', xml, type ?? '');
      if (type === undefined) delete headers['content-type'];
      const r = await receiver.receive({ headers, body: xml });
      expect(r).toMatchObject({ ok: false, reason: 'invalid_json', status: 400 });
      expect(!r.ok && r.message).toMatch(/it starts like XML: an XML body needs an XML Content-Type/);
    }
  });

  it('a changed byte fails the signature, even where the XML means the same', async () => {
    const xml = stringifySpiffyXml('orders/create', payload);
    const signature = sign(xml);
    const same = xml.replace('<order>', '<order >');
    const r = await receiver.receive({ headers: { ...headersFor('orders/create', xml, 'application/xml'), 'x-spiffy-hmac-sha256': signature }, body: same });
    expect(r).toMatchObject({ ok: false, reason: 'invalid_hmac', status: 401 });
  });
});

describe('building XML deliveries: writer, test requests, fixtures, trigger', () => {
  it.each(spiffyTopics)('%s: every fixture round trips writer → parser and stays valid', (topic) => {
    const f = spiffyFixture(topic);
    for (const payload of [f.sample(), f.build(), ...f.buildList(3, undefined, { seed: 11 })]) {
      const xml = stringifySpiffyXml(topic, payload as SpiffyPayload<typeof topic>);
      expect(parseSpiffyXml(topic, xml)).toEqual(payload);
      expect(validateSpiffyPayload(topic, parseSpiffyXml(topic, xml)).ok).toBe(validateSpiffyPayload(topic, payload).ok);
    }
  });

  it('the writer follows the conventions: declaration, root, dashes, types, nil, arrays, empty hashes', () => {
    const xml = stringifySpiffyXml('carts/create', { id: 'c1', token: null, line_items: [{ id: '9007199254740993', grams: 5, gift_card: false, properties: {}, discounts: [] }] });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<cart>',
        '  <id>c1</id>',
        '  <token nil="true"/>',
        '  <line-items type="array">',
        '    <line-item>',
        '      <id type="integer">9007199254740993</id>',
        '      <grams type="integer">5</grams>',
        '      <gift-card type="boolean">false</gift-card>',
        '      <properties/>',
        '      <discounts type="array"/>',
        '    </line-item>',
        '  </line-items>',
        '</cart>',
        '',
      ].join('\n'),
    );
  });

  it('free-form values round trip by their type attributes: odd keys, nested empties, numbers, text that needs escaping', () => {
    const value = {
      'Gift wrap': 'yes',
      'a-b': 1,
      _md: { x: [] },
      xml_thing: '<&>"\r\n\t',
      __proto__x: { nested: {}, list: [[1, 2.5], [], [{}]], t: true, n: null, big: '123456789012345678901234567890' },
      ['__proto__']: { a: 1 },
    };
    const payload: Record<string, unknown> = value;
    expect(Object.keys(payload)).toContain('__proto__');
    const xml = stringifySpiffyXml('catalogs/create', payload as SpiffyPayload<'catalogs/create'>);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<catalog>\n')).toBe(true);
    expect(parseSpiffyXml('catalogs/create', xml)).toEqual(payload);
  });

  it('the writer refuses what XML 1.0 cannot carry, and what JSON cannot hold', () => {
    expect(() => stringifySpiffyXml('orders/create', { id: '1', note: 'bell \u0007' })).toThrow(/^\/note: the string holds U\+0007, which XML 1.0 cannot carry$/);
    const cyclic: Record<string, unknown> = { id: '1' };
    cyclic.self = cyclic;
    expect(() => stringifySpiffyXml('orders/create', cyclic as unknown as SpiffyPayload<'orders/create'>)).toThrow(/\/self: the payload refers to itself/);
    expect(() => stringifySpiffyXml('nope/never' as SpiffyTopic, { id: '1' } as SpiffyPayload)).toThrow(/no XML root element is known for the topic "nope\/never"/);
  });

  it("buildSpiffyTestRequest({ format: 'xml' }) sends the fixture as XML, signed over its bytes, and the receiver takes it", async () => {
    const payload = spiffyFixture('products/create').build();
    const request = await buildSpiffyTestRequest({ topic: 'products/create', payload, secret: SECRET, format: 'xml' });
    expect(request.headers['Content-Type']).toBe('application/xml');
    expect(request.body).toBe(stringifySpiffyXml('products/create', payload));
    expect(request.headers['X-Spiffy-Hmac-Sha256']).toBe(sign(request.body));
    const r = await receiver.receive({ headers: request.headers, body: request.body });
    expect(r).toMatchObject({ ok: true, valid: true, format: 'xml', topic: 'products/create', shopDomain: SHOP });
    expect(r.ok && r.payload).toEqual(payload);
    const json = await buildSpiffyTestRequest({ topic: 'products/create', payload, secret: SECRET });
    expect(json.headers['Content-Type']).toBe('application/json');
    // @ts-expect-error: Spiffy delivers json or xml
    await expect(buildSpiffyTestRequest({ topic: 'products/create', payload, secret: SECRET, format: 'yaml' })).rejects.toThrow(/`format` must be "json" or "xml"; got "yaml"/);
    // a provider with one format: JSON only
    await expect(buildCratejoyTestRequest({ topic: 'order_new', payload: {} as never, format: 'xml' } as never)).rejects.toThrow(/`format` must be "json"; got "xml"/);
  });

  it('npm run trigger --format xml sends the XML delivery; a provider without XML refuses it', async () => {
    const { request } = await trigger({ provider: 'spiffy', topic: 'orders/create', to: 'http://127.0.0.1:1/hooks', secret: SECRET, format: 'xml', dryRun: true, root });
    expect(request.headers['Content-Type']).toBe('application/xml');
    expect(request.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<order>\n/);
    const r = await receiver.receive({ headers: request.headers, body: request.body });
    expect(r).toMatchObject({ ok: true, valid: true, format: 'xml' });
    await expect(trigger({ provider: 'spiffy', topic: 'orders/create', to: 'http://127.0.0.1:1/', secret: SECRET, format: 'xlm', dryRun: true, root })).rejects.toThrow(
      new TriggerUsageError('--format: Spiffy Stores delivers json or xml bodies, not "xlm" (did you mean xml?)'),
    );
    await expect(trigger({ provider: 'cratejoy', topic: 'order_new', to: 'http://127.0.0.1:1/', format: 'xml', dryRun: true, root })).rejects.toThrow(/^--format: Cratejoy delivers json bodies, not "xml" \(its spec lists no other format under delivery.formats\)$/);
  });
});

describe('the runtime parser on its own', () => {
  const table: XmlTable = { types: { T: { props: { n: 'integer', s: 'string', u: { anyOf: ['int64', 'string'] }, o: { anyOf: [{ ref: 'T' }, { items: 'integer' }] } } } }, topics: { t: { root: 't', type: { ref: 'T' } } } };

  it('a union picks by the type attribute, then by what the text fits', () => {
    expect(parseXmlPayload(table, 't', '<t><u type="integer">007</u><o><n type="integer">1</n></o></t>')).toEqual({ u: '7', o: { n: 1 } });
    expect(parseXmlPayload(table, 't', '<t><u>007</u><o type="array"><i>2</i></o></t>')).toEqual({ u: '007', o: [2] });
    expect(parseXmlPayload(table, 't', '<t><o/></t>')).toEqual({ o: {} });
    expect(parseXmlPayload(table, undefined, '<t><n>1</n><e/></t>')).toEqual({ n: '1', e: '' });
  });

  it('a ref the table lacks is a TypeError (a generator bug), not a syntax error', () => {
    expect(() => parseXmlPayload({ types: {}, topics: { t: { root: 't', type: { ref: 'Nope' } } } }, 't', '<t/>')).toThrow(TypeError);
    expect(() => stringifyXmlPayload(table, 'x', {})).toThrow(/no XML root element/);
  });
});

// ---------------------------------------------------------------------------------------------
// The spec key `delivery.formats`

describe('spec: delivery.formats', () => {
  function load(edit: (provider: string) => string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-xml-spec-'));
    tempDirs.push(dir);
    fs.cpSync(path.join(root, 'spec'), path.join(dir, 'spec'), { recursive: true });
    const file = path.join(dir, 'spec', 'spiffy', 'provider.yaml');
    const text = edit(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, text);
    return { ...loadSpec(dir, 'spec'), text };
  }
  const FORMATS = '  formats:\n    json: [application/json]\n    xml: [application/xml, text/xml]\n';

  it('loads Spiffy Stores formats, JSON first', () => {
    const { problems, providers } = load((t) => t);
    expect(problems).toEqual([]);
    expect(providers.find((p) => p.id === 'spiffy')?.delivery.formats).toEqual([
      { format: 'json', contentTypes: ['application/json'] },
      { format: 'xml', contentTypes: ['application/xml', 'text/xml'] },
    ]);
    expect(providers.find((p) => p.id === 'cratejoy')?.delivery.formats).toBeUndefined();
  });

  const cases: [string, (t: string) => string, string, RegExp][] = [
    ['an unknown format', (t) => t.replace(FORMATS, `${FORMATS}    yaml: [application/yaml]\n`), 'yaml:', /unknown key `yaml` in delivery.formats/],
    ['a misspelt format', (t) => t.replace('    xml: [', '    xlm: ['), 'xlm', /unknown key `xlm`/],
    ['formats that is not a map', (t) => t.replace(FORMATS, '  formats: [json, xml]\n'), 'formats: [json, xml]', /`delivery.formats` has the wrong type/],
    ['a format that is not a list', (t) => t.replace('xml: [application/xml, text/xml]', 'xml: application/xml'), 'xml: application/xml', /`delivery.formats.xml` has the wrong type/],
    ['an empty list', (t) => t.replace('xml: [application/xml, text/xml]', 'xml: []'), 'xml: []', /lists no media type/],
    ['a media type with a parameter', (t) => t.replace('text/xml]', 'text/xml; charset=utf-8]'), 'text/xml; charset', /not a media type/],
    ['a media type in capitals', (t) => t.replace('text/xml]', 'Text/XML]'), 'Text/XML', /not a media type/],
    ['a media type under two formats', (t) => t.replace('text/xml]', 'application/json]'), 'xml: [', /media type application\/json is listed for both json and xml/],
    ['no json entry', (t) => t.replace('    json: [application/json]\n', ''), 'formats:', /`formats` has no `json` entry/],
    ['one format only', (t) => t.replace('    xml: [application/xml, text/xml]\n', ''), 'formats:', /`formats` lists one format/],
    ['xml with an envelope', (t) => t.replace(FORMATS, `${FORMATS}  envelope:\n    payload: /data\n`), '    xml:', /XML bodies cannot be combined with an `envelope`/],
  ];
  it.each(cases)('reports %s where it is', (_name, edit, needle, message) => {
    const { problems, text } = load(edit);
    expect(text).toContain(FORMATS.split('\n')[0]);
    const problem = problems.find((p) => message.test(p.message));
    expect(problem, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(problem!.at.file).toBe('spec/spiffy/provider.yaml');
    expect([problem!.expected, problem!.found, problem!.fix].every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    expect(Math.abs(problem!.at.line! - text.slice(0, at).split('\n').length), `${problem!.message} at line ${problem!.at.line}`).toBeLessThanOrEqual(1);
  });
});
