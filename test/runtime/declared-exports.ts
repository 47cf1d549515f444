// The exports a `.d.ts` declares, read from its text, and a comparison with what the matching
// `.js` really exports. Generic over any module pair: it is used for generated/runtime/* and
// for every generated/<provider>/* (and stays usable as other emitters move to TypeScript).
//
// Only what exists at run time is compared: functions, classes, consts/lets/vars, enums,
// namespaces that hold values, and `export * as ns` objects. Interfaces, type aliases,
// `export type { … }` and type-only namespaces have no run-time counterpart.
//
// Arity rule: a function's (or class's) `length` counts the parameters before the first one
// with a default value or a rest parameter, and TypeScript declares a defaulted parameter as
// optional (`x?: T`). So `length` must lie between the number of required parameters and the
// number of all parameters of the declaration (a rest parameter lifts the upper bound). For an
// overloaded function the first overload gives the range, widened by the others: the
// implementation's parameter list has to serve every overload. A class whose declaration has
// no constructor inherits one: its arity is not checked.

import fs from 'node:fs';
import path from 'node:path';

/** A parameter list as declared. */
export interface Arity {
  /** parameters without `?` (and not rest) */
  readonly required: number;
  /** all parameters except a rest parameter */
  readonly total: number;
  readonly rest: boolean;
}

/** What a `.d.ts` says one run-time export is. */
export type Declared =
  | { readonly kind: 'function'; readonly overloads: readonly Arity[] }
  | { readonly kind: 'class'; readonly constructor: Arity | undefined }
  | { readonly kind: 'value' }
  | { readonly kind: 'namespace' };

interface Token {
  readonly text: string;
  /** a line break comes before it */
  readonly newline: boolean;
  /** 1-based line, for messages */
  readonly line: number;
}

const PUNCTUATION = ['...', '=>', '?.'];

/** Tokens of TypeScript declaration text: comments dropped, string and template literals kept whole. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let newline = true;
  const push = (t: string): void => {
    tokens.push({ text: t, newline, line });
    newline = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline = true;
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`line ${line}: expected the end of a comment, found the end of the text`);
      for (let k = i; k < end; k++) if (text[k] === '\n') line++;
      if (text.slice(i, end).includes('\n')) newline = true;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new Error(`line ${line}: expected the end of a string, found the end of the text`);
      push(text.slice(i, j + 1));
      i = j + 1;
    } else if (c === '`') {
      // a template literal type; `${…}` holes may nest braces
      let j = i + 1;
      let depth = 0;
      while (j < text.length && (depth > 0 || text[j] !== '`')) {
        if (text[j] === '\\') j++;
        else if (text.startsWith('${', j)) {
          depth++;
          j++;
        } else if (text[j] === '}' && depth > 0) depth--;
        j++;
      }
      push(text.slice(i, j + 1));
      i = j + 1;
    } else {
      const word = /^[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*|^\d[\w.]*/.exec(text.slice(i, i + 200));
      const t = word ? word[0] : (PUNCTUATION.find((p) => text.startsWith(p, i)) ?? c);
      push(t);
      i += t.length;
    }
  }
  return tokens;
}

const OPEN = new Set(['(', '[', '{', '<']);
const CLOSE = new Set([')', ']', '}', '>']);

/** The index just after the bracket that closes the one at `start`. */
function skipBalanced(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (OPEN.has(t)) depth++;
    else if (CLOSE.has(t)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`line ${tokens[start]?.line}: expected a closing bracket for ${tokens[start]?.text}, found the end of the text`);
}

