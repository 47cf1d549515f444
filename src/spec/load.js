// @ts-check
/**
 * Stage 1: read `spec/<provider>/` folders and validate them. Nothing here knows any
 * provider: every fact comes from the files. All problems are collected, none thrown.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, basename } from 'node:path';
import { parseYamlSource, parseJsonSource } from './yaml.js';
import { closest, describeValue } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { stableJson } from '../print/print.js';
import { loadApi } from './api.js';

/** @typedef {import('../util/diagnostics.js').Problem} Problem */
/** @typedef {import('./yaml.js').YamlSource} YamlSource */
/** @typedef {import('../model/types.js').ProviderSpec} ProviderSpec */
/** @typedef {import('../model/types.js').ModelSpec} ModelSpec */
/** @typedef {import('../model/types.js').TopicSpec} TopicSpec */
/** @typedef {import('../model/types.js').HintSpec} HintSpec */
/** @typedef {import('../model/types.js').DeliverySpec} DeliverySpec */
/** @typedef {import('../model/types.js').Schema} Schema */

const SCHEMA_HINT_KEYS = ['type', 'format', 'items', 'properties', 'required', 'additionalProperties', 'anyOf'];
const HINT_KEYS = [...SCHEMA_HINT_KEYS, 'nullable', 'enum', 'int64', 'optional', 'description', 'name'];
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const SCHEMA_KEYS = [...SCHEMA_HINT_KEYS, 'enum', 'description', 'pattern', 'minimum', 'maximum'];

/**
 * Loads every provider under `<root>/<specDir>`.
 * @param {string} root project root (absolute)
 * @param {string} [specDir] relative spec folder
 * @returns {{ providers: ProviderSpec[], problems: Problem[] }}
 */
export function loadSpec(root, specDir = 'spec') {
  /** @type {Problem[]} */
  const problems = [];
  const abs = join(root, specDir);
  if (!existsSync(abs)) {
    problems.push({
      at: { file: specDir },
      message: 'the spec folder does not exist',
      expected: `a folder ${specDir}/ with one sub-folder per provider`,
      found: 'nothing',
      fix: `create ${specDir}/<provider>/provider.yaml (see spec/README.md)`,
    });
    return { providers: [], problems };
  }
  const dirs = readdirSync(abs)
    .filter((d) => statSync(join(abs, d)).isDirectory())
    .sort(compareStrings);
  /** @type {ProviderSpec[]} */
  const providers = [];
  for (const d of dirs) {
    const p = loadProvider(root, `${specDir}/${d}`, problems);
    if (p) providers.push(p);
  }
  if (dirs.length === 0) {
    problems.push({
      at: { file: specDir },
      message: 'no provider folders found',
      expected: `${specDir}/<provider>/provider.yaml`,
      found: 'an empty folder',
      fix: 'add a provider folder (see spec/README.md)',
    });
  }
  const seen = new Map();
  for (const p of providers) {
    if (seen.has(p.id)) {
      problems.push({
        at: { file: p.file },
        message: `provider id "${p.id}" is also used by ${seen.get(p.id)}`,
        expected: 'a unique provider id',
        found: JSON.stringify(p.id),
        fix: 'rename one of the providers',
      });
    }
    seen.set(p.id, p.file);
  }
  return { providers, problems };
}

/**
 * A typed reader over one YAML file: each `expect*` records a located problem and returns undefined.
 * @param {YamlSource} src
 * @param {Problem[]} problems
 */
export function reader(src, problems) {
  /** @param {(string|number)[]} path */
  const get = (path) => {
    /** @type {any} */
    let v = src.data;
    for (const seg of path) v = v == null ? undefined : v[seg];
    return v;
  };
  const where = (/** @type {(string|number)[]} */ path) => (path.length ? path.join('.') : 'the file');
  return {
    get,
    /**
     * @param {(string|number)[]} path
     * @param {'string'|'boolean'|'map'|'list'} kind
     * @param {{ required?: boolean, fix?: string }} [opts]
     */
    expect(path, kind, opts = {}) {
      const v = get(path);
      if (v === undefined) {
        if (opts.required) {
          problems.push({
            at: src.loc(path.slice(0, -1)),
            message: `missing \`${path[path.length - 1]}\` in ${where(path.slice(0, -1))}`,
            expected: `\`${path[path.length - 1]}\`: ${article(kind)}`,
            found: 'no such key',
            fix: opts.fix ?? `add \`${path[path.length - 1]}:\` (see spec/README.md)`,
          });
        }
        return undefined;
      }
      const ok =
        kind === 'string' ? typeof v === 'string' && v.length > 0
        : kind === 'boolean' ? typeof v === 'boolean'
        : kind === 'list' ? Array.isArray(v)
        : v !== null && typeof v === 'object' && !Array.isArray(v);
      if (!ok) {
        problems.push({
          at: src.loc(path),
          message: `\`${path.join('.')}\` has the wrong type`,
          expected: article(kind),
          found: describeValue(v),
          fix: opts.fix ?? `write \`${path[path.length - 1]}\` as ${article(kind)} (see spec/README.md)`,
        });
        return undefined;
      }
      return v;
    },
    /**
     * Reports keys that are not allowed, with a did-you-mean.
     * @param {(string|number)[]} path
     * @param {string[]} allowed
     */
    onlyKeys(path, allowed) {
      const v = get(path);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
      for (const k of Object.keys(v)) {
        if (allowed.includes(k)) continue;
        const guess = closest(k, allowed);
        problems.push({
          at: src.loc([...path, k], { key: true }),
          message: `unknown key \`${k}\` in ${where(path)}`,
          expected: `one of: ${allowed.join(', ')}`,
          found: `\`${k}\``,
          fix: guess ? `did you mean \`${guess}\`?` : 'remove it (see spec/README.md for the format)',
        });
      }
    },
  };
}

function article(/** @type {string} */ kind) {
  return kind === 'map' ? 'a map' : kind === 'list' ? 'a list' : kind === 'boolean' ? 'true or false' : 'a non-empty string';
}

