/**
 * Reading `hints:` of a model (models/<Model>.yaml, or a model of api.yaml): JSON pointer →
 * what the samples cannot say (a type, nullability, an enum, int64, a name). Applying them to
 * the inferred schema is src/model/hints.ts.
 */
import { closest, describeValue, type Problem } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { parsePointer } from '../util/pointer.js';
import { isRecord, type Reader } from './reader.js';
import type { HintSpec, Schema } from './types.js';
import type { YamlPath, YamlSource } from './yaml.js';

const SCHEMA_HINT_KEYS = ['type', 'format', 'items', 'properties', 'required', 'additionalProperties', 'anyOf'];
const HINT_KEYS = [...SCHEMA_HINT_KEYS, 'nullable', 'enum', 'int64', 'optional', 'description', 'name'];
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
/** `type: json`: any JSON value (null included), for a field whose type neither the docs nor captures show. */
export const ANY_JSON = 'json';
const SCHEMA_KEYS = [...SCHEMA_HINT_KEYS, 'enum', 'description', 'pattern', 'minimum', 'maximum'];

/** The hints of the file `src` (its top-level `hints:` map), sorted by pointer. */
export function loadHints(src: YamlSource, r: Reader, problems: Problem[]): HintSpec[] {
  const raw = r.expect(['hints'], 'map');
  if (!raw) return [];
  const hints: HintSpec[] = [];
  for (const pointer of Object.keys(raw).sort(compareStrings)) {
    if (!/^(\/[^/]+)+$/.test(pointer)) {
      problems.push({
        at: src.loc(['hints', pointer], { key: true }),
        message: 'a hint key must be a JSON pointer into the payload',
        expected: 'e.g. /closed_at or /line_items/*/price (`*` = any array item)',
        found: JSON.stringify(pointer),
        fix: pointer.startsWith('/') ? 'remove the empty segment (//) or trailing /' : `write "/${pointer.replace(/\./g, '/')}"`,
      });
      continue;
    }
    const h = r.expect(['hints', pointer], 'map');
    if (!h) continue;
    r.onlyKeys(['hints', pointer], HINT_KEYS);
    const hint: HintSpec = {
      pointer,
      segments: parsePointer(pointer),
      get at() {
        return src.loc(['hints', pointer], { key: true });
      },
      locate: (path) => src.loc(['hints', pointer, ...path]),
    };
    const schemaPart = Object.fromEntries(SCHEMA_HINT_KEYS.filter((k) => h[k] !== undefined).map((k) => [k, h[k]]));
    if (Object.keys(schemaPart).length) {
      const before = problems.length;
      checkSchemaFragment(src, ['hints', pointer], schemaPart, problems);
      // checked above: every keyword is one of Schema's, with a value of its kind
      if (problems.length === before) hint.schema = schemaPart as Schema;
      else hint.schemaBroken = true;
    }
    if (h.nullable !== undefined && r.expect(['hints', pointer, 'nullable'], 'boolean') !== undefined) hint.nullable = h.nullable === true;
    if (h.optional !== undefined && r.expect(['hints', pointer, 'optional'], 'boolean') !== undefined) hint.optional = h.optional === true;
    if (h.enum !== undefined) {
      const values = r.expect(['hints', pointer, 'enum'], 'list');
      if (values?.length === 0) {
        problems.push({ at: src.loc(['hints', pointer, 'enum']), message: 'an enum hint needs at least one value', expected: 'a non-empty list', found: 'an empty list', fix: 'list the documented values' });
      } else if (values) hint.enum = values;
    }
    if (h.description !== undefined) {
      const description = r.expect(['hints', pointer, 'description'], 'string');
      if (description) hint.description = description;
    }
    if (h.name !== undefined) {
      const name = r.expect(['hints', pointer, 'name'], 'string');
      if (name && !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
        problems.push({ at: src.loc(['hints', pointer, 'name']), message: 'invalid type name', expected: 'a PascalCase identifier', found: JSON.stringify(name), fix: 'use letters and digits, starting upper-case' });
      } else if (name) hint.name = name;
    }
    if (h.int64 !== undefined) {
      if (h.int64 === 'string' || h.int64 === true) hint.int64 = 'string';
      else {
        problems.push({
          at: src.loc(['hints', pointer, 'int64']),
          message: 'unsupported int64 representation',
          expected: '"string" (the digits as a decimal string)',
          found: describeValue(h.int64),
          fix: 'write `int64: string`',
        });
      }
    }
    hints.push(hint);
  }
  return hints;
}

