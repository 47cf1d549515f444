/**
 * Emitter: a provider's XML body module (`<provider>/xml`), for providers whose spec lists an
 * `xml` body format (`delivery.formats`). It holds the provider's XML table, the per-model
 * reading data the shared parser and writer in runtime/xml.ts need: for each named object type
 * its members' types, and for each topic its root element and payload type, all taken from the
 * same schemas as the validators (a 64-bit id is `int64`, a price typed as a string stays
 * `string`). The table is a value built with the AST builders; `parse<Prefix>Xml` and
 * `stringify<Prefix>Xml` hand it to the runtime.
 */
import type { ProviderModel, Schema, TopicModel } from '../model/types.js';
import type { CodeBuilder, Literal, Statement, TsModule } from '../print/ts.js';
import { isInt64Node } from '../model/hints.js';
import { sortedEntries } from '../util/order.js';
import { singular, xmlElementName } from '../util/naming.js';
import { namedTypes, refName, typeList } from './common.js';
import { paragraphs, type CodeEmitter, type Files } from './code.js';
import { deliversXml, indexNames } from './topics.js';

/** runtime/xml.ts `XmlType`, as a literal value. */
type XmlTypeValue = string | { readonly [key: string]: Literal };

export async function emitXml(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  if (!deliversXml(p)) return [];
  return code.files('xml', p, (b) => b.emitModule(xmlModule(b, p)));
}

/** How the value of a schema node is read from XML (see runtime/xml.ts `XmlType`). */
export function xmlType(node: Schema): XmlTypeValue {
  const alternatives: XmlTypeValue[] = [];
  const seen = new Set<string>();
  const add = (t: XmlTypeValue): void => {
    const members = typeof t === 'object' && Array.isArray(t.anyOf) ? (t.anyOf as XmlTypeValue[]) : [t];
    for (const m of members) {
      const key = JSON.stringify(m);
      if (seen.has(key)) continue;
      seen.add(key);
      alternatives.push(m);
    }
  };
  if (node.$ref) add({ ref: refName(node.$ref) });
  const enumTypes = node.type === undefined && node.enum ? node.enum.map((v) => (v === null ? 'null' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)) : [];
  for (const t of [...typeList(node), ...enumTypes]) {
    if (t === 'string') add(isInt64Node(node) ? 'int64' : node.format === 'date-time' ? 'datetime' : node.format === 'date' ? 'date' : 'string');
    else if (t === 'integer' || t === 'number' || t === 'boolean') add(t);
    else if (t === 'array') add({ items: node.items ? xmlType(node.items) : 'any' });
    else if (t === 'object') add(objectType(node));
  }
  for (const a of node.anyOf ?? []) {
    const t = xmlType(a);
    if (t !== 'any' || typeList(a).some((x) => x !== 'null')) add(t);
  }
  if (alternatives.length === 0) return 'any';
  if (alternatives.length === 1) return alternatives[0] as XmlTypeValue;
  return { anyOf: alternatives };
}

/** An object node: its members' types (sorted) and the type of any other member. */
function objectType(node: Schema): XmlTypeValue {
  const props = sortedEntries(node.properties ?? {}).map(([k, v]) => [k, xmlType(v)] as const);
  const extra = node.additionalProperties;
  return {
    ...(props.length ? { props: Object.fromEntries(props) } : {}),
    ...(extra && typeof extra === 'object' ? { values: xmlType(extra) } : {}),
  };
}

/** The root element of a topic's XML body: its first model's name, else its resource or the topic's first word (`widgets/create` → `widget`). */
function rootName(t: TopicModel): string {
  const model = t.payload[0];
  if (model !== undefined) return xmlElementName(model);
  return xmlElementName(t.resource ?? singular(t.topic.split(/[/.:]/)[0] ?? t.topic));
}

/** The XML table of a provider (runtime/xml.ts `XmlTable`) as a value. */
export function xmlTable(p: ProviderModel): { types: Record<string, XmlTypeValue>; topics: Record<string, { root: string; type: XmlTypeValue }> } {
  const typeNames = new Map(p.models.map((m) => [m.name, m.typeName]));
  const ref = (model: string): XmlTypeValue => ({ ref: typeNames.get(model) ?? model });
  return {
    types: Object.fromEntries(namedTypes(p).map(([name, schema]) => [name, xmlType(schema)])),
    topics: Object.fromEntries(
      p.topics.map((t) => [t.topic, { root: rootName(t), type: t.payload.length === 0 ? {} : t.payload.length === 1 ? ref(t.payload[0] as string) : { anyOf: t.payload.map(ref) } }]),
    ),
  };
}

/** The table as an object literal: one line per member type and per topic, each type written inline. */
function tableValue(b: CodeBuilder, table: ReturnType<typeof xmlTable>) {
  const typeValue = (t: XmlTypeValue) => {
    if (typeof t === 'object' && t.props !== undefined && t.props !== null && typeof t.props === 'object') {
      const { props, ...rest } = t;
      const members = b.obj(Object.entries(props as Record<string, Literal>).map(([k, v]) => [k, b.inlineLit(v)] as const));
      return b.obj([['props', members], ...Object.entries(rest).map(([k, v]) => [k, b.inlineLit(v)] as const)]);
    }
    return b.inlineLit(t);
  };
  return b.obj([
    ['types', b.obj(Object.entries(table.types).map(([k, v]) => [k, typeValue(v)] as const))],
    ['topics', b.obj(Object.entries(table.topics).map(([k, v]) => [k, b.inlineLit(v)] as const))],
  ]);
}

