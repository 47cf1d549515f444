/**
 * Stage 2b, after the hints: what a hint says must agree with the samples and with itself. A
 * hint that contradicts a sample (`enum: [a, b]` where the sample shows `c`, `type: integer`
 * over a string, `format: date-time` over `"soon"`, `optional: false` on a field a sample
 * lacks) would generate a package whose own `sample()` fails its validator; an `enum` whose
 * values are not of the field's type (`enum: [1, 2]` on a string) a type no value can have.
 * Both are located problems, at the hint's keyword, naming the sample value with its place.
 *
 * The samples are checked against the whole schema once the hints are applied (JSON Schema
 * semantics, our subset: `type`, `enum`, `format`, `minimum`/`maximum`, `properties`,
 * `required`, `additionalProperties`, `items`, `anyOf`; a `pattern` is not run: a hostile one can
 * take exponential time). Work is bounded by {@link MAX_CHECK_STEPS}.
 */
import { isDate, isDateTime, isTime } from '../../runtime/validate.js';
import { describeValue, formatLocation, type Location, type Problem } from '../util/diagnostics.js';
import { formatPointer } from '../util/pointer.js';
import { isInt64Node, resolve } from './hints.js';
import { typesOf } from './infer.js';
import { locateInSample } from './locate.js';
import type { HintSpec, ModelSpec, SampleSpec, Schema } from './types.js';

/** Schema nodes visited per model before the check gives up (an `anyOf` tries each member). */
export const MAX_CHECK_STEPS = 1_000_000;

/** Contradictions reported per model (each names how many more values its hint contradicts). */
const MAX_REPORTED = 20;

const FORMATS: Readonly<Record<string, (s: string) => boolean>> = { 'date-time': isDateTime, date: isDate, time: isTime };

/** Which keyword a value fails: the hint's key that says it, when the hint has one. */
type Keyword = 'type' | 'enum' | 'format' | 'minimum' | 'maximum' | 'required' | 'additionalProperties' | 'anyOf';

interface Mismatch {
  /** the value's path: member names, and array indices as numbers */
  path: (string | number)[];
  keyword: Keyword;
  expected: string;
  found: string;
}

class OutOfSteps extends Error {}

interface Ctx {
  steps: number;
  out: Mismatch[];
  limit: number;
}

