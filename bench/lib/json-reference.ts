// The bench's own reference for lossless JSON, written independently of the runtime's parser:
// a plain recursive-descent parser that keeps integers beyond Number.MAX_SAFE_INTEGER as
// BigInt, a serializer that writes them back digit for digit, and the value a lossless parse
// must produce (such integers as exact digit strings; and, where the model's JSON Schema
// declares a 64-bit id, a digit string whatever the size). Slow on purpose: it only builds
// inputs and checks outputs, never runs in a timed loop.

/** A parsed JSON value whose unsafe integers are BigInt. */
export type RefValue = null | boolean | number | bigint | string | RefValue[] | { [key: string]: RefValue };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** Parses JSON text; integer literals that are not safe integers come back as BigInt. */
export function parseReference(text: string): RefValue {
  let i = 0;
  const fail = (expected: string): never => {
    throw new SyntaxError(`reference JSON parser: at offset ${i}, expected ${expected}, found ${JSON.stringify(text.slice(i, i + 12))}`);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('a closing quote');
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    i++;
    const decoded: unknown = JSON.parse(text.slice(start, i));
    if (typeof decoded !== 'string') return fail('a string');
    return decoded;
  };
  const value = (depth: number): RefValue => {
    if (depth > 512) fail('less nesting');
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: RefValue } = {};
      space();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('a member name');
        const key = string();
        space();
        if (text[i] !== ':') fail('":"');
        i++;
        Object.defineProperty(out, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return out;
        } else fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const out: RefValue[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(depth + 1));
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail('"," or "]"');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail('a JSON value');
    i += m[0].length;
    const n = Number(m[0]);
    return INTEGER.test(m[0]) && !Number.isSafeInteger(n) ? BigInt(m[0]) : n;
  };
  const result = value(0);
  space();
  if (i !== text.length) fail('the end of the text');
  return result;
}

/** JSON text of a reference value: BigInt as its digits (a JSON number), the rest as JSON.stringify. */
export function stringifyReference(value: RefValue): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyReference).join(',')}]`;
  return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${stringifyReference(value[k])}`).join(',')}}`;
}

/** A JSON Schema node, as far as the walk below reads it. */
interface SchemaNode {
  $ref?: string;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  $defs?: Record<string, SchemaNode>;
}

/** The pattern the generated schemas give a 64-bit id held as a digit string. */
export const INT64_PATTERN = '^-?[0-9]+$';

function isSchemaNode(x: unknown): x is SchemaNode {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * What a lossless parse of `text` must return for a model with JSON Schema `schema`: unsafe
 * integers as exact digit strings, and every integer where the schema declares a 64-bit id
 * (a string with the digit pattern) as its digit string.
 */
export function expectedLossless(text: string, schema: unknown): unknown {
  if (!isSchemaNode(schema)) throw new TypeError('expectedLossless: the schema is not an object');
  const root = schema;
  const resolve = (node: SchemaNode): SchemaNode => {
    let n = node;
    for (let hops = 0; n.$ref !== undefined; hops++) {
      const m = /^#\/\$defs\/(.+)$/.exec(n.$ref);
      const target = m && root.$defs ? root.$defs[m[1]] : undefined;
      if (!target || hops > 32) throw new Error(`expectedLossless: cannot resolve $ref ${n.$ref}`);
      n = target;
    }
    return n;
  };
  const isInt64 = (node: SchemaNode): boolean => {
    const n = resolve(node);
    return n.pattern === INT64_PATTERN || [...(n.anyOf ?? []), ...(n.oneOf ?? [])].some(isInt64);
  };
  const walk = (v: unknown, node: SchemaNode | undefined): unknown => {
    if (typeof v === 'bigint') return v.toString();
    if (node === undefined) return deepStrings(v);
    const n = resolve(node);
    if (typeof v === 'number') return Number.isInteger(v) && isInt64(n) ? String(v) : v;
    if (v === null || typeof v !== 'object') return v;
    const branches = [n, ...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])].map(resolve);
    if (Array.isArray(v)) {
      const items = branches.find((b) => b.items !== undefined)?.items;
      return v.map((x) => walk(x, items));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const prop = branches.find((b) => b.properties !== undefined && Object.hasOwn(b.properties, k))?.properties?.[k];
      Object.defineProperty(out, k, { value: walk(x, prop), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(parseReference(text), root);
}

/** What a lossless parse with no model must return: integers beyond 2^53 as exact digit strings. */
export function expectedUnsafeAsStrings(text: string): unknown {
  return deepStrings(parseReference(text));
}

/** The value with every BigInt turned into its digit string (no schema: an unknown member). */
function deepStrings(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(deepStrings);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepStrings(x)]));
  return v;
}

/** The JSON pointer of the first place where `actual` differs from `expected` (and how), or undefined. */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | undefined {
  const where = path === '' ? '(root)' : path;
  if (typeof actual !== typeof expected) return `${where}: expected ${describe(expected)}, found ${describe(actual)}`;
  if (actual === null || expected === null || typeof actual !== 'object' || typeof expected !== 'object') {
    return Object.is(actual, expected) ? undefined : `${where}: expected ${describe(expected)}, found ${describe(actual)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${where}: expected ${describe(expected)}, found ${describe(actual)}`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${where}: expected ${expected.length} items, found ${actual.length}`;
    for (let i = 0; i < actual.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  const a = Object.entries(actual);
  const e = new Map(Object.entries(expected));
  for (const [k, v] of a) {
    const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!e.has(k)) return `${p}: expected no member, found ${describe(v)}`;
    const d = firstDifference(v, e.get(k), p);
    if (d) return d;
  }
  if (a.length !== e.size) {
    const missing = [...e.keys()].find((k) => !Object.hasOwn(actual, k));
    return `${path}/${missing ?? '?'}: expected a member, found none`;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'bigint') return `the BigInt ${v}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
