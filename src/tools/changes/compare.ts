/**
 * Compares the intermediate model of two spec states and lists every change with its class
 * (types.ts: RULES), its place (a payload model and a JSON pointer into the payload, or a spec
 * file of the provider and a pointer into it) and the topics it reaches. Pure: two models in,
 * a sorted list out.
 */
import type { ApiOperation, ApiSpec, DeliverySpec, GenModel, HeaderSpec, PayloadModel, ProviderModel, TopicModel } from '../../model/types.js';
import { compareStrings } from '../../util/order.js';
import { formatPointer } from '../../util/pointer.js';
import { apiShape, schemaShape, typeText, type Atom, type Shape } from './shape.js';
import { classOf, type Change, type ChangeClass, type ChangeKind, type Role } from './types.js';

/** Where changes are being collected: the provider, what the pointer points into, the topics reached. */
export interface Place {
  provider: string;
  in: string;
  topics?: string[];
  role: Role;
  out: Change[];
  /** the model's 64-bit id fields (pointers): the model types them as digit strings */
  int64?: { base: ReadonlySet<string>; head: ReadonlySet<string> };
}

/** A digit-string field of the id policy, as its own kind of value. */
function asInt64(s: Shape): Shape {
  if (!s.types.has('string')) return s;
  const types = new Set(s.types);
  types.delete('string');
  types.add('int64');
  const { pattern: _digits, ...rest } = s;
  return { ...rest, types };
}

function push(place: Place, kind: ChangeKind, path: readonly string[], message: string, extra: { before?: string; after?: string; topic?: string } = {}): void {
  place.out.push({
    class: classOf(kind, place.role),
    kind,
    provider: place.provider,
    in: place.in,
    pointer: formatPointer(path),
    ...(extra.topic !== undefined ? { topic: extra.topic } : {}),
    ...(place.topics && place.topics.length ? { topics: place.topics } : {}),
    message,
    ...(extra.before !== undefined ? { before: extra.before } : {}),
    ...(extra.after !== undefined ? { after: extra.after } : {}),
  });
}

const CLASS_ORDER: Record<ChangeClass, number> = { breaking: 0, additive: 1, docs: 2 };

/** Every change from `base` to `head`, breaking first, then by provider, place and pointer. */
export function compareModels(base: GenModel, head: GenModel): Change[] {
  const out: Change[] = [];
  const before = new Map(base.providers.map((p) => [p.id, p]));
  const after = new Map(head.providers.map((p) => [p.id, p]));
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings)) {
    const b = before.get(id);
    const h = after.get(id);
    const place: Place = { provider: id, in: 'provider.yaml', role: 'reader', out };
    if (!b && h) push(place, 'provider-added', [], `provider ${h.title} added (${h.topics.length} topics, ${h.models.length} models)`);
    else if (b && !h) push(place, 'provider-removed', [], `provider ${b.title} removed`);
    else if (b && h) compareProvider(b, h, out);
  }
  return out.sort(
    (x, y) =>
      CLASS_ORDER[x.class] - CLASS_ORDER[y.class] ||
      compareStrings(x.provider, y.provider) ||
      compareStrings(x.in, y.in) ||
      compareStrings(x.pointer, y.pointer) ||
      compareStrings(x.kind, y.kind) ||
      compareStrings(x.message, y.message),
  );
}

function compareProvider(b: ProviderModel, h: ProviderModel, out: Change[]): void {
  const place: Place = { provider: h.id, in: 'provider.yaml', role: 'reader', out };
  if (b.typePrefix !== h.typePrefix) push(place, 'type-prefix-changed', ['typePrefix'], `typePrefix ${b.typePrefix} → ${h.typePrefix}: every exported name changes (${b.typePrefix}Topic → ${h.typePrefix}Topic, …)`, { before: b.typePrefix, after: h.typePrefix });
  if (b.title !== h.title) push(place, 'provider-docs-changed', ['title'], 'title changed', { before: b.title, after: h.title });
  if ((b.description ?? '') !== (h.description ?? '')) push(place, 'provider-docs-changed', ['description'], 'description changed');
  if (b.docs.join('\n') !== h.docs.join('\n')) push(place, 'provider-docs-changed', ['docs'], 'docs links changed');
  compareDelivery(b.delivery, h.delivery, place);
  compareTopics(b, h, out);
  compareModelsOf(b, h, out);
  compareApi(b.api, h.api, { provider: h.id, in: 'api.yaml', role: 'reader', out });
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [c]) => compareStrings(a, c))) : x));

