// Every integer field of every generated model, at every size: values below and above 2^53,
// written as JSON text into a sample, then
//  - parsed with the provider's parse function and validated: a 64-bit field (an int64 hint or
//    the provider's id policy) validates, holding the exact digits; any other integer field
//    validates while the value is a safe integer, and above 2^53 is rejected at that field
//    (the lossless parser hands over digit strings, which an `integer` is not), never handed on
//    as a rounded number;
//  - fed by JSON.parse (what a framework does) to the model's Standard Schema object and to the
//    topic's: a 64-bit field is accepted and comes out as the digit string of what JSON.parse
//    made of it; another integer field is accepted as the number JSON.parse made of it;
//  - judged by Ajv with the emitted JSON Schema: the same verdicts, for both forms.
// One deterministic pass over every field with boundary values, and a fast-check property over
// random fields and values.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseLossless, stringifyLossless } from '../generated/runtime/json.js';
import { isInt64AnyOf } from './helpers/int64.js';
import { loadSpec } from '../src/spec/load.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

type Schema = Record<string, any>;
type Key = string | number;
type Result = { ok: true; value: unknown } | { ok: false; issues: { path: string; expected: string; received: string; message: string }[] };
type Std = { '~standard': { validate(v: unknown): { value?: unknown; issues?: readonly { message: string }[] } } };

/** One integer field of a sample: where it is, and whether the model says it is a 64-bit integer. */
interface Site {
  path: Key[];
  int64: boolean;
}

interface ModelCase {
  provider: string;
  model: string;
  topic: string;
  /** the parsed sample, as the provider's parser delivers it */
  sample: unknown;
  int64Paths: readonly (readonly string[])[];
  sites: Site[];
  parse: (text: string) => unknown;
  validate: (v: unknown) => Result;
  validateTopic: (v: unknown) => Result;
  schema: Std;
  topicSchema: Std;
  ajv: (v: unknown) => boolean;
}

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/** Types a schema node lists (`type` only). */
const typeList = (node: Schema): string[] => (node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type]);

/**
 * The integer fields of `value` under `node` (the emitted schema, `$ref`s resolved in `defs`):
 * a field with a value, or null where the schema allows an integer.
 */
function integerSites(node: Schema, defs: Record<string, Schema>, value: unknown, path: Key[], out: Site[]): void {
  if (node.$ref) return integerSites(defs[String(node.$ref).replace('#/$defs/', '')]!, defs, value, path, out);
  if (isInt64AnyOf(node)) {
    if (value === null || typeof value === 'string' || typeof value === 'number') out.push({ path, int64: true });
    return;
  }
  const types = typeList(node);
  if (types.includes('integer') && !types.includes('number') && (value === null || typeof value === 'number') && !node.enum && node.minimum === undefined && node.maximum === undefined) {
    out.push({ path, int64: false });
    return;
  }
  for (const m of (node.anyOf ?? []) as Schema[]) integerSites(m, defs, value, path, out);
  if (Array.isArray(value) && node.items) value.forEach((item, i) => integerSites(node.items, defs, item, [...path, i], out));
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && node.properties) {
    for (const [k, v] of Object.entries(value)) {
      const child = node.properties[k] as Schema | undefined;
      if (child) integerSites(child, defs, v, [...path, k], out);
    }
  }
}

