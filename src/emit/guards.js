// @ts-check
/**
 * Emitter: runtime guards and validators, compiled from the same schemas as the JSON Schema
 * files into plain, straight-line JavaScript (no schema interpreter at runtime), so the
 * checks mean exactly what the emitted schemas mean.
 *
 * For every named type N there are two private functions:
 *   is_N(v, s)            boolean, no allocation (s = strict: reject unknown keys)
 *   c_N(v, p, out, s)     collects every issue under JSON pointer p into out
 * `validate…` runs is_N first and only collects when it fails, so a valid payload costs one
 * `is` pass and one result object.
 */
import { banner, formatCode, str, tsdoc } from '../print/print.js';
import { sortedEntries } from '../util/order.js';
import { namedTypes, refName, typeList, describe } from './common.js';

/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../model/types.js').PayloadModel} PayloadModel */
/** @typedef {import('../model/types.js').TopicModel} TopicModel */
/** @typedef {import('../model/types.js').Schema} Schema */

/**
 * @param {ProviderModel} p
 * @returns {[string, string][]}
 */
export function emitGuards(p) {
  const sources = [`${p.specDir}/models/*.yaml`, `${p.specDir}/topics.yaml`];
  return [
    [`${p.id}/guards.js`, formatCode(`${banner(sources)}\n\n${guardsJs(p)}`)],
    [`${p.id}/guards.d.ts`, formatCode(`${banner(sources)}\n\n${guardsDts(p)}`)],
  ];
}

/** Code-generation state for one module: helper functions and regex constants, in creation order. */
function createContext() {
  /** @type {string[]} */
  const helpers = [];
  /** @type {Map<string, string>} */
  const regexes = new Map();
  let counter = 0;
  /** @type {WeakMap<Schema, Map<string, string>>} */
  const memo = new WeakMap();
  return {
    helpers,
    regexes,
    /**
     * The helper function for `node` of this kind, built once: the `is` pass and the
     * collector pass visit the same nodes and must share their helpers.
     * @param {Schema} node @param {string} kind @param {(name: string) => string} build
     */
    helper(node, kind, build) {
      let byKind = memo.get(node);
      if (!byKind) memo.set(node, (byKind = new Map()));
      let name = byKind.get(kind);
      if (!name) {
        name = `${kind}${counter++}`;
        byKind.set(kind, name);
        helpers.push(build(name));
      }
      return name;
    },
    /** @param {string} source */
    regex(source) {
      let name = regexes.get(source);
      if (!name) {
        name = `RE_${regexes.size}`;
        regexes.set(source, name);
      }
      return name;
    },
  };
}

/** @typedef {ReturnType<typeof createContext>} Ctx */


/**
 * A boolean expression that is true when `x` (an identifier) matches `node`.
 * Arrays, maps and unions become helper functions so the expression stays allocation-free.
 * @param {Schema} node @param {string} x @param {Ctx} ctx
 * @returns {string}
 */
function isExpr(node, x, ctx) {
  /** @type {string[]} */
  const parts = [];
  if (node.$ref) parts.push(`is_${refName(node.$ref)}(${x}, s)`);
  const types = typeList(node);
  const enumValues = node.enum;
  if (types.length) {
    const enumCovers = enumValues !== undefined && enumValues.every((e) => types.some((t) => primitiveMatches(t, e)));
    if (!enumCovers) parts.push(or(types.map((t) => typeExpr(t, node, x, ctx))));
  }
  if (enumValues !== undefined) parts.push(or(enumValues.map((e) => `${x} === ${literal(e)}`)));
  if (node.anyOf) parts.push(or(node.anyOf.map((m) => isExpr(m, x, ctx))));
  if (parts.length === 0) throw new Error(`internal: untyped schema node reached the guard emitter: ${JSON.stringify(node)}`);
  return parts.length === 1 ? parts[0] : parts.map((e) => `(${e})`).join(' && ');
}

/** @param {string[]} exprs */
function or(exprs) {
  return exprs.length === 1 ? exprs[0] : exprs.map((e) => `(${e})`).join(' || ');
}

