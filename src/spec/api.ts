/**
 * Stage 1, management API: read and validate `spec/<provider>/api.yaml` (format: spec/README.md,
 * "api.yaml"). An absent file means the provider has no client. Every problem is collected
 * with its location, as in ./load.ts; nothing here knows any provider.
 *
 * The models an api.yaml declares become ordinary models of the provider (inference, hints,
 * naming, schemas, guards, fixtures all apply): their samples are the parts of the examples'
 * response files that the operations' response types say are that model.
 *
 * The parts of the file each have a module under ./api/: types, operations, pagination,
 * examples, errors, and the samples collected from them.
 */
import { join } from 'node:path';
import { closest, type Problem } from '../util/diagnostics.js';
import { operationTypeName } from '../util/naming.js';
import { compareStrings } from '../util/order.js';
import type { ApiContext } from './api/context.js';
import { loadErrors } from './api/errors.js';
import { loadOperations } from './api/operations.js';
import { addSampleRef, loadModelHints } from './api/samples.js';
import { pathExists } from './files.js';
import { isRecord, reader, readYaml } from './reader.js';
import type { ApiErrorSpec, ApiOperation, ApiSpec, ModelSpec, SampleSpec, TopicSpec } from './types.js';
import type { YamlDataCache } from './yaml.js';

// the client emitter still imports the iterator's name from here
export { iteratorName } from '../util/naming.js';

const TOP_KEYS = ['title', 'description', 'docs', 'server', 'models', 'errors', 'operations'];
const MODEL_KEYS = ['description', 'samples', 'hints'];
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

/** What api.yaml needs of the rest of the provider; `models` gains the models api.yaml declares. */
export interface ApiProvider {
  models: ModelSpec[];
  topics: readonly TopicSpec[];
}

/**
 * Loads `<dir>/api.yaml` when it exists (`root` is the project root, `dir` the provider
 * folder, relative). The models it declares are appended to `provider.models`.
 */
export function loadApi(root: string, dir: string, provider: ApiProvider, problems: Problem[], dataCache?: YamlDataCache): ApiSpec | undefined {
  const file = `${dir}/api.yaml`;
  // a link to nothing is an api.yaml that cannot be read, reported by readYaml
  if (!pathExists(join(root, file))) return undefined;
  const src = readYaml(root, file, problems, dataCache);
  if (!src) return undefined;
  const r = reader(src, problems);
  if (!r.expect([], 'map', { required: true })) return undefined;
  const before = problems.length;
  r.onlyKeys([], TOP_KEYS);
  const title = r.expect(['title'], 'string');
  const description = r.expect(['description'], 'string');
  const docs: string[] = [];
  (r.expect(['docs'], 'list') ?? []).forEach((_d, i) => {
    const d = r.expect(['docs', i], 'string');
    if (d) docs.push(d);
  });
  const server = r.expect(['server'], 'string');
  if (server !== undefined && !/^https?:\/\/[^/\s]+/.test(server)) {
    problems.push({ at: src.loc(['server']), message: 'the server must be an absolute http(s) URL', expected: 'e.g. https://api.example.com', found: JSON.stringify(server), fix: 'write the documented base URL, or remove `server` (the client takes `baseUrl` anyway)' });
  }

  // the models api.yaml declares, known by name before anything refers to them
  const rawModels = r.expect(['models'], 'map') ?? {};
  const payloadNames = provider.models.map((m) => m.name);
  const apiModelNames: string[] = [];
  for (const name of Object.keys(rawModels).sort(compareStrings)) {
    if (!PASCAL.test(name)) {
      problems.push({ at: src.loc(['models', name], { key: true }), message: `invalid model name "${name}"`, expected: 'a PascalCase name (letters and digits, starting upper-case)', found: JSON.stringify(name), fix: 'rename it, e.g. "Webhook"' });
    } else if (payloadNames.includes(name)) {
      problems.push({ at: src.loc(['models', name], { key: true }), message: `model "${name}" is also defined in ${dir}/models/${name}.yaml`, expected: 'one definition per model name', found: 'two', fix: `refer to the existing model (\`model: ${name}\`) instead of declaring it again, or rename one of them` });
    } else apiModelNames.push(name);
  }
  const ctx: ApiContext = {
    src,
    r,
    problems,
    root,
    dir,
    topics: provider.topics.map((t) => t.topic),
    modelNames: [...payloadNames, ...apiModelNames].sort(compareStrings),
    bodyChecks: [],
    cursorChecks: [],
    samples: new Map(apiModelNames.map((n): [string, SampleSpec[]] => [n, []])),
    files: new Map(),
  };
  // samples listed on a model itself
  for (const name of apiModelNames) {
    const at = ['models', name];
    if (!r.expect(at, 'map', { fix: 'write the model as a map: description, samples (optional), hints' })) continue;
    r.onlyKeys(at, MODEL_KEYS);
    r.expect([...at, 'description'], 'string');
    (r.expect([...at, 'samples'], 'list') ?? []).forEach((_s, i) => {
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
    if (!isRecord(raw)) continue;
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

/**
 * The type names the generated client declares from api.yaml (name → what it is): one query,
 * body and response type per operation, and the error bodies. The provider-level client names
 * (`<Prefix>Client`, ...) and the runtime's are `providerTypeNames` and `RUNTIME_TYPE_NAMES`
 * (src/util/naming.ts).
 */
export function clientOperationTypeNames(operations: readonly ApiOperation[], errors: readonly ApiErrorSpec[]): Map<string, string> {
  const generated = new Map<string, string>();
  for (const op of operations) {
    if (op.query.length) generated.set(operationTypeName(op.name, 'Query'), `the query type of ${op.name}`);
    if (op.body) generated.set(operationTypeName(op.name, 'Body'), `the body type of ${op.name}`);
    if (op.response.type?.type?.length === 1 && op.response.type.type[0] === 'object' && op.response.type.properties) generated.set(operationTypeName(op.name, 'Response'), `the response type of ${op.name}`);
  }
  for (const e of errors) generated.set(e.name, `the error body ${e.name}`);
  return generated;
}

/**
 * Body fields and cursor fields must be fields of their model. (That no model type takes the
 * name of a generated client type is checked with every other generated name, in
 * src/model/build.ts.)
 */
function checkNameClashes(ctx: ApiContext, provider: ApiProvider, operations: readonly ApiOperation[], errors: readonly ApiErrorSpec[]): void {
  const fieldsOf = (model: string) => {
    const m = provider.models.find((x) => x.name === model);
    const out = new Set<string>();
    for (const s of m?.samples ?? []) if (s.value && typeof s.value === 'object') for (const k of Object.keys(s.value)) out.add(k);
    for (const h of m?.hints ?? []) if (h.segments.length === 1 && h.segments[0] !== undefined) out.add(h.segments[0]);
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
}