function compareDelivery(b: DeliverySpec, h: DeliverySpec, place: Place): void {
  for (const key of ['method', 'body', 'topic', 'envelope'] as const) {
    const [x, y] = [stable(b[key] ?? null), stable(h[key] ?? null)];
    if (x !== y) push(place, 'delivery-changed', ['delivery', key], `delivery ${key} changed: ${x} → ${y}`, { before: x, after: y });
  }
  const [sb, sh] = [b.signature, h.signature];
  if (sb === 'none' || sh === 'none') {
    if (sb !== sh) push(place, 'signature-changed', ['delivery', 'signature'], sb === 'none' ? `deliveries are signed now (${sh === 'none' ? '' : `${sh.header}, ${sh.algorithm}`}): receivers need the secret` : 'deliveries are no longer signed: the receiver\'s secret option goes away');
  } else {
    const { tolerance: tb, ...restB } = sb;
    const { tolerance: th, ...restH } = sh;
    if (stable(restB) !== stable(restH)) {
      const fields = [...new Set([...Object.keys(restB), ...Object.keys(restH)])].filter((k) => stable((restB as Record<string, unknown>)[k] ?? null) !== stable((restH as Record<string, unknown>)[k] ?? null)).sort(compareStrings);
      push(place, 'signature-changed', ['delivery', 'signature'], `signature scheme changed (${fields.join(', ')})`, { before: stable(restB), after: stable(restH) });
    }
    if (tb !== th) {
      // no tolerance: timestamps are not checked at all (the widest)
      const wider = th === undefined || (tb !== undefined && th > tb);
      push(place, wider ? 'signature-tolerance-widened' : 'signature-changed', ['delivery', 'signature', 'tolerance'], `signature tolerance ${tb ?? 'none'} → ${th ?? 'none'} s`, { before: String(tb ?? 'none'), after: String(th ?? 'none') });
    }
  }
  const hb = new Map(b.headers.map((x) => [x.name.toLowerCase(), x]));
  const hh = new Map(h.headers.map((x) => [x.name.toLowerCase(), x]));
  for (const key of [...new Set([...hb.keys(), ...hh.keys()])].sort(compareStrings)) {
    const x = hb.get(key);
    const y = hh.get(key);
    const path = ['delivery', 'headers', (y ?? x)?.name ?? key];
    if (!x && y) push(place, y.required ? 'required-header-added' : 'header-added', path, `header ${y.name} added${y.required ? ' (required)' : ''}${y.field ? ` (receive result field ${y.field})` : ''}`);
    else if (x && !y) push(place, 'header-removed', path, `header ${x.name} removed`);
    else if (x && y) compareHeader(x, y, path, place);
  }
}

function compareHeader(x: HeaderSpec, y: HeaderSpec, path: string[], place: Place): void {
  if (!x.required && y.required) push(place, 'header-required', path, `header ${y.name} is required now`);
  if (x.required && !y.required) push(place, 'header-optional', path, `header ${y.name} is optional now${y.field ? ` (receive result field ${y.field} may be undefined)` : ''}`);
  if ((x.field ?? '') !== (y.field ?? '')) push(place, 'delivery-changed', [...path, 'field'], `header ${y.name}: receive result field ${x.field ?? '(none)'} → ${y.field ?? '(none)'}`, { before: x.field ?? '', after: y.field ?? '' });
  if ((x.description ?? '') !== (y.description ?? '') || (x.example ?? '') !== (y.example ?? '')) push(place, 'header-docs-changed', path, `header ${y.name}: description or example changed`);
}

function payloadText(t: TopicModel): string {
  return t.undocumented ? '(undocumented)' : t.payload.join(' | ');
}

