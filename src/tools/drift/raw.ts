/**
 * The verbatim text of one member of a JSON document, found by scanning the text (never by
 * parsing and printing again, which would round integers above 2^53 or reorder nothing but
 * still change spacing). Linear in the text's length: every character is visited at most once
 * per call.
 */

const WS = new Set([' ', '\t', '\n', '\r']);

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.has(text[i] ?? '')) i++;
  return i;
}

/** The index just after the string literal that starts at `i` (a `"`). */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  throw new SyntaxError(`unterminated string at ${i}`);
}

/** The index just after the value that starts at `i` (no leading whitespace). */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = stringEnd(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SyntaxError(`unterminated ${c === '{' ? 'object' : 'array'} at ${i}`);
  }
  let j = i;
  while (j < text.length && !WS.has(text[j] ?? '') && text[j] !== ',' && text[j] !== '}' && text[j] !== ']') j++;
  if (j === i) throw new SyntaxError(`expected a value at ${i}`);
  return j;
}

/**
 * The text of the member at `tokens` (object keys, array indices as digits) of a JSON text,
 * exactly as written; undefined when a step is missing. The text must be JSON (callers have
 * parsed it already): on malformed input the result is undefined or a SyntaxError.
 */
export function rawAt(text: string, tokens: readonly string[]): string | undefined {
  let start = skipWs(text, 0);
  for (const token of tokens) {
    const open = text[start];
    if (open !== '{' && open !== '[') return undefined;
    let i = skipWs(text, start + 1);
    let found = -1;
    for (let index = 0; text[i] !== (open === '{' ? '}' : ']'); index++) {
      if (i >= text.length) throw new SyntaxError(`unterminated container at ${start}`);
      let match: boolean;
      if (open === '{') {
        const keyEnd = stringEnd(text, i);
        match = JSON.parse(text.slice(i, keyEnd)) === token;
        i = skipWs(text, keyEnd);
        if (text[i] !== ':') throw new SyntaxError(`expected ":" at ${i}`);
        i = skipWs(text, i + 1);
      } else match = String(index) === token;
      // the last of duplicate keys wins, as in JSON.parse
      if (match) found = i;
      i = skipWs(text, valueEnd(text, i));
      if (text[i] === ',') i = skipWs(text, i + 1);
    }
    if (found < 0) return undefined;
    start = found;
  }
  return text.slice(start, valueEnd(text, start));
}