/** Light structural check of a JSON Schema fragment written in a hint. */
function checkSchemaFragment(src: YamlSource, path: YamlPath, s: unknown, problems: Problem[]): void {
  if (!isRecord(s)) {
    problems.push({ at: src.loc(path), message: 'expected a JSON Schema object', expected: 'a map such as { type: string }', found: describeValue(s), fix: 'write the schema as a YAML map' });
    return;
  }
  for (const k of Object.keys(s)) {
    if (!SCHEMA_KEYS.includes(k)) {
      const guess = closest(k, SCHEMA_KEYS);
      problems.push({
        at: src.loc([...path, k], { key: true }),
        message: `unsupported schema keyword \`${k}\``,
        expected: `one of: ${SCHEMA_KEYS.join(', ')}`,
        found: `\`${k}\``,
        fix: guess ? `did you mean \`${guess}\`?` : 'remove it',
      });
    }
  }
  if (s.type !== undefined) {
    const list = Array.isArray(s.type);
    const types: unknown[] = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes(ANY_JSON) && types.length > 1) {
      problems.push({
        at: src.loc([...path, 'type']),
        message: `\`${ANY_JSON}\` (any JSON value) stands alone in a type`,
        expected: `\`type: ${ANY_JSON}\` alone: it already includes null and every other JSON type`,
        found: `[${types.map((t) => (typeof t === 'string' ? t : describeValue(t))).join(', ')}]`,
        fix: `write \`type: ${ANY_JSON}\`, or list the real types without \`${ANY_JSON}\``,
      });
    }
    types.forEach((t, i) => {
      if (t === ANY_JSON) return;
      if (typeof t !== 'string' || !JSON_TYPES.includes(t)) {
        const guess = typeof t === 'string' ? closest(t, JSON_TYPES) : undefined;
        problems.push({
          at: src.loc(list ? [...path, 'type', i] : [...path, 'type']),
          message: 'unknown JSON Schema type',
          expected: [...JSON_TYPES, ANY_JSON].map((x) => JSON.stringify(x)).join(' | ') + ' (quote "null" in YAML)',
          found: t === null ? 'null (YAML reads an unquoted null as a null value)' : describeValue(t),
          fix: guess ? `did you mean "${guess}"?` : t === null ? 'write "null" in quotes' : 'use a JSON Schema type name',
        });
      }
    });
  } else if (s.anyOf === undefined && s.enum === undefined && path[0] === 'hints') {
    // a replacing fragment without type would silently accept anything
    problems.push({
      at: src.loc(path),
      message: 'a schema hint must say the type',
      expected: '`type:` (or `anyOf:`) next to format/items/properties',
      found: `only ${Object.keys(s).join(', ')}`,
      fix: 'add e.g. `type: object`',
    });
  }
  if (s.items !== undefined) checkSchemaFragment(src, [...path, 'items'], s.items, problems);
  if (s.properties !== undefined) {
    if (s.properties === null || typeof s.properties !== 'object') {
      problems.push({ at: src.loc([...path, 'properties']), message: '`properties` must be a map', expected: 'a map of field name to schema', found: describeValue(s.properties), fix: 'write `properties:` as a map' });
    } else for (const [k, v] of Object.entries(s.properties)) checkSchemaFragment(src, [...path, 'properties', k], v, problems);
  }
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') {
    checkSchemaFragment(src, [...path, 'additionalProperties'], s.additionalProperties, problems);
  }
  if (s.anyOf !== undefined) {
    if (!Array.isArray(s.anyOf)) problems.push({ at: src.loc([...path, 'anyOf']), message: '`anyOf` must be a list', expected: 'a list of schemas', found: describeValue(s.anyOf), fix: 'write `anyOf:` as a list' });
    else s.anyOf.forEach((v: unknown, i) => checkSchemaFragment(src, [...path, 'anyOf', i], v, problems));
  }
  checkValueKeywords(src, path, s, problems);
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((x: unknown) => typeof x === 'string'))) {
    problems.push({ at: src.loc([...path, 'required']), message: '`required` must be a list of field names', expected: 'a list of strings', found: describeValue(s.required), fix: 'list the required field names' });
  }
}