/** The parameter list whose `(` is at `start`. */
function readArity(tokens: readonly Token[], start: number): Arity {
  const end = skipBalanced(tokens, start) - 1;
  const params: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (let i = start + 1; i < end; i++) {
    const t = tokens[i]!;
    if (OPEN.has(t.text)) depth++;
    else if (CLOSE.has(t.text)) depth--;
    if (t.text === ',' && depth === 0) {
      params.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length) params.push(current);
  let required = 0;
  let total = 0;
  let rest = false;
  for (const p of params) {
    let k = 0;
    while (['public', 'private', 'protected', 'readonly', 'override'].includes(p[k]?.text ?? '') && p[k + 1]?.text !== ':' && p[k + 1]?.text !== '?') k++;
    if (p[k]?.text === 'this' && p[k + 1]?.text === ':') continue;
    if (p[k]?.text === '...') {
      rest = true;
      continue;
    }
    // optional: `name?:`, `{ a, b }?:`, or a trailing `?` without a type
    let colon = -1;
    for (let j = k, d = 0; j < p.length; j++) {
      const t = p[j]!.text;
      if (OPEN.has(t)) d++;
      else if (CLOSE.has(t)) d--;
      else if (t === ':' && d === 0) {
        colon = j;
        break;
      }
    }
    const optional = colon > 0 ? p[colon - 1]!.text === '?' : p[p.length - 1]?.text === '?';
    total++;
    if (!optional) required++;
  }
  return { required, total, rest };
}

const DECLARATION_KEYWORDS = new Set(['function', 'class', 'const', 'let', 'var', 'enum', 'namespace', 'module', 'interface', 'type']);
const STATEMENT_STARTS = new Set(['export', 'import', 'declare', ...DECLARATION_KEYWORDS]);

/** The index after the statement that starts at `start` (`;` at depth 0, or a new statement on a new line). */
function statementEnd(tokens: readonly Token[], start: number): number {
  for (let i = start; i < tokens.length; ) {
    const t = tokens[i]!;
    if (t.text === ';') return i + 1;
    if (i > start && t.newline && STATEMENT_STARTS.has(t.text) && !['.', '|', '&', ':', '=', ','].includes(tokens[i - 1]!.text)) return i;
    i = OPEN.has(t.text) ? skipBalanced(tokens, i) : i + 1;
  }
  return tokens.length;
}

interface Local {
  /** declared here */
  readonly declared?: Declared;
  /** imported: the module specifier and the name there (`*` for a namespace import) */
  readonly from?: string;
  readonly name?: string;
}

interface Parsed {
  readonly locals: Map<string, Local>;
  readonly exported: Map<string, Declared | { readonly reexport: string; readonly name: string } | { readonly local: string }>;
  readonly stars: string[];
}

/**
 * Reads one declaration (`declare`/`export` already skipped) at `i`: its name and what it is at
 * run time, or undefined for a type-only declaration. `i` is at the keyword.
 */
function readDeclaration(tokens: readonly Token[], i: number, where: string): { name: string; declared: Declared | undefined } {
  let k = i;
  if (tokens[k]?.text === 'abstract' || tokens[k]?.text === 'async') k++;
  const keyword = tokens[k]?.text ?? '';
  const name = tokens[k + 1]?.text ?? '';
  if (keyword === 'const' && name === 'enum') return { name: tokens[k + 2]?.text ?? '', declared: { kind: 'value' } };
  if (!DECLARATION_KEYWORDS.has(keyword) || !/^[A-Za-z_$]/.test(name)) {
    throw new Error(`${where}:${tokens[i]?.line}: expected a declaration (function, class, const, …), found ${tokens.slice(i, i + 3).map((t) => t.text).join(' ')}`);
  }
  switch (keyword) {
    case 'function': {
      let p = k + 2;
      if (tokens[p]?.text === '<') p = skipBalanced(tokens, p);
      if (tokens[p]?.text !== '(') throw new Error(`${where}:${tokens[p]?.line}: expected the parameters of ${name}, found ${tokens[p]?.text}`);
      return { name, declared: { kind: 'function', overloads: [readArity(tokens, p)] } };
    }
    case 'class': {
      let p = k + 2;
      while (p < tokens.length && tokens[p]!.text !== '{') p = OPEN.has(tokens[p]!.text) ? skipBalanced(tokens, p) : p + 1;
      const end = skipBalanced(tokens, p);
      let ctor: Arity | undefined;
      for (let j = p + 1; j < end - 1; ) {
        const t = tokens[j]!.text;
        if (t === 'constructor' && tokens[j + 1]?.text === '(') {
          ctor = readArity(tokens, j + 1);
          break;
        }
        j = OPEN.has(t) ? skipBalanced(tokens, j) : j + 1;
      }
      return { name, declared: { kind: 'class', constructor: ctor } };
    }
    case 'const':
    case 'let':
    case 'var':
    case 'enum':
      return { name, declared: { kind: 'value' } };
    case 'namespace':
    case 'module': {
      let p = k + 2;
      while (p < tokens.length && tokens[p]!.text !== '{') p++;
      const end = skipBalanced(tokens, p);
      // a namespace is a value when it holds one (at its own level)
      let value = false;
      for (let j = p + 1; j < end - 1; ) {
        const t = tokens[j]!.text;
        if (['function', 'const', 'let', 'var', 'class', 'enum'].includes(t)) value = true;
        j = OPEN.has(t) ? skipBalanced(tokens, j) : j + 1;
      }
      return { name, declared: value ? { kind: 'value' } : undefined };
    }
    default:
      return { name, declared: undefined };
  }
}

/** Reads `{ a, b as c, type d }` at `i` (at `{`): [local or remote name, exported name] pairs, type-only ones left out. */
function readSpecifiers(tokens: readonly Token[], i: number): { pairs: [string, string][]; end: number } {
  const end = skipBalanced(tokens, i);
  const pairs: [string, string][] = [];
  let item: string[] = [];
  const flush = (): void => {
    if (item.length === 0) return;
    if (item[0] === 'type' && item.length > 1) item = [];
    else {
      const asAt = item.indexOf('as');
      pairs.push(asAt > 0 ? [item[0]!, item[asAt + 1]!] : [item[0]!, item[0]!]);
      item = [];
    }
  };
  for (let j = i + 1; j < end - 1; j++) {
    const t = tokens[j]!.text;
    if (t === ',') flush();
    else item.push(t);
  }
  flush();
  return { pairs, end };
}

const unquote = (s: string): string => s.slice(1, -1);

function parse(text: string, where: string): Parsed {
  const tokens = tokenize(text);
  const locals = new Map<string, Local>();
  const exported: Parsed['exported'] = new Map();
  const stars: string[] = [];
  const declare = (name: string, declared: Declared): void => {
    const before = locals.get(name)?.declared;
    // overloads: the first one leads, the others widen the range
    if (before?.kind === 'function' && declared.kind === 'function') locals.set(name, { declared: { kind: 'function', overloads: [...before.overloads, ...declared.overloads] } });
    else if (!before) locals.set(name, { declared });
  };
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!.text;
    const end = statementEnd(tokens, i);
    if (t === 'import') {
      let k = i + 1;
      if (tokens[k]?.text === 'type') k = end; // type-only
      else if (tokens[k]?.text === '*') locals.set(tokens[k + 2]!.text, { from: unquote(tokens[end - 2]!.text), name: '*' });
      else {
        if (/^[A-Za-z_$]/.test(tokens[k]?.text ?? '') && tokens[k + 1]?.text !== '=') {
          locals.set(tokens[k]!.text, { from: unquote(tokens[end - 2]!.text), name: 'default' });
          k += tokens[k + 1]?.text === ',' ? 2 : 1;
        }
        if (tokens[k]?.text === '{') {
          const fromAt = tokens.findIndex((x, j) => j > k && x.text === 'from');
          for (const [remote, local] of readSpecifiers(tokens, k).pairs) locals.set(local, { from: unquote(tokens[fromAt + 1]!.text), name: remote });
        }
      }
    } else if (t === 'export') {
      const next = tokens[i + 1]?.text;
      if (next === 'type' && tokens[i + 2]?.text === '*') {
        // `export type * from '…'` / `export type * as ns from '…'`: types only, nothing at run time
      } else if (next === '{' || (next === 'type' && tokens[i + 2]?.text === '{')) {
        if (next === '{') {
          const { pairs, end: close } = readSpecifiers(tokens, i + 1);
          const from = tokens[close]?.text === 'from' ? unquote(tokens[close + 1]!.text) : undefined;
          for (const [inner, outer] of pairs) exported.set(outer, from === undefined ? { local: inner } : { reexport: from, name: inner });
        }
      } else if (next === '*') {
        if (tokens[i + 2]?.text === 'as') exported.set(tokens[i + 3]!.text, { kind: 'namespace' });
        else stars.push(unquote(tokens[i + 3]!.text));
      } else if (next === 'default') {
        const d = ['function', 'class', 'abstract', 'async'].includes(tokens[i + 2]?.text ?? '') && /^[A-Za-z_$]/.test(tokens[i + 3]?.text ?? '') ? readDeclaration(tokens, i + 2, where).declared : undefined;
        exported.set('default', d ?? { kind: 'value' });
      } else if (next === '=' || next === 'import' || next === 'as') {
        throw new Error(`${where}:${tokens[i]!.line}: \`export ${next}\` is not an ES module export; this check reads ES module declarations only`);
      } else {
        const { name, declared } = readDeclaration(tokens, next === 'declare' ? i + 2 : i + 1, where);
        if (declared) {
          declare(name, declared);
          exported.set(name, { local: name });
        }
      }
    } else if (t === 'declare' || DECLARATION_KEYWORDS.has(t)) {
      const at = t === 'declare' ? i + 1 : i;
      if (tokens[at]?.text !== 'global') {
        const { name, declared } = readDeclaration(tokens, at, where);
        if (declared) declare(name, declared);
      }
    }
    i = end;
  }
  return { locals, exported, stars };
}

