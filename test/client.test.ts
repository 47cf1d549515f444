// The generated API clients (generated/<provider>/client.js over generated/runtime/client.js)
// against a real node:http server on 127.0.0.1 that answers with the documented samples
// (spec/<provider>/api/*.json): every method's request (method, path, query string, JSON body,
// headers) and its result; the documented 422 body as a typed error; documented limits checked
// before anything is sent; pagination; responses that break the spec; authentication headers.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  ResponseValidationError,
  SpiffyApiError,
  ValidationError,
  createSpiffyClient,
  spiffyInt64Paths,
  spiffyTopics,
  type SpiffyClient,
  type Webhook,
} from '../generated/spiffy/index.js';
import { CratejoyApiError, createCratejoyClient, cratejoyInt64Paths, type CratejoyClient, type Hook } from '../generated/cratejoy/index.js';
import { int64ToString, parseLossless } from '../generated/runtime/json.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const spiffySample = (file: string) => fs.readFileSync(path.join(root, 'spec/spiffy/api', file), 'utf8');
const cratejoySample = (file: string) => fs.readFileSync(path.join(root, 'spec/cratejoy/api', file), 'utf8');

// ---- the server ----

interface Recorded {
  method: string;
  path: string;
  /** the raw query string, with its `?` ('' when none) */
  search: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  body: string;
}

let server: http.Server;
let baseUrl: string;
let requests: Recorded[] = [];
let answer: (r: Recorded) => Answer = () => ({ status: 500, body: 'no answer set' });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const r: Recorded = { method: req.method ?? '', path: q < 0 ? url : url.slice(0, q), search: q < 0 ? '' : url.slice(q), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      const a = answer(r);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = [];
  answer = () => ({ status: 500, body: 'no answer set' });
});

const spiffy = (): SpiffyClient => createSpiffyClient({ baseUrl, headers: { 'X-Test-Auth': 'token-1' } });
const cratejoy = (): CratejoyClient => createCratejoyClient({ baseUrl });

/** The documented request of a case, compared as JSON values (the samples escape `/` as `\/`). */
const json = (text: string): unknown => JSON.parse(text);

/**
 * A response text as a client returns it: parsed without losing digits, and the 64-bit ids of
 * its model (the provider's id policy: `id` is one) as digit strings.
 */
function asReturned(text: string, paths: readonly (readonly string[])[]): unknown {
  const value = parseLossless(text);
  for (const p of paths) int64ToString(value, p, 0);
  return value;
}
/** The Webhook's 64-bit paths, in `{ webhook }` and in `{ webhooks: [...] }`. */
const webhookIds = (spiffyInt64Paths.Webhook ?? []).flatMap((p) => [['webhook', ...p], ['webhooks', '*', ...p]]);
/** The Hook's 64-bit paths, alone and in a page's `results`. */
const hookIds = (cratejoyInt64Paths.Hook ?? []).flatMap((p) => [p, ['results', '*', ...p]]);

// ---- Spiffy Stores: every operation with the page's samples ----

interface Case {
  /** the call */
  call: (c: SpiffyClient) => Promise<unknown>;
  method: string;
  path: string;
  search: string;
  /** the documented request body sample, when the operation sends one */
  request?: string;
  status: number;
  response: string;
  /** what the method resolves to */
  result: (response: unknown) => unknown;
}

const spiffyCases: [string, Case][] = [
  [
    'listWebhooks() → GET /admin/webhooks.json, the webhooks',
    { call: (c) => c.listWebhooks(), method: 'GET', path: '/admin/webhooks.json', search: '', status: 200, response: 'webhooks.list.200.json', result: (r: any) => r.webhooks },
  ],
  [
    'listWebhooks({ since_id }) → ?since_id=4759306',
    { call: (c) => c.listWebhooks({ since_id: 4759306 }), method: 'GET', path: '/admin/webhooks.json', search: '?since_id=4759306', status: 200, response: 'webhooks.list-since-id.200.json', result: (r: any) => r.webhooks },
  ],
  [
    'countWebhooks({ topic }) → GET /admin/webhooks/count.json?topic=orders/create, 3',
    { call: (c) => c.countWebhooks({ topic: 'orders/create' }), method: 'GET', path: '/admin/webhooks/count.json', search: '?topic=orders/create', status: 200, response: 'webhooks.count-topic.200.json', result: () => 3 },
  ],
  [
    'countWebhooks() → 25',
    { call: (c) => c.countWebhooks(), method: 'GET', path: '/admin/webhooks/count.json', search: '', status: 200, response: 'webhooks.count.200.json', result: () => 25 },
  ],
  [
    'getWebhook(4759306) → GET /admin/webhooks/4759306.json',
    { call: (c) => c.getWebhook(4759306), method: 'GET', path: '/admin/webhooks/4759306.json', search: '', status: 200, response: 'webhooks.get.200.json', result: (r: any) => r.webhook },
  ],
  [
    'createWebhook(body) → POST /admin/webhooks.json with { webhook: body }, 201',
    {
      call: (c) => c.createWebhook({ topic: 'orders/create', address: 'http://whatever.hostname.com/', format: 'json' }),
      method: 'POST',
      path: '/admin/webhooks.json',
      search: '',
      request: 'webhooks.create.request.json',
      status: 201,
      response: 'webhooks.create.201.json',
      result: (r: any) => r.webhook,
    },
  ],
  [
    'updateWebhook(id, body) → PUT /admin/webhooks/4759306.json with the id in the body, as the page sends it',
    {
      call: (c) => c.updateWebhook(4759306, { address: 'http://somewhere-else.com/' }),
      method: 'PUT',
      path: '/admin/webhooks/4759306.json',
      search: '',
      request: 'webhooks.update.request.json',
      status: 200,
      response: 'webhooks.update.200.json',
      result: (r: any) => r.webhook,
    },
  ],
  [
    'deleteWebhook(id) → DELETE /admin/webhooks/4759306.json, 200 {}',
    { call: (c) => c.deleteWebhook(4759306), method: 'DELETE', path: '/admin/webhooks/4759306.json', search: '', status: 200, response: 'webhooks.delete.200.json', result: () => undefined },
  ],
];