function compareTopics(b: ProviderModel, h: ProviderModel, out: Change[]): void {
  const place: Place = { provider: h.id, in: 'topics.yaml', role: 'reader', out };
  const tb = new Map(b.topics.map((t) => [t.topic, t]));
  const th = new Map(h.topics.map((t) => [t.topic, t]));
  for (const topic of [...new Set([...tb.keys(), ...th.keys()])].sort(compareStrings)) {
    const x = tb.get(topic);
    const y = th.get(topic);
    const path = ['topics', topic];
    if (!x && y) push(place, 'topic-added', path, `added (${payloadText(y)})`, { topic });
    else if (x && !y) push(place, 'topic-removed', path, 'removed', { topic });
    else if (x && y) {
      if (x.undocumented && !y.undocumented) push(place, 'topic-documented', path, `documented now: ${payloadText(y)}`, { topic, after: payloadText(y) });
      else if (!x.undocumented && y.undocumented) push(place, 'topic-undocumented', path, `lost its payload model (was ${payloadText(x)})`, { topic, before: payloadText(x) });
      else if (payloadText(x) !== payloadText(y)) push(place, 'topic-payload-changed', [...path, 'payload'], `delivers ${payloadText(y)} (was ${payloadText(x)})`, { topic, before: payloadText(x), after: payloadText(y) });
      for (const k of ['description', 'source', 'assumption', 'payloadProse', 'resource'] as const) {
        if ((x[k] ?? '') !== (y[k] ?? '')) push(place, 'topic-docs-changed', [...path, k], `${k} changed`, { topic });
      }
    }
  }
}

/** The topics of `p` that deliver the model `name`, sorted. */
function deliveredBy(p: ProviderModel, name: string): string[] {
  return p.topics.filter((t) => t.payload.includes(name)).map((t) => t.topic).sort(compareStrings);
}

function compareModelsOf(b: ProviderModel, h: ProviderModel, out: Change[]): void {
  const mb = new Map(b.models.map((m) => [m.name, m]));
  const mh = new Map(h.models.map((m) => [m.name, m]));
  for (const name of [...new Set([...mb.keys(), ...mh.keys()])].sort(compareStrings)) {
    const x = mb.get(name);
    const y = mh.get(name);
    const m = y ?? x;
    if (!m) continue;
    const topics = y ? deliveredBy(h, name) : deliveredBy(b, name);
    const place: Place = { provider: h.id, in: m.typeName, topics, role: 'reader', out };
    if (!x && y) push(place, 'model-added', [], `model ${y.typeName} added`);
    else if (x && !y) push(place, 'model-removed', [], `model ${x.typeName} removed`);
    else if (x && y) compareModel(x, y, place, [b.specDir, h.specDir]);
  }
}

