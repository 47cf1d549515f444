// Lossless JSON for webhook bodies. JSON.parse rounds integers above 2^53
// (327475578523353102 comes back ending in ...100), so integer literals that are not
// safe integers are turned into strings before JSON.parse sees them. Bodies without a
// run of 16 digits (almost all) take the plain JSON.parse path: a run of 16 digits
// must cover an index that is 15 mod 16, so probing those indexes finds every candidate.
// With such runs, each is judged by its neighbours alone (quoteIntegerRuns), with no scan of the
// text between them; a run that only looks like a number token from there (it is inside a string)
// makes the quoted text invalid, and then the full scan (quoteUnsafeIntegers) decides.
// The generator's drift tool imports this module too, so both parse captures the same way.
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object of unknown shape. */
export interface JsonObject {
  [key: string]: JsonValue;
}

// Web/ES API this module uses beyond lib es2022, declared here so that neither DOM nor Node
// types are needed to compile it (and none leak into json.d.ts).
declare function structuredClone<T>(value: T): T;

/** The members of an object or array, by key, for the in-place edits below. */
type Slots = Record<PropertyKey, unknown>;

const hasOwn = (value: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(value, key);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * `text` with every run of 16+ digits that its neighbours make an unsafe integer token quoted:
 * `-`? then digits without a leading zero, after `:`, `,`, `[` or the start (JSON white space
 * between) and before `,`, `}`, `]` or the end. Only the runs are read (found by the 16-stride
 * probe), not the text between them. Undefined when the text has no run of 16 digits.
 *
 * Exact when JSON.parse accepts the result. In valid JSON every unsafe integer token has such
 * neighbours, and a run taken for one inside a string literal makes the result invalid: the
 * quote put before it (after one of `:,[` or white space, so never escaped) closes the string,
 * and a number right after a string is a syntax error. So a result that parses has quoted
 * exactly the unsafe integer tokens; one that does not goes to {@link quoteUnsafeIntegers}.
 */
function quoteIntegerRuns(text: string): string | undefined {
  const n = text.length;
  let out = '';
  let last = 0;
  let found = false;
  for (let i = 15; i < n; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    // a run of 16 through i holds i - 8 or i + 8 too (i + 8 when it starts after i - 8): most
    // digits (dates, prices) stop here. Past the end, charCodeAt gives NaN, not a digit.
    if (!isDigit(text.charCodeAt(i - 8)) && !isDigit(text.charCodeAt(i + 8))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    // the next probe is the first at or after end + 15: a later run starts after end
    i = end - 1;
    if (end - start < 16) continue;
    found = true;
    if (text.charCodeAt(start) === 48) continue;
    const token = start > 0 && text.charCodeAt(start - 1) === 45 ? start - 1 : start;
    if (end - start === 16 && Number.isSafeInteger(Number(text.slice(token, end)))) continue;
    let after = end;
    while (after < n && isJsonSpace(text.charCodeAt(after))) after++;
    const next = text.charCodeAt(after);
    if (after < n && next !== 44 && next !== 125 && next !== 93) continue;
    let before = token;
    while (before > 0 && isJsonSpace(text.charCodeAt(before - 1))) before--;
    const previous = text.charCodeAt(before - 1);
    if (before > 0 && previous !== 58 && previous !== 44 && previous !== 91) continue;
    out += text.slice(last, token) + '"' + text.slice(token, end) + '"';
    last = end;
  }
  if (!found) return undefined;
  return last === 0 ? text : out + text.slice(last);
}

function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  // a long run of digits, or of characters that start neither a string nor a number, is
  // skipped by a sticky regex (several times faster than a loop over the characters; made per
  // call, as a sticky regex carries state); runs shorter than 16 keep the plain loop
  const digitRun = /[0-9]+/y;
  const plainRun = /[^"0-9-]+/y;
  let plain = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      plain = 0;
      // skip a string literal: jump from quote to quote, an odd run of backslashes escapes it
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j === -1) return last === 0 ? text : out + text.slice(last);
        let b = j - 1;
        while (text.charCodeAt(b) === 92) b--;
        if ((j - 1 - b) % 2 === 0) break;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === 45 || isDigit(c)) {
      plain = 0;
      const start = i;
      if (c === 45) i++;
      while (i < n && isDigit(text.charCodeAt(i))) {
        if (++i - start === 16) {
          digitRun.lastIndex = i;
          if (digitRun.test(text)) i = digitRun.lastIndex;
          break;
        }
      }
      const e = text.charCodeAt(i);
      if (e === 46 || e === 101 || e === 69) {
        // a fraction or exponent: a float, which JSON.parse handles as the producer meant
        i++;
        for (let d = text.charCodeAt(i); isDigit(d) || d === 43 || d === 45 || d === 46 || d === 69 || d === 101; d = text.charCodeAt(++i));
        continue;
      }
      // without a leading zero (which JSON forbids: such a token is left for JSON.parse to
      // reject), 17 digits or more are always beyond 2^53, with no need to convert a long token
      // to a number; 16 may or may not be
      const first = c === 45 ? start + 1 : start;
      const digitCount = i - first;
      const leadingZero = digitCount > 1 && text.charCodeAt(first) === 48;
      if (!leadingZero && (digitCount >= 17 || (digitCount === 16 && !Number.isSafeInteger(Number(text.slice(start, i)))))) {
        out += text.slice(last, start) + '"' + text.slice(start, i) + '"';
        last = i;
      }
      continue;
    }
    i++;
    if (++plain === 16) {
      plainRun.lastIndex = i;
      if (plainRun.test(text)) i = plainRun.lastIndex;
      plain = 0;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * `JSON.parse` that never rounds an integer: integers beyond `Number.MAX_SAFE_INTEGER` come
 * back as decimal strings.
 * @throws SyntaxError when the text is not JSON
 */
export function parseLossless(text: string): JsonValue {
  let first = 0;
  while (isJsonSpace(text.charCodeAt(first))) first++;
  // a document that is one string (an escaped JSON string body) has no number outside it
  const quoted = text.charCodeAt(first) === 34 ? text : quoteIntegerRuns(text);
  if (quoted === undefined) return JSON.parse(text);
  try {
    return JSON.parse(quoted);
  } catch {
    // a run inside a string, or text that is not JSON: the full scan decides (and a body that is
    // not JSON fails with the message it always had)
    return JSON.parse(quoteUnsafeIntegers(text));
  }
}

/**
 * `table[key]` when `key` is the table's own entry, else undefined: a topic or model name from a
 * request (`constructor`, `__proto__`, `toString`) never reaches Object.prototype.
 */
export function ownEntry<V>(table: { readonly [key: string]: V }, key: string): V | undefined {
  return typeof key === 'string' && hasOwn(table, key) ? table[key] : undefined;
}

/** Turns the integer at `path` (`*` = every array item) into its decimal string, in place. */
export function int64ToString(value: unknown, path: readonly string[], index: number): void {
  if (value === null || typeof value !== 'object') return;
  // the callers hand over what a JSON parse produced: only arrays and plain objects are objects
  const node = value as JsonValue[] | JsonObject;
  const key = path[index];
  if (key === undefined) return;
  if (key === '*') {
    if (!Array.isArray(node)) return;
    for (let j = 0; j < node.length; j++) visitInt64(node, j, path, index);
  } else if (!Array.isArray(node) && hasOwn(node, key)) {
    visitInt64(node, key, path, index);
  }
}

function visitInt64(container: JsonValue[] | JsonObject, key: number | string, path: readonly string[], index: number): void {
  // an array's items are indexed like an object's members here
  const slots = container as Record<PropertyKey, JsonValue | undefined>;
  const v = slots[key];
  if (index === path.length - 1) {
    if (typeof v === 'number' && Number.isInteger(v)) slots[key] = String(v);
  } else if (v !== undefined) int64ToString(v, path, index + 1);
}

/** The int64 paths of a payload as a tree: one walk over the payload serves them all. */
interface PathNode {
  /** a path ends here */
  leaf: boolean;
  /** `*`: every item of an array */
  star: PathNode | undefined;
  /** the member keys below this node, and at the same index, their nodes */
  readonly keys: string[];
  readonly nodes: PathNode[];
}

function pathNode(): PathNode {
  return { leaf: false, star: undefined, keys: [], nodes: [] };
}

function pathTree(paths: readonly (readonly string[])[]): PathNode {
  const root = pathNode();
  for (const path of paths) {
    let node = root;
    for (const key of path) {
      if (key === '*') node = node.star ??= pathNode();
      else {
        const at = node.keys.indexOf(key);
        let next = node.nodes[at];
        if (at < 0 || next === undefined) {
          next = pathNode();
          node.keys.push(key);
          node.nodes.push(next);
        }
        node = next;
      }
    }
    node.leaf = true;
  }
  return root;
}

function walkInt64(value: object, node: PathNode): void {
  if (Array.isArray(value)) {
    const star = node.star;
    if (star === undefined) return;
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (typeof v === 'number') {
        if (star.leaf && Number.isInteger(v)) items[i] = String(v);
      } else if (v !== null && typeof v === 'object') walkInt64(v, star);
    }
    return;
  }
  const slots = value as Slots;
  const keys = node.keys;
  const nodes = node.nodes;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const next = nodes[i];
    if (key === undefined || next === undefined) continue;
    // the cheap tests first: most members on a path are absent or already what they should be;
    // own members only, so an inherited key (`constructor`, `__proto__`) is never walked or set
    const v = slots[key];
    if (typeof v === 'number') {
      if (next.leaf && Number.isInteger(v) && hasOwn(value, key)) slots[key] = String(v);
    } else if (v !== null && typeof v === 'object' && hasOwn(value, key)) walkInt64(v, next);
  }
}

