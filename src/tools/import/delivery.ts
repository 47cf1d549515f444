/**
 * What a page says about delivery, for provider.yaml: headers named in the text (`X-...` and
 * names such as `Webhook-Signature`), which of them carries the topic or a signature, the
 * HTTP method, and whether bodies are JSON strings. Every fact keeps the line it came from;
 * a fact that is guessed says so, and becomes a TODO in provider.yaml and the report.
 */

import type { Item } from './document.js';

export interface HeaderFact {
  name: string;
  example?: string;
  line: number;
}

export interface Fact {
  value: string;
  /** where the page says so; absent when assumed */
  line?: number;
  /** the words on that line */
  evidence?: string;
}

export interface SignatureFacts {
  header: HeaderFact;
  algorithm: Fact;
  encoding: Fact;
  /** `raw-body`: read when a line says the signature covers the (raw) request body */
  signed: Fact;
  prefix?: string;
}

export interface DeliveryFacts {
  headers: HeaderFact[];
  topicHeader?: HeaderFact;
  signature?: SignatureFacts;
  method: Fact;
  body: Fact;
  /** a line that says deliveries are not signed */
  unsigned?: Fact;
}

/** One line of text of the page, with its line number. */
interface Line {
  text: string;
  line: number;
}

const X_HEADER = /(?<![\w-])(X-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+)(?![\w-])/g;
const NAMED_HEADER = /(?<![\w-])((?:[A-Z][A-Za-z0-9]*-)+[A-Z][A-Za-z0-9]*)(?![\w-])/g;
const HEADER_WORD = /^(signature|hmac|topic|event|webhook|hook|delivery|timestamp)$/i;
const STANDARD = new Set(['content-type', 'content-length', 'user-agent', 'accept', 'authorization', 'host', 'x-forwarded-for', 'x-request-id', 'x-frame-options', 'x-content-type-options', 'x-xss-protection', 'x-powered-by', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);

function textOf(it: Item): Line[] {
  if (it.kind === 'text' || it.kind === 'bullet' || it.kind === 'heading') return [{ text: it.text, line: it.line }];
  if (it.kind === 'table') return it.rows.map((r) => ({ text: r.cells.map((c) => c.text).join(' | '), line: r.line }));
  return [];
}

/**
 * What the page says about delivery.
 * @param topics the topics found (an example value that is a topic marks the topic header)
 */
export function detectDelivery(items: readonly Item[], topics: ReadonlySet<string>): DeliveryFacts {
  const headers = new Map<string, HeaderFact>();
  let method: Fact | undefined;
  let body: Fact | undefined;
  let unsigned: Fact | undefined;
  const lines: Line[] = items.flatMap(textOf);
  for (const { text, line } of lines) {
    for (const re of [X_HEADER, NAMED_HEADER]) {
      for (const m of text.matchAll(re)) {
        const name = m[1];
        if (STANDARD.has(name.toLowerCase())) continue;
        if (re === NAMED_HEADER && (name.startsWith('X-') || !name.split('-').some((w) => HEADER_WORD.test(w)))) continue;
        const after = text.slice((m.index ?? 0) + name.length);
        const value = /^\s*[:=|]\s*([^\s|,;]+)/.exec(after)?.[1]?.replace(/[.)]+$/, '');
        const example = value && (/[0-9/=.+_-]/.test(value) || value.length >= 12 || topics.has(value)) ? value : undefined;
        const known = [...headers.values()].find((h) => h.name.toLowerCase() === name.toLowerCase());
        if (!known) headers.set(name, { name, line, ...(example ? { example } : {}) });
        else if (!known.example && example) known.example = example;
      }
    }
    if (!method && /\bPOST\b(?! \/)/.test(text) && /\b(send|sends|sent|deliver|delivers|request|post|notif)/i.test(text.replace(/\bPOST\b/g, ''))) method = { value: 'POST', line, evidence: text };
    if (!unsigned && /\b(are|is) not signed\b|\bunsigned (callbacks?|webhooks?|requests?|deliveries|notifications?)\b|\b(does not|doesn't|do not|don't) sign\b|\bno (signature|hmac)\b/i.test(text)) unsigned = { value: 'none', line, evidence: text };
    if (!body && /\b(escaped JSON strings?|JSON[- ]encoded strings?|double[- ]encoded|stringified JSON|JSON strings? (?:that|which) (?:holds?|contains?) JSON)\b/i.test(text)) {
      body = { value: 'json-string', line, evidence: text };
    }
  }
  const all = [...headers.values()];
  const topicHeader = all.find((h) => /topic|event/i.test(h.name) && !/signature|hmac|time/i.test(h.name)) ?? all.find((h) => h.example && topics.has(h.example));
  const sigHeader = all.find((h) => /hmac|signature|\bsign\b/i.test(h.name.replace(/-/g, ' ')));
  return {
    headers: all,
    ...(topicHeader ? { topicHeader } : {}),
    ...(sigHeader ? { signature: signatureFacts(sigHeader, lines) } : {}),
    method: method ?? { value: 'POST' },
    body: body ?? { value: 'json' },
    ...(unsigned ? { unsigned } : {}),
  };
}

function signatureFacts(header: HeaderFact, lines: readonly Line[]): SignatureFacts {
  const algo = (s: string): string | undefined => (/sha-?512/i.test(s) ? 'hmac-sha512' : /sha-?256/i.test(s) ? 'hmac-sha256' : /sha-?1(?!\d)/i.test(s) ? 'hmac-sha1' : undefined);
  let algorithm: Fact = { value: 'hmac-sha256' };
  const fromName = algo(header.name);
  if (fromName) algorithm = { value: fromName, line: header.line, evidence: `the header name ${header.name}` };
  else {
    for (const l of lines) {
      const value = /hmac/i.test(l.text) ? algo(l.text) : undefined;
      if (value === undefined) continue;
      algorithm = { value, line: l.line, evidence: l.text };
      break;
    }
  }
  let example = header.example;
  let prefix: string | undefined;
  const pm = example ? /^([a-z0-9]+=)(.+)$/i.exec(example) : null;
  if (pm && /^(sha\d+|v\d+)=$/i.test(pm[1])) {
    prefix = pm[1];
    example = pm[2];
  }
  // `sha256=<digest>`: the example's prefix names the hash
  if (!algorithm.line && prefix && algo(prefix)) algorithm = { value: algo(prefix) ?? algorithm.value, line: header.line, evidence: `the prefix ${prefix} of the example value` };
  let encoding: Fact = { value: 'base64' };
  if (example && /^[0-9a-f]{40,128}$/i.test(example)) encoding = { value: 'hex', line: header.line, evidence: `the example value ${header.example}` };
  else if (example && /^[A-Za-z0-9+/]{16,}={0,2}$/.test(example)) encoding = { value: 'base64', line: header.line, evidence: `the example value ${header.example}` };
  else {
    const hit = lines.find((l) => /\b(base64|hex(?:adecimal)?)\b/i.test(l.text) && /sign|hmac|digest/i.test(l.text));
    if (hit) encoding = { value: /base64/i.test(hit.text) ? 'base64' : 'hex', line: hit.line, evidence: hit.text };
  }
  let signed: Fact = { value: 'raw-body' };
  const covers = lines.find((l) => /\b(hmac|signature|signed|signing|digest)\b/i.test(l.text) && /\b(raw (?:request )?body|request body|raw payload|body of the request|payload bytes|the (?:raw )?body)\b/i.test(l.text));
  if (covers) signed = { value: 'raw-body', line: covers.line, evidence: covers.text };
  return { header, algorithm, encoding, signed, ...(prefix ? { prefix } : {}) };
}