/** @param {unknown} v */
function literal(v) {
  return typeof v === 'string' ? str(v) : JSON.stringify(v);
}

/** @param {string} t @param {unknown} v */
function primitiveMatches(t, v) {
  if (t === 'null') return v === null;
  if (t === 'string') return typeof v === 'string';
  if (t === 'boolean') return typeof v === 'boolean';
  if (t === 'integer') return Number.isInteger(v);
  if (t === 'number') return typeof v === 'number';
  return false;
}

const FORMAT_FN = /** @type {Record<string, string>} */ ({ 'date-time': 'isDateTime', date: 'isDate', time: 'isTime' });

/**
 * The check for one member of a `type` list, with the keywords that apply to that type.
 * @param {string} t @param {Schema} node @param {string} x @param {Ctx} ctx
 */
function typeExpr(t, node, x, ctx) {
  switch (t) {
    case 'null':
      return `${x} === null`;
    case 'boolean':
      return `typeof ${x} === 'boolean'`;
    case 'string': {
      const checks = [`typeof ${x} === 'string'`];
      if (node.format && FORMAT_FN[node.format]) checks.push(`${FORMAT_FN[node.format]}(${x})`);
      if (node.pattern) checks.push(`${ctx.regex(node.pattern)}.test(${x})`);
      return checks.join(' && ');
    }
    case 'integer':
    case 'number': {
      const checks = [t === 'integer' ? `Number.isInteger(${x})` : `typeof ${x} === 'number' && Number.isFinite(${x})`];
      if (typeof node.minimum === 'number') checks.push(`${x} >= ${node.minimum}`);
      if (typeof node.maximum === 'number') checks.push(`${x} <= ${node.maximum}`);
      return checks.join(' && ');
    }
    case 'array': {
      const fn = ctx.helper(node, 'is_array_', (name) => {
        const item = node.items ? isExpr(node.items, 'e', ctx) : 'true';
        return `function ${name}(v, s) {\nif (!Array.isArray(v)) return false;\nfor (let i = 0; i < v.length; i++) {\nconst e = v[i];\nif (!(${item})) return false;\n}\nreturn true;\n}`;
      });
      return `${fn}(${x}, s)`;
    }
    case 'object': {
      const fn = ctx.helper(node, 'is_object_', (name) => isObjectFunction(name, node, ctx));
      return `${fn}(${x}, s)`;
    }
    default:
      throw new Error(`internal: unknown JSON type ${t}`);
  }
}

/**
 * @param {string} fn @param {Schema} node @param {Ctx} ctx
 * @returns {string}
 */
function isObjectFunction(fn, node, ctx) {
  const props = sortedEntries(node.properties ?? {});
  const required = new Set(node.required ?? []);
  const extra = node.additionalProperties;
  const lines = [`function ${fn}(v, s) {`, `if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;`];
  if (props.length) lines.push('let n = 0;', 'let x;');
  for (const [key, schema] of props) {
    lines.push(`x = ${member('v', key)};`);
    lines.push(`if (x !== undefined) {`, 'n++;', `if (!(${isExpr(schema, 'x', ctx)})) return false;`, required.has(key) ? '} else return false;' : '}');
  }
  for (const r of required) if (!node.properties?.[r]) lines.push(`if (v[${str(r)}] === undefined) return false;`);
  if (extra && typeof extra === 'object') {
    lines.push(`for (const k in v) {`, props.length ? `if (${knownKeyTest(props, 'k')}) continue;` : '', 'const e = v[k];', `if (!(${isExpr(extra, 'e', ctx)})) return false;`, '}');
  } else if (extra === false || (extra === undefined && props.length)) {
    // strict mode closes objects that list their fields; a free-form object stays open
    lines.push(`if (${extra === false ? 'true' : 's'}) {`, 'let k = 0;', 'for (const _ in v) k++;', `if (k !== ${props.length ? 'n' : '0'}) return false;`, '}');
  }
  lines.push('return true;', '}');
  return lines.filter((l) => l !== '').join('\n');
}

