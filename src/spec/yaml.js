// @ts-check
import jsYaml from 'js-yaml';
import { LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';

/** @typedef {import('../util/diagnostics.js').Location} Location */
/** @typedef {import('../util/diagnostics.js').Problem} Problem */

/**
 * A parsed YAML file that can say where any value (or key) came from.
 * @typedef {object} YamlSource
 * @property {string} file relative path
 * @property {unknown} data the plain value (undefined when the file has syntax errors)
 * @property {(path: (string | number)[], opts?: { key?: boolean }) => Location} loc
 */

/**
 * Parses YAML. The data comes from js-yaml (core schema, duplicate keys rejected), which is
 * several times faster on a cold start; positions come from the `yaml` package's LineCounter,
 * parsed only when a location is asked for (that is, when there is a problem to report).
 * Syntax errors become problems (all of them) and `data` is undefined.
 * @param {string} text
 * @param {string} file relative path used in messages
 * @param {Problem[]} problems collects syntax errors
 * @returns {YamlSource}
 */
export function parseYamlSource(text, file, problems) {
  /** @type {{ doc: import('yaml').Document.Parsed, lineCounter: LineCounter } | undefined} */
  let located;
  const locate = () => {
    if (!located) {
      const lineCounter = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
    }
    return located;
  };
  /** @param {number} offset */
  const at = (offset) => {
    const { line, col } = locate().lineCounter.linePos(offset);
    return { file, line, col };
  };
  /** @type {unknown} */
  let data;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file }) ?? null;
  } catch (e) {
    const errors = locate().doc.errors;
    for (const err of errors) {
      const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      // the parser notices an unclosed bracket or quote where the text ends or dedents; the
      // user needs to see where it was opened
      const opener = /Flow (map|sequence)|Missing closing/.test(message) ? findUnclosed(text, err.pos[0]) : undefined;
      problems.push({
        at: at(opener?.offset ?? err.pos[0]),
        message: opener ? `invalid YAML: this ${opener.what} is never closed` : `invalid YAML: ${message}`,
        expected: 'well-formed YAML',
        found: opener ? `${JSON.stringify(opener.char)} without its closing ${JSON.stringify(opener.closer)} (${message})` : describeYamlError(err.code),
        fix: opener ? `add the closing ${JSON.stringify(opener.closer)}, or remove the opening ${JSON.stringify(opener.char)}` : 'correct the syntax at this position (indentation, an unclosed quote or bracket, a duplicate key)',
      });
    }
    if (errors.length === 0) {
      // the two parsers disagree: report js-yaml's own reason and position
      const ye = /** @type {{ reason?: string, message: string, mark?: { line: number, column: number } }} */ (e);
      problems.push({
        at: { file, line: (ye.mark?.line ?? 0) + 1, col: (ye.mark?.column ?? 0) + 1 },
        message: `invalid YAML: ${ye.reason ?? ye.message.split('\n')[0]}`,
        expected: 'well-formed YAML (YAML 1.2 core schema)',
        found: ye.reason ?? 'a construct the parser rejects',
        fix: 'correct the syntax at this position',
      });
    }
    data = undefined;
  }
  /** @type {YamlSource['loc']} */
  const loc = (path, opts = {}) => {
    /** @type {unknown} */
    let node = locate().doc.contents;
    /** @type {unknown} */
    let keyNode;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        keyNode = undefined;
        node = node.items[seg];
      } else break;
    }
    const target = /** @type {{ range?: [number, number, number] } | undefined} */ (opts.key && keyNode ? keyNode : node ?? keyNode);
    return target?.range ? at(target.range[0]) : { file, line: 1, col: 1 };
  };
  return { file, data, loc };
}

/**
 * The innermost flow bracket or quote still open at `offset` (comments and quoted text skipped).
 * @param {string} text @param {number} offset
 * @returns {{ offset: number, char: string, closer: string, what: string } | undefined}
 */
function findUnclosed(text, offset) {
  /** @type {{ offset: number, char: string }[]} */
  const stack = [];
  /** @type {{ offset: number, char: string } | undefined} */
  let quote;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text[i];
    if (quote) {
      if (quote.char === '"' && c === '\\') i++;
      else if (c === quote.char) {
        if (c === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s\[{,:]/.test(text[i - 1]))) quote = { offset: i, char: c };
    else if (c === '{' || c === '[') stack.push({ offset: i, char: c });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  const open = quote ?? stack[stack.length - 1];
  if (!open) return undefined;
  const closer = open.char === '{' ? '}' : open.char === '[' ? ']' : open.char;
  const what = open.char === '{' ? 'flow map' : open.char === '[' ? 'flow sequence' : 'quoted string';
  return { ...open, closer, what };
}

function describeYamlError(/** @type {string} */ code) {
  return code.toLowerCase().replace(/_/g, ' ');
}

/**
 * Parses JSON; on a syntax error returns the problem with line and column.
 * @param {string} text
 * @param {string} file
 * @returns {{ ok: true, value: unknown } | { ok: false, problem: Problem }}
 */
export function parseJsonSource(text, file) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const scanned = scanJsonError(text);
    const fallback = Number(/position (\d+)/.exec(/** @type {Error} */ (e).message)?.[1] ?? 0);
    const offset = scanned?.offset ?? fallback;
    const before = text.slice(0, offset).split('\n');
    const ch = text[offset];
    return {
      ok: false,
      problem: {
        at: { file, line: before.length, col: before[before.length - 1].length + 1 },
        message: `invalid JSON sample: ${scanned?.reason ?? /** @type {Error} */ (e).message.split('\n')[0]}`,
        expected: 'a JSON document (double-quoted keys and strings, no comments, no trailing commas)',
        found: ch === undefined ? 'the end of the file' : JSON.stringify(ch),
        fix: 'copy the sample exactly as the docs print it; if the docs print something that is not JSON (single quotes, comments), save it as a .yaml sample instead',
      },
    };
  }
}

/**
 * Where and why JSON is invalid: JSON.parse's messages do not always carry a position
 * (Node 20 gives none for a bad literal), so a small scanner finds the first error itself.
 * @param {string} text
 * @returns {{ offset: number, reason: string } | undefined} undefined when the text is valid
 */
export function scanJsonError(text) {
  let i = 0;
  const n = text.length;
  /** @param {string} reason @returns {never} */
  const fail = (reason) => {
    throw { offset: i, reason };
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
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
  /** @param {string} close @param {() => void} item */
  const list = (close, item) => {
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
  const value = () => {
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
    if (e && typeof e === 'object' && 'offset' in e) return /** @type {{ offset: number, reason: string }} */ (e);
    throw e;
  }
}
