// Differential property-based test of the generated guards against Ajv.
//
// For every payload model of every provider, random mutations of its samples (type swaps at any
// path, removed keys, extra keys, damage inside arrays, several at once) must be judged the same
// — valid or not — by isX, validateX(...).ok and Ajv (draft 2020-12, strict, full formats) on the
// emitted JSON Schema, in default mode, and in strict mode against a copy of the schema in which
// every object schema with `properties` and no `additionalProperties` is closed. A failing
// validateX must report at least one issue, and every issue must point at a location that exists
// in the value (or, for `received missing`, at an absent key of an existing object).
// Topics with several payload models are checked the same way against Ajv's "any member", and
// the runtime's date-time/date/time checks against ajv-formats itself.
//
// FUZZ_RUNS sets the runs per model per mode (default 300); FUZZ_SEED replays a run.
// `npm run test:fuzz` runs 100,000 per model per mode.

import { describe, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import ajvFormats from 'ajv-formats/dist/formats.js';
import YAML from 'yaml';
import * as spiffyModule from '../generated/spiffy/index.js';
import { showPointer } from '../generated/runtime/validate.js';
import * as cratejoyModule from '../generated/cratejoy/index.js';
import * as lemonSqueezyModule from '../generated/lemonsqueezy/index.js';
import * as tiendanubeModule from '../generated/tiendanube/index.js';
import { isDate, isDateTime, isTime } from '../generated/runtime/validate.js';
import { int64ToString, parseLossless, withInt64Strings } from '../generated/runtime/json.js';
import { parsedFormSchema } from './helpers/int64.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, any>;
type Issue = { path: string; expected: string; received: string; message: string };
type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };
type Key = string | number;

// ---------------------------------------------------------------------------------------------
// providers, models, samples, schemas

interface Provider {
  id: string;
  prefix: string;
  mod: Record<string, any>;
  topicModels: Record<string, readonly string[]>;
}

const providers: Provider[] = [
  { id: 'spiffy', prefix: 'Spiffy', mod: spiffyModule, topicModels: spiffyModule.spiffyTopicModels },
  { id: 'cratejoy', prefix: 'Cratejoy', mod: cratejoyModule, topicModels: cratejoyModule.cratejoyTopicModels },
  { id: 'lemonsqueezy', prefix: 'LemonSqueezy', mod: lemonSqueezyModule, topicModels: lemonSqueezyModule.lemonSqueezyTopicModels },
  { id: 'tiendanube', prefix: 'Tiendanube', mod: tiendanubeModule, topicModels: tiendanubeModule.tiendanubeTopicModels },
];

function modelsOf(p: Provider): { model: string; samples: Json[] }[] {
  const dir = join(REPO, 'spec', p.id);
  return readdirSync(join(dir, 'models'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const { model, samples } = YAML.parse(readFileSync(join(dir, 'models', f), 'utf8')) as { model: string; samples: string[] };
      const topics = Object.keys(p.topicModels).filter((t) => p.topicModels[t].includes(model));
      const topic = topics.find((t) => p.topicModels[t].length === 1) ?? topics[0] ?? '';
      const parse = p.mod[`parse${p.prefix}Body`] as (t: string, text: string) => Json;
      const int64 = (p.mod[`${p.prefix[0]!.toLowerCase()}${p.prefix.slice(1)}Int64Paths`] as Record<string, string[][]>)[model] ?? [];
      // a model no topic delivers (Cratejoy Address) is parsed as a receiver would, with its own 64-bit paths
      const parseModel = (text: string): Json => {
        if (topic !== '') return parse(topic, text);
        const value = parseLossless(text);
        for (const path of int64) int64ToString(value, path, 0);
        return value as Json;
      };
      return {
        model,
        samples: samples.map((ref) => {
          const [file = '', pointer] = ref.split('#');
          const text = readFileSync(join(dir, file), 'utf8');
          if (pointer !== undefined) {
            // a sample inside a body (an envelope's payload): the member at the pointer, its 64-bit ids as a receiver makes them
            let value = parseLossless(text) as Json;
            for (const key of pointer.split('/').slice(1)) value = (value as Record<string, Json>)[key]!;
            for (const path of int64) int64ToString(value, path, 0);
            return value;
          }
          return file.endsWith('.yaml') ? (YAML.parse(text) as Json) : parseModel(text);
        }),
      };
    });
}

