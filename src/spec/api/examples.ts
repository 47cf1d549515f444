/**
 * `examples:` of an operation: path and query values, the request and response files the
 * docs show, and the status. A success example's request is checked against the body, its
 * response against the response type (whose model parts become samples of those models); an
 * error example's response against the error body of its status.
 */
import { closest, describeValue } from '../../util/diagnostics.js';
import { escapeToken } from '../../util/pointer.js';
import { isRecord } from '../reader.js';
import type { ApiBody, ApiErrorSpec, ApiExample, ApiOperation } from '../types.js';
import type { YamlPath } from '../yaml.js';
import { isScalarValue, type ApiContext, type SampleFile } from './context.js';
import { errorFor, loadStatus } from './errors.js';
import { collectSamples, nodesAt, sampleFile } from './samples.js';
import { describeType, staticIssue } from './types.js';
import { own, setOwn } from '../../util/own.js';

const EXAMPLE_KEYS = ['title', 'params', 'query', 'request', 'status', 'response'];

/** The examples of `op`; an example with a problem is left out. */
export function loadExamples(ctx: ApiContext, path: YamlPath, op: ApiOperation, errors: readonly ApiErrorSpec[]): ApiExample[] {
  const { r, src, problems } = ctx;
  const list = r.expect(path, 'list') ?? [];
  const out: ApiExample[] = [];
  list.forEach((_x, i) => {
    const at = [...path, i];
    const raw = r.expect(at, 'map');
    if (!raw) return;
    r.onlyKeys(at, EXAMPLE_KEYS);
    const before = problems.length;
    const status = raw.status === undefined ? (op.response.status ?? 200) : loadStatus(ctx, [...at, 'status'], { required: false, classes: false, success: undefined });
    if (status === undefined || typeof status !== 'number') return;
    const success = status >= 200 && status < 300;
    const ex: ApiExample = { params: {}, query: {}, status };
    if (raw.title !== undefined) {
      const title = r.expect([...at, 'title'], 'string');
      if (title) ex.title = title;
    }
    // path parameters: every one, each of its type
    const params = raw.params === undefined ? {} : (r.expect([...at, 'params'], 'map') ?? {});
    for (const p of op.params) {
      if (own(params, p.name) === undefined) problems.push({ at: src.loc(raw.params === undefined ? at : [...at, 'params']), message: `the example gives no value for path parameter \`${p.name}\``, expected: `params: { ${p.name}: ... }`, found: 'none', fix: `add the value the docs' example uses` });
    }
    for (const [k, v] of Object.entries(params)) {
      const p = op.params.find((x) => x.name === k);
      const issue = p ? staticIssue(ctx, p, v) : 'not a path parameter';
      if (issue) problems.push({ at: src.loc([...at, 'params', k]), message: `example value of path parameter \`${k}\` is wrong`, expected: p ? describeType(p) : `one of: ${op.params.map((x) => x.name).join(', ') || 'none'}`, found: `${describeValue(v)} (${issue})`, fix: 'correct the value' });
      // a path parameter's type is a string or an integer, so a fitting value is a scalar
      else if (isScalarValue(v)) setOwn(ex.params, k, v);
    }
    const query = raw.query === undefined ? {} : (r.expect([...at, 'query'], 'map') ?? {});
    for (const [k, v] of Object.entries(query)) {
      const q = op.query.find((x) => x.name === k);
      const issue = q ? staticIssue(ctx, q, v) : 'not a query parameter';
      if (issue) {
        const guess = q ? undefined : closest(k, op.query.map((x) => x.name));
        problems.push({ at: src.loc([...at, 'query', k], { key: !q }), message: `example query \`${k}\` is wrong`, expected: q ? describeType(q) : `one of: ${op.query.map((x) => x.name).join(', ') || 'none'}`, found: `${describeValue(v)} (${issue})`, fix: guess ? `did you mean \`${guess}\`?` : 'correct the example' });
      } else setOwn(ex.query, k, v);
    }
    if (raw.request !== undefined) {
      const rel = r.expect([...at, 'request'], 'string');
      const f = rel ? sampleFile(ctx, [...at, 'request'], rel) : undefined;
      if (rel && !op.body) problems.push({ at: src.loc([...at, 'request']), message: 'a request sample for an operation without a body', expected: '`body:` on the operation', found: JSON.stringify(rel), fix: 'describe the body, or remove `request`' });
      else if (f && success && op.body) checkRequestSample(ctx, [...at, 'request'], op.body, f.value);
      if (f) {
        ex.request = f.file;
        ex.requestBody = f.value;
      }
    } else if (op.body && success) {
      problems.push({ at: src.loc(at), message: 'the example of an operation with a body has no request sample', expected: '`request: <file>.json`', found: 'none', fix: 'add the request body the docs show' });
    }
    if (raw.response !== undefined) {
      const rel = r.expect([...at, 'response'], 'string');
      const f = rel ? sampleFile(ctx, [...at, 'response'], rel) : undefined;
      if (f) {
        ex.response = f.file;
        if (success) checkResponseSample(ctx, [...at, 'response'], op, f);
        else {
          const e = errorFor(errors, status);
          if (!e) problems.push({ at: src.loc([...at, 'status']), message: `no error body is described for status ${status}`, expected: `an entry \`- status: ${status}\` (or ${Math.floor(status / 100)}XX) under \`errors:\``, found: errors.length ? `errors for ${errors.map((x) => x.status).join(', ')}` : 'no `errors:`', fix: 'describe the error body under `errors:`' });
          else {
            const issue = staticIssue(ctx, e.type, f.value);
            if (issue) problems.push({ at: src.loc([...at, 'response']), message: `the response sample does not match the error body ${e.name}`, expected: describeType(e.type), found: issue, fix: `correct the sample or the \`errors:\` entry for ${e.status}` });
          }
        }
      }
    }
    if (problems.length === before) out.push(ex);
  });
  return out;
}

