/**
 * JSON Pointers (RFC 6901), the one module that escapes and splits them: spec hints, drift
 * findings, validator issue paths and the importer all address fields this way.
 */

/** One reference token, escaped: `a/b` → `a~1b`, `~` → `~0`. */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One reference token, unescaped (the inverse of {@link escapeToken}). */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/a/b~1c` → `['a', 'b/c']`; `''` (the whole document) → `[]`. */
export function parsePointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken);
}

/** `['a', 'b/c']` → `/a/b~1c`; `[]` → `''`. */
export function formatPointer(tokens: readonly (string | number)[]): string {
  let out = '';
  for (const t of tokens) out += '/' + escapeToken(String(t));
  return out;
}

/** The value at `pointer` inside `doc`, or undefined when a step is missing. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const token of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, token)) return undefined;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}
