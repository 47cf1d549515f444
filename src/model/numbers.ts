/**
 * Numbers as the sample's text writes them. quicktype reads samples through JSON.parse, which
 * turns `199.0` into 199: a docs value written with a fraction or an exponent would be inferred
 * as `integer`, and every delivery with cents rejected. The text says it is a number, so those
 * paths are widened to `number` after inference.
 */
import { formatPointer } from '../util/pointer.js';
import { resolve } from './hints.js';
import type { Schema } from './types.js';

/** One open container of the scan: an array, or an object with the key of its current member. */
interface Frame {
  array: boolean;
  key: string;
  /** in an object: the next string is a key */
  expectKey: boolean;
}

/**
 * The paths (segments, array indexes as `*`) of every number in a JSON text that is written
 * with a fraction or an exponent (`199.0`, `1e3`), each once, in order of first occurrence.
 * One linear pass over the text; it assumes valid JSON (the sample parsed) and stops quietly at
 * anything else.
 */
export function fractionalNumberPaths(text: string): string[][] {
  const stack: Frame[] = [];
  const seen = new Set<string>();
  const out: string[][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return out;
        let b = q - 1;
        while (text.charCodeAt(b) === 92 /* \ */) b--;
        j = q + 1;
        if ((q - 1 - b) % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        const key: unknown = JSON.parse(text.slice(i, j));
        if (typeof key !== 'string') return out;
        top.key = key;
        top.expectKey = false;
      }
      i = j;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push({ array: c === 91, key: '', expectKey: c === 123 });
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectKey = true;
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let fractional = false;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 46 /* . */ || d === 101 /* e */ || d === 69 /* E */) fractional = true;
        else if (!(d === 45 || d === 43 /* + */ || (d >= 48 && d <= 57))) break;
      }
      if (fractional) {
        const path = stack.map((f) => (f.array ? '*' : f.key));
        const pointer = formatPointer(path);
        if (!seen.has(pointer)) {
          seen.add(pointer);
          out.push(path);
        }
      }
      continue;
    }
    i++;
  }
  return out;
}

/**
 * Widens `integer` to `number` at each path (every schema node the path reaches, `anyOf`
 * members included), in place. A path that reaches no node, or a node with no integer, is left
 * alone: the samples' other values decided its type.
 */
export function widenToNumber(root: Schema, paths: readonly (readonly string[])[]): void {
  for (const path of paths) {
    const found = resolve(root, path);
    if (!found.ok) continue;
    for (const { node } of found.matches) widen(node);
  }
}

function widen(node: Schema): void {
  if (node.type === 'integer') node.type = 'number';
  else if (Array.isArray(node.type) && node.type.includes('integer')) {
    const types = node.type.includes('number') ? node.type.filter((t) => t !== 'integer') : node.type.map((t) => (t === 'integer' ? 'number' : t));
    node.type = types.length === 1 ? (types[0] ?? 'number') : types;
  }
  for (const m of node.anyOf ?? []) if (m.type === 'integer' || Array.isArray(m.type)) widen(m);
}