/**
 * @param {string} root
 * @param {string} dir relative provider folder
 * @param {Problem[]} problems
 * @returns {ProviderSpec | undefined}
 */
function loadProvider(root, dir, problems) {
  const file = `${dir}/provider.yaml`;
  const src = readYaml(root, file, problems);
  if (!src) return undefined;
  const r = reader(src, problems);
  r.expect([], 'map', { required: true });
  r.onlyKeys([], ['provider', 'title', 'typePrefix', 'description', 'docs', 'delivery']);
  const id = r.expect(['provider'], 'string', { required: true });
  if (id && !/^[a-z][a-z0-9-]*$/.test(id)) {
    problems.push({
      at: src.loc(['provider']),
      message: 'invalid provider id',
      expected: 'lower-case letters, digits and "-", starting with a letter',
      found: JSON.stringify(id),
      fix: `use e.g. "${id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '')}"`,
    });
  }
  if (id && id !== basename(dir)) {
    problems.push({
      at: src.loc(['provider']),
      message: `provider id "${id}" differs from its folder name "${basename(dir)}"`,
      expected: JSON.stringify(basename(dir)),
      found: JSON.stringify(id),
      fix: 'rename the folder or the id so that they match',
    });
  }
  const title = r.expect(['title'], 'string', { required: true });
  const typePrefix = r.expect(['typePrefix'], 'string', { required: true });
  if (typePrefix && !/^[A-Z][A-Za-z0-9]*$/.test(typePrefix)) {
    problems.push({
      at: src.loc(['typePrefix']),
      message: 'invalid typePrefix',
      expected: 'a PascalCase identifier (e.g. "Acme")',
      found: JSON.stringify(typePrefix),
      fix: 'use letters and digits only, starting with an upper-case letter',
    });
  }
  const description = r.expect(['description'], 'string');
  const docsList = r.expect(['docs'], 'list') ?? [];
  /** @type {string[]} */
  const docs = [];
  docsList.forEach((/** @type {unknown} */ d, /** @type {number} */ i) => {
    if (r.expect(['docs', i], 'string')) docs.push(/** @type {string} */ (d));
  });
  const delivery = loadDelivery(src, r, problems);
  const { models, broken } = loadModels(root, dir, problems);
  const topics = loadTopics(root, dir, models, broken, problems);
  const api = loadApi(root, dir, { models, topics, typePrefix }, problems);
  if (!id || !title || !typePrefix || !delivery) return undefined;
  return { id, dir, file, title, typePrefix, description, docs, delivery, topics, models, ...(api ? { api } : {}) };
}

/**
 * @param {YamlSource} src
 * @param {ReturnType<typeof reader>} r
 * @param {Problem[]} problems
 * @returns {DeliverySpec | undefined}
 */
function loadDelivery(src, r, problems) {
  const d = r.expect(['delivery'], 'map', { required: true });
  if (!d) return undefined;
  r.onlyKeys(['delivery'], ['method', 'body', 'topic', 'headers', 'signature', 'envelope']);
  const method = r.expect(['delivery', 'method'], 'string', { required: true });
  const body = r.expect(['delivery', 'body'], 'string', { required: true });
  let ok = Boolean(method && body);
  if (body && !['json', 'json-string'].includes(body)) {
    problems.push({
      at: src.loc(['delivery', 'body']),
      message: 'unknown body encoding',
      expected: '"json" or "json-string"',
      found: JSON.stringify(body),
      fix: 'use "json" for a plain JSON body, "json-string" for a JSON string that holds the JSON payload',
    });
    ok = false;
  }
  const topic = r.expect(['delivery', 'topic'], 'map', { required: true });
  if (topic) {
    r.onlyKeys(['delivery', 'topic'], ['header', 'route', 'field']);
    const n = ['header', 'route', 'field'].filter((k) => topic[k] !== undefined).length;
    if (n !== 1) {
      problems.push({
        at: src.loc(['delivery', 'topic']),
        message: 'the topic source must be exactly one of header, route or field',
        expected: '`header: <Header-Name>`, `route: true` or `field: /json/pointer`',
        found: n === 0 ? 'none' : `${n} of them`,
        fix: 'keep the one the docs describe',
      });
      ok = false;
    }
    if (topic.header !== undefined) r.expect(['delivery', 'topic', 'header'], 'string');
    if (topic.route !== undefined && topic.route !== true) {
      r.expect(['delivery', 'topic', 'route'], 'boolean');
    }
    if (topic.field !== undefined && r.expect(['delivery', 'topic', 'field'], 'string') && !String(topic.field).startsWith('/')) {
      problems.push({
        at: src.loc(['delivery', 'topic', 'field']),
        message: 'the topic field must be a JSON pointer',
        expected: 'a pointer starting with "/", e.g. /type',
        found: JSON.stringify(topic.field),
        fix: `write "/${topic.field}"`,
      });
      ok = false;
    }
  } else ok = false;
  const sig = r.get(['delivery', 'signature']);
  const headersRaw = r.expect(['delivery', 'headers'], 'list') ?? [];
  /** @type {import('../model/types.js').HeaderSpec[]} */
  const headers = [];
  /** @type {Map<string, number>} result field → index of the header that claimed it */
  const fields = new Map();
  headersRaw.forEach((/** @type {any} */ h, /** @type {number} */ i) => {
    if (!r.expect(['delivery', 'headers', i], 'map')) return;
    r.onlyKeys(['delivery', 'headers', i], ['name', 'description', 'example', 'field', 'required']);
    const name = r.expect(['delivery', 'headers', i, 'name'], 'string', { required: true });
    const description = r.expect(['delivery', 'headers', i, 'description'], 'string');
    const example = h.example === undefined ? undefined : String(h.example);
    const field = r.expect(['delivery', 'headers', i, 'field'], 'string');
    const required = r.expect(['delivery', 'headers', i, 'required'], 'boolean');
    let fieldOk = field !== undefined;
    if (field !== undefined && !/^[a-z][A-Za-z0-9]*$/.test(field)) {
      problems.push({
        at: src.loc(['delivery', 'headers', i, 'field']),
        message: 'invalid header field name',
        expected: 'a camelCase identifier (e.g. shopDomain): the property of the receive result that holds the header value',
        found: JSON.stringify(field),
        fix: `use e.g. "${camelCase(field)}"`,
      });
      fieldOk = false;
    } else if (field !== undefined && RESERVED_RESULT_FIELDS.includes(field)) {
      problems.push({
        at: src.loc(['delivery', 'headers', i, 'field']),
        message: `header field \`${field}\` clashes with a property every receive result has`,
        expected: `a name other than ${RESERVED_RESULT_FIELDS.join(', ')}`,
        found: JSON.stringify(field),
        fix: `rename it, e.g. "${name ? camelCase(name.replace(/^x-/i, '')) : `${field}Header`}"`,
      });
      fieldOk = false;
    } else if (field !== undefined && fields.has(field)) {
      problems.push({
        at: src.loc(['delivery', 'headers', i, 'field']),
        message: `header field \`${field}\` is also the field of delivery.headers.${fields.get(field)}`,
        expected: 'one header per result field',
        found: JSON.stringify(field),
        fix: 'give each header its own field name',
      });
      fieldOk = false;
    }
    if (field !== undefined && fieldOk) fields.set(field, i);
    if (!name) return;
    const role = required === false ? protocolRole(name, topic, sig) : undefined;
    if (role) {
      problems.push({
        at: src.loc(['delivery', 'headers', i, 'required']),
        message: `header ${name} cannot be optional: it carries the ${role}`,
        expected: '`required: true`, or no `required` key',
        found: 'required: false',
        fix: 'remove `required: false`',
      });
    }
    headers.push({
      name,
      ...(description ? { description } : {}),
      ...(example ? { example } : {}),
      ...(field !== undefined && fieldOk ? { field } : {}),
      ...(required !== undefined ? { required } : {}),
    });
  });
  /** @type {DeliverySpec['signature']} */
  let signature = 'none';
  if (sig === undefined) {
    problems.push({
      at: src.loc(['delivery']),
      message: 'missing `signature` in delivery',
      expected: 'the signature scheme, or `signature: none` when the docs describe none',
      found: 'no such key',
      fix: 'add `signature: none` or the scheme (see spec/README.md)',
    });
    ok = false;
  } else if (sig !== 'none') {
    const loaded = loadSignature(src, r, problems);
    if (loaded) signature = loaded;
    else ok = false;
  }
  const envelope = loadEnvelope(src, r, problems);
  if (envelope === null) ok = false;
  if (!ok || !topic || !method) return undefined;
  const topicSource = topic.header ? { header: String(topic.header) } : topic.field ? { field: String(topic.field) } : { route: /** @type {true} */ (true) };
  return { method, body: /** @type {'json'|'json-string'} */ (body), topic: topicSource, headers, signature, ...(envelope ? { envelope } : {}) };
}

