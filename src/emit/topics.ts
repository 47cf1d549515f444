/**
 * Emitter: a provider's entry module (`<provider>/index`), one TypeScript source from which its
 * `.js` and `.d.ts` are compiled: the topic unions, the topic→payload map, `<Prefix>Payload<T>`,
 * one alias per topic with its TSDoc; the topic list, the topic→models table and the lossless
 * body parser over the shared runtime (runtime/json.js).
 */
import type { ProviderModel, TopicModel } from '../model/types.js';
import type { CodeBuilder, Expression, Statement, TsModule } from '../print/ts.js';
import { parsePointer } from '../util/pointer.js';
import { compareStrings } from '../util/order.js';
import { paragraphs, type CodeEmitter, type Files } from './code.js';
import { envelopeModel, isObjectModel } from './common.js';

export async function emitTopics(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  return code.files('index', p, (b) => b.emitModule(indexModule(b, p)));
}

/** The public names of a provider's entry module. */
export function indexNames(p: ProviderModel) {
  const T = p.typePrefix;
  const v = p.valuePrefix;
  return {
    topic: `${T}Topic`,
    documented: `${T}DocumentedTopic`,
    undocumented: `${T}UndocumentedTopic`,
    map: `${T}PayloadMap`,
    payload: `${T}Payload`,
    payloadField: `${T}PayloadField`,
    undocumentedPayload: `${T}UndocumentedPayload`,
    topics: `${v}Topics`,
    wildcard: `${T}Wildcard`,
    wildcards: `${v}Wildcards`,
    topicModels: `${v}TopicModels`,
    parse: `parse${T}Body`,
    parseEnvelope: `parse${T}Envelope`,
    envelope: `${T}Envelope`,
    stringify: `stringify${T}Body`,
    parseXml: `parse${T}Xml`,
    stringifyXml: `stringify${T}Xml`,
    int64Paths: `${v}Int64Paths`,
  };
}

/** True when the provider delivers XML bodies too (`delivery.formats.xml`): it gets a `<provider>/xml` module. */
export function deliversXml(p: ProviderModel): boolean {
  return p.delivery.formats?.some((f) => f.format === 'xml') === true;
}

/**
 * With an envelope and the topic in a body field outside the payload: the keys of that
 * field, which the stringifier fills in; otherwise undefined.
 */
export function envelopeTopic(p: ProviderModel): string[] | undefined {
  const env = p.delivery.envelope;
  if (!env || !('field' in p.delivery.topic)) return undefined;
  const payload = parsePointer(env.payload);
  const field = parsePointer(p.delivery.topic.field);
  const inside = field.length > payload.length && payload.every((k, i) => field[i] === k);
  return inside ? undefined : field;
}

/**
 * The type of a whole body of one topic, as TypeScript text: the envelope model with the member
 * at the payload pointer replaced by `payload` and, when the topic is a field of the envelope,
 * that field by `topic` (`Omit<Envelope, "data"> & { "data": ... }`, nested along the pointers).
 */
export function envelopeTypeText(p: ProviderModel, envelopeType: string, payload: string, topic: string): string {
  const env = p.delivery.envelope;
  if (!env) throw new Error(`internal: ${p.id} has no envelope`);
  type Tree = Map<string, Tree | string>;
  const tree: Tree = new Map();
  const put = (keys: readonly string[], leaf: string): void => {
    let node = tree;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) node.set(k, leaf);
      else {
        let next = node.get(k);
        if (typeof next !== 'object') node.set(k, (next = new Map()));
        node = next;
      }
    });
  };
  put(parsePointer(env.payload), payload);
  const topicKeys = envelopeTopic(p);
  if (topicKeys) put(topicKeys, topic);
  const text = (base: string, node: Tree): string => {
    const keys = [...node.keys()].sort(compareStrings);
    const members = keys.map((k) => {
      const v = node.get(k) as Tree | string;
      const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
      return `${name}: ${typeof v === 'string' ? v : text(`NonNullable<${base}[${JSON.stringify(k)}]>`, v)}`;
    });
    return `Omit<${base}, ${keys.map((k) => JSON.stringify(k)).join(' | ')}> & { ${members.join('; ')} }`;
  };
  return text(envelopeType, tree);
}