function providerCases(id: string): ModelCase[] {
  const dir = join(REPO, 'spec', id);
  const mod = moduleOf(id);
  const prefix = (readFileSync(join(dir, 'provider.yaml'), 'utf8').match(/^typePrefix: (\w+)$/m) ?? [])[1]!;
  // the samples as the generator reads them: a `file#/pointer` sample is the member's exact text
  const loaded = specProviders.find((p) => p.id === id);
  if (!loaded) throw new Error(`test setup: spec/${id} did not load`);
  // an envelope provider's parser takes the whole body: a payload is parsed inside an envelope
  const envelope = loaded.delivery.envelope;
  const wrap = (text: string): string => (envelope ? envelope.payload.split('/').slice(1).reduceRight((inner, key) => `{${JSON.stringify(key.replace(/~1/g, '/').replace(/~0/g, '~'))}: ${inner}}`, text) : text);
  const lower = prefix[0]!.toLowerCase() + prefix.slice(1);
  const topicModels = mod[`${lower}TopicModels`] as Record<string, readonly string[]>;
  const int64Paths = mod[`${lower}Int64Paths`] as Record<string, readonly (readonly string[])[]>;
  const parseBody = mod[`parse${prefix}Body`] as (topic: string, text: string) => unknown;
  const validatePayload = mod[`validate${prefix}Payload`] as (topic: string, v: unknown) => Result;
  const payloadSchema = mod[`${lower}PayloadSchema`] as (topic: string) => Std;
  const out: ModelCase[] = [];
  for (const f of readdirSync(join(dir, 'models')).filter((x) => x.endsWith('.yaml')).sort()) {
    const spec = YAML.parse(readFileSync(join(dir, 'models', f), 'utf8')) as { model: string; samples: string[] };
    const topics = Object.keys(topicModels).filter((t) => topicModels[t]!.includes(spec.model));
    // a topic of this model alone when there is one; a model no topic delivers is parsed as a receiver would
    const topic = topics.find((t) => topicModels[t]!.length === 1) ?? topics[0];
    const paths = int64Paths[spec.model] ?? [];
    const parse = (text: string): unknown => {
      if (topic !== undefined) return parseBody(topic, wrap(text));
      const v = parseLossless(text);
      for (const p of paths) withStrings(v, p);
      return v;
    };
    const emitted = JSON.parse(readFileSync(join(REPO, 'generated', id, 'schemas', `${spec.model}.schema.json`), 'utf8')) as Schema;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const judge = ajv.compile(emitted);
    const validate = mod[`validate${spec.model}`] as (v: unknown) => Result;
    const sampleSpecs = loaded.models.find((m) => m.name === spec.model)?.samples ?? [];
    if (sampleSpecs.length < spec.samples.length) throw new Error(`test setup: ${id} ${spec.model} has ${spec.samples.length} sample entries, the loader ${sampleSpecs.length} samples`);
    sampleSpecs.forEach(({ file, json: text }, i) => {
      const sample = /\.json(#|$)/.test(file) ? parse(text) : YAML.parse(text);
      const sites: Site[] = [];
      integerSites(emitted, emitted.$defs ?? {}, sample, [], sites);
      out.push({
        provider: id,
        model: `${spec.model}${sampleSpecs.length > 1 ? ` (sample ${i})` : ''}`,
        topic: topic ?? '',
        sample,
        int64Paths: paths,
        sites,
        parse,
        validate,
        validateTopic: topic === undefined ? validate : (v) => validatePayload(topic, v),
        schema: mod[`${spec.model}Schema`] as Std,
        topicSchema: topic === undefined ? (mod[`${spec.model}Schema`] as Std) : payloadSchema(topic),
        ajv: (v) => judge(v) as boolean,
      });
    });
  }
  return out;
}

/** In place: the integers at `path` (`*` = every item) as digit strings (the parser's int64 step). */
function withStrings(value: unknown, path: readonly string[], i = 0): void {
  if (value === null || typeof value !== 'object') return;
  const key = path[i]!;
  const slots = value as Record<string, unknown>;
  const keys = key === '*' ? (Array.isArray(value) ? value.map((_, j) => String(j)) : []) : Object.hasOwn(value, key) ? [key] : [];
  for (const k of keys) {
    if (i === path.length - 1) {
      if (typeof slots[k] === 'number') slots[k] = String(slots[k]);
    } else withStrings(slots[k], path, i + 1);
  }
}

const modules: Record<string, Record<string, unknown>> = {
  spiffy: await import('../generated/spiffy/index.js'),
  cratejoy: await import('../generated/cratejoy/index.js'),
  lemonsqueezy: await import('../generated/lemonsqueezy/index.js'),
  tiendanube: await import('../generated/tiendanube/index.js'),
};
function moduleOf(id: string): Record<string, any> {
  const m = modules[id];
  if (!m) throw new Error(`test setup: no generated module for ${id}`);
  return m;
}

const specProviders = loadSpec(REPO).providers;
const PROVIDERS = readdirSync(join(REPO, 'spec'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const cases = PROVIDERS.flatMap(providerCases);

const at = (value: unknown, path: readonly Key[]): unknown => path.reduce<unknown>((v, k) => (v as Record<Key, unknown>)[k], value);
const pointer = (path: readonly Key[]): string => path.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const MARK = '@@integer-site@@';

/** The sample as JSON text with `digits` (an integer literal) at the site: ids written as numbers, as the provider sends them. */
function textWith(c: ModelCase, site: Site, digits: string): string {
  const value = structuredClone(c.sample);
  const parent = at(value, site.path.slice(0, -1)) as Record<Key, unknown>;
  parent[site.path[site.path.length - 1]!] = MARK;
  const text = stringifyLossless(value, c.int64Paths);
  if (text.split(`"${MARK}"`).length !== 2) throw new Error('test setup: the marker is not in the text once');
  return text.replace(`"${MARK}"`, digits);
}

/** Checks one value at one site; returns what is wrong (empty when all is well). */
function check(c: ModelCase, site: Site, n: bigint): string[] {
  const digits = n.toString();
  const safe = Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n;
  const text = textWith(c, site, digits);
  const where = pointer(site.path);
  const problems: string[] = [];

  // 1. the provider's parser, then its validators and the JSON Schema
  const parsed = c.parse(text);
  const got = at(parsed, site.path);
  const r = c.validate(parsed);
  const t = c.validateTopic(parsed);
  if (site.int64) {
    if (got !== digits) problems.push(`parse: ${where} is ${JSON.stringify(got)}, expected the digit string ${digits}`);
    if (!r.ok) problems.push(`validate rejects a 64-bit ${where} = ${digits}: ${r.issues.map((i) => i.message).join(' | ')}`);
  } else if (safe) {
    if (got !== Number(n)) problems.push(`parse: ${where} is ${JSON.stringify(got)}, expected the number ${digits}`);
    if (!r.ok) problems.push(`validate rejects the integer ${where} = ${digits}: ${r.issues.map((i) => i.message).join(' | ')}`);
  } else {
    // above 2^53 at a field typed integer: never a rounded number, and not handed over typed
    if (got !== digits) problems.push(`parse: ${where} is ${JSON.stringify(got)}, expected the exact digits ${digits} (a string), not a rounded number`);
    const issues = r.ok ? [] : r.issues.map((i) => i.path);
    if (r.ok || !issues.includes(where)) problems.push(`validate should reject ${where} = ${digits} (an integer above 2^53 the type says is a number); issues: ${JSON.stringify(issues)}`);
  }
  if (t.ok !== r.ok) problems.push(`the topic validator (${c.topic}) says ${t.ok}, the model's ${r.ok}`);
  if (c.ajv(parsed) !== r.ok) problems.push(`Ajv (emitted schema) says ${!r.ok} on the parsed value, the validator ${r.ok}`);

  // 2. what a framework hands over: JSON.parse, then the Standard Schema objects
  const framework = JSON.parse(text) as unknown;
  const before = JSON.stringify(framework);
  const rounded = Number(n);
  for (const [name, schema] of [
    ['model', c.schema],
    ['topic', c.topicSchema],
  ] as const) {
    const s = schema['~standard'].validate(framework);
    if (!('value' in s)) {
      problems.push(`the ${name} Standard Schema rejects what JSON.parse gives for ${where} = ${digits}: ${(s.issues ?? []).map((i) => i.message).join(' | ')}`);
      continue;
    }
    const out = at(s.value, site.path);
    // the digits JavaScript prints for the number JSON.parse made (written out in full from 1e21 on)
    const want = site.int64 ? (Math.abs(rounded) < 1e21 ? String(rounded) : BigInt(rounded).toString()) : rounded;
    if (out !== want) problems.push(`the ${name} Standard Schema hands on ${where} = ${JSON.stringify(out)}, expected ${JSON.stringify(want)}`);
    // what it hands on is the model type: the generated validator accepts it as is
    const again = c.validate(s.value);
    if (!again.ok) problems.push(`the ${name} Standard Schema's output is not a valid ${c.model}: ${again.issues.map((i) => i.message).join(' | ')}`);
  }
  if (JSON.stringify(framework) !== before) problems.push('a Standard Schema object changed its input');
  if (!c.ajv(framework)) problems.push(`Ajv (emitted schema) rejects what JSON.parse gives for ${where} = ${digits}`);
  return problems;
}

const TWO_53 = 2n ** 53n;
const BOUNDARIES = [0n, 42n, -7n, TWO_53 - 1n, -(TWO_53 - 1n), TWO_53, TWO_53 + 1n, 327475578523353102n, -(TWO_53 + 1n), 2n ** 63n - 1n];

describe('every integer field of every model, every size', () => {
  it('finds the models and their integer fields, 64-bit and not', () => {
    expect(PROVIDERS).toEqual(['cratejoy', 'lemonsqueezy', 'spiffy', 'tiendanube']);
    expect(cases.length).toBeGreaterThanOrEqual(32);
    const sites = cases.flatMap((c) => c.sites);
    expect(sites.filter((s) => s.int64).length).toBeGreaterThan(100);
    expect(sites.filter((s) => !s.int64).length).toBeGreaterThan(50);
    // the samples themselves validate as parsed (else every check below would be moot)
    for (const c of cases) expect(c.validate(c.sample).ok, `${c.provider} ${c.model}`).toBe(true);
  });

  it.each(cases.map((c) => [`${c.provider} ${c.model}`, c] as const))('%s: each integer field with values around 2^53 and 2^63', (_, c) => {
    const problems: string[] = [];
    for (const site of c.sites) for (const n of BOUNDARIES) problems.push(...check(c, site, n));
    expect(problems).toEqual([]);
  });

  describe.each(cases.filter((c) => c.sites.length > 0).map((c) => [`${c.provider} ${c.model}`, c] as const))('%s', (_, c) => {
    it('random fields and values (fast-check)', () => {
      const value = fc.oneof(
        fc.bigInt({ min: -(TWO_53 - 1n), max: TWO_53 - 1n }),
        fc.bigInt({ min: TWO_53, max: 2n ** 63n - 1n }),
        fc.bigInt({ min: -(2n ** 63n), max: -TWO_53 }),
      );
      fc.assert(
        fc.property(fc.nat({ max: Math.max(0, c.sites.length - 1) }), value, (i, n) => {
          const site = c.sites[i]!;
          const problems = check(c, site, n);
          if (problems.length) throw new Error(`${c.provider} ${c.model} ${pointer(site.path)} = ${n}:\n${problems.join('\n')}`);
        }),
        { numRuns: RUNS },
      );
    });
  });
});

describe('negative controls: the checks can fail', () => {
  const c = cases.find((x) => x.provider === 'spiffy' && x.model === 'Order')!;
  const plain = c.sites.find((s) => !s.int64)!;
  const id = c.sites.find((s) => s.int64 && s.path.length === 1 && s.path[0] === 'id')!;

  it('an integer field taken for a 64-bit one is caught (its parse gives a number, its validator rejects a digit string)', () => {
    expect(check(c, { ...plain, int64: true }, 42n).join('\n')).toMatch(/parse: .* is 42, expected the digit string 42/);
  });

  it('a 64-bit field taken for a plain one is caught', () => {
    expect(check(c, { ...id, int64: false }, 42n).join('\n')).toMatch(/parse: \/id is "42", expected the number 42/);
  });

  it('a parser that rounds, or a Standard Schema that passes numbers through, is caught', () => {
    const rounding: ModelCase = { ...c, parse: (text) => JSON.parse(text) };
    expect(check(rounding, plain, TWO_53 + 1n).join('\n')).toMatch(/expected the exact digits 9007199254740993 \(a string\), not a rounded number/);
    const passThrough: ModelCase = { ...c, schema: { '~standard': { validate: (v) => ({ value: v }) } } };
    expect(check(passThrough, id, 42n).join('\n')).toMatch(/the model Standard Schema hands on \/id = 42, expected "42"/);
  });
});
