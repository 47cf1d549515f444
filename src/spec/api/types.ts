/**
 * Types in api.yaml: `model: <Name>`, or `type:` with the JSON Schema keywords that go with
 * it (and `type: topic`); what a type allows, said for messages; and the check of a sample
 * value against a type, as far as the spec alone can tell.
 */
import { closest, describeValue } from '../../util/diagnostics.js';
import { compareStrings } from '../../util/order.js';
import { parsePointer } from '../../util/pointer.js';
import { own, setOwn } from '../../util/own.js';
import { isRecord } from '../reader.js';
import type { ApiType, ApiTypeName } from '../types.js';
import type { YamlPath } from '../yaml.js';
import { isScalarValue, type ApiContext } from './context.js';

const TYPE_KEYS = ['model', 'type', 'format', 'enum', 'minimum', 'maximum', 'default', 'example', 'items', 'properties', 'required', 'additionalProperties', 'description', 'source'];
const TYPE_NAMES: readonly ApiTypeName[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null', 'topic'];
const FORMATS = ['date-time', 'date', 'time'] as const;

/** A type at `path`; `extraKeys` are other keys allowed next to the type's. Undefined when broken. */
export function loadType(ctx: ApiContext, path: YamlPath, extraKeys: readonly string[] = []): ApiType | undefined {
  const { r, src, problems } = ctx;
  const raw = r.expect(path, 'map', { fix: 'write the type as a map, e.g. `{ type: string }` or `{ model: <Name> }`' });
  if (!raw) return undefined;
  r.onlyKeys(path, [...TYPE_KEYS, ...extraKeys]);
  const before = problems.length;
  const t: ApiType = {};
  if (raw.model !== undefined) {
    const m = r.expect([...path, 'model'], 'string');
    if (m !== undefined) {
      if (!ctx.modelNames.includes(m)) {
        const guess = closest(m, ctx.modelNames);
        problems.push({ at: src.loc([...path, 'model']), message: `unknown model "${m}"`, expected: `a model of api.yaml \`models:\` or of ${ctx.dir}/models/ (${ctx.modelNames.join(', ') || 'none'})`, found: JSON.stringify(m), fix: guess ? `did you mean "${guess}"?` : `declare it under \`models:\` in ${src.file}` });
      } else t.model = m;
    }
    const others = TYPE_KEYS.filter((k) => !['model', 'description', 'source'].includes(k) && raw[k] !== undefined && !(k === 'required' && extraKeys.includes('required') && typeof raw.required === 'boolean'));
    if (others.length) {
      problems.push({ at: src.loc([...path, others[0] ?? 'model'], { key: true }), message: 'a model reference takes no type keywords', expected: '`model:` with `description:` at most', found: others.map((k) => `\`${k}\``).join(', '), fix: 'describe the fields with hints on the model instead, or remove `model:`' });
    }
  } else if (raw.type === undefined) {
    problems.push({ at: src.loc(path), message: 'a type needs `type:` or `model:`', expected: `\`type:\` (${TYPE_NAMES.join(', ')}) or \`model: <Name>\``, found: `only ${Object.keys(raw).map((k) => `\`${k}\``).join(', ') || 'an empty map'}`, fix: 'add e.g. `type: string`' });
  } else {
    const typeList = Array.isArray(raw.type);
    const list: unknown[] = Array.isArray(raw.type) ? raw.type : [raw.type];
    const types: ApiTypeName[] = [];
    list.forEach((x, i) => {
      const name = TYPE_NAMES.find((n) => n === x);
      if (name) types.push(name);
      else {
        const guess = typeof x === 'string' ? closest(x, TYPE_NAMES) : undefined;
        problems.push({ at: src.loc(typeList ? [...path, 'type', i] : [...path, 'type']), message: 'unknown type', expected: TYPE_NAMES.map((n) => JSON.stringify(n)).join(' | ') + ' (quote "null" in YAML)', found: x === null ? 'null (YAML reads an unquoted null as a null value)' : describeValue(x), fix: guess ? `did you mean "${guess}"?` : x === null ? 'write "null" in quotes' : 'use one of the type names above' });
      }
    });
    if (list.length === 0) problems.push({ at: src.loc([...path, 'type']), message: 'an empty type list', expected: 'at least one type name', found: '[]', fix: 'write e.g. `type: string`' });
    t.type = types;
    const has = (n: ApiTypeName) => types.includes(n);
    const scalarsOnly = (key: string, allowed: readonly ApiTypeName[]) => {
      if (raw[key] !== undefined && !allowed.some(has)) {
        problems.push({ at: src.loc([...path, key], { key: true }), message: `\`${key}\` does not apply to ${list.join(' | ')}`, expected: `${/^[aeiou]/.test(allowed[0] ?? '') ? 'an' : 'a'} ${allowed.join(' or ')} type`, found: `type ${JSON.stringify(raw.type)}`, fix: `remove \`${key}\`` });
        return false;
      }
      return raw[key] !== undefined;
    };
    if (scalarsOnly('format', ['string'])) {
      const f = r.expect([...path, 'format'], 'string');
      const format = FORMATS.find((x) => x === f);
      if (f !== undefined && !format) {
        const guess = closest(f, FORMATS);
        problems.push({ at: src.loc([...path, 'format']), message: `unsupported format "${f}"`, expected: FORMATS.join(' | '), found: JSON.stringify(f), fix: guess ? `did you mean "${guess}"?` : 'remove it, and say the format in the description' });
      } else if (format) t.format = format;
    }
    if (raw.enum !== undefined) {
      const values = r.expect([...path, 'enum'], 'list');
      if (values && (values.length === 0 || !values.every(isScalarValue))) {
        problems.push({ at: src.loc([...path, 'enum']), message: 'an enum needs one or more scalar values', expected: 'a non-empty list of strings, numbers or booleans', found: describeValue(values), fix: 'list the documented values' });
      } else if (values?.every(isScalarValue)) t.enum = values;
    }
    for (const k of ['minimum', 'maximum'] as const) {
      if (!scalarsOnly(k, ['integer', 'number'])) continue;
      const v = raw[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push({ at: src.loc([...path, k]), message: `\`${k}\` must be a number`, expected: 'a number', found: describeValue(v), fix: `write e.g. \`${k}: 250\`` });
      else t[k] = v;
    }
    if (t.minimum !== undefined && t.maximum !== undefined && t.minimum > t.maximum) {
      problems.push({ at: src.loc([...path, 'maximum']), message: 'the maximum is below the minimum', expected: `a maximum of ${t.minimum} or more`, found: String(t.maximum), fix: 'check the documented range' });
    }
    if (scalarsOnly('items', ['array'])) t.items = loadType(ctx, [...path, 'items']);
    else if (has('array')) problems.push({ at: src.loc(path), message: 'an array type needs `items:`', expected: '`items:` the type of its items', found: 'no `items`', fix: 'add e.g. `items: { type: string }`' });
    if (scalarsOnly('properties', ['object'])) {
      const props = r.expect([...path, 'properties'], 'map');
      if (props) {
        const properties: Record<string, ApiType> = {};
        t.properties = properties;
        for (const k of Object.keys(props).sort(compareStrings)) {
          const p = loadType(ctx, [...path, 'properties', k]);
          if (p) setOwn(properties, k, p);
        }
      }
    }
    // a body property's `required: true` says the property is required, not which members are
    const requiredFlag = extraKeys.includes('required') && typeof raw.required === 'boolean';
    const required = !requiredFlag && scalarsOnly('required', ['object']) ? r.expect([...path, 'required'], 'list') : undefined;
    if (required) {
      const names = Object.keys(raw.properties ?? {});
      required.forEach((k, i) => {
        if (typeof k !== 'string' || !names.includes(k)) {
          const guess = typeof k === 'string' ? closest(k, names) : undefined;
          problems.push({ at: src.loc([...path, 'required', i]), message: 'a required field that `properties` does not list', expected: names.length ? `one of: ${names.join(', ')}` : 'a field under `properties`', found: describeValue(k), fix: guess ? `did you mean "${guess}"?` : 'add it to `properties`, or remove it' });
        }
      });
      t.required = required.filter((k): k is string => typeof k === 'string').sort(compareStrings);
    }
    if (scalarsOnly('additionalProperties', ['object'])) {
      if (raw.additionalProperties === false) t.additionalProperties = false;
      else if (raw.additionalProperties === true) problems.push({ at: src.loc([...path, 'additionalProperties']), message: '`additionalProperties: true` says nothing', expected: 'false, or the type of the other members', found: 'true', fix: 'remove it (other members are allowed by default), or give their type' });
      else t.additionalProperties = loadType(ctx, [...path, 'additionalProperties']);
    }
    if (has('topic') && types.some((x) => x !== 'topic' && x !== 'null')) {
      problems.push({ at: src.loc([...path, 'type']), message: '`topic` cannot be combined with other types', expected: '`type: topic`, or `type: [topic, "null"]`', found: JSON.stringify(raw.type), fix: 'keep `topic` (and "null" when the value may be null)' });
    }
  }
  for (const k of ['description', 'source'] as const) {
    if (raw[k] === undefined) continue;
    const text = r.expect([...path, k], 'string');
    if (text) t[k] = text;
  }
  if (problems.length !== before) return undefined;
  for (const k of ['default', 'example'] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    const issue = isScalarValue(v) ? staticIssue(ctx, t, v) : 'not a scalar';
    if (issue || !isScalarValue(v)) problems.push({ at: src.loc([...path, k]), message: `the ${k} does not fit the type`, expected: describeType(t), found: `${describeValue(v)} (${issue})`, fix: `correct the ${k} or the type` });
    else t[k] = v;
  }
  return problems.length === before ? t : undefined;
}

