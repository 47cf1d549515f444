/**
 * Stage 2b: apply a model's hints to its inferred schema, then find every field the samples
 * could not type. Hints are keyed by JSON pointer (`*` = any array item), never by a name.
 * Reading them from the spec is src/spec/hints.ts.
 */
import { closest, type Location, type Problem } from '../util/diagnostics.js';
import { sortedBy } from '../util/order.js';
import { own, setOwn } from '../util/own.js';
import { typesOf, TYPE_ORDER } from './infer.js';
import { ANY_JSON } from '../spec/hints.js';
import type { HintSpec, ModelSpec, Schema } from './types.js';

/** A schema node a pointer reaches, with the object that holds it under `key`. */
interface Match {
  node: Schema;
  parent?: Schema;
  key?: string;
}

/**
 * What hints said about presence and nullability that the inference policy (./policy.ts) must
 * not undo: the fields a hint keeps required (`optional: false`), by the object that holds
 * them, and the fields a hint keeps non-null (`nullable: false`).
 */
export interface HintMarks {
  required: Map<Schema, Set<string>>;
  nonNull: Set<Schema>;
}

/**
 * Applies hints in place (shorter pointers first, so a replaced subtree can be refined) and
 * returns what they pinned for the inference policy.
 */
export function applyHints(root: Schema, model: ModelSpec, problems: Problem[]): HintMarks {
  const marks: HintMarks = { required: new Map(), nonNull: new Set() };
  const hints = sortedBy(model.hints, (h) => `${String(h.segments.length).padStart(4, '0')}${h.pointer}`);
  for (const hint of hints) {
    let found = resolve(root, hint.segments);
    // a documented field that no sample shows: a typed hint adds it (optional unless `optional: false`)
    if (!found.ok && hint.schema && found.prefix.length === hint.segments.length - 1 && addField(root, hint)) found = resolve(root, hint.segments);
    // a hint whose schema is broken (reported) would have added the field: say nothing more
    if (!found.ok && hint.schemaBroken) continue;
    if (!found.ok) {
      const guess = found.candidates.length ? closest(found.missing, found.candidates) : undefined;
      problems.push({
        at: hint.at,
        message: `hint ${hint.pointer} matches no field of ${model.name}`,
        expected: found.candidates.length
          ? `a field that the samples have at /${found.prefix.join('/')}${found.prefix.length ? '/' : ''}: ${found.candidates.slice(0, 12).join(', ')}${found.candidates.length > 12 ? ', ...' : ''}`
          : `a pointer into the samples of ${model.name}`,
        found: JSON.stringify(found.missing),
        fix: guess ? `did you mean ${['', ...found.prefix, guess].join('/')}?` : 'correct the pointer, or add a sample that has this field',
      });
      continue;
    }
    for (const { node, parent, key } of found.matches) applyOne(node, parent, key, hint, problems, marks);
  }
  return marks;
}

