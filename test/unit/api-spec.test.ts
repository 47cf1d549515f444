// spec/<provider>/api.yaml (generator/api-spec.js): the real files load into the intermediate
// model as expected, and a broken file is reported like the rest of the spec: every problem,
// each at `file:line:col` with expected / found / fix. Each case breaks a copy of the real
// spec/spiffy/api.yaml (or spec/cratejoy/api.yaml) in one known way; positions are computed
// from the broken text, so the cases survive edits of the spec.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { formatProblem } from '../../src/util/diagnostics.js';
import { copyProject, locate, re, REPO_ROOT } from '../helpers/project.js';

const SPIFFY = 'spec/spiffy/api.yaml';
const CRATEJOY = 'spec/cratejoy/api.yaml';
const INVALID_422 = 'spec/spiffy/api/webhooks.create-invalid.422.json';

describe('the real api.yaml files', () => {
  const { providers, problems } = loadSpec(REPO_ROOT);
  const spiffy = providers.find((p) => p.id === 'spiffy')!;
  const cratejoy = providers.find((p) => p.id === 'cratejoy')!;

  it('load without problems', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('Spiffy Stores: six operations, the Webhook model from the responses, the 422 body', () => {
    const api = spiffy.api!;
    expect(api.operations.map((o) => `${o.name} ${o.method} ${o.path}`)).toEqual([
      'countWebhooks GET /admin/webhooks/count.json',
      'createWebhook POST /admin/webhooks.json',
      'deleteWebhook DELETE /admin/webhooks/{id}.json',
      'getWebhook GET /admin/webhooks/{id}.json',
      'listWebhooks GET /admin/webhooks.json',
      'updateWebhook PUT /admin/webhooks/{id}.json',
    ]);
    const list = api.operations.find((o) => o.name === 'listWebhooks')!;
    expect(list.query.map((q) => q.name)).toEqual(['address', 'created_at_max', 'created_at_min', 'fields', 'limit', 'page', 'since_id', 'topic', 'updated_at_max', 'updated_at_min']);
    expect(list.query.find((q) => q.name === 'limit')).toMatchObject({ type: ['integer'], default: 50, maximum: 250 });
    expect(list.query.find((q) => q.name === 'page')).toMatchObject({ type: ['integer'], default: 1 });
    expect(list.query.find((q) => q.name === 'fields')).toMatchObject({ type: ['array'], style: 'comma', select: true });
    expect(list.query.find((q) => q.name === 'topic')).toMatchObject({ type: ['topic'] });
    expect(list.pagination).toEqual({ cursor: { param: 'since_id', field: 'id' }, page: { param: 'page', first: 1 }, limit: 'limit', items: [] });
    const create = api.operations.find((o) => o.name === 'createWebhook')!;
    expect(create.body).toMatchObject({ envelope: 'webhook', model: 'Webhook' });
    expect(create.body!.properties.filter((p) => p.required).map((p) => p.name)).toEqual(['address', 'topic']);
    expect(create.response).toMatchObject({ status: 201, envelope: 'webhook', type: { model: 'Webhook' } });
    expect(create.examples.map((e) => e.status)).toEqual([201, 422]);
    expect(api.operations.find((o) => o.name === 'updateWebhook')!.body!.pathParams).toEqual(['id']);
    expect(api.errors).toMatchObject([{ status: 422, name: 'WebhookErrors', fieldErrors: ['errors'] }]);
    const webhook = spiffy.models.find((m) => m.name === 'Webhook')!;
    expect(webhook.file).toBe(SPIFFY);
    expect(webhook.samples.map((s) => s.file)).toEqual([
      'spec/spiffy/api/webhooks.create.201.json#/webhook',
      'spec/spiffy/api/webhooks.get.200.json#/webhook',
      'spec/spiffy/api/webhooks.list.200.json#/webhooks/0',
      'spec/spiffy/api/webhooks.list.200.json#/webhooks/1',
      'spec/spiffy/api/webhooks.list-since-id.200.json#/webhooks/0',
      'spec/spiffy/api/webhooks.update.200.json#/webhook',
    ]);
    // the sample is the exact text of the response file
    expect(webhook.samples[0]!.json).toMatch(/^\{\n {4}"id": 1047897619,\n {4}"address": "http:\\\/\\\/whatever\.hostname\.com\\\/",/);
    // `type: topic` is every topic of topics.yaml
    const topic = webhook.hints.find((h) => h.pointer === '/topic')!;
    expect(topic.enum).toEqual(spiffy.topics.map((t) => t.topic));
    expect(topic.enum).toHaveLength(62);
  });

  it('Cratejoy: four operations (third-party sources marked), a page-numbered list', () => {
    const api = cratejoy.api!;
    expect(api.operations.map((o) => o.name)).toEqual(['createHook', 'deleteHook', 'listHooks', 'updateHook']);
    for (const o of api.operations) expect(o.source).toMatch(/third party/);
    expect(api.operations.find((o) => o.name === 'listHooks')!.pagination).toEqual({ page: { param: 'page', first: 0 }, limit: 'limit', items: ['results'], next: ['next'] });
    expect(api.errors).toMatchObject([{ status: '4XX', name: 'CratejoyErrors', messages: ['errors'] }]);
    expect(cratejoy.models.find((m) => m.name === 'Hook')!.samples).toHaveLength(4);
  });
});

// ---- broken copies ----

const project = copyProject({ include: ['spec'], prefix: 'webhook-typegen-api-spec-' });
const originals = new Map([SPIFFY, CRATEJOY, INVALID_422].map((f) => [f, project.read(f)]));

afterAll(() => project.cleanup());
beforeEach(() => {
  for (const [f, text] of originals) project.write(f, text);
});

/** `^file:line:col: error: ` at `needle` (searched from `from`) in the broken file. */
function at(file: string, needle: string, from?: string): string {
  const { line, col } = locate(project.read(file), needle, from === undefined ? {} : { from });
  return `^${re(file)}:${line}:${col}: error: `;
}

interface Case {
  file: string;
  edit: (text: string) => string;
  want: () => RegExp[];
}

/** Replaces exactly one occurrence (a broken edit fails the test instead of passing vacuously). */
const once = (text: string, from: string, to: string): string => {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`test setup: ${JSON.stringify(from)} must occur exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
};

const cases: [string, Case][] = [
  [
    'an unknown key in an operation, with a did-you-mean',
    {
      file: SPIFFY,
      edit: (t) => once(t, '  countWebhooks:\n    method: GET', '  countWebhooks:\n    methd: GET'),
      want: () => [new RegExp(`${at(SPIFFY, 'methd:')}unknown key \`methd\` in operations\\.countWebhooks$`, 'm'), /^ {2}fix: {6}did you mean `method`\?$/m, new RegExp(`${at(SPIFFY, 'methd:')}missing \`method\` in operations\\.countWebhooks$`, 'm')],
    },
  ],
  [
    "the docs' #{id} path syntax",
    {
      file: SPIFFY,
      edit: (t) => once(t, 'path: /admin/webhooks/{id}.json\n    summary: Receive a single Webhook', 'path: /admin/webhooks/#{id}.json\n    summary: Receive a single Webhook'),
      want: () => [new RegExp(`${at(SPIFFY, '/admin/webhooks/#{id}.json')}unbalanced brace in the path$`, 'm'), /^ {2}fix: {6}write "\/admin\/webhooks\/\{id\}\.json" \(the docs' #\{id\} is \{id\} here\)$/m],
    },
  ],
  [
    'a path placeholder that `params` does not declare, and a parameter the path does not use',
    {
      file: SPIFFY,
      edit: (t) => once(t, 'path: /admin/webhooks/{id}.json\n    summary: Remove', 'path: /admin/webhooks/{webhook_id}.json\n    summary: Remove'),
      want: () => [
        new RegExp(`${at(SPIFFY, '/admin/webhooks/{webhook_id}.json')}the path has \\{webhook_id\\}, which \`params\` does not declare$`, 'm'),
        new RegExp(`${at(SPIFFY, 'id:', 'summary: Remove')}path parameter \`id\` is not in the path$`, 'm'),
      ],
    },
  ],
  [
    'an unknown model, with a did-you-mean',
    {
      file: SPIFFY,
      edit: (t) => once(t, '      envelope: webhook\n      model: Webhook\n    examples:\n      - title: Get a single', '      envelope: webhook\n      model: Webhok\n    examples:\n      - title: Get a single'),
      want: () => [new RegExp(`${at(SPIFFY, 'Webhok')}unknown model "Webhok"$`, 'm'), /^ {2}fix: {6}did you mean "Webhook"\?$/m],
    },
  ],
  [
    "an example's query value above the documented maximum",
    {
      file: SPIFFY,
      edit: (t) => once(t, 'query: { since_id: 4759306 }', 'query: { since_id: 4759306, limit: 300 }'),
      want: () => [new RegExp(`${at(SPIFFY, '300')}example query \`limit\` is wrong$`, 'm'), /^ {2}found: {4}number 300 \(\/: above the maximum 250\)$/m],
    },
  ],
  [
    'a default that does not fit its type',
    {
      file: SPIFFY,
      edit: (t) => once(t, 'default: 50', 'default: fifty'),
      want: () => [new RegExp(`${at(SPIFFY, 'fifty')}the default does not fit the type$`, 'm'), /^ {2}found: {4}"fifty" \(\/: expected integer, received "fifty"\)$/m],
    },
  ],
  [
    'a minimum above the maximum',
    {
      file: SPIFFY,
      edit: (t) => once(t, 'default: 50\n        maximum: 250', 'default: 50\n        minimum: 300\n        maximum: 250'),
      want: () => [new RegExp(`${at(SPIFFY, '250', 'minimum: 300')}the maximum is below the minimum$`, 'm')],
    },
  ],
  [
    'an array query parameter without a style',
    {
      file: SPIFFY,
      edit: (t) => once(t, "        style: comma\n        select: true\n        description: A comma-separated list of the properties you want returned for each item in the result list. Use this parameter to restrict the returned list of items to showing only those properties you specify.\n      limit:", "        select: true\n        description: A comma-separated list of the properties you want returned for each item in the result list. Use this parameter to restrict the returned list of items to showing only those properties you specify.\n      limit:"),
      want: () => [new RegExp(`${at(SPIFFY, 'type: array', 'created_at_min:')}array parameter \`fields\` needs a style$`, 'm'), /^ {2}expected: `style: comma`/m],
    },
  ],
  [
    'a sample file that does not exist',
    {
      file: SPIFFY,
      edit: (t) => once(t, 'response: api/webhooks.count.200.json', 'response: api/webhooks.count.json'),
      want: () => [new RegExp(`${at(SPIFFY, 'api/webhooks.count.json')}sample file api/webhooks\\.count\\.json not found$`, 'm')],
    },
  ],
  [
    'an error example whose status has no `errors:` entry',
    {
      file: SPIFFY,
      edit: (t) => once(t, '        status: 422\n        response: api/webhooks.create-invalid.422.json', '        status: 409\n        response: api/webhooks.create-invalid.422.json'),
      want: () => [new RegExp(`${at(SPIFFY, '409')}no error body is described for status 409$`, 'm')],
    },
  ],
  [
    'an error sample that does not match its documented body',
    {
      file: INVALID_422,
      edit: (t) => once(t, '"address": [\n      "can\'t be blank"\n    ]', '"address": "can\'t be blank"'),
      want: () => [new RegExp(`${at(SPIFFY, 'api/webhooks.create-invalid.422.json')}the response sample does not match the error body WebhookErrors$`, 'm'), /^ {2}found: {4}\/errors\/address: expected string\[\], received "can't be blank"$/m],
    },
  ],
  [
    'a body property that is not a field of the model, with a did-you-mean',
    {
      file: SPIFFY,
      edit: (t) => once(t, '        address: { required: true }', '        adress: { required: true }'),
      want: () => [new RegExp(`${at(SPIFFY, 'adress:')}\`adress\` is not a field of Webhook$`, 'm'), /^ {2}fix: {6}did you mean `address`\?$/m],
    },
  ],
  [
    'a request sample that sends a field the body does not list',
    {
      file: SPIFFY,
      edit: (t) => once(t, '        fields: {}\n        metafield_namespaces: {}\n', '        fields: {}\n        metafield_namespaces: {}\n'.replace('        fields: {}\n', '')).replace(/\n {8}format:\n {10}default: json\n {10}description: [^\n]*\n/, '\n'),
      want: () => [new RegExp(`${at(SPIFFY, 'api/webhooks.create.request.json')}the request sample sends \`format\`, which \`body\\.properties\` does not list$`, 'm')],
    },
  ],
  [
    'a cursor field the items do not have',
    {
      file: SPIFFY,
      edit: (t) => once(t, 'cursor: { param: since_id, field: id }', 'cursor: { param: since_id, field: ids }'),
      want: () => [new RegExp(`${at(SPIFFY, 'ids')}the cursor field \`ids\` is not a field of Webhook$`, 'm'), /^ {2}fix: {6}did you mean `id`\?$/m],
    },
  ],
  [
    'a pagination parameter that is not a query parameter',
    {
      file: SPIFFY,
      edit: (t) => once(t, 'limit: limit\n    examples', 'limit: per_page\n    examples'),
      want: () => [new RegExp(`${at(SPIFFY, 'per_page')}\`per_page\` is not a query parameter of this operation$`, 'm')],
    },
  ],
  [
    '`type: topic` next to an enum',
    {
      file: SPIFFY,
      edit: (t) => once(t, '        type: topic\n        description: The event that will trigger the webhook.', '        type: topic\n        enum: [orders/create]\n        description: The event that will trigger the webhook.'),
      want: () => [new RegExp(`${at(SPIFFY, 'enum: [orders/create]')}\`type: topic\` already says the values$`, 'm')],
    },
  ],
  [
    'a model field the samples never type (as for payload models)',
    {
      file: SPIFFY,
      edit: (t) => once(t, '      /fields:\n        type: array\n        items: { type: string }\n', '      /fields:\n'),
      want: () => [/^spec\/spiffy\/api\/webhooks\.create\.201\.json#\/webhook: error: cannot type Webhook field \/fields: it is an empty array in every sample$/m],
    },
  ],
  [
    'a model without any sample',
    {
      file: CRATEJOY,
      edit: (t) => t.replace(/\n {4}examples:\n(?: {6}- title: .*\n(?: {8}.*\n)*)+/g, '\n'),
      want: () => [new RegExp(`${at(CRATEJOY, 'Hook:')}model "Hook" has no sample$`, 'm')],
    },
  ],
  [
    'an unknown type name, with a did-you-mean',
    {
      file: CRATEJOY,
      edit: (t) => once(t, '        count:\n          type: integer', '        count:\n          type: int'),
      want: () => [new RegExp(`${at(CRATEJOY, 'int', 'count:')}unknown type$`, 'm'), /^ {2}fix: {6}did you mean "integer"\?$/m],
    },
  ],
];

describe('a broken api.yaml is reported with locations, every problem at once', () => {
  it.each(cases)('%s', async (_name, c) => {
    project.edit(c.file, c.edit);
    const { problems } = loadSpec(project.root);
    let text = problems.map(formatProblem).join('\n');
    if (problems.length === 0) {
      // problems found while inferring the models (untyped fields) come from the generator
      const { generate } = await import('../../src/generate.js');
      const r = await generate({ root: project.root, outDir: 'out', check: true, cache: false });
      text = r.ok ? '' : r.problems.map(formatProblem).join('\n');
    }
    for (const w of c.want()) expect(text).toMatch(w);
  });
});
