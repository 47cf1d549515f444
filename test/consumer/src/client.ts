// The API clients as a consumer sees them, with neither DOM nor Node types (`types: []`,
// `lib: es2022`): compiled by test/typecheck.test.ts under tsconfig.nodenext.json,
// tsconfig.bundler.json and tsconfig.loose.json (strictNullChecks off). Each `@ts-expect-error`
// is a misuse that must not compile. The real `fetch` and `AbortSignal` are checked in
// client-platform.ts.

import {
  ApiError,
  ResponseValidationError,
  SpiffyApiError,
  createSpiffyClient,
  type CreateWebhookBody,
  type ListWebhooksQuery,
  type SpiffyClient,
  type SpiffyTopic,
  type Webhook,
  type WebhookErrors,
} from '@webhook-typegen/generated/spiffy';
import { CratejoyApiError, createCratejoyClient, type CratejoyTopic, type Hook, type ListHooksResponse } from '@webhook-typegen/generated/cratejoy';

const spiffy: SpiffyClient = createSpiffyClient({
  baseUrl: 'https://shop.example.com',
  headers: async () => ({ Authorization: 'Bearer token' }),
});
createSpiffyClient({ baseUrl: 'https://shop.example.com', headers: { 'X-Auth': 'token' } });
createSpiffyClient({ baseUrl: 'https://shop.example.com', headers: () => ({ 'X-Auth': 'token' }) });
createSpiffyClient({ baseUrl: 'https://shop.example.com', fetch: async (url, init) => ({ status: 200, text: async () => `${init.method} ${url}` }) });
// @ts-expect-error: baseUrl is required
createSpiffyClient({ headers: {} });
// @ts-expect-error: header values are strings
createSpiffyClient({ baseUrl: 'https://shop.example.com', headers: { 'X-Count': 1 } });

export async function manage(): Promise<void> {
  const created: Webhook = await spiffy.createWebhook({ topic: 'orders/create', address: 'https://example.com/hooks', format: 'json' });
  const topic: SpiffyTopic = created.topic;
  // every known topic, including those named only in the 422 text
  await spiffy.createWebhook({ topic: 'variants/in_stock', address: 'https://example.com/hooks' });
  // @ts-expect-error: not a Spiffy Stores topic
  await spiffy.createWebhook({ topic: 'orders/created', address: 'https://example.com/hooks' });
  // @ts-expect-error: format is "json" or "xml"
  await spiffy.createWebhook({ topic: 'orders/create', address: 'https://example.com/hooks', format: 'yaml' });
  // @ts-expect-error: every webhook needs an address
  await spiffy.createWebhook({ topic: 'orders/create' });
  const body: CreateWebhookBody = { topic, address: 'https://example.com/hooks', fields: ['id', 'updated_at'], metafield_namespaces: ['google'] };
  await spiffy.createWebhook(body);

  const all: Webhook[] = await spiffy.listWebhooks({ limit: 250, since_id: created.id, created_at_min: '2014-04-25T16:15:47-04:00' });
  const slim = await spiffy.listWebhooks({ fields: ['id', 'topic'] });
  // a webhook id is a 64-bit id (the provider's id policy): a digit string
  const ids: string[] = slim.map((w) => w.id);
  // @ts-expect-error: address was not selected
  slim.map((w) => w.address);
  // @ts-expect-error: fields lists Webhook properties
  await spiffy.listWebhooks({ fields: ['adress'] });
  // @ts-expect-error: limit is a number
  await spiffy.listWebhooks({ limit: '50' });
  const query: ListWebhooksQuery = { topic: 'orders/paid' };
  const maybePartial: Partial<Webhook>[] = await spiffy.listWebhooks(query);

  const count: number = await spiffy.countWebhooks({ topic: 'app/uninstalled' });
  // @ts-expect-error: not a Spiffy Stores topic
  await spiffy.countWebhooks({ topic: 'app/installed' });

  const one: Webhook = await spiffy.getWebhook(4759306);
  const byDigits: Pick<Webhook, 'id'> = await spiffy.getWebhook('327475578523353102', { fields: ['id'] });
  const updated: Webhook = await spiffy.updateWebhook(one.id, { address: 'https://example.com/v2' });
  // @ts-expect-error: format cannot be updated (the page: "topic and/or address")
  await spiffy.updateWebhook(one.id, { format: 'xml' });
  const deleted: void = await spiffy.deleteWebhook(updated.id, { headers: { 'X-Request-Id': 'r-1' } });

  for await (const w of spiffy.iterateWebhooks({ limit: 250, topic: 'orders/create' })) {
    const t: SpiffyTopic = w.topic;
    void t;
  }
  // @ts-expect-error: the iterator manages the pages itself
  spiffy.iterateWebhooks({ page: 2 });

  try {
    await spiffy.createWebhook(body);
  } catch (error) {
    if (error instanceof SpiffyApiError) {
      const status: number = error.status;
      const topicMessages: string[] | undefined = error.fieldErrors['topic'];
      const documented: WebhookErrors | undefined = error.body;
      const text: string = error.bodyText;
      void [status, topicMessages, documented, text];
    } else if (error instanceof ResponseValidationError) {
      const paths: string[] = error.issues.map((i) => i.path);
      void paths;
    } else if (error instanceof ApiError) {
      void error.messages;
    }
  }
  void [all, ids, count, byDigits, deleted, maybePartial];
}

const cratejoy = createCratejoyClient({ baseUrl: 'https://api.cratejoy.com', headers: { Authorization: 'Basic Y2xpZW50OnNlY3JldA==' } });

export async function hooks(): Promise<void> {
  const hook: Hook = await cratejoy.createHook({ event: 'customer_new', name: 'CRM', request_type: 'POST', target: 'https://example.com/hooks/cratejoy/customer_new' });
  const event: CratejoyTopic = hook.event;
  // @ts-expect-error: not a Cratejoy event
  await cratejoy.createHook({ event: 'customer_created', name: 'CRM', request_type: 'POST', target: 'https://example.com' });
  // @ts-expect-error: request_type is POST or GET
  await cratejoy.createHook({ event: 'customer_new', name: 'CRM', request_type: 'PUT', target: 'https://example.com' });
  const page: ListHooksResponse = await cratejoy.listHooks({ limit: 10, page: 0 });
  const next: string | null = page.next;
  const results: Hook[] = page.results;
  await cratejoy.updateHook(hook.id, { target: 'https://example.com/v2' });
  await cratejoy.deleteHook(hook.id);
  for await (const h of cratejoy.iterateHooks({ limit: 50 })) void h.target;
  try {
    await cratejoy.deleteHook(1);
  } catch (error) {
    if (error instanceof CratejoyApiError) void error.body?.errors;
  }
  void [event, next, results];
}
