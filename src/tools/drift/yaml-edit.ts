/**
 * Edits of a model file (samples: list, hints: map) made with the `yaml` Document API and
 * written back as the original text with only the edited entries spliced in: comments, key
 * order, folded scalars and spacing elsewhere stay byte for byte. Each splice is checked by
 * parsing the result: it must hold exactly what the Document API edit holds; when it does not
 * (a layout the splicer does not know, such as a flow-style map), the Document API's own
 * rendering is written instead, which keeps comments and order too.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

const STRINGIFY = { flowCollectionPadding: false, lineWidth: 0 } as const;

/** A `hints:` entry to add: its key (a pointer), its value, and a comment line above it. */
export interface NewEntry {
  key: string;
  value: unknown;
  comment?: string;
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEnd(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j;
}

function range(n: Node | null | undefined): [number, number, number] | undefined {
  return n && n.range ? n.range : undefined;
}

/** The spliced text when it parses to what the edited document holds, else the document's rendering. */
function checked(spliced: string | undefined, edited: Document): string {
  if (spliced !== undefined) {
    const again = parseDocument(spliced);
    if (again.errors.length === 0 && JSON.stringify(again.toJS()) === JSON.stringify(edited.toJS())) return spliced;
  }
  return edited.toString(STRINGIFY);
}

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`${file}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
  if (!isMap(doc.contents)) throw new Error(`${file}: expected a map at the top, found ${doc.contents === null ? 'nothing' : 'another node'}`);
  return doc;
}

/**
 * Adds `item` to the list under `key` (a `samples:` list), unless it is there already.
 * @returns the new text (the same text when nothing changed)
 */
export function appendListItem(text: string, file: string, key: string, item: string): string {
  const doc = parse(text, file);
  const seq = doc.get(key, true);
  if (!isSeq(seq)) throw new Error(`${file}: expected a ${key}: list, found ${seq === undefined ? 'none' : 'another node'}`);
  if (seq.items.some((i) => (isScalar(i) ? String(i.value) : undefined) === item)) return text;
  seq.add(doc.createNode(item));
  const rendered = new Document(item).toString(STRINGIFY).trim();
  return checked(spliceListItem(text, seq, rendered), doc);
}

function spliceListItem(text: string, seq: YAMLSeq, rendered: string): string | undefined {
  const r = range(seq);
  if (!r) return undefined;
  const items = seq.items as Node[];
  if (seq.flow) {
    const close = text.lastIndexOf(']', r[1]);
    if (close < r[0]) return undefined;
    return text.slice(0, close) + (items.length > 1 ? `, ${rendered}` : rendered) + text.slice(close);
  }
  const first = range(items[0]);
  const last = range(items[items.length - 2]);
  if (!first || !last) return undefined;
  const dash = text.lastIndexOf('-', first[0]);
  const indent = dash - lineStart(text, dash);
  const at = lineEnd(text, last[1]);
  return `${text.slice(0, at)}\n${' '.repeat(indent)}- ${rendered}${text.slice(at)}`;
}

/** One entry rendered as block YAML (type lists and short schemas in flow style), without indentation. */
export function renderEntries(entries: readonly NewEntry[]): string {
  const doc = new Document(new YAMLMap());
  const map = doc.contents as YAMLMap;
  for (const e of entries) {
    const k = new Scalar(e.key);
    if (e.comment) k.commentBefore = ` ${e.comment}`;
    const v = doc.createNode(e.value);
    flowStyle(v);
    map.add(doc.createPair(k, v));
  }
  return doc.toString(STRINGIFY);
}

/** Lists of scalars (`type: [string, "null"]`, `required: [...]`) in flow style, maps as blocks: as the spec is written. */
function flowStyle(n: unknown): void {
  if (isSeq(n)) {
    if (n.items.every((i) => isScalar(i))) n.flow = true;
  } else if (isMap(n)) for (const p of n.items) flowStyle(p.value);
}

/**
 * Adds entries at the end of the map under `key` (`hints:`), creating it when absent.
 * Existing keys are never replaced: an entry whose key is there already is an internal error.
 */
export function appendMapEntries(text: string, file: string, key: string, entries: readonly NewEntry[]): string {
  if (!entries.length) return text;
  const doc = parse(text, file);
  let map = doc.get(key, true);
  const created = map === undefined || map === null || (isScalar(map) && map.value === null);
  if (created) {
    map = new YAMLMap();
    doc.set(key, map);
  }
  if (!isMap(map)) throw new Error(`${file}: expected a ${key}: map, found another node`);
  for (const e of entries) {
    if (map.has(e.key)) throw new Error(`internal: ${file} already has ${key} ${e.key}`);
    const k = new Scalar(e.key);
    if (e.comment) k.commentBefore = ` ${e.comment}`;
    const v = doc.createNode(e.value);
    flowStyle(v);
    map.add(doc.createPair(k, v));
  }
  const block = renderEntries(entries).replace(/\n$/, '');
  let spliced: string | undefined;
  const existing = isMap(map) ? (map.items as { key: unknown; value: unknown }[]).slice(0, map.items.length - entries.length) : [];
  if (created) {
    // `hints:` with nothing after it, or no `hints:` at all
    const bare = new RegExp(`^${key}:[ \\t]*(#.*)?$`, 'm').exec(text);
    const indented = block.replace(/^/gm, '  ');
    if (bare && bare.index !== undefined) {
      const at = bare.index + bare[0].length;
      spliced = `${text.slice(0, at)}\n${indented}${text.slice(at)}`;
    } else spliced = `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${key}:\n${indented}\n`;
  } else if (map.flow && existing.length === 0) {
    // `hints: {}` (what taking back every hint leaves)
    const empty = new RegExp(`^${key}:[ \\t]*\\{\\s*\\}[ \\t]*$`, 'm').exec(text);
    if (empty) spliced = `${text.slice(0, empty.index)}${key}:\n${block.replace(/^/gm, '  ')}${text.slice(empty.index + empty[0].length)}`;
  } else if (!map.flow && existing.length) {
    const firstKey = range(existing[0]?.key as Node);
    const lastValue = existing[existing.length - 1]?.value as Node | null;
    const lastKey = range(existing[existing.length - 1]?.key as Node);
    const end = range(lastValue)?.[1] ?? lastKey?.[1];
    if (firstKey && end !== undefined) {
      const indent = firstKey[0] - lineStart(text, firstKey[0]);
      const at = lineEnd(text, Math.max(end - 1, 0));
      spliced = `${text.slice(0, at)}\n${block.replace(/^/gm, ' '.repeat(indent))}${text.slice(at)}`;
    }
  }
  return checked(spliced, doc);
}