/** A success example's request body: its envelope, and only the fields the operation sends. */
function checkRequestSample(ctx: ApiContext, path: YamlPath, body: ApiBody, value: unknown): void {
  let fields = value;
  if (body.envelope) {
    if (!isRecord(fields) || !Object.hasOwn(fields, body.envelope)) {
      ctx.problems.push({ at: ctx.src.loc(path), message: `the request sample has no \`${body.envelope}\` member`, expected: `{ "${body.envelope}": { ... } } (body.envelope)`, found: describeValue(value), fix: 'correct the sample or the envelope' });
      return;
    }
    fields = fields[body.envelope];
  }
  if (!isRecord(fields)) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'the request body is not an object', expected: 'an object of fields', found: describeValue(fields), fix: 'correct the sample' });
    return;
  }
  const allowed = [...body.properties.map((p) => p.name), ...body.pathParams];
  for (const k of Object.keys(fields)) {
    if (!allowed.includes(k)) ctx.problems.push({ at: ctx.src.loc(path), message: `the request sample sends \`${k}\`, which \`body.properties\` does not list`, expected: `one of: ${allowed.join(', ')}`, found: JSON.stringify(k), fix: `add \`${k}\` to the body's properties (or to pathParams), or move the sample to an error example` });
  }
  for (const p of body.properties) {
    if (p.required && fields[p.name] === undefined) ctx.problems.push({ at: ctx.src.loc(path), message: `the request sample lacks the required \`${p.name}\``, expected: `\`${p.name}\` in the body`, found: 'missing', fix: 'correct the sample, or make the property optional' });
    if (p.type && fields[p.name] !== undefined) {
      const issue = staticIssue(ctx, p.type, fields[p.name], `/${p.name}`);
      if (issue) ctx.problems.push({ at: ctx.src.loc(path), message: 'the request sample does not match the body type', expected: describeType(p.type), found: issue, fix: 'correct the sample or the type' });
    }
  }
}

/**
 * A success example's response: its envelope, the non-model parts against the type, and the
 * model parts as samples of their models.
 */
function checkResponseSample(ctx: ApiContext, path: YamlPath, op: ApiOperation, f: SampleFile & { file: string }): void {
  const res = op.response;
  if (!res.type) return; // empty: whatever the body is, it is ignored
  let node: unknown = f.doc.contents;
  let value = f.value;
  let at = '';
  if (res.envelope) {
    if (!isRecord(value) || !Object.hasOwn(value, res.envelope)) {
      ctx.problems.push({ at: ctx.src.loc(path), message: `the response sample has no \`${res.envelope}\` member`, expected: `{ "${res.envelope}": ... } (response.envelope)`, found: describeValue(value), fix: 'correct the sample or the envelope' });
      return;
    }
    value = value[res.envelope];
    node = nodesAt(node, [res.envelope], '')[0]?.node;
    at = `/${escapeToken(res.envelope)}`;
  }
  const issue = staticIssue(ctx, res.type, value, at);
  if (issue) {
    ctx.problems.push({ at: ctx.src.loc(path), message: 'the response sample does not match the response type', expected: describeType(res.type), found: issue, fix: 'correct the sample or the type' });
    return;
  }
  collectSamples(ctx, res.type, node, at, f.file, f.text, path);
}
