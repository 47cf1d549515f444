/**
 * The emitted JSON Schemas accept a 64-bit integer as an integer or as its digit string (what
 * `JSON.parse` or the generated parser made of it); the generated validators check the parsed
 * form, digit strings only. `parsedFormSchema` is the emitted schema read that way, the judge
 * of the validators in the differential tests.
 */

type Schema = Record<string, any>;

const INT64_PATTERN = '^-?[0-9]+$';

/** True for the emitted form of a 64-bit integer: `anyOf` an integer, its digit string, and maybe null. */
export function isInt64AnyOf(node: Schema): boolean {
  const members: Schema[] | undefined = node.anyOf;
  if (!Array.isArray(members) || members.length < 2 || members.length > 3) return false;
  const [int, digits, nul] = members;
  return (
    JSON.stringify(int) === JSON.stringify({ type: 'integer' }) &&
    JSON.stringify(digits) === JSON.stringify({ type: 'string', pattern: INT64_PATTERN }) &&
    (nul === undefined || JSON.stringify(nul) === JSON.stringify({ type: 'null' }))
  );
}

/** A copy of an emitted schema in which every 64-bit integer is its digit string only (nullable when it was). */
export function parsedFormSchema(node: Schema): Schema {
  if (Array.isArray(node)) return node.map(parsedFormSchema);
  if (node === null || typeof node !== 'object') return node;
  if (isInt64AnyOf(node)) {
    const { anyOf, ...rest } = node;
    return { ...rest, type: anyOf.length === 3 ? ['string', 'null'] : 'string', pattern: INT64_PATTERN };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` and `$defs` are maps of schemas; `enum` values are data
    if (k === 'enum' || k === 'const') out[k] = v;
    else if ((k === 'properties' || k === '$defs') && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, parsedFormSchema(s as Schema)]));
    else out[k] = v !== null && typeof v === 'object' ? parsedFormSchema(v as Schema) : v;
  }
  return out;
}