/**
 * {@link int64ToString} for every path at once, in place: the paths are merged into a tree and
 * the payload is walked once (a long array on several id paths is visited once, not once per
 * path). Work is linear in the payload's nodes on the paths. The generated parse functions do the
 * same with code made for each model's paths.
 */
export function int64PathsToString(value: unknown, paths: readonly (readonly string[])[]): void {
  if (paths.length > 0 && value !== null && typeof value === 'object') walkInt64(value, pathTree(paths));
}

/**
 * `value` with every integer number at `path` (`*` = every array item) replaced by its decimal
 * digits: what a framework's `JSON.parse` made of a 64-bit id, in the form the parser delivers.
 * Copies only the objects and arrays on the way to a replaced number; `value` is never changed,
 * and comes back itself when nothing needed replacing. A number above 2^53 was already rounded
 * by whoever parsed it: its digits are the ones JavaScript prints for it (as `JSON.stringify`
 * would write it), written out in full from 1e21 on.
 */
export function withInt64Strings(value: unknown, path: readonly string[], index = 0): unknown {
  if (index === path.length) return typeof value === 'number' && Number.isInteger(value) ? (Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString()) : value;
  if (value === null || typeof value !== 'object') return value;
  const key = path[index];
  if (key === '*') {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = withInt64Strings(item, path, index + 1);
      if (next !== item) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  if (key === undefined || Array.isArray(value) || !hasOwn(value, key)) return value;
  const member = (value as Slots)[key];
  const next = withInt64Strings(member, path, index + 1);
  // a computed key defines an own property, `__proto__` included
  return next === member ? value : { ...value, [key]: next };
}

/** Decodes a JSON string that holds JSON (an "escaped JSON string" body); other values pass through. */
export function decodeJsonString(value: JsonValue): JsonValue {
  return typeof value === 'string' ? parseLossless(value) : value;
}

const INT64_MARK = '\u0000int64:';

/**
 * JSON text of a payload as the provider would send it: fields at `paths` (64-bit ids held as
 * digit strings) are written as JSON numbers, every digit kept.
 */
export function stringifyLossless(value: unknown, paths: readonly (readonly string[])[]): string {
  if (!paths.length) return JSON.stringify(value);
  // the ids are marked, stringified, then unmarked. A payload string that starts like the mark
  // must not be taken for one: the mark gets one more `~` than any such string has after it.
  let tildes = 0;
  for (const m of JSON.stringify(value).matchAll(/\\u0000int64:(~*)/g)) tildes = Math.max(tildes, (m[1] ?? '').length + 1);
  const mark = INT64_MARK + '~'.repeat(tildes);
  const marked = structuredClone(value);
  for (const path of paths) markInt64(marked, path, 0, mark);
  return JSON.stringify(marked).replace(new RegExp(`"\\\\u0000int64:~{${tildes}}(-?[0-9]+)"`, 'g'), '$1');
}

function markInt64(value: unknown, path: readonly string[], index: number, mark: string): void {
  if (value === null || typeof value !== 'object') return;
  const slots = value as Slots;
  const key = path[index];
  const keys: Iterable<PropertyKey> = key === '*' ? (Array.isArray(value) ? value.keys() : []) : key !== undefined && !Array.isArray(value) && hasOwn(value, key) ? [key] : [];
  for (const k of keys) {
    if (index === path.length - 1) {
      const v = slots[k];
      if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) slots[k] = mark + v;
    } else markInt64(slots[k], path, index + 1, mark);
  }
}

/** The member at `path` (keys; no wildcards) of a parsed body, own properties only; undefined when absent. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !hasOwn(v, key)) return undefined;
    v = (v as Slots)[key];
  }
  return v;
}

/**
 * A copy of `value` with `member` at `path` (keys), copying the objects along the path and
 * making any that are missing; `value` itself is not changed. An empty path gives `member`.
 */
export function withValueAt(value: unknown, path: readonly string[], member: unknown): unknown {
  const key = path[0];
  if (key === undefined) return member;
  const base: Slots = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Slots) : {};
  const inner = hasOwn(base, key) ? base[key] : undefined;
  return { ...base, [key]: withValueAt(inner, path.slice(1), member) };
}
