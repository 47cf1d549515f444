/**
 * The change classes and the rules that assign them, from a webhook receiver's point of view.
 * A receiver's code reads payloads through the generated types (a wider type can stop it
 * compiling: it must handle a new `null`, a missing field, another type) and accepts deliveries
 * through the generated validators (a narrower schema rejects deliveries it accepted before).
 * Either is breaking. Inputs (the API client's parameters and request bodies) are the other way
 * round: the caller writes them, so only a narrower input breaks.
 *
 * RULES is the one table: `changes` classifies by it, and docs/changes.md prints it (a test
 * keeps the two equal).
 */

export type ChangeClass = 'breaking' | 'additive' | 'docs';

/** Which way a value flows: read by the receiver (payloads, API responses) or written by the caller (API parameters, request bodies). */
export type Role = 'reader' | 'input';

export interface Rule {
  /** the class when the value is read (payloads, API responses) */
  reader: ChangeClass;
  /** the class when the value is written (API parameters and request bodies); absent: not applicable */
  input?: ChangeClass;
  /** one line: why, from the receiver's (or the caller's) side */
  why: string;
}

/** Every kind of change, its class and the reason. */
export const RULES = {
  'provider-added': { reader: 'additive', why: 'a new provider: new modules, nothing existing changes' },
  'provider-removed': { reader: 'breaking', why: 'its modules and types are gone' },
  'type-prefix-changed': { reader: 'breaking', why: 'every exported name of the provider changes' },
  'provider-docs-changed': { reader: 'docs', why: 'title, description or docs links: prose only' },
  'delivery-changed': { reader: 'breaking', why: 'method, body encoding, topic source or envelope: the receiver parses deliveries another way' },
  'signature-changed': { reader: 'breaking', why: 'the signature scheme changed (header, algorithm, encoding, signed text, secret, or a shorter tolerance): deliveries verified the old way fail' },
  'signature-tolerance-widened': { reader: 'additive', why: 'a longer timestamp tolerance accepts what was accepted before' },
  'header-added': { reader: 'additive', why: 'an optional delivery header: a new optional field of the receive result' },
  'required-header-added': { reader: 'breaking', why: 'deliveries without the header are now rejected (missing_header)' },
  'header-removed': { reader: 'breaking', why: 'its field of the receive result is gone' },
  'header-required': { reader: 'breaking', why: 'deliveries without the header are now rejected' },
  'header-optional': { reader: 'breaking', why: 'its receive-result field may now be undefined: readers must handle it' },
  'header-docs-changed': { reader: 'docs', why: 'description or example only' },
  'topic-added': { reader: 'additive', why: 'a new member of the topic union; deliveries of it arrive only once you subscribe (an exhaustive switch over topics needs a case)' },
  'topic-removed': { reader: 'breaking', why: 'code naming the topic stops compiling; its deliveries are rejected as unknown' },
  'topic-payload-changed': { reader: 'breaking', why: 'the topic delivers another model (or union of models)' },
  'topic-documented': { reader: 'additive', why: 'an undocumented topic (typed as a JSON object) gets a payload model' },
  'topic-undocumented': { reader: 'breaking', why: 'the topic loses its payload type' },
  'topic-docs-changed': { reader: 'docs', why: 'description, source or assumption only' },
  'model-added': { reader: 'additive', why: 'a new exported type and validator' },
  'model-removed': { reader: 'breaking', why: 'its type, guard and validator are gone' },
  'model-type-renamed': { reader: 'breaking', why: 'the exported type name changed' },
  'model-docs-changed': { reader: 'docs', why: 'the model description only' },
  'samples-changed': { reader: 'docs', why: 'the docs samples changed; what they change in the types is listed separately' },
  'discriminator-changed': { reader: 'breaking', why: 'union members are told apart by another property or value' },
  'type-name-added': { reader: 'additive', why: 'a new exported nested type' },
  'type-name-removed': { reader: 'breaking', why: 'code importing the nested type by name stops compiling' },
  'field-added': { reader: 'additive', input: 'additive', why: 'a new optional field' },
  'required-field-added': { reader: 'breaking', input: 'breaking', why: 'payloads: deliveries without it are rejected, objects built by hand lack it; inputs: every call must pass it' },
  'field-removed': { reader: 'breaking', input: 'breaking', why: 'code reading (or passing) the field stops compiling' },
  'field-required': { reader: 'breaking', input: 'breaking', why: 'optional → required: payloads without it are rejected; callers must pass it' },
  'field-optional': { reader: 'breaking', input: 'additive', why: 'required → optional: readers must handle its absence; callers may leave it out' },
  'nullable-added': { reader: 'breaking', input: 'additive', why: 'readers must handle null; callers may pass null' },
  'nullable-removed': { reader: 'breaking', input: 'breaking', why: 'null is rejected now (deliveries with null fail validation; callers passing null stop compiling)' },
  'type-narrowed': { reader: 'breaking', input: 'breaking', why: 'values of a type allowed before are rejected (e.g. number → integer, or a type dropped from a union)' },
  'type-widened': { reader: 'additive', input: 'additive', why: 'more values pass and the TypeScript type is the same (integer → number); for inputs any widening' },
  'type-added': { reader: 'breaking', input: 'additive', why: 'a value may now be of another type: readers must handle it' },
  'type-changed': { reader: 'breaking', input: 'breaking', why: 'the type is replaced by another one' },
  'int64-changed': { reader: 'breaking', input: 'breaking', why: 'a 64-bit id is typed as a digit string, any other integer as a number: the TypeScript type changes' },
  'enum-value-added': { reader: 'additive', input: 'additive', why: 'one more allowed value (an exhaustive switch over the field needs a case)' },
  'enum-value-removed': { reader: 'breaking', input: 'breaking', why: 'deliveries (or calls) with that value are rejected; a case naming it stops compiling' },
  'enum-added': { reader: 'breaking', input: 'breaking', why: 'a free value becomes a closed set: other values are rejected' },
  'enum-removed': { reader: 'breaking', input: 'additive', why: 'a closed set becomes a free value: the literal union widens to its base type' },
  'constraint-added': { reader: 'breaking', input: 'breaking', why: 'a format, pattern or range is checked now: values that passed before may fail' },
  'constraint-tightened': { reader: 'breaking', input: 'breaking', why: 'a range is narrower' },
  'constraint-loosened': { reader: 'additive', input: 'additive', why: 'a range is wider' },
  'constraint-removed': { reader: 'additive', input: 'additive', why: 'a format, pattern or range is no longer checked' },
  'constraint-changed': { reader: 'breaking', input: 'breaking', why: 'another format or pattern is checked' },
  'object-closed': { reader: 'breaking', input: 'breaking', why: 'fields not in the spec are rejected now' },
  'object-opened': { reader: 'additive', input: 'additive', why: 'fields not in the spec are allowed now' },
  'field-docs-changed': { reader: 'docs', input: 'docs', why: 'the field description only' },
  'operation-added': { reader: 'additive', why: 'a new API client method' },
  'operation-removed': { reader: 'breaking', why: 'the API client method is gone' },
  'operation-changed': { reader: 'breaking', why: 'method, path or success status changed' },
  'operation-docs-changed': { reader: 'docs', why: 'summary or description only' },
  'api-error-added': { reader: 'additive', why: 'a new documented error body type' },
  'api-error-removed': { reader: 'breaking', why: 'the error body type is gone' },
} as const satisfies Record<string, Rule>;

