/**
 * `pagination:` of a list operation: the next page by cursor (`param` = a field of the last
 * item) and/or by page number, the page-size parameter, where the items are in the response
 * and the member that is null on the last page.
 */
import { closest, describeValue } from '../../util/diagnostics.js';
import { own } from '../../util/own.js';
import type { ApiPagination, ApiParam, ApiResponse, ApiTypeName } from '../types.js';
import type { YamlPath } from '../yaml.js';
import type { ApiContext } from './context.js';
import { describeType, loadPointer, typeAt } from './types.js';

const PAGINATION_KEYS = ['cursor', 'page', 'limit', 'items', 'next', 'source'];

/** The pagination of an operation with these query parameters and response; undefined when broken. */
export function loadPagination(ctx: ApiContext, path: YamlPath, query: readonly ApiParam[], response: ApiResponse | undefined): ApiPagination | undefined {
  const { r, src, problems } = ctx;
  const raw = r.expect(path, 'map');
  if (!raw) return undefined;
  r.onlyKeys(path, PAGINATION_KEYS);
  const before = problems.length;
  const out: ApiPagination = { items: [] };
  const queryParam = (at: YamlPath, name: string, types: readonly ApiTypeName[]) => {
    const q = query.find((x) => x.name === name);
    if (!q) {
      const guess = closest(name, query.map((x) => x.name));
      problems.push({ at: src.loc(at), message: `\`${name}\` is not a query parameter of this operation`, expected: query.length ? `one of: ${query.map((x) => x.name).join(', ')}` : 'a parameter under `query`', found: JSON.stringify(name), fix: guess ? `did you mean "${guess}"?` : 'declare it under `query`' });
    } else if (!(q.type ?? []).some((x) => types.includes(x))) {
      problems.push({ at: src.loc(at), message: `query parameter \`${name}\` has the wrong type for pagination`, expected: types.join(' or '), found: describeType(q), fix: 'type the parameter as the docs give it' });
    }
    return q;
  };
  if (raw.cursor !== undefined && r.expect([...path, 'cursor'], 'map')) {
    r.onlyKeys([...path, 'cursor'], ['param', 'field']);
    const param = r.expect([...path, 'cursor', 'param'], 'string', { required: true });
    const field = r.expect([...path, 'cursor', 'field'], 'string', { required: true });
    if (param) queryParam([...path, 'cursor', 'param'], param, ['integer', 'string']);
    if (param && field) out.cursor = { param, field };
  }
  const page = raw.page === undefined ? undefined : r.expect([...path, 'page'], 'map');
  if (page) {
    r.onlyKeys([...path, 'page'], ['param', 'first']);
    const param = r.expect([...path, 'page', 'param'], 'string', { required: true });
    const first = page.first;
    const isFirst = typeof first === 'number' && Number.isInteger(first);
    if (!isFirst) problems.push({ at: src.loc([...path, 'page', first === undefined ? 'param' : 'first']), message: 'the number of the first page is needed', expected: '`first: 0` or `first: 1`, as the docs count', found: describeValue(first), fix: 'add `first:`' });
    if (param) queryParam([...path, 'page', 'param'], param, ['integer']);
    if (param && isFirst) out.page = { param, first };
  }
  if (raw.cursor === undefined && raw.page === undefined) problems.push({ at: src.loc(path), message: 'pagination needs `cursor` or `page`', expected: '`cursor: { param, field }` and/or `page: { param, first }`', found: 'neither', fix: 'describe how the docs page through the list' });
  if (raw.limit !== undefined) {
    const limit = r.expect([...path, 'limit'], 'string');
    if (limit && queryParam([...path, 'limit'], limit, ['integer'])) out.limit = limit;
  }
  if (raw.source !== undefined) {
    const source = r.expect([...path, 'source'], 'string');
    if (source) out.source = source;
  }
  const type = response?.type;
  if (!type) {
    if (response) problems.push({ at: src.loc(path, { key: true }), message: 'a paginated operation needs a typed response', expected: 'a response with a list of items', found: 'an empty response', fix: 'type the response, or remove `pagination`' });
    return undefined;
  }
  if (raw.items !== undefined) out.items = loadPointer(ctx, [...path, 'items']) ?? [];
  const items = typeAt(type, out.items);
  if (!items || !items.type?.includes('array') || !items.items) {
    problems.push({ at: src.loc(raw.items !== undefined ? [...path, 'items'] : path), message: 'the items of a page are not a list', expected: raw.items === undefined ? 'a response whose value is a list, or `items: /<member>` pointing at one' : 'a pointer to an array member of the response type', found: items ? describeType(items) : 'no such member', fix: 'point `items` at the list in the response' });
  } else if (out.cursor && items.items.model) {
    ctx.cursorChecks.push({ path: [...path, 'cursor', 'field'], model: items.items.model, field: out.cursor.field });
  } else if (out.cursor && items.items.properties && !own(items.items.properties, out.cursor.field)) {
    problems.push({ at: src.loc([...path, 'cursor', 'field']), message: `the items have no field \`${out.cursor.field}\``, expected: `one of: ${Object.keys(items.items.properties).join(', ')}`, found: JSON.stringify(out.cursor.field), fix: 'name the field whose value is the next cursor' });
  }
  if (raw.next !== undefined) {
    const next = loadPointer(ctx, [...path, 'next']);
    if (next && !typeAt(type, next)) problems.push({ at: src.loc([...path, 'next']), message: 'the response type has no such member', expected: `a member of ${describeType(type)}`, found: JSON.stringify(raw.next), fix: 'point at the member that is null on the last page' });
    else if (next) out.next = next;
  }
  return problems.length === before ? out : undefined;
}