/** `v.key`, or `v['key']` when the key is not an identifier (or would read the prototype). */
function member(/** @type {string} */ v, /** @type {string} */ key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key !== '__proto__' ? `${v}.${key}` : `${v}[${str(key)}]`;
}

/** @param {[string, Schema][]} props @param {string} k */
function knownKeyTest(props, k) {
  return props.map(([key]) => `${k} === ${str(key)}`).join(' || ');
}

// ---- collectors: every issue, with its JSON pointer ----

/** A JS predicate on the JSON type only (used to pick the union member to explain). */
function baseTest(/** @type {Schema} */ node, /** @type {string} */ x) {
  if (node.$ref) return `typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x})`;
  const tests = typeList(node).map((t) =>
    t === 'null' ? `${x} === null`
    : t === 'array' ? `Array.isArray(${x})`
    : t === 'object' ? `(typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x}))`
    : t === 'integer' || t === 'number' ? `typeof ${x} === 'number'`
    : `typeof ${x} === ${str(t)}`,
  );
  if (node.anyOf) tests.push(...node.anyOf.map((m) => baseTest(m, x)));
  if (node.enum && tests.length === 0) tests.push(...node.enum.map((e) => `${x} === ${literal(e)}`));
  return tests.length ? tests.map((t) => `(${t})`).join(' || ') : 'true';
}

/**
 * Statements that push the issues of value `x` at pointer expression `p` (a JS string expr).
 * @param {Schema} node @param {string} x @param {string} p @param {Ctx} ctx
 * @returns {string}
 */
function collectStmts(node, x, p, ctx) {
  if (node.$ref && !node.enum && !node.type && !node.anyOf) return `c_${refName(node.$ref)}(${x}, ${p}, out, s);`;
  const types = typeList(node);
  // a union (or a type list with arrays or objects in it): explain inside the member that fits
  const containers = types.filter((t) => t === 'array' || t === 'object');
  if (node.anyOf || (containers.length && types.length > 1)) {
    const fn = ctx.helper(node, 'c_union_', (name) => {
      const members = [...(node.anyOf ?? []), ...types.map((t) => ({ ...pick(node, t), type: t }))];
      const branches = members.map((m, i) => `${i ? 'else ' : ''}if (${baseTest(m, 'v')}) {\n${collectStmts(m, 'v', 'p', ctx)}\n}`);
      return `function ${name}(v, p, out, s) {\n${node.enum ? `if (!(${or(node.enum.map((e) => `v === ${literal(e)}`))})) { pushIssue(out, p, ${str(describe(node))}, show(v)); return; }\n` : ''}${branches.join('\n')}\nelse pushIssue(out, p, ${str(describe(node))}, typeName(v));\n}`;
    });
    // members are tried in order only for the explanation; the verdict is the `is` check
    return `if (!(${isExpr(node, x, ctx)})) ${fn}(${x}, ${p}, out, s);`;
  }
  if (types.length === 1 && types[0] === 'array') return collectArray(node, x, p, ctx);
  if (types.length === 1 && types[0] === 'object') {
    const fn = ctx.helper(node, 'c_object_', (name) => collectObjectFunction(name, node, ctx));
    return `${fn}(${x}, ${p}, out, s);`;
  }
  const typeOk = or(types.map((t) => baseTypeExpr(t, x)));
  const full = isExpr(node, x, ctx);
  if (full === typeOk || types.length === 0) return `if (!(${full})) pushIssue(out, ${p}, ${str(describe(node))}, ${node.enum ? `show(${x})` : `typeName(${x})`});`;
  // right JSON type but a wrong value (format, pattern, enum, range): show the value
  return `if (!(${typeOk})) pushIssue(out, ${p}, ${str(describe(node))}, typeName(${x}));\nelse if (!(${full})) pushIssue(out, ${p}, ${str(describe(node))}, show(${x}));`;
}

