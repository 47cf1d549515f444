/**
 * `delivery` in provider.yaml: how a webhook arrives. The method, the body format, where the
 * topic is read, the request headers a receiver exposes or requires, the signature scheme
 * (./signature.ts) and the envelope around the payload.
 */
import type { Problem } from '../util/diagnostics.js';
import { resultFieldName, headerFieldName } from '../util/naming.js';
import { parsePointer } from '../util/pointer.js';
import { isObjectLike, type Reader } from './reader.js';
import { checkHeaderName, checkHeaderValue, loadSignature, sameHeader } from './signature.js';
import type { DeliverySpec, EnvelopeSpec, HeaderSpec } from './types.js';
import type { YamlSource } from './yaml.js';

const BODY_FORMATS = ['json', 'json-string'] as const;

/** Properties every generated receive result has; a header `field` may not reuse them. */
export const RESERVED_RESULT_FIELDS: readonly string[] = ['ok', 'topic', 'payload', 'envelope', 'reason', 'status', 'message', 'issues'];

const JSON_POINTER = /^(\/[^/]*)+$/;

/** `delivery` of provider.yaml; undefined when it is missing or broken (the problems are recorded). */
export function loadDelivery(src: YamlSource, r: Reader, problems: Problem[]): DeliverySpec | undefined {
  const d = r.expect(['delivery'], 'map', { required: true });
  if (!d) return undefined;
  r.onlyKeys(['delivery'], ['method', 'body', 'topic', 'headers', 'signature', 'envelope']);
  const method = r.expect(['delivery', 'method'], 'string', { required: true });
  const body = r.expect(['delivery', 'body'], 'string', { required: true });
  const bodyFormat = BODY_FORMATS.find((f) => f === body);
  let ok = Boolean(method && body);
  if (body && !bodyFormat) {
    problems.push({
      at: src.loc(['delivery', 'body']),
      message: 'unknown body encoding',
      expected: '"json" or "json-string"',
      found: JSON.stringify(body),
      fix: 'use "json" for a plain JSON body, "json-string" for a JSON string that holds the JSON payload',
    });
    ok = false;
  }
  const topic = r.expect(['delivery', 'topic'], 'map', { required: true });
  if (topic) {
    r.onlyKeys(['delivery', 'topic'], ['header', 'route', 'field']);
    const n = ['header', 'route', 'field'].filter((k) => topic[k] !== undefined).length;
    if (n !== 1) {
      problems.push({
        at: src.loc(['delivery', 'topic']),
        message: 'the topic source must be exactly one of header, route or field',
        expected: '`header: <Header-Name>`, `route: true` or `field: /json/pointer`',
        found: n === 0 ? 'none' : `${n} of them`,
        fix: 'keep the one the docs describe',
      });
      ok = false;
    }
    if (topic.header !== undefined) {
      const header = r.expect(['delivery', 'topic', 'header'], 'string');
      if (header !== undefined && !checkHeaderName(src, ['delivery', 'topic', 'header'], header, problems)) ok = false;
    }
    if (topic.route !== undefined && topic.route !== true) {
      r.expect(['delivery', 'topic', 'route'], 'boolean');
    }
    const field = topic.field === undefined ? undefined : r.expect(['delivery', 'topic', 'field'], 'string');
    if (field !== undefined && !field.startsWith('/')) {
      problems.push({
        at: src.loc(['delivery', 'topic', 'field']),
        message: 'the topic field must be a JSON pointer',
        expected: 'a pointer starting with "/", e.g. /type',
        found: JSON.stringify(field),
        fix: `write "/${field}"`,
      });
      ok = false;
    }
  } else ok = false;
  const sig = r.get(['delivery', 'signature']);
  const headers = loadHeaders(src, r, problems, topic, sig);
  let signature: DeliverySpec['signature'] = 'none';
  if (sig === undefined) {
    problems.push({
      at: src.loc(['delivery']),
      message: 'missing `signature` in delivery',
      expected: 'the signature scheme, or `signature: none` when the docs describe none',
      found: 'no such key',
      fix: 'add `signature: none` or the scheme (see spec/README.md)',
    });
    ok = false;
  } else if (sig !== 'none') {
    const loaded = loadSignature(src, r, problems);
    if (loaded) signature = loaded;
    else ok = false;
  }
  const envelope = loadEnvelope(src, r, problems);
  if (envelope === null) ok = false;
  if (!ok || !topic || !method || !bodyFormat) return undefined;
  const topicSource: DeliverySpec['topic'] = topic.header ? { header: String(topic.header) } : topic.field ? { field: String(topic.field) } : { route: true };
  return { method, body: bodyFormat, topic: topicSource, headers, signature, ...(envelope ? { envelope } : {}) };
}