/** `spec/acme/samples/a.json` → `samples/a.json`: the same sample wherever the spec folder is. */
function inFolder(file: string, dir: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

function compareModel(x: PayloadModel, y: PayloadModel, place: Place, dirs: readonly [string, string]): void {
  if (x.typeName !== y.typeName) push(place, 'model-type-renamed', [], `type ${x.typeName} is now ${y.typeName}`, { before: x.typeName, after: y.typeName });
  if ((x.description ?? '') !== (y.description ?? '')) push(place, 'model-docs-changed', [], 'description changed');
  const [fx, fy] = [x.sampleFiles.map((f) => inFolder(f, dirs[0])), y.sampleFiles.map((f) => inFolder(f, dirs[1]))];
  if (x.sampleTexts.join('\n\0') !== y.sampleTexts.join('\n\0') || fx.join('\n') !== fy.join('\n')) push(place, 'samples-changed', [], `samples changed (${[...new Set([...fx, ...fy])].join(', ')})`);
  if (stable(x.discriminator ?? null) !== stable(y.discriminator ?? null)) push(place, 'discriminator-changed', [], `discriminator ${stable(x.discriminator ?? null)} → ${stable(y.discriminator ?? null)}`);
  // nested types are exported by name
  const nb = new Set(Object.keys(x.defs));
  const nh = new Set(Object.keys(y.defs));
  for (const n of [...nb].filter((k) => !nh.has(k)).sort(compareStrings)) push(place, 'type-name-removed', [], `nested type ${n} is no longer exported`, { before: n });
  for (const n of [...nh].filter((k) => !nb.has(k)).sort(compareStrings)) push(place, 'type-name-added', [], `nested type ${n} added`, { after: n });
  const sx = schemaShape(x.schema, x.defs);
  const sy = schemaShape(y.schema, y.defs);
  const int64 = { base: new Set(x.int64Paths.map((p) => formatPointer(p))), head: new Set(y.int64Paths.map((p) => formatPointer(p))) };
  compareShape(sx, sy, [], { ...place, int64 }, { root: true });
}

/** Atoms other than null. */
function valueAtoms(s: Shape): Set<Atom> {
  return new Set([...s.types].filter((a) => a !== 'null'));
}

const describeAtoms = (atoms: Iterable<Atom>): string => [...atoms].map((a) => (a === 'int64' ? 'int64 (digit string)' : a)).join(' | ');

/**
 * Compares two shapes at `path`; recurses into fields, items and map values. `root`: the
 * payload itself (its description is the model's, reported once by compareModel).
 */
export function compareShape(base: Shape, head: Shape, path: readonly string[], place: Place, opts: { root?: boolean; depth?: number } = {}): void {
  const depth = opts.depth ?? 0;
  if (depth > 64) return;
  const pointer = formatPointer(path);
  const b = place.int64?.base.has(pointer) ? asInt64(base) : base;
  const h = place.int64?.head.has(pointer) ? asInt64(head) : head;
  if (!opts.root && (b.description ?? '') !== (h.description ?? '')) push(place, 'field-docs-changed', path, `description changed`);
  if (b.tsType !== undefined || h.tsType !== undefined) {
    if (b.tsType !== h.tsType) push(place, 'type-changed', path, `type ${typeText(b)} → ${typeText(h)}`, { before: typeText(b), after: typeText(h) });
    return;
  }
  if (b.any || h.any) {
    if (b.any && !h.any) push(place, 'type-narrowed', path, `any JSON value → ${typeText(h)}`, { before: typeText(b), after: typeText(h) });
    else if (!b.any && h.any) push(place, place.role === 'input' ? 'type-widened' : 'type-added', path, `${typeText(b)} → any JSON value${place.role === 'reader' ? ' (readers must check what it is)' : ''}`, { before: typeText(b), after: typeText(h) });
    return;
  }
  // a named type that refers back to itself: by name only
  if (b.recursive || h.recursive) {
    if (b.ref !== h.ref) push(place, 'type-changed', path, `type ${b.ref ?? typeText(b)} → ${h.ref ?? typeText(h)}`, { before: b.ref ?? typeText(b), after: h.ref ?? typeText(h) });
    return;
  }
  const nb = b.types.has('null');
  const nh = h.types.has('null');
  if (!nb && nh) push(place, 'nullable-added', path, `may be null now${place.role === 'reader' ? ' (readers must handle null)' : ''}`, { before: typeText(b), after: typeText(h) });
  if (nb && !nh) push(place, 'nullable-removed', path, `no longer null`, { before: typeText(b), after: typeText(h) });
  compareAtoms(b, h, path, place);
  compareEnum(b, h, path, place);
  for (const key of ['format', 'pattern'] as const) {
    const [x, y] = [b[key], h[key]];
    if (x === y) continue;
    if (x === undefined) push(place, 'constraint-added', path, `${key} ${y} checked now`, { after: y ?? '' });
    else if (y === undefined) push(place, 'constraint-removed', path, `${key} ${x} no longer checked`, { before: x });
    else push(place, 'constraint-changed', path, `${key} ${x} → ${y}`, { before: x, after: y });
  }
  for (const key of ['minimum', 'maximum'] as const) {
    const [x, y] = [b[key], h[key]];
    if (x === y) continue;
    if (x === undefined) push(place, 'constraint-added', path, `${key} ${y} checked now`, { after: String(y) });
    else if (y === undefined) push(place, 'constraint-removed', path, `${key} ${x} no longer checked`, { before: String(x) });
    else push(place, (key === 'minimum' ? y > x : y < x) ? 'constraint-tightened' : 'constraint-loosened', path, `${key} ${x} → ${y}`, { before: String(x), after: String(y) });
  }
  if (b.properties || h.properties) compareFields(b, h, path, place, depth);
  if (b.additional !== h.additional) {
    if (h.additional === false && b.additional !== false) push(place, 'object-closed', path, `fields not in the spec are rejected now`);
    else if (b.additional === false && h.additional !== false) push(place, 'object-opened', path, `fields not in the spec are allowed now`);
  }
  if (b.additional && h.additional) compareShape(b.additional, h.additional, [...path, '*'], place, { depth: depth + 1 });
  if (b.items && h.items) compareShape(b.items, h.items, [...path, '*'], place, { depth: depth + 1 });
}

function compareAtoms(b: Shape, h: Shape, path: readonly string[], place: Place): void {
  const ab = valueAtoms(b);
  const ah = valueAtoms(h);
  const removed = new Set([...ab].filter((a) => !ah.has(a)));
  const added = new Set([...ah].filter((a) => !ab.has(a)));
  if (!removed.size && !added.size) return;
  const before = describeAtoms(ab);
  const after = describeAtoms(ah);
  // integer ↔ int64: the id policy; the TypeScript type changes between number and string
  if ((removed.has('integer') && added.has('int64')) || (removed.has('int64') && added.has('integer'))) {
    push(place, 'int64-changed', path, `${removed.has('integer') ? 'integer → 64-bit id (digit string)' : '64-bit id (digit string) → integer (number)'}`, { before, after });
    for (const a of ['integer', 'int64'] as const) {
      removed.delete(a);
      added.delete(a);
    }
  }
  // integer → number: the same TypeScript type, more values pass; number → integer: fewer
  if (removed.has('integer') && added.has('number') && !ab.has('number')) {
    push(place, 'type-widened', path, `integer → number`, { before, after });
    removed.delete('integer');
    added.delete('number');
  } else if (removed.has('number') && added.has('integer')) {
    push(place, 'type-narrowed', path, `number → integer (fractions are rejected)`, { before, after });
    removed.delete('number');
    added.delete('integer');
  }
  if (removed.size && added.size) push(place, 'type-changed', path, `${describeAtoms(removed)} → ${describeAtoms(added)}`, { before, after });
  else if (removed.size) push(place, 'type-narrowed', path, `no longer ${describeAtoms(removed)} (${before} → ${after})`, { before, after });
  else if (added.size) push(place, place.role === 'input' ? 'type-widened' : 'type-added', path, `may be ${describeAtoms(added)} too (${before} → ${after})${place.role === 'reader' ? '; readers must handle it' : ''}`, { before, after });
}

function compareEnum(b: Shape, h: Shape, path: readonly string[], place: Place): void {
  if (!b.enum && !h.enum) return;
  if (b.enum && h.enum) {
    const removed = b.enum.filter((v) => !h.enum?.includes(v));
    const added = h.enum.filter((v) => !b.enum?.includes(v));
    if (removed.length) push(place, 'enum-value-removed', path, `value${removed.length === 1 ? '' : 's'} ${removed.join(', ')} removed`, { before: removed.join(', ') });
    if (added.length) push(place, 'enum-value-added', path, `value${added.length === 1 ? '' : 's'} ${added.join(', ')} added`, { after: added.join(', ') });
  } else if (h.enum) push(place, 'enum-added', path, `only ${h.enum.join(', ')} allowed now`, { after: h.enum.join(', ') });
  else if (b.enum) push(place, 'enum-removed', path, `any value now (was ${b.enum.join(', ')})`, { before: b.enum.join(', ') });
}

function compareFields(b: Shape, h: Shape, path: readonly string[], place: Place, depth: number): void {
  const fb = b.properties ?? new Map();
  const fh = h.properties ?? new Map();
  for (const k of [...new Set([...fb.keys(), ...fh.keys()])].sort(compareStrings)) {
    const x = fb.get(k);
    const y = fh.get(k);
    const p = [...path, k];
    if (!x && y) push(place, y.required ? 'required-field-added' : 'field-added', p, `added${y.required ? ' (required)' : ''}: ${typeText(y.shape)}`, { after: typeText(y.shape) });
    else if (x && !y) push(place, 'field-removed', p, `removed (was ${typeText(x.shape)})`, { before: typeText(x.shape) });
    else if (x && y) {
      if (!x.required && y.required) push(place, 'field-required', p, `optional → required`);
      if (x.required && !y.required) push(place, 'field-optional', p, `required → optional${place.role === 'reader' ? ' (readers must handle its absence)' : ''}`);
      compareShape(x.shape, y.shape, p, place, { depth: depth + 1 });
    }
  }
}

// ---------------------------------------------------------------- the management API

function compareApi(b: ApiSpec | undefined, h: ApiSpec | undefined, place: Place): void {
  if (!b && !h) return;
  const ob = new Map((b?.operations ?? []).map((o) => [o.name, o]));
  const oh = new Map((h?.operations ?? []).map((o) => [o.name, o]));
  for (const name of [...new Set([...ob.keys(), ...oh.keys()])].sort(compareStrings)) {
    const x = ob.get(name);
    const y = oh.get(name);
    const path = ['operations', name];
    if (!x && y) push(place, 'operation-added', path, `API operation ${name} added (${y.method} ${y.path})`);
    else if (x && !y) push(place, 'operation-removed', path, `API operation ${name} removed`);
    else if (x && y) compareOperation(x, y, path, place);
  }
  const eb = new Map((b?.errors ?? []).map((e) => [String(e.status), e]));
  const eh = new Map((h?.errors ?? []).map((e) => [String(e.status), e]));
  for (const status of [...new Set([...eb.keys(), ...eh.keys()])].sort(compareStrings)) {
    const x = eb.get(status);
    const y = eh.get(status);
    const path = ['errors', status];
    if (!x && y) push(place, 'api-error-added', path, `API error ${status} (${y.name}) added`);
    else if (x && !y) push(place, 'api-error-removed', path, `API error ${status} (${x.name}) removed`);
    else if (x && y) {
      if (x.name !== y.name) push(place, 'model-type-renamed', path, `API error ${status}: type ${x.name} is now ${y.name}`, { before: x.name, after: y.name });
      compareShape(apiShape(x.type), apiShape(y.type), path, place);
    }
  }
}

function compareOperation(x: ApiOperation, y: ApiOperation, path: string[], place: Place): void {
  if (x.method !== y.method || x.path !== y.path) push(place, 'operation-changed', path, `API operation ${y.name}: ${x.method} ${x.path} → ${y.method} ${y.path}`, { before: `${x.method} ${x.path}`, after: `${y.method} ${y.path}` });
  if ((x.response.status ?? null) !== (y.response.status ?? null)) push(place, 'operation-changed', [...path, 'response', 'status'], `API operation ${y.name}: success status ${x.response.status ?? 'any 2xx'} → ${y.response.status ?? 'any 2xx'}`);
  if ((x.summary ?? '') !== (y.summary ?? '') || (x.description ?? '') !== (y.description ?? '')) push(place, 'operation-docs-changed', path, `API operation ${y.name}: summary or description changed`);
  const input: Place = { ...place, role: 'input' };
  // path parameters are always required; query parameters never are
  for (const [key, list, required] of [['params', 'params', true], ['query', 'query', false]] as const) {
    const pb = new Map(x[list].map((p) => [p.name, p]));
    const ph = new Map(y[list].map((p) => [p.name, p]));
    compareFieldMaps(
      new Map([...pb].map(([k, v]) => [k, { shape: apiShape(v), required }])),
      new Map([...ph].map(([k, v]) => [k, { shape: apiShape(v), required }])),
      [...path, key],
      input,
    );
  }
  const bodyFields = (o: ApiOperation) =>
    new Map((o.body?.properties ?? []).map((p) => [p.name, { shape: p.type ? apiShape(p.type) : { any: false, types: new Set<Atom>(), ref: `${o.body?.model ?? 'body'}.${p.name}`, recursive: true, ...(p.description ? { description: p.description } : {}) }, required: p.required }]));
  if (x.body || y.body) compareFieldMaps(bodyFields(x), bodyFields(y), [...path, 'body'], input);
  if (x.response.type && y.response.type) compareShape(apiShape(x.response.type), apiShape(y.response.type), [...path, 'response'], place);
  else if (!x.response.type !== !y.response.type) push(place, 'operation-changed', [...path, 'response'], `API operation ${y.name}: ${x.response.type ? 'the response has no body now' : 'the response has a body now'}`);
}

function compareFieldMaps(b: Map<string, { shape: Shape; required: boolean }>, h: Map<string, { shape: Shape; required: boolean }>, path: string[], place: Place): void {
  compareShape({ any: false, types: new Set(['object']), properties: b }, { any: false, types: new Set(['object']), properties: h }, path, place, { root: true });
}