/**
 * `format`, `pattern`, `minimum`, `maximum` and `enum` of a schema fragment: of their kind, a
 * pattern JavaScript compiles (the validators build it on import), a range that holds a value,
 * and a keyword that applies to a type the fragment allows (`format: date-time` on an integer
 * would check nothing).
 */
function checkValueKeywords(src: YamlSource, path: YamlPath, s: Record<string, unknown>, problems: Problem[]): void {
  const types = s.type === undefined ? undefined : (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
  const appliesTo = (key: string, wanted: readonly string[], what: string) => {
    if (types === undefined || types.some((t) => wanted.includes(t))) return;
    problems.push({
      at: src.loc([...path, key], { key: true }),
      message: `\`${key}\` applies to ${what}, and this schema allows none`,
      expected: `\`${key}\` next to \`type: ${wanted[0]}\` (or a type list with it)`,
      found: `type ${types.map((t) => JSON.stringify(t)).join(', ')}`,
      fix: `remove \`${key}\`, or correct the type`,
    });
  };
  if (s.format !== undefined) {
    if (typeof s.format !== 'string' || s.format === '') {
      problems.push({ at: src.loc([...path, 'format']), message: '`format` must be a format name', expected: 'a string such as date-time, date or time', found: describeValue(s.format), fix: 'write the format name' });
    } else appliesTo('format', ['string'], 'strings');
  }
  if (s.pattern !== undefined) {
    if (typeof s.pattern !== 'string') {
      problems.push({ at: src.loc([...path, 'pattern']), message: '`pattern` must be a regular expression', expected: 'a string (quote it in YAML)', found: describeValue(s.pattern), fix: 'write the pattern as a quoted string' });
    } else {
      try {
        new RegExp(s.pattern);
        appliesTo('pattern', ['string'], 'strings');
      } catch (e) {
        problems.push({
          at: src.loc([...path, 'pattern']),
          message: 'the pattern is not a regular expression JavaScript accepts',
          expected: 'an ECMA-262 regular expression (the validators compile it with new RegExp)',
          found: `${describeValue(s.pattern)} (${e instanceof Error ? e.message : String(e)})`,
          fix: 'correct the pattern (escape a literal ( [ { . * + ? with a backslash)',
        });
      }
    }
  }
  for (const key of ['minimum', 'maximum'] as const) {
    if (s[key] === undefined) continue;
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) {
      problems.push({ at: src.loc([...path, key]), message: `\`${key}\` must be a number`, expected: 'a finite number', found: describeValue(s[key]), fix: `write the documented ${key} as a number` });
    } else appliesTo(key, ['integer', 'number'], 'numbers');
  }
  if (typeof s.minimum === 'number' && typeof s.maximum === 'number' && s.minimum > s.maximum) {
    problems.push({ at: src.loc([...path, 'minimum']), message: 'the range holds no value: `minimum` is above `maximum`', expected: `a minimum of at most ${s.maximum}`, found: String(s.minimum), fix: 'swap them, or correct the one the docs state differently' });
  }
  if (s.enum !== undefined && path[0] === 'hints' && path.length > 2) {
    if (!Array.isArray(s.enum) || s.enum.length === 0) {
      problems.push({ at: src.loc([...path, 'enum']), message: '`enum` must list the values', expected: 'a non-empty list', found: describeValue(s.enum), fix: 'list the documented values' });
    }
  }
}
