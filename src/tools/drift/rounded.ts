/**
 * Integers above 2^53 in a payload: which ones were integer tokens in the JSON text (the
 * lossless parser hands both those and digit strings over as strings), and which of them were
 * rounded before the capture was saved (a tool ran JSON.parse and wrote the result again), told
 * from what the payload itself says:
 *  1. the exact digits appear as text in the payload (`admin_graphql_api_id:
 *     "gid://shopify/Order/820982911946154508"` beside `id: 820982911946154500`), or as an
 *     integer token elsewhere, and round to the same double;
 *  2. without a witness: the digits are exactly what JavaScript prints for a double
 *     (`String(Number(d)) === d`), which a genuine id is only by chance (1 time in the double's
 *     spacing there: 1 in 128 near 8e17).
 * A witness is itself never a rounding: its digits are neither what a double prints nor a
 * double's exact value.
 */
import { formatPointer } from '../../util/pointer.js';
import type { Occurrence } from './types.js';

/** An integer token above 2^53 in the JSON text. */
export interface BigInteger {
  /** concrete pointer */
  pointer: string;
  /** pointer with array indices as `*` */
  shape: string;
  /** pointer of the object or array holding it */
  parent: string;
  digits: string;
}

/** A place in the payload as a linked list to its root (no per-node copying of paths). */
interface Place {
  up: Place | undefined;
  key: string;
  /** an array index */
  index: boolean;
}

function tokensOf(p: Place | undefined, shape: boolean): string[] {
  const out: string[] = [];
  for (let q = p; q; q = q.up) out.push(shape && q.index ? '*' : q.key);
  return out.reverse();
}

const pointerOf = (p: Place | undefined): string => formatPointer(tokensOf(p, false));
const shapeOf = (p: Place | undefined): string => formatPointer(tokensOf(p, true));

type Frame = { plain: unknown; exact: unknown; at: Place | undefined };

/**
 * Every integer token above 2^53 of a body, in document order: where the lossless parse has
 * a string and `JSON.parse` a number at the same place (both parses of the same text).
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function bigIntegers(plain: unknown, exact: unknown): BigInteger[] {
  const out: BigInteger[] = [];
  const stack: Frame[] = [{ plain, exact, at: undefined }];
  while (stack.length) {
    const f = stack.pop();
    if (f === undefined) break;
    const { plain: p, exact: x, at } = f;
    if (typeof p === 'number' && typeof x === 'string') {
      out.push({ pointer: pointerOf(at), shape: shapeOf(at), parent: pointerOf(at?.up), digits: x });
    } else if (Array.isArray(p) && Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push({ plain: p[i], exact: x[i], at: { up: at, key: String(i), index: true } });
    } else if (isObject(p) && isObject(x)) {
      const keys = Object.keys(x);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ plain: p[keys[i]], exact: x[keys[i]], at: { up: at, key: keys[i], index: false } });
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Digits JavaScript prints for a double: what `JSON.stringify(JSON.parse(text))` leaves of an id. */
export function isPrintedDouble(digits: string): boolean {
  return String(Number(digits)) === digits;
}

/** Digits that could be the output of a rounding: printed by a double, or a double's exact value. */
export function couldBeRounded(digits: string): boolean {
  return isPrintedDouble(digits) || BigInt(Number(digits)) === BigInt(digits);
}

/** Spacing of doubles at `digits`: how many integers share its double. */
export function doubleSpacing(digits: string): number {
  const x = Math.abs(Number(digits));
  return Math.max(1, 2 ** (Math.floor(Math.log2(x)) - 52));
}

/** A place in the payload that holds an integer's digits. */
interface Witness {
  digits: string;
  pointer: string;
  parent: string;
  /** a string (text) rather than an integer token */
  text: boolean;
  order: number;
}

// an id-sized run of digits inside a string (not part of a longer run)
const DIGIT_RUN = /(?<![0-9])[0-9]{16,20}(?![0-9])/g;

