/**
 * Emitter: fixture factories (`<provider>/fixtures`), one TypeScript source from which the `.js`
 * and `.d.ts` are compiled. For every named type a generator function `b_<Type>(r, n)` (r: seeded
 * random source, n: position in a list) is written out as plain code; its leaf values follow the
 * schema (formats, enums, 64-bit ids) and the docs' samples (money strings stay money strings,
 * names come from the samples' own values, ranges from the samples' numbers).
 */
import type { PayloadModel, ProviderModel, Schema } from '../model/types.js';
import type { CodeBuilder, Expression, Statement, TsModule } from '../print/ts.js';
import { sortedEntries } from '../util/order.js';
import { camelCase } from '../util/naming.js';
import { envelopeModel, isObjectModel, namedTypes, refName, typeList } from './common.js';
import { envelopeTopic, indexNames } from './topics.js';
import { parsePointer } from '../util/pointer.js';
import type { CodeEmitter, Files } from './code.js';

const MONEY = /^-?[0-9]+\.[0-9]{2}$/;
const MAX_EXAMPLES = 6;

export async function emitFixtures(p: ProviderModel, code: CodeEmitter): Promise<Files> {
  return code.files('fixtures', p, (b) => b.emitModule(fixturesModule(b, p)));
}

/** The name of a model's fixture export: `Order` → `orderFixture`. */
export function fixtureName(m: PayloadModel): string {
  return `${camelCase(m.typeName)}Fixture`;
}

/**
 * Values the samples hold at each slot: `<Type>/<property>` for a named type's fields, with
 * `/*` for array items and `/<key>` inside maps. Named types shared by several models pool
 * their examples.
 */
export function collectExamples(p: ProviderModel): Map<string, unknown[]> {
  const defs = new Map(namedTypes(p));
  const slots = new Map<string, unknown[]>();
  const record = (slot: string, v: unknown) => {
    const list = slots.get(slot) ?? [];
    list.push(v);
    slots.set(slot, list);
  };
  const gather = (node: Schema, value: unknown, slot: string): void => {
    if (value === undefined) return;
    record(slot, value);
    if (node.$ref) return gatherObject(refName(node.$ref), value);
    if (node.anyOf) for (const m of node.anyOf) gather(m, value, slot);
    if (Array.isArray(value) && node.items) for (const item of value) gather(node.items, item, `${slot}/*`);
    if (value && typeof value === 'object' && !Array.isArray(value) && node.additionalProperties && typeof node.additionalProperties === 'object') {
      for (const v of Object.values(value)) gather(node.additionalProperties, v, `${slot}/*`);
    }
  };
  const gatherObject = (type: string, value: unknown): void => {
    const schema = defs.get(type);
    if (!schema || !value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [k, s] of Object.entries(schema.properties ?? {})) gather(s, (value as Record<string, unknown>)[k], `${type}/${k}`);
  };
  for (const m of p.models) for (const v of m.sampleValues) {
    if (isObjectModel(m)) gatherObject(m.typeName, v);
    else gather(m.schema, v, m.typeName);
  }
  return slots;
}

/** Where a value sits: its example slot, its property name, whether it is a model's own field. */
interface At {
  slot: string;
  key: string;
  root: boolean;
}

/** Code-generation state: helper functions for unions, built once per schema node. */
function createContext(b: CodeBuilder, examples: Map<string, unknown[]>) {
  const helpers: Statement[] = [];
  const memo = new WeakMap<Schema, string>();
  let count = 0;
  return {
    b,
    examples,
    helpers,
    /** The name of the helper for `node`; a helper that needs others is written after them. */
    helper(node: Schema, build: (name: string) => Statement): string {
      let name = memo.get(node);
      if (!name) {
        name = `g_${count++}`;
        memo.set(node, name);
        helpers.push(build(name));
      }
      return name;
    },
  };
}

type Ctx = ReturnType<typeof createContext>;

