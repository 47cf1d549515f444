/**
 * The one YAML reader of the spec: the `yaml` package parses each file once, with a
 * LineCounter, so the data and the position of every value come from the same parse.
 * YAML 1.2 core schema (as a `%YAML 1.1` file is read too), duplicate keys rejected, no
 * 1.1-only tags (`!!binary`, `!!timestamp`, `!!set` …): a spec file is plain data.
 *
 * Parsing is most of the loader's time, so the data of a file that parsed cleanly can be kept
 * in the content-addressed cache: a warm run reads it back and parses the text again only
 * when a problem needs a position.
 */
import { deserialize, serialize } from 'node:v8';
import { LineCounter, parseDocument, visit, isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { packageVersion, type Cache } from '../util/cache.js';
import type { Location, Problem } from '../util/diagnostics.js';
import { MAX_DEPTH } from './files.js';

export { parseJsonSource, scanJsonError } from './json.js';

/** A path into a parsed file: map keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say where any value (or key) came from. */
export interface YamlSource {
  /** relative path, as shown in messages */
  file: string;
  /** the plain value; undefined when the file has syntax errors */
  data: unknown;
  /** where the value at `path` starts (its key with `{ key: true }`); the deepest existing node when the path ends early */
  loc(path: YamlPath, opts?: { key?: boolean }): Location;
}

/** The only options the spec is parsed with (see the module comment). */
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, schema: 'core', resolveKnownTags: false } as const;

/** The data of YAML texts that parsed without a problem, by text. */
export interface YamlDataCache {
  get(text: string): { data: unknown } | undefined;
  set(text: string, data: unknown): void;
}

/**
 * A YamlDataCache in `cache`. Keys hold the parser's version and options; values are V8
 * serializations (which keep what JSON cannot: -0, Infinity, NaN), so they also hold V8's
 * version. A value that does not deserialize is a miss.
 */
export function createYamlDataCache(cache: Cache): YamlDataCache {
  const prefix = ['spec-yaml', packageVersion('yaml'), PARSE_OPTIONS, process.versions.v8];
  return {
    get(text) {
      const hit = cache.get([...prefix, text]);
      if (hit === undefined) return undefined;
      try {
        const data: unknown = deserialize(Buffer.from(hit, 'base64'));
        return { data };
      } catch {
        return undefined;
      }
    },
    set(text, data) {
      cache.set([...prefix, text], serialize(data).toString('base64'));
    },
  };
}

/**
 * Parses YAML. Syntax errors, unresolved tags, unresolved aliases and map keys that are not
 * plain values become problems (all of them), and `data` is undefined. With `dataCache`, a
 * text seen before comes from the cache, and a clean parse goes into it.
 */
export function parseYamlSource(text: string, file: string, problems: Problem[], dataCache?: YamlDataCache): YamlSource {
  let parsed: { doc: Document.Parsed; lineCounter: LineCounter } | undefined;
  const parse = () => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      parsed = { doc: parseDocument(text, { ...PARSE_OPTIONS, lineCounter }), lineCounter };
    }
    return parsed;
  };
  const at = (offset: number): Location => {
    const { line, col } = parse().lineCounter.linePos(offset);
    return { file, line, col };
  };
  const cached = dataCache?.get(text);
  let data: unknown = cached?.data;
  if (!cached) {
    const { doc } = parse();
    const before = problems.length;
    for (const err of doc.errors) {
      if (err.code === 'RESOURCE_EXHAUSTION') {
        problems.push(depthProblem(at(err.pos[0])));
        continue;
      }
      const message = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
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
    if (doc.errors.length === 0) checkPlainData(doc, at, problems);
    if (doc.errors.length === 0) checkDepth(doc, at, problems);
    if (problems.length === before) {
      try {
        // toJS bounds alias expansion (maxAliasCount), so a file of nested aliases cannot blow up
        data = doc.toJS() ?? null;
        // aliases can nest what the document's own structure does not
        if (dataDepthExceeds(data, MAX_DEPTH)) problems.push(depthProblem(aliasProblemAt(doc, at)?.at ?? at(0)));
      } catch (e) {
        const alias = aliasProblemAt(doc, at);
        const reason = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
        problems.push({
          at: alias?.at ?? { file, line: 1, col: 1 },
          message: `invalid YAML: ${reason}`,
          expected: alias?.unresolved ? 'an alias (*name) after its anchor (&name)' : 'aliases that expand to a bounded amount of data',
          found: alias?.unresolved ? 'an alias without its anchor' : 'aliases that expand to too many nodes',
          fix: alias?.unresolved ? 'define the anchor (&name) before the alias (*name), or write the value out' : 'write the values out, or use fewer nested aliases',
        });
      }
    }
    if (problems.length === before) dataCache?.set(text, data);
  }
  const loc: YamlSource['loc'] = (path, opts = {}) => {
    let node: unknown = parse().doc.contents;
    let keyNode: unknown;
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
    const target = opts.key && keyNode ? keyNode : (node ?? keyNode);
    const range = nodeRange(target);
    return range ? at(range[0]) : { file, line: 1, col: 1 };
  };
  return { file, data, loc };
}

/** The source range (offsets) of a parsed YAML node, when `node` is one. */
export function nodeRange(node: unknown): readonly number[] | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range: unknown = node.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range : undefined;
}