const OTHER_APPLICATORS = ['allOf', 'oneOf', 'not', 'if', 'then', 'else', 'prefixItems', 'contains', 'patternProperties', 'propertyNames', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems'];

/** Strict reading: every object schema with `properties` and no `additionalProperties` is closed. */
function strictSchema(node: Schema): Schema {
  for (const k of OTHER_APPLICATORS) if (k in node) throw new Error(`test setup: strictSchema does not handle ${k}`);
  const out: Schema = { ...node };
  const map = (o: Record<string, Schema>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, strictSchema(v)]));
  if (node.properties) {
    out.properties = map(node.properties);
    if (node.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (node.$defs) out.$defs = map(node.$defs);
  if (node.items) out.items = strictSchema(node.items);
  if (node.anyOf) out.anyOf = node.anyOf.map(strictSchema);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = strictSchema(node.additionalProperties);
  return out;
}

/** Property names and enum strings of a schema: keys and values the mutations reuse. */
function vocabulary(node: Schema, names = new Set<string>(), enums = new Set<Json>()): { names: Set<string>; enums: Set<Json> } {
  if (node.properties) for (const [k, v] of Object.entries(node.properties as Record<string, Schema>)) names.add(k), vocabulary(v, names, enums);
  if (node.enum) for (const e of node.enum) enums.add(e);
  for (const d of Object.values((node.$defs ?? {}) as Record<string, Schema>)) vocabulary(d, names, enums);
  if (node.items) vocabulary(node.items, names, enums);
  for (const m of node.anyOf ?? []) vocabulary(m, names, enums);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') vocabulary(node.additionalProperties, names, enums);
  return { names, enums };
}

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2020) => void;
const ajvs = { default: new Ajv2020({ strict: true, allErrors: true }), strict: new Ajv2020({ strict: true, allErrors: true }) };
addFormats(ajvs.default);
addFormats(ajvs.strict);

/** A model's emitted schema, read for the parsed form the guards check (64-bit integers as digit strings only). */
function readSchema(p: Provider, model: string): Schema {
  return parsedFormSchema(JSON.parse(readFileSync(join(REPO, 'generated', p.id, 'schemas', `${model}.schema.json`), 'utf8')) as Schema);
}

