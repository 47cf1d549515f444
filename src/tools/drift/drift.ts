// @ts-check
/**
 * Drift: how payloads captured from production differ from the spec, field by field, with the
 * spec change that would absorb each difference. Reads the same intermediate model as the
 * emitters (so it judges exactly what generated/ was made from) and parses captures with the
 * same lossless parser the generated runtime uses.
 */
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import { loadSpec } from '../../spec/load.js';
import { buildModel } from '../../model/build.js';
import { createCache } from '../../util/cache.js';
import { parseLossless, int64ToString } from '../../model/lossless.js';
import { compareStrings } from '../../util/order.js';
import { refName, typeList } from '../../emit/common.js';
import { closest } from '../../util/diagnostics.js';

/** @typedef {import('../../model/types.js').Schema} Schema */
/** @typedef {import('../../model/types.js').ProviderModel} ProviderModel */
/** @typedef {import('../../model/types.js').PayloadModel} PayloadModel */

/** The kinds of drift, in report order. */
export const DRIFT_KINDS = /** @type {const} */ (['added', 'missing', 'retyped', 'nullability', 'value', 'precision']);

/**
 * @typedef {typeof DRIFT_KINDS[number]} DriftKind
 * @typedef {object} Finding
 * @property {DriftKind} kind
 * @property {string} topic
 * @property {string} model
 * @property {string} path      JSON pointer with array indices as `*`
 * @property {string} expected  what the spec says
 * @property {string} received  what the capture has
 * @property {string} fix       the hint or sample change that would absorb it
 * @property {number} count     payloads with this finding
 * @property {string[]} files  those payloads' files (relative, sorted)
 * @property {string} example  one concrete pointer (with indices), from the first file
 */

/**
 * @typedef {object} DriftReport
 * @property {1} version
 * @property {string} provider
 * @property {number} payloads  payloads compared
 * @property {boolean} drift    true when a finding of a kind not allowed remains
 * @property {Finding[]} findings
 * @property {{ file: string, message: string }[]} errors  inputs that could not be compared
 */

/**
 * @typedef {object} DriftOptions
 * @property {string} root project root (with spec/)
 * @property {string} provider
 * @property {string[]} inputs files or directories (relative to `cwd`)
 * @property {string} [topic] the topic of every input (else: capture header, else directory layout)
 * @property {DriftKind[]} [allow] kinds that do not count as drift
 * @property {string} [cwd]
 * @property {string} [specDir]
 */

/**
 * Compares captured payloads with the spec.
 * @param {DriftOptions} opts
 * @returns {Promise<DriftReport>}
 */
export async function drift(opts) {
  const cwd = opts.cwd ?? process.cwd();
  const provider = await loadProviderModel(opts.root, opts.provider, opts.specDir);
  const captures = readCaptures(opts.inputs.map((i) => resolve(cwd, i)), cwd);
  /** @type {DriftReport['errors']} */
  const errors = [];
  /** @type {Map<string, Finding>} */
  const grouped = new Map();
  let payloads = 0;
  for (const c of captures) {
    const r = compareCapture(provider, c, opts.topic);
    if (!r.ok) {
      errors.push({ file: c.file, message: r.message });
      continue;
    }
    payloads++;
    const seen = new Set();
    for (const f of r.findings) {
      const key = `${f.kind}\u0000${f.topic}\u0000${f.model}\u0000${f.path}\u0000${f.expected}\u0000${f.received}`;
      if (seen.has(key)) continue; // one payload counts once per finding
      seen.add(key);
      const g = grouped.get(key);
      if (g) {
        g.count++;
        g.files.push(c.file);
      } else grouped.set(key, { kind: f.kind, topic: f.topic, model: f.model, path: f.path, example: f.example, expected: f.expected, received: f.received, fix: f.fix, count: 1, files: [c.file] });
    }
  }
  const findings = [...grouped.values()]
    .map((f) => ({ ...f, files: [...new Set(f.files)].sort(compareStrings) }))
    .sort((a, b) => DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind) || compareStrings(a.topic, b.topic) || compareStrings(a.path, b.path) || compareStrings(a.received, b.received));
  const allow = new Set(opts.allow ?? []);
  return { version: 1, provider: provider.id, payloads, drift: findings.some((f) => !allow.has(f.kind)) || errors.length > 0, findings, errors };
}