const PART_NAME = /^[a-z][a-z0-9_]*$/;
const JSON_POINTER = /^(\/[^/]*)+$/;

/**
 * `delivery.signature` as a map (not `none`): the header, the HMAC, what is signed (the raw
 * body or a template over it), how the header is laid out, where the template's parts come
 * from, the timestamp tolerance and the secret's encoding.
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @returns {import('../model/types.js').SignatureSpec | undefined}
 */
function loadSignature(src, r, problems) {
  const at = ['delivery', 'signature'];
  if (!r.expect(at, 'map')) return undefined;
  r.onlyKeys(at, ['header', 'algorithm', 'encoding', 'signed', 'prefix', 'format', 'parts', 'tolerance', 'secret']);
  const before = problems.length;
  const header = r.expect([...at, 'header'], 'string', { required: true });
  const algorithm = oneOf(src, r, problems, [...at, 'algorithm'], ['hmac-sha256', 'hmac-sha1', 'hmac-sha512']);
  const encoding = oneOf(src, r, problems, [...at, 'encoding'], ['base64', 'hex']);
  const prefix = r.expect([...at, 'prefix'], 'string');
  const format = loadSignatureFormat(src, r, problems);
  const parts = loadSignatureParts(src, r, problems, header, format);
  const signed = loadSignedTemplate(src, r, problems, parts);
  const raw = r.get(at);
  /** @type {number | undefined} */
  let tolerance;
  if (raw.tolerance !== undefined) {
    const t = raw.tolerance;
    if (typeof t !== 'number' || !Number.isInteger(t) || t <= 0) {
      problems.push({
        at: src.loc([...at, 'tolerance']),
        message: 'invalid signature tolerance',
        expected: 'a whole number of seconds above 0, e.g. 300',
        found: describeValue(t),
        fix: 'write the number of seconds a delivery\'s timestamp may differ from the clock, e.g. `tolerance: 300`',
      });
    } else if (signed !== undefined && !templateNames(signed).includes('timestamp')) {
      problems.push({
        at: src.loc([...at, 'tolerance']),
        message: 'a tolerance needs a `{timestamp}` in `signed`',
        expected: 'a signed template with {timestamp}, its value from `parts.timestamp`',
        found: `signed: ${JSON.stringify(signed)}`,
        fix: 'remove `tolerance`, or sign e.g. "{timestamp}.{body}" and add `parts: { timestamp: { header: <Header-Name> } }`',
      });
    } else tolerance = t;
  }
  const secret = loadSecretEncoding(src, r, problems);
  if (problems.length !== before || !header || !algorithm || !encoding || !signed) return undefined;
  return /** @type {import('../model/types.js').SignatureSpec} */ ({
    header,
    algorithm,
    encoding,
    signed,
    ...(prefix ? { prefix } : {}),
    ...(format ? { format } : {}),
    ...(parts && Object.keys(parts).length ? { parts } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(secret && (secret.encoding !== 'utf8' || secret.prefix) ? { secret } : {}),
  });
}

/** The placeholder names of a signed template (`{timestamp}.{body}` → timestamp, body). */
function templateNames(/** @type {string} */ signed) {
  return signed === 'raw-body' ? ['body'] : [...signed.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

/**
 * `signature.signed`: `raw-body`, or a template with `{body}` once and other placeholders
 * that name `parts`.
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @param {Record<string, import('../model/types.js').SignaturePartSpec> | undefined} parts
 * @returns {string | undefined}
 */
function loadSignedTemplate(src, r, problems, parts) {
  const path = ['delivery', 'signature', 'signed'];
  const signed = r.expect(path, 'string', { required: true, fix: 'add `signed: raw-body`, or a template such as "{timestamp}.{body}" (see spec/README.md)' });
  if (signed === undefined) return undefined;
  const declared = Object.keys(parts ?? {});
  const partsGiven = r.get(['delivery', 'signature', 'parts']) !== undefined;
  if (signed === 'raw-body') {
    if (declared.length) {
      problems.push({
        at: src.loc(['delivery', 'signature', 'parts']),
        message: 'signature parts are given, but `signed: raw-body` uses none',
        expected: 'a signed template that places them, e.g. "{timestamp}.{body}"',
        found: `parts ${declared.join(', ')}`,
        fix: `write \`signed:\` as a template with ${declared.map((n) => `{${n}}`).join(', ')} and {body}, or remove \`parts\``,
      });
    }
    return signed;
  }
  const before = problems.length;
  const stray = signed.replace(/\{[^{}]*\}/g, '').match(/[{}]/);
  if (stray) {
    problems.push({
      at: src.loc(path),
      message: 'unbalanced brace in the signed template',
      expected: 'placeholders written as {name}, e.g. "{timestamp}.{body}"',
      found: JSON.stringify(signed),
      fix: 'close each { with }; a template cannot hold a literal brace',
    });
  }
  const names = templateNames(signed);
  for (const name of names) {
    if (!PART_NAME.test(name)) {
      problems.push({
        at: src.loc(path),
        message: `invalid placeholder {${name}} in the signed template`,
        expected: 'lower-case names: letters, digits and _, e.g. {timestamp}, {id}, {body}',
        found: JSON.stringify(`{${name}}`),
        fix: `write e.g. {${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '') || 'timestamp'}}`,
      });
    } else if (name !== 'body' && !declared.includes(name) && !(partsGiven && parts === undefined)) {
      const guess = closest(name, declared);
      problems.push({
        at: src.loc(path),
        message: `the signed template uses {${name}}, which \`parts\` does not declare`,
        expected: declared.length ? `one of: body, ${declared.join(', ')}` : '{body}, or a placeholder declared under `parts`',
        found: JSON.stringify(`{${name}}`),
        fix: guess ? `did you mean {${guess}}?` : `add under signature:\nparts:\n  ${name}: { header: <Header-Name> }   # or { part: <name> } for an item of the signature header`,
      });
    }
  }
  const bodies = names.filter((n) => n === 'body').length;
  if (bodies !== 1) {
    problems.push({
      at: src.loc(path),
      message: bodies === 0 ? 'the signed template has no {body}' : 'the signed template has {body} more than once',
      expected: 'exactly one {body}: where the raw body bytes go',
      found: JSON.stringify(signed),
      fix: bodies === 0 ? 'add {body}, e.g. "{timestamp}.{body}"; or write `signed: raw-body` when only the body is signed' : 'keep one {body}',
    });
  }
  for (const name of declared) {
    if (names.includes(name)) continue;
    problems.push({
      at: src.loc(['delivery', 'signature', 'parts', name], { key: true }),
      message: `signature part \`${name}\` is not used by the signed template`,
      expected: `{${name}} in signed: ${JSON.stringify(signed)}`,
      found: 'no such placeholder',
      fix: `place {${name}} in \`signed\`, or remove the part`,
    });
  }
  return problems.length === before ? signed : undefined;
}

/**
 * `signature.parts`: placeholder name → `{ header: <Header-Name> }` or `{ part: <item name> }`.
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @param {string | undefined} sigHeader @param {import('../model/types.js').SignatureFormatSpec | undefined | null} format
 * @returns {Record<string, import('../model/types.js').SignaturePartSpec> | undefined} undefined when absent or broken
 */
function loadSignatureParts(src, r, problems, sigHeader, format) {
  const at = ['delivery', 'signature', 'parts'];
  const raw = r.get(at);
  if (raw === undefined) return undefined;
  if (!r.expect(at, 'map')) return undefined;
  const before = problems.length;
  /** @type {Record<string, import('../model/types.js').SignaturePartSpec>} */
  const parts = {};
  for (const name of Object.keys(raw).sort(compareStrings)) {
    const path = [...at, name];
    if (!PART_NAME.test(name) || name === 'body') {
      problems.push({
        at: src.loc(path, { key: true }),
        message: name === 'body' ? '`body` is not a part: {body} is always the raw body bytes' : `invalid signature part name \`${name}\``,
        expected: 'a lower-case name (letters, digits, _) other than body, e.g. timestamp or id',
        found: JSON.stringify(name),
        fix: name === 'body' ? 'remove it' : `rename it, e.g. \`${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '') || 'timestamp'}\`, and its placeholder in \`signed\``,
      });
      continue;
    }
    if (!r.expect(path, 'map', { fix: `write e.g. \`${name}: { header: <Header-Name> }\`` })) continue;
    r.onlyKeys(path, ['header', 'part']);
    const v = raw[name];
    const n = ['header', 'part'].filter((k) => v[k] !== undefined).length;
    if (n !== 1) {
      problems.push({
        at: src.loc(path, { key: true }),
        message: `signature part \`${name}\` must come from exactly one of header or part`,
        expected: '`header: <Header-Name>` (a request header) or `part: <name>` (an item of the signature header)',
        found: n === 0 ? 'neither' : 'both',
        fix: 'keep the one the docs describe',
      });
      continue;
    }
    if (v.header !== undefined) {
      const h = r.expect([...path, 'header'], 'string');
      if (h === undefined) continue;
      if (sameHeader(h, sigHeader)) {
        problems.push({
          at: src.loc([...path, 'header']),
          message: `signature part \`${name}\` names the signature header itself`,
          expected: 'another request header, or `part: <name>` for an item of the signature header',
          found: JSON.stringify(h),
          fix: `write \`${name}: { part: <item name> }\` and describe the header's items under \`format\``,
        });
        continue;
      }
      parts[name] = { header: h };
    } else {
      const item = r.expect([...path, 'part'], 'string');
      if (item === undefined || format === null) continue; // a broken format is reported already
      if (format === undefined || !format.pairs) {
        problems.push({
          at: src.loc([...path, 'part']),
          message: `signature part \`${name}\` comes from an item of the signature header, but \`format\` does not name its items`,
          expected: '`format: { separator: <between items>, pairs: <between name and value>, signature: <name of the signature items> }`',
          found: format ? 'a format without `pairs`' : 'no `format`',
          fix: "add e.g. `format: { separator: ',', pairs: '=', signature: v1 }` for a header like t=1700000000,v1=5257a869...",
        });
        continue;
      }
      if (item === format.signature) {
        problems.push({
          at: src.loc([...path, 'part']),
          message: `signature part \`${name}\` is the item that holds the signature`,
          expected: `an item other than \`${format.signature}\``,
          found: JSON.stringify(item),
          fix: 'name the item that holds the value (e.g. t for a timestamp)',
        });
        continue;
      }
      parts[name] = { part: item };
    }
  }
  return problems.length === before ? parts : undefined;
}

/**
 * `signature.format`: the items of a signature header that holds more than one digest.
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @returns {import('../model/types.js').SignatureFormatSpec | undefined | null} undefined when absent, null when broken
 */
function loadSignatureFormat(src, r, problems) {
  const at = ['delivery', 'signature', 'format'];
  const raw = r.get(at);
  if (raw === undefined) return undefined;
  if (!r.expect(at, 'map', { fix: "write e.g. `format: { separator: ',', pairs: '=', signature: v1 }`" })) return null;
  r.onlyKeys(at, ['separator', 'pairs', 'signature']);
  const before = problems.length;
  const separator = r.expect([...at, 'separator'], 'string', { required: true, fix: "add `separator:` (quote it: ',' or ';' or ' ')" });
  const pairs = r.expect([...at, 'pairs'], 'string', { fix: "quote it: pairs: '='" });
  const signature = r.expect([...at, 'signature'], 'string');
  if (pairs !== undefined && signature === undefined && raw.signature === undefined) {
    problems.push({
      at: src.loc(at),
      message: '`format.pairs` needs `format.signature`',
      expected: 'the name of the items that hold a signature, e.g. `signature: v1`',
      found: 'no `signature` key',
      fix: 'add `signature: <name>` (v1 for t=..,v1=..)',
    });
  }
  if (signature !== undefined && pairs === undefined && raw.pairs === undefined) {
    problems.push({
      at: src.loc([...at, 'signature']),
      message: '`format.signature` names an item, but `format.pairs` does not say how items are named',
      expected: "`pairs:` the text between an item's name and its value, e.g. '='",
      found: 'no `pairs` key',
      fix: "add `pairs: '='`, or remove `signature` when every item is a signature",
    });
  }
  if (separator !== undefined && pairs !== undefined && (separator.includes(pairs) || pairs.includes(separator))) {
    problems.push({
      at: src.loc([...at, 'pairs']),
      message: '`format.pairs` and `format.separator` overlap',
      expected: 'two different texts, e.g. separator "," and pairs "="',
      found: `separator ${JSON.stringify(separator)}, pairs ${JSON.stringify(pairs)}`,
      fix: 'check the header value the docs show',
    });
  }
  if (problems.length !== before || separator === undefined) return null;
  return { separator, ...(pairs !== undefined ? { pairs } : {}), ...(signature !== undefined ? { signature } : {}) };
}

/**
 * `signature.secret`: how a secret string becomes the HMAC key.
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @returns {{ encoding: 'utf8' | 'base64', prefix?: string } | undefined}
 */
function loadSecretEncoding(src, r, problems) {
  const at = ['delivery', 'signature', 'secret'];
  const raw = r.get(at);
  if (raw === undefined) return undefined;
  if (!r.expect(at, 'map', { fix: 'write e.g. `secret: { encoding: base64, prefix: whsec_ }`' })) return undefined;
  r.onlyKeys(at, ['encoding', 'prefix']);
  const encoding = raw.encoding === undefined ? 'utf8' : oneOf(src, r, problems, [...at, 'encoding'], ['utf8', 'base64']);
  const prefix = r.expect([...at, 'prefix'], 'string');
  if (!encoding) return undefined;
  return { encoding: /** @type {'utf8' | 'base64'} */ (encoding), ...(prefix ? { prefix } : {}) };
}

/**
 * `delivery.envelope`: the body wraps the payload; `payload` is its JSON pointer.
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @returns {import('../model/types.js').EnvelopeSpec | undefined | null} undefined when absent, null when broken
 */
function loadEnvelope(src, r, problems) {
  const at = ['delivery', 'envelope'];
  if (r.get(at) === undefined) return undefined;
  if (!r.expect(at, 'map', { fix: 'write e.g. `envelope: { payload: /data }`' })) return null;
  r.onlyKeys(at, ['payload']);
  const pointer = r.expect([...at, 'payload'], 'string', { required: true, fix: 'add `payload: /data`: the JSON pointer of the payload in the body' });
  if (pointer === undefined) return null;
  const segments = pointer.split('/').slice(1);
  if (!JSON_POINTER.test(pointer) || segments.some((/** @type {string} */ s) => s === '' || s === '*')) {
    problems.push({
      at: src.loc([...at, 'payload']),
      message: 'the envelope payload must be a JSON pointer to a member of the body',
      expected: 'a pointer such as /data or /data/object (no empty segment, no *)',
      found: JSON.stringify(pointer),
      fix: pointer.startsWith('/') ? 'remove the empty or * segment' : `write "/${pointer.replace(/^\/*/, '').replace(/\./g, '/')}"`,
    });
    return null;
  }
  return { payload: pointer };
}

/** Properties every generated receive result has; a header `field` may not reuse them. */
const RESERVED_RESULT_FIELDS = ['ok', 'topic', 'payload', 'envelope', 'reason', 'status', 'message', 'issues'];

/** HTTP header names compare case-insensitively. */
function sameHeader(/** @type {string} */ a, /** @type {unknown} */ b) {
  return typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * What a header carries that a receiver always needs: the topic, the signature, or a part of
 * the signed content (`parts.<name>.header`); undefined for any other header.
 * @param {string} name @param {any} topic the raw `delivery.topic` map @param {any} sig the raw `delivery.signature`
 * @returns {string | undefined}
 */
function protocolRole(name, topic, sig) {
  if (sameHeader(name, topic?.header)) return 'topic';
  if (sig === null || typeof sig !== 'object') return undefined;
  if (sameHeader(name, sig.header)) return 'signature';
  const parts = sig.parts !== null && typeof sig.parts === 'object' ? sig.parts : {};
  const part = Object.keys(parts).find((k) => parts[k] !== null && typeof parts[k] === 'object' && sameHeader(name, parts[k].header));
  return part === undefined ? undefined : `signed part {${part}}`;
}

/** `X-Shop-Domain` / `shop_domain` → `shopDomain` (for suggestions). */
function camelCase(/** @type {string} */ s) {
  const words = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const out = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(out) ? out : `header${out[0]?.toUpperCase() ?? ''}${out.slice(1)}`;
}

/**
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @param {(string|number)[]} path @param {string[]} values
 */
function oneOf(src, r, problems, path, values) {
  const v = r.expect(path, 'string', { required: true });
  if (v === undefined) return undefined;
  if (!values.includes(v)) {
    const guess = closest(v, values);
    problems.push({
      at: src.loc(path),
      message: `unsupported \`${path[path.length - 1]}\``,
      expected: values.map((x) => JSON.stringify(x)).join(' | '),
      found: JSON.stringify(v),
      fix: guess ? `did you mean "${guess}"?` : `use one of ${values.join(', ')}`,
    });
    return undefined;
  }
  return v;
}

/**
 * @param {string} root @param {string} file @param {Problem[]} problems
 * @returns {YamlSource | undefined}
 */
export function readYaml(root, file, problems) {
  const abs = join(root, file);
  if (!existsSync(abs)) {
    problems.push({
      at: { file },
      message: 'file not found',
      expected: `the file ${file}`,
      found: 'nothing',
      fix: 'create it (see spec/README.md)',
    });
    return undefined;
  }
  const before = problems.length;
  const src = parseYamlSource(readFileSync(abs, 'utf8'), file, problems);
  return problems.length === before ? src : undefined;
}

/**
 * @param {string} root @param {string} dir @param {Problem[]} problems
 * @returns {{ models: ModelSpec[], broken: Set<string> }} broken: models whose file exists but did not load
 */
function loadModels(root, dir, problems) {
  const modelsDir = join(root, dir, 'models');
  /** @type {Set<string>} */
  const broken = new Set();
  if (!existsSync(modelsDir)) return { models: [], broken };
  const files = readdirSync(modelsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort(compareStrings);
  /** @type {ModelSpec[]} */
  const models = [];
  for (const f of files) {
    const m = loadModel(root, dir, `${dir}/models/${f}`, problems);
    if (m) models.push(m);
    else broken.add(f.replace(/\.ya?ml$/, ''));
  }
  return { models, broken };
}

/**
 * @param {string} root @param {string} dir @param {string} file @param {Problem[]} problems
 * @returns {ModelSpec | undefined}
 */
function loadModel(root, dir, file, problems) {
  const problemsAtStart = problems.length;
  const src = readYaml(root, file, problems);
  if (!src) return undefined;
  const r = reader(src, problems);
  if (!r.expect([], 'map', { required: true })) return undefined;
  r.onlyKeys([], ['model', 'description', 'samples', 'hints']);
  const name = r.expect(['model'], 'string', { required: true });
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (name && !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    problems.push({
      at: src.loc(['model']),
      message: 'invalid model name',
      expected: 'a PascalCase name (letters and digits, starting upper-case)',
      found: JSON.stringify(name),
      fix: 'rename the model and its file, e.g. "Order" in models/Order.yaml',
    });
  } else if (name && name !== stem) {
    problems.push({
      at: src.loc(['model']),
      message: `model "${name}" is in a file named ${basename(file)}`,
      expected: JSON.stringify(stem),
      found: JSON.stringify(name),
      fix: `rename the file to models/${name}.yaml or the model to "${stem}"`,
    });
  }
  const description = r.expect(['description'], 'string');
  const sampleList = r.expect(['samples'], 'list', { required: true, fix: 'add `samples: [samples/<file>.json]`: at least one sample payload' }) ?? [];
  if (Array.isArray(r.get(['samples'])) && sampleList.length === 0) {
    problems.push({
      at: src.loc(['samples']),
      message: 'a model needs at least one sample',
      expected: 'a list of sample files',
      found: 'an empty list',
      fix: 'add a sample payload file under samples/ and list it here',
    });
  }
  /** @type {import('../model/types.js').SampleSpec[]} */
  const samples = [];
  sampleList.forEach((/** @type {unknown} */ _s, /** @type {number} */ i) => {
    const rel = r.expect(['samples', i], 'string');
    if (!rel) return;
    const sfile = `${dir}/${rel}`;
    const abs = join(root, sfile);
    if (!existsSync(abs)) {
      problems.push({
        at: src.loc(['samples', i]),
        message: `sample file ${rel} not found`,
        expected: `a file at ${sfile}`,
        found: 'nothing',
        fix: 'correct the path (relative to the provider folder) or add the file',
      });
      return;
    }
    const text = readFileSync(abs, 'utf8');
    const ext = extname(rel);
    if (ext === '.json') {
      const parsed = parseJsonSource(text, sfile);
      if (!parsed.ok) problems.push(parsed.problem);
      else samples.push({ file: sfile, value: parsed.value, json: text });
    } else if (ext === '.yaml' || ext === '.yml') {
      const before = problems.length;
      const y = parseYamlSource(text, sfile, problems);
      // keys sorted: the key order of a YAML file never changes the output
      if (problems.length === before) samples.push({ file: sfile, value: y.data, json: stableJson(y.data).trimEnd() });
    } else {
      problems.push({
        at: src.loc(['samples', i]),
        message: `unsupported sample format "${ext}"`,
        expected: '.json, or .yaml for samples the docs print in a non-JSON syntax',
        found: JSON.stringify(rel),
        fix: 'save the sample as .json (or .yaml)',
      });
    }
  });
  for (const s of samples) {
    if (s.value === null || typeof s.value !== 'object' || Array.isArray(s.value)) {
      problems.push({
        at: { file: s.file, line: 1, col: 1 },
        message: 'a sample payload must be a JSON object',
        expected: 'an object {...}',
        found: describeValue(s.value),
        fix: 'save the payload object itself',
      });
    }
  }
  const hints = loadHints(src, r, problems);
  if (!name) return undefined;
  return {
    // a wrong `model:` is reported above; the file name keeps topics resolving meanwhile
    name: /^[A-Z][A-Za-z0-9]*$/.test(stem) ? stem : name,
    file,
    clean: problems.length === problemsAtStart,
    // positions are computed only when a problem needs one
    get at() {
      return src.loc(['model']);
    },
    description,
    samples: samples.filter((s) => s.value && typeof s.value === 'object' && !Array.isArray(s.value)),
    hints,
  };
}

/**
 * @param {YamlSource} src @param {ReturnType<typeof reader>} r @param {Problem[]} problems
 * @returns {HintSpec[]}
 */
export function loadHints(src, r, problems) {
  const raw = r.expect(['hints'], 'map');
  if (!raw) return [];
  /** @type {HintSpec[]} */
  const hints = [];
  for (const pointer of Object.keys(raw).sort(compareStrings)) {
    if (!/^(\/[^/]+)+$/.test(pointer)) {
      problems.push({
        at: src.loc(['hints', pointer], { key: true }),
        message: 'a hint key must be a JSON pointer into the payload',
        expected: 'e.g. /closed_at or /line_items/*/price (`*` = any array item)',
        found: JSON.stringify(pointer),
        fix: pointer.startsWith('/') ? 'remove the empty segment (//) or trailing /' : `write "/${pointer.replace(/\./g, '/')}"`,
      });
      continue;
    }
    if (!r.expect(['hints', pointer], 'map')) continue;
    r.onlyKeys(['hints', pointer], HINT_KEYS);
    const h = raw[pointer];
    const segments = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    /** @type {HintSpec} */
    const hint = {
      pointer,
      segments,
      get at() {
        return src.loc(['hints', pointer], { key: true });
      },
    };
    const schemaPart = Object.fromEntries(SCHEMA_HINT_KEYS.filter((k) => h[k] !== undefined).map((k) => [k, h[k]]));
    if (Object.keys(schemaPart).length) {
      const before = problems.length;
      checkSchemaFragment(src, ['hints', pointer], schemaPart, problems);
      if (problems.length === before) hint.schema = /** @type {Schema} */ (schemaPart);
    }
    if (h.nullable !== undefined && r.expect(['hints', pointer, 'nullable'], 'boolean')) hint.nullable = h.nullable;
    if (h.optional !== undefined && r.expect(['hints', pointer, 'optional'], 'boolean')) hint.optional = h.optional;
    if (h.enum !== undefined && r.expect(['hints', pointer, 'enum'], 'list')) {
      if (h.enum.length === 0) {
        problems.push({ at: src.loc(['hints', pointer, 'enum']), message: 'an enum hint needs at least one value', expected: 'a non-empty list', found: 'an empty list', fix: 'list the documented values' });
      } else hint.enum = h.enum;
    }
    if (h.description !== undefined && r.expect(['hints', pointer, 'description'], 'string')) hint.description = h.description;
    if (h.name !== undefined && r.expect(['hints', pointer, 'name'], 'string')) {
      if (!/^[A-Z][A-Za-z0-9]*$/.test(h.name)) {
        problems.push({ at: src.loc(['hints', pointer, 'name']), message: 'invalid type name', expected: 'a PascalCase identifier', found: JSON.stringify(h.name), fix: 'use letters and digits, starting upper-case' });
      } else hint.name = h.name;
    }
    if (h.int64 !== undefined) {
      if (h.int64 === 'string' || h.int64 === true) hint.int64 = 'string';
      else {
        problems.push({
          at: src.loc(['hints', pointer, 'int64']),
          message: 'unsupported int64 representation',
          expected: '"string" (the digits as a decimal string)',
          found: describeValue(h.int64),
          fix: 'write `int64: string`',
        });
      }
    }
    hints.push(hint);
  }
  return hints;
}

/**
 * Light structural check of a JSON Schema fragment written in a hint.
 * @param {YamlSource} src @param {(string|number)[]} path @param {any} s @param {Problem[]} problems
 */
function checkSchemaFragment(src, path, s, problems) {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    problems.push({ at: src.loc(path), message: 'expected a JSON Schema object', expected: 'a map such as { type: string }', found: describeValue(s), fix: 'write the schema as a YAML map' });
    return;
  }
  for (const k of Object.keys(s)) {
    if (!SCHEMA_KEYS.includes(k)) {
      const guess = closest(k, SCHEMA_KEYS);
      problems.push({
        at: src.loc([...path, k], { key: true }),
        message: `unsupported schema keyword \`${k}\``,
        expected: `one of: ${SCHEMA_KEYS.join(', ')}`,
        found: `\`${k}\``,
        fix: guess ? `did you mean \`${guess}\`?` : 'remove it',
      });
    }
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    types.forEach((/** @type {unknown} */ t, /** @type {number} */ i) => {
      if (typeof t !== 'string' || !JSON_TYPES.includes(t)) {
        const guess = typeof t === 'string' ? closest(t, JSON_TYPES) : undefined;
        problems.push({
          at: src.loc(Array.isArray(s.type) ? [...path, 'type', i] : [...path, 'type']),
          message: 'unknown JSON Schema type',
          expected: JSON_TYPES.map((x) => JSON.stringify(x)).join(' | ') + ' (quote "null" in YAML)',
          found: t === null ? 'null (YAML reads an unquoted null as a null value)' : describeValue(t),
          fix: guess ? `did you mean "${guess}"?` : t === null ? 'write "null" in quotes' : 'use a JSON Schema type name',
        });
      }
    });
  } else if (s.anyOf === undefined && s.enum === undefined && path[0] === 'hints') {
    // a replacing fragment without type would silently accept anything
    problems.push({
      at: src.loc(path),
      message: 'a schema hint must say the type',
      expected: '`type:` (or `anyOf:`) next to format/items/properties',
      found: `only ${Object.keys(s).join(', ')}`,
      fix: 'add e.g. `type: object`',
    });
  }
  if (s.items !== undefined) checkSchemaFragment(src, [...path, 'items'], s.items, problems);
  if (s.properties !== undefined) {
    if (s.properties === null || typeof s.properties !== 'object') {
      problems.push({ at: src.loc([...path, 'properties']), message: '`properties` must be a map', expected: 'a map of field name to schema', found: describeValue(s.properties), fix: 'write `properties:` as a map' });
    } else for (const [k, v] of Object.entries(s.properties)) checkSchemaFragment(src, [...path, 'properties', k], v, problems);
  }
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') {
    checkSchemaFragment(src, [...path, 'additionalProperties'], s.additionalProperties, problems);
  }
  if (s.anyOf !== undefined) {
    if (!Array.isArray(s.anyOf)) problems.push({ at: src.loc([...path, 'anyOf']), message: '`anyOf` must be a list', expected: 'a list of schemas', found: describeValue(s.anyOf), fix: 'write `anyOf:` as a list' });
    else s.anyOf.forEach((/** @type {unknown} */ v, /** @type {number} */ i) => checkSchemaFragment(src, [...path, 'anyOf', i], v, problems));
  }
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((/** @type {unknown} */ x) => typeof x === 'string'))) {
    problems.push({ at: src.loc([...path, 'required']), message: '`required` must be a list of field names', expected: 'a list of strings', found: describeValue(s.required), fix: 'list the required field names' });
  }
}

/**
 * @param {string} root @param {string} dir @param {ModelSpec[]} models
 * @param {Set<string>} broken models whose own file has a problem (already reported)
 * @param {Problem[]} problems
 * @returns {TopicSpec[]}
 */
function loadTopics(root, dir, models, broken, problems) {
  const file = `${dir}/topics.yaml`;
  const src = readYaml(root, file, problems);
  if (!src) return [];
  const r = reader(src, problems);
  if (!r.expect([], 'map', { required: true })) return [];
  r.onlyKeys([], ['topics']);
  const raw = r.expect(['topics'], 'map', { required: true });
  if (!raw) return [];
  const modelNames = models.map((m) => m.name);
  /** @type {TopicSpec[]} */
  const topics = [];
  for (const topic of Object.keys(raw).sort(compareStrings)) {
    const path = ['topics', topic];
    if (raw[topic] === null || raw[topic] === undefined) {
      problems.push({ at: src.loc(path, { key: true }), message: `topic "${topic}" has no entry`, expected: 'a map with `payload:` or `undocumented: true`', found: 'nothing', fix: 'add `payload: [<Model>]` under the topic' });
      continue;
    }
    if (!r.expect(path, 'map')) continue;
    r.onlyKeys(path, ['resource', 'payload', 'undocumented', 'description', 'source', 'assumption', 'payloadProse']);
    const t = raw[topic];
    const undocumented = t.undocumented === undefined ? false : r.expect([...path, 'undocumented'], 'boolean') ?? false;
    /** @type {string[]} */
    const payload = [];
    if (t.payload !== undefined) {
      const list = r.expect([...path, 'payload'], 'list') ?? [];
      list.forEach((/** @type {string} */ m, /** @type {number} */ i) => {
        if (!r.expect([...path, 'payload', i], 'string')) return;
        if (broken.has(m)) return; // its own file's problem is the one to fix
        if (!modelNames.includes(m)) {
          const guess = closest(m, modelNames);
          problems.push({
            at: src.loc([...path, 'payload', i]),
            message: `topic "${topic}" names payload model "${m}", which does not exist`,
            expected: `a model defined in ${dir}/models/ (${modelNames.join(', ') || 'none yet'})`,
            found: JSON.stringify(m),
            fix: guess ? `did you mean "${guess}"? Otherwise add ${dir}/models/${m}.yaml` : `add ${dir}/models/${m}.yaml with its samples`,
          });
        } else payload.push(m);
      });
      if (Array.isArray(t.payload) && t.payload.length === 0 && !undocumented) {
        problems.push({ at: src.loc([...path, 'payload']), message: `topic "${topic}" has an empty payload list`, expected: 'at least one model name', found: 'an empty list', fix: 'name the payload model, or write `undocumented: true` instead' });
      }
    }
    if (undocumented && t.payload !== undefined) {
      problems.push({ at: src.loc([...path, 'undocumented']), message: `topic "${topic}" is both undocumented and has a payload`, expected: 'either `payload:` or `undocumented: true`', found: 'both', fix: 'remove one of them' });
    }
    if (!undocumented && t.payload === undefined) {
      problems.push({ at: src.loc(path, { key: true }), message: `topic "${topic}" has no payload`, expected: '`payload: [<Model>]`, or `undocumented: true` for a topic known only by name', found: 'neither', fix: 'add one of them' });
    }
    /** @type {TopicSpec} */
    const spec = {
      topic,
      get at() {
        return src.loc(path, { key: true });
      },
      payload,
      undocumented,
    };
    for (const k of /** @type {const} */ (['resource', 'description', 'source', 'assumption', 'payloadProse'])) {
      if (t[k] === undefined) continue;
      if (k === 'payloadProse' && typeof t[k] === 'string') spec[k] = t[k];
      else if (r.expect([...path, k], 'string')) spec[k] = t[k];
    }
    topics.push(spec);
  }
  return topics;
}