/** Resolves a relative specifier of `from` (a .d.ts) to the .d.ts it names. */
function resolveDeclaration(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) throw new Error(`${fromFile}: expected a relative module specifier, found ${JSON.stringify(specifier)}`);
  const target = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [target.replace(/\.js$/, '.d.ts'), target.replace(/\.mjs$/, '.d.mts'), `${target}.d.ts`, path.join(target, 'index.d.ts')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${fromFile}: ${specifier}: expected a declaration file (${path.basename(candidates[0]!)}), found none`);
  return found;
}

/**
 * The run-time exports a `.d.ts` declares, by name, following `export … from` and `export *`
 * into the files they name.
 */
export function declaredExports(file: string, active: readonly string[] = []): Map<string, Declared> {
  if (active.includes(file)) return new Map(); // an `export *` cycle adds nothing new
  const parsed = parse(fs.readFileSync(file, 'utf8'), file);
  const out = new Map<string, Declared>();
  const fromModule = (specifier: string, name: string): Declared => {
    const target = resolveDeclaration(file, specifier);
    if (name === '*') return { kind: 'namespace' };
    const d = declaredExports(target, [...active, file]).get(name);
    if (!d) throw new Error(`${file}: re-exports ${name} from ${specifier}, which declares no value of that name`);
    return d;
  };
  for (const specifier of parsed.stars) {
    for (const [name, d] of declaredExports(resolveDeclaration(file, specifier), [...active, file])) if (name !== 'default' && !parsed.exported.has(name)) out.set(name, d);
  }
  for (const [name, e] of parsed.exported) {
    if ('kind' in e) out.set(name, e);
    else if ('reexport' in e) out.set(name, fromModule(e.reexport, e.name));
    else {
      const local = parsed.locals.get(e.local);
      if (local?.declared) out.set(name, local.declared);
      else if (local?.from !== undefined && local.name !== undefined) out.set(name, fromModule(local.from, local.name));
      // else: a type-only name (an interface or type alias exported in a list)
    }
  }
  return out;
}

/** True for a function written as a class (its source starts with `class`). */
function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

function fits(length: number, overloads: readonly Arity[]): boolean {
  const required = Math.min(...overloads.map((o) => o.required));
  const total = overloads.some((o) => o.rest) ? Infinity : Math.max(...overloads.map((o) => o.total));
  return length >= required && length <= total;
}

const describeArity = (overloads: readonly Arity[]): string =>
  overloads.map((o) => (o.rest ? `${o.required}+` : o.required === o.total ? `${o.total}` : `${o.required}-${o.total}`)).join(' or ');

/**
 * Every difference between a module's run-time exports and its declarations, one line each
 * (empty when they agree).
 */
export function compareExports(runtime: Readonly<Record<string, unknown>>, declared: ReadonlyMap<string, Declared>): string[] {
  const problems: string[] = [];
  const names = [...new Set([...Object.keys(runtime), ...declared.keys()])].sort();
  for (const name of names) {
    const d = declared.get(name);
    const has = Object.prototype.hasOwnProperty.call(runtime, name);
    if (!d) {
      problems.push(`${name}: exported by the .js, not declared in the .d.ts`);
      continue;
    }
    if (!has) {
      problems.push(`${name}: declared in the .d.ts (${d.kind}), not exported by the .js`);
      continue;
    }
    const v = runtime[name];
    if (d.kind === 'function') {
      if (typeof v !== 'function' || isClass(v)) problems.push(`${name}: declared a function, the .js exports ${isClass(v) ? 'a class' : typeof v}`);
      else if (!fits(v.length, d.overloads)) problems.push(`${name}: declared with ${describeArity(d.overloads)} parameter(s), the .js function takes ${v.length} (length)`);
    } else if (d.kind === 'class') {
      if (!isClass(v)) problems.push(`${name}: declared a class, the .js exports ${typeof v === 'function' ? 'a plain function' : typeof v}`);
      else if (d.constructor && !fits((v as () => unknown).length, [d.constructor])) {
        problems.push(`${name}: constructor declared with ${describeArity([d.constructor])} parameter(s), the .js class takes ${(v as () => unknown).length} (length)`);
      }
    } else if (d.kind === 'namespace') {
      if (v === null || typeof v !== 'object') problems.push(`${name}: declared a namespace object, the .js exports ${typeof v}`);
    }
  }
  return problems;
}
