// Provider neutrality: everything that differs between providers is data in spec/<provider>/.
// No file under src/, runtime/ or templates/ may name a provider of spec/ (its id or type prefix as
// a word, its title), one of its delivery headers (as a header name), or one of its topics (as
// an exact quoted string). The terms are read from spec/*/provider.yaml and topics.yaml when
// the test runs, so a new provider is covered as soon as it is added.
//
// Generic words are allowed: a topic is only matched whole and quoted ('orders/create', not
// "orders" or "create"), and standard HTTP headers (Content-Type, ...) are not provider facts.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Headers every HTTP delivery may have: naming them says nothing about a provider. */
const GENERIC_HEADERS = new Set(
  ['accept', 'authorization', 'content-encoding', 'content-length', 'content-type', 'date', 'host', 'user-agent', 'x-forwarded-for', 'x-request-id'].map((h) => h.toLowerCase()),
);

type Kind = 'provider id' | 'type prefix' | 'title' | 'header' | 'topic';
interface Term {
  provider: string;
  kind: Kind;
  value: string;
  pattern: RegExp;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * A term as a case-insensitive pattern without the `i` flag (`[sS][pP]...`), so that the
 * lookarounds around it stay case-sensitive: `SpiffyTopic` is a mention (an upper-case letter
 * may follow), `spiffyish` is not.
 */
const anyCase = (v: string): string =>
  [...v].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${escape(c.toLowerCase())}${escape(c.toUpperCase())}]` : escape(c))).join('');

/** Reads the terms of every provider in spec/ (a folder without provider.yaml is skipped: it is not a provider yet). */
function providerTerms(): Term[] {
  const specDir = path.join(root, 'spec');
  const terms: Term[] = [];
  for (const dir of fs.readdirSync(specDir).sort()) {
    const providerFile = path.join(specDir, dir, 'provider.yaml');
    if (!fs.existsSync(providerFile)) continue;
    const p = (YAML.parse(fs.readFileSync(providerFile, 'utf8')) ?? {}) as Record<string, any>;
    const topicsFile = path.join(specDir, dir, 'topics.yaml');
    const t = fs.existsSync(topicsFile) ? ((YAML.parse(fs.readFileSync(topicsFile, 'utf8')) ?? {}) as { topics?: Record<string, unknown> }) : {};
    termsOf(p, dir, Object.keys(t.topics ?? {}), terms);
  }
  return terms;
}

/** Adds the terms of one provider (its provider.yaml as parsed, its folder, its topics) to `terms`. */
function termsOf(p: Record<string, any>, dir: string, topics: readonly string[], terms: Term[]): Term[] {
  const id = typeof p.provider === 'string' ? p.provider : dir;
  const add = (kind: Kind, value: unknown, pattern: (v: string) => RegExp) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    if (terms.some((t) => t.kind === kind && t.value.toLowerCase() === value.toLowerCase())) return;
    terms.push({ provider: id, kind, value, pattern: pattern(value) });
  };
  // an id, a type prefix or a title as a word, in any case: `spiffy`, `Spiffy`, `SpiffyTopic`,
  // `BigCommerceTopic`, not `spiffyish` (whatever the title's spelling: `Lemon Squeezy`, `BigCommerce`)
  const word = (v: string) => new RegExp(`(?<![A-Za-z0-9])${anyCase(v)}(?![a-z0-9])`, 'g');
  add('provider id', id, word);
  add('provider id', dir, word);
  add('type prefix', p.typePrefix, word);
  add('title', p.title, word);
  const d = (p.delivery ?? {}) as Record<string, any>;
  const headerNames = [
    d.topic?.header,
    d.signature?.header,
    ...Object.values((d.signature?.parts ?? {}) as Record<string, { header?: string }>).map((part) => part?.header),
    ...(Array.isArray(d.headers) ? d.headers.map((h: { name?: string }) => h?.name) : []),
  ];
  for (const name of headerNames) {
    if (typeof name !== 'string' || GENERIC_HEADERS.has(name.toLowerCase())) continue;
    // a header name as a token of its own: X-Topic, not X-Topic-Id
    add('header', name, (v) => new RegExp(`(?<![A-Za-z0-9_-])${escape(v)}(?![A-Za-z0-9_-])`, 'gi'));
  }
  // a topic as an exact quoted string: 'orders/create', "orders/create" or `orders/create`
  for (const topic of topics) add('topic', topic, (v) => new RegExp(`(['"\`])${escape(v)}\\1`, 'g'));
  return terms;
}

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' ? [] : filesUnder(path.join(dir, e.name))) : [path.join(dir, e.name)]));
}