/** The keywords of `node` that belong to JSON type `t` (for splitting a type list). */
function pick(/** @type {Schema} */ node, /** @type {string} */ t) {
  /** @type {Schema} */
  const out = {};
  if (t === 'array' && node.items) out.items = node.items;
  if (t === 'object') for (const k of ['properties', 'required', 'additionalProperties']) if (node[k] !== undefined) out[k] = node[k];
  if (t === 'string') for (const k of ['format', 'pattern']) if (node[k] !== undefined) out[k] = node[k];
  if (t === 'integer' || t === 'number') for (const k of ['minimum', 'maximum']) if (node[k] !== undefined) out[k] = node[k];
  return out;
}

/** The JSON type test alone (what `typeName` would call it). */
function baseTypeExpr(/** @type {string} */ t, /** @type {string} */ x) {
  if (t === 'null') return `${x} === null`;
  if (t === 'integer') return `Number.isInteger(${x})`;
  if (t === 'number') return `typeof ${x} === 'number' && Number.isFinite(${x})`;
  return `typeof ${x} === ${str(t)}`;
}

/** @param {Schema} node @param {string} x @param {string} p @param {Ctx} ctx */
function collectArray(node, x, p, ctx) {
  const item = node.items ? collectStmts(node.items, 'e', `${p} + '/' + i`, ctx) : '';
  return `if (!Array.isArray(${x})) pushIssue(out, ${p}, ${str(describe(node))}, typeName(${x}));\nelse for (let i = 0; i < ${x}.length; i++) {\nconst e = ${x}[i];\n${item}\n}`;
}

/**
 * The collector of an object type (named, or an inline object/map).
 * @param {string} fn @param {Schema} node @param {Ctx} ctx
 */
function collectObjectFunction(fn, node, ctx) {
  const props = sortedEntries(node.properties ?? {});
  const required = new Set(node.required ?? []);
  const extra = node.additionalProperties;
  const lines = [
    `function ${fn}(v, p, out, s) {`,
    `if (typeof v !== 'object' || v === null || Array.isArray(v)) { pushIssue(out, p, ${str(node.title ?? 'object')}, typeName(v)); return; }`,
  ];
  if (props.length) lines.push('let x;');
  for (const [key, schema] of props) {
    const path = `p + ${str('/' + key.replace(/~/g, '~0').replace(/\//g, '~1'))}`;
    lines.push(`x = ${member('v', key)};`);
    lines.push(
      required.has(key) ? `if (x === undefined) pushIssue(out, ${path}, ${str(describe(schema))}, 'missing');\nelse {` : 'if (x !== undefined) {',
      collectStmts(schema, 'x', path, ctx),
      '}',
    );
  }
  for (const r of required) if (!node.properties?.[r]) lines.push(`if (v[${str(r)}] === undefined) pushIssue(out, p + ${str('/' + r)}, 'present', 'missing');`);
  const known = props.length ? knownKeyTest(props, 'k') : 'false';
  if (extra && typeof extra === 'object') {
    lines.push(`for (const k in v) {`, `if (${known}) continue;`, 'const e = v[k];', collectStmts(extra, 'e', `p + '/' + pointerKey(k)`, ctx), '}');
  } else if (extra === false || (extra === undefined && props.length)) {
    lines.push(`if (${extra === false ? 'true' : 's'}) for (const k in v) if (!(${known})) pushIssue(out, p + '/' + pointerKey(k), 'absent (not in the spec; strict mode)', typeName(v[k]));`);
  }
  lines.push('}');
  return lines.join('\n');
}

// ---- the module ----

