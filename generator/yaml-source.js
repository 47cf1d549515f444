// @ts-check
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
 * Parses YAML keeping positions. Syntax errors become problems (all of them) and `data` is undefined.
 * @param {string} text
 * @param {string} file relative path used in messages
 * @param {Problem[]} problems collects syntax errors
 * @returns {YamlSource}
 */
export function parseYamlSource(text, file, problems) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, intAsBigInt: false });
  /** @param {number} offset */
  const at = (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  for (const err of doc.errors) {
    problems.push({
      at: at(err.pos[0]),
      message: `invalid YAML: ${err.message.split('\n')[0]}`,
      expected: 'well-formed YAML',
      found: describeYamlError(err.code),
      fix: 'correct the syntax at this position (indentation, an unclosed quote or bracket, a duplicate key)',
    });
  }
  /** @type {YamlSource['loc']} */
  const loc = (path, opts = {}) => {
    /** @type {unknown} */
    let node = doc.contents;
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
  return { file, data: doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }), loc };
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