/** An expression that generates a value for `node`. */
function gen(node: Schema, at: At, ctx: Ctx): Expression {
  const { b } = ctx;
  const ex = ctx.examples.get(at.slot) ?? [];
  if (node.enum) {
    const values = node.enum.filter((v) => v !== null);
    return values.length === 0 ? b.lit(null) : values.length === 1 ? literal(b, values[0]) : rCall(b, 'pick', b.factory.createArrayLiteralExpression(values.map((v) => literal(b, v))));
  }
  if (node.$ref && !node.type && !node.anyOf) return b.call(`b_${refName(node.$ref)}`, [b.id('r'), b.id('n')]);
  const types = typeList(node);
  const nonNull = types.filter((t) => t !== 'null');
  const members: Schema[] = [
    ...(node.anyOf ?? []).filter((m) => !(m.type === 'null' && Object.keys(m).length === 1)),
    ...nonNull.map((t) => ({ ...node, enum: undefined, anyOf: undefined, $ref: undefined, type: t })),
  ];
  const nullable = types.includes('null') || (node.anyOf ?? []).some((m) => m.type === 'null');
  if (members.length === 0) return b.lit(null);
  let expr: Expression;
  const first = members[0] as Schema;
  if (members.length === 1) expr = typeof first.type === 'string' && !first.$ref ? genType(first, first.type, at, ex, ctx) : gen(first, at, ctx);
  else {
    const fn = ctx.helper(node, (name) => {
      const clauses = members.map((m, i) =>
        i === members.length - 1 ? b.factory.createDefaultClause([b.ret(gen(m, at, ctx))]) : b.factory.createCaseClause(b.lit(i), [b.ret(gen(m, at, ctx))]),
      );
      const sw = b.factory.createSwitchStatement(b.expr`int(r, 0, ${b.lit(members.length - 1)})`, b.factory.createCaseBlock(clauses));
      return b.fnDecl(name, [b.param('r', b.type`() => number`), b.param('n', b.keyword.number())], undefined, [sw]);
    });
    expr = b.call(fn, [b.id('r'), b.id('n')]);
  }
  // a field the samples only ever show as null stays mostly null, as in the docs
  if (nullable && ex.length > 0 && ex.every((v) => v === null)) return b.expr`r() < 0.7 ? null : ${expr}`;
  return expr;
}

function genType(node: Schema, t: string, at: At, ex: unknown[], ctx: Ctx): Expression {
  const { b } = ctx;
  const idLike = at.key === 'id' || at.key.endsWith('_id');
  switch (t) {
    case 'boolean':
      return b.factory.createBinaryExpression(b.call('r'), b.SyntaxKind.LessThanToken, b.lit(0.5));
    case 'null':
    // any JSON value: null is one, and the docs showed nothing else
    case 'json':
      return b.lit(null);
    case 'string': {
      if (node.format === 'date-time') return rCall(b, 'dateTime');
      if (node.format === 'date') return rCall(b, 'date');
      if (node.format === 'time') return rCall(b, 'time');
      if (node.pattern === '^-?[0-9]+$') return at.root && at.key === 'id' ? b.expr`id64(n)` : b.expr`id64(1000 + n * 1000 + int(r, 0, 999))`;
      const strings = [...new Set(ex.filter((v): v is string => typeof v === 'string'))].sort();
      if (strings.length && strings.every((s) => MONEY.test(s))) return rCall(b, 'money', b.lit(Math.max(...strings.map(Number)) * 2));
      if (strings.length) return strings.length === 1 ? b.lit(strings[0]) : rCall(b, 'pick', b.lit(strings.slice(0, MAX_EXAMPLES)));
      return b.factory.createBinaryExpression(b.lit(`${at.key}-`), b.SyntaxKind.PlusToken, rCall(b, 'int', b.lit(1), b.lit(999)));
    }
    case 'integer':
    case 'number': {
      const nums = ex.filter((v): v is number => typeof v === 'number');
      const hi = Math.max(10, ...nums.map((v) => Math.abs(v) * 2));
      const lo = nums.some((v) => v < 0) ? -hi : 0;
      const min = typeof node.minimum === 'number' ? node.minimum : lo;
      const max = typeof node.maximum === 'number' ? node.maximum : hi;
      if (t === 'number') return rCall(b, 'decimal', b.lit(max));
      if (idLike) return at.root && at.key === 'id' ? b.expr`1000 + n` : rCall(b, 'int', b.lit(1), b.lit(999999999));
      return rCall(b, 'int', b.lit(Math.ceil(min)), b.lit(Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER))));
    }
    case 'array': {
      const lengths = ex.filter(Array.isArray).map((a) => a.length);
      const most = Math.min(3, Math.max(0, ...lengths));
      const [lo, hi] = most === 0 ? [0, 2] : [1, most];
      const item = node.items ? gen(node.items, { slot: `${at.slot}/*`, key: at.key, root: false }, ctx) : b.lit(null);
      return b.expr`Array.from({ length: int(r, ${b.lit(lo)}, ${b.lit(hi)}) }, () => ${item})`;
    }
    case 'object': {
      const extra = node.additionalProperties;
      if (extra && typeof extra === 'object') {
        const value = gen(extra, { slot: `${at.slot}/*`, key: at.key, root: false }, ctx);
        return b.expr`Object.fromEntries(Array.from({ length: int(r, 0, 2) }, (_, i) => [${b.lit(`${at.key}_`)} + (i + 1), ${value}]))`;
      }
      return b.expr`{}`;
    }
    default:
      throw new Error(`internal: unknown JSON type ${t}`);
  }
}

