/**
 * Emitter: the event catalog for people reading webhook docs. One self-contained page,
 * `catalog/index.html` (inline CSS and JS, no network: it works opened from disk), with every
 * provider's delivery and topics, each topic's payload as a collapsible tree, its example and
 * its TypeScript type; plus `catalog/<provider>.md` with the same facts as Markdown.
 * A pure function of the intermediate model: sorted, no dates. Every spec text is escaped
 * (src/print/markup.ts): HTML text and attributes, JSON that cannot close its `<script>`,
 * Markdown that cannot open HTML, a table cell or a code block.
 */
import type { DeliverySpec, GenModel, PayloadModel, ProviderModel, Schema, TopicModel } from '../model/types.js';
import { escapeHtml, escapeMd, htmlCommentText, mdCode, mdFence, quotedString, scriptJson, wellFormed } from '../print/markup.js';
import { compareStrings, sortedEntries } from '../util/order.js';
import { describe, envelopeModel, isObjectModel, refName, typeList } from './common.js';
import { importSpecifier } from './root.js';

export { escapeHtml, scriptJson };

/** A field of the payload tree. */
export interface FieldNode {
  /** property name (`*` = any key) */
  name: string;
  /** JSON pointer without the leading `/` (`*` = array item or any key) */
  path: string;
  /** describe() of the field's schema */
  type: string;
  nullable: boolean;
  optional: boolean;
  enum?: unknown[];
  description?: string;
  /** where the field's facts come from */
  source: 'docs/hint' | 'sample';
  /** `*` of a map: any property name */
  anyKey?: boolean;
  /** a type already open above: not expanded again */
  recursive?: boolean;
  children: FieldNode[];
}

/** A `#fragment` for an id: path-like, every other special character percent-encoded. */
const fragment = (id: string): string => encodeURIComponent(id).replace(/%2F/g, '/');

/**
 * The id of a topic's section (and its deep link). Well-formed: the page is UTF-8, so the id the
 * browser sees, the one in the embedded data and the link must all be the same text.
 */
export const topicId = (p: ProviderModel, topic: string): string => wellFormed(`${p.id}/${topic}`);

/**
 * The payload tree of a model: every field with its type, nullability, optionality, enum,
 * description and source, children sorted by name; arrays show their items' fields.
 */
export function payloadTree(m: PayloadModel): FieldNode[] {
  const deref = (node: Schema): Schema => (node.$ref && !node.type && !node.anyOf ? (m.defs[refName(node.$ref)] ?? node) : node);
  const refsOf = (node: Schema): string[] => [
    ...(node.$ref ? [refName(node.$ref)] : []),
    ...(node.anyOf ?? []).flatMap(refsOf),
    ...(node.items ? refsOf(node.items) : []),
  ];
  /** `open`: the named types being expanded above */
  const children = (node: Schema, ptr: string, open: string[]): FieldNode[] => {
    const n = deref(node);
    const out = new Map<string, FieldNode>();
    for (const b of [n, ...(n.anyOf ?? []).map(deref)]) {
      for (const [k, s] of sortedEntries(b.properties ?? {})) if (!out.has(k)) out.set(k, field(k, s, `${ptr}${k}`, !b.required?.includes(k), open));
      if (b.items) for (const c of children(b.items, `${ptr}*/`, open)) if (!out.has(c.name)) out.set(c.name, c);
      if (b.additionalProperties && typeof b.additionalProperties === 'object' && !out.has('*')) {
        out.set('*', { ...field('*', b.additionalProperties, `${ptr}*`, false, open), anyKey: true });
      }
    }
    return [...out.values()];
  };
  const field = (name: string, s: Schema, path: string, optional: boolean, open: string[]): FieldNode => {
    const target = deref(s);
    const types = [...typeList(s), ...typeList(target), ...(s.anyOf ?? []).flatMap((a) => typeList(deref(a)))];
    const refs = refsOf(s);
    const recursive = refs.some((r) => open.includes(r));
    const description = s.description ?? (s.$ref ? undefined : target.description);
    const enumValues = s.enum ?? s.items?.enum;
    return {
      name,
      path,
      type: describe(s),
      nullable: types.includes('null'),
      optional,
      ...(enumValues ? { enum: enumValues } : {}),
      ...(description ? { description } : {}),
      source: description ? 'docs/hint' : 'sample',
      ...(recursive ? { recursive: true } : {}),
      children: recursive ? [] : children(s, `${path}/`, [...open, ...refs]),
    };
  };
  return children(m.schema, '', [m.typeName]);
}

