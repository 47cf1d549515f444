// @ts-check
/**
 * Stage 1, management API: read and validate `spec/<provider>/api.yaml` (format: spec/README.md,
 * "api.yaml"). An absent file means the provider has no client. Every problem is collected
 * with its location, as in spec.js; nothing here knows any provider.
 *
 * The models an api.yaml declares become ordinary models of the provider (inference, hints,
 * naming, schemas, guards, fixtures all apply): their samples are the parts of the examples'
 * response files that the operations' response types say are that model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, isMap, isSeq, isScalar } from 'yaml';
import { closest, describeValue } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { iteratorName } from '../util/naming.js';
import { parseJsonSource } from './yaml.js';
import { reader, readYaml, loadHints } from './load.js';

/** @typedef {import('../util/diagnostics.js').Problem} Problem */
/** @typedef {import('./yaml.js').YamlSource} YamlSource */
/** @typedef {import('../model/types.js').ModelSpec} ModelSpec */
/** @typedef {import('../model/types.js').TopicSpec} TopicSpec */
/** @typedef {import('../model/types.js').SampleSpec} SampleSpec */
/** @typedef {import('../model/types.js').ApiSpec} ApiSpec */
/** @typedef {import('../model/types.js').ApiType} ApiType */
/** @typedef {import('../model/types.js').ApiParam} ApiParam */
/** @typedef {import('../model/types.js').ApiOperation} ApiOperation */
/** @typedef {import('../model/types.js').ApiErrorSpec} ApiErrorSpec */
/** @typedef {import('../model/types.js').ApiBody} ApiBody */
/** @typedef {import('../model/types.js').ApiResponse} ApiResponse */
/** @typedef {import('../model/types.js').ApiPagination} ApiPagination */
/** @typedef {import('../model/types.js').ApiExample} ApiExample */
/** @typedef {(string|number)[]} Path */

