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
/** a header name in code style, any case (`shopware-shop-signature`, `sw-version`): taken when it names a signature or the line calls it a header */
const CODE_HEADER = /`([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)`/g;
const HEADER_WORD = /^(signature|hmac|topic|event|webhook|hook|delivery|timestamp)$/i;
const ALGORITHM_WORD = /^(hmac|sha\d*|md5|rsa|rs\d+|hs\d+|ecdsa|ed25519|\d+)$/i;
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
    for (const re of [X_HEADER, NAMED_HEADER, CODE_HEADER]) {
      for (const m of text.matchAll(re)) {
        const name = m[1];
        if (STANDARD.has(name.toLowerCase())) continue;
        if (re === NAMED_HEADER && (name.startsWith('X-') || !name.split('-').some((w) => HEADER_WORD.test(w)))) continue;
        // an algorithm's name (`HMAC-SHA256`, `SHA-256`) is no header
        if (name.split('-').every((w) => ALGORITHM_WORD.test(w))) continue;
        if (re === CODE_HEADER && (/^X-/i.test(name) || !(name.split('-').some((w) => /^(signature|hmac)$/i.test(w)) || /\bheaders?\b/i.test(text)))) continue;
        // the text of a Markdown link ([Webhook-Events-Reference](...)) names a page, not a header
        const at = m.index ?? 0;
        if (text[at - 1] === '[' && text.slice(at + m[0].length).startsWith('](')) continue;
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
    ...(sigHeader ? { signature: signatureFacts(sigHeader, lines, codeFacts(items)) } : {}),
    method: method ?? { value: 'POST' },
    body: body ?? { value: 'json' },
    ...(unsigned ? { unsigned } : {}),
  };
}

/** What the page's code examples compute: the HMAC's hash, how the digest is written, whether the raw body is signed. */
interface CodeFacts {
  algorithm?: Fact;
  encoding?: Fact;
  signed?: Fact;
}

/** The longest code example read for signature facts (bounded work). */
const MAX_CODE = 20_000;

/**
 * The signature facts the page's code examples show, where they agree: `hash_hmac('sha256', $data,
 * $secret)` (hex, unless its fourth argument is true), `createHmac('sha256', ...).digest('base64')`,
 * `hmac.new(key, body, hashlib.sha256).hexdigest()`, `OpenSSL::HMAC.hexdigest('sha256', ...)`,
 * `HmacSHA256` with `hmacHex`, Go's `hmac.New(sha256.New, ...)` with `hex.EncodeToString`; and the
 * raw body signed when the example reads it raw (`php://input`, `rawBody`, `request.body`,
 * `get_data()`, `raw_post`, `ioutil.ReadAll(r.Body)`).
 */
function codeFacts(items: readonly Item[]): CodeFacts {
  const found: { algorithm: Fact[]; encoding: Fact[]; signed: Fact[] } = { algorithm: [], encoding: [], signed: [] };
  for (const it of items) {
    if (it.kind !== 'code') continue;
    const code = it.span.text.slice(0, MAX_CODE);
    const hmac = /hash_hmac\s*\(|createHmac\s*\(|hmac\.new\s*\(|OpenSSL::HMAC|Hmac(?:SHA|Utils)|hmac\.New\s*\(|crypto\.subtle\.sign|HMAC\s*\(/i.exec(code);
    if (!hmac) continue;
    const lineAt = (index: number) => it.line + (code.slice(0, index).match(/\n/g)?.length ?? 0);
    const fact = (value: string, index: number): Fact => {
      const text = code.slice(code.lastIndexOf('\n', index) + 1, code.indexOf('\n', index) < 0 ? undefined : code.indexOf('\n', index)).trim();
      return { value, line: lineAt(index), evidence: `the ${it.lang || 'code'} example: ${text}` };
    };
    const algo = /\b(?:hash_hmac|createHmac|HMAC\.(?:hex)?digest)\s*\(\s*['"](sha-?(?:1|256|512))['"]|hashlib\.(sha(?:1|256|512))|HmacSHA(1|256|512)|hmac\.New\s*\(\s*sha(1|256|512)\.New|['"]SHA-(1|256|512)['"]/i.exec(code);
    if (algo) found.algorithm.push(fact(`hmac-sha${(algo[1] ?? algo[2] ?? algo[3] ?? algo[4] ?? algo[5] ?? '').replace(/\D/g, '')}`, algo.index));
    const php = /hash_hmac\s*\(([^;]*?)\)/.exec(code);
    const hex = /\.digest\s*\(\s*['"]hex['"]\s*\)|\.hexdigest\s*\(|HMAC\.hexdigest|hmacHex|hex\.EncodeToString|bin2hex|toString\s*\(\s*['"]hex['"]\s*\)/.exec(code);
    const b64 = /\.digest\s*\(\s*['"]base64['"]\s*\)|base64_encode|b64encode|Base64\.(?:strict_)?encode64|Base64\.getEncoder|base64\.StdEncoding|toString\s*\(\s*['"]base64['"]\s*\)|btoa\s*\(/.exec(code);
    if (hex && !b64) found.encoding.push(fact('hex', hex.index));
    else if (b64 && !hex) found.encoding.push(fact('base64', b64.index));
    else if (php && !hex && !b64 && !/,\s*(?:true|TRUE)\s*$/.test(php[1] ?? '')) found.encoding.push(fact('hex', php.index)); // hash_hmac returns hex unless asked for raw bytes
    const raw = /php:\/\/input|rawBody|raw_body|request\.body|req\.body|get_data\s*\(|raw_post|getContent\s*\(|ReadAll\s*\(\s*r\.Body/.exec(code);
    if (raw) found.signed.push(fact('raw-body', raw.index));
  }
  const agreed = (list: Fact[]): Fact | undefined => (list.length && list.every((f) => f.value === list[0]?.value) ? list[0] : undefined);
  const out: CodeFacts = {};
  const algorithm = agreed(found.algorithm);
  const encoding = agreed(found.encoding);
  const signed = agreed(found.signed);
  if (algorithm) out.algorithm = algorithm;
  if (encoding) out.encoding = encoding;
  if (signed) out.signed = signed;
  return out;
}

function signatureFacts(header: HeaderFact, lines: readonly Line[], code: CodeFacts = {}): SignatureFacts {
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
  if (!algorithm.line && code.algorithm) algorithm = code.algorithm;
  let encoding: Fact = { value: 'base64' };
  if (example && /^[0-9a-f]{40,128}$/i.test(example)) encoding = { value: 'hex', line: header.line, evidence: `the example value ${header.example}` };
  else if (example && /^[A-Za-z0-9+/]{16,}={0,2}$/.test(example)) encoding = { value: 'base64', line: header.line, evidence: `the example value ${header.example}` };
  else {
    const hit = lines.find((l) => /\b(base64|hex(?:adecimal)?)\b/i.test(l.text) && /sign|hmac|digest/i.test(l.text));
    if (hit) encoding = { value: /base64/i.test(hit.text) ? 'base64' : 'hex', line: hit.line, evidence: hit.text };
    else if (code.encoding) encoding = code.encoding;
  }
  let signed: Fact = { value: 'raw-body' };
  const covers = lines.find((l) => /\b(hmac|signature|signed|signing|digest)\b/i.test(l.text) && /\b(raw (?:request )?body|request body|raw payload|body of the request|payload bytes|the (?:raw )?body)\b/i.test(l.text));
  if (covers) signed = { value: 'raw-body', line: covers.line, evidence: covers.text };
  else if (code.signed) signed = code.signed;
  return { header, algorithm, encoding, signed, ...(prefix ? { prefix } : {}) };
}