/** Every field path of a tree (for search). */
function fieldPaths(nodes: FieldNode[]): string[] {
  const out: string[] = [];
  const walk = (ns: FieldNode[]) => {
    for (const n of ns) {
      out.push(n.path);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** Topics grouped by resource (sorted), the ungrouped last; topics sorted within a group. */
export function topicGroups(p: ProviderModel): [string | undefined, TopicModel[]][] {
  const groups = new Map<string, TopicModel[]>();
  const ungrouped: TopicModel[] = [];
  for (const t of p.topics) {
    if (t.resource === undefined) ungrouped.push(t);
    else groups.set(t.resource, [...(groups.get(t.resource) ?? []), t]);
  }
  const byTopic = (a: TopicModel, b: TopicModel) => compareStrings(a.topic, b.topic);
  const out: [string | undefined, TopicModel[]][] = sortedEntries(groups).map(([r, ts]) => [r, [...ts].sort(byTopic)]);
  if (ungrouped.length) out.push([undefined, ungrouped.sort(byTopic)]);
  return out;
}

/** The import line and the type of a topic's payload; `from` is the provider module's import specifier. */
function tsUsage(p: ProviderModel, t: TopicModel, from: string): string {
  const T = `${p.typePrefix}Payload`;
  const payload = t.undocumented ? `${p.typePrefix}UndocumentedPayload` : t.payload.join(' | ');
  return [`import type { ${T} } from '${from}';`, '', `type Payload = ${T}<${quotedString(t.topic)}>; // ${payload}`].join('\n');
}

/** The delivery facts as label → text (plain text; each emitter escapes it). */
function deliveryFacts(d: DeliverySpec): [string, string][] {
  const topic =
    'header' in d.topic
      ? `the ${d.topic.header} header`
      : 'route' in d.topic
        ? 'the route: one URL per topic, registered by you (no topic in the request)'
        : `the body field ${d.topic.field}`;
  const xml = d.formats?.find((f) => f.format === 'xml');
  const body = `${d.body === 'json' ? 'JSON' : 'a JSON string that holds JSON (escaped JSON); plain JSON is accepted too'}${xml ? `; XML when the Content-Type is ${xml.contentTypes.join(' or ')} (Rails to_xml conventions, read into the same payload)` : ''}`;
  const s = d.signature;
  const signature =
    s === 'none'
      ? 'none: deliveries are not signed'
      : [
          `${s.algorithm.toUpperCase()}, ${s.encoding}, in the ${s.header} header`,
          `over ${s.signed === 'raw-body' ? 'the raw body bytes' : `the template ${s.signed}`}`,
          ...(s.prefix ? [`each digest prefixed with ${s.prefix}`] : []),
          ...(s.format ? [`items separated by ${JSON.stringify(s.format.separator)}${s.format.signature ? `, signatures named ${s.format.signature}` : ''}`] : []),
          ...(s.tolerance !== undefined ? [`timestamp tolerance ${s.tolerance} s`] : []),
          ...(s.secret ? [`secret as ${s.secret.encoding}${s.secret.prefix ? ` after the prefix ${s.secret.prefix}` : ''}`] : []),
        ].join('; ');
  const facts: [string, string][] = [
    ['Method', d.method],
    ['Topic from', topic],
    ['Body', body],
    ['Signature', signature],
  ];
  if (d.envelope) facts.push(['Envelope', `the payload is at ${d.envelope.payload} in the body${d.envelope.model ? `; the envelope's own fields are typed and validated by the model ${d.envelope.model} (below)` : ''}`]);
  return facts;
}

/** What a payload that is not an object is, in words: `A JSON array: PriceRecord[]`. */
function kindProse(m: PayloadModel): string {
  return `${m.schema.type === 'array' ? 'A JSON array' : 'A JSON value that is not an object'}: ${describe(m.schema)}.`;
}

/** Topics that share a model with `t`, by model name. */
function sharing(p: ProviderModel, t: TopicModel): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const name of t.payload) {
    const others = p.topics.filter((o) => o.topic !== t.topic && o.payload.includes(name)).map((o) => o.topic).sort(compareStrings);
    if (others.length) out.push([name, others]);
  }
  return out;
}

// ---------------------------------------------------------------- HTML

function fieldLine(f: FieldNode): string {
  const badges = [
    ...(f.nullable ? ['<span class="badge nullable">nullable</span>'] : []),
    ...(f.optional ? ['<span class="badge optional">optional</span>'] : []),
    ...(f.anyKey ? ['<span class="badge">any key</span>'] : []),
    ...(f.enum ? [`<span class="badge enum">enum: ${f.enum.map((e) => escapeHtml(JSON.stringify(e))).join(', ')}</span>`] : []),
    `<span class="badge src">${f.source}</span>`,
    ...(f.recursive ? ['<span class="badge">recursive: see above</span>'] : []),
  ];
  return `<code class="name">${escapeHtml(f.name)}</code> <span class="type">${escapeHtml(f.type)}</span> ${badges.join(' ')}${f.description ? ` <span class="desc">${escapeHtml(f.description)}</span>` : ''}`;
}

export function treeHtml(nodes: FieldNode[]): string {
  const items = nodes.map((f) =>
    f.children.length
      ? `<li data-path="${escapeHtml(f.path)}"><details><summary>${fieldLine(f)}</summary>\n${treeHtml(f.children)}</details></li>`
      : `<li data-path="${escapeHtml(f.path)}"><span class="leaf">${fieldLine(f)}</span></li>`,
  );
  return `<ul class="tree">\n${items.join('\n')}\n</ul>\n`;
}

/** `trees`: rendered trees by model, shared by the topics of one page */
function topicHtml(p: ProviderModel, t: TopicModel, trees: Map<PayloadModel, string>, from: string): string {
  const id = topicId(p, t.topic);
  const models = t.payload.map((n) => p.models.find((m) => m.name === n)).filter((m) => m !== undefined);
  const parts = [
    `<details class="topic" id="${escapeHtml(id)}">`,
    `<summary><code class="topic-name">${escapeHtml(t.topic)}</code>${t.undocumented ? ' <span class="badge undocumented">undocumented</span>' : ` <span class="type">${escapeHtml(t.payload.join(' | '))}</span>`}${t.description ? ` <span class="desc">${escapeHtml(t.description)}</span>` : ''}</summary>`,
    '<div class="topic-body">',
    `<p class="permalink"><a href="#${escapeHtml(fragment(id))}">Link to this topic</a></p>`,
  ];
  if (t.undocumented) parts.push(`<p>Undocumented: the docs name this topic but show no payload; it is typed as a JSON object.${t.source ? ` ${escapeHtml(t.source)}` : ''}</p>`);
  else if (t.source) parts.push(`<p>Source: ${escapeHtml(t.source)}</p>`);
  if (t.payloadProse) parts.push(`<p>The docs say: “${escapeHtml(t.payloadProse)}”</p>`);
  if (t.assumption) parts.push(`<p>Assumption: ${escapeHtml(t.assumption)}</p>`);
  parts.push('<h4>TypeScript</h4>', `<pre><code>${escapeHtml(tsUsage(p, t, from))}</code></pre>`);
  for (const m of models) {
    parts.push(`<h4>Payload: ${escapeHtml(m.typeName)}</h4>`);
    if (m.description) parts.push(`<p>${escapeHtml(m.description)}</p>`);
    if (!isObjectModel(m)) parts.push(`<p>${escapeHtml(kindProse(m))}</p>`);
    // a model shared by several topics is rendered once per page build
    let tree = trees.get(m);
    if (tree === undefined) trees.set(m, (tree = treeHtml(payloadTree(m))));
    parts.push(tree);
    if (m.sampleTexts.length) parts.push(`<h5>Example <span class="file">(${escapeHtml(m.sampleFiles[0])})</span></h5>`, `<pre class="example"><code>${escapeHtml(m.sampleTexts[0])}</code></pre>`);
  }
  const shared = sharing(p, t);
  if (shared.length) {
    parts.push('<h4>Topics with the same payload</h4>', '<ul class="shared">');
    for (const [name, others] of shared) {
      parts.push(`<li>${escapeHtml(name)}: ${others.map((o) => `<a href="#${escapeHtml(fragment(topicId(p, o)))}">${escapeHtml(o)}</a>`).join(', ')}</li>`);
    }
    parts.push('</ul>');
  }
  parts.push('</div>', '</details>');
  return parts.join('\n');
}

function providerHtml(p: ProviderModel, from: string): string {
  const trees = new Map<PayloadModel, string>();
  const parts = [`<section class="provider" id="${escapeHtml(p.id)}" aria-labelledby="${escapeHtml(p.id)}-title">`, `<h2 id="${escapeHtml(p.id)}-title">${escapeHtml(p.title)}</h2>`];
  if (p.description) parts.push(`<p>${escapeHtml(p.description)}</p>`);
  parts.push('<h3>Delivery</h3>', '<dl class="delivery">');
  for (const [k, v] of deliveryFacts(p.delivery)) parts.push(`<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`);
  parts.push('</dl>');
  if (p.delivery.headers.length) {
    parts.push('<table class="headers"><caption>Headers</caption>', '<thead><tr><th scope="col">Header</th><th scope="col">Description</th><th scope="col">Example</th></tr></thead>', '<tbody>');
    for (const h of p.delivery.headers) {
      parts.push(`<tr><td><code>${escapeHtml(h.name)}</code>${h.required ? ' <span class="badge">required</span>' : ''}</td><td>${escapeHtml(h.description ?? '')}</td><td>${h.example ? `<code>${escapeHtml(h.example)}</code>` : ''}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  const env = envelopeModel(p);
  if (env) {
    parts.push(`<h3>Envelope: ${escapeHtml(env.typeName)}</h3>`, '<div class="envelope">');
    if (env.description) parts.push(`<p>${escapeHtml(env.description)}</p>`);
    parts.push(`<p>Every body is this object; the member at <code>${escapeHtml(p.delivery.envelope?.payload ?? '')}</code> is the topic's payload (<code>${escapeHtml(`${p.typePrefix}Envelope<T>`)}</code> types both).</p>`, treeHtml(payloadTree(env)));
    if (env.sampleTexts.length) parts.push(`<h4>Example <span class="file">(${escapeHtml(env.sampleFiles[0])})</span></h4>`, `<pre class="example"><code>${escapeHtml(env.sampleTexts[0])}</code></pre>`);
    parts.push('</div>');
  }
  if ((p.wildcards ?? []).length) {
    // subscription patterns: what a webhook can subscribe to, never a delivery's topic
    parts.push('<table class="wildcards"><caption>Subscription wildcards</caption>', '<thead><tr><th scope="col">Pattern</th><th scope="col">Description</th><th scope="col">Listed topics it covers</th></tr></thead>', '<tbody>');
    for (const w of p.wildcards ?? []) parts.push(`<tr><td><code>${escapeHtml(w.pattern)}</code></td><td>${escapeHtml(w.description ?? '')}</td><td>${w.covers.length}</td></tr>`);
    parts.push('</tbody></table>');
  }
  parts.push(`<h3>Topics (${p.topics.length})</h3>`);
  for (const [resource, topics] of topicGroups(p)) {
    parts.push(`<section class="group">`, `<h4 class="group-title">${resource === undefined ? 'Other topics' : escapeHtml(resource)}</h4>`);
    for (const t of topics) parts.push(topicHtml(p, t, trees, from));
    parts.push('</section>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

function navHtml(p: ProviderModel): string {
  const parts = [`<li><a href="#${escapeHtml(fragment(p.id))}">${escapeHtml(p.title)}</a>`];
  for (const [resource, topics] of topicGroups(p)) {
    parts.push(`<details class="nav-group"><summary>${resource === undefined ? 'Other topics' : escapeHtml(resource)}</summary><ul>`);
    for (const t of topics) parts.push(`<li><a href="#${escapeHtml(fragment(topicId(p, t.topic)))}" data-topic="${escapeHtml(topicId(p, t.topic))}">${escapeHtml(t.topic)}</a></li>`);
    parts.push('</ul></details>');
  }
  parts.push('</li>');
  return parts.join('\n');
}

const CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1f; --muted: #5b5b66; --line: #d6d6de; --accent: #0b57d0; --code: #f3f3f6; --hit: #fff3b0; }
@media (prefers-color-scheme: dark) { :root { --bg: #15161a; --fg: #e6e6ea; --muted: #a2a2ad; --line: #3a3b44; --accent: #8ab4f8; --code: #23242b; --hit: #5a4b00; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
header { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line); padding: .5rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 1.2rem; margin: 0; }
header input { font: inherit; padding: .3rem .5rem; min-width: 18rem; background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 4px; }
.layout { display: flex; align-items: flex-start; }
nav { position: sticky; top: 3.5rem; width: 18rem; flex: none; max-height: calc(100vh - 3.5rem); overflow: auto; padding: .5rem 1rem; border-right: 1px solid var(--line); font-size: .9rem; }
nav ul { list-style: none; padding-left: .8rem; margin: .2rem 0; }
nav > ul { padding-left: 0; }
main { flex: 1; min-width: 0; padding: 0 1.5rem 4rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; }
pre { background: var(--code); padding: .6rem .8rem; overflow: auto; border-radius: 4px; }
details.topic { border: 1px solid var(--line); border-radius: 4px; margin: .4rem 0; padding: .3rem .6rem; scroll-margin-top: 4rem; }
details.topic > summary { cursor: pointer; }
.topic-body { padding: .2rem 0 .4rem; }
.type { color: var(--muted); font-family: ui-monospace, monospace; font-size: .85em; }
.desc { color: var(--muted); }
.badge { display: inline-block; font-size: .75em; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3em; color: var(--muted); }
.badge.undocumented { border-style: dashed; }
ul.tree { list-style: none; padding-left: 1.1rem; margin: .2rem 0; border-left: 1px dotted var(--line); }
ul.tree summary { cursor: pointer; }
li.hit > details > summary, li.hit > .leaf { background: var(--hit); }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: 600; }
dl.delivery { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.delivery dt { font-weight: 600; }
dl.delivery dd { margin: 0; }
.file { font-weight: normal; color: var(--muted); font-size: .85em; }
[hidden] { display: none !important; }
`;

// Plain JS over the embedded data: filter topics and fields as you type; open deep links.
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('catalog-data').textContent);
  var input = document.getElementById('search');
  var status = document.getElementById('search-status');
  function byId(id) { return document.getElementById(id); }
  function matches(t, q) {
    var hit = { topic: t.text.indexOf(q) !== -1, fields: [] };
    for (var i = 0; i < t.fields.length; i++) if (t.fields[i].toLowerCase().indexOf(q) !== -1) hit.fields.push(t.fields[i]);
    return hit;
  }
  function openAncestors(el) {
    for (var n = el; n; n = n.parentElement) if (n.tagName === 'DETAILS') n.open = true;
  }
  function filter() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    var hits = document.querySelectorAll('li.hit');
    for (var h = 0; h < hits.length; h++) hits[h].classList.remove('hit');
    for (var i = 0; i < data.topics.length; i++) {
      var t = data.topics[i];
      var el = byId(t.id);
      var link = document.querySelector('nav a[data-topic="' + CSS.escape(t.id) + '"]');
      var m = q ? matches(t, q) : { topic: true, fields: [] };
      var visible = m.topic || m.fields.length > 0;
      el.hidden = !visible;
      if (link) link.parentElement.hidden = !visible;
      if (visible) shown++;
      if (q && m.fields.length) {
        el.open = true;
        for (var f = 0; f < m.fields.length; f++) {
          var li = el.querySelector('li[data-path="' + CSS.escape(m.fields[f]) + '"]');
          if (li) { li.classList.add('hit'); if (li.parentElement) openAncestors(li.parentElement); }
        }
      }
    }
    var groups = document.querySelectorAll('main section.group, nav details.nav-group');
    for (var g = 0; g < groups.length; g++) {
      var any = groups[g].querySelector(groups[g].tagName === 'SECTION' ? 'details.topic:not([hidden])' : 'li:not([hidden])');
      groups[g].hidden = !any;
      if (q && any && groups[g].tagName === 'DETAILS') groups[g].open = true;
    }
    status.textContent = q ? shown + ' of ' + data.topics.length + ' topics match' : data.topics.length + ' topics';
  }
  function openHash() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var el = byId(id);
    if (!el) return;
    if (el.closest('[hidden]')) { input.value = ''; filter(); }
    openAncestors(el);
    if (el.tagName === 'DETAILS') el.open = true;
    el.scrollIntoView({ block: 'start' });
    var summary = el.tagName === 'DETAILS' ? el.querySelector('summary') : null;
    if (summary) summary.focus({ preventScroll: true });
  }
  input.addEventListener('input', filter);
  window.addEventListener('hashchange', openHash);
  filter();
  openHash();
})();
`;

export function catalogHtml(model: GenModel): string {
  const providers = [...model.providers].sort((a, b) => compareStrings(a.id, b.id));
  // several topics share a model: compute its field list once
  const paths = new Map<PayloadModel, string[]>();
  const pathsOf = (m: PayloadModel): string[] => {
    let list = paths.get(m);
    if (!list) paths.set(m, (list = fieldPaths(payloadTree(m))));
    return list;
  };
  const data = {
    topics: providers.flatMap((p) =>
      topicGroups(p).flatMap(([resource, ts]) =>
        ts.map((t) => {
          const models = t.payload.map((n) => p.models.find((m) => m.name === n)).filter((m) => m !== undefined);
          return {
            id: topicId(p, t.topic),
            text: wellFormed([p.id, p.title, t.topic, resource ?? '', t.description ?? '', ...t.payload, t.undocumented ? 'undocumented' : ''].join(' ').toLowerCase()),
            fields: [...new Set(models.flatMap(pathsOf))].map(wellFormed),
          };
        }),
      ),
    ),
  };
  const sources = providers.map((p) => p.specDir).sort(compareStrings);
  return [
    `<!-- Generated by webhook-typegen from ${htmlCommentText(sources.join(', '))}. DO NOT EDIT: edit the spec and run \`npm run generate\`. -->`,
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<title>Webhook event catalog</title>',
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Webhook event catalog</h1>',
    '<label for="search">Search topics and fields</label>',
    '<input id="search" type="search" placeholder="e.g. line_items" autocomplete="off" aria-describedby="search-status">',
    `<span id="search-status" role="status" aria-live="polite">${data.topics.length} topics</span>`,
    '</header>',
    '<div class="layout">',
    '<nav aria-label="Providers and topics">',
    '<ul>',
    ...providers.map(navHtml),
    '</ul>',
    '</nav>',
    '<main>',
    '<p class="legend">Each topic opens to its payload as a tree: field, type, <span class="badge">nullable</span>, <span class="badge">optional</span>, enum values, and where the field is known from: <span class="badge src">docs/hint</span> (it has a description from the docs or a hint) or <span class="badge src">sample</span> (inferred from the samples only). Deep links: <code>#&lt;provider&gt;/&lt;topic&gt;</code>.</p>',
    ...providers.map((p) => providerHtml(p, importSpecifier(model, p.id))),
    '</main>',
    '</div>',
    `<script type="application/json" id="catalog-data">${scriptJson(data)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- Markdown

function treeMd(nodes: FieldNode[], indent = ''): string[] {
  return nodes.flatMap((f) => {
    const facts = [
      mdCode(f.type),
      ...(f.nullable ? ['nullable'] : []),
      ...(f.optional ? ['optional'] : []),
      ...(f.anyKey ? ['any key'] : []),
      f.source,
      ...(f.recursive ? ['recursive: see above'] : []),
    ];
    return [`${indent}- ${mdCode(f.name)}: ${facts.join(', ')}${f.description ? ` — ${escapeMd(f.description)}` : ''}`, ...treeMd(f.children, `${indent}  `)];
  });
}

/** `from`: the provider module's import specifier (default: the default package's). */
export function catalogMarkdown(p: ProviderModel, from: string = importSpecifier({ providers: [] }, p.id)): string {
  const lines = [
    `<!-- Generated by webhook-typegen from ${htmlCommentText(p.specDir)}. DO NOT EDIT: edit the spec and run \`npm run generate\`. -->`,
    `# ${escapeMd(p.title)}: event catalog`,
    '',
  ];
  if (p.description) lines.push(escapeMd(p.description), '');
  lines.push('## Delivery', '');
  for (const [k, v] of deliveryFacts(p.delivery)) lines.push(`- **${k}**: ${escapeMd(v)}`);
  if (p.delivery.headers.length) {
    lines.push('', '| Header | Description | Example |', '| --- | --- | --- |');
    for (const h of p.delivery.headers) lines.push(`| ${mdCode(h.name, { table: true })}${h.required ? ' (required)' : ''} | ${escapeMd(h.description ?? '')} | ${h.example ? mdCode(h.example, { table: true }) : ''} |`);
  }
  const env = envelopeModel(p);
  if (env) {
    lines.push('', `## Envelope: ${escapeMd(env.typeName)}`, '');
    if (env.description) lines.push(escapeMd(env.description), '');
    lines.push(`Every body is this object; the member at ${mdCode(p.delivery.envelope?.payload ?? '')} is the topic's payload (${mdCode(`${p.typePrefix}Envelope<T>`)} types both).`, '', ...treeMd(payloadTree(env)));
    if (env.sampleTexts.length) lines.push('', `Example (${escapeMd(env.sampleFiles[0])}):`, '', ...mdFence('json', env.sampleTexts[0] as string));
  }
  if ((p.wildcards ?? []).length) {
    lines.push('', '| Subscription wildcard | Description | Listed topics it covers |', '| --- | --- | --- |');
    for (const w of p.wildcards ?? []) lines.push(`| ${mdCode(w.pattern, { table: true })} | ${escapeMd(w.description ?? '')} | ${w.covers.length ? w.covers.map((t) => mdCode(t, { table: true })).join(', ') : 'none listed'} |`);
  }
  lines.push('', `## Topics (${p.topics.length})`);
  /** model name → the topic whose section shows its tree */
  const shownAt = new Map<string, string>();
  for (const [resource, topics] of topicGroups(p)) {
    lines.push('', `### ${resource === undefined ? 'Other topics' : escapeMd(resource)}`);
    for (const t of topics) {
      lines.push('', `#### ${mdCode(t.topic)}`, '');
      if (t.description) lines.push(escapeMd(t.description), '');
      if (t.undocumented) lines.push(`Undocumented: the docs name this topic but show no payload; it is typed as a JSON object.${t.source ? ` ${escapeMd(t.source)}` : ''}`, '');
      else if (t.source) lines.push(`Source: ${escapeMd(t.source)}`, '');
      if (t.payloadProse) lines.push(`The docs say: “${escapeMd(t.payloadProse)}”`, '');
      if (t.assumption) lines.push(`Assumption: ${escapeMd(t.assumption)}`, '');
      lines.push(...mdFence('ts', tsUsage(p, t, from)));
      for (const name of t.payload) {
        const m = p.models.find((x) => x.name === name);
        if (!m) continue;
        const first = shownAt.get(name);
        if (first !== undefined) {
          lines.push('', `Payload **${escapeMd(m.typeName)}**: its fields and example are under ${mdCode(first)} above.`);
          continue;
        }
        shownAt.set(name, t.topic);
        lines.push('', `Payload **${escapeMd(m.typeName)}**${m.description ? `: ${escapeMd(m.description)}` : ''}`, ...(isObjectModel(m) ? [] : ['', escapeMd(kindProse(m))]), '', ...treeMd(payloadTree(m)));
        if (m.sampleTexts.length) lines.push('', `Example (${escapeMd(m.sampleFiles[0])}):`, '', ...mdFence('json', m.sampleTexts[0] as string));
      }
      const shared = sharing(p, t);
      if (shared.length) lines.push('', ...shared.map(([name, others]) => `Same payload (${escapeMd(name)}): ${others.map((o) => mdCode(o)).join(', ')}`));
    }
  }
  return lines.join('\n') + '\n';
}

export function emitCatalog(model: GenModel): [string, string][] {
  return [['catalog/index.html', catalogHtml(model)], ...model.providers.map((p): [string, string] => [`catalog/${p.id}.md`, catalogMarkdown(p, importSpecifier(model, p.id))])];
}