/** What a type allows, for messages. */
export function describeType(t: ApiType): string {
  if (t.model) return t.model;
  if (t.enum) return t.enum.map((e) => JSON.stringify(e)).join(' | ');
  return (t.type ?? []).map((x) => (x === 'array' && t.items ? `${describeType(t.items)}[]` : x === 'string' && t.format ? `${t.format} string` : x === 'topic' ? 'a topic' : x)).join(' | ');
}

/**
 * Checks a value against a type as far as the spec alone can (a model's shape is inferred
 * later, from these very samples): undefined when it fits, else what is wrong. `at` is the
 * value's JSON pointer, for the message.
 */
export function staticIssue(ctx: ApiContext, t: ApiType, v: unknown, at = ''): string | undefined {
  if (t.model) return v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : `${at || '/'}: expected ${t.model}, received ${describeValue(v)}`;
  const types = t.type ?? [];
  const fits = types.some((x) =>
    x === 'null' ? v === null
    : x === 'integer' ? Number.isInteger(v)
    : x === 'number' ? typeof v === 'number'
    : x === 'array' ? Array.isArray(v)
    : x === 'object' ? v !== null && typeof v === 'object' && !Array.isArray(v)
    : x === 'topic' ? typeof v === 'string' && ctx.topics.includes(v)
    : typeof v === x,
  );
  const where = at || '/';
  if (!fits) return `${where}: expected ${describeType(t)}, received ${describeValue(v)}`;
  if (v === null) return undefined;
  if (t.enum && !t.enum.some((e) => e === v)) return `${where}: expected ${describeType(t)}, received ${describeValue(v)}`;
  if (typeof v === 'number' && t.minimum !== undefined && v < t.minimum) return `${where}: below the minimum ${t.minimum}`;
  if (typeof v === 'number' && t.maximum !== undefined && v > t.maximum) return `${where}: above the maximum ${t.maximum}`;
  if (Array.isArray(v) && t.items) {
    for (let i = 0; i < v.length; i++) {
      const issue = staticIssue(ctx, t.items, v[i], `${at}/${i}`);
      if (issue) return issue;
    }
  }
  if (isRecord(v)) {
    for (const k of t.required ?? []) if (own(v, k) === undefined) return `${at}/${k}: missing`;
    for (const [k, x] of Object.entries(v)) {
      const p = own(t.properties, k) ?? (typeof t.additionalProperties === 'object' ? t.additionalProperties : undefined);
      if (p) {
        const issue = staticIssue(ctx, p, x, `${at}/${k}`);
        if (issue) return issue;
      } else if (t.additionalProperties === false) return `${at}/${k}: not allowed`;
    }
  }
  return undefined;
}

/** The type at `keys` inside `t` (through `properties` only). */
export function typeAt(t: ApiType, keys: readonly string[]): ApiType | undefined {
  let cur = t;
  for (const k of keys) {
    const next = own(cur.properties, k);
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

/** A JSON pointer key of api.yaml (`fieldErrors`, `messages`, pagination `items`, `next`), as keys. */
export function loadPointer(ctx: ApiContext, path: YamlPath): string[] | undefined {
  const p = ctx.r.expect(path, 'string');
  if (p === undefined) return undefined;
  if (!/^(\/[^/]+)+$/.test(p) || p.includes('*')) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'expected a JSON pointer', expected: 'a pointer such as /errors (no empty segment, no *)', found: JSON.stringify(p), fix: p.startsWith('/') ? 'remove the empty or * segment' : `write "/${p.replace(/^\/*/, '').replace(/\./g, '/')}"` });
    return undefined;
  }
  return parsePointer(p);
}