const TOP_KEYS = ['title', 'description', 'docs', 'server', 'models', 'errors', 'operations'];
const MODEL_KEYS = ['description', 'samples', 'hints'];
const TYPE_KEYS = ['model', 'type', 'format', 'enum', 'minimum', 'maximum', 'default', 'example', 'items', 'properties', 'required', 'additionalProperties', 'description', 'source'];
const TYPE_NAMES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null', 'topic'];
const FORMATS = ['date-time', 'date', 'time'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const OPERATION_KEYS = ['method', 'path', 'summary', 'description', 'source', 'params', 'query', 'body', 'response', 'pagination', 'examples'];
const BODY_KEYS = ['envelope', 'model', 'properties', 'pathParams'];
const BODY_PROPERTY_KEYS = ['required', 'default', 'description', 'source', 'type', 'format', 'enum', 'minimum', 'maximum', 'items', 'properties', 'additionalProperties', 'model'];
const PAGINATION_KEYS = ['cursor', 'page', 'limit', 'items', 'next', 'source'];
const EXAMPLE_KEYS = ['title', 'params', 'query', 'request', 'status', 'response'];
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Loads `<dir>/api.yaml` when it exists. The models it declares are appended to `models`.
 * @param {string} root project root
 * @param {string} dir relative provider folder
 * @param {{ models: ModelSpec[], topics: TopicSpec[], typePrefix: string | undefined }} provider
 * @param {Problem[]} problems
 * @returns {ApiSpec | undefined}
 */
export function loadApi(root, dir, provider, problems) {
  const file = `${dir}/api.yaml`;
  if (!existsSync(join(root, file))) return undefined;
  const src = readYaml(root, file, problems);
  if (!src) return undefined;
  const r = reader(src, problems);
  if (!r.expect([], 'map', { required: true })) return undefined;
  const before = problems.length;
  r.onlyKeys([], TOP_KEYS);
  const title = r.expect(['title'], 'string');
  const description = r.expect(['description'], 'string');
  /** @type {string[]} */
  const docs = [];
  (r.expect(['docs'], 'list') ?? []).forEach((/** @type {unknown} */ d, /** @type {number} */ i) => {
    if (r.expect(['docs', i], 'string')) docs.push(/** @type {string} */ (d));
  });
  const server = r.expect(['server'], 'string');
  if (server !== undefined && !/^https?:\/\/[^/\s]+/.test(server)) {
    problems.push({ at: src.loc(['server']), message: 'the server must be an absolute http(s) URL', expected: 'e.g. https://api.example.com', found: JSON.stringify(server), fix: 'write the documented base URL, or remove `server` (the client takes `baseUrl` anyway)' });
  }

  // the models api.yaml declares, known by name before anything refers to them
  const rawModels = r.expect(['models'], 'map') ?? {};
  const payloadNames = provider.models.map((m) => m.name);
  /** @type {string[]} */
  const apiModelNames = [];
  for (const name of Object.keys(rawModels).sort(compareStrings)) {
    if (!PASCAL.test(name)) {
      problems.push({ at: src.loc(['models', name], { key: true }), message: `invalid model name "${name}"`, expected: 'a PascalCase name (letters and digits, starting upper-case)', found: JSON.stringify(name), fix: 'rename it, e.g. "Webhook"' });
    } else if (payloadNames.includes(name)) {
      problems.push({ at: src.loc(['models', name], { key: true }), message: `model "${name}" is also defined in ${dir}/models/${name}.yaml`, expected: 'one definition per model name', found: 'two', fix: `refer to the existing model (\`model: ${name}\`) instead of declaring it again, or rename one of them` });
    } else apiModelNames.push(name);
  }
  const ctx = {
    src,
    r,
    problems,
    root,
    dir,
    topics: provider.topics.map((t) => t.topic),
    modelNames: [...payloadNames, ...apiModelNames].sort(compareStrings),
    /** @type {{ path: Path, model: string, names: string[] }[]} body fields, checked once every sample is known */
    bodyChecks: [],
    /** @type {{ path: Path, model: string, field: string }[]} cursor fields, checked once every sample is known */
    cursorChecks: [],
    /** @type {Map<string, SampleSpec[]>} samples of api.yaml models, collected from examples */
    samples: new Map(apiModelNames.map((n) => [n, /** @type {SampleSpec[]} */ ([])])),
    /** @type {Map<string, { text: string, value: unknown, doc: import('yaml').Document.Parsed } | null>} */
    files: new Map(),
  };
  // samples listed on a model itself
  for (const name of apiModelNames) {
    const at = ['models', name];
    if (!r.expect(at, 'map', { fix: 'write the model as a map: description, samples (optional), hints' })) continue;
    r.onlyKeys(at, MODEL_KEYS);
    r.expect([...at, 'description'], 'string');
    (r.expect([...at, 'samples'], 'list') ?? []).forEach((/** @type {unknown} */ s, /** @type {number} */ i) => {
      const ref = r.expect([...at, 'samples', i], 'string');
      if (ref) addSampleRef(ctx, [...at, 'samples', i], ref, name);
    });
  }

  const errors = loadErrors(ctx);
  const operations = loadOperations(ctx, errors);

  // the models, with their samples, join the provider's models
  for (const name of apiModelNames) {
    const at = ['models', name];
    const raw = rawModels[name];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const modelBefore = problems.length;
    const hints = loadModelHints(ctx, name, raw);
    const samples = ctx.samples.get(name) ?? [];
    if (samples.length === 0) {
      problems.push({
        at: src.loc(at, { key: true }),
        message: `model "${name}" has no sample`,
        expected: 'a response sample of an operation that returns it (an example with `response:`), or `samples:` on the model',
        found: 'none',
        fix: `add an example with a response file to an operation whose response is \`model: ${name}\`, or list e.g. \`samples: [api/<file>.json#/<pointer>]\``,
      });
    }
    provider.models.push({
      name,
      file,
      clean: problems.length === modelBefore,
      get at() {
        return src.loc(at, { key: true });
      },
      description: typeof raw.description === 'string' ? raw.description : undefined,
      samples,
      hints,
    });
  }
  checkNameClashes(ctx, provider, operations, errors);
  if (problems.length !== before) return undefined;
  return {
    file,
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    docs,
    ...(server ? { server } : {}),
    models: apiModelNames,
    operations,
    errors,
  };
}

/** @typedef {{ src: YamlSource, r: ReturnType<typeof reader>, problems: Problem[], root: string, dir: string, topics: string[], modelNames: string[], bodyChecks: { path: Path, model: string, names: string[] }[], cursorChecks: { path: Path, model: string, field: string }[], samples: Map<string, SampleSpec[]>, files: Map<string, { text: string, value: unknown, doc: import('yaml').Document.Parsed } | null> }} Ctx */

// ---- types ----

/**
 * A type: `model: <Name>`, or `type:` with the JSON Schema keywords that go with it.
 * @param {Ctx} ctx @param {Path} path @param {string[]} [extraKeys] other keys allowed next to the type's
 * @returns {ApiType | undefined}
 */
function loadType(ctx, path, extraKeys = []) {
  const { r, src, problems } = ctx;
  if (!r.expect(path, 'map', { fix: 'write the type as a map, e.g. `{ type: string }` or `{ model: <Name> }`' })) return undefined;
  const raw = r.get(path);
  r.onlyKeys(path, [...TYPE_KEYS, ...extraKeys]);
  const before = problems.length;
  /** @type {ApiType} */
  const t = {};
  if (raw.model !== undefined) {
    const m = r.expect([...path, 'model'], 'string');
    if (m !== undefined) {
      if (!ctx.modelNames.includes(m)) {
        const guess = closest(m, ctx.modelNames);
        problems.push({ at: src.loc([...path, 'model']), message: `unknown model "${m}"`, expected: `a model of api.yaml \`models:\` or of ${ctx.dir}/models/ (${ctx.modelNames.join(', ') || 'none'})`, found: JSON.stringify(m), fix: guess ? `did you mean "${guess}"?` : `declare it under \`models:\` in ${src.file}` });
      } else t.model = m;
    }
    const others = TYPE_KEYS.filter((k) => !['model', 'description', 'source'].includes(k) && raw[k] !== undefined && !(k === 'required' && extraKeys.includes('required') && typeof raw.required === 'boolean'));
    if (others.length) {
      problems.push({ at: src.loc([...path, others[0]], { key: true }), message: 'a model reference takes no type keywords', expected: '`model:` with `description:` at most', found: others.map((k) => `\`${k}\``).join(', '), fix: 'describe the fields with hints on the model instead, or remove `model:`' });
    }
  } else if (raw.type === undefined) {
    problems.push({ at: src.loc(path), message: 'a type needs `type:` or `model:`', expected: `\`type:\` (${TYPE_NAMES.join(', ')}) or \`model: <Name>\``, found: `only ${Object.keys(raw).map((k) => `\`${k}\``).join(', ') || 'an empty map'}`, fix: 'add e.g. `type: string`' });
  } else {
    const list = Array.isArray(raw.type) ? raw.type : [raw.type];
    /** @type {import('../model/types.js').ApiTypeName[]} */
    const types = [];
    list.forEach((/** @type {unknown} */ x, /** @type {number} */ i) => {
      if (typeof x === 'string' && TYPE_NAMES.includes(x)) types.push(/** @type {import('../model/types.js').ApiTypeName} */ (x));
      else {
        const guess = typeof x === 'string' ? closest(x, TYPE_NAMES) : undefined;
        problems.push({ at: src.loc(Array.isArray(raw.type) ? [...path, 'type', i] : [...path, 'type']), message: 'unknown type', expected: TYPE_NAMES.map((n) => JSON.stringify(n)).join(' | ') + ' (quote "null" in YAML)', found: x === null ? 'null (YAML reads an unquoted null as a null value)' : describeValue(x), fix: guess ? `did you mean "${guess}"?` : x === null ? 'write "null" in quotes' : 'use one of the type names above' });
      }
    });
    if (list.length === 0) problems.push({ at: src.loc([...path, 'type']), message: 'an empty type list', expected: 'at least one type name', found: '[]', fix: 'write e.g. `type: string`' });
    t.type = types;
    const has = (/** @type {string} */ n) => types.includes(/** @type {any} */ (n));
    const scalarsOnly = (/** @type {string} */ key, /** @type {string[]} */ allowed) => {
      if (raw[key] !== undefined && !allowed.some(has)) {
        problems.push({ at: src.loc([...path, key], { key: true }), message: `\`${key}\` does not apply to ${list.join(' | ')}`, expected: `${/^[aeiou]/.test(allowed[0]) ? 'an' : 'a'} ${allowed.join(' or ')} type`, found: `type ${JSON.stringify(raw.type)}`, fix: `remove \`${key}\`` });
        return false;
      }
      return raw[key] !== undefined;
    };
    if (scalarsOnly('format', ['string'])) {
      const f = r.expect([...path, 'format'], 'string');
      if (f !== undefined && !FORMATS.includes(f)) {
        const guess = closest(f, FORMATS);
        problems.push({ at: src.loc([...path, 'format']), message: `unsupported format "${f}"`, expected: FORMATS.join(' | '), found: JSON.stringify(f), fix: guess ? `did you mean "${guess}"?` : 'remove it, and say the format in the description' });
      } else if (f !== undefined) t.format = /** @type {ApiType['format']} */ (f);
    }
    if (raw.enum !== undefined && r.expect([...path, 'enum'], 'list')) {
      if (raw.enum.length === 0 || !raw.enum.every((/** @type {unknown} */ e) => ['string', 'number', 'boolean'].includes(typeof e))) {
        problems.push({ at: src.loc([...path, 'enum']), message: 'an enum needs one or more scalar values', expected: 'a non-empty list of strings, numbers or booleans', found: describeValue(raw.enum), fix: 'list the documented values' });
      } else t.enum = raw.enum;
    }
    for (const k of /** @type {const} */ (['minimum', 'maximum'])) {
      if (!scalarsOnly(k, ['integer', 'number'])) continue;
      if (typeof raw[k] !== 'number' || !Number.isFinite(raw[k])) problems.push({ at: src.loc([...path, k]), message: `\`${k}\` must be a number`, expected: 'a number', found: describeValue(raw[k]), fix: `write e.g. \`${k}: 250\`` });
      else t[k] = raw[k];
    }
    if (t.minimum !== undefined && t.maximum !== undefined && t.minimum > t.maximum) {
      problems.push({ at: src.loc([...path, 'maximum']), message: 'the maximum is below the minimum', expected: `a maximum of ${t.minimum} or more`, found: String(t.maximum), fix: 'check the documented range' });
    }
    if (scalarsOnly('items', ['array'])) t.items = loadType(ctx, [...path, 'items']);
    else if (has('array')) problems.push({ at: src.loc(path), message: 'an array type needs `items:`', expected: '`items:` the type of its items', found: 'no `items`', fix: 'add e.g. `items: { type: string }`' });
    if (scalarsOnly('properties', ['object']) && r.expect([...path, 'properties'], 'map')) {
      t.properties = {};
      for (const k of Object.keys(raw.properties).sort(compareStrings)) {
        const p = loadType(ctx, [...path, 'properties', k]);
        if (p) t.properties[k] = p;
      }
    }
    // a body property's `required: true` says the property is required, not which members are
    const requiredFlag = extraKeys.includes('required') && typeof raw.required === 'boolean';
    if (!requiredFlag && scalarsOnly('required', ['object']) && r.expect([...path, 'required'], 'list')) {
      const names = Object.keys(raw.properties ?? {});
      raw.required.forEach((/** @type {unknown} */ k, /** @type {number} */ i) => {
        if (typeof k !== 'string' || !names.includes(k)) {
          const guess = typeof k === 'string' ? closest(k, names) : undefined;
          problems.push({ at: src.loc([...path, 'required', i]), message: 'a required field that `properties` does not list', expected: names.length ? `one of: ${names.join(', ')}` : 'a field under `properties`', found: describeValue(k), fix: guess ? `did you mean "${guess}"?` : 'add it to `properties`, or remove it' });
        }
      });
      t.required = [...raw.required].sort(compareStrings);
    }
    if (scalarsOnly('additionalProperties', ['object'])) {
      if (raw.additionalProperties === false) t.additionalProperties = false;
      else if (raw.additionalProperties === true) problems.push({ at: src.loc([...path, 'additionalProperties']), message: '`additionalProperties: true` says nothing', expected: 'false, or the type of the other members', found: 'true', fix: 'remove it (other members are allowed by default), or give their type' });
      else t.additionalProperties = loadType(ctx, [...path, 'additionalProperties']);
    }
    if (has('topic') && types.some((x) => x !== 'topic' && x !== 'null')) {
      problems.push({ at: src.loc([...path, 'type']), message: '`topic` cannot be combined with other types', expected: '`type: topic`, or `type: [topic, "null"]`', found: JSON.stringify(raw.type), fix: 'keep `topic` (and "null" when the value may be null)' });
    }
  }
  for (const k of /** @type {const} */ (['description', 'source'])) {
    if (raw[k] !== undefined && r.expect([...path, k], 'string')) t[k] = raw[k];
  }
  if (problems.length !== before) return undefined;
  for (const k of /** @type {const} */ (['default', 'example'])) {
    if (raw[k] === undefined) continue;
    const issue = ['string', 'number', 'boolean'].includes(typeof raw[k]) ? staticIssue(ctx, t, raw[k]) : 'not a scalar';
    if (issue) problems.push({ at: src.loc([...path, k]), message: `the ${k} does not fit the type`, expected: describeType(t), found: `${describeValue(raw[k])} (${issue})`, fix: `correct the ${k} or the type` });
    else t[k] = raw[k];
  }
  return problems.length === before ? t : undefined;
}

