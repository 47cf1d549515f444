// @ts-check
/**
 * Emitter: fixture factories. For every named type a generator function `b_<Type>(r, n)`
 * (r: seeded random source, n: position in a list) is written out as plain code; its leaf
 * values follow the schema (formats, enums, 64-bit ids) and the docs' samples (money strings
 * stay money strings, names come from the samples' own values, ranges from the samples' numbers).
 */
import { banner, formatCode, str, propKey } from '../print/print.js';
import { sortedEntries } from '../util/order.js';
import { camelCase } from '../util/naming.js';
import { namedTypes, refName, typeList } from './common.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').PayloadModel} PayloadModel */
/** @typedef {import('../model/types.js').Schema} Schema */

const MONEY = /^-?[0-9]+\.[0-9]{2}$/;
const MAX_EXAMPLES = 6;

/**
 * @param {ProviderModel} p
 * @returns {[string, string][]}
 */
export function emitFixtures(p) {
  const sources = [`${p.specDir}/models/*.yaml`, `${p.specDir}/samples/*`];
  return [
    [`${p.id}/fixtures.js`, formatCode(`${banner(sources)}\n\n${fixturesJs(p)}`)],
    [`${p.id}/fixtures.d.ts`, formatCode(`${banner(sources)}\n\n${fixturesDts(p)}`)],
  ];
}

/** The name of a model's fixture export: `Order` → `orderFixture`. */
export function fixtureName(/** @type {PayloadModel} */ m) {
  return `${camelCase(m.typeName)}Fixture`;
}

/**
 * Values the samples hold at each slot: `<Type>/<property>` for a named type's fields, with
 * `/*` for array items and `/<key>` inside maps. Named types shared by several models pool
 * their examples.
 * @param {ProviderModel} p
 * @returns {Map<string, unknown[]>}
 */
export function collectExamples(p) {
  const defs = new Map(namedTypes(p));
  /** @type {Map<string, unknown[]>} */
  const slots = new Map();
  /** @param {string} slot @param {unknown} v */
  const record = (slot, v) => {
    const list = slots.get(slot) ?? [];
    list.push(v);
    slots.set(slot, list);
  };
  /** @param {Schema} node @param {unknown} value @param {string} slot */
  const gather = (node, value, slot) => {
    if (value === undefined) return;
    record(slot, value);
    if (node.$ref) return gatherObject(refName(node.$ref), value);
    if (node.anyOf) for (const m of node.anyOf) gather(m, value, slot);
    if (Array.isArray(value) && node.items) for (const item of value) gather(node.items, item, `${slot}/*`);
    if (value && typeof value === 'object' && !Array.isArray(value) && node.additionalProperties && typeof node.additionalProperties === 'object') {
      for (const v of Object.values(value)) gather(node.additionalProperties, v, `${slot}/*`);
    }
  };
  /** @param {string} type @param {unknown} value */
  const gatherObject = (type, value) => {
    const schema = defs.get(type);
    if (!schema || !value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [k, s] of Object.entries(schema.properties ?? {})) gather(s, /** @type {Record<string, unknown>} */ (value)[k], `${type}/${k}`);
  };
  for (const m of p.models) for (const v of m.sampleValues) gatherObject(m.typeName, v);
  return slots;
}

/** Code-generation state: helper functions for unions, built once per schema node. */
function createContext(/** @type {Map<string, unknown[]>} */ examples) {
  /** @type {string[]} */
  const helpers = [];
  /** @type {WeakMap<Schema, string>} */
  const memo = new WeakMap();
  return {
    examples,
    helpers,
    /** @param {Schema} node @param {(name: string) => string} build */
    helper(node, build) {
      let name = memo.get(node);
      if (!name) {
        name = `g_${helpers.length}`;
        memo.set(node, name);
        helpers.push(build(name));
      }
      return name;
    },
  };
}

/** @typedef {ReturnType<typeof createContext>} Ctx */

/**
 * An expression that generates a value for `node`.
 * @param {Schema} node
 * @param {{ slot: string, key: string, root: boolean }} at where the value sits: its example slot, its property name, whether it is a model's own field
 * @param {Ctx} ctx
 * @returns {string}
 */
