/**
 * `changes`: one case per kind of change, each a small edit of the intermediate model of the
 * acme fixture (test/fixtures/spec/acme), with the class, the kind, where (`in`) and the JSON
 * pointer asserted, and nothing else reported. Every kind of RULES has a case; the kinds whose
 * class depends on the direction (read vs API input) have one case each way.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { ApiOperation, GenModel, PayloadModel, ProviderModel, Schema, TopicModel } from '../../src/model/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { compareModels, RULES, rulesText, type ChangeClass, type ChangeKind } from '../../src/tools/changes/changes.js';
import { createCache } from '../../src/util/cache.js';

let BASE: GenModel;
beforeAll(async () => {
  const { providers, problems } = loadSpec(new URL('../fixtures', import.meta.url).pathname, 'spec');
  BASE = await buildModel(providers, problems, createCache({ enabled: true }));
  expect(problems).toEqual([]);
});

const acme = (m: GenModel): ProviderModel => {
  const p = m.providers.find((x) => x.id === 'acme');
  if (!p) throw new Error('no acme provider');
  return p;
};
const model = (m: GenModel, name: string): PayloadModel => {
  const x = acme(m).models.find((y) => y.name === name);
  if (!x) throw new Error(`no model ${name}`);
  return x;
};
const topic = (m: GenModel, name: string): TopicModel => {
  const x = acme(m).topics.find((t) => t.topic === name);
  if (!x) throw new Error(`no topic ${name}`);
  return x;
};
const op = (m: GenModel, name: string): ApiOperation => {
  const x = acme(m).api?.operations.find((o) => o.name === name);
  if (!x) throw new Error(`no operation ${name}`);
  return x;
};
const prop = (m: GenModel, modelName: string, field: string): Schema => {
  const s = model(m, modelName).schema.properties?.[field];
  if (!s) throw new Error(`no field ${field}`);
  return s;
};
const def = (m: GenModel, modelName: string, name: string): Schema => {
  const s = model(m, modelName).defs[name];
  if (!s) throw new Error(`no def ${name}`);
  return s;
};
const header = (m: GenModel, name: string) => {
  const h = acme(m).delivery.headers.find((x) => x.name === name);
  if (!h) throw new Error(`no header ${name}`);
  return h;
};
const signature = (m: GenModel) => {
  const s = acme(m).delivery.signature;
  if (s === 'none') throw new Error('acme signs');
  return s;
};

interface Case {
  kind: ChangeKind;
  /** what the case is, when a kind has several */
  note?: string;
  /** an edit of the base state (default: none) */
  base?: (m: GenModel) => void;
  head: (m: GenModel) => void;
  class: ChangeClass;
  in: string;
  pointer: string;
}

