/**
 * `delivery.signature` as a map (not `none`): the header, the HMAC, what is signed (the raw
 * body or a template over it), how the header is laid out, where the template's parts come
 * from, the timestamp tolerance and the secret's encoding.
 */
import { closest, describeValue, type Problem } from '../util/diagnostics.js';
import { compareStrings } from '../util/order.js';
import { oneOf, type Reader } from './reader.js';
import type { SignatureFormatSpec, SignaturePartSpec, SignatureSecretSpec, SignatureSpec } from './types.js';
import type { YamlPath, YamlSource } from './yaml.js';

const PART_NAME = /^[a-z][a-z0-9_]*$/;
const ALGORITHMS = ['hmac-sha256', 'hmac-sha1', 'hmac-sha512'] as const;
const ENCODINGS = ['base64', 'hex'] as const;
const SECRET_ENCODINGS = ['utf8', 'base64'] as const;

/** HTTP header names compare case-insensitively. */
export function sameHeader(a: string, b: unknown): boolean {
  return typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** An HTTP field name (RFC 9110 `token`): what `Headers` and a Node request accept. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A header name in the spec that no request could carry (a space, a quote, a `/`, a character
 * outside ASCII) would make the receiver wait for a header that never comes and the test
 * request builder throw: a problem at `path`. Returns whether the name is valid.
 */
export function checkHeaderName(src: YamlSource, path: YamlPath, name: string, problems: Problem[]): boolean {
  if (HEADER_NAME.test(name)) return true;
  const bad = [...name].find((c) => !HEADER_NAME.test(c)) ?? '';
  problems.push({
    at: src.loc(path),
    message: 'invalid HTTP header name',
    expected: "a header name (RFC 9110 token): letters, digits and ! # $ % & ' * + - . ^ _ ` | ~",
    found: `${JSON.stringify(name)} (with ${JSON.stringify(bad)})`,
    fix: 'write the header name as the docs print it, without spaces, quotes or separators',
  });
  return false;
}

/** The first character of `value` that a header value cannot carry (beyond visible ASCII, space and tab). */
export function nonHeaderChar(value: string): string | undefined {
  return [...value].find((c) => !(c === '\t' || (c >= ' ' && c <= '~')));
}

/**
 * A header value the spec gives (an `example`, sent by the generated test request builder):
 * visible ASCII, spaces and tabs, as `Headers` accepts it. Returns whether it is valid.
 */
export function checkHeaderValue(src: YamlSource, path: YamlPath, value: string, problems: Problem[]): boolean {
  const bad = nonHeaderChar(value);
  if (bad === undefined) return true;
  problems.push({
    at: src.loc(path),
    message: 'a header value must be printable ASCII',
    expected: 'visible ASCII characters, spaces and tabs (what an HTTP header can carry)',
    found: `${JSON.stringify(value)} (with ${JSON.stringify(bad)})`,
    fix: 'write the example as the header carries it (non-ASCII text percent-encoded, as the provider sends it)',
  });
  return false;
}

/** The signature scheme; undefined when it is broken (the problems are recorded). */
export function loadSignature(src: YamlSource, r: Reader, problems: Problem[]): SignatureSpec | undefined {
  const at = ['delivery', 'signature'];
  const raw = r.expect(at, 'map');
  if (!raw) return undefined;
  r.onlyKeys(at, ['header', 'algorithm', 'encoding', 'signed', 'prefix', 'format', 'parts', 'tolerance', 'secret']);
  const before = problems.length;
  const header = r.expect([...at, 'header'], 'string', { required: true });
  if (header !== undefined) checkHeaderName(src, [...at, 'header'], header, problems);
  const algorithm = oneOf(src, r, problems, [...at, 'algorithm'], ALGORITHMS);
  const encoding = oneOf(src, r, problems, [...at, 'encoding'], ENCODINGS);
  const prefix = r.expect([...at, 'prefix'], 'string');
  const format = loadSignatureFormat(src, r, problems);
  const parts = loadSignatureParts(src, r, problems, header, format);
  const signed = loadSignedTemplate(src, r, problems, parts);
  let tolerance: number | undefined;
  if (raw.tolerance !== undefined) {
    const t = raw.tolerance;
    if (typeof t !== 'number' || !Number.isInteger(t) || t <= 0) {
      problems.push({
        at: src.loc([...at, 'tolerance']),
        message: 'invalid signature tolerance',
        expected: 'a whole number of seconds above 0, e.g. 300',
        found: describeValue(t),
        fix: "write the number of seconds a delivery's timestamp may differ from the clock, e.g. `tolerance: 300`",
      });
    } else if (signed !== undefined && !templateNames(signed).includes('timestamp')) {
      problems.push({
        at: src.loc([...at, 'tolerance']),
        message: 'a tolerance needs a `{timestamp}` in `signed`',
        expected: 'a signed template with {timestamp}, its value from `parts.timestamp`',
        found: `signed: ${JSON.stringify(signed)}`,
        fix: 'remove `tolerance`, or sign e.g. "{timestamp}.{body}" and add `parts: { timestamp: { header: <Header-Name> } }`',
      });
    } else tolerance = t;
  }
  const secret = loadSecretEncoding(src, r, problems);
  if (problems.length !== before || !header || !algorithm || !encoding || !signed) return undefined;
  return {
    header,
    algorithm,
    encoding,
    signed,
    ...(prefix ? { prefix } : {}),
    ...(format ? { format } : {}),
    ...(parts && Object.keys(parts).length ? { parts } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(secret && (secret.encoding !== 'utf8' || secret.prefix) ? { secret } : {}),
  };
}

/** The placeholder names of a signed template (`{timestamp}.{body}` → timestamp, body). */
function templateNames(signed: string): string[] {
  return signed === 'raw-body' ? ['body'] : [...signed.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
}

/** A valid part name suggested for `name`. */
function partNameFor(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^[^a-z]+/, '') || 'timestamp'
  );
}

/** `signature.signed`: `raw-body`, or a template with `{body}` once and other placeholders that name `parts`. */
function loadSignedTemplate(src: YamlSource, r: Reader, problems: Problem[], parts: Record<string, SignaturePartSpec> | undefined): string | undefined {
  const path = ['delivery', 'signature', 'signed'];
  const signed = r.expect(path, 'string', { required: true, fix: 'add `signed: raw-body`, or a template such as "{timestamp}.{body}" (see spec/README.md)' });
  if (signed === undefined) return undefined;
  const declared = Object.keys(parts ?? {});
  const partsGiven = r.get(['delivery', 'signature', 'parts']) !== undefined;
  if (signed === 'raw-body') {
    if (declared.length) {
      problems.push({
        at: src.loc(['delivery', 'signature', 'parts']),
        message: 'signature parts are given, but `signed: raw-body` uses none',
        expected: 'a signed template that places them, e.g. "{timestamp}.{body}"',
        found: `parts ${declared.join(', ')}`,
        fix: `write \`signed:\` as a template with ${declared.map((n) => `{${n}}`).join(', ')} and {body}, or remove \`parts\``,
      });
    }
    return signed;
  }
  const before = problems.length;
  const stray = signed.replace(/\{[^{}]*\}/g, '').match(/[{}]/);
  if (stray) {
    problems.push({
      at: src.loc(path),
      message: 'unbalanced brace in the signed template',
      expected: 'placeholders written as {name}, e.g. "{timestamp}.{body}"',
      found: JSON.stringify(signed),
      fix: 'close each { with }; a template cannot hold a literal brace',
    });
  }
  const names = templateNames(signed);
  for (const name of names) {
    if (!PART_NAME.test(name)) {
      problems.push({
        at: src.loc(path),
        message: `invalid placeholder {${name}} in the signed template`,
        expected: 'lower-case names: letters, digits and _, e.g. {timestamp}, {id}, {body}',
        found: JSON.stringify(`{${name}}`),
        fix: `write e.g. {${partNameFor(name)}}`,
      });
    } else if (name !== 'body' && !declared.includes(name) && !(partsGiven && parts === undefined)) {
      const guess = closest(name, declared);
      problems.push({
        at: src.loc(path),
        message: `the signed template uses {${name}}, which \`parts\` does not declare`,
        expected: declared.length ? `one of: body, ${declared.join(', ')}` : '{body}, or a placeholder declared under `parts`',
        found: JSON.stringify(`{${name}}`),
        fix: guess ? `did you mean {${guess}}?` : `add under signature:\nparts:\n  ${name}: { header: <Header-Name> }   # or { part: <name> } for an item of the signature header`,
      });
    }
  }
  const bodies = names.filter((n) => n === 'body').length;
  if (bodies !== 1) {
    problems.push({
      at: src.loc(path),
      message: bodies === 0 ? 'the signed template has no {body}' : 'the signed template has {body} more than once',
      expected: 'exactly one {body}: where the raw body bytes go',
      found: JSON.stringify(signed),
      fix: bodies === 0 ? 'add {body}, e.g. "{timestamp}.{body}"; or write `signed: raw-body` when only the body is signed' : 'keep one {body}',
    });
  }
  for (const name of declared) {
    if (names.includes(name)) continue;
    problems.push({
      at: src.loc(['delivery', 'signature', 'parts', name], { key: true }),
      message: `signature part \`${name}\` is not used by the signed template`,
      expected: `{${name}} in signed: ${JSON.stringify(signed)}`,
      found: 'no such placeholder',
      fix: `place {${name}} in \`signed\`, or remove the part`,
    });
  }
  return problems.length === before ? signed : undefined;
}

/**
 * `signature.parts`: placeholder name → `{ header: <Header-Name> }` or `{ part: <item name> }`.
 * Undefined when absent or broken.
 */
function loadSignatureParts(
  src: YamlSource,
  r: Reader,
  problems: Problem[],
  sigHeader: string | undefined,
  format: SignatureFormatSpec | undefined | null,
): Record<string, SignaturePartSpec> | undefined {
  const at = ['delivery', 'signature', 'parts'];
  if (r.get(at) === undefined) return undefined;
  const raw = r.expect(at, 'map');
  if (!raw) return undefined;
  const before = problems.length;
  const parts: Record<string, SignaturePartSpec> = {};
  for (const name of Object.keys(raw).sort(compareStrings)) {
    const path = [...at, name];
    if (!PART_NAME.test(name) || name === 'body') {
      problems.push({
        at: src.loc(path, { key: true }),
        message: name === 'body' ? '`body` is not a part: {body} is always the raw body bytes' : `invalid signature part name \`${name}\``,
        expected: 'a lower-case name (letters, digits, _) other than body, e.g. timestamp or id',
        found: JSON.stringify(name),
        fix: name === 'body' ? 'remove it' : `rename it, e.g. \`${partNameFor(name)}\`, and its placeholder in \`signed\``,
      });
      continue;
    }
    const v = r.expect(path, 'map', { fix: `write e.g. \`${name}: { header: <Header-Name> }\`` });
    if (!v) continue;
    r.onlyKeys(path, ['header', 'part']);
    const n = ['header', 'part'].filter((k) => v[k] !== undefined).length;
    if (n !== 1) {
      problems.push({
        at: src.loc(path, { key: true }),
        message: `signature part \`${name}\` must come from exactly one of header or part`,
        expected: '`header: <Header-Name>` (a request header) or `part: <name>` (an item of the signature header)',
        found: n === 0 ? 'neither' : 'both',
        fix: 'keep the one the docs describe',
      });
      continue;
    }
    if (v.header !== undefined) {
      const h = r.expect([...path, 'header'], 'string');
      if (h === undefined || !checkHeaderName(src, [...path, 'header'], h, problems)) continue;
      if (sameHeader(h, sigHeader)) {
        problems.push({
          at: src.loc([...path, 'header']),
          message: `signature part \`${name}\` names the signature header itself`,
          expected: 'another request header, or `part: <name>` for an item of the signature header',
          found: JSON.stringify(h),
          fix: `write \`${name}: { part: <item name> }\` and describe the header's items under \`format\``,
        });
        continue;
      }
      parts[name] = { header: h };
    } else {
      const item = r.expect([...path, 'part'], 'string');
      if (item === undefined || format === null) continue; // a broken format is reported already
      if (format === undefined || !format.pairs) {
        problems.push({
          at: src.loc([...path, 'part']),
          message: `signature part \`${name}\` comes from an item of the signature header, but \`format\` does not name its items`,
          expected: '`format: { separator: <between items>, pairs: <between name and value>, signature: <name of the signature items> }`',
          found: format ? 'a format without `pairs`' : 'no `format`',
          fix: "add e.g. `format: { separator: ',', pairs: '=', signature: v1 }` for a header like t=1700000000,v1=5257a869...",
        });
        continue;
      }
      if (item === format.signature) {
        problems.push({
          at: src.loc([...path, 'part']),
          message: `signature part \`${name}\` is the item that holds the signature`,
          expected: `an item other than \`${format.signature}\``,
          found: JSON.stringify(item),
          fix: 'name the item that holds the value (e.g. t for a timestamp)',
        });
        continue;
      }
      parts[name] = { part: item };
    }
  }
  return problems.length === before ? parts : undefined;
}

/** `signature.format`: the items of a signature header that holds more than one digest. Undefined when absent, null when broken. */
function loadSignatureFormat(src: YamlSource, r: Reader, problems: Problem[]): SignatureFormatSpec | undefined | null {
  const at = ['delivery', 'signature', 'format'];
  if (r.get(at) === undefined) return undefined;
  const raw = r.expect(at, 'map', { fix: "write e.g. `format: { separator: ',', pairs: '=', signature: v1 }`" });
  if (!raw) return null;
  r.onlyKeys(at, ['separator', 'pairs', 'signature']);
  const before = problems.length;
  const separator = r.expect([...at, 'separator'], 'string', { required: true, fix: "add `separator:` (quote it: ',' or ';' or ' ')" });
  const pairs = r.expect([...at, 'pairs'], 'string', { fix: "quote it: pairs: '='" });
  const signature = r.expect([...at, 'signature'], 'string');
  if (pairs !== undefined && signature === undefined && raw.signature === undefined) {
    problems.push({
      at: src.loc(at),
      message: '`format.pairs` needs `format.signature`',
      expected: 'the name of the items that hold a signature, e.g. `signature: v1`',
      found: 'no `signature` key',
      fix: 'add `signature: <name>` (v1 for t=..,v1=..)',
    });
  }
  if (signature !== undefined && pairs === undefined && raw.pairs === undefined) {
    problems.push({
      at: src.loc([...at, 'signature']),
      message: '`format.signature` names an item, but `format.pairs` does not say how items are named',
      expected: "`pairs:` the text between an item's name and its value, e.g. '='",
      found: 'no `pairs` key',
      fix: "add `pairs: '='`, or remove `signature` when every item is a signature",
    });
  }
  if (separator !== undefined && pairs !== undefined && (separator.includes(pairs) || pairs.includes(separator))) {
    problems.push({
      at: src.loc([...at, 'pairs']),
      message: '`format.pairs` and `format.separator` overlap',
      expected: 'two different texts, e.g. separator "," and pairs "="',
      found: `separator ${JSON.stringify(separator)}, pairs ${JSON.stringify(pairs)}`,
      fix: 'check the header value the docs show',
    });
  }
  if (problems.length !== before || separator === undefined) return null;
  return { separator, ...(pairs !== undefined ? { pairs } : {}), ...(signature !== undefined ? { signature } : {}) };
}

/** `signature.secret`: how a secret string becomes the HMAC key. */
function loadSecretEncoding(src: YamlSource, r: Reader, problems: Problem[]): SignatureSecretSpec | undefined {
  const at = ['delivery', 'signature', 'secret'];
  if (r.get(at) === undefined) return undefined;
  const raw = r.expect(at, 'map', { fix: 'write e.g. `secret: { encoding: base64, prefix: whsec_ }`' });
  if (!raw) return undefined;
  r.onlyKeys(at, ['encoding', 'prefix']);
  const encoding = raw.encoding === undefined ? 'utf8' : oneOf(src, r, problems, [...at, 'encoding'], SECRET_ENCODINGS);
  const prefix = r.expect([...at, 'prefix'], 'string');
  if (!encoding) return undefined;
  return { encoding, ...(prefix ? { prefix } : {}) };
}