/** @param {ProviderModel} p */
function guardsJs(p) {
  const ctx = createContext();
  const types = namedTypes(p);
  /** @type {string[]} */
  const fns = [];
  for (const [name, schema] of types) {
    fns.push(isObjectFunction(`is_${name}`, schema, ctx));
    fns.push(collectObjectFunction(`c_${name}`, schema, ctx));
  }
  const out = [];
  out.push(`import { isDate, isDateTime, isTime, pushIssue, pointerKey, show, typeName, ValidationError, standardSchema, isFields, collectFields } from '../runtime/validate.js';`);
  out.push(`export { ValidationError } from '../runtime/validate.js';`);
  out.push('');
  out.push('// ---- private checks, one pair per named type ----');
  out.push(...fns);
  out.push('// ---- per-field checks of each payload model, for payloads filtered to some fields ----');
  for (const m of p.models) out.push(fieldTable(m, ctx));
  out.push('// ---- public API ----');
  for (const m of p.models) out.push(modelApi(m));
  out.push(topicApi(p));
  // helpers and regexes last in creation order: every name is fixed by the traversal order
  const regexLines = [...ctx.regexes].map(([source, name]) => `const ${name} = new RegExp(${str(source)});`);
  return [out[0], '', ...regexLines, ...out.slice(1), '// ---- helpers for arrays, maps and unions ----', ...ctx.helpers].join('\n');
}

/**
 * `FIELDS_<Model>`: for each top-level field, its `is` and collector checks; `REQUIRED_<Model>`.
 * A webhook registered with `fields` delivers only those fields: these tables check exactly them.
 * @param {PayloadModel} m @param {Ctx} ctx
 */
function fieldTable(m, ctx) {
  const props = sortedEntries(m.schema.properties ?? {});
  const rows = props.map(([k, schema]) => `${str(k)}: [(x, s) => ${isExpr(schema, 'x', ctx)}, (x, p, out, s) => {\n${collectStmts(schema, 'x', 'p', ctx)}\n}],`);
  return [
    `const FIELDS_${m.typeName} = Object.freeze({ __proto__: null,`,
    ...rows,
    '});',
    `const REQUIRED_${m.typeName} = new Set([${(m.schema.required ?? []).map(str).join(', ')}]);`,
  ].join('\n');
}


/** @param {PayloadModel} m */
function modelApi(m) {
  const N = m.typeName;
  return [
    `export function is${N}(value, options) {`,
    `return is_${N}(value, options?.strict === true);`,
    '}',
    `export function validate${N}(value, options) {`,
    'const s = options?.strict === true;',
    `if (is_${N}(value, s)) return { ok: true, value };`,
    'const out = [];',
    `c_${N}(value, '', out, s);`,
    'return { ok: false, issues: out };',
    '}',
    `export function assert${N}(value, options) {`,
    `const r = validate${N}(value, options);`,
    `if (!r.ok) throw new ValidationError(${str(N)}, r.issues);`,
    '}',
    `export const ${N}Schema = standardSchema((value) => validate${N}(value));`,
  ].join('\n');
}

/** @param {ProviderModel} p */
function topicApi(p) {
  const T = p.typePrefix;
  const byName = new Map(p.models.map((m) => [m.name, m]));
  const lines = ['const topicChecks = {'];
  for (const t of p.topics) {
    const members = t.payload.map((n) => /** @type {PayloadModel} */ (byName.get(n)));
    lines.push(`${str(t.topic)}: [${topicIs(members)}, ${topicCollect(members)}, ${topicIsFields(members)}, ${topicCollectFields(members)}],`);
  }
  lines.push('};');
  lines.push(
    `function checksFor(topic) {`,
    'return Object.prototype.hasOwnProperty.call(topicChecks, topic) ? topicChecks[topic] : undefined;',
    '}',
    `export function is${T}Payload(topic, value, options) {`,
    'const c = checksFor(topic);',
    'if (c === undefined) return false;',
    'const s = options?.strict === true;',
    'return options?.fields ? c[2](value, options.fields, s) : c[0](value, s);',
    '}',
    `export function validate${T}Payload(topic, value, options) {`,
    'const c = checksFor(topic);',
    // the title is spec text: it goes into the code only as a string literal
    `if (c === undefined) return { ok: false, issues: [{ path: '', expected: ${str(`a known ${p.title} topic`)}, received: show(topic), message: ${str(`/: expected a known ${p.title} topic, received `)} + show(topic) }] };`,
    'const s = options?.strict === true;',
    'const fields = options?.fields;',
    'if (fields ? c[2](value, fields, s) : c[0](value, s)) return { ok: true, value };',
    'const out = [];',
    `if (fields) c[3](value, '', out, s, fields);`,
    `else c[1](value, '', out, s);`,
    'return { ok: false, issues: out };',
    '}',
    `export function assert${T}Payload(topic, value, options) {`,
    `const r = validate${T}Payload(topic, value, options);`,
    `if (!r.ok) throw new ValidationError(${str(`${p.title} payload of `)} + topic, r.issues);`,
    '}',
    `export function ${p.valuePrefix}PayloadSchema(topic, options) {`,
    `return standardSchema((value) => validate${T}Payload(topic, value, options));`,
    '}',
  );
  return lines.join('\n');
}