/** Each place `text` mentions a term, as `line: "<excerpt>" (<kind> <value> of <provider>)`. */
function mentions(text: string, terms: Term[]): string[] {
  const found: string[] = [];
  for (const term of terms) {
    for (const m of text.matchAll(term.pattern)) {
      const line = text.slice(0, m.index).split('\n').length;
      const start = text.lastIndexOf('\n', m.index) + 1;
      const end = text.indexOf('\n', m.index);
      const excerpt = text.slice(start, end < 0 ? undefined : end).trim().slice(0, 120);
      found.push(`${line}: ${JSON.stringify(excerpt)} (${term.kind} ${JSON.stringify(term.value)} of ${term.provider})`);
    }
  }
  return found;
}

describe('provider neutrality of src/, runtime/ and templates/', () => {
  const terms = providerTerms();

  it('reads the providers of spec/', () => {
    const providers = new Set(terms.map((t) => t.provider));
    expect(providers.size).toBeGreaterThanOrEqual(2);
    for (const kind of ['provider id', 'title', 'header', 'topic'] as const) expect(terms.some((t) => t.kind === kind), kind).toBe(true);
  });

  /**
   * Each provider of spec/, and providers as a new user may add them: a title that is not the
   * id capitalised (`BigCommerce` for `bigcommerce`), a title of two words, a type prefix of
   * its own. The planted lines use the title and type prefix as written, and the id
   * capitalised in a type name.
   */
  const synthetic: [string, Record<string, unknown>][] = [
    ['bigcommerce', { provider: 'bigcommerce', title: 'BigCommerce', typePrefix: 'BigCommerce', delivery: { topic: { field: '/scope' }, headers: [{ name: 'X-Store-Hash' }] } }],
    ['tallyho', { provider: 'tallyho', title: 'Tally Ho Billing', typePrefix: 'TallyHo', delivery: { signature: { header: 'Tallyho-Signature' } } }],
  ];
  const own = [...new Set(terms.map((t) => t.provider))].map((id) => [id, terms.filter((t) => t.provider === id)] as const);
  const made = synthetic.map(([dir, p]) => [dir, termsOf(p, dir, ['order/created'], [])] as const);

  it.each([...own, ...made])('the check finds a planted mention of each kind of %s, and lets generic words pass', (_id, list) => {
    const header = list.find((t) => t.kind === 'header');
    const topic = list.find((t) => t.kind === 'topic');
    const id = list.find((t) => t.kind === 'provider id');
    const title = list.find((t) => t.kind === 'title');
    const prefix = list.find((t) => t.kind === 'type prefix');
    if (!id || !title) throw new Error('test setup: every provider has an id and a title');
    const planted = [
      `// works like ${id.value[0]!.toUpperCase()}${id.value.slice(1)}Topic`,
      `/** ${title.value} */`,
      `export type ${title.value.replace(/\s+/g, '')}Payload = unknown;`,
      `const x: ${(prefix ?? id).value}Topic = t;`,
      ...(header ? [`const h = getHeader(headers, '${header.value.toLowerCase()}');`] : []),
      ...(topic ? [`if (topic === "${topic.value}") return;`] : []),
    ];
    const lines = mentions(planted.join('\n'), list).map((m) => m.split(':')[0]);
    expect(new Set(lines)).toEqual(new Set(planted.map((_, i) => String(i + 1))));
    // generic words, a topic's pieces, unquoted topics, longer header names and standard headers are not mentions
    const of = (kinds: Kind[]) => list.filter((t) => kinds.includes(t.kind));
    expect(mentions("setHeader(headers, 'Content-Type', 'application/json');", list)).toEqual([]);
    if (topic) expect(mentions(`// the topic is a word like ${topic.value.split(/[/._]/)[0]} or create\n// ${topic.value} without quotes is prose`, of(['topic']))).toEqual([]);
    if (header) expect(mentions(`const other = '${header.value}-Extra';`, of(['header']))).toEqual([]);
    expect(mentions(`const words = '${id.value}ish, ${(prefix ?? id).value.toLowerCase()}ish';`, of(['provider id', 'type prefix', 'title']))).toEqual([]);
  });

  const files = ['src', 'runtime', 'templates', 'bin'].flatMap((d) => (fs.existsSync(path.join(root, d)) ? filesUnder(path.join(root, d)) : []));

  it('finds the files to check', () => {
    expect(files.some((f) => f.endsWith(path.join('src', 'emit', 'receive.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith(path.join('runtime', 'receive.ts')))).toBe(true);
  });

  it.each(files.map((f) => [path.relative(root, f).split(path.sep).join('/'), f]))('%s names no provider, header or topic of spec/', (_rel, file) => {
    const bytes = fs.readFileSync(file);
    if (bytes.includes(0)) return; // not text
    expect(mentions(bytes.toString('utf8'), terms)).toEqual([]);
  });
});