describe('Spiffy Stores client: every operation against the documented samples', () => {
  it.each(spiffyCases)('%s', async (_name, c) => {
    const responseText = spiffySample(c.response);
    answer = () => ({ status: c.status, body: responseText });
    const result = await c.call(spiffy());
    expect(requests).toHaveLength(1);
    const r = requests[0]!;
    expect(r.method).toBe(c.method);
    expect(r.path).toBe(c.path);
    expect(r.search).toBe(c.search);
    expect(r.headers.accept).toBe('application/json');
    expect(r.headers['x-test-auth']).toBe('token-1');
    if (c.request) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(json(r.body)).toEqual(json(spiffySample(c.request)));
    } else {
      expect(r.body).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
    }
    expect(result).toEqual(c.result(asReturned(responseText, webhookIds)));
  });

  it('the samples cover every operation of spec/spiffy/api.yaml', () => {
    const spec = YAML.parse(fs.readFileSync(path.join(root, 'spec/spiffy/api.yaml'), 'utf8')) as { operations: Record<string, unknown> };
    const called = new Set(spiffyCases.map(([, c]) => c.call.toString().match(/c\.(\w+)\(/)![1]));
    expect([...called].sort()).toEqual(Object.keys(spec.operations).sort());
  });

  it('the query parameters go out as the docs print them: comma lists, dates, topics, in a stable order', async () => {
    answer = () => ({ status: 200, body: '{"webhooks": []}' });
    await spiffy().listWebhooks({
      topic: 'orders/paid',
      limit: 250,
      page: 2,
      fields: ['id', 'topic'],
      created_at_min: '2014-04-25T16:15:47-04:00',
      updated_at_max: '2014-04-25T16:15:47+10:00',
      address: 'https://example.com/hooks?a=1&b=2',
    });
    expect(requests[0]!.search).toBe(
      '?address=https://example.com/hooks%3Fa%3D1%26b%3D2&created_at_min=2014-04-25T16:15:47-04:00&fields=id,topic&limit=250&page=2&topic=orders/paid&updated_at_max=2014-04-25T16:15:47%2B10:00',
    );
    const params = new URL(`http://x/${requests[0]!.search}`).searchParams;
    expect(params.get('address')).toBe('https://example.com/hooks?a=1&b=2');
    expect(params.get('updated_at_max')).toBe('2014-04-25T16:15:47+10:00');
  });

  it('`fields` selects properties: the other properties may be missing from the response', async () => {
    answer = () => ({ status: 200, body: '{"webhooks": [{"id": 4759306, "topic": "orders\\/create"}]}' });
    const slim = await spiffy().listWebhooks({ fields: ['id', 'topic'] });
    expect(requests[0]!.search).toBe('?fields=id,topic');
    expect(slim).toEqual([{ id: '4759306', topic: 'orders/create' }]);
    // a property that was asked for is still required
    answer = () => ({ status: 200, body: '{"webhook": {"id": 4759306}}' });
    const error = await spiffy().getWebhook(4759306, { fields: ['id', 'topic'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.map((i) => i.message)).toEqual(['/webhook/topic: expected "app/uninstalled" | "carts/create" | "carts/update" | "catalogs/create" | "catalogs/delete" | "channels/delete" | "checkouts/create" | "checkouts/delete" | "checkouts/update" | "collection_listings/add" | "collection_listings/remove" | "collection_listings/update" | "collection_publications/create" | "collection_publications/delete" | "collection_publications/update" | "collections/create" | "collections/delete" | "collections/update" | "customer_groups/create" | "customer_groups/delete" | "customer_groups/update" | "customers/create" | "customers/delete" | "customers/disable" | "customers/enable" | "customers/update" | "disputes/create" | "disputes/update" | "draft_orders/create" | "draft_orders/delete" | "draft_orders/update" | "fulfillment_events/create" | "fulfillment_events/delete" | "fulfillments/create" | "fulfillments/update" | "order_transactions/create" | "orders/cancelled" | "orders/create" | "orders/delete" | "orders/fulfilled" | "orders/paid" | "orders/partially_fulfilled" | "orders/updated" | "product_listings/add" | "product_listings/remove" | "product_listings/update" | "product_publications/create" | "product_publications/delete" | "product_publications/update" | "products/create" | "products/delete" | "products/update" | "refunds/create" | "shop/update" | "tax_services/create" | "tax_services/update" | "themes/create" | "themes/delete" | "themes/publish" | "themes/update" | "variants/in_stock" | "variants/out_of_stock", received missing']);
  });

  it('the topic accepted on create and in queries is any of the 62 known topics', async () => {
    expect(spiffyTopics).toHaveLength(62);
    answer = (r) => ({ status: 201, body: JSON.stringify({ webhook: { ...(json(spiffySample('webhooks.create.201.json')) as any).webhook, topic: (json(r.body) as any).webhook.topic } }) });
    // named only in the 422 text, with no documented payload
    const created = await spiffy().createWebhook({ topic: 'variants/in_stock', address: 'https://example.com/hooks' });
    expect(created.topic).toBe('variants/in_stock');
  });
});

describe('Spiffy Stores client: the documented 422', () => {
  it('becomes a SpiffyApiError with the field messages, the parsed body and the raw text', async () => {
    const bodyText = spiffySample('webhooks.create-invalid.422.json');
    answer = () => ({ status: 422, body: bodyText });
    const invalid = (json(spiffySample('webhooks.create-invalid.request.json')) as { webhook: object }).webhook;
    // the page's own invalid request: no topic, no address (a misuse the types reject)
    const error = await spiffy().createWebhook(invalid as never).catch((e: unknown) => e);
    expect(json(requests[0]!.body)).toEqual(json(spiffySample('webhooks.create-invalid.request.json')));
    expect(error).toBeInstanceOf(SpiffyApiError);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as SpiffyApiError;
    expect(e.name).toBe('SpiffyApiError');
    expect(e.status).toBe(422);
    expect(e.operation).toBe('createWebhook');
    expect(e.method).toBe('POST');
    expect(e.url).toBe(`${baseUrl}/admin/webhooks.json`);
    expect(e.bodyText).toBe(bodyText);
    expect(Object.keys(e.fieldErrors).sort()).toEqual(['address', 'topic']);
    expect(e.fieldErrors.address).toEqual(["can't be blank"]);
    expect(e.fieldErrors.topic).toHaveLength(2);
    expect(e.fieldErrors.topic![0]).toBe("can't be blank");
    expect(e.fieldErrors.topic![1]).toMatch(/^Invalid topic specified\. Topics allowed: app\/uninstalled, carts\/create, .*, variants\/out_of_stock$/);
    // the 422 text lists exactly the known topics
    expect(e.fieldErrors.topic![1]!.replace('Invalid topic specified. Topics allowed: ', '').split(', ')).toEqual([...spiffyTopics]);
    expect(e.body?.errors).toEqual(e.fieldErrors);
    expect(e.data).toEqual(json(bodyText));
    expect(e.messages).toEqual(["topic: can't be blank", `topic: ${e.fieldErrors.topic![1]}`, "address: can't be blank"]);
    expect(e.message).toMatch(/^createWebhook \(POST \/admin\/webhooks\.json\) failed with 422 Unprocessable Entity: topic: can't be blank; topic: Invalid topic specified/);
  });

  it('an undocumented error keeps its raw text, with no field messages', async () => {
    answer = () => ({ status: 503, body: '<html>Service Unavailable</html>' });
    const e = (await spiffy().countWebhooks().catch((x: unknown) => x)) as SpiffyApiError;
    expect(e).toBeInstanceOf(SpiffyApiError);
    expect(e.status).toBe(503);
    expect(e.bodyText).toBe('<html>Service Unavailable</html>');
    expect(e.data).toBeUndefined();
    expect(e.body).toBeUndefined();
    expect(e.fieldErrors).toEqual({});
    expect(e.message).toBe('countWebhooks (GET /admin/webhooks/count.json) failed with 503 Service Unavailable: <html>Service Unavailable</html>');
  });

  it('a 422 whose body is not the documented shape is not read as field messages', async () => {
    answer = () => ({ status: 422, body: '{"errors": "topic is invalid"}' });
    const e = (await spiffy().createWebhook({ topic: 'orders/create', address: 'https://example.com' }).catch((x: unknown) => x)) as SpiffyApiError;
    expect(e.fieldErrors).toEqual({});
    expect(e.body).toBeUndefined();
    expect(e.data).toEqual({ errors: 'topic is invalid' });
  });
});

describe('documented limits are checked before anything is sent', () => {
  const bad: [string, (c: SpiffyClient) => Promise<unknown>, ErrorConstructor | RangeErrorConstructor | TypeErrorConstructor, string][] = [
    ['limit: 251', (c) => c.listWebhooks({ limit: 251 }), RangeError, 'listWebhooks: limit must be at most 250 (the documented maximum); got 251'],
    ['limit: 300', (c) => c.listWebhooks({ limit: 300 }), RangeError, 'limit must be at most 250 (the documented maximum); got 300'],
    ['limit: 2.5', (c) => c.listWebhooks({ limit: 2.5 }), TypeError, 'listWebhooks: limit must be an integer; got 2.5'],
    ['limit: "50" (a string)', (c) => c.listWebhooks({ limit: '50' as never }), TypeError, 'listWebhooks: limit must be an integer; got "50"'],
    ['limit on the iterator', (c) => c.iterateWebhooks({ limit: 1000 }).next(), RangeError, 'listWebhooks: limit must be at most 250 (the documented maximum); got 1000'],
    ['an unknown topic', (c) => c.countWebhooks({ topic: 'orders/creat' as never }), TypeError, 'countWebhooks: topic must be one of the 62 Spiffy Stores topics; got "orders/creat"'],
    ['a date that is not RFC 3339', (c) => c.listWebhooks({ created_at_min: 'yesterday' }), TypeError, 'listWebhooks: created_at_min must be an RFC 3339 date-time such as 2014-04-25T16:15:47-04:00; got "yesterday"'],
    ['an unknown property in fields', (c) => c.listWebhooks({ fields: ['id', 'adress' as never] }), TypeError, 'listWebhooks: fields[1] must be a property of Webhook; got "adress" (properties: address, created_at, fields, format, id, metafield_namespaces, topic, updated_at)'],
    ['an unknown query parameter', (c) => c.listWebhooks({ limt: 5 } as never), TypeError, 'listWebhooks: unknown query parameter "limt" (documented: address, created_at_max, created_at_min, fields, limit, page, since_id, topic, updated_at_max, updated_at_min)'],
    ['an id that is not an integer', (c) => c.getWebhook('47593o6'), TypeError, 'getWebhook: id must be an integer; got "47593o6"'],
    ['a missing id', (c) => (c.deleteWebhook as (id?: number) => Promise<void>)(), TypeError, 'deleteWebhook: id is required'],
    ['a body that is not an object', (c) => c.createWebhook(null as never), TypeError, 'createWebhook: the body must be an object; got null'],
  ];

  it.each(bad)('%s: rejected, and the server sees no request', async (_name, call, type, message) => {
    answer = () => ({ status: 200, body: '{"webhooks": [], "count": 0, "webhook": {}}' });
    const error = await call(spiffy()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(message);
    expect(requests).toHaveLength(0);
  });

  it('limit: 250 (the maximum) and a 64-bit id given as digits are sent', async () => {
    answer = () => ({ status: 200, body: '{"webhooks": []}' });
    await spiffy().listWebhooks({ limit: 250 });
    answer = () => ({ status: 200, body: spiffySample('webhooks.get.200.json') });
    await spiffy().getWebhook('327475578523353102');
    // since_id is the cursor that takes a Webhook's id (a 64-bit id): its digits are sent too
    answer = () => ({ status: 200, body: '{"webhooks": []}' });
    await spiffy().listWebhooks({ since_id: '327475578523353102' });
    expect(requests.map((r) => `${r.path}${r.search}`)).toEqual(['/admin/webhooks.json?limit=250', '/admin/webhooks/327475578523353102.json', '/admin/webhooks.json?since_id=327475578523353102']);
    await expect(spiffy().listWebhooks({ since_id: '12a' })).rejects.toThrow(new TypeError('listWebhooks: since_id must be an integer; got "12a"'));
    expect(requests).toHaveLength(3);
  });
});

describe('iterateWebhooks walks every page by since_id', () => {
  const template = (json(spiffySample('webhooks.get.200.json')) as { webhook: Webhook }).webhook;
  // a Webhook's id is a 64-bit id (the provider's id policy): a digit string for the client
  const all: Webhook[] = [4759306, 901431826, 1047897619, 1047897700, 1047897800].map((id, i) => ({ ...template, id: String(id), address: `https://example.com/${i}` }));
  /** The webhooks as the server writes them: ids as JSON numbers. */
  const body = (hooks: Webhook[]) => JSON.stringify({ webhooks: hooks.map((w) => ({ ...w, id: Number(w.id) })) });

  /** A server that pages by since_id and limit, as the page describes. */
  const paging = (r: Recorded): Answer => {
    const q = new URLSearchParams(r.search);
    const since = Number(q.get('since_id') ?? 0);
    const limit = Number(q.get('limit') ?? 50);
    return { status: 200, body: body(all.filter((w) => Number(w.id) > since).slice(0, limit)) };
  };

  it('with limit 2: three pages, each after the last id of the one before', async () => {
    answer = paging;
    const seen: string[] = [];
    for await (const w of spiffy().iterateWebhooks({ limit: 2 })) seen.push(w.id);
    expect(seen).toEqual(all.map((w) => w.id));
    expect(requests.map((r) => r.search)).toEqual(['?limit=2', '?limit=2&since_id=901431826', '?limit=2&since_id=1047897700']);
  });

  it('with limit 5 (a full last page): one more request, which comes back empty', async () => {
    answer = paging;
    const seen: string[] = [];
    for await (const w of spiffy().iterateWebhooks({ limit: 5, topic: 'orders/create' })) seen.push(w.id);
    expect(seen).toHaveLength(5);
    expect(requests.map((r) => r.search)).toEqual(['?limit=5&topic=orders/create', '?limit=5&since_id=1047897800&topic=orders/create']);
  });

  it('without a limit: one page shorter than the documented default (50) is the last', async () => {
    answer = paging;
    let n = 0;
    for await (const _ of spiffy().iterateWebhooks({ since_id: 4759306 })) n++;
    expect(n).toBe(4);
    expect(requests).toHaveLength(1);
  });

  it('stops early when the loop breaks: no further page is fetched', async () => {
    answer = paging;
    for await (const w of spiffy().iterateWebhooks({ limit: 2 })) if (w.id === '4759306') break;
    expect(requests).toHaveLength(1);
  });

  it('a server that ignores since_id is caught instead of looping forever', async () => {
    answer = () => ({ status: 200, body: body(all.slice(0, 2)) });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const w of spiffy().iterateWebhooks({ limit: 2 })) seen.push(w.id);
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe('iterateWebhooks: the since_id cursor did not advance ("901431826"); stopping instead of asking for the same page again');
    expect(requests).toHaveLength(2);
  });
});

describe('a response that does not match the spec is a validation error', () => {
  const webhook = (json(spiffySample('webhooks.get.200.json')) as { webhook: Record<string, unknown> }).webhook;
  const cases: [string, () => Promise<unknown>, string, string[]][] = [
    ['a field of the wrong type', () => spiffy().listWebhooks(), JSON.stringify({ webhooks: [webhook, { ...webhook, id: 4759306.5, format: 'yaml' }] }), ['/webhooks/1/format: expected "json" | "xml", received "yaml"', '/webhooks/1/id: expected digit string (64-bit integer), received number']],
    ['a missing field', () => spiffy().getWebhook(1), JSON.stringify({ webhook: { ...webhook, address: undefined } }), ['/webhook/address: expected string, received missing']],
    ['a date that is not a date', () => spiffy().getWebhook(1), JSON.stringify({ webhook: { ...webhook, created_at: 'yesterday' } }), ['/webhook/created_at: expected date-time string, received "yesterday"']],
    ['no envelope', () => spiffy().getWebhook(1), JSON.stringify(webhook), ['/webhook: expected Webhook, received missing']],
    ['a count that is not an integer', () => spiffy().countWebhooks(), '{"count": "3"}', ['/count: expected integer, received string']],
    ['a body that is not JSON', () => spiffy().countWebhooks(), '<html>OK</html>', ['/: expected a JSON body, received text that is not JSON']],
    ['an empty body', () => spiffy().listWebhooks(), '', ['/: expected a JSON body, received an empty body']],
  ];

  it.each(cases)('%s', async (_name, call, body, messages) => {
    answer = () => ({ status: 200, body });
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as ResponseValidationError;
    expect(e.issues.map((i) => i.message)).toEqual(messages);
    expect(e.status).toBe(200);
    expect(e.bodyText).toBe(body);
    expect(e.message).toMatch(/^the response of \w+ \((GET|POST|PUT|DELETE) \/admin\/webhooks[^)]*, status 200\) is invalid/);
  });

  it('unknown members pass by default, and are issues with strict: true', async () => {
    const body = JSON.stringify({ webhook: { ...webhook, api_version: '2026-01' } });
    answer = () => ({ status: 200, body });
    await expect(spiffy().getWebhook(1)).resolves.toMatchObject({ id: '4759306' });
    const strict = createSpiffyClient({ baseUrl, strict: true });
    const e = (await strict.getWebhook(1).catch((x: unknown) => x)) as ResponseValidationError;
    expect(e.issues.map((i) => i.message)).toEqual(['/webhook/api_version: expected absent (not in the spec; strict mode), received string']);
  });
});

describe('authentication and other headers', () => {
  beforeEach(() => {
    answer = () => ({ status: 200, body: '{"count": 1}' });
  });

  it('an object of headers goes with every request', async () => {
    const c = createSpiffyClient({ baseUrl, headers: { Authorization: 'Bearer abc', 'X-Shop': 'johns-apparel' } });
    await c.countWebhooks();
    await c.countWebhooks();
    for (const r of requests) {
      expect(r.headers.authorization).toBe('Bearer abc');
      expect(r.headers['x-shop']).toBe('johns-apparel');
    }
  });

  it('an async function is called before every request', async () => {
    let n = 0;
    const c = createSpiffyClient({
      baseUrl,
      headers: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { Authorization: `Bearer token-${++n}` };
      },
    });
    await c.countWebhooks();
    await c.countWebhooks();
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('a sync function works too; per-request headers replace the client headers of the same name, whatever the case', async () => {
    const c = createSpiffyClient({ baseUrl, headers: () => ({ authorization: 'Bearer client', Accept: 'application/json' }) });
    await c.countWebhooks({}, { headers: { Authorization: 'Bearer request', 'X-Request-Id': 'r-1' } });
    expect(requests[0]!.headers.authorization).toBe('Bearer request');
    expect(requests[0]!.headers['x-request-id']).toBe('r-1');
    expect(requests[0]!.headers.accept).toBe('application/json');
  });

  it('a custom fetch is used, and gets a signal that the caller\'s signal aborts (linked to the client\'s deadline), and redirect: manual', async () => {
    const calls: { url: string; method: string; redirect: unknown; abortedBefore: unknown; abortedAfter: unknown }[] = [];
    const controller = new AbortController();
    const c = createSpiffyClient({
      baseUrl: 'https://shop.example.com/prefix/',
      fetch: async (url, init) => {
        const signal = (init as { signal?: AbortSignal }).signal;
        const abortedBefore = signal?.aborted;
        // the caller aborts while the request is in flight: the signal fetch holds follows
        controller.abort();
        calls.push({ url, method: init.method, redirect: init.redirect, abortedBefore, abortedAfter: signal?.aborted });
        return { status: 200, text: async () => '{"count": 7}' };
      },
    });
    expect(await c.countWebhooks({ topic: 'orders/create' }, { signal: controller.signal })).toBe(7);
    expect(calls).toEqual([{ url: 'https://shop.example.com/prefix/admin/webhooks/count.json?topic=orders/create', method: 'GET', redirect: 'manual', abortedBefore: false, abortedAfter: true }]);
  });

  it.each([
    ['no baseUrl', {}, 'createSpiffyClient: options.baseUrl must be a string such as "https://api.example.com"; got undefined'],
    ['a relative baseUrl', { baseUrl: '/admin' }, 'createSpiffyClient: options.baseUrl must be an absolute URL such as "https://api.example.com"; got "/admin"'],
    ['a baseUrl with a query', { baseUrl: 'https://x.example?a=1' }, 'createSpiffyClient: options.baseUrl must not have a query or fragment; got "https://x.example?a=1"'],
    ['headers that are not an object', { baseUrl: 'https://x.example', headers: 'token' }, 'createSpiffyClient: options.headers must be an object of header values or a function that returns one'],
  ])('%s is a TypeError at creation', (_name, options, message) => {
    expect(() => createSpiffyClient(options as never)).toThrow(new TypeError(message));
  });
});

// ---- Cratejoy ----

describe('Cratejoy client: every operation against the samples (written by us; see spec/cratejoy/NOTES.md)', () => {
  it('listHooks → GET /v1/hooks/?limit=&page=, the collection page', async () => {
    const text = cratejoySample('hooks.list.200.json');
    answer = () => ({ status: 200, body: text });
    const page = await cratejoy().listHooks({ limit: 10, page: 0 });
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/v1/hooks/', search: '?limit=10&page=0', body: '' });
    expect(page).toEqual(asReturned(text, hookIds));
    expect(page.results.map((h: Hook) => h.event)).toEqual(['customer_new', 'shipment_shipped']);
  });

  it('createHook → POST /v1/hooks/ with the hook definition as the body', async () => {
    answer = () => ({ status: 201, body: cratejoySample('hooks.create.200.json') });
    const hook = await cratejoy().createHook({ name: 'New customers to CRM', event: 'customer_new', request_type: 'POST', target: 'https://example.com/hooks/cratejoy/customer_new' });
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/hooks/', search: '' });
    expect(json(requests[0]!.body)).toEqual(json(cratejoySample('hooks.create.request.json')));
    expect(hook).toEqual(asReturned(cratejoySample('hooks.create.200.json'), hookIds));
  });

  it('updateHook → PUT /v1/hooks/81001/ with { target }', async () => {
    answer = () => ({ status: 200, body: cratejoySample('hooks.update.200.json') });
    const hook = await cratejoy().updateHook(81001, { target: 'https://example.com/hooks/cratejoy/v2/customer_new' });
    expect(requests[0]).toMatchObject({ method: 'PUT', path: '/v1/hooks/81001/' });
    expect(json(requests[0]!.body)).toEqual(json(cratejoySample('hooks.update.request.json')));
    expect(hook.target).toBe('https://example.com/hooks/cratejoy/v2/customer_new');
  });

  it.each([
    [204, ''],
    [200, ''],
    [200, '{}'],
  ])('deleteHook → DELETE /v1/hooks/81001/, %i %j: nothing', async (status, body) => {
    answer = () => ({ status, body });
    await expect(cratejoy().deleteHook(81001)).resolves.toBeUndefined();
    expect(requests[0]).toMatchObject({ method: 'DELETE', path: '/v1/hooks/81001/', body: '' });
  });

  it('a 400-class answer with { errors: [...] } becomes a CratejoyApiError with its messages', async () => {
    const text = cratejoySample('hooks.create-invalid.400.json');
    answer = () => ({ status: 400, body: text });
    const invalid = json(cratejoySample('hooks.create-invalid.request.json'));
    const e = (await cratejoy().createHook(invalid as never).catch((x: unknown) => x)) as CratejoyApiError;
    expect(e).toBeInstanceOf(CratejoyApiError);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.messages).toEqual(["Unknown property 'bad_property'"]);
    expect(e.fieldErrors).toEqual({});
    expect(e.body).toEqual({ errors: ["Unknown property 'bad_property'"] });
    expect(e.bodyText).toBe(text);
  });

  it('iterateHooks walks pages from 0 until `next` is null', async () => {
    const hooks = (json(cratejoySample('hooks.list.200.json')) as { results: Hook[] }).results;
    const all = [0, 1, 2, 3, 4].map((i) => ({ ...hooks[i % 2]!, id: 81001 + i }));
    answer = (r) => {
      const q = new URLSearchParams(r.search);
      const page = Number(q.get('page'));
      const limit = Number(q.get('limit'));
      const results = all.slice(page * limit, page * limit + limit);
      const last = (page + 1) * limit >= all.length;
      return { status: 200, body: JSON.stringify({ count: all.length, next: last ? null : `?page=${page + 1}`, prev: page ? `?page=${page - 1}` : null, results }) };
    };
    const seen: string[] = [];
    for await (const h of cratejoy().iterateHooks({ limit: 2 })) seen.push(h.id);
    expect(seen).toEqual(['81001', '81002', '81003', '81004', '81005']);
    expect(requests.map((r) => r.search)).toEqual(['?limit=2&page=0', '?limit=2&page=1', '?limit=2&page=2']);
  });

  it('an unknown event is rejected on the response too (the event is one of the 17)', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ ...(json(cratejoySample('hooks.create.200.json')) as object), event: 'customer_deleted' }) });
    const e = (await cratejoy().updateHook(81001, { target: 'https://example.com' }).catch((x: unknown) => x)) as ResponseValidationError;
    expect(e).toBeInstanceOf(ResponseValidationError);
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.path).toBe('/event');
    expect(e.issues[0]!.received).toBe('"customer_deleted"');
  });

  it('page must be at least 0 (pages count from 0); nothing is sent', async () => {
    const e = await cratejoy().listHooks({ page: -1 }).catch((x: unknown) => x);
    expect(e).toEqual(new RangeError('listHooks: page must be at least 0 (the documented minimum); got -1'));
    expect(requests).toHaveLength(0);
  });
});

