// @ts-check
import jsYaml from 'js-yaml';
import { LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';

/** @typedef {import('./diagnostics.js').Location} Location */
/** @typedef {import('./diagnostics.js').Problem} Problem */

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
      problems.push({
        at: at(err.pos[0]),
        message: `invalid YAML: ${err.message.split('\n')[0]}`,
        expected: 'well-formed YAML',
        found: describeYamlError(err.code),
        fix: 'correct the syntax at this position (indentation, an unclosed quote or bracket, a duplicate key)',
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
    const message = /** @type {Error} */ (e).message;
    const m = /position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : 0;
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const col = before[before.length - 1].length + 1;
    const ch = text[offset];
    return {
      ok: false,
      problem: {
        at: { file, line, col },
        message: `invalid JSON sample: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
        expected: 'a JSON document (double-quoted keys and strings, no comments, no trailing commas)',
        found: ch === undefined ? 'the end of the file' : JSON.stringify(ch),
        fix: 'copy the sample exactly as the docs print it; if the docs print something that is not JSON (single quotes, comments), save it as a .yaml sample instead',
      },
    };
  }
}
