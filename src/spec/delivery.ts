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
import type { BodyFormatSpec, DeliverySpec, EnvelopeSpec, HeaderSpec } from './types.js';
import type { YamlSource } from './yaml.js';

const BODY_FORMATS = ['json', 'json-string'] as const;

/** Properties every generated receive result has; a header `field` may not reuse them. */
export const RESERVED_RESULT_FIELDS: readonly string[] = ['ok', 'topic', 'payload', 'envelope', 'format', 'reason', 'status', 'message', 'issues', 'valid', 'known', 'drift', 'deliveryKey', 'signal'];

/** The body formats `delivery.formats` may list, in the order they are kept. */
const FORMAT_NAMES = ['json', 'xml'] as const;

/** A media type as Content-Type names it (RFC 9110 tokens), without parameters. */
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

const JSON_POINTER = /^(\/[^/]*)+$/;

/** `delivery` of provider.yaml; undefined when it is missing or broken (the problems are recorded). */
export function loadDelivery(src: YamlSource, r: Reader, problems: Problem[]): DeliverySpec | undefined {
  const d = r.expect(['delivery'], 'map', { required: true });
  if (!d) return undefined;
  r.onlyKeys(['delivery'], ['method', 'body', 'formats', 'topic', 'headers', 'signature', 'envelope']);
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
  const formats = loadFormats(src, r, problems, bodyFormat);
  if (formats === null) ok = false;
  if (!ok || !topic || !method || !bodyFormat) return undefined;
  const topicSource: DeliverySpec['topic'] = topic.header ? { header: String(topic.header) } : topic.field ? { field: String(topic.field) } : { route: true };
  return { method, body: bodyFormat, ...(formats ? { formats } : {}), topic: topicSource, headers, signature, ...(envelope ? { envelope } : {}) };
}

/**
 * `delivery.formats`: the body formats the provider delivers, each with the Content-Type media
 * types that announce it (`json: [application/json]`, `xml: [application/xml, text/xml]`).
 * Undefined when absent (every body is JSON), null when broken (the problems are recorded).
 */
function loadFormats(src: YamlSource, r: Reader, problems: Problem[], body: DeliverySpec['body'] | undefined): BodyFormatSpec[] | undefined | null {
  const at = ['delivery', 'formats'];
  if (r.get(at) === undefined) return undefined;
  const map = r.expect(at, 'map', { fix: 'write e.g. `formats: { json: [application/json], xml: [application/xml, text/xml] }`' });
  if (!map) return null;
  r.onlyKeys(at, FORMAT_NAMES);
  let ok = true;
  const formats: BodyFormatSpec[] = [];
  // media type → the format that claimed it first
  const owners = new Map<string, string>();
  for (const format of FORMAT_NAMES) {
    if (map[format] === undefined) continue;
    const list = r.expect([...at, format], 'list', { fix: `write \`${format}:\` as a list of media types, e.g. [${format === 'xml' ? 'application/xml, text/xml' : 'application/json'}]` });
    if (!list) {
      ok = false;
      continue;
    }
    if (list.length === 0) {
      problems.push({
        at: src.loc([...at, format]),
        message: `\`formats.${format}\` lists no media type`,
        expected: 'at least one media type, e.g. application/json',
        found: 'an empty list',
        fix: `add the Content-Type the provider sends its ${format.toUpperCase()} bodies with`,
      });
      ok = false;
    }
    const types: string[] = [];
    list.forEach((v, i) => {
      const where = [...at, format, i];
      if (typeof v !== 'string' || !MEDIA_TYPE.test(v)) {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        problems.push({
          at: src.loc(where),
          message: 'not a media type',
          expected: 'a lower-case media type without parameters, e.g. application/xml',
          found: text === undefined ? String(v) : text,
          fix: typeof v === 'string' && MEDIA_TYPE.test(v.split(';')[0]?.trim().toLowerCase() ?? '') ? `write "${v.split(';')[0]?.trim().toLowerCase()}"` : 'write type/subtype, as a Content-Type header names it before any `;`',
        });
        ok = false;
        return;
      }
      const owner = owners.get(v);
      if (owner !== undefined) {
        problems.push({
          at: src.loc(where),
          message: `media type ${v} is listed ${owner === format ? 'twice' : `for both ${owner} and ${format}`}`,
          expected: 'each media type once, under the one format it announces',
          found: `${v} again`,
          fix: owner === format ? 'remove the repeated entry' : `keep it under the format the provider sends with it`,
        });
        ok = false;
        return;
      }
      owners.set(v, format);
      types.push(v);
    });
    formats.push({ format, contentTypes: types });
  }
  if (map.json === undefined) {
    problems.push({
      at: src.loc(at),
      message: '`formats` has no `json` entry',
      expected: `\`json: [<media types>]\`: the JSON body (encoded as \`body: ${body ?? 'json'}\` says), which is also the format of a delivery whose Content-Type names none of the formats`,
      found: `only ${Object.keys(map).map((k) => `\`${k}\``).join(', ') || 'nothing'}`,
      fix: 'add `json: [application/json]`',
    });
    ok = false;
  }
  if (map.xml !== undefined && r.get(['delivery', 'envelope']) !== undefined) {
    problems.push({
      at: src.loc([...at, 'xml'], { key: true }),
      message: 'XML bodies cannot be combined with an `envelope`',
      expected: 'XML only for a body that is the payload itself (its root element is the resource)',
      found: '`formats.xml` and `delivery.envelope`',
      fix: 'remove `xml` from `formats`, or the envelope when the docs describe none',
    });
    ok = false;
  }
  if (ok && formats.length < 2) {
    problems.push({
      at: src.loc(at),
      message: '`formats` lists one format',
      expected: 'two or more formats (json and xml): `formats` says how a receiver tells them apart',
      found: `only \`${formats[0]?.format ?? 'json'}\``,
      fix: 'remove `formats` (a provider with one format needs none), or add the other format',
    });
    ok = false;
  }
  return ok ? formats : null;
}