/** `name(r, ...args)`: a call of a runtime generator (the common case: built directly, not parsed). */
function rCall(b: CodeBuilder, name: string, ...args: Expression[]): Expression {
  return b.call(name, [b.id('r'), ...args]);
}

function literal(b: CodeBuilder, v: unknown): Expression {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return b.lit(v);
  throw new Error(`internal: an enum value that is not a JSON scalar: ${JSON.stringify(v)}`);
}

/** With the topic in a body field inside the payload: that field's pointer, relative to the payload. */
function topicFieldInPayload(p: ProviderModel): string | undefined {
  const src = p.delivery.topic;
  if (!('field' in src)) return undefined;
  const env = p.delivery.envelope;
  if (!env) return src.field;
  const payload = parsePointer(env.payload);
  const field = parsePointer(src.field);
  const inside = field.length > payload.length && payload.every((k, i) => field[i] === k);
  return inside ? src.field.slice(env.payload.length) : undefined;
}

/**
 * `<prefix>EnvelopeFixture(topic)`: whole bodies of a topic, the envelope model's values around
 * the topic's payload fixture. Its sample is the envelope sample of that topic (the one whose
 * topic field names it), else the first, with the topic's payload sample in it.
 */
function envelopeFixtures(b: CodeBuilder, p: ProviderModel, envModel: PayloadModel, pointer: string): Statement[] {
  const idx = indexNames(p);
  const topicKeys = envelopeTopic(p);
  const texts = envModel.sampleTexts;
  const sampleIndex = (topic: string): number => {
    if (!topicKeys) return 0;
    const i = envModel.sampleValues.findIndex((v) => valueAt(v, topicKeys) === topic);
    return i < 0 ? 0 : i;
  };
  const entries = p.topics.map((t) => [t.topic, b.expr`withPayload<${b.parseType(`${idx.envelope}<${JSON.stringify(t.topic)}>`)}>(${b.id(fixtureName(envModel))}, () => sampleOf(${b.id('SAMPLES_ENVELOPE')}[${b.lit(sampleIndex(t.topic))}] ?? '{}', ${b.lit(envModel.int64Paths)}), topicFixtures[${b.lit(t.topic)}], ${b.lit(parsePointer(pointer))}, ${topicKeys ? b.lit(topicKeys) : b.id('undefined')}, ${b.lit(t.topic)})`] as const);
  return [
    b.constDecl('SAMPLES_ENVELOPE', b.factory.createArrayLiteralExpression(texts.map((x) => b.lit(x)), true), { type: b.parseType('readonly string[]') }),
    ...b.stmts`
const envelopeFixtures: { readonly [T in ${idx.topic}]: Fixture<${idx.envelope}<T>> } = ${b.obj(entries)};

/**
 * Whole ${b.doc(p.title)} bodies of a topic: the envelope ({@link ${envModel.typeName}}) with the topic's payload at \`${b.doc(pointer)}\`${b.doc(topicKeys ? ` and the topic at \`${'field' in p.delivery.topic ? p.delivery.topic.field : ''}\`` : '')}. \`sample()\` is the docs' envelope sample around the payload's sample; \`build(overrides, { seed })\` a valid generated one (overrides reach into the envelope and, at \`${b.doc(pointer)}\`, the payload).
 * @throws TypeError for an unknown topic
 */
export function ${p.valuePrefix}EnvelopeFixture<T extends ${idx.topic}>(topic: T): Fixture<${idx.envelope}<T>> {
  if (!Object.prototype.hasOwnProperty.call(envelopeFixtures, topic)) throw new TypeError(${b.expr`${b.lit(`unknown ${p.title} topic: `)} + String(topic)`});
  return envelopeFixtures[topic];
}
`,
  ];
}