/** `delivery.headers`: each header's name, docs, example, result field and whether it is required. */
function loadHeaders(src: YamlSource, r: Reader, problems: Problem[], topic: Record<string, unknown> | undefined, sig: unknown): HeaderSpec[] {
  const headers: HeaderSpec[] = [];
  // result field → index of the header that claimed it
  const fields = new Map<string, number>();
  const list = r.expect(['delivery', 'headers'], 'list') ?? [];
  list.forEach((_h, i) => {
    const at = ['delivery', 'headers', i];
    const h = r.expect(at, 'map');
    if (!h) return;
    r.onlyKeys(at, ['name', 'description', 'example', 'field', 'required']);
    const name = r.expect([...at, 'name'], 'string', { required: true });
    if (name !== undefined) checkHeaderName(src, [...at, 'name'], name, problems);
    const description = r.expect([...at, 'description'], 'string');
    const example = h.example === undefined ? undefined : String(h.example);
    if (example !== undefined) checkHeaderValue(src, [...at, 'example'], example, problems);
    const field = r.expect([...at, 'field'], 'string');
    const required = r.expect([...at, 'required'], 'boolean');
    let fieldOk = field !== undefined;
    if (field !== undefined && !/^[a-z][A-Za-z0-9]*$/.test(field)) {
      problems.push({
        at: src.loc([...at, 'field']),
        message: 'invalid header field name',
        expected: 'a camelCase identifier (e.g. shopDomain): the property of the receive result that holds the header value',
        found: JSON.stringify(field),
        fix: `use e.g. "${resultFieldName(field)}"`,
      });
      fieldOk = false;
    } else if (field !== undefined && RESERVED_RESULT_FIELDS.includes(field)) {
      problems.push({
        at: src.loc([...at, 'field']),
        message: `header field \`${field}\` clashes with a property every receive result has`,
        expected: `a name other than ${RESERVED_RESULT_FIELDS.join(', ')}`,
        found: JSON.stringify(field),
        fix: `rename it, e.g. "${name ? headerFieldName(name) : `${field}Header`}"`,
      });
      fieldOk = false;
    } else if (field !== undefined && fields.has(field)) {
      problems.push({
        at: src.loc([...at, 'field']),
        message: `header field \`${field}\` is also the field of delivery.headers.${fields.get(field)}`,
        expected: 'one header per result field',
        found: JSON.stringify(field),
        fix: 'give each header its own field name',
      });
      fieldOk = false;
    }
    if (field !== undefined && fieldOk) fields.set(field, i);
    if (!name) return;
    const role = required === false ? protocolRole(name, topic, sig) : undefined;
    if (role) {
      problems.push({
        at: src.loc([...at, 'required']),
        message: `header ${name} cannot be optional: it carries the ${role}`,
        expected: '`required: true`, or no `required` key',
        found: 'required: false',
        fix: 'remove `required: false`',
      });
    }
    headers.push({
      name,
      ...(description ? { description } : {}),
      ...(example ? { example } : {}),
      ...(field !== undefined && fieldOk ? { field } : {}),
      ...(required !== undefined ? { required } : {}),
    });
  });
  return headers;
}

/**
 * What a header carries that a receiver always needs: the topic, the signature, or a part of
 * the signed content (`parts.<name>.header`); undefined for any other header. Reads the raw
 * `delivery.topic` and `delivery.signature`, so that it works while they have problems too.
 */
function protocolRole(name: string, topic: Record<string, unknown> | undefined, sig: unknown): string | undefined {
  if (sameHeader(name, topic?.header)) return 'topic';
  if (!isObjectLike(sig)) return undefined;
  if (sameHeader(name, sig.header)) return 'signature';
  const parts = isObjectLike(sig.parts) ? sig.parts : {};
  const part = Object.keys(parts).find((k) => {
    const p = parts[k];
    return isObjectLike(p) && sameHeader(name, p.header);
  });
  return part === undefined ? undefined : `signed part {${part}}`;
}

/** `delivery.envelope`: the body wraps the payload; `payload` is its JSON pointer. Undefined when absent, null when broken. */
function loadEnvelope(src: YamlSource, r: Reader, problems: Problem[]): EnvelopeSpec | undefined | null {
  const at = ['delivery', 'envelope'];
  if (r.get(at) === undefined) return undefined;
  if (!r.expect(at, 'map', { fix: 'write e.g. `envelope: { payload: /data }`' })) return null;
  r.onlyKeys(at, ['payload']);
  const pointer = r.expect([...at, 'payload'], 'string', { required: true, fix: 'add `payload: /data`: the JSON pointer of the payload in the body' });
  if (pointer === undefined) return null;
  if (!JSON_POINTER.test(pointer) || parsePointer(pointer).some((s) => s === '' || s === '*')) {
    problems.push({
      at: src.loc([...at, 'payload']),
      message: 'the envelope payload must be a JSON pointer to a member of the body',
      expected: 'a pointer such as /data or /data/object (no empty segment, no *)',
      found: JSON.stringify(pointer),
      fix: pointer.startsWith('/') ? 'remove the empty or * segment' : `write "/${pointer.replace(/^\/*/, '').replace(/\./g, '/')}"`,
    });
    return null;
  }
  return { payload: pointer };
}