function topicSourceProse(p: ProviderModel): string {
  const src = p.delivery.topic;
  if ('header' in src) return `from the \`${src.header}\` header`;
  if ('field' in src) return `from the body field \`${src.field}\``;
  return 'from the route the hook was registered with';
}

function topicDoc(t: TopicModel, p: ProviderModel): string {
  const lines = [`\`${t.topic}\`${t.description ? `: ${t.description}` : ''}`];
  if (t.undocumented) lines.push(`Undocumented payload.${t.source ? ` ${t.source}` : ''}`);
  if (t.payloadProse !== undefined && t.payloadProse !== '') lines.push(`Docs' payload: "${t.payloadProse}".`);
  if (t.payload.length > 1) {
    const disc = t.payload.map((name) => p.models.find((m) => m.name === name)?.discriminator);
    lines.push(
      disc.every(Boolean)
        ? `One of ${t.payload.length} models, told apart by \`${disc[0]?.property}\` (${disc.map((d) => `\`${JSON.stringify(d?.value)}\``).join(', ')}). The docs name several models for this topic without saying how they are combined; each delivery is taken to carry one of them.`
        : `One of ${t.payload.length} models. The docs name several models for this topic without saying how they are combined.`,
    );
  }
  if (t.assumption) lines.push(`Assumption: ${t.assumption}`);
  if (t.resource) lines.push(`Resource: ${t.resource}.`);
  return paragraphs(lines);
}

/** The entry module of a provider, as one TypeScript module. */
export function indexModule(b: CodeBuilder, p: ProviderModel): TsModule {
  const n = indexNames(p);
  const documented = p.topics.filter((t) => !t.undocumented);
  const undocumented = p.topics.filter((t) => t.undocumented);
  const envelope = p.delivery.envelope;
  const jsonString = p.delivery.body === 'json-string';
  const topicUnion = (ts: TopicModel[]) => (ts.length ? b.union(ts.map((t) => b.literalType(t.topic))) : b.keyword.never());
  const typeNames = new Map(p.models.map((m) => [m.name, m.typeName]));
  const payloadType = (t: TopicModel) => (t.undocumented ? b.typeRef(n.undocumentedPayload) : b.union(t.payload.map((m) => b.typeRef(typeNames.get(m) ?? m))));
  const doc = <S extends Statement>(s: S, text: string): S => b.withDoc(s, text);
  const one = (list: Statement[]): Statement => {
    if (list.length !== 1 || !list[0]) throw new Error('internal: expected one statement');
    return list[0];
  };
  const out: Statement[] = [];

  // imports and re-exports: models are types only (models.d.ts), the other modules have values
  const runtime = ['parseLossless', 'ownEntry', ...(jsonString ? ['decodeJsonString'] : []), 'stringifyLossless', ...(envelope ? ['valueAt', 'withValueAt'] : [])];
  out.push(b.importNamed(runtime, '../runtime/json.js'));
  out.push(b.importNamed(['JsonObject', ...(envelope ? ['JsonValue'] : [])], '../runtime/json.js', true));
  out.push(b.exportFrom(['JsonValue', 'JsonObject'], '../runtime/json.js', true));
  out.push(...b.stmts`export type * from './models.js';`);
  for (const m of ['guards', 'fixtures', 'receive', 'webhooks', ...(p.api ? ['client'] : []), ...(deliversXml(p) ? ['xml'] : [])]) out.push(...b.stmts`export * from './${m}.js';`);
  out.push(b.importNamed([...new Set(p.models.map((m) => m.typeName))], './models.js', true));

  // the topics
  out.push(b.typeAlias(n.documented, topicUnion(documented), { exported: true, doc: `Every ${p.title} topic with a documented payload.` }));
  out.push(
    b.typeAlias(n.undocumented, topicUnion(undocumented), {
      exported: true,
      doc: `${p.title} topics that are known by name only: the docs list them but document no payload. Their payload is typed as {@link ${n.undocumentedPayload}}.`,
    }),
  );
  out.push(b.typeAlias(n.topic, b.type`${n.documented} | ${n.undocumented}`, { exported: true, doc: `Every ${p.title} topic (${p.topics.length}): the value a receiver reads ${topicSourceProse(p)}.` }));
  out.push(
    b.typeAlias(n.undocumentedPayload, b.typeRef('JsonObject'), {
      exported: true,
      doc: paragraphs([`The payload of a topic whose payload ${p.title}'s docs do not document: a JSON object of unknown shape.`, 'Narrow it with your own checks, or add a sample for the topic to the spec and regenerate.']),
    }),
  );
  for (const t of p.topics) out.push(b.typeAlias(t.typeName, payloadType(t), { exported: true, doc: topicDoc(t, p) }));
  const map = b.factory.createInterfaceDeclaration(
    [b.factory.createModifier(b.SyntaxKind.ExportKeyword)],
    n.map,
    undefined,
    undefined,
    p.topics.map((t) => b.factory.createPropertySignature(undefined, b.propName(t.topic), undefined, b.typeRef(t.typeName))),
  );
  out.push(doc(map, `Topic → payload type, for every ${p.title} topic.`));
  const example = b.printNode(b.literalType(documented[0]?.topic ?? p.topics[0]?.topic ?? 'topic'));
  out.push(
    doc(
      one(b.stmts`export type ${n.payload}<T extends ${n.topic} = ${n.topic}, F extends ${n.payloadField}<T> = never> = [F] extends [never] ? ${n.map}[T] : PickFields<${n.map}[T], F>;`),
      paragraphs([
        `The payload type of one of ${p.title}'s topics: \`${n.payload}<${example}>\`.`,
        `Without a type argument, the union of every payload. With \`F\`, the payload of a webhook registered with \`fields\`: only those top-level fields (\`${n.payload}<'topic', 'id' | 'updated_at'>\` is a \`Pick\` of the full payload).`,
      ]),
    ),
  );
  // arrays and scalars have no fields to register a webhook with
  const fieldsOf = p.models.every(isObjectModel) ? `keyof ${n.map}[T] & string` : `${n.map}[T] extends readonly unknown[] ? never : ${n.map}[T] extends object ? keyof ${n.map}[T] & string : never`;
  out.push(
    ...b.stmts`
/** The top-level fields of a topic's payload: what a webhook's \`fields\` can name${b.doc(p.models.every(isObjectModel) ? '' : ' (none for an array or scalar payload)')}. */
export type ${n.payloadField}<T extends ${n.topic} = ${n.topic}> = T extends ${n.topic} ? ${b.parseType(fieldsOf)} : never;

/** \`Pick\` over each member of a union payload. */
export type PickFields<P, F extends string> = P extends unknown ? Pick<P, Extract<F, keyof P>> : never;
`,
  );

  const envModel = envelopeModel(p);
  if (envelope && envModel) {
    out.push(
      b.typeAlias(n.envelope, b.parseType(`T extends ${n.topic} ? ${envelopeTypeText(p, envModel.typeName, `${n.payload}<T, Extract<F, ${n.payloadField}<T>>>`, 'T')} : never`), {
        exported: true,
        typeParams: [b.typeParam('T', b.typeRef(n.topic), b.typeRef(n.topic)), b.typeParam('F', b.typeRef(n.payloadField, [b.typeRef('T')]), b.keyword.never())],
        doc: paragraphs([
          `A whole ${p.title} webhook body of topic \`T\`: the envelope (its model {@link ${envModel.typeName}}) with the topic's payload at \`${envelope.payload}\`${envelopeTopic(p) ? ` and the topic at \`${'field' in p.delivery.topic ? p.delivery.topic.field : ''}\`` : ''}: \`${n.envelope}<${example}>\`.`,
          `Without a type argument, the union over every topic; with \`F\`, the payload of a webhook registered with \`fields\` (see {@link ${n.payload}}). The receiver validates the envelope's fields against {@link ${envModel.typeName}} and the payload against the topic's model.`,
        ]),
      }),
    );
  }

  // the tables
  out.push(
    doc(
      one(b.stmts`export const ${n.topics}: readonly ${n.topic}[] = Object.freeze(${b.factory.createArrayLiteralExpression(p.topics.map((t) => b.lit(t.topic)), true)});`),
      `Every ${p.title} topic, in sorted order.`,
    ),
  );
  const frozen = (e: ReturnType<CodeBuilder['lit']>) => b.call(b.prop('Object', 'freeze'), [e]);
  // subscription patterns (topics.yaml `wildcards:`): data for subscribing, never a delivery's topic
  const wildcardUnion = (p.wildcards ?? []).length ? b.union((p.wildcards ?? []).map((w) => b.literalType(w.pattern))) : b.keyword.never();
  out.push(
    b.typeAlias(n.wildcard, wildcardUnion, {
      exported: true,
      doc: paragraphs([
        `A subscription pattern ${p.title}'s API takes (\`topics.yaml\` \`wildcards:\`)${(p.wildcards ?? []).length ? '' : `: ${p.title}'s spec lists none`}. A webhook subscribed to one receives every topic under it; a delivery always names one concrete topic ({@link ${n.topic}}).`,
      ]),
    }),
  );
  // each list frozen as the topics it holds (`Object.freeze<readonly AcmeTopic[]>([...])`), so the literals are checked against the topic union
  const topicList = b.factory.createTypeOperatorNode(b.SyntaxKind.ReadonlyKeyword, b.factory.createArrayTypeNode(b.typeRef(n.topic)));
  const wildcards = b.obj((p.wildcards ?? []).map((w) => [w.pattern, b.call(b.prop('Object', 'freeze'), [b.factory.createArrayLiteralExpression(w.covers.map((t) => b.lit(t)), w.covers.length > 4)], [topicList])] as const));
  out.push(
    ...b.stmts`
/** For each subscription pattern, the listed topics it covers (a pattern may also cover topics the docs do not list: a receiver hands those over as \`known: false\`). */
export const ${n.wildcards}: { readonly [W in ${n.wildcard}]: readonly ${n.topic}[] } = Object.freeze(${wildcards});
`,
  );
  const topicModels = b.obj(p.topics.map((t) => [t.topic, frozen(b.lit(t.payload))] as const));
  out.push(
    ...b.stmts`
/** For each topic, the names of its payload models (empty for undocumented topics). */
export const ${n.topicModels}: { readonly [T in ${n.topic}]: readonly string[] } = Object.freeze(${topicModels});
`,
  );
  const int64 = b.obj(
    p.models
      .filter((m) => m.int64Paths.length > 0)
      .map((m) => [m.name, frozen(b.factory.createArrayLiteralExpression([...m.int64Paths].sort((x, y) => compareStrings(x.join('/'), y.join('/'))).map((path) => frozen(b.lit(path))), true))] as const),
  );
  out.push(
    ...b.stmts`
/** For each payload model, the JSON paths (\`*\` = any array item) of its 64-bit integer fields: the fields the body parser delivers as digit strings. */
export const ${n.int64Paths}: { readonly [model: string]: readonly (readonly string[])[] } = Object.freeze(${int64});
`,
  );
  // the parse functions walk each model's paths as one tree, made once here rather than per body
  // the parse functions turn 64-bit ids into digit strings with code made for each model's paths
  const int64Models = p.models.filter((m) => m.int64Paths.length > 0);
  for (const m of int64Models) out.push(int64Walker(b, m, n.int64Paths));
  const walkers = b.obj(int64Models.map((m) => [m.name, b.id(int64WalkerName(m))] as const));
  out.push(
    b.constDecl('int64Walkers', b.pure(b.call(b.prop('Object', 'freeze'), [walkers])), {
      type: b.type`{ readonly [model: string]: (value: unknown) => void }`,
      doc: `For each payload model with 64-bit id fields, the function that turns them into decimal strings in place (the paths of {@link ${n.int64Paths}}).`,
    }),
  );

  // parse and stringify
  const decode = jsonString ? b.expr`decodeJsonString(parseLossless(body))` : b.expr`parseLossless(body)`;
  const parseDoc = paragraphs([
    `Parses a ${p.title} webhook body without losing digits: integers above 2^53 are never rounded, and fields the spec marks as 64-bit ids arrive as decimal strings${jsonString ? '. The body may be an escaped JSON string (as the docs describe) or plain JSON' : ''}.`,
    envelope ? `The body is an envelope: this returns its member at \`${envelope.payload}\`, the topic's payload (undefined when the body has none); {@link ${n.parseEnvelope}} returns the whole body.` : undefined,
    'The result is typed by topic but not validated: it is what the body says, not a checked payload.',
    `@param topic - the topic the request was delivered for (${topicSourceProse(p)})`,
    '@param body - the raw request body text',
    '@throws SyntaxError when the body is not JSON',
  ]);
  const topicField = 'field' in p.delivery.topic ? p.delivery.topic.field : '';
  const stringifyDoc = paragraphs([
    `The JSON body ${p.title} would send for a payload: 64-bit id fields (digit strings here) are written as JSON numbers with every digit${jsonString ? ', and the JSON is wrapped in a JSON string as the docs describe' : ''}.`,
    envelope ? `The body is an envelope: the payload is placed at \`${envelope.payload}\` of a copy of \`envelope\` (default \`{}\`)${envelopeTopic(p) ? `, and the topic at \`${topicField}\`` : ''}.` : undefined,
    'Use it to build test requests from fixtures.',
  ]);
  const text = jsonString ? b.expr`JSON.stringify(text)` : b.expr`text`;
  if (envelope) {
    const topicKeys = envelopeTopic(p);
    out.push(doc(one(b.stmts`const envelopePayload: readonly string[] = Object.freeze(${b.lit(parsePointer(envelope.payload))});`), `The keys of the payload in the envelope (\`${envelope.payload}\`).`));
    if (topicKeys) out.push(doc(one(b.stmts`const envelopeTopic: readonly string[] = Object.freeze(${b.lit(topicKeys)});`), `The keys of the topic in the envelope (\`${topicField}\`).`));
    const parseEnvelopeFn = envModel
      ? one(b.stmts`
export function ${n.parseEnvelope}<T extends ${n.topic}>(topic: T | undefined, body: string): ${b.parseType(`${n.envelope}<T>`)} {
  const value = ${decode};
  const payload = valueAt(value, envelopePayload) as JsonValue;
  const models = (topic === undefined ? undefined : ownEntry(${n.topicModels}, topic)) ?? [];
  for (const model of models) ownEntry(int64Walkers, model)?.(payload);
  ownEntry(int64Walkers, ${b.lit(envModel.name)})?.(value);
  // typed by topic, not validated: what the body says (see the TSDoc)
  return value as unknown as ${b.parseType(`${n.envelope}<T>`)};
}`)
      : undefined;
    out.push(
      doc(
        parseEnvelopeFn ?? one(b.stmts`
export function ${n.parseEnvelope}(topic: ${n.topic} | undefined, body: string): JsonValue {
  const value = ${decode};
  const payload = valueAt(value, envelopePayload) as JsonValue;
  const models = (topic === undefined ? undefined : ownEntry(${n.topicModels}, topic)) ?? [];
  for (const model of models) ownEntry(int64Walkers, model)?.(payload);
  return value;
}`),
        paragraphs([
          `Parses a whole ${p.title} webhook body, the envelope around the payload (at \`${envelope.payload}\`), as {@link ${n.parse}} does: integers above 2^53 are never rounded, and the payload's 64-bit id fields arrive as decimal strings.`,
          envModel
            ? `The result is typed by topic (the envelope {@link ${envModel.typeName}} with the topic's payload) but not validated; its 64-bit id fields arrive as decimal strings too. The receiver validates both, and returns the envelope as \`envelope\` next to \`payload\`.`
            : 'The envelope is not validated. The receiver uses it, and returns it as `envelope` next to the validated `payload`.',
          `@param topic - the topic whose payload model says which fields are 64-bit ids (undefined: none)`,
          '@param body - the raw request body text',
          '@throws SyntaxError when the body is not JSON',
        ]),
      ),
    );
    out.push(
      doc(
        one(b.stmts`
export function ${n.parse}<T extends ${n.topic}>(topic: T, body: string): ${n.payload}<T> {
  return valueAt(${n.parseEnvelope}(topic, body), envelopePayload) as ${n.payload}<T>;
}`),
        parseDoc,
      ),
    );
    const outer = topicKeys ? b.expr`withValueAt(envelope ?? {}, envelopeTopic, topic)` : b.expr`envelope ?? {}`;
    // with an envelope model, a whole typed body fits too (its payload member is replaced)
    const envelopeParam = envModel ? b.parseType(`JsonObject | ${n.envelope}<T>`) : b.typeRef('JsonObject');
    // the envelope's own 64-bit id fields, written as numbers too
    const payloadPaths = b.expr`(ownEntry(${n.topicModels}, topic) ?? []).flatMap((model) => (ownEntry(${n.int64Paths}, model) ?? []).map((path) => [...envelopePayload, ...path]))`;
    const envPaths = envModel ? b.expr`[...${payloadPaths}, ...(ownEntry(${n.int64Paths}, ${b.lit(envModel.name)}) ?? [])]` : payloadPaths;
    out.push(
      doc(
        one(b.stmts`
export function ${n.stringify}<T extends ${n.topic}>(topic: T, payload: ${n.payload}<T>, envelope?: ${envelopeParam}): string {
  const paths = ${envPaths};
  const outer = ${outer};
  const text = stringifyLossless(withValueAt(outer, envelopePayload, payload), paths);
  return ${text};
}`),
        stringifyDoc,
      ),
    );
  } else {
    out.push(
      doc(
        one(b.stmts`
export function ${n.parse}<T extends ${n.topic}>(topic: T, body: string): ${n.payload}<T> {
  const value = ${decode};
  for (const model of ownEntry(${n.topicModels}, topic) ?? []) ownEntry(int64Walkers, model)?.(value);
  // typed by topic, not validated: what the body says (see the TSDoc)
  return value as unknown as ${n.payload}<T>;
}`),
        parseDoc,
      ),
    );
    out.push(
      doc(
        one(b.stmts`
export function ${n.stringify}<T extends ${n.topic}>(topic: T, payload: ${n.payload}<T>): string {
  const paths = (ownEntry(${n.topicModels}, topic) ?? []).flatMap((model) => ownEntry(${n.int64Paths}, model) ?? []);
  const text = stringifyLossless(payload, paths);
  return ${text};
}`),
        stringifyDoc,
      ),
    );
  }
  return { path: `${p.id}/index`, sources: [`${p.specDir}/provider.yaml`, `${p.specDir}/topics.yaml`], statements: out };
}