/**
 * What the core schema reads but plain data cannot hold: a tag it does not know (the value
 * would silently stay a string) and a key that is a map or list (it would become its text).
 */
function checkPlainData(doc: Document.Parsed, at: (offset: number) => Location, problems: Problem[]): void {
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED' && w.code !== 'BAD_COLLECTION_TYPE') continue;
    problems.push({
      at: at(w.pos[0]),
      message: `invalid YAML: ${w.message.split('\n')[0] ?? w.message}`,
      expected: 'plain YAML data (YAML 1.2 core schema: maps, lists, strings, numbers, true/false, null)',
      found: describeYamlError(w.code),
      fix: 'remove the tag (a value such as !!binary or !custom), or quote the value',
    });
  }
  visit(doc, {
    Pair(_key, pair) {
      if (pair.key === null || isScalar(pair.key) || isAlias(pair.key)) return;
      const range = nodeRange(pair.key);
      problems.push({
        at: range ? at(range[0]) : { file: at(0).file, line: 1, col: 1 },
        message: 'invalid YAML: a map key must be a plain value',
        expected: 'a key that is a string or a number',
        found: isMap(pair.key) ? 'a map as a key' : 'a list as a key',
        fix: 'write the key as plain text',
      });
    },
  });
}

/**
 * The plain data nests deeper than `max` levels of maps and lists. Iterative (the data may be
 * deeper than the stack), and linear in the number of distinct objects: an aliased value is one
 * object however often it appears, so its height is computed once.
 */
export function dataDepthExceeds(data: unknown, max: number): boolean {
  const height = new Map<object, number>();
  const children = (v: object): unknown[] => (Array.isArray(v) ? v : Object.values(v));
  const isObject = (c: unknown): c is object => c !== null && typeof c === 'object';
  const stack: { v: object; depth: number; expanded: boolean }[] = isObject(data) ? [{ v: data, depth: 1, expanded: false }] : [];
  for (let top = stack[stack.length - 1]; top; top = stack[stack.length - 1]) {
    const known = height.get(top.v);
    if (known !== undefined) {
      if (top.depth + known - 1 > max) return true;
      stack.pop();
    } else if (top.depth > max) return true;
    else if (!top.expanded) {
      top.expanded = true;
      for (const c of children(top.v)) if (isObject(c)) stack.push({ v: c, depth: top.depth + 1, expanded: false });
    } else {
      let h = 1;
      for (const c of children(top.v)) if (isObject(c)) h = Math.max(h, (height.get(c) ?? 0) + 1);
      height.set(top.v, h);
      stack.pop();
    }
  }
  return false;
}

function depthProblem(at: Location): Problem {
  return {
    at,
    message: `invalid YAML: nested more than ${MAX_DEPTH} levels deep`,
    expected: `at most ${MAX_DEPTH} levels of nested maps and lists (the limit of spec/README.md)`,
    found: 'deeper nesting',
    fix: 'flatten the structure; a payload needs only the levels the docs show',
  };
}

/** Nesting deeper than MAX_DEPTH (later stages recurse over the data) is a problem at its first too-deep node. */
function checkDepth(doc: Document.Parsed, at: (offset: number) => Location, problems: Problem[]): void {
  const deep = (node: unknown, path: readonly unknown[]) => {
    if (!isMap(node) && !isSeq(node)) return undefined;
    const depth = path.filter((p) => isMap(p) || isSeq(p)).length + 1;
    if (depth <= MAX_DEPTH) return undefined;
    const range = nodeRange(node);
    problems.push(depthProblem(range ? at(range[0]) : at(0)));
    return visit.BREAK;
  };
  visit(doc, { Map: (_k, node, path) => deep(node, path), Seq: (_k, node, path) => deep(node, path) });
}

/** Where the first alias is whose anchor is not defined before it, else where the first alias is. */
function aliasProblemAt(doc: Document.Parsed, at: (offset: number) => Location): { at: Location; unresolved: boolean } | undefined {
  let first: Location | undefined;
  let unresolved: Location | undefined;
  visit(doc, {
    Alias(_key, node) {
      const range = nodeRange(node);
      if (range?.[0] === undefined) return undefined;
      first ??= at(range[0]);
      if (node.resolve(doc) === undefined) {
        unresolved = at(range[0]);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (unresolved) return { at: unresolved, unresolved: true };
  return first ? { at: first, unresolved: false } : undefined;
}

/** The innermost flow bracket or quote still open at `offset` (comments and quoted text skipped). */
function findUnclosed(text: string, offset: number): { offset: number; char: string; closer: string; what: string } | undefined {
  const stack: { offset: number; char: string }[] = [];
  let quote: { offset: number; char: string } | undefined;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text.charAt(i);
    if (quote) {
      if (quote.char === '"' && c === '\\') i++;
      else if (c === quote.char) {
        if (c === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (c === '#' && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s\[{,:]/.test(text.charAt(i - 1)))) quote = { offset: i, char: c };
    else if (c === '{' || c === '[') stack.push({ offset: i, char: c });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  const open = quote ?? stack[stack.length - 1];
  if (!open) return undefined;
  const closer = open.char === '{' ? '}' : open.char === '[' ? ']' : open.char;
  const what = open.char === '{' ? 'flow map' : open.char === '[' ? 'flow sequence' : 'quoted string';
  return { ...open, closer, what };
}

function describeYamlError(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}