/**
 * The intermediate model of one provider (through the same cache as generate).
 * @param {string} root @param {string} id @param {string} [specDir]
 * @returns {Promise<ProviderModel>}
 */
export async function loadProviderModel(root, id, specDir = 'spec') {
  const { providers, problems } = loadSpec(root, specDir);
  const model = await buildModel(providers, problems, createCache({ enabled: true }));
  if (problems.length) throw new DriftUsageError(`the spec has ${problems.length} problem(s); run \`npm run generate\` to see them`);
  const p = model.providers.find((x) => x.id === id);
  if (!p) {
    const ids = model.providers.map((x) => x.id);
    const guess = closest(id, ids);
    throw new DriftUsageError(`unknown provider "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${ids.join(', ')}`);
  }
  return p;
}

/** A usage problem (bad provider, no inputs): the CLI prints the message alone. */
export class DriftUsageError extends Error {}

/**
 * @typedef {object} Capture
 * @property {string} file relative path
 * @property {string} body raw body text
 * @property {Record<string, string>} [headers]
 * @property {string} [dirTopic] topic from a `<topic with / as __>/` directory
 */

/**
 * Reads files and directories (recursively, sorted) into captures. A `.json` file holding
 * `{ "headers": {...}, "body": ... }` is a capture with headers; anything else is a raw body.
 * @param {string[]} paths absolute
 * @param {string} cwd
 * @returns {Capture[]}
 */
export function readCaptures(paths, cwd) {
  /** @type {Capture[]} */
  const out = [];
  /** @param {string} abs */
  const add = (abs) => {
    if (!existsSync(abs)) throw new DriftUsageError(`${relative(cwd, abs) || abs}: no such file or directory`);
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort(compareStrings)) if (!name.startsWith('.')) add(join(abs, name));
      return;
    }
    const text = readFileSync(abs, 'utf8');
    const file = relative(cwd, abs).split('\\').join('/');
    const dir = basename(dirname(abs));
    const dirTopic = dir.replace(/__/g, '/');
    /** @type {unknown} */
    let wrapper;
    try {
      wrapper = JSON.parse(text);
    } catch {
      wrapper = undefined;
    }
    if (wrapper && typeof wrapper === 'object' && !Array.isArray(wrapper) && 'body' in wrapper && 'headers' in wrapper) {
      const w = /** @type {{ body: unknown, headers: unknown }} */ (wrapper);
      // the body of a capture is the raw text when the inspector kept it as a string
      const rawBody = typeof w.body === 'string' ? w.body : rawMember(text, 'body') ?? JSON.stringify(w.body);
      out.push({ file, body: rawBody, headers: normalizeHeaders(w.headers), ...(dirTopic ? { dirTopic } : {}) });
    } else out.push({ file, body: text, ...(dirTopic ? { dirTopic } : {}) });
  };
  for (const p of paths) add(p);
  return out;
}

/**
 * The verbatim text of a top-level member of a JSON object (so a capture's body keeps every
 * digit even when the inspector stored it as an object).
 * @param {string} text @param {string} member
 * @returns {string | undefined}
 */
function rawMember(text, member) {
  const m = new RegExp(`"${member}"\\s*:\\s*`).exec(text);
  if (!m) return undefined;
  let i = m.index + m[0].length;
  const start = i;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return text.slice(start, i).trim();
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    } else if (c === ',' && depth === 0) return text.slice(start, i).trim();
  }
  return undefined;
}