/** @param {PayloadModel[]} members */
function topicIs(members) {
  if (members.length === 0) return `(v) => typeof v === 'object' && v !== null && !Array.isArray(v)`;
  if (members.length === 1) return `is_${members[0].typeName}`;
  return `(v, s) => ${members.map((m) => `is_${m.typeName}(v, s)`).join(' || ')}`;
}

/** @param {PayloadModel[]} members */
function topicIsFields(members) {
  if (members.length === 0) return `(v) => typeof v === 'object' && v !== null && !Array.isArray(v)`;
  return `(v, fields, s) => ${members.map((m) => `isFields(FIELDS_${m.typeName}, REQUIRED_${m.typeName}, v, fields, s)`).join(' || ')}`;
}

/** @param {PayloadModel[]} members */
function topicCollectFields(members) {
  if (members.length === 0) return `(v, p, out) => pushIssue(out, p, 'object', typeName(v))`;
  const disc = members.map((m) => m.discriminator);
  // several models: explain with the one the discriminator names, when it was delivered
  const pick =
    members.length > 1 && disc.every((d) => d !== undefined && d.property === disc[0]?.property)
      ? `(v && typeof v === 'object' && ${members.map((m) => `v[${str(/** @type {{ property: string }} */ (m.discriminator).property)}] === ${str(/** @type {{ value: string }} */ (m.discriminator).value)} ? '${m.typeName}'`).join(' : ')} : '${members[0].typeName}')`
      : `'${members[0].typeName}'`;
  const tables = `{ ${members.map((m) => `${m.typeName}: [FIELDS_${m.typeName}, REQUIRED_${m.typeName}]`).join(', ')} }`;
  return `(v, p, out, s, fields) => { const [t, r] = ${tables}[${pick}]; collectFields(t, r, v, p, out, s, fields); }`;
}

/** @param {PayloadModel[]} members */
function topicCollect(members) {
  if (members.length === 0) return `(v, p, out) => pushIssue(out, p, 'object', typeName(v))`;
  if (members.length === 1) return `c_${members[0].typeName}`;
  const disc = members.map((m) => m.discriminator);
  if (disc.every((d) => d !== undefined && d.property === disc[0]?.property)) {
    const prop = /** @type {{ property: string }} */ (disc[0]).property;
    const expected = members.map((m) => JSON.stringify(m.discriminator?.value)).join(' | ');
    const branches = members.map((m) => `v[${str(prop)}] === ${str(/** @type {{ value: string }} */ (m.discriminator).value)} ? c_${m.typeName}(v, p, out, s)`);
    return `(v, p, out, s) => typeof v !== 'object' || v === null || Array.isArray(v) ? pushIssue(out, p, 'object', typeName(v)) : ${branches.join(' : ')} : pushIssue(out, p + ${str('/' + prop)}, ${str(expected)}, v[${str(prop)}] === undefined ? 'missing' : show(v[${str(prop)}]))`;
  }
  // no discriminator: explain with the member that comes closest
  return `(v, p, out, s) => { const tries = [${members.map((m) => `c_${m.typeName}`).join(', ')}].map((c) => { const o = []; c(v, p, o, s); return o; }); out.push(...tries.reduce((a, b) => (b.length < a.length ? b : a))); }`;
}

