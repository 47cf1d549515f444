// The event catalog emitter (generator/emit/catalog.js) on a small hand-built model: the payload
// tree as a golden file, and escaping of hostile text (`<`, `&`, `*/`, `</script>`).
// Update the golden files deliberately with `npm run update:golden`, then review the diff.
import { describe, expect, it } from 'vitest';
import { catalogHtml, catalogMarkdown, payloadTree, treeHtml } from '../../src/emit/catalog.js';
import type { PayloadModel, ProviderModel } from '../../src/model/types.js';

const HOSTILE = 'Has <b>markup</b> & a closing */ comment and </script><script>alert(1)</script> too.';

const sample = '{ "id": 327475578523353102, "kind": "thing", "note": "<b>&amp;</b>", "dims": { "w": 1 }, "parts": [{ "sku": "A" }], "meta": { "a": "b" } }';

const thing: PayloadModel = {
  name: 'Thing',
  typeName: 'Thing',
  description: HOSTILE,
  specFile: 'spec/demo/models/Thing.yaml',
  sampleFiles: ['spec/demo/samples/thing.json'],
  sampleTexts: [sample],
  sampleValues: [],
  schema: {
    title: 'Thing',
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^-?[0-9]+$', description: 'A 64-bit id.' },
      kind: { type: 'string', enum: ['thing', 'other'] },
      note: { type: ['string', 'null'], description: HOSTILE },
      dims: { $ref: '#/$defs/Dims' },
      parts: { type: 'array', items: { $ref: '#/$defs/Part' } },
      meta: { type: 'object', additionalProperties: { type: 'string' } },
      parent: { anyOf: [{ $ref: '#/$defs/Part' }, { type: 'null' }] },
    },
    required: ['id', 'kind', 'note', 'dims', 'parts', 'meta'],
  },
  defs: {
    Dims: { title: 'Dims', type: 'object', properties: { w: { type: 'integer' }, h: { type: 'number' } }, required: ['w'] },
    Part: { title: 'Part', type: 'object', properties: { sku: { type: 'string' }, sub: { $ref: '#/$defs/Part' } }, required: ['sku'] },
  },
  int64Paths: [['id']],
};

const provider: ProviderModel = {
  id: 'demo',
  title: 'Demo & <Co>',
  typePrefix: 'Demo',
  valuePrefix: 'demo',
  description: HOSTILE,
  specDir: 'spec/demo',
  docs: [],
  inference: { presence: 'observed', nulls: 'observed' },
  delivery: {
    method: 'POST',
    body: 'json',
    topic: { header: 'X-Demo-Topic' },
    headers: [{ name: 'X-Demo-Topic', description: `The topic. ${HOSTILE}`, example: 'things/create' }],
    signature: { header: 'X-Demo-Sig', algorithm: 'hmac-sha256', encoding: 'hex', signed: 'raw-body' },
  },
  topics: [
    { topic: 'things/create', typeName: 'ThingsCreate', resource: 'Thing', payload: ['Thing'], undocumented: false, description: HOSTILE },
    { topic: 'things/update', typeName: 'ThingsUpdate', resource: 'Thing', payload: ['Thing'], undocumented: false },
    { topic: 'mystery', typeName: 'Mystery', payload: [], undocumented: true, source: 'Named in an error <message>.' },
  ],
  models: [thing],
};

describe('catalog emitter', () => {
  it('the payload tree of a small model (golden)', async () => {
    const tree = payloadTree(thing);
    await expect(JSON.stringify(tree, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/catalog/thing.tree.json.snap');
    await expect(treeHtml(tree)).toMatchFileSnapshot('./__snapshots__/catalog/thing.tree.html.snap');
    await expect(catalogMarkdown(provider)).toMatchFileSnapshot('./__snapshots__/catalog/demo.md.snap');
  });

  it('tree facts: types, nullable, optional, enum, source; recursion stops', () => {
    const tree = payloadTree(thing);
    const byName = Object.fromEntries(tree.map((f) => [f.name, f]));
    expect(byName.id).toMatchObject({ type: 'digit string (64-bit integer)', nullable: false, optional: false, source: 'docs/hint' });
    expect(byName.kind).toMatchObject({ enum: ['thing', 'other'], source: 'sample' });
    expect(byName.note).toMatchObject({ nullable: true, source: 'docs/hint' });
    expect(byName.parent).toMatchObject({ nullable: true, optional: true });
    expect(byName.parts.children.map((c) => c.path)).toEqual(['parts/*/sku', 'parts/*/sub']);
    expect(byName.parts.children[1]).toMatchObject({ recursive: true, children: [] });
    expect(byName.meta.children.map((c) => c.path)).toEqual(['meta/*']);
    expect(byName.meta.children[0]).toMatchObject({ anyKey: true, optional: false });
  });

  it('escapes descriptions with <, &, */ and </script> in the page and its embedded data', () => {
    const html = catalogHtml({ providers: [provider] });
    // exactly the page's own two scripts: nothing in the data opens or closes one
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<b>markup</b>');
    expect(html).toContain('Has &lt;b&gt;markup&lt;/b&gt; &amp; a closing */ comment and &lt;/script&gt;');
    expect(html).toContain('Demo &amp; &lt;Co&gt;');
    // the embedded JSON parses back to the original text
    const json = /<script type="application\/json" id="catalog-data">([^]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    const data = JSON.parse(json) as { topics: { id: string; text: string; fields: string[] }[] };
    expect(data.topics.map((t) => t.id)).toEqual(['demo/things/create', 'demo/things/update', 'demo/mystery']);
    expect(data.topics[0]!.text).toContain('</script><script>alert(1)</script>');
    // the example is the sample text verbatim (the 64-bit id keeps every digit), HTML-escaped
    expect(html).toContain('&quot;id&quot;: 327475578523353102');
    expect(html).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    // the banner comes first; deep-link ids, the import line, shared-model links, undocumented
    expect(html.split('\n')[0]).toMatch(/^<!-- Generated by webhook-typegen .*DO NOT EDIT.*-->$/);
    expect(html).toContain('<details class="topic" id="demo/things/create">');
    expect(html).toContain('import type { DemoPayload } from &#39;@webhook-typegen/generated/demo&#39;;');
    expect(html).toContain('DemoPayload&lt;&#39;things/create&#39;&gt;');
    expect(html).toContain('<a href="#demo/things/update">things/update</a>');
    expect(html).toContain('<span class="badge undocumented">undocumented</span>');
    // Markdown: no raw HTML from the text
    const md = catalogMarkdown(provider);
    expect(md).not.toContain('<b>markup');
    expect(md).toContain('&lt;b&gt;markup');
    expect(md).not.toContain('</script>');
    expect(md).toContain('"id": 327475578523353102');
  });

  it('is deterministic', () => {
    expect(catalogHtml({ providers: [provider] })).toBe(catalogHtml({ providers: [structuredClone(provider)] }));
  });
});