/** @param {unknown} h @returns {Record<string, string>} */
function normalizeHeaders(h) {
  /** @type {Record<string, string>} */
  const out = {};
  if (Array.isArray(h)) {
    // [[name, value], ...] or [{ name, value }, ...]
    for (const e of h) {
      if (Array.isArray(e) && e.length >= 2) out[String(e[0]).toLowerCase()] = String(e[1]);
      else if (e && typeof e === 'object' && 'name' in e && 'value' in e) out[String(e.name).toLowerCase()] = String(e.value);
    }
  } else if (h && typeof h === 'object') {
    for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
  }
  return out;
}

/**
 * @param {ProviderModel} p @param {Capture} c @param {string} [topicOption]
 * @returns {{ ok: true, topic: string, value: unknown, findings: Omit<Finding, 'count' | 'files'>[] } | { ok: false, message: string }}
 */
export function compareCapture(p, c, topicOption) {
  const src = p.delivery.topic;
  const headerTopic = 'header' in src && c.headers ? c.headers[src.header.toLowerCase()] : undefined;
  // a directory counts only when it is named after a known topic
  const dirTopic = c.dirTopic !== undefined && p.topics.some((t) => t.topic === c.dirTopic) ? c.dirTopic : undefined;
  let topic = topicOption ?? headerTopic ?? dirTopic;
  /** @type {unknown} */
  let value;
  try {
    value = parseLossless(c.body);
    if (typeof value === 'string') value = parseLossless(value); // an escaped JSON string body
  } catch (e) {
    return { ok: false, message: `not JSON: ${/** @type {Error} */ (e).message.split('\n')[0]}` };
  }
  if (topic === undefined && 'field' in src) topic = String(pointerGet(value, src.field) ?? '');
  if (!topic) {
    const how = 'header' in src ? `a ${src.header} header in the capture, ` : 'field' in src ? `the body field ${src.field}, ` : '';
    return { ok: false, message: `no topic: give --topic, ${how}or put the file under a directory named after the topic with / as __ (e.g. orders__create/)` };
  }
  const t = p.topics.find((x) => x.topic === topic);
  if (!t) {
    const guess = closest(topic, p.topics.map((x) => x.topic));
    return { ok: false, message: `unknown ${p.title} topic "${topic}"${guess ? ` (did you mean "${guess}"?)` : ''}` };
  }
  // an envelope's payload is compared; the envelope itself has no model
  if (p.delivery.envelope) value = pointerGet(value, p.delivery.envelope.payload);
  if (t.undocumented) return { ok: true, topic, value, findings: [] };
  const models = t.payload.map((n) => /** @type {PayloadModel} */ (p.models.find((m) => m.name === n)));
  const model = pickModel(models, value);
  for (const path of model.int64Paths) int64ToString(value, path, 0);
  const findings = compareValue(model, value).map((f) => ({ ...f, topic, model: model.name }));
  return { ok: true, topic, value, findings };
}

/** @param {PayloadModel[]} models @param {unknown} value */
function pickModel(models, value) {
  if (models.length === 1) return models[0];
  const v = /** @type {Record<string, unknown>} */ (value ?? {});
  return models.find((m) => m.discriminator && v[m.discriminator.property] === m.discriminator.value) ?? models[0];
}