/** The keys of the map under `key` whose comment lines just above mention `marker`. */
export function markedKeys(text: string, file: string, key: string, marker: string): string[] {
  const doc = parse(text, file);
  const map = doc.get(key, true);
  if (!isMap(map)) return [];
  const out: string[] = [];
  for (const p of map.items) {
    const r = range(p.key as Node);
    if (!r || !isScalar(p.key)) continue;
    if (commentAbove(text, r[0]).some((l) => l.includes(marker))) out.push(String(p.key.value));
  }
  return out;
}

/** The comment lines directly above the line holding index `i` (nearest last). */
function commentAbove(text: string, i: number): string[] {
  const lines: string[] = [];
  let s = lineStart(text, i);
  while (s > 0) {
    const prev = lineStart(text, s - 1);
    const line = text.slice(prev, s - 1);
    if (!/^\s*#/.test(line)) break;
    lines.unshift(line);
    s = prev;
  }
  return lines;
}

/** Where each entry sits: from its marker comment lines (those mentioning `marker`) to the end of its value's line. */
function entrySpans(text: string, map: YAMLMap, keys: readonly string[], marker: string): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>();
  for (const k of keys) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === k);
    const r = range(pair?.key as Node);
    const end = range(pair?.value as Node)?.[1] ?? r?.[1];
    if (!pair || !r || end === undefined) continue;
    let from = lineStart(text, r[0]);
    const indent = r[0] - from;
    const above = commentAbove(text, r[0]);
    for (let i = above.length - 1; i >= 0 && (above[i] ?? '').includes(marker); i--) from = lineStart(text, from - 1);
    const to = Math.min(lineEnd(text, Math.max(end - 1, 0)) + 1, text.length);
    out.set(k, [from, to, indent]);
  }
  return out;
}

/**
 * The text of each marked entry of the map under `key` (its marker comment and the entry,
 * unindented), comparable with {@link renderEntries} of one entry.
 */
export function markedEntries(text: string, file: string, key: string, marker: string): Map<string, string> {
  const doc = parse(text, file);
  const map = doc.get(key, true);
  const out = new Map<string, string>();
  if (!isMap(map) || map.flow) return out;
  for (const [k, [from, to, indent]] of entrySpans(text, map, markedKeys(text, file, key, marker), marker)) {
    const chunk = text.slice(from, to);
    out.set(k, (chunk.endsWith('\n') ? chunk : chunk + '\n').replace(new RegExp(`^ {${indent}}`, 'gm'), ''));
  }
  return out;
}

/**
 * Removes entries of the map under `key`, with the comment lines above each that mention
 * `marker` (the entries absorb wrote; other comments stay).
 */
export function removeMapEntries(text: string, file: string, key: string, keys: readonly string[], marker: string): string {
  if (!keys.length) return text;
  const doc = parse(text, file);
  const map = doc.get(key, true);
  if (!isMap(map)) return text;
  const spans = map.flow ? new Map<string, [number, number, number]>() : entrySpans(text, map, keys, marker);
  for (const k of keys) map.delete(k);
  let spliced: string | undefined;
  if (spans.size === keys.length) {
    spliced = text;
    for (const [from, to] of [...spans.values()].sort((a, b) => b[0] - a[0])) spliced = spliced.slice(0, from) + spliced.slice(to);
  }
  if (map.items.length === 0) {
    // an empty hints: map reads as null; keep it a map
    map.flow = true;
    if (spliced !== undefined) spliced = spliced.replace(new RegExp(`^(${key}:)[ \\t]*$`, 'm'), '$1 {}');
  }
  return checked(spliced, doc);
}
