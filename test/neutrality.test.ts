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

/** Reads the terms of every provider in spec/ (a folder without provider.yaml is skipped: it is not a provider yet). */
function providerTerms(): Term[] {
  const specDir = path.join(root, 'spec');
  const terms: Term[] = [];
  for (const dir of fs.readdirSync(specDir).sort()) {
    const providerFile = path.join(specDir, dir, 'provider.yaml');
    if (!fs.existsSync(providerFile)) continue;
    const p = (YAML.parse(fs.readFileSync(providerFile, 'utf8')) ?? {}) as Record<string, any>;
    const id = typeof p.provider === 'string' ? p.provider : dir;
    const add = (kind: Kind, value: unknown, pattern: (v: string) => RegExp) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      if (terms.some((t) => t.kind === kind && t.value.toLowerCase() === value.toLowerCase())) return;
      terms.push({ provider: id, kind, value, pattern: pattern(value) });
    };
    // an id or a type prefix as a word: `spiffy`, `Spiffy`, `SpiffyTopic`, not `spiffyish`
    const word = (v: string) => new RegExp(`(?<![A-Za-z0-9])${escape(v)}(?![a-z0-9])`, 'gi');
    add('provider id', id, word);
    add('provider id', dir, word);
    add('type prefix', p.typePrefix, word);
    add('title', p.title, (v) => new RegExp(escape(v), 'g'));
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
    const topicsFile = path.join(specDir, dir, 'topics.yaml');
    if (fs.existsSync(topicsFile)) {
      const t = (YAML.parse(fs.readFileSync(topicsFile, 'utf8')) ?? {}) as { topics?: Record<string, unknown> };
      // a topic as an exact quoted string: 'orders/create', "orders/create" or `orders/create`
      for (const topic of Object.keys(t.topics ?? {})) add('topic', topic, (v) => new RegExp(`(['"\`])${escape(v)}\\1`, 'g'));
    }
  }
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

  it('the check finds a planted mention of each kind, and lets generic words pass', () => {
    const header = terms.find((t) => t.kind === 'header')!;
    const topic = terms.find((t) => t.kind === 'topic')!;
    const id = terms.find((t) => t.kind === 'provider id')!;
    const title = terms.find((t) => t.kind === 'title')!;
    const planted = [
      `const h = getHeader(headers, '${header.value.toLowerCase()}');`,
      `if (topic === "${topic.value}") return;`,
      `// works like ${id.value[0]!.toUpperCase()}${id.value.slice(1)}Topic`,
      `/** ${title.value} */`,
    ].join('\n');
    expect(mentions(planted, terms).map((m) => m.split(':')[0])).toEqual(expect.arrayContaining(['1', '2', '3', '4']));
    // generic words, a topic's pieces, unquoted topics, longer header names and standard headers are not mentions
    const generic = [
      "setHeader(headers, 'Content-Type', 'application/json');",
      `// the topic is a word like ${topic.value.split(/[/._]/)[0]} or create`,
      `// ${topic.value} without quotes is prose`,
      `const other = '${header.value}-Extra';`,
      `const words = '${id.value}ish';`,
    ].join('\n');
    expect(mentions(generic, terms)).toEqual([]);
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