function gen(node, at, ctx) {
  const ex = ctx.examples.get(at.slot) ?? [];
  if (node.enum) {
    const values = node.enum.filter((v) => v !== null);
    return values.length === 0 ? 'null' : values.length === 1 ? literal(values[0]) : `pick(r, [${values.map(literal).join(', ')}])`;
  }
  if (node.$ref && !node.type && !node.anyOf) return `b_${refName(node.$ref)}(r, n)`;
  const types = typeList(node);
  const nonNull = types.filter((t) => t !== 'null');
  /** @type {Schema[]} */
  const members = [...(node.anyOf ?? []).filter((m) => !(m.type === 'null' && Object.keys(m).length === 1)), ...nonNull.map((t) => ({ ...node, enum: undefined, anyOf: undefined, $ref: undefined, type: t }))];
  const nullable = types.includes('null') || (node.anyOf ?? []).some((m) => m.type === 'null');
  if (members.length === 0) return 'null';
  let expr;
  if (members.length === 1) expr = members[0].type && !Array.isArray(members[0].type) && !members[0].$ref ? genType(members[0], /** @type {string} */ (members[0].type), at, ex, ctx) : gen(members[0], at, ctx);
  else {
    const fn = ctx.helper(node, (name) => `function ${name}(r, n) {\nswitch (int(r, 0, ${members.length - 1})) {\n${members.map((m, i) => `${i === members.length - 1 ? 'default' : `case ${i}`}: return ${gen(m, at, ctx)};`).join('\n')}\n}\n}`);
    expr = `${fn}(r, n)`;
  }
  // a field the samples only ever show as null stays mostly null, as in the docs
  if (nullable && ex.length > 0 && ex.every((v) => v === null)) return `(r() < 0.7 ? null : ${expr})`;
  return expr;
}

/**
 * @param {Schema} node @param {string} t @param {{ slot: string, key: string, root: boolean }} at
 * @param {unknown[]} ex examples at this slot @param {Ctx} ctx
 */
function genType(node, t, at, ex, ctx) {
  const idLike = at.key === 'id' || at.key.endsWith('_id');
  switch (t) {
    case 'boolean':
      return 'r() < 0.5';
    case 'null':
      return 'null';
    case 'string': {
      if (node.format === 'date-time') return 'dateTime(r)';
      if (node.format === 'date') return 'date(r)';
      if (node.format === 'time') return 'time(r)';
      if (node.pattern === '^-?[0-9]+$') return at.root && at.key === 'id' ? 'id64(n)' : 'id64(1000 + n * 1000 + int(r, 0, 999))';
      const strings = [...new Set(ex.filter((v) => typeof v === 'string'))].sort();
      if (strings.length && strings.every((s) => MONEY.test(s))) return `money(r, ${Math.max(...strings.map(Number)) * 2})`;
      if (strings.length) return strings.length === 1 ? str(strings[0]) : `pick(r, [${strings.slice(0, MAX_EXAMPLES).map(str).join(', ')}])`;
      return `${str(`${at.key}-`)} + int(r, 1, 999)`;
    }
    case 'integer':
    case 'number': {
      const nums = ex.filter((v) => typeof v === 'number');
      const hi = Math.max(10, ...nums.map((v) => Math.abs(v) * 2));
      const lo = nums.some((v) => v < 0) ? -hi : 0;
      const min = typeof node.minimum === 'number' ? node.minimum : lo;
      const max = typeof node.maximum === 'number' ? node.maximum : hi;
      if (t === 'number') return `decimal(r, ${max})`;
      if (idLike) return at.root && at.key === 'id' ? '1000 + n' : 'int(r, 1, 999999999)';
      return `int(r, ${Math.ceil(min)}, ${Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER))})`;
    }
    case 'array': {
      const lengths = ex.filter(Array.isArray).map((a) => a.length);
      const most = Math.min(3, Math.max(0, ...lengths));
      const [a, b] = most === 0 ? [0, 2] : [1, most];
      const item = node.items ? gen(node.items, { slot: `${at.slot}/*`, key: at.key, root: false }, ctx) : 'null';
      return `Array.from({ length: int(r, ${a}, ${b}) }, () => ${item})`;
    }
    case 'object': {
      const extra = node.additionalProperties;
      if (extra && typeof extra === 'object') {
        const value = gen(extra, { slot: `${at.slot}/*`, key: at.key, root: false }, ctx);
        return `Object.fromEntries(Array.from({ length: int(r, 0, 2) }, (_, i) => [${str(`${at.key}_`)} + (i + 1), ${value}]))`;
      }
      // parenthesized: the expression may become an arrow function's body
      return '({})';
    }
    default:
      throw new Error(`internal: unknown JSON type ${t}`);
  }
}

/** @param {unknown} v */
function literal(v) {
  return typeof v === 'string' ? str(v) : JSON.stringify(v);
}

