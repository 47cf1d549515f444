/**
 * The importer's mechanisms for real pages, one small synthetic page each: topic names of
 * any case, wildcards and unreadable topic cells reported; samples paired by a bullet list, a
 * heading hierarchy, a heading's title, a section's prose and a body field; envelopes and
 * topic fields detected (read, or guessed and asked); payloads of another form kept apart;
 * guesses listed as open questions.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const fence = (json: string, lang = 'json') => `\`\`\`${lang}\n${json}\n\`\`\`\n`;
const envelope = (topic: string, data: string) => `{\n  "event": "${topic}",\n  "sent_at": 1700000000,\n  "data": ${data}\n}`;

describe('topic names', () => {
  it('reads camelCase and nested segments in tables, lists and headings', () => {
    const r = run(
      '| Event | Description |\n|---|---|\n| `cart/couponApplied` | a |\n| `cart/lineItem/added` | b |\n| `hook/deliveryException` | c |\n\n' +
        'Events:\n\n- `invoice.paymentFailed`\n- `invoice.paid`\n\n### account.ownerChanged\n',
    );
    expect(r.report.topics.map((t) => t.topic)).toEqual(['cart/couponApplied', 'cart/lineItem/added', 'hook/deliveryException', 'invoice.paymentFailed', 'invoice.paid', 'account.ownerChanged']);
  });

  it('reports wildcards and topic cells it cannot read, instead of dropping them silently', () => {
    const r = run('| Scope | Description |\n|---|---|\n| `store/cart/*` | all |\n| `store/cart/created` | new |\n| `Cart.Updated` | odd |\n\nAlso `store/order/*` (all order events).\n');
    expect(r.report.topics.map((t) => t.topic)).toEqual(['store/cart/created']);
    expect(r.report.skippedNames.map((n) => [n.text, n.line, n.reason.split(':')[0]])).toEqual([
      ['store/cart/*', 3, 'a wildcard'],
      ['Cart.Updated', 5, 'in the topic column "Scope", but not read as a topic name (expected resource/action, resource.action or snake_case)'],
      ['store/order/*', 7, 'a wildcard'],
    ]);
    expect(r.report.text).toContain('page.md:3: note: "store/cart/*" is not a topic: a wildcard');
  });

  it('leaves a prefix every topic shares out of model names', () => {
    const r = run(`Payload for \`shop/order/created\`:\n\n${fence('{ "id": 1 }')}\nPayload for \`shop/cart/lineItem/added\`:\n\n${fence('{ "id": 2 }')}`);
    expect(r.report.models.map((m) => m.name)).toEqual(['Order', 'CartLineItem']);
  });
});

describe('pairing', () => {
  it('a bullet list right above a sample shares it, with the intro line above or below the list', () => {
    const r = run(
      `Payload objects with the following scopes take the form that follows:\n\n- \`cart/created\`\n- \`cart/updated\`\n- \`cart/deleted\`\n\n${fence('{ "id": "c1" }')}\n` +
        `- \`order/created\`\n- \`order/archived\`\n\nThese scopes take the form that follows:\n\n${fence('{ "id": 7 }')}`,
    );
    const [a, b] = r.report.blocks;
    expect(a).toMatchObject({ topics: ['cart/created', 'cart/updated', 'cart/deleted'], pairedBy: 'bullet list', model: 'Cart' });
    expect(b).toMatchObject({ topics: ['order/created', 'order/archived'], pairedBy: 'bullet list', model: 'Order' });
    // the page says so: a note, not a todo
    expect(r.report.text).toContain('note: one sample is the payload of 3 topics (the page lists them right above it)');
  });

  it('a sample under a generic heading belongs to the event heading above it', () => {
    const r = run(`## Events\n\n### subscription.activated\n\nSent when it starts.\n\n#### Example JSON Payload\n\n${fence('{ "id": "s1" }')}\n### subscription.canceled\n\nSent when it ends.\n`);
    expect(r.report.topics.map((t) => t.topic)).toEqual(['subscription.activated', 'subscription.canceled']);
    expect(r.report.blocks[0]).toMatchObject({ topics: ['subscription.activated'], pairedBy: 'heading', model: 'Subscription' });
  });

  it('a heading that spells a listed topic as a title pairs its samples', () => {
    const r = run(`Events:\n\n- \`invoice.paid\`\n- \`invoice.paymentFailed\`\n\n## Invoice payment failed\n\n### Example\n\n${fence('{ "id": "i1" }')}`);
    expect(r.report.blocks[0]).toMatchObject({ topics: ['invoice.paymentFailed'], pairedBy: 'heading' });
  });

  it('a section whose prose names exactly one listed topic pairs its sample; two topics leave it unpaired', () => {
    const list = 'Events:\n\n- `invoice.paid`\n- `invoice.voided`\n\n';
    const one = run(`${list}## Paying\n\nThe \`invoice.paid\` event is sent when it is paid.\n\n### Example\n\n${fence('{ "id": "i1" }')}`);
    expect(one.report.blocks[0]).toMatchObject({ topics: ['invoice.paid'], pairedBy: 'section' });
    const two = run(`${list}## Invoices\n\nThe \`invoice.paid\` and \`invoice.voided\` events are sent.\n\n### Example\n\n${fence('{ "id": "i1" }')}`);
    expect(two.report.blocks[0].topics).toEqual([]);
  });

  it('a table of topics introduced as sharing the sample below it', () => {
    const r = run(`The following events share the payload below:\n\n| Event | When |\n|---|---|\n| \`user.created\` | a |\n| \`user.updated\` | b |\n\n${fence('{ "id": 1 }')}`);
    expect(r.report.blocks[0]).toMatchObject({ topics: ['user.created', 'user.updated'], pairedBy: 'table row' });
  });

  it('what no structure pairs, the body field that names the topic does', () => {
    const r = run(`- \`ticket.opened\`\n- \`ticket.closed\`\n\nSome prose.\n\n${fence(envelope('ticket.opened', '{ "id": 1 }'))}\nMore prose.\n\n${fence(envelope('ticket.closed', '{ "id": 1, "reason": "done" }'))}`);
    expect(r.report.blocks.map((b) => [b.topics, b.pairedBy])).toEqual([
      [['ticket.opened'], 'body field'],
      [['ticket.closed'], 'body field'],
    ]);
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/event', samples: 2, guessed: false } });
  });
});

describe('envelopes and topic fields', () => {
  it('a uniform wrapper around a varying member is an envelope; the models take the member from the verbatim samples', () => {
    const r = run(`Payload for \`alpha/created\`:\n\n${fence(envelope('alpha/created', '{ "id": 1, "name": "x" }'))}\nPayload for \`beta/created\`:\n\n${fence(envelope('beta/created', '{ "key": "k" }'))}`);
    expect(r.report.envelope).toMatchObject({ pointer: '/data', fields: ['event', 'sent_at'], samples: 2, guessed: false });
    const p = r.files.get('provider.yaml') ?? '';
    expect(p).toMatch(/^ {4}field: \/event {3}# read: every sample \(2\) holds its topic at \/event$/m);
    expect(p).toMatch(/^ {2}envelope:\n {4}payload: \/data {3}# read: every sample \(2\) wraps its payload in \/data$/m);
    expect(r.files.get('models/Alpha.yaml')).toContain('samples:\n  - samples/alpha.json#/data\n');
    expect(r.files.get('samples/alpha.json')).toBe(`${envelope('alpha/created', '{ "id": 1, "name": "x" }')}\n`);
    expect(r.report.questions).toEqual([expect.objectContaining({ subject: 'delivery.signature' })]);
  });

  it('the field a page names is read from the prose; a one-sample envelope nobody names is a guess to confirm', () => {
    const named = run(`The \`event\` field names the event; \`data\` holds the object.\n\nPayload for \`alpha/created\`:\n\n${fence(envelope('alpha/created', '{ "id": 1 }'))}`);
    expect(named.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/event', line: 1, guessed: false } });
    expect(named.report.envelope).toMatchObject({ pointer: '/data', line: 1, guessed: false });
    const bare = run(`Payload for \`alpha/created\`:\n\n${fence(envelope('alpha/created', '{ "id": 1 }'))}`);
    expect(bare.report.questions.map((q) => q.subject)).toEqual(['delivery.topic.field', 'delivery.envelope.payload', 'delivery.signature']);
    expect(bare.files.get('provider.yaml')).toMatch(/^ {4}field: \/event {3}# guessed: the one sample holds its topic at \/event$/m);
  });

  it('no envelope for payloads that merely share a nested object, and none when the samples are plain resources', () => {
    const r = run(`Payload for \`orders/create\`:\n\n${fence('{ "id": 1, "total": "9.50", "customer": { "id": 3 } }')}\nPayload for \`orders/paid\`:\n\n${fence('{ "id": 2, "total": "1.00", "customer": { "id": 4 } }')}`);
    expect(r.report.envelope).toBeUndefined();
    expect(r.report.topicSource).toEqual({ kind: 'route' });
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic', 'delivery.signature']);
  });

  it('a payload that is an array is a model of its own kind (an array model), apart from the same resource\'s object payloads', () => {
    const r = run(
      `Payload for \`alpha/created\`:\n\n${fence(envelope('alpha/created', '{ "id": 1 }'))}\nPayload for \`beta/added\`:\n\n${fence(envelope('beta/added', '[{ "id": 1 }]'))}\n` +
        `Payload for \`beta/removed\`:\n\n${fence(envelope('beta/removed', '{ "id": 2 }'))}`,
    );
    const [, added, removed] = r.report.blocks;
    expect(added).toMatchObject({ topics: ['beta/added'], payloadKind: 'array', file: 'samples/beta.json', ref: 'samples/beta.json#/data', model: 'Beta' });
    // the same resource in another kind of payload: a model of its own
    expect(removed).toMatchObject({ topics: ['beta/removed'], payloadKind: 'object', model: 'BetaRemoved' });
    expect(r.files.get('topics.yaml')).toMatch(/^ {2}beta\/added:.*\n {4}resource: Beta\n {4}payload: \[Beta\]$/m);
  });

  it('samples of one resource in different forms get models of their own', () => {
    const r = run(
      `Payload for \`order/created\`:\n\n${fence(envelope('order/created', '{ "type": "order", "id": 1 }'))}\n` +
        `Payload for \`order/statusUpdated\`:\n\n${fence(envelope('order/statusUpdated', '{ "previous": 0, "current": 11, "at": 5 }'))}\n` +
        `Payload for \`order/updated\`:\n\n${fence(envelope('order/updated', '{ "type": "order", "id": 1, "note": "n" }'))}`,
    );
    expect(r.report.blocks.map((b) => b.model)).toEqual(['Order', 'OrderStatusUpdated', 'Order']);
  });

  it('a sample whose body names another topic than the page pairs it with is an open question', () => {
    const r = run(`Payload for \`alpha/created\`:\n\n${fence(envelope('alpha/created', '{ "id": 1 }'))}\nPayload for \`alpha/deleted\`:\n\n${fence(envelope('alpha/created', '{ "id": 2 }'))}`);
    expect(r.report.conflicts).toEqual([{ sample: 'samples/alpha-2.json', line: 14, bodyTopic: 'alpha/created', topics: ['alpha/deleted'] }]);
    expect(r.report.questions.map((q) => q.subject)).toContain('topics.alpha/deleted');
  });
});

describe('delivery facts: read, guessed or default', () => {
  it('a page that says what is signed and how leaves nothing to confirm', () => {
    const r = run(
      'Events:\n\n- `a.created`\n- `a.deleted`\n\nEach request has an `X-Hub-Signature` header: the HMAC-SHA256 of the raw request body, hex encoded.\n\nDeliveries are HTTP POST requests.\n',
    );
    const p = r.files.get('provider.yaml') ?? '';
    expect(p).toMatch(/^ {4}algorithm: hmac-sha256 {3}# read: page line 6: /m);
    expect(p).toMatch(/^ {4}encoding: hex {3}# read: page line 6: /m);
    expect(p).toMatch(/^ {4}signed: raw-body {3}# read: page line 6: /m);
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic']);
  });

  it('a signature header alone: algorithm, encoding and signed bytes are guesses, each marked and asked', () => {
    const r = run('Events:\n\n- `a.created`\n- `a.deleted`\n\nEach request has a `Acme-Signature` header.\n');
    const p = r.files.get('provider.yaml') ?? '';
    for (const key of ['algorithm', 'encoding', 'signed']) expect(p).toMatch(new RegExp(`^ {4}${key}: \\S+ {3}# guessed: `, 'm'));
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic', 'delivery.signature.algorithm', 'delivery.signature.encoding', 'delivery.signature.signed']);
    expect(p).toMatch(/^unconfirmed:\n {2}delivery\.topic: "route: true: [^"]+"\n {2}delivery\.signature\.algorithm: "hmac-sha256: the page does not name the algorithm"\n/m);
  });

  it('a page that says deliveries are unsigned: `signature: none` is read, not asked', () => {
    const r = run('Events:\n\n- `a.created`\n- `a.deleted`\n\nWebhooks are not signed.\n');
    expect(r.files.get('provider.yaml')).toMatch(/^ {2}signature: none {3}# read: page line 6: Webhooks are not signed\.$/m);
    expect(r.report.questions.map((q) => q.subject)).toEqual(['delivery.topic']);
  });
});

describe('envelopes nested one level deeper', () => {
  it('`data: { object: {...} }` around the resource: the payload is /data/object', () => {
    const ev = (type: string, obj: string) => `{\n  "id": "evt_1",\n  "type": "${type}",\n  "data": { "object": ${obj} }\n}`;
    const r = run(`Payload for \`invoice.paid\`:\n\n${fence(ev('invoice.paid', '{ "id": "in_1", "total": 5 }'))}\nPayload for \`customer.created\`:\n\n${fence(ev('customer.created', '{ "id": "cu_1", "email": "x@example.com" }'))}`);
    expect(r.report.envelope).toMatchObject({ pointer: '/data/object', fields: ['id', 'type'] });
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/type' } });
    expect(r.files.get('models/Invoice.yaml')).toContain('  - samples/invoice.json#/data/object\n');
  });
});

describe('what the heading hierarchy does not pair', () => {
  it('a request or response under an API heading, even in a section that names one topic', () => {
    const r = run(`Events:\n\n- \`invoice.paid\`\n- \`invoice.voided\`\n\n## Subscribing to invoice.paid\n\nRegister a hook for \`invoice.paid\`.\n\n### POST /v1/hooks\n\n${fence('{ "topic": "invoice.paid", "url": "https://example.com" }')}\n### Response\n\n${fence('{ "id": 1 }')}`);
    expect(r.report.blocks.map((b) => b.topics)).toEqual([[], []]);
  });
});

describe('mechanisms for real pages (issue 15 item 6)', () => {
  it('a table of resources and their actions is read with the separator the page\'s own names use; without one, as it is', () => {
    const table = '| Resource | Events |\n|---|---|\n| Invoice | created/paid/voided |\n| Price list | updated |\n\n';
    const confirmed = run(`${table}Subscribe to \`invoice.paid\` to learn of payments.\n`);
    expect(confirmed.report.topics.map((t) => t.topic)).toEqual(['invoice.created', 'invoice.paid', 'invoice.voided', 'price_list.updated']);
    // nothing on the page says how the names are joined: no topic is made up
    const unconfirmed = run(table);
    expect(unconfirmed.report.topics.map((t) => t.topic)).toEqual(['created/paid/voided']);
  });

  it('a heading that lists topics with " - " names each, and pairs the sample below it with all of them', () => {
    const r = run(`#### parcel/sent - parcel/lost\n\n${fence('{ "id": 1 }')}`);
    expect(r.report.topics.map((t) => t.topic)).toEqual(['parcel/sent', 'parcel/lost']);
    expect(r.report.blocks.map((b) => [b.topics, b.pairedBy])).toEqual([[['parcel/sent', 'parcel/lost'], 'line above']]);
  });

  it('snake_case names that a sample has as keys, or that the prose calls arguments or fields, are no topics', () => {
    const page = `Webhook events:\n\n${fence('{ "refund_id": 1, "order_ref": "x" }')}\nThe \`refund_id\` and \`order_ref\` arguments identify the refund.\nThe \`parcel_sent\` and \`parcel_lost\` events are sent as they happen.\nUse the \`batch_size\` and \`page_token\` fields to page.\n`;
    expect(run(page).report.topics.map((t) => t.topic)).toEqual(['parcel_sent', 'parcel_lost']);
  });

  it('topics only the samples name: a member named as topic fields, distinct topic-shaped values in every sample', () => {
    const page = `# Messages\n\n## Shipping\n\nSent when a parcel leaves.\n\n${fence('{ "message_type": "parcel.sent", "parcel": { "id": 1 } }')}\nSent when a parcel is lost.\n\n${fence('{ "message_type": "parcel.lost", "parcel": { "id": 2, "reason": "x" } }')}`;
    const r = run(page);
    expect(r.report.topics.map((t) => [t.topic, t.via])).toEqual([
      ['parcel.sent', 'sample'],
      ['parcel.lost', 'sample'],
    ]);
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/message_type', samples: 2, guessed: false } });
    // named after the topic's resource, not after the section heading that groups them
    expect(r.report.models.map((m) => m.name)).toEqual(['Parcel']);
    // one sample alone, or one value in every sample, is no evidence of a topic field
    expect(run(`## Shipping\n\n${fence('{ "message_type": "parcel.sent" }')}`).report.topics).toEqual([]);
    expect(run(`${fence('{ "message_type": "parcel.sent", "id": 1 }')}\n${fence('{ "message_type": "parcel.sent", "id": 2 }')}`).report.topics).toEqual([]);
  });

  it('payloads of one resource in different forms get models of their own, told apart by the keys not every payload has', () => {
    const msg = (topic: string, member: string) => `Sent as it happens.\n\n${fence(`{ "message_type": "${topic}", "object_type": "${member}", "${member}": { "id": 1 } }`)}\n`;
    const r = run(`# Messages\n\n${msg('parcel.sent', 'parcel')}${msg('parcel.lost', 'parcel')}${msg('parcel.error', 'parcel_error')}`);
    expect(r.report.models.map((m) => [m.name, m.topics])).toEqual([
      ['Parcel', ['parcel.sent', 'parcel.lost']],
      ['ParcelError', ['parcel.error']],
    ]);
  });

  it('requests and responses in API sections ("HTTP request", "Create a hook") are neither payloads nor evidence of a topic field', () => {
    const page = `Events: \`parcel.sent\`, \`parcel.lost\`.\n\n## Create a hook\n\n### HTTP request\n\n${fence('{ "topic": "parcel.sent", "url": "https://example.com/h" }')}\n## Retrieve a hook\n\n${fence('{ "topic": "parcel.lost", "url": "https://example.com/h" }')}`;
    const r = run(page);
    expect(r.report.topicSource.kind).toBe('route');
    expect(r.report.blocks.map((b) => [b.topics, b.file])).toEqual([
      [[], undefined],
      [[], undefined],
    ]);
  });

  it('a payload member beside the topic inside the data member: the envelope is /data/payload, the topic /data/event', () => {
    const body = (topic: string) => `{ "data": { "payload": [{ "id": 1 }], "event": "${topic}" }, "source": { "shop": "s" }, "timestamp": 1 }`;
    const r = run(`When \`parcel.written\` or \`parcel.deleted\` fires:\n\n${fence(body('parcel.written'))}\nand\n\n${fence(body('parcel.deleted'))}`);
    expect(r.report.envelope).toMatchObject({ pointer: '/data/payload', fields: ['source', 'timestamp'] });
    expect(r.report.topicSource).toMatchObject({ kind: 'field', field: { pointer: '/data/event' } });
  });

  it('signature facts from the page\'s code: PHP hash_hmac is hex over php://input; Node digest(\'base64\'); examples that disagree decide nothing', () => {
    const head = 'Each request has an `X-Parcel-Signature` header.\n\n';
    const php = fence("$sig = hash_hmac('sha256', file_get_contents('php://input'), $secret);", 'php');
    const node = fence("const sig = crypto.createHmac('sha512', secret).update(req.rawBody).digest('base64');", 'js');
    const sig = (page: string) => run(page).report.delivery.signature;
    expect(sig(head + php)).toMatchObject({ algorithm: { value: 'hmac-sha256', line: 4 }, encoding: { value: 'hex', line: 4 }, signed: { value: 'raw-body', line: 4 } });
    expect(sig(head + node)).toMatchObject({ algorithm: { value: 'hmac-sha512' }, encoding: { value: 'base64' }, signed: { value: 'raw-body' } });
    const both = sig(head + php + '\n' + node);
    expect(both?.algorithm.line).toBeUndefined();
    expect(both?.encoding.line).toBeUndefined();
  });

  it('header names in code style count when they name a signature or the line calls them headers; link texts and algorithm names never', () => {
    const r = run('Check the `parcel-signature`. The `sw-version` header names the version. See [Parcel-Event-Reference](./ref.md). It is a HMAC-SHA256 of the request body.\n');
    expect(r.report.delivery.headers.map((h) => h.name)).toEqual(['parcel-signature', 'sw-version']);
    expect(r.report.delivery.signature?.header.name).toBe('parcel-signature');
    expect(r.report.delivery.topicHeader).toBeUndefined();
  });
});