/** The value at `keys` of a sample (undefined when it has none). */
function valueAt(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The fixtures module of a provider. */
export function fixturesModule(b: CodeBuilder, p: ProviderModel): TsModule {
  const ctx = createContext(b, collectExamples(p));
  const idx = indexNames(p);
  const roots = new Set(p.models.map((m) => m.typeName));
  const named = namedTypes(p);
  const builders = named.map(([name, schema]) => {
    const fields = b.obj(sortedEntries(schema.properties ?? {}).map(([k, s]) => [k, gen(s, { slot: `${name}/${k}`, key: k, root: roots.has(name) }, ctx)] as const));
    return b.stmts`
function b_${name}(r: () => number, n: number): ${name} {
  return ${fields};
}`;
  });
  // an array or scalar payload: its generator is that of its root node
  for (const m of p.models.filter((x) => !isObjectModel(x))) {
    builders.push(b.stmts`
function b_${m.typeName}(r: () => number, n: number): ${m.typeName} {
  return ${gen(m.schema, { slot: m.typeName, key: 'item', root: true }, ctx)};
}`);
  }
  const env = p.delivery.envelope;
  const envModel = envelopeModel(p);
  // the topic field, as a pointer into the payload: absent when the topic is not in the payload
  const field = topicFieldInPayload(p);
  const out: Statement[] = [];
  out.push(b.importNamed(['parseLossless', 'int64ToString'], '../runtime/json.js'));
  out.push(b.importNamed(['factory', 'int', 'pick', 'money', 'decimal', 'dateTime', 'date', 'time', 'id64', ...(field !== undefined ? ['withTopicField'] : []), ...(envModel ? ['withPayload'] : [])], '../runtime/fixtures.js'));
  out.push(b.importNamed(['Fixture'], '../runtime/fixtures.js', true));
  out.push(b.exportFrom(['Fixture', 'DeepPartial', 'BuildOptions'], '../runtime/fixtures.js', true));
  out.push(b.importNamed([...new Set([...p.models.map((m) => m.typeName), ...named.map(([n]) => n)])], './models.js', true));
  out.push(b.importNamed([idx.topic, idx.payload, ...(envModel ? [idx.envelope] : [])], './index.js', true));
  out.push(...b.stmts`
/** A documented sample as a fresh value, its 64-bit ids as digit strings. */
function sampleOf<T>(text: string, paths: readonly (readonly string[])[]): T {
  const value = parseLossless(text);
  for (const path of paths) int64ToString(value, path, 0);
  return value as T;
}

// ---- one generator per named type ----
${builders.flat()}
`);
  if (ctx.helpers.length) out.push(...b.stmts`// ---- helpers for unions ----\n${ctx.helpers}`);
  for (const m of p.models) {
    const sample = `SAMPLE_${m.typeName}`;
    out.push(b.constDecl(sample, b.lit(m.sampleTexts[0] ?? '{}')));
    out.push(...b.stmts`
/**
 * Test payloads of {@link ${m.typeName}}: \`sample()\` is the docs' sample (${b.doc(m.sampleFiles[0] ?? 'none')}); \`build(overrides, { seed })\` a valid generated one.
 * @example
 * const order = ${fixtureName(m)}.build({ /* fields to pin *\\/ }, { seed: 7 });
 */
export const ${fixtureName(m)}: Fixture<${m.typeName}> = factory(() => sampleOf<${m.typeName}>(${sample}, ${b.lit(m.int64Paths)}), b_${m.typeName});
`);
  }
  const byName = new Map(p.models.map((m) => [m.name, m]));
  const entries = p.topics.map((t) => {
    const members = t.payload.map((n) => byName.get(n)).filter((m): m is PayloadModel => m !== undefined);
    let f: Expression;
    if (members.length === 0) f = b.id('undocumented');
    else if (members.length === 1) f = b.id(fixtureName(members[0] as PayloadModel));
    else {
      // one of the payload models, chosen by the seed
      const fs = members.map((m) => b.id(fixtureName(m)));
      const list = b.factory.createArrayLiteralExpression(fs);
      f = b.expr`factory(() => ${fs[0] as Expression}.sample(), (r, n) => ${list}[int(r, 0, ${b.lit(fs.length - 1)})].build(undefined, { seed: int(r, 1, 1000000), sequence: n }))`;
    }
    // when the topic travels in a body field, each topic's payloads carry their own topic there
    return [t.topic, field !== undefined && members.length ? b.expr`withTopicField(${f}, ${b.lit(field)}, ${b.lit(t.topic)})` : f] as const;
  });
  const unknownTopic = b.expr`${b.lit(`unknown ${p.title} topic: `)} + String(topic)`;
  out.push(...b.stmts`
const undocumented: Fixture<{}> = factory(() => ({}), () => ({}));

const topicFixtures: { readonly [T in ${idx.topic}]: Fixture<${idx.payload}<T>> } = ${b.obj(entries)};

/**
 * Test payloads of a ${b.doc(p.title)} topic. For a topic with several payload models, \`build\` picks one by the seed;
 * for an undocumented topic, payloads are empty objects.
 * @throws TypeError for an unknown topic
 */
export function ${p.valuePrefix}Fixture<T extends ${idx.topic}>(topic: T): Fixture<${idx.payload}<T>> {
  if (!Object.prototype.hasOwnProperty.call(topicFixtures, topic)) throw new TypeError(${unknownTopic});
  return topicFixtures[topic];
}
`);
  if (env && envModel) out.push(...envelopeFixtures(b, p, envModel, env.payload));
  return { path: `${p.id}/fixtures`, sources: [`${p.specDir}/models/*.yaml`, `${p.specDir}/samples/*`], statements: out };
}