/** @param {unknown} v @param {string} pointer */
function pointerGet(v, pointer) {
  /** @type {any} */
  let cur = v;
  for (const seg of pointer.slice(1).split('/')) cur = cur == null ? undefined : cur[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur;
}

/**
 * Every difference between a value and a model's schema.
 * @param {PayloadModel} model
 * @param {unknown} value
 * @returns {Omit<Finding, 'count' | 'files' | 'topic' | 'model'>[]}
 */
export function compareValue(model, value) {
  /** @type {Omit<Finding, 'count' | 'files' | 'topic' | 'model'>[]} */
  const out = [];
  const defs = model.defs;
  const int64 = new Set(model.int64Paths.map((p) => '/' + p.join('/')));
  /** @param {Schema} node @returns {Schema} */
  const deref = (node) => (node.$ref && !node.type && !node.anyOf ? { ...defs[refName(node.$ref)] } : node);
  /** @param {Schema} n0 @param {unknown} v @param {string[]} path concrete segments @param {string[]} shape with `*` */
  const walk = (n0, v, path, shape) => {
    const node = deref(n0);
    const ptr = '/' + shape.join('/');
    const at = { path: ptr === '/' ? '' : ptr, example: '/' + path.join('/') };
    const allowed = allowedTypes(node, defs);
    if (v === null) {
      if (!allowed.has('null')) out.push({ kind: 'nullability', ...at, expected: describeNode(node), received: 'null', fix: hint(ptr, 'nullable: true') });
      return;
    }
    const jt = jsonType(v);
    if (typeof v === 'string' && /^-?[0-9]{16,}$/.test(v) && !int64.has(ptr) && (allowed.has('integer') || allowed.has('number'))) {
      out.push({ kind: 'precision', ...at, expected: describeNode(node), received: `integer above 2^53 (${v})`, fix: `${hint(ptr, 'int64: string')} (JSON.parse would round it)` });
      return;
    }
    if (!allowed.has(jt) && !(jt === 'integer' && allowed.has('number'))) {
      if (allowed.size === 1 && allowed.has('null')) out.push({ kind: 'nullability', ...at, expected: 'null (the spec only knew null)', received: jt, fix: hint(ptr, `type: [${jt === 'integer' ? 'integer' : jt}, "null"]`) });
      else out.push({ kind: 'retyped', ...at, expected: describeNode(node), received: jt, fix: hint(ptr, `type: [${[...allowed].filter((t) => t !== 'null').concat(jt, ...(allowed.has('null') ? ['"null"'] : [])).join(', ')}]`) + ' (or correct the sample)' });
      return;
    }
    // the member of a union that fits this value
    const member = node.anyOf ? node.anyOf.map(deref).find((m) => allowedTypes(m, defs).has(jt) || (jt === 'integer' && allowedTypes(m, defs).has('number'))) : undefined;
    const n = member ? deref(member) : node;
    if (n.enum && !n.enum.some((e) => e === v)) {
      out.push({ kind: 'value', ...at, expected: n.enum.map((e) => JSON.stringify(e)).join(' | '), received: JSON.stringify(v), fix: hint(ptr, `enum: [${[...n.enum.filter((e) => e !== null), v].map((e) => JSON.stringify(e)).join(', ')}]`) });
      return;
    }
    if (typeof v === 'string' && n.format && !formatOk(n.format, v)) {
      out.push({ kind: 'value', ...at, expected: `${n.format} string`, received: JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v), fix: `${hint(ptr, 'type: string')} (drops the format), or correct the sample` });
      return;
    }
    if (Array.isArray(v)) {
      const items = n.items;
      if (items) v.forEach((item, i) => walk(items, item, [...path, String(i)], [...shape, '*']));
      return;
    }
    if (jt === 'object') {
      const o = /** @type {Record<string, unknown>} */ (v);
      const props = n.properties ?? {};
      for (const [k, s] of Object.entries(props)) {
        const child = o[k];
        const cptr = `${ptr === '/' ? '' : ptr}/${esc(k)}`;
        if (child === undefined) {
          if (n.required?.includes(k)) out.push({ kind: 'missing', path: cptr, example: `${at.example === '/' ? '' : at.example}/${esc(k)}`, expected: describeNode(deref(s)), received: 'absent', fix: hint(cptr, 'optional: true') });
        } else walk(s, child, [...path, esc(k)], [...shape, esc(k)]);
      }
      const extra = n.additionalProperties;
      for (const k of Object.keys(o)) {
        if (Object.prototype.hasOwnProperty.call(props, k)) continue;
        const cptr = `${ptr === '/' ? '' : ptr}/${esc(k)}`;
        if (extra && typeof extra === 'object') walk(extra, o[k], [...path, esc(k)], [...shape, '*']);
        else if (extra !== true) out.push({ kind: 'added', path: cptr, example: `${at.example === '/' ? '' : at.example}/${esc(k)}`, expected: 'absent', received: summarize(o[k]), fix: `add a sample that has it (\`npm run drift -- --write-samples\`, or edit a sample): hints can only refine fields the samples show` });
      }
      return;
    }
    if (jt === 'string' && n.pattern && !new RegExp(n.pattern).test(/** @type {string} */ (v))) {
      out.push({ kind: 'value', ...at, expected: `string matching /${n.pattern}/`, received: JSON.stringify(v), fix: 'correct the sample, or relax the hint' });
    }
  };
  walk(model.schema, value, [], []);
  // rounded before it reached us: digits ending in 00 next to a string holding the exact id
  detectRounded(value, [], out);
  return out;
}