/** A model's 64-bit id paths merged into a tree: the shape of its emitted walker. */
interface Int64Node {
  leaf: boolean;
  star: Int64Node | undefined;
  readonly keys: Map<string, Int64Node>;
}

function int64Tree(paths: readonly (readonly string[])[]): Int64Node {
  const node = (): Int64Node => ({ leaf: false, star: undefined, keys: new Map() });
  const root = node();
  for (const path of paths) {
    let at = root;
    for (const key of path) {
      if (key === '*') at = at.star ??= node();
      else {
        let next = at.keys.get(key);
        if (next === undefined) at.keys.set(key, (next = node()));
        at = next;
      }
    }
    at.leaf = true;
  }
  return root;
}

/** The name of a model's walker, which turns its 64-bit id fields into digit strings. */
function int64WalkerName(m: { readonly typeName: string }): string {
  return `int64Of${m.typeName}`;
}

/**
 * A model's walker: straight-line code along its 64-bit id paths (`*` = every array item), one
 * constant-key member read per path step, own members only, integers turned into their decimal
 * digits in place. What int64PathsToString does with a tree walked at run time, unrolled: each
 * member access is a fixed key, which the engine resolves once per object shape.
 */
function int64Walker(b: CodeBuilder, m: { readonly typeName: string; readonly int64Paths: readonly (readonly string[])[] }, table: string): Statement {
  let count = 0;
  const fresh = (prefix: string): string => `${prefix}${count++}`;
  const members = b.type`{ [key: string]: unknown }`;
  // the statements for `v`, known to be a non-null object
  const walk = (node: Int64Node, v: string): Statement[] => {
    const out: Statement[] = [];
    if (node.star) {
      const star = node.star;
      const i = fresh('i');
      const item = fresh('v');
      const body: Statement[] = [b.varDecl('const', item, b.index(b.id(v), b.id(i)), b.keyword.unknown())];
      body.push(...visit(star, item, (digits) => b.assign(b.index(b.id(v), b.id(i)), digits), undefined));
      out.push(b.ifStmt(b.call(b.prop('Array', 'isArray'), [b.id(v)]), [b.forIndex(i, b.id(v), body)], node.keys.size ? objectMembers(node, v) : undefined));
    } else if (node.keys.size) out.push(b.ifStmt(b.not(b.call(b.prop('Array', 'isArray'), [b.id(v)])), objectMembers(node, v)));
    return out;
  };
  const objectMembers = (node: Int64Node, v: string): Statement[] => {
    const o = fresh('o');
    const out: Statement[] = [b.varDecl('const', o, b.as(b.id(v), members))];
    for (const [key, next] of node.keys) {
      const x = fresh('v');
      const own = b.call(b.prop('Object', 'hasOwn'), [b.id(o), b.lit(key)]);
      out.push(b.varDecl('const', x, b.index(b.id(o), b.lit(key))));
      out.push(...visit(next, x, (digits) => b.assign(b.index(b.id(o), b.lit(key)), digits), own));
    }
    return out;
  };
  // a member's value `x`: an integer at a leaf becomes its digits (`set`), an object is walked on;
  // `own` (for an object's member) keeps inherited keys out, tested last as it costs the most
  const visit = (node: Int64Node, x: string, set: (digits: Expression) => Statement, own: Expression | undefined): Statement[] => {
    const out: Statement[] = [];
    const deeper = node.star !== undefined || node.keys.size > 0;
    const objectTest = b.and([b.ne(b.id(x), b.lit(null)), b.eq(b.typeOf(b.id(x)), b.lit('object')), ...(own ? [own] : [])]);
    const descend = deeper ? b.ifStmt(objectTest, walk(node, x)) : undefined;
    if (node.leaf) {
      const convert = b.ifStmt(b.and([b.call(b.prop('Number', 'isInteger'), [b.id(x)]), ...(own ? [own] : [])]), set(b.call(b.id('String'), [b.id(x)])));
      out.push(b.ifStmt(b.eq(b.typeOf(b.id(x)), b.lit('number')), [convert], descend));
    } else if (descend) out.push(descend);
    return out;
  };
  const root = int64Tree([...m.int64Paths].sort((x, y) => compareStrings(x.join('/'), y.join('/'))));
  const body: Statement[] = [b.ifStmt(b.or([b.eq(b.id('value'), b.lit(null)), b.ne(b.typeOf(b.id('value')), b.lit('object'))]), b.ret()), ...walk(root, 'value')];
  return b.fnDecl(int64WalkerName(m), [b.param('value', b.keyword.unknown())], b.keyword.void(), body, {
    doc: `Turns the 64-bit id fields of a ${m.typeName} (its paths in {@link ${table}}) into decimal strings, in place.`,
  });
}