/** @param {ProviderModel} p */
function fixturesJs(p) {
  const ctx = createContext(collectExamples(p));
  const roots = new Set(p.models.map((m) => m.typeName));
  /** @type {string[]} */
  const builders = [];
  for (const [name, schema] of namedTypes(p)) {
    const fields = sortedEntries(schema.properties ?? {}).map(([k, s]) => `${propKey(k)}: ${gen(s, { slot: `${name}/${k}`, key: k, root: roots.has(name) }, ctx)},`);
    builders.push(`function b_${name}(r, n) {\nreturn {\n${fields.join('\n')}\n};\n}`);
  }
  const out = [];
  out.push(`import { parseLossless, int64ToString } from '../runtime/json.js';`);
  out.push(`import { factory, int, pick, money, decimal, dateTime, date, time, id64${'field' in p.delivery.topic ? ', withTopicField' : ''} } from '../runtime/fixtures.js';`);
  out.push('');
  out.push('function sampleOf(text, paths) {');
  out.push('const value = parseLossless(text);');
  out.push('for (const path of paths) int64ToString(value, path, 0);');
  out.push('return value;');
  out.push('}');
  out.push('');
  out.push('// ---- one generator per named type ----');
  out.push(...builders);
  out.push('// ---- helpers for unions ----');
  out.push(...ctx.helpers);
  out.push('// ---- public API ----');
  for (const m of p.models) {
    const paths = `[${m.int64Paths.map((path) => `[${path.map(str).join(', ')}]`).join(', ')}]`;
    out.push(`const SAMPLE_${m.typeName} = ${str(m.sampleTexts[0] ?? '{}')};`);
    out.push(`export const ${fixtureName(m)} = factory(() => sampleOf(SAMPLE_${m.typeName}, ${paths}), b_${m.typeName});`);
  }
  const byName = new Map(p.models.map((m) => [m.name, m]));
  out.push(`const undocumented = factory(() => ({}), () => ({}));`);
  out.push('const topicFixtures = {');
  // when the topic travels in a body field, each topic's payloads carry their own topic there
  const field = 'field' in p.delivery.topic ? p.delivery.topic.field : undefined;
  for (const t of p.topics) {
    const members = t.payload.map((n) => /** @type {PayloadModel} */ (byName.get(n)));
    /** @type {string} */
    let f;
    if (members.length === 0) f = 'undocumented';
    else if (members.length === 1) f = fixtureName(members[0]);
    else {
      // one of the payload models, chosen by the seed
      const fs = members.map(fixtureName);
      f = `factory(() => ${fs[0]}.sample(), (r, n) => [${fs.join(', ')}][int(r, 0, ${fs.length - 1})].build(undefined, { seed: int(r, 1, 1000000), sequence: n }))`;
    }
    out.push(`${str(t.topic)}: ${field && members.length ? `withTopicField(${f}, ${str(field)}, ${str(t.topic)})` : f},`);
  }
  out.push('};');
  out.push(`export function ${p.valuePrefix}Fixture(topic) {`);
  out.push(`if (!Object.prototype.hasOwnProperty.call(topicFixtures, topic)) throw new TypeError(\`unknown ${p.title} topic: \${String(topic)}\`);`);
  out.push('return topicFixtures[topic];');
  out.push('}');
  return out.join('\n');
}

/** @param {ProviderModel} p */
function fixturesDts(p) {
  const T = p.typePrefix;
  const out = [];
  out.push(`import type { Fixture } from '../runtime/fixtures.js';`);
  out.push(`export type { Fixture, DeepPartial, BuildOptions } from '../runtime/fixtures.js';`);
  out.push(`import type { ${p.models.map((m) => m.typeName).join(', ')} } from './models.js';`);
  out.push(`import type { ${T}Topic, ${T}Payload } from './index.js';`);
  out.push('');
  for (const m of p.models) {
    out.push(
      `/**\n * Test payloads of {@link ${m.typeName}}: \`sample()\` is the docs' sample (${m.sampleFiles[0] ?? 'none'}); \`build(overrides, { seed })\` a valid generated one.\n * @example\n * const order = ${fixtureName(m)}.build({ /* fields to pin *\\/ }, { seed: 7 });\n */`,
    );
    out.push(`export declare const ${fixtureName(m)}: Fixture<${m.typeName}>;\n`);
  }
  out.push(
    `/**\n * Test payloads of a ${p.title} topic. For a topic with several payload models, \`build\` picks one by the seed;\n * for an undocumented topic, payloads are empty objects.\n * @throws TypeError for an unknown topic\n */`,
  );
  out.push(`export declare function ${p.valuePrefix}Fixture<T extends ${T}Topic>(topic: T): Fixture<${T}Payload<T>>;`);
  return out.join('\n');
}