/** The JSON types `v` has (an integer is a number too). */
function fits(t: string, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

function ownTypes(node: Schema): string[] {
  return node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
}

/** Collects into `ctx.out` how `value` (at `path`) fails `node`; stops at `ctx.limit`. */
function check(node: Schema, value: unknown, path: (string | number)[], ctx: Ctx): void {
  if (ctx.out.length >= ctx.limit) return;
  if (++ctx.steps > MAX_CHECK_STEPS) throw new OutOfSteps();
  const push = (keyword: Keyword, expected: string, at = path, found = describeValue(value)) => {
    if (ctx.out.length < ctx.limit) ctx.out.push({ path: at, keyword, expected, found });
  };
  // a 64-bit id is a digit string once parsed losslessly; JSON.parse gave the sample's number
  if (isInt64Node(node) && typeof value === 'number' && Number.isInteger(value)) return;
  const types = ownTypes(node);
  if (types.length > 0 && !types.some((t) => fits(t, value))) {
    push('type', `a value of type ${types.join(' | ')}`);
    return;
  }
  if (node.enum && !node.enum.some((e) => sameJson(e, value))) {
    push('enum', `one of ${node.enum.map((e) => JSON.stringify(e)).join(' | ')}`);
    return;
  }
  if (typeof value === 'string' && typeof node.format === 'string') {
    const test = FORMATS[node.format];
    if (test && !test(value)) push('format', `a ${node.format} string (RFC 3339)`);
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) push('minimum', `at least ${node.minimum}`);
    if (typeof node.maximum === 'number' && value > node.maximum) push('maximum', `at most ${node.maximum}`);
  }
  if (Array.isArray(value) && node.items) {
    for (let i = 0; i < value.length && ctx.out.length < ctx.limit; i++) check(node.items, value[i], [...path, i], ctx);
  }
  if (fits('object', value) && (node.properties || node.required || node.additionalProperties !== undefined)) {
    const obj = value as Record<string, unknown>;
    for (const k of node.required ?? []) if (!Object.hasOwn(obj, k)) push('required', `a member ${JSON.stringify(k)}`, [...path, k], 'none');
    for (const k of Object.keys(obj)) {
      if (node.properties && Object.hasOwn(node.properties, k)) {
        const child = node.properties[k];
        if (child) check(child, obj[k], [...path, k], ctx);
      } else if (node.additionalProperties === false) push('additionalProperties', `no member ${JSON.stringify(k)} (additionalProperties: false)`, [...path, k], describeValue(obj[k]));
      else if (typeof node.additionalProperties === 'object') check(node.additionalProperties, obj[k], [...path, k], ctx);
    }
  }
  if (node.anyOf) {
    const failures: Mismatch[][] = [];
    for (const member of node.anyOf) {
      const sub: Ctx = { steps: ctx.steps, out: [], limit: ctx.limit };
      check(member, value, path, sub);
      ctx.steps = sub.steps;
      if (sub.out.length === 0) return;
      failures.push(sub.out);
    }
    // the one member of the value's JSON type says best what is wrong inside it
    const ofType = node.anyOf.flatMap((m, i) => (typesOf(m).some((t) => fits(t, value)) ? [i] : []));
    const only = ofType.length === 1 && ofType[0] !== undefined ? failures[ofType[0]] : undefined;
    if (only) for (const m of only) push(m.keyword, m.expected, m.path, m.found);
    else push('anyOf', [...new Set(node.anyOf.flatMap(typesOf))].join(' | ') || 'one of the alternatives');
  }
}

/** True when the hint's pointer (`*` = any item) leads to `path` or to one of its ancestors. */
function covers(hint: HintSpec, path: readonly (string | number)[]): boolean {
  return hint.segments.length <= path.length && hint.segments.every((s, i) => (s === '*' ? typeof path[i] === 'number' : s === path[i]));
}

/** The hint's own key for a failed keyword, when it wrote one; else the hint itself. */
function keywordAt(hint: HintSpec, keyword: Keyword, atTarget: boolean): Location {
  const key: string | undefined =
    !atTarget ? undefined
    : keyword === 'enum' && hint.enum ? 'enum'
    : keyword === 'required' && hint.optional === false ? 'optional'
    : hint.schema && keyword in hint.schema ? keyword
    : hint.schema?.type !== undefined && keyword !== 'required' ? 'type'
    : undefined;
  return key && hint.locate ? hint.locate([key]) : hint.at;
}

/**
 * Reports every hint of `m` that contradicts a sample, or whose enum values do not fit the
 * type it gives. `root` is the model's schema with all its hints applied.
 */
export function checkHints(root: Schema, m: ModelSpec, problems: Problem[]): void {
  const found: Problem[] = [];
  try {
    checkEnums(root, m, found);
    checkSamples(root, m, found);
  } catch (e) {
    if (!(e instanceof OutOfSteps)) throw e;
    found.push({
      at: m.at,
      message: `checking the samples of ${m.name} against its hints takes more than ${MAX_CHECK_STEPS} steps`,
      expected: 'hints whose `anyOf` alternatives can be told apart by their JSON type',
      found: 'nested `anyOf` alternatives of one type',
      fix: 'simplify the `anyOf` hints of this model',
    });
  }
  problems.push(...found.slice(0, MAX_REPORTED));
}

