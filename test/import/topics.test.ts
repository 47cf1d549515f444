/**
 * Topic (event) extraction from tables, bullet lists and prose, what is not a topic, and how
 * samples are paired with topics and named.
 */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

interface TopicCase {
  doc: string;
  file?: string;
  /** topics in topics.yaml order */
  topics: string[];
  /** descriptions / payload prose taken from a table, by topic */
  description?: Record<string, string>;
  payloadProse?: Record<string, string>;
}

const extraction: [string, TopicCase][] = [
  [
    'Markdown pipe table with a Topic column',
    {
      doc: '# Webhooks\n\n| Topic | Description |\n|---|---|\n| `orders/create` | An order was placed. |\n| `orders/paid` | An order was paid. |\n',
      topics: ['orders/create', 'orders/paid'],
      description: { 'orders/create': 'An order was placed.' },
    },
  ],
  [
    'pipe table whose Event column holds snake_case events, with a payload column',
    {
      doc: '| Event | Payload |\n|---|---|\n| order_new | Order model |\n| subscription_renew_failed | Subscription model |\n',
      topics: ['order_new', 'subscription_renew_failed'],
      payloadProse: { order_new: 'Order model' },
    },
  ],
  [
    'pipe table without a topic header: a column of resource.action names',
    { doc: '| Name | When |\n|---|---|\n| invoice.paid | paid |\n| invoice.payment_failed | failed |\n', topics: ['invoice.paid', 'invoice.payment_failed'] },
  ],
  [
    'several topics in one table cell',
    { doc: '| Resource | Topics |\n|---|---|\n| Cart | carts/create, carts/update |\n', topics: ['carts/create', 'carts/update'] },
  ],
  [
    'glued text table of a copied page (the Cratejoy layout)',
    {
      doc: 'Available Events\n\nEvent NameDescriptionAvailable Payload\ncheckout_failedOne of your customers failed to check out, or paymentCustomer and Order Model\ncustomer_newA new user has registered. This can happen independently.Customer model\norder_newAn order has been placed on your store.\nshipment_address_updatedThe address is changed.Shipment model.\n',
      file: 'page.txt',
      topics: ['checkout_failed', 'customer_new', 'order_new', 'shipment_address_updated'],
      description: { checkout_failed: 'One of your customers failed to check out, or payment', customer_new: 'A new user has registered. This can happen independently.', order_new: 'An order has been placed on your store.' },
      payloadProse: { checkout_failed: 'Customer and Order Model', customer_new: 'Customer model', 'shipment_address_updated': 'Shipment model.' },
    },
  ],
  [
    'tab-separated table',
    { doc: 'Event\tDescription\norder.created\tAn order was created\norder.deleted\tAn order was deleted\n', file: 'page.txt', topics: ['order.created', 'order.deleted'], description: { 'order.deleted': 'An order was deleted' } },
  ],
  [
    'bullet list of topics, with and without descriptions',
    {
      doc: 'The event that will trigger the webhook. Valid values are:\n  • app/uninstalled\n  • carts/create\n- `order.created` – An order was created\n* refunds/create: A refund was made\n',
      file: 'page.txt',
      topics: ['app/uninstalled', 'carts/create', 'order.created', 'refunds/create'],
      description: { 'order.created': 'An order was created', 'refunds/create': 'A refund was made' },
    },
  ],
  [
    'bullet list of snake_case events under an Events heading',
    { doc: '## Events\n\n- order_created\n- order_cancelled\n- customer_updated\n', topics: ['order_created', 'order_cancelled', 'customer_updated'] },
  ],
  [
    'comma list lines under resource lines (the Spiffy layout)',
    { doc: 'Events Topics\nCart\ncarts/create, carts/update\n\nCheckout\ncheckouts/create, checkouts/delete, checkouts/update\n', file: 'page.txt', topics: ['carts/create', 'carts/update', 'checkouts/create', 'checkouts/delete', 'checkouts/update'] },
  ],
  [
    'comma list in prose, after a label and inside a sentence',
    {
      doc: 'topic Show webhooks with a given topic. Valid topics are: app/uninstalled, carts/create, shop/update\n\nWe also send `orders/create`, `orders/updated` and `orders/paid` when orders change.\n',
      file: 'page.txt',
      topics: ['app/uninstalled', 'carts/create', 'shop/update', 'orders/create', 'orders/updated', 'orders/paid'],
    },
  ],
  [
    'snake_case events listed in prose near the word "events", parentheticals skipped',
    { doc: 'Webhook events carrying this model: checkout_failed ("Customer and Order Model"), order_updated ("Order model"), order_new.\n', topics: ['checkout_failed', 'order_updated', 'order_new'] },
  ],
  [
    'a topic mentioned once in a sentence is not a list',
    { doc: 'For example, the following headers are sent as part of the orders/create webhook.\n', topics: [] },
  ],
];

describe('topic extraction', () => {
  it.each(extraction)('%s', (_, c) => {
    const { report } = run(c.doc, c.file ?? 'page.md');
    expect(report.topics.map((t) => t.topic)).toEqual(c.topics);
    for (const [t, d] of Object.entries(c.description ?? {})) expect(report.topics.find((x) => x.topic === t)?.description).toBe(d);
    for (const [t, p] of Object.entries(c.payloadProse ?? {})) expect(report.topics.find((x) => x.topic === t)?.payloadProse).toBe(p);
  });
});

