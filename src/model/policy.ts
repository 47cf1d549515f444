/**
 * Stage 2c: the provider's inference policy (provider.yaml `inference:`, src/spec/inference.ts)
 * applied to a payload model after its hints. A docs sample shows what a field holds; it does
 * not show that a real delivery always has the field, nor that the field is never null. Under
 * `presence: optional` every field becomes optional, under `nulls: nullable` every field may be
 * null, except the fields a receiver or a user cannot do without (see `isKept`) and the fields a
 * hint pinned (`optional: false`, `nullable: false`). `observed` keeps what the samples show.
 */
import { addNull, untypedKind, type HintMarks } from './hints.js';
import { typesOf } from './infer.js';
import type { InferencePolicy, Schema } from './types.js';

/** A field that stays required and non-null whatever the policy says. */
function isKept(key: string, node: Schema, path: readonly string[], keep: readonly (readonly string[])[]): boolean {
  // the payload's own identity: a handler upserts by it, and a delivery of a record without it
  // is not that record. Nested ids are not kept: Shopify's test notifications leave out line
  // item and shipping line ids and send a null customer id.
  // (for an array payload: each item's own id)
  if (key === 'id' && (path.length === 1 || (path.length === 2 && path[0] === '*'))) return true;
  // a constant (one-value enum) tags the record: union members are told apart by it
  if (node.enum && node.enum.filter((v) => v !== null).length === 1) return true;
  // the fields the receiver reads the topic from, and the objects that hold them
  return keep.some((k) => k.length >= path.length && path.every((seg, i) => k[i] === seg));
}

/**
 * Loosens presence and nullability of every field of `root` in place, as `policy` says.
 * `keep` lists paths (segments from the payload root) that stay required and non-null: the
 * topic field of a provider that sends the topic in the body.
 */
export function applyInferencePolicy(root: Schema, policy: InferencePolicy, marks: HintMarks, keep: readonly (readonly string[])[] = []): void {
  if (policy.presence === 'observed' && policy.nulls === 'observed') return;
  const seen = new Set<Schema>();
  const visit = (node: Schema, path: string[]): void => {
    // a hint may share one schema object between places: loosen it once
    if (seen.has(node)) return;
    seen.add(node);
    for (const branch of node.anyOf ? [node, ...node.anyOf] : [node]) {
      if (branch.properties) {
        for (const [key, child] of Object.entries(branch.properties)) {
          const childPath = [...path, key];
          const kept = isKept(key, child, childPath, keep);
          if (!kept && policy.presence === 'optional' && branch.required?.includes(key) && !marks.required.get(branch)?.has(key)) {
            branch.required = branch.required.filter((k) => k !== key);
          }
          // a field no sample or hint types stays as it is: generate reports it, and absorb looks for it by its shape
          if (!kept && policy.nulls === 'nullable' && !marks.nonNull.has(child) && !typesOf(child).includes('null') && !untypedKind(child)) addNull(child);
          visit(child, childPath);
        }
      }
      if (branch.items) visit(branch.items, [...path, '*']);
      if (branch.additionalProperties && typeof branch.additionalProperties === 'object') visit(branch.additionalProperties, [...path, '*']);
    }
  };
  visit(root, []);
}