function applyOne(node: Schema, parent: Schema | undefined, key: string | undefined, hint: HintSpec, problems: Problem[], marks: HintMarks): void {
  const wasNullable = typesOf(node).includes('null');
  if (hint.schema) {
    for (const k of Object.keys(node)) delete node[k];
    Object.assign(node, structuredClone(hint.schema));
    if (node.type === 'object' && !node.properties && !node.additionalProperties) node.properties = {};
    if (isAnyJson(node)) node.description ??= ANY_JSON_DOC;
    // a sample that shows null is a fact; the hint types the non-null values
    if (wasNullable && !allowsNull(node)) addNull(node);
  }
  if (hint.nullable) addNull(node);
  if (hint.int64) {
    const t = typesOf(node).filter((x) => x !== 'null');
    if (!t.every((x) => x === 'integer') || t.length === 0) {
      problems.push({
        at: hint.at,
        message: `int64 hint on ${hint.pointer}, which is not an integer`,
        expected: 'an integer field (an id or a count)',
        found: t.join(' | ') || 'no type',
        fix: 'remove `int64:` from this hint, or point it at an integer field',
      });
    } else toInt64(node);
  }
  if (hint.enum) {
    node.enum = typesOf(node).includes('null') && !hint.enum.includes(null) ? [...hint.enum, null] : [...hint.enum];
  }
  if (hint.description) node.description = hint.description;
  if (hint.name) node.title = hint.name;
  if (hint.optional && parent && key !== undefined && parent.required) {
    parent.required = parent.required.filter((r) => r !== key);
  }
  if (hint.optional === false && parent && key !== undefined) {
    if (!parent.required?.includes(key)) parent.required = [...(parent.required ?? []), key].sort();
    const kept = marks.required.get(parent) ?? new Set<string>();
    kept.add(key);
    marks.required.set(parent, kept);
  }
  if (hint.nullable === false) {
    if (typesOf(node).includes('null')) {
      problems.push({
        at: hint.at,
        message: `nullable: false on ${hint.pointer}, which ${hint.schema && (typesOf(hint.schema).includes('null') || hint.schema.enum?.includes(null)) ? 'the same hint types as nullable' : 'a sample shows as null'}`,
        expected: 'a field that no sample shows as null',
        found: `${hint.pointer} allows null`,
        fix: 'remove `nullable: false` (the field can be null), or correct the sample or the hint type',
      });
    } else marks.nonNull.add(node);
  }
}

/** The pattern of a 64-bit integer's digit string: how every stage recognises an int64 node. */
export const INT64_PATTERN = '^-?[0-9]+$';

/**
 * Makes an integer node a 64-bit integer, in place: a digit string (or null when it was
 * nullable), as the parser delivers it; its description is kept.
 */
export function toInt64(node: Schema): void {
  const nullable = typesOf(node).includes('null');
  for (const k of Object.keys(node)) if (k !== 'description') delete node[k];
  node.type = nullable ? ['string', 'null'] : 'string';
  node.pattern = INT64_PATTERN;
  node.description ??= 'A 64-bit integer, delivered as its decimal digits in a string so that no digit is lost (JSON numbers above 2^53 are rounded).';
}

/** True for a node {@link toInt64} made: a digit string, possibly null. */
export function isInt64Node(node: Schema): boolean {
  const types = typesOf(node);
  return node.pattern === INT64_PATTERN && types.includes('string') && types.every((t) => t === 'string' || t === 'null');
}

/** Adds the hint's field to every object its parent pointer reaches; false when no parent object was found. */
function addField(root: Schema, hint: HintSpec): boolean {
  const parent = resolve(root, hint.segments.slice(0, -1));
  const key = hint.segments[hint.segments.length - 1];
  const schema = hint.schema;
  if (!parent.ok || key === undefined || !schema) return false;
  let added = false;
  for (const { node } of parent.matches) {
    for (const b of branches(node)) {
      if (!b.properties) continue;
      // an own property: a field named `__proto__` stays a field
      setOwn(b.properties, key, structuredClone(schema));
      if (hint.optional === false) b.required = [...(b.required ?? []), key].sort();
      added = true;
    }
  }
  return added;
}

/** What a `type: json` field says in TSDoc and schemas unless its hint has a description. */
export const ANY_JSON_DOC = 'A JSON value of whatever kind: neither the docs nor the samples show its type yet.';

/** True for a node of `type: json` (any JSON value, see src/spec/hints.ts). */
export function isAnyJson(node: Schema): boolean {
  return node.type === ANY_JSON;
}

/** Whether a node allows null (`type: json` does: null is a JSON value). */
export function allowsNull(node: Schema): boolean {
  return isAnyJson(node) || typesOf(node).includes('null');
}

/** Lets a schema node also be null (a type list gains "null"; a `$ref` or untyped node becomes an `anyOf`). */
export function addNull(node: Schema): void {
  if (isAnyJson(node)) return;
  if (node.anyOf) {
    if (!node.anyOf.some((m) => m.type === 'null')) node.anyOf.push({ type: 'null' });
  } else if (node.$ref || node.type === undefined) {
    const copy = { ...node };
    for (const k of Object.keys(node)) delete node[k];
    node.anyOf = [copy, { type: 'null' }];
  } else {
    const types = new Set(typesOf(node));
    types.add('null');
    const list = TYPE_ORDER.filter((t) => types.has(t));
    node.type = list.length === 1 ? list[0] : list;
  }
  if (node.enum && !node.enum.includes(null)) node.enum.push(null);
}