/** An `enum` value that is not of its field's type (nor its format) can never be delivered. */
function checkEnums(root: Schema, m: ModelSpec, problems: Problem[]): void {
  const seen = new Set<Schema>();
  const ctx: Ctx = { steps: 0, out: [], limit: 1 };
  for (const hint of m.hints) {
    if (!hint.enum && !hint.schema) continue;
    const found = resolve(root, hint.segments);
    if (!found.ok) continue;
    for (const { node: target } of found.matches) {
      const visit = (node: Schema, depth: number): void => {
        if (seen.has(node) || depth > 64) return;
        seen.add(node);
        if (node.enum) {
          const { enum: values, ...typed } = node;
          values.forEach((v, i) => {
            ctx.out = [];
            check(typed, v, [], ctx);
            const miss = ctx.out[0];
            if (!miss) return;
            problems.push({
              at: node === target && hint.enum && hint.locate ? hint.locate(['enum', hint.enum.indexOf(v) === -1 ? i : hint.enum.indexOf(v)]) : hint.at,
              message: `enum value ${JSON.stringify(v)} of the hint on ${hint.pointer} is not a value of the field's type`,
              expected: `${miss.expected} (the field's ${hint.schema?.type !== undefined ? 'type in this hint' : 'type in the samples'})`,
              found: describeValue(v),
              fix: typeof v === 'number' || typeof v === 'boolean' ? `write the values as the field's type (quote them for a string field: "${String(v)}"), or give the hint the values' type` : "write the values as the field's type, or give the hint the values' type (`type:`)",
            });
          });
        }
        for (const b of node.anyOf ?? []) visit(b, depth + 1);
        if (node.items) visit(node.items, depth + 1);
        for (const c of Object.values(node.properties ?? {})) visit(c, depth + 1);
        if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, depth + 1);
      };
      visit(target, 0);
    }
  }
}

/** Every sample value must fit the schema the hints made; each misfit is the deepest covering hint's. */
function checkSamples(root: Schema, m: ModelSpec, problems: Problem[]): void {
  // the deepest hint first: it is the one that says the most about a value
  const hints = [...m.hints].filter((h) => h.schema || h.enum || h.int64 || h.optional === false).sort((a, b) => b.segments.length - a.segments.length);
  const byHint = new Map<HintSpec | undefined, { sample: SampleSpec; miss: Mismatch; more: number }>();
  const ctx: Ctx = { steps: 0, out: [], limit: 1000 };
  for (const sample of m.samples) {
    ctx.out = [];
    check(root, sample.value, [], ctx);
    for (const miss of ctx.out) {
      const hint = hints.find((h) => covers(h, miss.path));
      const entry = byHint.get(hint);
      if (entry) entry.more++;
      else byHint.set(hint, { sample, miss, more: 0 });
    }
  }
  for (const [hint, { sample, miss, more }] of byHint) {
    // a missing member is shown at the object that lacks it
    const valuePath = miss.keyword === 'required' ? miss.path.slice(0, -1) : miss.path;
    const where = locateInSample(sample, valuePath);
    const place = `${formatPointer(valuePath) || '/'} in ${where ? formatLocation(where) : sample.file}`;
    const others = more ? ` (and ${more} more value${more === 1 ? '' : 's'})` : '';
    const shown = miss.keyword === 'required' ? `an object without it at ${place}${others}` : `${miss.found} at ${place}${others}`;
    if (!hint) {
      // no hint says it: the inference disagrees with the runtime's checks (a generator bug)
      problems.push({
        at: where ?? { file: sample.file },
        message: `the sample does not fit the schema inferred for ${m.name} at ${formatPointer(miss.path) || '/'}`,
        expected: miss.expected,
        found: shown,
        fix: `add a hint for ${formatPointer(miss.path.map((s) => (typeof s === 'number' ? '*' : s))) || '/'} in ${m.file} that types the field as the samples show it`,
      });
      continue;
    }
    const atTarget = hint.segments.length === miss.path.length || (miss.keyword === 'required' && hint.segments.length === miss.path.length);
    problems.push({
      at: keywordAt(hint, miss.keyword, atTarget),
      message: `the hint on ${hint.pointer} contradicts the sample ${sample.file}`,
      expected: `${miss.expected}, as the hint says`,
      found: shown,
      fix: 'correct the hint to what the docs say the field holds, or the sample if the docs print it wrong',
    });
  }
}
