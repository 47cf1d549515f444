/**
 * JSON sample files: parsed with JSON.parse; a syntax error becomes a located problem that
 * says what the scanner found where. Before parsing, one linear pass refuses what JSON.parse
 * accepts but the generator must not: nesting deeper than MAX_DEPTH (later stages recurse) and
 * a key twice in one object (JSON.parse keeps the last silently; the sample would say two things).
 */
import type { Problem } from '../util/diagnostics.js';
import { MAX_DEPTH } from './files.js';

/** 1-based line and column of `offset` in `text`. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * The first structural problem of a JSON text: nesting deeper than `maxDepth`, or a key that
 * repeats in its object. Tolerant of invalid JSON (JSON.parse reports that); linear time.
 */
export function scanJsonStructure(text: string, maxDepth = MAX_DEPTH): { depth?: number; duplicate?: { offset: number; key: string; first: number } } {
  let duplicate: { offset: number; key: string; first: number } | undefined;
  // one entry per open bracket: the keys seen so far (objects) or undefined (lists)
  const stack: (Map<string, number> | undefined)[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      const keys = stack[stack.length - 1];
      if (!keys) continue;
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] !== ':') continue;
      let key: string;
      try {
        key = String(JSON.parse(text.slice(start, i + 1)));
      } catch {
        continue;
      }
      const first = keys.get(key);
      if (first !== undefined) duplicate ??= { offset: start, key, first };
      else keys.set(key, start);
    } else if (c === 123 || c === 91) {
      if (stack.length >= maxDepth) return { depth: i, ...(duplicate ? { duplicate } : {}) };
      stack.push(c === 123 ? new Map() : undefined);
    } else if (c === 125 || c === 93) stack.pop();
  }
  return duplicate ? { duplicate } : {};
}

/**
 * `text` (valid JSON) with every object key that reads as `from` (whatever its escapes) written
 * as `to` instead; everything else byte for byte. For tools that lose a key such as `__proto__`.
 */
export function renameJsonKey(text: string, from: string, to: string): string {
  let out = '';
  let copied = 0;
  const objects: boolean[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      if (!objects[objects.length - 1]) continue;
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] !== ':') continue;
      let key: unknown;
      try {
        key = JSON.parse(text.slice(start, i + 1));
      } catch {
        continue;
      }
      if (key !== from) continue;
      out += text.slice(copied, start) + JSON.stringify(to);
      copied = i + 1;
    } else if (c === 123 || c === 91) objects.push(c === 123);
    else if (c === 125 || c === 93) objects.pop();
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Parses JSON; on a syntax error, nesting deeper than MAX_DEPTH or a duplicate key returns the problem with line and column. */
export function parseJsonSource(text: string, file: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const { depth, duplicate } = scanJsonStructure(text);
  if (depth !== undefined) {
    return {
      ok: false,
      problem: {
        at: { file, ...lineCol(text, depth) },
        message: `the sample is nested more than ${MAX_DEPTH} levels deep`,
        expected: `at most ${MAX_DEPTH} levels of nested objects and lists (the limit of spec/README.md)`,
        found: `${JSON.stringify(text[depth])} opening level ${MAX_DEPTH + 1}`,
        fix: 'cut the payload down to the levels the docs show; a recursive structure needs only a level or two',
      },
    };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (duplicate) {
      const first = lineCol(text, duplicate.first);
      const key = JSON.stringify(duplicate.key.length > 60 ? `${duplicate.key.slice(0, 57)}...` : duplicate.key);
      return {
        ok: false,
        problem: {
          at: { file, ...lineCol(text, duplicate.offset) },
          message: `duplicate key ${key} in one object`,
          expected: 'each key once per object',
          found: `${key} again (first at line ${first.line}, column ${first.col})`,
          fix: 'remove one of the two, or keep the one the docs mean (JSON readers disagree on which wins)',
        },
      };
    }
    return { ok: true, value };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const scanned = scanJsonError(text);
    const fallback = Number(/position (\d+)/.exec(reason)?.[1] ?? 0);
    const offset = scanned?.offset ?? fallback;
    const before = text.slice(0, offset).split('\n');
    const ch = text[offset];
    return {
      ok: false,
      problem: {
        at: { file, line: before.length, col: (before[before.length - 1] ?? '').length + 1 },
        message: `invalid JSON sample: ${scanned?.reason ?? reason.split('\n')[0]}`,
        expected: 'a JSON document (double-quoted keys and strings, no comments, no trailing commas)',
        found: ch === undefined ? 'the end of the file' : JSON.stringify(ch),
        fix: 'copy the sample exactly as the docs print it; if the docs print something that is not JSON (single quotes, comments), save it as a .yaml sample instead',
      },
    };
  }
}

/** Thrown inside the scanner only; caught by scanJsonError. */
class JsonScanError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/**
 * Where and why JSON is invalid: JSON.parse's messages do not always carry a position
 * (Node 20 gives none for a bad literal), so a small scanner finds the first error itself.
 * Returns undefined when the text is valid.
 */
export function scanJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const n = text.length;
  const fail = (reason: string): never => {
    throw new JsonScanError(i, reason);
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) return void i++;
      else if (c < 32) fail('a control character (such as a raw line break) inside a string');
      else i++;
    }
    i = start;
    fail('a string that is never closed');
  };
  const list = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === close) fail(`a trailing comma before "${close}"`);
        continue;
      }
      if (text[i] === close) return void i++;
      fail(i >= n ? `the end of the file before "${close}"` : `${JSON.stringify(text[i])} where "," or "${close}" should be`);
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      return list('}', () => {
        ws();
        if (text[i] !== '"') fail(text[i] === "'" ? 'a single-quoted property name' : 'a property name that is not in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail('a missing ":" after the property name');
        i++;
        value();
      });
    }
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    const num = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    num.lastIndex = i;
    if (num.test(text)) return void (i = num.lastIndex);
    for (const lit of ['true', 'false', 'null']) if (text.startsWith(lit, i)) return void (i += lit.length);
    if (c === undefined) fail('the end of the file where a value should be');
    const word = /^[A-Za-z_]+/.exec(text.slice(i))?.[0];
    fail(word ? `"${word}" is not a JSON value (strings need double quotes; literals are true, false, null)` : `${JSON.stringify(c)} where a value should be`);
  };
  try {
    value();
    ws();
    if (i < n) fail('more text after the end of the JSON value');
    return undefined;
  } catch (e) {
    if (e instanceof JsonScanError) return { offset: e.offset, reason: e.reason };
    throw e;
  }
}