/**
 * @param {unknown} v @param {string[]} path
 * @param {Omit<Finding, 'count' | 'files' | 'topic' | 'model'>[]} out
 */
function detectRounded(v, path, out) {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) return v.forEach((x, i) => detectRounded(x, [...path, String(i)], out));
  const o = /** @type {Record<string, unknown>} */ (v);
  const strings = Object.values(o).filter((x) => typeof x === 'string').flatMap((x) => /** @type {string} */ (x).match(/[0-9]{16,}/g) ?? []);
  for (const [k, x] of Object.entries(o)) {
    const digits = typeof x === 'number' && Number.isInteger(x) && !Number.isSafeInteger(x) ? String(BigInt(x)) : typeof x === 'string' && /^[0-9]{16,}$/.test(x) ? x : undefined;
    if (digits && /00$/.test(digits)) {
      const exact = strings.find((s) => s !== digits && s.length === digits.length && s.slice(0, 12) === digits.slice(0, 12));
      if (exact) {
        const shape = path.map((s) => (/^[0-9]+$/.test(s) ? '*' : s));
        out.push({
          kind: 'precision',
          path: `/${[...shape, esc(k)].join('/')}`,
          example: `/${[...path, esc(k)].join('/')}`,
          expected: `the exact id (a sibling field has ${exact})`,
          received: `${digits} (rounded before capture)`,
          fix: 'capture the raw request body, not a re-serialized JSON.parse result; keep `int64: string` on the field',
        });
      }
    }
    detectRounded(x, [...path, esc(k)], out);
  }
}

/** @param {string} k */
function esc(k) {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** @param {string} ptr @param {string} body */
function hint(ptr, body) {
  return `hint \`${ptr || '/'}: { ${body} }\``;
}

/** @param {unknown} v */
function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** @param {unknown} v */
function summarize(v) {
  const t = jsonType(v);
  if (t === 'string') return `string ${JSON.stringify(/** @type {string} */ (v).length > 30 ? /** @type {string} */ (v).slice(0, 27) + '...' : v)}`;
  if (t === 'integer' || t === 'number' || t === 'boolean') return `${t} ${String(v)}`;
  return t;
}

/**
 * The JSON types a node allows (through refs and unions).
 * @param {Schema} node @param {Record<string, Schema>} defs
 * @returns {Set<string>}
 */
function allowedTypes(node, defs) {
  /** @type {Set<string>} */
  const out = new Set();
  if (node.$ref) out.add('object');
  for (const t of typeList(node)) out.add(t);
  if (node.enum && typeList(node).length === 0) for (const e of node.enum) out.add(jsonType(e));
  for (const m of node.anyOf ?? []) for (const t of allowedTypes(m, defs)) out.add(t);
  if (out.has('number')) out.add('integer');
  return out;
}

/** @param {Schema} node */
function describeNode(node) {
  if (node.enum) return node.enum.map((e) => JSON.stringify(e)).join(' | ');
  /** @type {string[]} */
  const parts = [];
  if (node.title) parts.push(node.title);
  if (node.$ref) parts.push(refName(node.$ref));
  for (const t of typeList(node)) {
    if (t === 'object' && node.title) continue;
    parts.push(t === 'string' && node.pattern === '^-?[0-9]+$' ? 'digit string (64-bit integer)' : t === 'string' && node.format ? `${node.format} string` : t);
  }
  for (const m of node.anyOf ?? []) parts.push(describeNode(m));
  return [...new Set(parts)].join(' | ');
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}(:?\d{2})?)$/;
/** A shape check of the formats (the generated validators do the full RFC 3339 check). */
function formatOk(/** @type {string} */ format, /** @type {string} */ v) {
  if (format === 'date-time') return DATE_TIME.test(v);
  if (format === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (format === 'time') return /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}(:?\d{2})?)$/.test(v);
  return true;
}

