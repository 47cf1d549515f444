/**
 * `errors:` of api.yaml: the error bodies by HTTP status (or class, `4XX`), and where their
 * field errors and messages are. Also the HTTP status reader shared with responses and examples.
 */
import { describeValue } from '../../util/diagnostics.js';
import type { ApiErrorSpec } from '../types.js';
import type { YamlPath } from '../yaml.js';
import type { ApiContext } from './context.js';
import { describeType, loadPointer, loadType, typeAt } from './types.js';

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

/** The error bodies; an entry with a problem is left out. */
export function loadErrors(ctx: ApiContext): ApiErrorSpec[] {
  const { r, src, problems } = ctx;
  const out: ApiErrorSpec[] = [];
  const list = r.expect(['errors'], 'list') ?? [];
  const seen = new Map<string, number>();
  list.forEach((_e, i) => {
    const at = ['errors', i];
    const raw = r.expect(at, 'map');
    if (!raw) return;
    const before = problems.length;
    const status = loadStatus(ctx, [...at, 'status'], { required: true, classes: true, success: false });
    const name = r.expect([...at, 'name'], 'string', { required: true, fix: 'add `name:` the TypeScript name of the error body, e.g. WebhookErrors' });
    if (name !== undefined && !PASCAL.test(name)) problems.push({ at: src.loc([...at, 'name']), message: 'invalid type name', expected: 'a PascalCase identifier', found: JSON.stringify(name), fix: 'use letters and digits, starting upper-case' });
    if (name !== undefined && ctx.modelNames.includes(name)) problems.push({ at: src.loc([...at, 'name']), message: `error body name ${name} is also a model`, expected: 'a name no model uses', found: JSON.stringify(name), fix: `rename it, e.g. ${name}Errors` });
    const type = loadType(ctx, at, ['status', 'name', 'fieldErrors', 'messages']);
    const spec: ApiErrorSpec = { status: status ?? 0, name: name ?? '', type: type ?? {} };
    if (type?.description) spec.description = type.description;
    if (type?.source) spec.source = type.source;
    for (const k of ['fieldErrors', 'messages'] as const) {
      if (raw[k] === undefined) continue;
      const keys = loadPointer(ctx, [...at, k]);
      if (!keys || !type) continue;
      const target = typeAt(type, keys);
      const okShape =
        k === 'fieldErrors'
          ? target?.type?.includes('object') && typeof target.additionalProperties === 'object' && target.additionalProperties.type?.includes('array') && target.additionalProperties.items?.type?.includes('string')
          : target?.type?.includes('array') && target.items?.type?.includes('string');
      if (!okShape) {
        problems.push({
          at: src.loc([...at, k]),
          message: `\`${k}\` must point at ${k === 'fieldErrors' ? 'a map of field name to a list of strings' : 'a list of strings'} in the error body`,
          expected: k === 'fieldErrors' ? '`type: object` with `additionalProperties: { type: array, items: { type: string } }` there' : '`type: array` with `items: { type: string }` there',
          found: target ? describeType(target) : 'no such member in `properties`',
          fix: 'correct the pointer or the body type',
        });
      } else spec[k] = keys;
    }
    if (status !== undefined) {
      const key = String(status);
      if (seen.has(key)) problems.push({ at: src.loc([...at, 'status']), message: `status ${key} is described twice`, expected: 'one entry per status', found: `entries ${seen.get(key)} and ${i}`, fix: 'merge them' });
      seen.set(key, i);
    }
    if (problems.length === before) out.push(spec);
  });
  return out;
}

/**
 * An HTTP status at `path`: a number (100-599; 2xx only when `success`, 300 and up when
 * `success` is false), or with `classes` a class `4XX` / `5XX`.
 */
export function loadStatus(ctx: ApiContext, path: YamlPath, opts: { required: boolean; classes: boolean; success: boolean | undefined }): number | string | undefined {
  const v = ctx.r.get(path);
  if (v === undefined) {
    if (opts.required) ctx.r.expect(path, 'string', { required: true, fix: 'add `status:` the HTTP status (e.g. 422), or a class (4XX)' });
    return undefined;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599) {
    const ok = opts.success === undefined || (opts.success ? v < 300 && v >= 200 : v >= 300);
    if (ok) return v;
  } else if (opts.classes && typeof v === 'string' && /^[45]XX$/.test(v)) return v;
  ctx.problems.push({
    at: ctx.src.loc(path),
    message: 'invalid status',
    expected: opts.success === true ? 'a 2xx HTTP status, e.g. 200 or 201' : opts.success === false ? `an error status (300-599)${opts.classes ? ', or 4XX / 5XX' : ''}` : 'an HTTP status (100-599)',
    found: describeValue(v),
    fix: 'write the status the docs give',
  });
  return undefined;
}

/** The error entry for a status: exact, else its class. */
export function errorFor(errors: readonly ApiErrorSpec[], status: number): ApiErrorSpec | undefined {
  return errors.find((e) => e.status === status) ?? errors.find((e) => e.status === `${Math.floor(status / 100)}XX`);
}