export type ChangeKind = keyof typeof RULES;

/** The class of a kind of change for a role. */
export function classOf(kind: ChangeKind, role: Role = 'reader'): ChangeClass {
  const rule: Rule = RULES[kind];
  return role === 'input' ? (rule.input ?? rule.reader) : rule.reader;
}

export interface Change {
  class: ChangeClass;
  kind: ChangeKind;
  provider: string;
  /** what `pointer` points into: a payload model's type name, or a spec file of the provider (`provider.yaml`, `topics.yaml`, `api.yaml`) */
  in: string;
  /** RFC 6901 JSON pointer (`*`: any array item or map value); '' is the whole of `in` */
  pointer: string;
  /** the topic the change is about (topic changes) */
  topic?: string;
  /** the topics that deliver the changed model, sorted */
  topics?: string[];
  /** one line: what changed */
  message: string;
  before?: string;
  after?: string;
}

/** The semver bump a set of changes implies for the code generated from the spec. */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface ChangesReport {
  version: 1;
  /** what was compared: the base state and the head state, as the user named them */
  base: string;
  head: string;
  bump: Bump;
  counts: Record<ChangeClass, number>;
  /** breaking first, then additive, then docs; within a class by provider, place and pointer */
  changes: Change[];
}

/** The bump: major for any breaking change, minor for additive ones, patch for docs-only ones. */
export function bumpOf(changes: readonly Change[]): Bump {
  if (changes.some((c) => c.class === 'breaking')) return 'major';
  if (changes.some((c) => c.class === 'additive')) return 'minor';
  return changes.length ? 'patch' : 'none';
}

/** A bad argument or a state that cannot be read: the CLI prints the message and exits 2. */
export class ChangesUsageError extends Error {}