/** @param {ProviderModel} p */
function guardsDts(p) {
  const T = p.typePrefix;
  const out = [];
  out.push(`import type { ValidateOptions, ValidationResult, StandardSchemaV1 } from '../runtime/validate.js';`);
  out.push(`export type { ValidateOptions, ValidationResult, ValidationIssue, StandardSchemaV1 } from '../runtime/validate.js';`);
  out.push(`export { ValidationError } from '../runtime/validate.js';`);
  out.push(`import type { ${p.models.map((m) => m.typeName).join(', ')} } from './models.js';`);
  out.push(`import type { ${T}Topic, ${T}Payload, ${T}PayloadField } from './index.js';`);
  out.push('');
  for (const m of p.models) {
    const N = m.typeName;
    out.push(
      tsdoc([`True when \`value\` is a valid {@link ${N}} (its JSON Schema's rules, checked in straight-line code). Unknown keys are allowed unless \`options.strict\`.`]) +
        `export declare function is${N}(value: unknown, options?: ValidateOptions): value is ${N};\n`,
    );
    out.push(
      tsdoc([`Checks \`value\` against {@link ${N}} and reports every issue with its JSON pointer, expected and received.`]) +
        `export declare function validate${N}(value: unknown, options?: ValidateOptions): ValidationResult<${N}>;\n`,
    );
    out.push(tsdoc([`Throws a {@link ValidationError} carrying every issue unless \`value\` is a valid {@link ${N}}.`]) + `export declare function assert${N}(value: unknown, options?: ValidateOptions): asserts value is ${N};\n`);
    out.push(tsdoc([`{@link ${N}} as a Standard Schema v1 object, for tRPC, Hono, TanStack Form and other libraries that accept one.`]) + `export declare const ${N}Schema: StandardSchemaV1<unknown, ${N}>;\n`);
  }
  out.push(
    tsdoc([
      `Options of the topic-level checks: \`fields\` restricts the check to the top-level fields a webhook was registered with (a webhook created with \`fields\` delivers only those); the result is typed as \`${T}Payload<T, F>\`.`,
    ]) + `export interface ${T}PayloadValidateOptions<F extends string = never> extends ValidateOptions {\n  readonly fields?: readonly F[];\n}\n`,
  );
  out.push(
    tsdoc([`True when \`value\` is a valid payload of \`topic\` (only the given \`fields\`, when there are some). Unknown topics are never valid.`]) +
      `export declare function is${T}Payload<T extends ${T}Topic, F extends ${T}PayloadField<T> = never>(topic: T, value: unknown, options?: ${T}PayloadValidateOptions<F>): value is ${T}Payload<T, F>;\n`,
  );
  out.push(
    tsdoc([`Checks \`value\` against the payload of \`topic\` and reports every issue. For a topic with several payload models the issues explain the model picked by its discriminator. With \`fields\`, only those top-level fields are checked (and, in strict mode, allowed).`]) +
      `export declare function validate${T}Payload<T extends ${T}Topic, F extends ${T}PayloadField<T> = never>(topic: T, value: unknown, options?: ${T}PayloadValidateOptions<F>): ValidationResult<${T}Payload<T, F>>;\n`,
  );
  out.push(tsdoc([`Throws a {@link ValidationError} unless \`value\` is a valid payload of \`topic\`.`]) + `export declare function assert${T}Payload<T extends ${T}Topic, F extends ${T}PayloadField<T> = never>(topic: T, value: unknown, options?: ${T}PayloadValidateOptions<F>): asserts value is ${T}Payload<T, F>;\n`);
  out.push(tsdoc([`The payload of \`topic\` as a Standard Schema v1 object.`]) + `export declare function ${p.valuePrefix}PayloadSchema<T extends ${T}Topic>(topic: T, options?: ValidateOptions): StandardSchemaV1<unknown, ${T}Payload<T>>;\n`);
  return out.join('\n');
}
