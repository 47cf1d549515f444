import { describe, expect, it } from 'vitest';
import { ANY_JSON_DOC, applyHints, reportUntyped, resolve } from '../../src/model/hints.js';
import type { HintSpec, ModelSpec, Schema } from '../../src/model/types.js';
import type { Problem } from '../../src/util/diagnostics.js';

type Case<G, W> = [string, { given: G; want: W }];

const at = { file: 'spec/x/models/M.yaml', line: 3, col: 3 };
const hint = (pointer: string, h: Partial<HintSpec>): HintSpec => ({ pointer, segments: pointer.slice(1).split('/'), at, ...h });
const model = (hints: HintSpec[]): ModelSpec => ({ name: 'M', file: 'spec/x/models/M.yaml', clean: true, at, samples: [], hints });
const base = (): Schema => ({
  type: 'object',
  properties: {
    id: { type: 'integer' },
    closed_at: { type: 'null' },
    tags: { type: 'array', items: {} },
    items: { type: 'array', items: { type: 'object', properties: { price: { type: 'string' }, note: { type: 'null' } }, required: ['note', 'price'] } },
    status: { type: ['string', 'null'] },
  },
  required: ['closed_at', 'id', 'items', 'status', 'tags'],
});

describe('applyHints', () => {
  const cases: Case<HintSpec, (s: Schema) => unknown>[] = [
    ['type replaces a null-only field and keeps null', { given: hint('/closed_at', { schema: { type: 'string', format: 'date-time' } }), want: (s) => expect(s.properties!.closed_at).toEqual({ type: ['string', 'null'], format: 'date-time' }) }],
    ['items of an empty array', { given: hint('/tags', { schema: { type: 'array', items: { type: 'string' } } }), want: (s) => expect(s.properties!.tags).toEqual({ type: 'array', items: { type: 'string' } }) }],
    ['`*` reaches array items', { given: hint('/items/*/note', { schema: { type: 'string' } }), want: (s) => expect(s.properties!.items.items!.properties!.note.type).toEqual(['string', 'null']) }],
    ['enum keeps null when nullable', { given: hint('/status', { enum: ['open', 'closed'] }), want: (s) => expect(s.properties!.status.enum).toEqual(['open', 'closed', null]) }],
    ['int64 becomes a digit string', { given: hint('/id', { int64: 'string' }), want: (s) => expect(s.properties!.id).toMatchObject({ type: 'string', pattern: '^-?[0-9]+$' }) }],
    ['optional drops the field from required', { given: hint('/items/*/price', { optional: true }), want: (s) => expect(s.properties!.items.items!.required).toEqual(['note']) }],
    ['description and name are recorded', { given: hint('/items/*', { description: 'A line.', name: 'Line' }), want: (s) => expect(s.properties!.items.items).toMatchObject({ description: 'A line.', title: 'Line' }) }],
    ['nullable adds null', { given: hint('/id', { nullable: true }), want: (s) => expect(s.properties!.id.type).toEqual(['integer', 'null']) }],
    ['type: json replaces a null-only field, with no null added (JSON includes it) and a description', { given: hint('/closed_at', { schema: { type: 'json' } }), want: (s) => expect(s.properties!.closed_at).toEqual({ type: 'json', description: ANY_JSON_DOC }) }],
    ['type: json stays as it is under nullable: true', { given: hint('/closed_at', { schema: { type: 'json', description: 'Mine.' }, nullable: true }), want: (s) => expect(s.properties!.closed_at).toEqual({ type: 'json', description: 'Mine.' }) }],
    ['an array of any JSON value for an always-empty array', { given: hint('/tags', { schema: { type: 'array', items: { type: 'json' } } }), want: (s) => expect(s.properties!.tags).toEqual({ type: 'array', items: { type: 'json' } }) }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const s = base();
    const problems: Problem[] = [];
    applyHints(s, model([given]), problems);
    expect(problems).toEqual([]);
    want(s);
  });

  it('a typed hint adds a documented field that no sample shows (optional unless optional: false)', () => {
    const s = base();
    const problems: Problem[] = [];
    applyHints(s, model([hint('/refunded_at', { schema: { type: 'string', format: 'date-time' } }), hint('/items/*/sku', { schema: { type: 'string' }, optional: false })]), problems);
    expect(problems).toEqual([]);
    expect(s.properties!.refunded_at).toEqual({ type: 'string', format: 'date-time' });
    expect(s.required).not.toContain('refunded_at');
    expect(s.properties!.items.items!.required).toEqual(['note', 'price', 'sku']);
  });

  const bad: Case<HintSpec, RegExp>[] = [
    ['pointer to no field, with did-you-mean', { given: hint('/closed', {}), want: /hint \/closed matches no field of M[\s\S]*did you mean \/closed_at/ }],
    ['int64 on a string', { given: hint('/items/*/price', { int64: 'string' }), want: /int64 hint on \/items\/\*\/price, which is not an integer/ }],
  ];
  it.each(bad)('problem: %s', (_, { given, want }) => {
    const problems: Problem[] = [];
    applyHints(base(), model([given]), problems);
    expect(problems).toHaveLength(1);
    expect(problems[0].at).toEqual(at);
    expect(`${problems[0].message}\n${problems[0].expected}\n${problems[0].fix}`).toMatch(want);
  });
});

describe('resolve', () => {
  it('finds object branches of a union', () => {
    const s: Schema = { type: 'object', properties: { c: { anyOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'integer' } } }] } } };
    const r = resolve(s, ['c', 'id']);
    expect(r.ok && r.matches.map((m) => m.node)).toEqual([{ type: 'integer' }]);
  });
});

describe('reportUntyped', () => {
  it('names every untyped field with its pointer and the hint to add', () => {
    const problems: Problem[] = [];
    reportUntyped(base(), model([]), () => undefined, problems);
    const lines = problems.map((p) => p.message).sort();
    expect(lines).toEqual([
      'cannot type M field /closed_at: it is null in every sample',
      'cannot type M field /items/*/note: it is null in every sample',
      'cannot type M field /tags: it is an empty array in every sample',
    ]);
    expect(problems[0].fix).toContain('hints:\n  /closed_at:\n    type: [string, "null"]');
  });
  it('an empty object needs a hint too', () => {
    const problems: Problem[] = [];
    reportUntyped({ type: 'object', properties: { p: { type: 'object', properties: {} } } }, model([]), () => undefined, problems);
    expect(problems[0].message).toBe('cannot type M field /p: it is an empty object in every sample');
  });
});