const notTopics: [string, string][] = [
  ['MIME types', 'Accepted: application/json, text/html, image/png\n'],
  ['URLs and paths', 'GET /admin/webhooks/count.json?topic=orders/create\nSee https://shop.example.com/orders/create, https://x.example.com/a/b\n'],
  ['file and host names', 'Files: index.html, webhooks.json, api.cratejoy.com\n'],
  ['abbreviations and word pairs', 'Use e.g. this and/or that, i.e. true/false.\n'],
  ['a property table of snake_case fields', '| Property | Type |\n|---|---|\n| created_at | DATETIME |\n| store_id | INT |\n'],
  ['a field list in a sentence that mentions hooks', 'The hook object has fields [id, name, target, event, request_type, enabled, created_at, store_id, url].\n'],
  ['a single snake_case word on its own line under "Webhook properties"', 'Webhook properties\n\ncreated_at\n"created_at": "2012-09-28T11:50:07-04:00"\n'],
  ['snake_case bullets under a Properties heading', '## Properties\n\n- created_at\n- updated_at\n'],
  ['topic-like words inside JSON samples', '```json\n{"topic": "orders/create", "events": "orders/paid, orders/cancelled"}\n```\n'],
  ['topic-like words in HTML scripts', '<html><script>var t = ["orders/create", "orders/paid"];</script><p>Nothing here.</p></html>\n'],
];

describe('not topics', () => {
  it.each(notTopics)('%s', (_, doc) => {
    const { report } = run(doc, doc.startsWith('<html>') ? 'page.html' : 'page.md');
    expect(report.topics.map((t) => t.topic)).toEqual([]);
  });
});

interface PairCase {
  doc: string;
  file?: string;
  /** model name → its topics (topics.yaml payload) */
  models: Record<string, string[]>;
  /** sample files written */
  samples: string[];
  pairedBy?: string[];
  unpaired?: number;
}

const pairing: [string, PairCase][] = [
  [
    'a topic line right above, under a resource line: the model is named from the resource line',
    {
      doc: 'Events Topics\nCollectionPublication\ncollection_listings/add, collection_listings/remove\n\n{\n  "id": 1\n}\nTheme\nthemes/create\n\n{\n  "id": 2\n}\n',
      file: 'page.txt',
      models: { CollectionPublication: ['collection_listings/add', 'collection_listings/remove'], Theme: ['themes/create'] },
      samples: ['samples/collection-publication.json', 'samples/theme.json'],
      pairedBy: ['line above', 'line above'],
    },
  ],
  [
    'a heading that names the topic, prose in between: the model is named from the topic',
    { doc: '### orders/create\n\nSent when an order is placed.\n\n```json\n{"id": 1}\n```\n', models: { Order: ['orders/create'] }, samples: ['samples/order.json'], pairedBy: ['heading'] },
  ],
  [
    'a line introducing the sample: "Example `invoice.paid` payload:"',
    { doc: 'Example `invoice.paid` payload:\n\n```json\n{"id": 1}\n```\n', models: { Invoice: ['invoice.paid'] }, samples: ['samples/invoice.json'], pairedBy: ['line above'] },
  ],
  [
    'a sample in a table row',
    {
      doc: '| Event | Payload |\n|---|---|\n| design_updated | `{"theme_name": "mytheme"}` |\n| order_new | Order model |\n',
      models: { Design: ['design_updated'] },
      samples: ['samples/design.json'],
      pairedBy: ['table row'],
    },
  ],
  [
    'a sample under a resource heading, topics from a table: paired by resource name',
    {
      doc: '| Topic | Description |\n|---|---|\n| orders/create | placed |\n| orders/updated | changed |\n| refunds/create | refunded |\n\n## Order payload\n\n```json\n{"id": 1}\n```\n',
      models: { Order: ['orders/create', 'orders/updated'] },
      samples: ['samples/order.json'],
      pairedBy: ['resource name'],
    },
  ],
  [
    'two samples one after the other: both are samples of the model',
    { doc: 'orders/create\n\n```json\n{"id": 1}\n```\n\n```json\n{"id": 2, "note": null}\n```\n', models: { Order: ['orders/create'] }, samples: ['samples/order-2.json', 'samples/order.json'], pairedBy: ['line above', 'previous block'] },
  ],
  [
    'an API response under a request line is not paired, even below a topic list',
    {
      doc: 'Valid topics:\n\n- orders/create\n- orders/paid\n\nGet a list of all webhooks.\n\nGET /admin/webhooks.json\n\nHTTP/1.1 200 OK\n{\n  "count": 1\n}\n',
      file: 'page.txt',
      models: {},
      samples: [],
      unpaired: 1,
    },
  ],
];

describe('pairing samples with topics', () => {
  it.each(pairing)('%s', (_, c) => {
    const { files, report } = run(c.doc, c.file ?? 'page.md');
    expect(Object.fromEntries(report.models.map((m) => [m.name, m.topics]))).toEqual(c.models);
    expect([...files.keys()].filter((f) => f.startsWith('samples/')).sort()).toEqual(c.samples);
    expect(report.blocks.filter((b) => b.pairedBy).map((b) => b.pairedBy)).toEqual(c.pairedBy ?? []);
    expect(report.blocks.filter((b) => b.status !== 'skipped' && b.topics.length === 0)).toHaveLength(c.unpaired ?? 0);
    for (const m of report.models) {
      const yaml = files.get(`models/${m.name}.yaml`)!;
      expect(yaml).toMatch(new RegExp(`^model: ${m.name}$`, 'm'));
      for (const s of m.samples) expect(yaml).toContain(`  - ${s}\n`);
      for (const t of m.topics) expect(files.get('topics.yaml')).toMatch(new RegExp(`^  ${t.replace(/[./]/g, '\\$&')}:.*\\n    resource: ${m.name}\\n    payload: \\[${m.name}\\]`, 'm'));
    }
  });
});