/**
 * Every integer token above 2^53 that was rounded before capture, with its evidence, as
 * `rounded` occurrences. `value` is the lossless parse (before int64 paths are converted).
 */
export function findRounded(value: unknown, tokens: readonly BigInteger[]): Occurrence[] {
  if (tokens.length === 0) return [];
  const tokenAt = new Set(tokens.map((t) => t.pointer));
  const byDouble = new Map<number, Witness[]>();
  let order = 0;
  const addWitness = (w: Omit<Witness, 'order'>): void => {
    if (couldBeRounded(w.digits)) return; // a rounding is never evidence of another
    const key = Number(w.digits);
    const list = byDouble.get(key);
    const entry = { ...w, order: order++ };
    if (list) list.push(entry);
    else byDouble.set(key, [entry]);
  };
  // strings anywhere in the payload (iteratively, in document order)
  const stack: { v: unknown; at: Place | undefined }[] = [{ v: value, at: undefined }];
  while (stack.length) {
    const f = stack.pop();
    if (f === undefined) break;
    const { v, at } = f;
    if (typeof v === 'string') {
      if (v.length < 16) continue;
      const runs = [...v.matchAll(DIGIT_RUN)].map((m) => m[0]).filter((d) => !Number.isSafeInteger(Number(d)));
      if (runs.length === 0) continue;
      const pointer = pointerOf(at);
      if (tokenAt.has(pointer)) continue; // an integer token, not text
      for (const digits of runs) addWitness({ digits, pointer, parent: pointerOf(at?.up), text: true });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], at: { up: at, key: String(i), index: true } });
    } else if (isObject(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: v[keys[i]], at: { up: at, key: keys[i], index: false } });
    }
  }
  for (const t of tokens) addWitness({ digits: t.digits, pointer: t.pointer, parent: t.parent, text: false });

  // per double, the witnesses a token may pick, found once (a body with many equal ids costs
  // one pass, not one pass per id): a sibling's text first (admin_graphql_api_id), then text
  // anywhere, then another integer; the earliest of each. A witness's digits are never a
  // rounding's, so never the token's own.
  const best = new Map<number, { text: Witness | undefined; textByParent: Map<string, Witness>; integer: Witness | undefined }>();
  for (const [key, list] of byDouble) {
    const b: { text: Witness | undefined; textByParent: Map<string, Witness>; integer: Witness | undefined } = { text: undefined, textByParent: new Map(), integer: undefined };
    for (const w of list) {
      if (w.text) {
        if (b.text === undefined || w.order < b.text.order) b.text = w;
        const sibling = b.textByParent.get(w.parent);
        if (sibling === undefined || w.order < sibling.order) b.textByParent.set(w.parent, w);
      } else if (b.integer === undefined || w.order < b.integer.order) b.integer = w;
    }
    best.set(key, b);
  }
  const out: Occurrence[] = [];
  for (const t of tokens) {
    if (!couldBeRounded(t.digits)) continue;
    const b = best.get(Number(t.digits));
    const witness = b === undefined ? undefined : (b.textByParent.get(t.parent) ?? b.text ?? b.integer);
    let evidence: string;
    if (witness) evidence = `the exact ${witness.digits} is ${witness.text ? 'in' : 'at'} ${witness.pointer}`;
    else if (isPrintedDouble(t.digits)) evidence = `digits JavaScript prints for a double; a genuine id has them 1 time in ${doubleSpacing(t.digits)}`;
    else continue;
    out.push({
      kind: 'rounded',
      path: t.shape,
      example: t.pointer,
      expected: 'the integer as delivered (every digit)',
      received: 'an integer rounded before capture',
      value: `${t.digits} (${evidence})`,
      fix: 'capture the raw request body, not a JSON.parse result saved again; the spec is not at fault (an `int64: string` hint keeps such ids exact)',
    });
  }
  return out;
}