/** What a type allows, for messages. @param {ApiType} t @returns {string} */
function describeType(t) {
  if (t.model) return t.model;
  if (t.enum) return t.enum.map((e) => JSON.stringify(e)).join(' | ');
  return (t.type ?? [])
    .map((x) => (x === 'array' && t.items ? `${describeType(t.items)}[]` : x === 'string' && t.format ? `${t.format} string` : x === 'topic' ? 'a topic' : x))
    .join(' | ');
}

/**
 * Checks a value against a type as far as the spec alone can (a model's shape is inferred
 * later, from these very samples): undefined when it fits, else what is wrong.
 * @param {Ctx} ctx @param {ApiType} t @param {unknown} v @param {string} [at] JSON pointer, for the message
 * @returns {string | undefined}
 */
function staticIssue(ctx, t, v, at = '') {
  if (t.model) return v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : `${at || '/'}: expected ${t.model}, received ${describeValue(v)}`;
  const types = t.type ?? [];
  const fits = types.some((x) =>
    x === 'null' ? v === null
    : x === 'integer' ? Number.isInteger(v)
    : x === 'number' ? typeof v === 'number'
    : x === 'array' ? Array.isArray(v)
    : x === 'object' ? v !== null && typeof v === 'object' && !Array.isArray(v)
    : x === 'topic' ? typeof v === 'string' && ctx.topics.includes(v)
    : typeof v === x,
  );
  const where = at || '/';
  if (!fits) return `${where}: expected ${describeType(t)}, received ${describeValue(v)}`;
  if (v === null) return undefined;
  if (t.enum && !t.enum.includes(/** @type {any} */ (v))) return `${where}: expected ${describeType(t)}, received ${describeValue(v)}`;
  if (typeof v === 'number' && t.minimum !== undefined && v < t.minimum) return `${where}: below the minimum ${t.minimum}`;
  if (typeof v === 'number' && t.maximum !== undefined && v > t.maximum) return `${where}: above the maximum ${t.maximum}`;
  if (Array.isArray(v) && t.items) {
    for (let i = 0; i < v.length; i++) {
      const issue = staticIssue(ctx, t.items, v[i], `${at}/${i}`);
      if (issue) return issue;
    }
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = /** @type {Record<string, unknown>} */ (v);
    for (const k of t.required ?? []) if (o[k] === undefined) return `${at}/${k}: missing`;
    for (const [k, x] of Object.entries(o)) {
      const p = t.properties?.[k] ?? (typeof t.additionalProperties === 'object' ? t.additionalProperties : undefined);
      if (p) {
        const issue = staticIssue(ctx, p, x, `${at}/${k}`);
        if (issue) return issue;
      } else if (t.additionalProperties === false) return `${at}/${k}: not allowed`;
    }
  }
  return undefined;
}

// ---- model hints and samples ----

/**
 * A model's hints, read by the same code as models/<Model>.yaml hints; `type: topic` becomes a
 * string enum of the provider's topics.
 * @param {Ctx} ctx @param {string} name @param {any} raw
 */
function loadModelHints(ctx, name, raw) {
  const { src, problems } = ctx;
  const isMapValue = raw.hints !== null && typeof raw.hints === 'object' && !Array.isArray(raw.hints);
  /** @type {unknown} */
  let hints = raw.hints;
  if (isMapValue) {
    /** @type {Record<string, unknown>} */
    const out = {};
    hints = out;
    for (const [pointer, h] of Object.entries(raw.hints)) {
      if (h !== null && typeof h === 'object' && !Array.isArray(h) && /** @type {any} */ (h).type === 'topic') {
        const { type: _t, ...rest } = /** @type {Record<string, unknown>} */ (h);
        if (rest.enum !== undefined) {
          problems.push({ at: src.loc(['models', name, 'hints', pointer, 'enum'], { key: true }), message: '`type: topic` already says the values', expected: 'no `enum` next to `type: topic`', found: '`enum`', fix: 'remove `enum` (the values are the topics of topics.yaml), or write `type: string` with the enum' });
        }
        out[pointer] = { ...rest, type: 'string', enum: ctx.topics };
      } else out[pointer] = h;
    }
  }
  /** @type {YamlSource} */
  const view = {
    file: src.file,
    data: raw.hints === undefined ? {} : { hints },
    loc: (path, opts) => src.loc(['models', name, ...path], opts),
  };
  return loadHints(view, reader(view, problems), problems);
}

/**
 * A parsed sample file (cached): its text, its value and its YAML document (for ranges).
 * @param {Ctx} ctx @param {Path} path where the file is named @param {string} rel relative to the provider folder
 */
function sampleFile(ctx, path, rel) {
  const file = `${ctx.dir}/${rel}`;
  if (ctx.files.has(file)) return ctx.files.get(file) ? { file, .../** @type {{ text: string, value: unknown, doc: import('yaml').Document.Parsed }} */ (ctx.files.get(file)) } : undefined;
  const abs = join(ctx.root, file);
  if (!rel.endsWith('.json')) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `unsupported sample format "${rel}"`, expected: 'a .json file, the body as the docs print it', found: JSON.stringify(rel), fix: 'save the body as .json' });
    ctx.files.set(file, null);
    return undefined;
  }
  if (!existsSync(abs)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `sample file ${rel} not found`, expected: `a file at ${file}`, found: 'nothing', fix: 'correct the path (relative to the provider folder) or add the file' });
    ctx.files.set(file, null);
    return undefined;
  }
  const text = readFileSync(abs, 'utf8');
  const parsed = parseJsonSource(text, file);
  if (!parsed.ok) {
    ctx.problems.push(parsed.problem);
    ctx.files.set(file, null);
    return undefined;
  }
  const entry = { text, value: parsed.value, doc: parseDocument(text) };
  ctx.files.set(file, entry);
  return { file, ...entry };
}

/**
 * `file.json` or `file.json#/pointer` (`*` = every array item) on a model's `samples:`.
 * @param {Ctx} ctx @param {Path} path @param {string} ref @param {string} model
 */
function addSampleRef(ctx, path, ref, model) {
  const [rel, pointer = ''] = ref.split('#');
  if (pointer !== '' && !/^(\/[^/]+)+$/.test(pointer)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'a sample reference needs a JSON pointer after #', expected: 'e.g. api/list.json#/webhooks/* (`*` = every item)', found: JSON.stringify(ref), fix: 'write the pointer from the body root, starting with /' });
    return;
  }
  const f = sampleFile(ctx, path, rel);
  if (!f) return;
  const nodes = nodesAt(f.doc.contents, pointerKeys(pointer), '');
  if (nodes.length === 0) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `nothing at ${pointer} in ${rel}`, expected: 'a pointer to an object of the sample', found: 'no such member', fix: 'correct the pointer' });
    return;
  }
  for (const { node, at } of nodes) addSample(ctx, model, f.file, f.text, node, at, path);
}

