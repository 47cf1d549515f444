// @ts-nocheck -- plain JS shared verbatim with the generated runtime (templates/runtime-json.js.hbs)
// Lossless JSON for webhook bodies. JSON.parse rounds integers above 2^53
// (327475578523353102 comes back ending in ...100), so integer literals that are not
// safe integers are turned into strings before JSON.parse sees them. Bodies without a
// run of 16 digits (almost all) take the plain JSON.parse path: a run of 16 digits
// must cover an index that is 15 mod 16, so probing those indexes finds every candidate.

function isDigit(c) {
  return c >= 48 && c <= 57;
}

function hasLongDigitRun(text) {
  for (let i = 15; i < text.length; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= 16) return true;
  }
  return false;
}

function quoteUnsafeIntegers(text) {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
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
      const start = i;
      if (c === 45) i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const e = text.charCodeAt(i);
      if (e === 46 || e === 101 || e === 69) {
        // a fraction or exponent: a float, which JSON.parse handles as the producer meant
        i++;
        for (let d = text.charCodeAt(i); isDigit(d) || d === 43 || d === 45 || d === 46 || d === 69 || d === 101; d = text.charCodeAt(++i));
        continue;
      }
      const token = text.slice(start, i);
      if (token.length >= 16 && !Number.isSafeInteger(Number(token))) {
        out += text.slice(last, start) + '"' + token + '"';
        last = i;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * JSON.parse that never rounds an integer: integers beyond Number.MAX_SAFE_INTEGER come
 * back as decimal strings.
 */
export function parseLossless(text) {
  return JSON.parse(hasLongDigitRun(text) ? quoteUnsafeIntegers(text) : text);
}

/** Turns the integer at `path` (`*` = every array item) into its decimal string, in place. */
export function int64ToString(value, path, i) {
  if (value === null || typeof value !== 'object') return;
  const key = path[i];
  if (key === '*') {
    if (!Array.isArray(value)) return;
    for (let j = 0; j < value.length; j++) visitInt64(value, j, path, i);
  } else if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)) {
    visitInt64(value, key, path, i);
  }
}

function visitInt64(container, key, path, i) {
  if (i === path.length - 1) {
    const v = container[key];
    if (typeof v === 'number' && Number.isInteger(v)) container[key] = String(v);
  } else int64ToString(container[key], path, i + 1);
}
