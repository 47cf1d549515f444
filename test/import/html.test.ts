/**
 * A saved HTML page (test/import/fixtures/acme-webhooks.html): topics from an HTML table,
 * samples from <pre>/<code> with tags stripped and entities decoded, Cloudflare's e-mail
 * obfuscation, a cut-off <pre>, delivery headers from the prose, and lines that point into
 * the HTML file. Plus the HTML reader's smaller cases.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';
import { lineOf, onlyBlock, read, run } from './helpers.js';

const FIXTURE = join(REPO_ROOT, 'test', 'import', 'fixtures', 'acme-webhooks.html');

describe('an HTML page', () => {
  const html = read(FIXTURE);
  const { files, report } = run(html, 'docs/acme-webhooks.html', 'acme');

  it('reads the topics of the HTML table, with descriptions (entities decoded)', () => {
    expect(report.format).toBe('html');
    expect(report.topics.map((t) => t.topic)).toEqual(['order.created', 'order.cancelled', 'customer.created']);
    expect(report.topics[0].description).toBe('An order was placed & paid.');
    expect(report.topics[0].line).toBe(lineOf(html, '<code>order.created</code>'));
  });

  it('pairs the <pre><code> sample with its heading, strips tags, decodes entities and repairs it', () => {
    const b = report.blocks.find((x) => x.topics.includes('order.created'))!;
    expect(b).toMatchObject({ status: 'repaired', pairedBy: 'heading', model: 'Order', file: 'samples/order.json', line: lineOf(html, '<pre><code') });
    expect(files.get('samples/order.json')).toBe('{\n  "id": 1234,\n  "email": "user@example.com",\n  "note": "Fish & chips <3",\n  "tags": [],\n  "total": "10.00"\n}\n');
    expect(b.repairs.map((x) => `${x.line} ${x.kind}`)).toEqual([
      `${lineOf(html, '[email&#160;protected]')} email`,
      `${lineOf(html, '// none yet')} comment`,
      `${lineOf(html, '"total": "10.00",')} trailing-comma`,
    ]);
  });

  it('reports the cut-off <pre> at its line in the HTML file; its topic stays without a sample', () => {
    const b = report.blocks.find((x) => x.topics.includes('customer.created'))!;
    const line = lineOf(html, '{', { from: '<h3>customer.created' });
    expect(b).toMatchObject({ status: 'skipped', line, reason: `truncated: unclosed { opened at line ${line}` });
    expect(report.topics.find((t) => t.topic === 'customer.created')?.models).toEqual([]);
    expect(report.text).toContain(`docs/acme-webhooks.html:${line}: skipped: truncated: unclosed { opened at line ${line}`);
  });

  it('reads the delivery headers and the signature from the prose', () => {
    const p = files.get('provider.yaml')!;
    expect(p).toMatch(/^ {2}method: POST {3}# read: page line \d+: /m);
    expect(p).toMatch(/^ {4}header: X-Acme-Topic {3}# read: page line \d+$/m);
    expect(p).toMatch(/^ {4}header: X-Acme-Signature/m);
    expect(p).toMatch(/^ {4}encoding: hex {3}# read: page line \d+: the example value /m);
    expect(p).toMatch(/^ {4}prefix: sha256= /m);
    // the example's prefix names the hash; what is signed is not said: a guess, and an open question
    expect(p).toMatch(/^ {4}algorithm: hmac-sha256 {3}# read: page line \d+: the prefix sha256= of the example value$/m);
    expect(p).toMatch(/^ {4}signed: raw-body {3}# guessed: /m);
    expect(p).toMatch(/^unconfirmed:\n {2}delivery\.signature\.signed: "raw-body: the page does not say what is signed"\n$/m);
    expect(report.questions.map((q) => q.subject)).toEqual(['delivery.signature.signed']);
  });

  it('ignores <script> and <style>', () => {
    expect(report.topics.map((t) => t.topic)).not.toContain('orders/fake');
  });
});

describe('HTML reader cases', () => {
  const cases: [string, { html: string; topics: string[]; sample?: string; status?: string }][] = [
    [
      'a list of topics in <li>, a sample in a bare <pre> with <br> and entity-encoded quotes',
      {
        html: '<ul><li><code>invoice.paid</code></li><li>invoice.voided</li></ul>\n<p>Example <code>invoice.paid</code> payload:</p>\n<pre>{&quot;id&quot;: 1,<br>&quot;amount&quot;: 250}</pre>\n',
        topics: ['invoice.paid', 'invoice.voided'],
        sample: '{"id": 1,\n"amount": 250}\n',
        status: 'verbatim',
      },
    ],
    [
      'a multi-line <code> outside <pre>, under a heading naming the topic',
      { html: '<h2>refunds/create</h2>\n<div class="code"><code>{\n  "id": 9\n}</code></div>\n', topics: ['refunds/create'], sample: '{\n  "id": 9\n}\n', status: 'verbatim' },
    ],
    [
      'a sample in a table cell',
      {
        html: '<table><tr><th>Event</th><th>Payload</th></tr><tr><td>design_updated</td><td><code>{\'theme_name\': \'mytheme\'}</code></td></tr></table>',
        topics: ['design_updated'],
        sample: '{"theme_name": "mytheme"}\n',
        status: 'repaired',
      },
    ],
  ];
  it.each(cases)('%s', (_, c) => {
    const r = run(c.html, 'page.html');
    expect(r.report.topics.map((t) => t.topic)).toEqual(c.topics);
    if (c.sample) {
      const b = onlyBlock(r);
      expect(b.sample).toBe(c.sample);
      expect(b.status).toBe(c.status);
      expect(b.topics.length).toBeGreaterThan(0);
    }
  });
});

describe('HTML entities', () => {
  it('an entity named like an Object.prototype member (&constructor;, &toString;) stays text, it does not crash the import', () => {
    const html = '<h2>Events</h2>\n<ul><li>orders/create &constructor; &toString; &amp;</li></ul>\n<p>Example orders/create payload:</p>\n<pre>{"note": "a &valueOf; b &hasOwnProperty;"}</pre>\n';
    const r = run(html, 'page.html');
    expect(r.report.topics.map((t) => t.topic)).toEqual(['orders/create']);
    expect(onlyBlock(r).sample).toBe('{"note": "a &valueOf; b &hasOwnProperty;"}\n');
  });
});