const judges = new Map<string, ReturnType<Ajv2020['compile']>>();
/** Ajv's validate function for a model (compiled once per mode: the schemas' $ids are unique per Ajv instance). */
function judge(p: Provider, model: string, strict: boolean) {
  const key = `${p.id}/${model}/${strict}`;
  let f = judges.get(key);
  if (!f) {
    const schema = readSchema(p, model);
    f = (strict ? ajvs.strict : ajvs.default).compile(strict ? strictSchema(schema) : schema);
    judges.set(key, f);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// JSON values and their nodes

/** An own data property, even for `__proto__`. */
function define(o: Record<string, unknown>, k: string, v: unknown) {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every node of a value, as its path from the root (the root is []). */
function nodes(v: Json, path: Key[] = [], out: { path: Key[]; value: Json }[] = []) {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((e, i) => nodes(e, [...path, i], out));
  else if (isObject(v)) for (const k of Object.keys(v)) nodes(v[k], [...path, k], out);
  return out;
}

/** A shallow copy with every key kept as an own data property. */
function shallow(v: Json): Json {
  if (Array.isArray(v)) return v.slice();
  if (isObject(v)) {
    const o = {};
    for (const k of Object.keys(v)) define(o, k, v[k]);
    return o as Json;
  }
  return v;
}

/** `root` with the node at `path` replaced by `change(node)`; the containers on the path are copied, nothing is mutated. */
function update(root: Json, path: Key[], change: (node: Json) => Json): Json {
  if (path.length === 0) return change(root);
  const copy = shallow(root) as any;
  define(copy, String(path[0]), update(copy[path[0]], path.slice(1), change));
  return copy;
}

const pointer = (path: Key[]) => path.map((k) => '/' + String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? s.slice(0, 77) + '...' : s;
};

// ---------------------------------------------------------------------------------------------
// mutations

type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'remove'; at: number }
  | { kind: 'addKey'; at: number; key: string; value: Json }
  | { kind: 'push'; at: number; value: Json }
  | { kind: 'duplicateItem'; at: number; item: number }
  | { kind: 'graft'; at: number; from: number };

/** Applies mutations in order; `at` indexes pick among the current value's nodes. Returns the value and a readable log. */
function mutate(start: Json, mutations: Mutation[]): { value: Json; log: string[] } {
  let v = start;
  const log: string[] = [];
  for (const m of mutations) {
    const all = nodes(v);
    const pick = <T,>(list: T[], i: number) => (list.length ? list[i % list.length] : undefined);
    switch (m.kind) {
      case 'replace': {
        const n = pick(all, m.at)!;
        v = update(v, n.path, () => m.value);
        log.push(`set ${pointer(n.path) || '(root)'} = ${show(m.value)}`);
        break;
      }
      case 'remove': {
        const n = pick(
          all.filter((x) => x.path.length > 0),
          m.at,
        );
        if (!n) break;
        const parent = n.path.slice(0, -1);
        const last = n.path[n.path.length - 1];
        v = update(v, parent, (c) => {
          if (Array.isArray(c)) return c.filter((_, i) => i !== last);
          const o = shallow(c) as Record<string, Json>;
          delete o[last as string];
          return o;
        });
        log.push(`remove ${pointer(n.path)}`);
        break;
      }
      case 'addKey': {
        const n = pick(
          all.filter((x) => isObject(x.value)),
          m.at,
        );
        if (!n) break;
        v = update(v, n.path, (c) => {
          const o = shallow(c) as Record<string, Json>;
          define(o, m.key, m.value);
          return o;
        });
        log.push(`add ${pointer([...n.path, m.key])} = ${show(m.value)}`);
        break;
      }
      case 'push': {
        const n = pick(
          all.filter((x) => Array.isArray(x.value)),
          m.at,
        );
        if (!n) break;
        v = update(v, n.path, (c) => [...(c as Json[]), m.value]);
        log.push(`push ${pointer(n.path)}/- = ${show(m.value)}`);
        break;
      }
      case 'duplicateItem': {
        const n = pick(
          all.filter((x) => Array.isArray(x.value) && x.value.length > 0),
          m.at,
        );
        if (!n) break;
        const arr = n.value as Json[];
        const j = m.item % arr.length;
        v = update(v, n.path, (c) => [...(c as Json[]), (c as Json[])[j]]);
        log.push(`push ${pointer(n.path)}/- = copy of ${pointer([...n.path, j])}`);
        break;
      }
      case 'graft': {
        const to = pick(all, m.at)!;
        const from = pick(all, m.from)!;
        v = update(v, to.path, () => from.value);
        log.push(`set ${pointer(to.path) || '(root)'} = copy of ${pointer(from.path) || '(root)'}`);
        break;
      }
    }
  }
  return { value: v, log };
}

/** A JSON object from entries, every key an own data property (`__proto__` included). */
const objectOf = (entries: [string, Json][]) => {
  const o = {};
  for (const [k, v] of entries) define(o, k, v);
  return o as Json;
};

function arbitraries(names: string[], enums: Json[]) {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  /** Date-times and near misses: every field can be out of range, separators and offsets vary. */
  const dateLike = fc
    .record({
      y: fc.integer({ min: 0, max: 9999 }),
      mo: fc.integer({ min: 0, max: 19 }),
      d: fc.integer({ min: 0, max: 39 }),
      sep: fc.constantFrom('T', 't', ' ', 'x', '\t', ''),
      h: fc.integer({ min: 0, max: 29 }),
      mi: fc.integer({ min: 0, max: 69 }),
      s: fc.integer({ min: 0, max: 69 }),
      frac: fc.constantFrom('', '.', '.5', '.123456', '.9999999999'),
      tz: fc.constantFrom('Z', 'z', '', '+00:00', '-04:00', '+0530', '+05', '+23:59', '+24:00', '-00:60', '+01:', '+1', 'Zx', ' Z', '-12:00'),
    })
    .map(({ y, mo, d, sep, h, mi, s, frac, tz }) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}${tz}`);
  const validDate = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
  const special = fc.constantFrom(
    '2017-02-30T00:00:00Z',
    '2016-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1990-12-31T23:59:60Z',
    '1990-12-31T15:59:60-08:00',
    '2017-01-01T00:00:60Z',
    '2017-01-01T24:00:00Z',
    '2017-13-01T00:00:00Z',
    '2017-03-20T16:02:28-04:00',
    '2017-03-20 16:02:28-04:00',
    '2017-03-20T16:02:28',
    '2017-03-20',
    '16:02:28Z',
    'yesterday',
    '',
    ' ',
    '0',
    '-0',
    '-',
    '007',
    '12a',
    '1e3',
    '１２３',
    '123\n',
    '9223372036854775807',
    '327475578523353102',
  );
  const digits = fc.stringMatching(/^-?[0-9]{1,22}$/);
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.constantFrom(0, -0, 1, -1, 2 ** 53, 2 ** 53 + 2, 1e21, 1.5, -0.5, 1e-7, Number.MAX_VALUE, Number.MIN_VALUE),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 12 }),
    dateLike,
    validDate,
    special,
    digits,
    ...(enums.length ? [fc.constantFrom(...enums)] : []),
  );
  const key = fc.oneof(
    ...(names.length ? [fc.constantFrom(...names)] : []),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', 'a/b', 'x~y', '0', 'extra'),
    fc.string({ maxLength: 6 }),
  );
  const value: fc.Arbitrary<Json> = fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constantFrom<Json>([], {}) },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(key, scalar), { maxLength: 3 }).map(objectOf) },
  );
  const at = fc.nat({ max: 1_000_000 });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), at }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('addKey' as const), at, key, value }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('push' as const), at, value }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicateItem' as const), at, item: fc.nat({ max: 100 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('graft' as const), at, from: at }) },
  );
  return { mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }), dateLike, special };
}

// ---------------------------------------------------------------------------------------------
// the checks

/** Where an issue points: the location must exist, or (for `missing`) be an absent key of an existing object. */
function pointsIntoValue(v: Json, issue: Issue): boolean {
  const keys = issue.path === '' ? [] : issue.path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = v;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const last = i === keys.length - 1;
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(k) || Number(k) >= cur.length) return false;
      if (last && issue.received === 'missing') return false;
      cur = cur[Number(k)];
    } else if (isObject(cur)) {
      const own = Object.prototype.hasOwnProperty.call(cur, k);
      if (last && issue.received === 'missing') return !own;
      if (!own) return false;
      cur = cur[k];
    } else return false;
  }
  return issue.received !== 'missing';
}

describe.each(providers.map((p) => [p.id, p] as const))('%s: guards and Ajv agree on mutated samples', (_, p) => {
  describe.each(modelsOf(p).map(({ model, samples }) => [model, samples] as const))('%s', (model, samples) => {
    const voc = vocabulary(readSchema(p, model));
    const { mutations } = arbitraries([...voc.names].sort(), [...voc.enums]);
    const isX = p.mod[`is${model}`] as (v: unknown, o?: { strict?: boolean }) => boolean;
    const validateX = p.mod[`validate${model}`] as (v: unknown, o?: { strict?: boolean }) => Result;
    const std = p.mod[`${model}Schema`]['~standard'] as { validate(v: unknown): { value?: unknown; issues?: unknown[] } };
    const int64 = (p.mod[`${p.prefix[0]!.toLowerCase()}${p.prefix.slice(1)}Int64Paths`] as Record<string, string[][]>)[model] ?? [];
    /** What the Standard Schema object validates: the value with integer numbers at 64-bit paths as digit strings. */
    const framed = (v: unknown): unknown => int64.reduce<unknown>((x, path) => withInt64Strings(x, path), v);

    it.each([['default', false] as const, ['strict', true] as const])(
      '%s mode',
      (mode, strict) => {
        const ajvValidate = judge(p, model, strict);
        const property = fc.property(fc.nat({ max: samples.length - 1 }), mutations, (which, muts) => {
          const { value, log } = mutate(samples[which], muts);
          const ajv = ajvValidate(value) as boolean;
          const is = isX(value, { strict });
          const r = validateX(value, { strict });
          const problems: string[] = [];
          if (is !== ajv || r.ok !== ajv) problems.push(`verdicts differ: Ajv ${ajv}, is${model} ${is}, validate${model}.ok ${r.ok}`);
          if (!strict) {
            // a number at a 64-bit path is what a framework hands over: accepted there, as its digit string
            const before = JSON.stringify(value);
            const s = std.validate(value);
            const want = validateX(framed(value));
            if ('value' in s !== want.ok) problems.push(`${model}Schema['~standard'] disagrees with validate${model} of the value with digit strings at the 64-bit paths`);
            if ('value' in s && JSON.stringify(s.value) !== JSON.stringify(framed(value))) problems.push(`${model}Schema['~standard'] hands on another value than the value with digit strings at the 64-bit paths`);
            if (JSON.stringify(value) !== before) problems.push(`${model}Schema['~standard'] changed its input`);
            if (r.ok && !('value' in s)) problems.push(`${model}Schema['~standard'] rejects what validate${model} accepts`);
          }
          if (!r.ok) {
            if (r.issues.length === 0) problems.push('validate returned ok: false with no issues');
            for (const i of r.issues) {
              if (!pointsIntoValue(value, i)) problems.push(`issue path points nowhere: ${i.message}`);
              if (i.message !== `${showPointer(i.path)}: expected ${i.expected}, received ${i.received}`) problems.push(`message does not match its fields: ${JSON.stringify(i)}`);
            }
          }
          if (problems.length) {
            const ajvErrors = (ajvValidate.errors ?? []).slice(0, 6).map((e) => `${e.instancePath || '/'} ${e.message}`);
            const issues = r.ok ? [] : r.issues.slice(0, 6).map((i) => i.message);
            throw new Error(
              [
                `${p.id} ${model}, ${mode} mode, sample ${which}, after:`,
                ...log.map((l) => `  ${l}`),
                ...problems,
                `Ajv errors: ${JSON.stringify(ajvErrors)}`,
                `guard issues: ${JSON.stringify(issues)}`,
              ].join('\n'),
            );
          }
        });
        fc.assert(property, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
      },
      Math.max(120_000, RUNS * 5),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// topics with several payload models: the verdict is "any member", the issues explain the
// member named by the discriminator

const multiTopics = providers.flatMap((p) =>
  Object.entries(p.topicModels)
    .filter(([, members]) => members.length > 1)
    .map(([topic, members]) => [`${p.id} ${topic}`, { p, topic, members: [...members] }] as const),
);

describe.each(multiTopics)('%s: topic-level guards and Ajv (anyOf the members) agree', (_, { p, topic, members }) => {
  const all = modelsOf(p).filter((m) => members.includes(m.model));
  const samples = all.flatMap((m) => m.samples);
  const voc = { names: new Set<string>(), enums: new Set<Json>() };
  for (const m of members) vocabulary(readSchema(p, m), voc.names, voc.enums);
  const { mutations } = arbitraries([...voc.names].sort(), [...voc.enums]);
  // told apart by `type` when every member pins it to one value
  const tags = members.map((m) => readSchema(p, m).properties?.type?.enum);
  const discriminated = tags.every((t) => Array.isArray(t) && t.length === 1);
  const isP = p.mod[`is${p.prefix}Payload`] as (t: string, v: unknown, o?: { strict?: boolean }) => boolean;
  const validateP = p.mod[`validate${p.prefix}Payload`] as (t: string, v: unknown, o?: { strict?: boolean }) => Result;

  it.each([['default', false] as const, ['strict', true] as const])(
    '%s mode',
    (mode, strict) => {
      const property = fc.property(fc.nat({ max: samples.length - 1 }), mutations, (which, muts) => {
        const { value, log } = mutate(samples[which], muts);
        const ajv = members.some((m) => judge(p, m, strict)(value));
        const is = isP(topic, value, { strict });
        const r = validateP(topic, value, { strict });
        const problems: string[] = [];
        if (is !== ajv || r.ok !== ajv) problems.push(`verdicts differ: Ajv (anyOf ${members.join(', ')}) ${ajv}, is${p.prefix}Payload ${is}, validate${p.prefix}Payload.ok ${r.ok}`);
        if (!r.ok) {
          if (r.issues.length === 0) problems.push('validate returned ok: false with no issues');
          for (const i of r.issues) if (!pointsIntoValue(value, i) && !(discriminated && i.path === '/type')) problems.push(`issue path points nowhere: ${i.message}`);
          if (discriminated && isObject(value)) {
            const k = tags.findIndex((t) => t[0] === value.type);
            const want = k >= 0 ? (p.mod[`validate${members[k]}`](value, { strict }) as Result) : undefined;
            if (want && JSON.stringify(want) !== JSON.stringify(r)) problems.push(`type ${show(value.type)} but the issues are not those of validate${members[k]}`);
            if (!want && (r.issues.length !== 1 || r.issues[0].path !== '/type')) problems.push('an unknown type must give one issue at /type');
          }
        }
        if (problems.length) {
          const issues = r.ok ? [] : r.issues.slice(0, 6).map((i) => i.message);
          throw new Error([`${p.id} ${topic}, ${mode} mode, sample ${which}, after:`, ...log.map((l) => `  ${l}`), ...problems, `guard issues: ${JSON.stringify(issues)}`].join('\n'));
        }
      });
      fc.assert(property, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
    },
    Math.max(120_000, RUNS * 5),
  );
});

// ---------------------------------------------------------------------------------------------
// the runtime's string formats against ajv-formats' "full" formats (what the schemas mean)

describe('isDateTime, isDate and isTime agree with ajv-formats (full)', () => {
  const full = ((ajvFormats as any).fullFormats ?? (ajvFormats as any).default?.fullFormats) as Record<string, { validate(s: string): boolean }>;
  const { dateLike, special } = arbitraries([], []);
  const near = fc
    .tuple(dateLike, fc.nat({ max: 30 }), fc.string({ maxLength: 3, unit: fc.constantFrom('0', '9', ':', '-', '+', 'T', 'Z', '.', ' ', 't', '\n') }), fc.nat({ max: 3 }))
    .map(([d, i, insert, cut]) => d.slice(0, i) + insert + d.slice(i + cut));
  const strings = fc.oneof(dateLike, special, near, fc.string({ maxLength: 30 }));
  const cases: [string, (s: string) => boolean, string, (s: string) => string][] = [
    ['date-time', isDateTime, 'date-time', (s) => s],
    ['date', isDate, 'date', (s) => s.slice(0, 10)],
    ['time', isTime, 'time', (s) => s.slice(11)],
  ];
  it.each(cases)('%s', (_, ours, format, cut) => {
    fc.assert(
      fc.property(strings.map(cut), (s) => {
        if (ours(s) !== full[format].validate(s)) throw new Error(`${format} ${JSON.stringify(s)}: ours ${ours(s)}, ajv-formats ${full[format].validate(s)}`);
      }),
      { numRuns: RUNS * 20, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  }, Math.max(120_000, RUNS * 20));
});