// ---- --write-samples ----

/** Field names that usually hold personal data: a capture with them is not written without --yes. */
const PERSONAL = /(^|_)(e?mail|phone|first_name|last_name|full_name|address[12]?|street|zip|zip_code|postal_code|ip|browser_ip|birthday|card_number|iban|ssn)$/i;

/**
 * Field paths of a value whose names suggest personal data (with a non-empty value).
 * @param {unknown} v @param {string} [path]
 * @returns {string[]}
 */
export function personalDataPaths(v, path = '') {
  if (!v || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => personalDataPaths(x, `${path}/${i}`));
  return Object.entries(v).flatMap(([k, x]) => [
    ...(PERSONAL.test(k) && x !== null && x !== '' && typeof x !== 'object' ? [`${path}/${k}`] : []),
    ...personalDataPaths(x, `${path}/${k}`),
  ]);
}

/**
 * Adds each capture as an extra sample of its model: the body text verbatim in
 * spec/<p>/samples/, listed under `samples:` of the model file (comments and order kept).
 * @param {{ root: string, provider: ProviderModel, captures: Capture[], topic?: string, yes?: boolean }} o
 * @returns {{ written: string[], refused: { file: string, fields: string[] }[], skipped: { file: string, reason: string }[] }}
 */
export function writeSamples(o) {
  /** @type {string[]} */
  const written = [];
  /** @type {{ file: string, fields: string[] }[]} */
  const refused = [];
  /** @type {{ file: string, reason: string }[]} */
  const skipped = [];
  const p = o.provider;
  for (const c of o.captures) {
    const r = compareCapture(p, c, o.topic);
    if (!r.ok) {
      skipped.push({ file: c.file, reason: r.message });
      continue;
    }
    const t = p.topics.find((x) => x.topic === r.topic);
    if (!t || t.undocumented) {
      skipped.push({ file: c.file, reason: `topic ${r.topic} has no payload model to add a sample to` });
      continue;
    }
    const model = pickModel(t.payload.map((n) => /** @type {PayloadModel} */ (p.models.find((m) => m.name === n))), r.value);
    const personal = personalDataPaths(r.value);
    if (personal.length && !o.yes) {
      refused.push({ file: c.file, fields: personal });
      continue;
    }
    let text = c.body;
    const outer = JSON.parse(text);
    if (typeof outer === 'string') text = outer; // keep the inner JSON of an escaped-string body
    if (!text.endsWith('\n')) text += '\n';
    const kebab = model.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const rel = `samples/${kebab}-capture-${createHash('sha256').update(text).digest('hex').slice(0, 8)}.json`;
    const specDir = join(o.root, p.specDir);
    writeFileSync(join(specDir, rel), text);
    const modelFile = join(o.root, model.specFile);
    const doc = parseDocument(readFileSync(modelFile, 'utf8'));
    const samples = /** @type {import('yaml').YAMLSeq} */ (doc.get('samples', true));
    if (!samples.items.some((i) => String(/** @type {any} */ (i).value ?? i) === rel)) samples.add(doc.createNode(rel));
    writeFileSync(modelFile, doc.toString());
    written.push(`${p.specDir}/${rel}`);
  }
  return { written, refused, skipped };
}