/**
 * The nodes at a pointer (keys; `*` = every item) of a parsed JSON document.
 * @param {unknown} node @param {string[]} keys @param {string} at
 * @returns {{ node: any, at: string }[]}
 */
function nodesAt(node, keys, at) {
  if (keys.length === 0) return node ? [{ node, at }] : [];
  const [k, ...rest] = keys;
  if (k === '*' && isSeq(node)) return node.items.flatMap((n, i) => nodesAt(n, rest, `${at}/${i}`));
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === k);
    return pair ? nodesAt(pair.value, rest, `${at}/${escapeKey(k)}`) : [];
  }
  return [];
}

/**
 * Adds the object at `node` (its exact text: every digit of a 64-bit id kept) as a sample of `model`.
 * @param {Ctx} ctx @param {string} model @param {string} file @param {string} text @param {any} node @param {string} at @param {Path} path
 */
function addSample(ctx, model, file, text, node, at, path) {
  const list = ctx.samples.get(model);
  if (!list) return; // a model of models/: its own samples define it
  const json = text.slice(node.range[0], node.range[1]);
  const value = JSON.parse(json);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: `the sample of ${model} at ${file}#${at} is not an object`, expected: 'an object {...}', found: describeValue(value), fix: 'point at the object' });
    return;
  }
  const id = at === '' ? file : `${file}#${at}`;
  if (!list.some((s) => s.file === id)) list.push({ file: id, value, json });
}

/**
 * Walks a response value along its type and adds the parts that are models as samples.
 * @param {Ctx} ctx @param {ApiType} t @param {any} node @param {string} at @param {string} file @param {string} text @param {Path} path
 */
function collectSamples(ctx, t, node, at, file, text, path) {
  if (!node) return;
  if (t.model) {
    if (isMap(node)) addSample(ctx, t.model, file, text, node, at, path);
    return;
  }
  if (t.items && isSeq(node)) node.items.forEach((n, i) => collectSamples(ctx, /** @type {ApiType} */ (t.items), n, `${at}/${i}`, file, text, path));
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const k = String(pair.key.value);
      const p = t.properties?.[k] ?? (typeof t.additionalProperties === 'object' ? t.additionalProperties : undefined);
      if (p) collectSamples(ctx, p, pair.value, `${at}/${escapeKey(k)}`, file, text, path);
    }
  }
}

/** `/a/b~1c` → ['a', 'b/c']; '' → []. */
function pointerKeys(/** @type {string} */ pointer) {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function escapeKey(/** @type {string} */ k) {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A JSON pointer key of api.yaml (`fieldErrors`, `messages`, pagination `items`, `next`).
 * @param {Ctx} ctx @param {Path} path
 * @returns {string[] | undefined}
 */
function loadPointer(ctx, path) {
  const p = ctx.r.expect(path, 'string');
  if (p === undefined) return undefined;
  if (!/^(\/[^/]+)+$/.test(p) || p.includes('*')) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'expected a JSON pointer', expected: 'a pointer such as /errors (no empty segment, no *)', found: JSON.stringify(p), fix: p.startsWith('/') ? 'remove the empty or * segment' : `write "/${p.replace(/^\/*/, '').replace(/\./g, '/')}"` });
    return undefined;
  }
  return pointerKeys(p);
}

/**
 * The type at `keys` inside `t` (through `properties` only).
 * @param {ApiType} t @param {string[]} keys @returns {ApiType | undefined}
 */