// ---- other shapes of api.yaml, from the acme fixture (generated into a temp folder) ----

describe('acme (test/fixtures/spec/acme/api.yaml): string path values, 64-bit ids, list and boolean queries, page numbers until null', () => {
  let acme: Record<string, any>;
  let dir: string;
  beforeAll(async () => {
    const { generate } = await import('../src/generate.js');
    const os = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-typegen-client-'));
    fs.cpSync(path.join(root, 'test/fixtures/spec'), path.join(dir, 'spec'), { recursive: true });
    const result = await generate({ root: dir, cache: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    acme = (await import(pathToFileURL(path.join(dir, 'generated', 'acme', 'index.js')).href)) as Record<string, any>;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const acmeSample = (file: string) => fs.readFileSync(path.join(root, 'test/fixtures/spec/acme/api', file), 'utf8');

  it('64-bit ids arrive as their exact digits; the query has the booleans, enums and comma lists as sent', async () => {
    answer = () => ({ status: 200, body: acmeSample('subscriptions.list.200.json') });
    const page = await acme.createAcmeClient({ baseUrl }).listSubscriptions('demo shop/1', { active: false, state: 'paused', topics: ['widgets/create', 'mystery/event'], per_page: 2 });
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/v2/shops/demo%20shop%2F1/subscriptions', search: '?active=false&per_page=2&state=paused&topics=widgets/create,mystery/event' });
    expect(page.data.map((s: { id: string }) => s.id)).toEqual(['9007199254740993', '9007199254740995']);
    expect(page.next_page).toBe(2);
  });

  it('a topic parameter takes a subscription wildcard of topics.yaml', async () => {
    answer = () => ({ status: 200, body: acmeSample('subscriptions.list.200.json') });
    await acme.createAcmeClient({ baseUrl }).listSubscriptions('demo', { topics: ['widgets/*', 'mystery/event'] });
    expect(requests[0]).toMatchObject({ search: '?topics=widgets/*,mystery/event' });
  });

  it.each([
    ['an enum value', (c: any) => c.listSubscriptions('demo', { state: 'gone' }), TypeError, 'listSubscriptions: state must be one of "active", "paused"; got "gone"'],
    ['a boolean', (c: any) => c.listSubscriptions('demo', { active: 'yes' }), TypeError, 'listSubscriptions: active must be a boolean; got "yes"'],
    ['a topic in a list', (c: any) => c.listSubscriptions('demo', { topics: ['widgets/create', 'gadgets/create'] }), TypeError, 'listSubscriptions: topics[1] must be one of the 3 Acme Shop topics or 1 subscription wildcard; got "gadgets/create"'],
    ['a wildcard the spec does not list', (c: any) => c.listSubscriptions('demo', { topics: ['widgets/*', 'gadgets/*'] }), TypeError, 'listSubscriptions: topics[1] must be one of the 3 Acme Shop topics or 1 subscription wildcard; got "gadgets/*"'],
    ['a minimum', (c: any) => c.listSubscriptions('demo', { per_page: 0 }), RangeError, 'listSubscriptions: per_page must be at least 1 (the documented minimum); got 0'],
    ['an empty path value', (c: any) => c.deleteSubscription('', 5), TypeError, 'deleteSubscription: shop must not be empty'],
    ['a path minimum', (c: any) => c.deleteSubscription('demo', 0), RangeError, 'deleteSubscription: id must be at least 1 (the documented minimum); got 0'],
  ])('%s is checked before sending', async (_name, call, type, message) => {
    const error = await call(acme.createAcmeClient({ baseUrl })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
    expect(requests).toHaveLength(0);
  });

  it('the iterator follows page numbers until next_page is null', async () => {
    answer = (r) => {
      const pageNo = Number(new URLSearchParams(r.search).get('page'));
      const data = JSON.parse(acmeSample('subscriptions.list.200.json')).data;
      return { status: 200, body: JSON.stringify({ data, next_page: pageNo < 3 ? pageNo + 1 : null }) };
    };
    let n = 0;
    for await (const s of acme.createAcmeClient({ baseUrl }).iterateSubscriptions('demo', { per_page: 2 })) {
      expect(typeof s.id).toBe('string');
      n++;
    }
    expect(n).toBe(6);
    expect(requests.map((r) => r.search)).toEqual(['?page=1&per_page=2', '?page=2&per_page=2', '?page=3&per_page=2']);
  });

  it('a body without a model is sent as given; a 4XX body gives its messages; 204 is nothing', async () => {
    answer = () => ({ status: 409, body: acmeSample('problem.409.json') });
    const client = acme.createAcmeClient({ baseUrl });
    const body = JSON.parse(acmeSample('subscriptions.create.request.json'));
    const e = await client.createSubscription('demo', body).catch((x: unknown) => x);
    expect(json(requests[0]!.body)).toEqual(body);
    expect(e).toBeInstanceOf(acme.AcmeApiError);
    expect(e.messages).toEqual(['url is already subscribed to widgets/create']);
    expect(e.message).toBe('createSubscription (POST /v2/shops/demo/subscriptions) failed with 409 Conflict: url is already subscribed to widgets/create');
    answer = () => ({ status: 204, body: '' });
    await expect(client.deleteSubscription('demo', '9007199254740993')).resolves.toBeUndefined();
    expect(requests[1]).toMatchObject({ method: 'DELETE', path: '/v2/shops/demo/subscriptions/9007199254740993' });
  });
});
