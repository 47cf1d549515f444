/**
 * JSON sample files: parsed with JSON.parse; a syntax error becomes a located problem that
 * says what the scanner found where.
 */
import type { Problem } from '../util/diagnostics.js';

/** Parses JSON; on a syntax error returns the problem with line and column. */
export function parseJsonSource(text: string, file: string): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    const value: unknown = JSON.parse(text);
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