const W = 'Widget';
const CASES: Case[] = [
  { kind: 'provider-added', head: (m) => void m.providers.push({ ...structuredClone(acme(m)), id: 'beta', title: 'Beta' }), class: 'additive', in: 'provider.yaml', pointer: '' },
  { kind: 'provider-removed', head: (m) => void (m.providers = []), class: 'breaking', in: 'provider.yaml', pointer: '' },
  { kind: 'type-prefix-changed', head: (m) => void (acme(m).typePrefix = 'Acmex'), class: 'breaking', in: 'provider.yaml', pointer: '/typePrefix' },
  { kind: 'provider-docs-changed', head: (m) => void (acme(m).title = 'Acme Store'), class: 'docs', in: 'provider.yaml', pointer: '/title' },
  { kind: 'delivery-changed', head: (m) => void (acme(m).delivery.method = 'PUT'), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/method' },
  { kind: 'signature-changed', head: (m) => void (signature(m).algorithm = 'hmac-sha512'), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/signature' },
  { kind: 'signature-changed', note: 'a shorter tolerance', base: (m) => void (signature(m).tolerance = 300), head: (m) => void (signature(m).tolerance = 60), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/signature/tolerance' },
  { kind: 'signature-tolerance-widened', base: (m) => void (signature(m).tolerance = 300), head: (m) => void (signature(m).tolerance = 600), class: 'additive', in: 'provider.yaml', pointer: '/delivery/signature/tolerance' },
  { kind: 'header-added', head: (m) => void acme(m).delivery.headers.push({ name: 'X-Acme-Attempt', field: 'attempt' }), class: 'additive', in: 'provider.yaml', pointer: '/delivery/headers/X-Acme-Attempt' },
  { kind: 'required-header-added', head: (m) => void acme(m).delivery.headers.push({ name: 'X-Acme-Attempt', required: true }), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/headers/X-Acme-Attempt' },
  { kind: 'header-removed', head: (m) => void (acme(m).delivery.headers = acme(m).delivery.headers.filter((h) => h.name !== 'X-Acme-Delivery')), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/headers/X-Acme-Delivery' },
  { kind: 'header-required', head: (m) => void (header(m, 'X-Acme-Delivery').required = true), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/headers/X-Acme-Delivery' },
  { kind: 'header-optional', head: (m) => void (header(m, 'X-Acme-Shop').required = false), class: 'breaking', in: 'provider.yaml', pointer: '/delivery/headers/X-Acme-Shop' },
  { kind: 'header-docs-changed', head: (m) => void (header(m, 'X-Acme-Shop').description = 'The shop.'), class: 'docs', in: 'provider.yaml', pointer: '/delivery/headers/X-Acme-Shop' },
  { kind: 'topic-added', head: (m) => void acme(m).topics.push({ ...structuredClone(topic(m, 'widgets/create')), topic: 'widgets/delete' }), class: 'additive', in: 'topics.yaml', pointer: '/topics/widgets~1delete' },
  { kind: 'topic-removed', head: (m) => void (acme(m).topics = acme(m).topics.filter((t) => t.topic !== 'widgets/create')), class: 'breaking', in: 'topics.yaml', pointer: '/topics/widgets~1create' },
  { kind: 'topic-payload-changed', head: (m) => void (topic(m, 'widgets/archive').payload = ['Widget']), class: 'breaking', in: 'topics.yaml', pointer: '/topics/widgets~1archive/payload' },
  { kind: 'topic-documented', head: (m) => void Object.assign(topic(m, 'mystery/event'), { undocumented: false, payload: ['Gadget'] }), class: 'additive', in: 'topics.yaml', pointer: '/topics/mystery~1event' },
  { kind: 'topic-undocumented', head: (m) => void Object.assign(topic(m, 'widgets/create'), { undocumented: true, payload: [] }), class: 'breaking', in: 'topics.yaml', pointer: '/topics/widgets~1create' },
  { kind: 'topic-docs-changed', head: (m) => void (topic(m, 'widgets/create').description = 'A widget was made.'), class: 'docs', in: 'topics.yaml', pointer: '/topics/widgets~1create/description' },
  { kind: 'model-added', head: (m) => void acme(m).models.push({ ...structuredClone(model(m, 'Gadget')), name: 'Gizmo', typeName: 'Gizmo' }), class: 'additive', in: 'Gizmo', pointer: '' },
  { kind: 'model-removed', head: (m) => void (acme(m).models = acme(m).models.filter((x) => x.name !== 'Gadget')), class: 'breaking', in: 'Gadget', pointer: '' },
  { kind: 'model-type-renamed', head: (m) => void (model(m, W).typeName = 'AcmeWidget'), class: 'breaking', in: 'AcmeWidget', pointer: '' },
  { kind: 'model-docs-changed', head: (m) => void (model(m, W).description = 'A widget.'), class: 'docs', in: W, pointer: '' },
  { kind: 'samples-changed', head: (m) => void (model(m, W).sampleTexts[0] = `${model(m, W).sampleTexts[0] ?? ''} `), class: 'docs', in: W, pointer: '' },
  { kind: 'discriminator-changed', head: (m) => void (model(m, W).discriminator = { property: 'kind', value: 'widget' }), class: 'breaking', in: W, pointer: '' },
  { kind: 'type-name-added', head: (m) => void (model(m, W).defs.WidgetLabel = { type: 'object', properties: {} }), class: 'additive', in: W, pointer: '' },
  { kind: 'type-name-removed', head: (m) => void delete model(m, W).defs.Size, class: 'breaking', in: W, pointer: '' },
  { kind: 'field-added', head: (m) => void ((model(m, W).schema.properties ?? {}).weight = { type: ['number', 'null'] }), class: 'additive', in: W, pointer: '/weight' },
  {
    kind: 'required-field-added',
    head: (m) => {
      const s = model(m, W).schema;
      (s.properties ?? {}).weight = { type: 'number' };
      s.required = [...(s.required ?? []), 'weight'];
    },
    class: 'breaking',
    in: W,
    pointer: '/weight',
  },
  { kind: 'field-removed', head: (m) => void delete (model(m, W).schema.properties ?? {}).price, class: 'breaking', in: W, pointer: '/price' },
  { kind: 'field-required', head: (m) => void (model(m, W).schema.required = [...(model(m, W).schema.required ?? []), 'price']), class: 'breaking', in: W, pointer: '/price' },
  { kind: 'field-optional', note: 'a payload field', head: (m) => void (model(m, W).schema.required = (model(m, W).schema.required ?? []).filter((k) => k !== 'name')), class: 'breaking', in: W, pointer: '/name' },
  {
    kind: 'field-optional',
    note: 'a request body field (an API input)',
    head: (m) => {
      const body = op(m, 'createSubscription').body;
      const url = body?.properties.find((p) => p.name === 'url');
      if (url) url.required = false;
    },
    class: 'additive',
    in: 'api.yaml',
    pointer: '/operations/createSubscription/body/url',
  },
  { kind: 'nullable-added', note: 'a payload field', head: (m) => void (prop(m, W, 'name').type = ['string', 'null']), class: 'breaking', in: W, pointer: '/name' },
  {
    kind: 'nullable-added',
    note: 'a query parameter (an API input)',
    head: (m) => {
      const q = op(m, 'listSubscriptions').query.find((p) => p.name === 'active');
      if (q) q.type = ['boolean', 'null'];
    },
    class: 'additive',
    in: 'api.yaml',
    pointer: '/operations/listSubscriptions/query/active',
  },
  { kind: 'nullable-removed', head: (m) => void (prop(m, W, 'price').type = 'string'), class: 'breaking', in: W, pointer: '/price' },
  { kind: 'type-narrowed', note: 'number → integer, through a $ref', head: (m) => void ((def(m, W, 'Size').properties ?? {}).height = { type: ['integer', 'null'] }), class: 'breaking', in: W, pointer: '/dimensions/height' },
  { kind: 'type-narrowed', note: 'a type dropped from a union', base: (m) => void (prop(m, W, 'price').type = ['string', 'number', 'null']), head: (m) => void (prop(m, W, 'price').type = ['string', 'null']), class: 'breaking', in: W, pointer: '/price' },
  { kind: 'type-widened', note: 'integer → number (the same TypeScript type)', head: (m) => void ((def(m, W, 'Size').properties ?? {}).width = { type: ['number', 'null'] }), class: 'additive', in: W, pointer: '/dimensions/width' },
  {
    kind: 'type-widened',
    note: 'a query parameter that may be of another type (an API input)',
    head: (m) => {
      const q = op(m, 'listSubscriptions').query.find((p) => p.name === 'page');
      if (q) q.type = ['integer', 'string'];
    },
    class: 'additive',
    in: 'api.yaml',
    pointer: '/operations/listSubscriptions/query/page',
  },
  { kind: 'type-added', head: (m) => void (prop(m, W, 'price').type = ['string', 'number', 'null']), class: 'breaking', in: W, pointer: '/price' },
  { kind: 'type-changed', head: (m) => void (prop(m, W, 'price').type = ['boolean', 'null']), class: 'breaking', in: W, pointer: '/price' },
  {
    kind: 'int64-changed',
    head: (m) => {
      const w = model(m, W);
      const id = prop(m, W, 'id');
      delete id.pattern;
      id.type = 'integer';
      w.int64Paths = w.int64Paths.filter((p) => p.join('/') !== 'id');
    },
    class: 'breaking',
    in: W,
    pointer: '/id',
  },
  { kind: 'enum-value-added', head: (m) => void (prop(m, W, 'color').enum = ['red', 'green', 'blue', null]), class: 'additive', in: W, pointer: '/color' },
  { kind: 'enum-value-removed', head: (m) => void (prop(m, W, 'color').enum = ['red', null]), class: 'breaking', in: W, pointer: '/color' },
  { kind: 'enum-added', head: (m) => void (prop(m, W, 'price').enum = ['19.99', null]), class: 'breaking', in: W, pointer: '/price' },
  { kind: 'enum-removed', note: 'a payload field', head: (m) => void delete prop(m, W, 'color').enum, class: 'breaking', in: W, pointer: '/color' },
  {
    kind: 'enum-removed',
    note: 'a query parameter (an API input)',
    head: (m) => {
      const q = op(m, 'listSubscriptions').query.find((p) => p.name === 'state');
      if (q) delete q.enum;
    },
    class: 'additive',
    in: 'api.yaml',
    pointer: '/operations/listSubscriptions/query/state',
  },
  { kind: 'constraint-added', head: (m) => void (prop(m, W, 'price').pattern = '^[0-9]+\\.[0-9]{2}$'), class: 'breaking', in: W, pointer: '/price' },
  { kind: 'constraint-removed', head: (m) => void delete prop(m, W, 'archived_at').format, class: 'additive', in: W, pointer: '/archived_at' },
  { kind: 'constraint-changed', head: (m) => void (prop(m, W, 'archived_at').format = 'date'), class: 'breaking', in: W, pointer: '/archived_at' },
  {
    kind: 'constraint-tightened',
    head: (m) => {
      const q = op(m, 'listSubscriptions').query.find((p) => p.name === 'per_page');
      if (q) q.maximum = 50;
    },
    class: 'breaking',
    in: 'api.yaml',
    pointer: '/operations/listSubscriptions/query/per_page',
  },
  {
    kind: 'constraint-loosened',
    head: (m) => {
      const q = op(m, 'listSubscriptions').query.find((p) => p.name === 'per_page');
      if (q) q.maximum = 250;
    },
    class: 'additive',
    in: 'api.yaml',
    pointer: '/operations/listSubscriptions/query/per_page',
  },
  { kind: 'object-closed', head: (m) => void (def(m, W, 'Size').additionalProperties = false), class: 'breaking', in: W, pointer: '/dimensions' },
  { kind: 'object-opened', base: (m) => void (def(m, W, 'Size').additionalProperties = false), head: (m) => void delete def(m, W, 'Size').additionalProperties, class: 'additive', in: W, pointer: '/dimensions' },
  { kind: 'field-docs-changed', head: (m) => void ((def(m, W, 'WidgetPart').properties ?? {}).note = { type: ['string', 'null'], description: 'A note.' }), class: 'docs', in: W, pointer: '/parts/*/note' },
  { kind: 'operation-added', head: (m) => void acme(m).api?.operations.push({ ...structuredClone(op(m, 'deleteSubscription')), name: 'pauseSubscription', method: 'POST' }), class: 'additive', in: 'api.yaml', pointer: '/operations/pauseSubscription' },
  { kind: 'operation-removed', head: (m) => void (acme(m).api?.operations.splice(acme(m).api?.operations.findIndex((o) => o.name === 'deleteSubscription') ?? 0, 1)), class: 'breaking', in: 'api.yaml', pointer: '/operations/deleteSubscription' },
  { kind: 'operation-changed', head: (m) => void (op(m, 'deleteSubscription').path = '/v3/shops/{shop}/subscriptions/{id}'), class: 'breaking', in: 'api.yaml', pointer: '/operations/deleteSubscription' },
  { kind: 'operation-docs-changed', head: (m) => void (op(m, 'listSubscriptions').summary = 'List subscriptions'), class: 'docs', in: 'api.yaml', pointer: '/operations/listSubscriptions' },
  { kind: 'api-error-added', head: (m) => void acme(m).api?.errors.push({ status: 429, name: 'AcmeSlowDown', type: { type: ['object'] } }), class: 'additive', in: 'api.yaml', pointer: '/errors/429' },
  { kind: 'api-error-removed', head: (m) => void acme(m).api?.errors.splice(0), class: 'breaking', in: 'api.yaml', pointer: '/errors/4XX' },
  {
    kind: 'required-field-added',
    note: 'a request body field (an API input)',
    head: (m) => void op(m, 'createSubscription').body?.properties.push({ name: 'secret', required: true, type: { type: ['string'] } }),
    class: 'breaking',
    in: 'api.yaml',
    pointer: '/operations/createSubscription/body/secret',
  },
];

describe('changes: one case per kind', () => {
  it('every kind of RULES has a case', () => {
    expect([...new Set(CASES.map((c) => c.kind))].sort()).toEqual(Object.keys(RULES).sort());
  });

  it('an unchanged model has no changes', () => {
    expect(compareModels(BASE, structuredClone(BASE))).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.kind}${c.note ? ` (${c.note})` : ''}`, c] as const))('%s', (_name, c) => {
    const base = structuredClone(BASE);
    c.base?.(base);
    const head = structuredClone(base);
    c.head(head);
    const changes = compareModels(base, head);
    expect(changes.map((x) => ({ class: x.class, kind: x.kind, in: x.in, pointer: x.pointer }))).toEqual([{ class: c.class, kind: c.kind, in: c.in, pointer: c.pointer }]);
    // the class is the rule's, for the direction the value flows
    const rule = RULES[c.kind];
    expect([rule.reader, 'input' in rule ? rule.input : rule.reader]).toContain(c.class);
    expect(changes[0]?.provider).toBe(c.kind === 'provider-added' ? 'beta' : 'acme');
    expect(changes[0]?.message).toMatch(/\S/);
  });

  it('a change to a model lists the topics that deliver it', () => {
    const head = structuredClone(BASE);
    prop(head, W, 'name').type = ['string', 'null'];
    expect(compareModels(BASE, head)[0]?.topics).toEqual(['widgets/archive', 'widgets/create']);
  });

  it('a change to a named type shared by several fields is reported at each field', () => {
    const base = structuredClone(BASE);
    const w = model(base, W).schema.properties ?? {};
    w.box = { anyOf: [{ $ref: '#/$defs/Size' }, { type: 'null' }] };
    const head = structuredClone(base);
    (def(head, W, 'Size').properties ?? {}).depth = { type: ['number', 'null'] };
    expect(compareModels(base, head).map((c) => `${c.kind} ${c.pointer}`)).toEqual(['field-added /box/depth', 'field-added /dimensions/depth']);
  });

  it('the order: breaking, then additive, then docs', () => {
    const head = structuredClone(BASE);
    topic(head, 'widgets/create').description = 'x';
    acme(head).topics.push({ ...structuredClone(topic(head, 'widgets/create')), topic: 'widgets/zap' });
    prop(head, W, 'name').type = ['string', 'null'];
    expect(compareModels(BASE, head).map((c) => c.class)).toEqual(['breaking', 'additive', 'docs']);
  });
});

describe('the help text', () => {
  it('docs/changes.md holds the rules as rulesText() prints them', () => {
    const help = readFileSync(new URL('../../docs/changes.md', import.meta.url), 'utf8');
    expect(help.endsWith(rulesText())).toBe(true);
  });
});