function one(list: Statement[]): Statement {
  if (list.length !== 1 || !list[0]) throw new Error('internal: expected one statement');
  return list[0];
}

/** The XML module of a provider. */
export function xmlModule(b: CodeBuilder, p: ProviderModel): TsModule {
  const n = indexNames(p);
  const title = b.doc(p.title);
  const formats = p.delivery.formats ?? [];
  const xmlTypes = formats.find((f) => f.format === 'xml')?.contentTypes ?? [];
  const contentTypes = b.doc(xmlTypes.map((t) => `\`${t}\``).join(' or '));
  const documented = p.topics.filter((t) => !t.undocumented);
  const example = documented[0] ?? p.topics[0];
  const exampleLit = b.doc(b.printNode(b.literalType(example?.topic ?? 'topic')));
  const exampleRoot = b.doc(example ? rootName(example) : 'payload');
  const table = xmlTable(p);
  const out: Statement[] = [
    b.importNamed(['parseXmlPayload', 'stringifyXmlPayload'], '../runtime/xml.js'),
    b.importNamed(['XmlParseOptions', 'XmlTable'], '../runtime/xml.js', true),
    b.importNamed([n.payload, n.topic], './index.js', true),
    b.exportFrom(['XmlSyntaxError', 'DEFAULT_MAX_XML_DEPTH', 'DEFAULT_MAX_XML_LENGTH'], '../runtime/xml.js'),
    b.exportFrom(['XmlParseOptions'], '../runtime/xml.js', true),
  ];
  out.push(
    b.withDoc(
      one(b.stmts`const xmlTable: XmlTable = ${tableValue(b, table)};`),
      paragraphs([
        `How ${p.title}'s XML bodies are read and written: for each named object type its members' types, for each topic its root element and payload type (see runtime/xml.js \`XmlType\`).`,
        'Made from the same schemas as the validators: the model, not the `type` attribute, decides how a value is read.',
      ]),
    ),
  );
  out.push(...b.stmts`
/**
 * Parses an XML body of ${title} (sent with Content-Type ${contentTypes}) into the payload the same delivery has in JSON, as {@link ${n.parse}} gives it.
 *
 * The docs give no XML sample: the body is read in the conventions of Rails \`to_xml\` (the Shopify family's XML webhooks): a root element named after the resource (\`<${exampleRoot}>\`), members as dasherized elements (\`line_items\` is \`<line-items>\`), \`nil="true"\` for null, arrays as \`type="array"\` elements holding one element per item, and \`type\` attributes (\`integer\`, \`decimal\`, \`boolean\`, \`datetime\`, ...).
 * Each value is read by the topic's model: a 64-bit id arrives as its exact decimal string, a field the model types as a string keeps its text whatever its \`type\` attribute says, an integer is a number. Where the model has no type (an unknown member, a free-form object) the \`type\` attribute decides.
 * A value whose text does not fit the model's type is kept as the \`type\` attribute says (or as a string), for the validator to report, as it would in JSON.
 *
 * The result is typed by topic but not validated.
 * @param topic - the topic the request was delivered for
 * @param body - the raw request body text (UTF-8 decoded)
 * @param options - the nesting and length limits (default 128 levels and 10 Mi characters)
 * @throws XmlSyntaxError when the body is not well-formed XML, has a DOCTYPE (no DTD is read, so no entity can expand), uses an entity other than the five XML ones or a character reference, holds text next to elements or a member twice, or is over a limit
 * @example
 * \`\`\`ts
 * const payload = ${n.parseXml}(${exampleLit}, await request.text()); // ${n.payload}<${exampleLit}>, not validated
 * \`\`\`
 */
export function ${n.parseXml}<T extends ${n.topic}>(topic: T, body: string, options?: XmlParseOptions): ${n.payload}<T> {
  // typed by topic, not validated: what the body says (see the TSDoc)
  return parseXmlPayload(xmlTable, topic, body, options) as unknown as ${n.payload}<T>;
}

/**
 * The XML body ${title} would send for a payload, in the conventions {@link ${n.parseXml}} reads: \`<?xml version="1.0" encoding="UTF-8"?>\`, the topic's root element, dasherized members in the payload's order, 64-bit ids and integers with \`type="integer"\`, other numbers \`type="decimal"\`, booleans \`type="boolean"\`, date-times \`type="datetime"\`, \`nil="true"\` for null, arrays with \`type="array"\` (items named by the singular), two-space indentation.
 * A key that is no XML name (or holds a \`-\`) is written \`<member key="...">\`. Use it to build XML test requests from fixtures.
 * @throws TypeError when a string holds a character XML 1.0 cannot carry (a control character other than tab and line breaks), or the payload is not JSON (a bigint, a cycle)
 * @example
 * \`\`\`ts
 * const body = ${n.stringifyXml}(${exampleLit}, payload); // <?xml ...?> <${exampleRoot}> ...
 * \`\`\`
 */
export function ${n.stringifyXml}<T extends ${n.topic}>(topic: T, payload: ${n.payload}<T>): string {
  return stringifyXmlPayload(xmlTable, topic, payload);
}
`);
  return { path: `${p.id}/xml`, sources: [`${p.specDir}/provider.yaml`, `${p.specDir}/models/*.yaml`], statements: out };
}