/** Every schema node a pointer reaches (a union may hold several object or array branches). */
export function resolve(root: Schema, segments: readonly string[]): { ok: true; matches: Match[] } | { ok: false; prefix: string[]; missing: string; candidates: string[] } {
  let current: Match[] = [{ node: root }];
  for (const [i, seg] of segments.entries()) {
    const next: Match[] = [];
    const candidates = new Set<string>();
    for (const { node } of current) {
      for (const branch of branches(node)) {
        if (seg === '*') {
          if (branch.items) next.push({ node: branch.items });
        } else if (branch.properties) {
          for (const k of Object.keys(branch.properties)) candidates.add(k);
          // own fields only: `__proto__`, `constructor` or `toString` is a field when a sample has it, never Object.prototype's
          const child = own(branch.properties, seg);
          if (child) next.push({ node: child, parent: branch, key: seg });
        }
      }
    }
    if (next.length === 0) {
      return { ok: false, prefix: segments.slice(0, i), missing: seg, candidates: [...candidates].sort() };
    }
    current = next;
  }
  return { ok: true, matches: current };
}

/** A node and its `anyOf` members. */
function branches(node: Schema): Schema[] {
  return node.anyOf ? [node, ...node.anyOf] : [node];
}

/**
 * Fields the samples could not type and no hint typed: null-only, always-empty arrays and
 * objects. Each becomes a problem naming the pointer and the hint that fixes it;
 * `sampleLocation` says where a path first occurs in the samples.
 */
export function reportUntyped(root: Schema, model: ModelSpec, sampleLocation: (path: string[]) => Location | undefined, problems: Problem[]): void {
  const visit = (node: Schema, path: string[]) => {
    const pointer = '/' + path.join('/');
    const kind = untypedKind(node);
    if (kind) {
      const where = sampleLocation(path);
      problems.push({
        at: where ?? model.at,
        message: `cannot type ${model.name} field ${pointer}: it is ${kind.what} in every sample`,
        expected: 'a hint that gives its type',
        found: `${kind.found} (model ${model.file})`,
        fix: `add to ${model.file}:\nhints:\n  ${pointer}:\n${kind.hint.map((l) => `    ${l}`).join('\n')}`,
      });
      return;
    }
    for (const b of branches(node)) {
      if (b.items) visit(b.items, [...path, '*']);
      if (b.properties) for (const [k, v] of Object.entries(b.properties)) visit(v, [...path, k]);
      if (b.additionalProperties && typeof b.additionalProperties === 'object') visit(b.additionalProperties, [...path, '*']);
    }
  };
  visit(root, []);
}

/** What a node the samples could not type shows (null only, `[]`, `{}`, nothing); undefined for a typed node. */
export function untypedKind(node: Schema): { what: string; found: string; hint: string[] } | undefined {
  const types = typesOf(node);
  if (Object.keys(node).filter((k) => k !== 'description' && k !== 'title').length === 0) {
    return { what: 'untyped', found: 'no type', hint: ['type: string   # the real type'] };
  }
  if (types.length > 0 && types.every((t) => t === 'null') && !node.enum) {
    return { what: 'null', found: 'null', hint: ['type: [string, "null"]   # the real type, keeping "null" (type: json = any JSON value, if unknown)'] };
  }
  if (node.type === 'array' && node.items && Object.keys(node.items).length === 0) {
    return { what: 'an empty array', found: '[]', hint: ['type: array', 'items:', '  type: object   # the item type', '  properties: { id: { type: integer } }', '  required: [id]'] };
  }
  if (node.type === 'object' && node.properties && Object.keys(node.properties).length === 0 && !node.additionalProperties) {
    return { what: 'an empty object', found: '{}', hint: ['type: object', 'additionalProperties: { type: string }   # or properties: {...}'] };
  }
  return undefined;
}