/** `delivery.headers`: each header's name, docs, example, result field and whether it is required. */
function loadHeaders(src: YamlSource, r: Reader, problems: Problem[], topic: Record<string, unknown> | undefined, sig: unknown): HeaderSpec[] {
  const headers: HeaderSpec[] = [];
  // result field → index of the header that claimed it
  const fields = new Map<string, number>();
  // the index of the header that carries the delivery id
  let deliveryIdAt: number | undefined;
  const list = r.expect(['delivery', 'headers'], 'list') ?? [];
  list.forEach((_h, i) => {
    const at = ['delivery', 'headers', i];
    const h = r.expect(at, 'map');
    if (!h) return;
    r.onlyKeys(at, ['name', 'description', 'example', 'field', 'required', 'deliveryId']);
    const name = r.expect([...at, 'name'], 'string', { required: true });
    if (name !== undefined) checkHeaderName(src, [...at, 'name'], name, problems);
    const description = r.expect([...at, 'description'], 'string');
    const example = h.example === undefined ? undefined : String(h.example);
    if (example !== undefined) checkHeaderValue(src, [...at, 'example'], example, problems);
    const field = r.expect([...at, 'field'], 'string');
    const required = r.expect([...at, 'required'], 'boolean');
    let deliveryId = r.expect([...at, 'deliveryId'], 'boolean', { fix: 'write `deliveryId: true` on the header whose value is the same on every retry of a delivery, or leave the key out' });
    if (deliveryId === true && deliveryIdAt !== undefined) {
      problems.push({
        at: src.loc([...at, 'deliveryId']),
        message: `a second delivery-id header: delivery.headers.${deliveryIdAt} already carries the delivery id`,
        expected: 'at most one header with `deliveryId: true`',
        found: 'deliveryId: true',
        fix: 'keep it on the header the docs say is the same on every retry of a delivery',
      });
      deliveryId = undefined;
    }
    // a signed part may well be the id (Standard Webhooks sign `{id}.{timestamp}.{body}`)
    const idRole = deliveryId === true && name ? protocolRole(name, topic, sig) : undefined;
    if (idRole === 'topic' || idRole === 'signature') {
      problems.push({
        at: src.loc([...at, 'deliveryId']),
        message: `header ${name} carries the ${idRole}, not a delivery id`,
        expected: 'a header whose value identifies one delivery, the same on every retry (e.g. X-Webhook-Id)',
        found: 'deliveryId: true',
        fix: 'remove `deliveryId: true` from this header',
      });
      deliveryId = undefined;
    }
    if (deliveryId === true) deliveryIdAt = i;
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
      ...(deliveryId === true ? { deliveryId } : {}),
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
  r.onlyKeys(at, ['payload', 'model']);
  const pointer = r.expect([...at, 'payload'], 'string', { required: true, fix: 'add `payload: /data`: the JSON pointer of the payload in the body' });
  const model = r.get([...at, 'model']) === undefined ? undefined : r.expect([...at, 'model'], 'string');
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
  if (model === undefined) return { payload: pointer };
  return {
    payload: pointer,
    model,
    // positions are computed only when a problem needs one
    get modelAt() {
      return src.loc([...at, 'model']);
    },
  };
}
