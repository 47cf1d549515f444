// The generated package for Tiendanube (spec/tiendanube/), the fourth provider, imported from its
// docs page (test/fixtures/pages/tiendanube-webhook.md): the topic list is the page's events, the
// receiver verifies X-Linkedstore-HMAC-SHA256 as the page's PHP example computes it (hex
// HMAC-SHA256 of the raw body) and reads the topic from the body field /event, the 13 events of
// "Parameters" share the sample's payload, an event the page leaves out of its table is handed
// over unvalidated, and trigger sends a request the receiver takes.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTiendanubeTestRequest, createTiendanubeReceiver, tiendanubeTopicModels, tiendanubeTopics, type TiendanubeTopic } from '../generated/tiendanube/index.js';
import { trigger } from '../src/tools/trigger/trigger.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(join(repo, 'test/fixtures/pages/tiendanube-webhook.md'), 'utf8');
const sample = readFileSync(join(repo, 'spec/tiendanube/samples/resource-event.json'), 'utf8');
const SECRET = 'app-secret';

/** The PHP example of the page: `hash_hmac('sha256', $data, APP_SECRET)` over `php://input`. */
const phpSignature = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('Tiendanube', () => {
  it('lists the page\'s events: the table\'s 17, then the 3 data-protection webhooks', () => {
    const table = [...page.matchAll(/^\| (\w+)\s+\| ([a-z/]+?)\s+\|$/gm)].flatMap((m) => m[2].split('/').map((a) => `${m[1].toLowerCase()}/${a}`));
    expect([...tiendanubeTopics].sort()).toEqual([...table, 'store/redact', 'customers/redact', 'customers/data_request'].sort());
  });

  it('gives the sample\'s payload to the 13 events whose custom parameter is the record\'s id', () => {
    const withId = [...page.matchAll(/^#### ([a-z/ -]+)\n\n- \*\*id\*\*/gm)].flatMap((m) => m[1].split(' - '));
    expect(withId).toHaveLength(13);
    expect(Object.entries(tiendanubeTopicModels).filter(([, models]) => models.length).map(([t]) => t).sort()).toEqual(withId.sort());
  });

  it('accepts the page\'s sample signed as the PHP example signs it, the topic from /event; refuses another secret', async () => {
    const receiver = createTiendanubeReceiver({ secrets: SECRET, invalidPayload: 'reject' });
    const ok = await receiver.receive({ headers: { 'content-type': 'application/json', 'x-linkedstore-hmac-sha256': phpSignature(sample) }, body: sample });
    expect(ok).toMatchObject({ ok: true, valid: true, known: true, topic: 'product/created', payload: { store_id: '123', event: 'product/created', id: '1948209' } });
    const forged = await receiver.receive({ headers: { 'x-linkedstore-hmac-sha256': phpSignature(sample, 'other') }, body: sample });
    expect(forged).toMatchObject({ ok: false, reason: 'invalid_hmac', status: 401 });
  });

  it('hands over an event the table leaves out (cart/created, named only in the API\'s error text) as known: false', async () => {
    expect(page).toContain('Events allowed: app/uninstalled, cart/created');
    const body = sample.replace('product/created', 'cart/created');
    const got = await createTiendanubeReceiver({ secrets: SECRET }).receive({ headers: { 'x-linkedstore-hmac-sha256': phpSignature(body) }, body });
    expect(got).toMatchObject({ ok: true, valid: false, known: false, topic: 'cart/created', payload: { event: 'cart/created' } });
  });

  it('builds and triggers requests the receiver takes, for every event with a payload', async () => {
    const receiver = createTiendanubeReceiver({ secrets: SECRET, invalidPayload: 'reject', unknownTopics: 'reject', strict: true });
    for (const topic of Object.keys(tiendanubeTopicModels).filter((t) => tiendanubeTopicModels[t as TiendanubeTopic].length) as TiendanubeTopic[]) {
      const { request } = await trigger({ root: repo, provider: 'tiendanube', topic, to: 'http://127.0.0.1:9/hooks', secret: SECRET, dryRun: true });
      expect(request.headers['X-Linkedstore-HMAC-SHA256']).toBe(phpSignature(request.body));
      expect(await receiver.receive({ headers: request.headers, body: request.body }), topic).toMatchObject({ ok: true, valid: true, topic });
    }
    const built = await buildTiendanubeTestRequest({ topic: 'order/paid', payload: { store_id: '1', event: 'order/paid', id: '2' }, secret: SECRET });
    expect(JSON.parse(built.body)).toEqual({ store_id: 1, event: 'order/paid', id: 2 });
  });
});
