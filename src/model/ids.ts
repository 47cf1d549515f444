/**
 * The provider's id policy (`inference.ids` of provider.yaml): integer fields whose name says
 * they are ids become 64-bit ids, exactly as an `int64: string` hint makes them. Runs after the
 * hints, so a hint that types a null-only field as an integer is followed by the policy too;
 * a field that no sample and no hint types as an integer is left for its hint (a name alone
 * says nothing about a type).
 */
import { idNameMatcher } from '../spec/inference.js';
import { toInt64 } from './hints.js';
import { typesOf } from './infer.js';
import type { IdPolicySpec, Schema } from './types.js';

/**
 * Turns every integer field the policy names (and the integer items of an array field it
 * names) into a 64-bit id, in place; returns their paths (segments, `*` = any array item).
 * Objects used as maps (`additionalProperties`) are not entered: their keys are data, not
 * field names, and a parser path cannot address them.
 */
export function applyIdPolicy(root: Schema, policy: IdPolicySpec): string[][] {
  const matches = idNameMatcher(policy.int64);
  const out: string[][] = [];
  const visit = (node: Schema, path: string[]): void => {
    for (const b of branches(node)) {
      if (b.items) visit(b.items, [...path, '*']);
      for (const [key, child] of Object.entries(b.properties ?? {})) {
        if (matches(key)) {
          if (isPlainInteger(child)) {
            toInt64(child);
            out.push([...path, key]);
            continue;
          }
          for (const cb of branches(child)) {
            if (cb.items && isPlainInteger(cb.items)) {
              toInt64(cb.items);
              out.push([...path, key, '*']);
            }
          }
        }
        visit(child, [...path, key]);
      }
    }
  };
  visit(root, []);
  return out;
}

/**
 * An integer (or integer-or-null) field with nothing else to check: an `enum` or a range given
 * by a hint would be lost in a digit string, so such a field keeps the hint's type.
 */
function isPlainInteger(node: Schema): boolean {
  const types = typesOf(node).filter((t) => t !== 'null');
  return types.length > 0 && types.every((t) => t === 'integer') && node.enum === undefined && node.minimum === undefined && node.maximum === undefined && !node.anyOf?.some((m) => Object.keys(m).some((k) => k !== 'type'));
}

function branches(node: Schema): Schema[] {
  return node.anyOf ? [node, ...node.anyOf] : [node];
}