function typeAt(t, keys) {
  let cur = t;
  for (const k of keys) {
    const next = cur.properties?.[k];
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

// ---- errors ----

/** @param {Ctx} ctx @returns {ApiErrorSpec[]} */
function loadErrors(ctx) {
  const { r, src, problems } = ctx;
  /** @type {ApiErrorSpec[]} */
  const out = [];
  const list = r.expect(['errors'], 'list') ?? [];
  /** @type {Map<string, number>} */
  const seen = new Map();
  list.forEach((/** @type {unknown} */ _e, /** @type {number} */ i) => {
    const at = ['errors', i];
    if (!r.expect(at, 'map')) return;
    const before = problems.length;
    const raw = r.get(at);
    const status = loadStatus(ctx, [...at, 'status'], { required: true, classes: true, success: false });
    const name = r.expect([...at, 'name'], 'string', { required: true, fix: 'add `name:` the TypeScript name of the error body, e.g. WebhookErrors' });
    if (name !== undefined && !PASCAL.test(name)) problems.push({ at: src.loc([...at, 'name']), message: 'invalid type name', expected: 'a PascalCase identifier', found: JSON.stringify(name), fix: 'use letters and digits, starting upper-case' });
    if (name !== undefined && ctx.modelNames.includes(name)) problems.push({ at: src.loc([...at, 'name']), message: `error body name ${name} is also a model`, expected: 'a name no model uses', found: JSON.stringify(name), fix: `rename it, e.g. ${name}Errors` });
    const type = loadType(ctx, at, ['status', 'name', 'fieldErrors', 'messages']);
    /** @type {ApiErrorSpec} */
    const spec = { status: status ?? 0, name: name ?? '', type: type ?? {} };
    if (type?.description) spec.description = type.description;
    if (type?.source) spec.source = type.source;
    for (const k of /** @type {const} */ (['fieldErrors', 'messages'])) {
      if (raw[k] === undefined) continue;
      const keys = loadPointer(ctx, [...at, k]);
      if (!keys || !type) continue;
      const target = typeAt(type, keys);
      const okShape =
        k === 'fieldErrors'
          ? target?.type?.includes('object') && typeof target.additionalProperties === 'object' && target.additionalProperties.type?.includes('array') && target.additionalProperties.items?.type?.includes('string')
          : target?.type?.includes('array') && target.items?.type?.includes('string');
      if (!okShape) {
        problems.push({
          at: src.loc([...at, k]),
          message: `\`${k}\` must point at ${k === 'fieldErrors' ? 'a map of field name to a list of strings' : 'a list of strings'} in the error body`,
          expected: k === 'fieldErrors' ? '`type: object` with `additionalProperties: { type: array, items: { type: string } }` there' : '`type: array` with `items: { type: string }` there',
          found: target ? describeType(target) : 'no such member in `properties`',
          fix: 'correct the pointer or the body type',
        });
      } else spec[k] = keys;
    }
    if (status !== undefined) {
      const key = String(status);
      if (seen.has(key)) problems.push({ at: src.loc([...at, 'status']), message: `status ${key} is described twice`, expected: 'one entry per status', found: `entries ${seen.get(key)} and ${i}`, fix: 'merge them' });
      seen.set(key, i);
    }
    if (problems.length === before) out.push(spec);
  });
  return out;
}

/**
 * @param {Ctx} ctx @param {Path} path
 * @param {{ required: boolean, classes: boolean, success: boolean | undefined }} opts
 * @returns {number | string | undefined}
 */
function loadStatus(ctx, path, opts) {
  const v = ctx.r.get(path);
  if (v === undefined) {
    if (opts.required) ctx.r.expect(path, 'string', { required: true, fix: 'add `status:` the HTTP status (e.g. 422), or a class (4XX)' });
    return undefined;
  }
  if (Number.isInteger(v) && v >= 100 && v <= 599) {
    const ok = opts.success === undefined || (opts.success ? v < 300 && v >= 200 : v >= 300);
    if (ok) return v;
  } else if (opts.classes && typeof v === 'string' && /^[45]XX$/.test(v)) return v;
  ctx.problems.push({
    at: ctx.src.loc(path),
    message: 'invalid status',
    expected: opts.success === true ? 'a 2xx HTTP status, e.g. 200 or 201' : opts.success === false ? `an error status (300-599)${opts.classes ? ', or 4XX / 5XX' : ''}` : 'an HTTP status (100-599)',
    found: describeValue(v),
    fix: 'write the status the docs give',
  });
  return undefined;
}

/** The error entry for a status: exact, else its class. @param {ApiErrorSpec[]} errors @param {number} status */
function errorFor(errors, status) {
  return errors.find((e) => e.status === status) ?? errors.find((e) => e.status === `${Math.floor(status / 100)}XX`);
}

// ---- operations ----

/** @param {Ctx} ctx @param {ApiErrorSpec[]} errors @returns {ApiOperation[]} */
function loadOperations(ctx, errors) {
  const { r, src, problems } = ctx;
  const raw = r.expect(['operations'], 'map', { required: true, fix: 'add `operations:` (see spec/README.md, "api.yaml")' }) ?? {};
  /** @type {ApiOperation[]} */
  const out = [];
  /** @type {Map<string, string>} generated method name → the operation that claims it */
  const methods = new Map();
  for (const name of Object.keys(raw).sort(compareStrings)) {
    const at = ['operations', name];
    if (!CAMEL.test(name)) {
      problems.push({ at: src.loc(at, { key: true }), message: `invalid operation name "${name}"`, expected: "a camelCase identifier: the client method's name, e.g. listWebhooks", found: JSON.stringify(name), fix: `write e.g. "${name.replace(/[^A-Za-z0-9]+(.)/g, (_m, c) => c.toUpperCase()).replace(/^[^a-z]+/, '').replace(/^./, (c) => c.toLowerCase()) || 'listThings'}"` });
      continue;
    }
    if (!r.expect(at, 'map')) continue;
    r.onlyKeys(at, OPERATION_KEYS);
    const before = problems.length;
    const o = raw[name];
    const methodRaw = r.expect([...at, 'method'], 'string', { required: true });
    const method = methodRaw?.toUpperCase();
    if (methodRaw !== undefined && (!METHODS.includes(/** @type {string} */ (method)) || method !== methodRaw)) {
      problems.push({ at: src.loc([...at, 'method']), message: `unsupported method "${methodRaw}"`, expected: METHODS.join(' | '), found: JSON.stringify(methodRaw), fix: METHODS.includes(/** @type {string} */ (method)) ? `write "${method}"` : 'use the HTTP method the docs give' });
    }
    const path = r.expect([...at, 'path'], 'string', { required: true });
    const checked = path !== undefined ? checkPath(ctx, [...at, 'path'], path) : undefined;
    const placeholders = checked ?? [];
    const params = loadParams(ctx, [...at, 'params'], 'path');
    for (const p of placeholders) {
      if (!params.some((x) => x.name === p) && r.get([...at, 'params', p]) === undefined) {
        problems.push({ at: src.loc([...at, 'path']), message: `the path has {${p}}, which \`params\` does not declare`, expected: `a parameter \`${p}\` under params`, found: JSON.stringify(path), fix: `add under ${name}:\nparams:\n  ${p}: { type: integer, description: ... }` });
      }
    }
    for (const p of checked ? params : []) {
      if (!placeholders.includes(p.name)) problems.push({ at: src.loc([...at, 'params', p.name], { key: true }), message: `path parameter \`${p.name}\` is not in the path`, expected: `{${p.name}} in ${JSON.stringify(path)}`, found: 'no such placeholder', fix: `place {${p.name}} in the path, or move it to \`query\`` });
    }
    const query = loadParams(ctx, [...at, 'query'], 'query');
    const body = o.body === undefined ? undefined : loadBody(ctx, [...at, 'body'], params);
    if (o.body !== undefined && method === 'GET') problems.push({ at: src.loc([...at, 'body'], { key: true }), message: 'a GET request has no body', expected: 'no `body` on a GET operation', found: '`body`', fix: 'move the values to `query`, or correct the method' });
    const response = loadResponse(ctx, [...at, 'response']);
    for (const q of query) {
      if (q.select && !(response?.type && responseModel(response.type))) {
        problems.push({ at: src.loc([...at, 'query', q.name, 'select']), message: '`select: true` needs a response whose value is a model (or a list of one)', expected: 'response: `model: <Name>`, or `type: array` with `items: { model: <Name> }`', found: response?.type ? describeType(response.type) : 'no response type', fix: 'remove `select`, or type the response' });
      }
    }
    const pagination = o.pagination === undefined ? undefined : loadPagination(ctx, [...at, 'pagination'], query, response);
    /** @type {ApiOperation} */
    const op = {
      name,
      method: /** @type {ApiOperation['method']} */ (method ?? 'GET'),
      path: path ?? '/',
      params: sortParams(params, placeholders),
      query,
      response: response ?? {},
      examples: [],
    };
    for (const k of /** @type {const} */ (['summary', 'description', 'source'])) if (o[k] !== undefined && r.expect([...at, k], 'string')) op[k] = o[k];
    if (body) op.body = body;
    if (pagination) op.pagination = pagination;
    if (problems.length === before) op.examples = loadExamples(ctx, [...at, 'examples'], op, errors);
    for (const m of [name, ...(pagination ? [iteratorName(name)] : [])]) {
      const other = methods.get(m);
      if (other !== undefined) problems.push({ at: src.loc(at, { key: true }), message: `the client method ${m} is generated for both ${other} and ${name}`, expected: 'distinct method names', found: m, fix: `rename one of the operations (the iterator of a paginated listX is iterateX)` });
      methods.set(m, name);
    }
    if (problems.length === before) out.push(op);
  }
  return out;
}

export { iteratorName } from '../util/naming.js';

/** Path parameters in the order their placeholders appear. @param {ApiParam[]} params @param {string[]} order */
function sortParams(params, order) {
  return [...params].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/**
 * Checks a path template; returns its placeholder names in order (undefined when it is broken).
 * @param {Ctx} ctx @param {Path} path @param {string} value
 * @returns {string[] | undefined}
 */
function checkPath(ctx, path, value) {
  const { src, problems } = ctx;
  if (value.includes('#{')) {
    problems.push({ at: src.loc(path), message: 'unbalanced brace in the path', expected: 'placeholders written as {name}, e.g. /admin/webhooks/{id}.json', found: JSON.stringify(value), fix: `write ${JSON.stringify(value.replace(/#\{/g, '{'))} (the docs' #{id} is {id} here)` });
    return undefined;
  }
  if (!value.startsWith('/') || /[?#\s]/.test(value)) {
    problems.push({ at: src.loc(path), message: 'invalid operation path', expected: 'a path from the base URL, starting with /, without query or fragment (query parameters go under `query`)', found: JSON.stringify(value), fix: value.includes('?') ? `write ${JSON.stringify(value.slice(0, value.indexOf('?')))} and move the rest to \`query\`` : /\s/.test(value) ? 'remove the spaces (percent-encode them if the path has any)' : `write "/${value.replace(/^\/*/, '')}"` });
    return undefined;
  }
  if (/[{}]/.test(value.replace(/\{[^{}]*\}/g, ''))) {
    problems.push({ at: src.loc(path), message: 'unbalanced brace in the path', expected: 'placeholders written as {name}, e.g. /admin/webhooks/{id}.json', found: JSON.stringify(value), fix: 'close each { with }' });
    return undefined;
  }
  const names = [...value.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  for (const n of names) {
    if (!PARAM_NAME.test(n)) problems.push({ at: src.loc(path), message: `invalid placeholder {${n}} in the path`, expected: 'a parameter name: letters, digits and _', found: JSON.stringify(`{${n}}`), fix: 'rename it, and its entry under `params`' });
  }
  if (new Set(names).size !== names.length) problems.push({ at: src.loc(path), message: 'a placeholder appears twice in the path', expected: 'each parameter once', found: JSON.stringify(value), fix: 'remove the repeated placeholder' });
  return names;
}

/**
 * Path or query parameters: a map of name → type (+ `style`, `select` for query).
 * @param {Ctx} ctx @param {Path} path @param {'path' | 'query'} kind
 * @returns {ApiParam[]}
 */
function loadParams(ctx, path, kind) {
  const { r, src, problems } = ctx;
  const raw = r.get(path);
  if (raw === undefined || !r.expect(path, 'map')) return [];
  /** @type {ApiParam[]} */
  const out = [];
  for (const name of Object.keys(raw).sort(compareStrings)) {
    const at = [...path, name];
    if (!PARAM_NAME.test(name)) {
      problems.push({ at: src.loc(at, { key: true }), message: `invalid parameter name "${name}"`, expected: 'letters, digits and _ (the name as the API spells it)', found: JSON.stringify(name), fix: 'write the name the docs give' });
      continue;
    }
    const before = problems.length;
    const t = loadType(ctx, at, kind === 'query' ? ['style', 'select'] : []);
    if (!t) continue;
    const v = raw[name];
    /** @type {ApiParam} */
    const p = { name, ...t };
    const types = t.type ?? [];
    const scalar = (/** @type {ApiType} */ x) => !x.model && (x.type ?? []).length > 0 && (x.type ?? []).every((y) => ['string', 'integer', 'number', 'boolean', 'topic'].includes(y));
    if (kind === 'path' && !(scalar(t) && types.every((y) => y === 'string' || y === 'integer'))) {
      problems.push({ at: src.loc(at), message: `path parameter \`${name}\` must be a string or an integer`, expected: '`type: integer` or `type: string`', found: describeType(t), fix: 'type it as the docs give it' });
    }
    if (kind === 'query') {
      const isArray = types.includes('array');
      if (!(scalar(t) || (types.length === 1 && isArray && t.items && scalar(t.items)))) {
        problems.push({ at: src.loc(at), message: `query parameter \`${name}\` must be a scalar or a list of scalars`, expected: 'string, integer, number, boolean, topic, or an array of them', found: describeType(t), fix: 'type it as the docs give it' });
      }
      if (v.style !== undefined) {
        if (v.style !== 'comma') problems.push({ at: src.loc([...at, 'style']), message: `unsupported style ${describeValue(v.style)}`, expected: '"comma" (the items joined with ",")', found: describeValue(v.style), fix: 'write `style: comma`' });
        else if (!isArray) problems.push({ at: src.loc([...at, 'style']), message: '`style` applies to arrays only', expected: '`type: array` with `style: comma`', found: describeType(t), fix: 'remove `style`' });
        else p.style = 'comma';
      } else if (isArray) {
        problems.push({ at: src.loc(at), message: `array parameter \`${name}\` needs a style`, expected: '`style: comma` (one parameter, items joined with ",")', found: 'no `style`', fix: 'add `style: comma`' });
      }
      if (v.select !== undefined && r.expect([...at, 'select'], 'boolean') && v.select) {
        if (!isArray || !t.items?.type?.includes('string')) problems.push({ at: src.loc([...at, 'select']), message: '`select: true` needs a list of strings (property names)', expected: '`type: array`, `items: { type: string }`, `style: comma`', found: describeType(t), fix: 'type the parameter as a list of strings' });
        else p.select = true;
      }
    }
    if (problems.length === before) out.push(p);
  }
  return out;
}

/**
 * @param {Ctx} ctx @param {Path} path @param {ApiParam[]} params
 * @returns {ApiBody | undefined}
 */
function loadBody(ctx, path, params) {
  const { r, src, problems } = ctx;
  if (!r.expect(path, 'map')) return undefined;
  r.onlyKeys(path, BODY_KEYS);
  const before = problems.length;
  const raw = r.get(path);
  const envelope = r.expect([...path, 'envelope'], 'string');
  let model = r.expect([...path, 'model'], 'string');
  if (model !== undefined && !ctx.modelNames.includes(model)) {
    const guess = closest(model, ctx.modelNames);
    problems.push({ at: src.loc([...path, 'model']), message: `unknown model "${model}"`, expected: `one of: ${ctx.modelNames.join(', ')}`, found: JSON.stringify(model), fix: guess ? `did you mean "${guess}"?` : 'declare it under `models:`' });
    model = undefined;
  }
  /** @type {ApiBody} */
  const body = { properties: [], pathParams: [] };
  if (envelope) body.envelope = envelope;
  if (model) body.model = model;
  const props = r.expect([...path, 'properties'], 'map', { required: true, fix: 'add `properties:` the fields the request sends' }) ?? {};
  for (const k of Object.keys(props).sort(compareStrings)) {
    const at = [...path, 'properties', k];
    const v = props[k] ?? {};
    if (props[k] !== null && !r.expect(at, 'map')) continue;
    r.onlyKeys(at, BODY_PROPERTY_KEYS);
    /** @type {import('../model/types.js').ApiBodyProperty} */
    const prop = { name: k, required: false };
    if (v.required !== undefined && r.expect([...at, 'required'], 'boolean')) prop.required = v.required;
    for (const x of /** @type {const} */ (['description', 'source'])) if (v[x] !== undefined && r.expect([...at, x], 'string')) prop[x] = v[x];
    const typeKeys = Object.keys(v).filter((x) => !['required', 'default', 'description', 'source'].includes(x));
    if (model) {
      if (typeKeys.length) problems.push({ at: src.loc([...at, typeKeys[0]], { key: true }), message: `the type of ${k} comes from the model ${model}`, expected: 'required, default, description, source', found: `\`${typeKeys[0]}\``, fix: `remove it (type the field with a hint on ${model})` });
    } else {
      const t = loadType(ctx, at, ['required', 'default']);
      if (t) prop.type = t;
    }
    if (v.default !== undefined) {
      if (!['string', 'number', 'boolean'].includes(typeof v.default)) problems.push({ at: src.loc([...at, 'default']), message: 'a default must be a scalar', expected: 'a string, number or boolean', found: describeValue(v.default), fix: 'write the documented default' });
      else prop.default = v.default;
    }
    body.properties.push(prop);
  }
  if (model) {
    // checked once the samples are known (see checkBodyFields)
    ctx.bodyChecks.push({ path, model, names: body.properties.map((p) => p.name) });
  }
  if (raw.pathParams !== undefined && r.expect([...path, 'pathParams'], 'list')) {
    raw.pathParams.forEach((/** @type {unknown} */ n, /** @type {number} */ i) => {
      if (typeof n === 'string' && params.some((p) => p.name === n)) body.pathParams.push(n);
      else problems.push({ at: src.loc([...path, 'pathParams', i]), message: 'not a path parameter of this operation', expected: params.length ? `one of: ${params.map((p) => p.name).join(', ')}` : 'a parameter under `params`', found: describeValue(n), fix: 'name a path parameter' });
    });
  }
  return problems.length === before ? body : undefined;
}

/**
 * @param {Ctx} ctx @param {Path} path
 * @returns {ApiResponse | undefined}
 */
function loadResponse(ctx, path) {
  const { r, src, problems } = ctx;
  if (!r.expect(path, 'map', { required: true, fix: 'add `response:` with `status:` and the type of the value (or `empty: true`)' })) return undefined;
  const raw = r.get(path);
  const before = problems.length;
  /** @type {ApiResponse} */
  const out = {};
  const status = loadStatus(ctx, [...path, 'status'], { required: false, classes: false, success: true });
  if (typeof status === 'number') out.status = status;
  const envelope = r.expect([...path, 'envelope'], 'string');
  if (envelope) out.envelope = envelope;
  if (raw.empty !== undefined) {
    r.onlyKeys(path, ['status', 'empty', 'description']);
    if (raw.empty !== true) problems.push({ at: src.loc([...path, 'empty']), message: '`empty` can only be true', expected: '`empty: true` (no body, or one to ignore)', found: describeValue(raw.empty), fix: 'write `empty: true`, or remove it and type the response' });
    if (r.expect([...path, 'description'], 'string')) out.description = raw.description;
  } else {
    const t = loadType(ctx, path, ['status', 'envelope', 'empty']);
    if (t) {
      const { description, ...type } = t;
      out.type = type;
      if (description) out.description = description;
    }
  }
  return problems.length === before ? out : undefined;
}

/** The model a response value is, or holds a list of. @param {ApiType} t */
function responseModel(t) {
  return t.model ?? (t.type?.includes('array') ? t.items?.model : undefined);
}

/**
 * @param {Ctx} ctx @param {Path} path @param {ApiParam[]} query @param {ApiResponse | undefined} response
 * @returns {ApiPagination | undefined}
 */
function loadPagination(ctx, path, query, response) {
  const { r, src, problems } = ctx;
  if (!r.expect(path, 'map')) return undefined;
  r.onlyKeys(path, PAGINATION_KEYS);
  const raw = r.get(path);
  const before = problems.length;
  /** @type {ApiPagination} */
  const out = { items: [] };
  const queryParam = (/** @type {Path} */ at, /** @type {string} */ name, /** @type {string[]} */ types) => {
    const q = query.find((x) => x.name === name);
    if (!q) {
      const guess = closest(name, query.map((x) => x.name));
      problems.push({ at: src.loc(at), message: `\`${name}\` is not a query parameter of this operation`, expected: query.length ? `one of: ${query.map((x) => x.name).join(', ')}` : 'a parameter under `query`', found: JSON.stringify(name), fix: guess ? `did you mean "${guess}"?` : 'declare it under `query`' });
    } else if (!(q.type ?? []).some((x) => types.includes(x))) {
      problems.push({ at: src.loc(at), message: `query parameter \`${name}\` has the wrong type for pagination`, expected: types.join(' or '), found: describeType(q), fix: 'type the parameter as the docs give it' });
    }
    return q;
  };
  if (raw.cursor !== undefined && r.expect([...path, 'cursor'], 'map')) {
    r.onlyKeys([...path, 'cursor'], ['param', 'field']);
    const param = r.expect([...path, 'cursor', 'param'], 'string', { required: true });
    const field = r.expect([...path, 'cursor', 'field'], 'string', { required: true });
    if (param) queryParam([...path, 'cursor', 'param'], param, ['integer', 'string']);
    if (param && field) out.cursor = { param, field };
  }
  if (raw.page !== undefined && r.expect([...path, 'page'], 'map')) {
    r.onlyKeys([...path, 'page'], ['param', 'first']);
    const param = r.expect([...path, 'page', 'param'], 'string', { required: true });
    const first = raw.page.first;
    if (!Number.isInteger(first)) problems.push({ at: src.loc([...path, 'page', raw.page.first === undefined ? 'param' : 'first']), message: 'the number of the first page is needed', expected: '`first: 0` or `first: 1`, as the docs count', found: describeValue(first), fix: 'add `first:`' });
    if (param) queryParam([...path, 'page', 'param'], param, ['integer']);
    if (param && Number.isInteger(first)) out.page = { param, first };
  }
  if (raw.cursor === undefined && raw.page === undefined) problems.push({ at: src.loc(path), message: 'pagination needs `cursor` or `page`', expected: '`cursor: { param, field }` and/or `page: { param, first }`', found: 'neither', fix: 'describe how the docs page through the list' });
  if (raw.limit !== undefined) {
    const limit = r.expect([...path, 'limit'], 'string');
    if (limit && queryParam([...path, 'limit'], limit, ['integer'])) out.limit = limit;
  }
  for (const k of /** @type {const} */ (['source'])) if (raw[k] !== undefined && r.expect([...path, k], 'string')) out[k] = raw[k];
  const type = response?.type;
  if (!type) {
    if (response) problems.push({ at: src.loc(path, { key: true }), message: 'a paginated operation needs a typed response', expected: 'a response with a list of items', found: 'an empty response', fix: 'type the response, or remove `pagination`' });
    return undefined;
  }
  if (raw.items !== undefined) out.items = loadPointer(ctx, [...path, 'items']) ?? [];
  const items = typeAt(type, out.items);
  if (!items || !items.type?.includes('array') || !items.items) {
    problems.push({ at: src.loc(raw.items !== undefined ? [...path, 'items'] : path), message: 'the items of a page are not a list', expected: raw.items === undefined ? 'a response whose value is a list, or `items: /<member>` pointing at one' : 'a pointer to an array member of the response type', found: items ? describeType(items) : 'no such member', fix: 'point `items` at the list in the response' });
  } else if (out.cursor && items.items.model) {
    ctx.cursorChecks.push({ path: [...path, 'cursor', 'field'], model: items.items.model, field: out.cursor.field });
  } else if (out.cursor && items.items.properties && !items.items.properties[out.cursor.field]) {
    problems.push({ at: src.loc([...path, 'cursor', 'field']), message: `the items have no field \`${out.cursor.field}\``, expected: `one of: ${Object.keys(items.items.properties).join(', ')}`, found: JSON.stringify(out.cursor.field), fix: 'name the field whose value is the next cursor' });
  }
  if (raw.next !== undefined) {
    const next = loadPointer(ctx, [...path, 'next']);
    if (next && !typeAt(type, next)) problems.push({ at: src.loc([...path, 'next']), message: 'the response type has no such member', expected: `a member of ${describeType(type)}`, found: JSON.stringify(raw.next), fix: 'point at the member that is null on the last page' });
    else if (next) out.next = next;
  }
  return problems.length === before ? out : undefined;
}

/**
 * @param {Ctx} ctx @param {Path} path @param {ApiOperation} op @param {ApiErrorSpec[]} errors
 * @returns {ApiExample[]}
 */
function loadExamples(ctx, path, op, errors) {
  const { r, src, problems } = ctx;
  const list = r.expect(path, 'list') ?? [];
  /** @type {ApiExample[]} */
  const out = [];
  list.forEach((/** @type {unknown} */ _x, /** @type {number} */ i) => {
    const at = [...path, i];
    if (!r.expect(at, 'map')) return;
    r.onlyKeys(at, EXAMPLE_KEYS);
    const raw = r.get(at);
    const before = problems.length;
    const status = raw.status === undefined ? (op.response.status ?? 200) : loadStatus(ctx, [...at, 'status'], { required: false, classes: false, success: undefined });
    if (status === undefined || typeof status !== 'number') return;
    const success = status >= 200 && status < 300;
    /** @type {ApiExample} */
    const ex = { params: {}, query: {}, status };
    if (raw.title !== undefined && r.expect([...at, 'title'], 'string')) ex.title = raw.title;
    // path parameters: every one, each of its type
    const params = raw.params === undefined ? {} : r.expect([...at, 'params'], 'map') ?? {};
    for (const p of op.params) {
      if (params[p.name] === undefined) problems.push({ at: src.loc(raw.params === undefined ? at : [...at, 'params']), message: `the example gives no value for path parameter \`${p.name}\``, expected: `params: { ${p.name}: ... }`, found: 'none', fix: `add the value the docs' example uses` });
    }
    for (const [k, v] of Object.entries(params)) {
      const p = op.params.find((x) => x.name === k);
      const issue = p ? staticIssue(ctx, p, v) : 'not a path parameter';
      if (issue) problems.push({ at: src.loc([...at, 'params', k]), message: `example value of path parameter \`${k}\` is wrong`, expected: p ? describeType(p) : `one of: ${op.params.map((x) => x.name).join(', ') || 'none'}`, found: `${describeValue(v)} (${issue})`, fix: 'correct the value' });
      else ex.params[k] = /** @type {string | number | boolean} */ (v);
    }
    const query = raw.query === undefined ? {} : r.expect([...at, 'query'], 'map') ?? {};
    for (const [k, v] of Object.entries(query)) {
      const q = op.query.find((x) => x.name === k);
      const issue = q ? staticIssue(ctx, q, v) : 'not a query parameter';
      if (issue) {
        const guess = q ? undefined : closest(k, op.query.map((x) => x.name));
        problems.push({ at: src.loc([...at, 'query', k], { key: !q }), message: `example query \`${k}\` is wrong`, expected: q ? describeType(q) : `one of: ${op.query.map((x) => x.name).join(', ') || 'none'}`, found: `${describeValue(v)} (${issue})`, fix: guess ? `did you mean \`${guess}\`?` : 'correct the example' });
      } else ex.query[k] = v;
    }
    if (raw.request !== undefined) {
      const rel = r.expect([...at, 'request'], 'string');
      const f = rel ? sampleFile(ctx, [...at, 'request'], rel) : undefined;
      if (rel && !op.body) problems.push({ at: src.loc([...at, 'request']), message: 'a request sample for an operation without a body', expected: '`body:` on the operation', found: JSON.stringify(rel), fix: 'describe the body, or remove `request`' });
      else if (f && success && op.body) checkRequestSample(ctx, [...at, 'request'], op, f.value);
      if (f) {
        ex.request = f.file;
        ex.requestBody = f.value;
      }
    } else if (op.body && success) {
      problems.push({ at: src.loc(at), message: 'the example of an operation with a body has no request sample', expected: '`request: <file>.json`', found: 'none', fix: 'add the request body the docs show' });
    }
    if (raw.response !== undefined) {
      const rel = r.expect([...at, 'response'], 'string');
      const f = rel ? sampleFile(ctx, [...at, 'response'], rel) : undefined;
      if (f) {
        ex.response = f.file;
        if (success) checkResponseSample(ctx, [...at, 'response'], op, f);
        else {
          const e = errorFor(errors, status);
          if (!e) problems.push({ at: src.loc([...at, 'status']), message: `no error body is described for status ${status}`, expected: `an entry \`- status: ${status}\` (or ${Math.floor(status / 100)}XX) under \`errors:\``, found: errors.length ? `errors for ${errors.map((x) => x.status).join(', ')}` : 'no `errors:`', fix: 'describe the error body under `errors:`' });
          else {
            const issue = staticIssue(ctx, e.type, f.value);
            if (issue) problems.push({ at: src.loc([...at, 'response']), message: `the response sample does not match the error body ${e.name}`, expected: describeType(e.type), found: issue, fix: `correct the sample or the \`errors:\` entry for ${e.status}` });
          }
        }
      }
    }
    if (problems.length === before) out.push(ex);
  });
  return out;
}

/**
 * A success example's request body: its envelope, and only the fields the operation sends.
 * @param {Ctx} ctx @param {Path} path @param {ApiOperation} op @param {unknown} value
 */
function checkRequestSample(ctx, path, op, value) {
  const body = /** @type {ApiBody} */ (op.body);
  let fields = /** @type {any} */ (value);
  const isObj = (/** @type {unknown} */ v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (body.envelope) {
    if (!isObj(fields) || !Object.hasOwn(fields, body.envelope)) {
      ctx.problems.push({ at: ctx.src.loc(path), message: `the request sample has no \`${body.envelope}\` member`, expected: `{ "${body.envelope}": { ... } } (body.envelope)`, found: describeValue(value), fix: 'correct the sample or the envelope' });
      return;
    }
    fields = fields[body.envelope];
  }
  if (!isObj(fields)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'the request body is not an object', expected: 'an object of fields', found: describeValue(fields), fix: 'correct the sample' });
    return;
  }
  const allowed = [...body.properties.map((p) => p.name), ...body.pathParams];
  for (const k of Object.keys(fields)) {
    if (!allowed.includes(k)) ctx.problems.push({ at: ctx.src.loc(path), message: `the request sample sends \`${k}\`, which \`body.properties\` does not list`, expected: `one of: ${allowed.join(', ')}`, found: JSON.stringify(k), fix: `add \`${k}\` to the body's properties (or to pathParams), or move the sample to an error example` });
  }
  for (const p of body.properties) {
    if (p.required && fields[p.name] === undefined) ctx.problems.push({ at: ctx.src.loc(path), message: `the request sample lacks the required \`${p.name}\``, expected: `\`${p.name}\` in the body`, found: 'missing', fix: 'correct the sample, or make the property optional' });
    if (p.type && fields[p.name] !== undefined) {
      const issue = staticIssue(ctx, p.type, fields[p.name], `/${p.name}`);
      if (issue) ctx.problems.push({ at: ctx.src.loc(path), message: 'the request sample does not match the body type', expected: describeType(p.type), found: issue, fix: 'correct the sample or the type' });
    }
  }
}

/**
 * A success example's response: its envelope, the non-model parts against the type, and the
 * model parts as samples of their models.
 * @param {Ctx} ctx @param {Path} path @param {ApiOperation} op @param {{ file: string, text: string, value: unknown, doc: import('yaml').Document.Parsed }} f
 */
function checkResponseSample(ctx, path, op, f) {
  const res = op.response;
  if (!res.type) return; // empty: whatever the body is, it is ignored
  let node = /** @type {any} */ (f.doc.contents);
  let value = /** @type {any} */ (f.value);
  let at = '';
  if (res.envelope) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, res.envelope)) {
      ctx.problems.push({ at: ctx.src.loc(path), message: `the response sample has no \`${res.envelope}\` member`, expected: `{ "${res.envelope}": ... } (response.envelope)`, found: describeValue(value), fix: 'correct the sample or the envelope' });
      return;
    }
    value = value[res.envelope];
    node = nodesAt(node, [res.envelope], '')[0]?.node;
    at = `/${escapeKey(res.envelope)}`;
  }
  const issue = staticIssue(ctx, res.type, value, at);
  if (issue) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'the response sample does not match the response type', expected: describeType(res.type), found: issue, fix: 'correct the sample or the type' });
    return;
  }
  collectSamples(ctx, res.type, node, at, f.file, f.text, path);
}

/**
 * Body fields and cursor fields must be fields of their model; names of generated client types
 * must not be model names.
 * @param {Ctx} ctx @param {{ models: ModelSpec[], topics: TopicSpec[], typePrefix: string | undefined }} provider
 * @param {ApiOperation[]} operations @param {ApiErrorSpec[]} errors
 */
function checkNameClashes(ctx, provider, operations, errors) {
  const fieldsOf = (/** @type {string} */ model) => {
    const m = provider.models.find((x) => x.name === model);
    /** @type {Set<string>} */
    const out = new Set();
    for (const s of m?.samples ?? []) if (s.value && typeof s.value === 'object') for (const k of Object.keys(s.value)) out.add(k);
    for (const h of m?.hints ?? []) if (h.segments.length === 1) out.add(h.segments[0]);
    return out;
  };
  for (const c of ctx.bodyChecks) {
    const known = fieldsOf(c.model);
    if (known.size === 0) continue;
    for (const n of c.names) {
      if (!known.has(n)) {
        const guess = closest(n, known);
        ctx.problems.push({ at: ctx.src.loc([...c.path, 'properties', n], { key: true }), message: `\`${n}\` is not a field of ${c.model}`, expected: `one of: ${[...known].sort(compareStrings).join(', ')}`, found: JSON.stringify(n), fix: guess ? `did you mean \`${guess}\`?` : `add a typed hint for /${n} to ${c.model}, or give the property its own type (without \`model\`)` });
      }
    }
  }
  for (const c of ctx.cursorChecks) {
    const known = fieldsOf(c.model);
    if (known.size && !known.has(c.field)) {
      const guess = closest(c.field, known);
      ctx.problems.push({ at: ctx.src.loc(c.path), message: `the cursor field \`${c.field}\` is not a field of ${c.model}`, expected: `one of: ${[...known].sort(compareStrings).join(', ')}`, found: JSON.stringify(c.field), fix: guess ? `did you mean \`${guess}\`?` : 'name the field whose value is the next cursor' });
    }
  }
  const T = provider.typePrefix;
  if (!T) return;
  /** @type {Map<string, string>} */
  const generated = new Map();
  for (const n of [`${T}Client`, `${T}ClientOptions`, `${T}ApiError`, `${T}ApiErrorBody`, 'ApiError', 'ResponseValidationError', 'ClientOptions', 'RequestOptions', 'FetchLike', 'FetchInit', 'FetchResponseLike', 'ClientHeaders', 'SelectFields']) generated.set(n, 'a client type');
  for (const op of operations) {
    const P = op.name[0].toUpperCase() + op.name.slice(1);
    if (op.query.length) generated.set(`${P}Query`, `the query type of ${op.name}`);
    if (op.body) generated.set(`${P}Body`, `the body type of ${op.name}`);
    if (op.response.type?.type?.length === 1 && op.response.type.type[0] === 'object' && op.response.type.properties) generated.set(`${P}Response`, `the response type of ${op.name}`);
  }
  for (const e of errors) generated.set(e.name, `the error body ${e.name}`);
  for (const m of provider.models) {
    const what = generated.get(m.name);
    if (what) ctx.problems.push({ at: m.at, message: `model ${m.name} has the name of ${what}`, expected: 'a model name that no generated client type uses', found: m.name, fix: 'rename the model, the operation or the error body' });
  }
}
