// Grouping: one finding per kind, topic, model and path pattern, whatever the values; values
// listed inside with their payloads; and the counts per kind and per topic the reports open with.
import { describe, expect, it } from 'vitest';
import { groupFindings, summarizeFindings, type PayloadOccurrences } from '../../src/tools/drift/group.js';
import type { DriftKind, Occurrence } from '../../src/tools/drift/types.js';

type Occ = Occurrence & { topic: string; model: string };
const occ = (o: Partial<Occ> & Pick<Occ, 'kind' | 'path'>): Occ => ({
  topic: 'orders/create',
  model: 'Order',
  example: o.path.replace(/\*/g, '0'),
  expected: 'absent',
  received: 'string',
  fix: 'add a sample that has it',
  ...o,
});
const payload = (file: string, ...findings: Occ[]): PayloadOccurrences => ({ file, topic: findings[0]?.topic ?? 'orders/create', findings });

type Row = [kind: DriftKind, topic: string, path: string, received: string, count: number, occurrences: number, values: [string, number][]];
const rows = (p: PayloadOccurrences[]): Row[] => groupFindings(p).map((f) => [f.kind, f.topic, f.path, f.received, f.count, f.occurrences, f.values.map((v) => [v.value, v.count])]);

const cases: [string, { given: PayloadOccurrences[]; want: Row[] }][] = [
  [
    'one path, a different value in each payload: one finding listing the values',
    {
      given: [payload('a.json', occ({ kind: 'added', path: '/x', value: '"1"' })), payload('b.json', occ({ kind: 'added', path: '/x', value: '"2"' })), payload('c.json', occ({ kind: 'added', path: '/x', value: '"3"' }))],
      want: [['added', 'orders/create', '/x', 'string', 3, 3, [['"1"', 1], ['"2"', 1], ['"3"', 1]]]],
    },
  ],
  [
    'the most common value first',
    {
      given: [payload('a.json', occ({ kind: 'added', path: '/x', value: '"z"' })), payload('b.json', occ({ kind: 'added', path: '/x', value: '"a"' })), payload('c.json', occ({ kind: 'added', path: '/x', value: '"z"' }))],
      want: [['added', 'orders/create', '/x', 'string', 3, 3, [['"z"', 2], ['"a"', 1]]]],
    },
  ],
  [
    'array items of one payload: one payload, several occurrences',
    {
      given: [payload('a.json', occ({ kind: 'added', path: '/items/*/x', example: '/items/0/x', value: '1' }), occ({ kind: 'added', path: '/items/*/x', example: '/items/1/x', value: '1' }), occ({ kind: 'added', path: '/items/*/x', example: '/items/2/x', value: '2' }))],
      want: [['added', 'orders/create', '/items/*/x', 'string', 1, 3, [['1', 1], ['2', 1]]]],
    },
  ],
  [
    'an added field seen with two types: one finding, both types',
    {
      given: [payload('a.json', occ({ kind: 'added', path: '/x', received: 'integer', value: '1' })), payload('b.json', occ({ kind: 'added', path: '/x', received: 'null', value: 'null' }))],
      want: [['added', 'orders/create', '/x', 'integer | null', 2, 2, [['1', 1], ['null', 1]]]],
    },
  ],
  [
    'retyped to two types: two findings (each has its own fix)',
    {
      given: [
        payload('a.json', occ({ kind: 'retyped', path: '/x', expected: 'string', received: 'integer', value: '1', fix: 'hint `/x: { type: [string, integer] }`' })),
        payload('b.json', occ({ kind: 'retyped', path: '/x', expected: 'string', received: 'boolean', value: 'true', fix: 'hint `/x: { type: [string, boolean] }`' })),
      ],
      want: [
        ['retyped', 'orders/create', '/x', 'boolean', 1, 1, [['true', 1]]],
        ['retyped', 'orders/create', '/x', 'integer', 1, 1, [['1', 1]]],
      ],
    },
  ],
  [
    'topics and kinds apart, in report order: kind, then topic, then path',
    {
      given: [
        payload('a.json', occ({ kind: 'added', path: '/b' }), occ({ kind: 'missing', path: '/z', received: 'absent' }), occ({ kind: 'added', path: '/a' })),
        payload('b.json', occ({ kind: 'added', path: '/a', topic: 'carts/create', model: 'Cart' })),
      ],
      want: [
        ['missing', 'orders/create', '/z', 'absent', 1, 1, []],
        ['added', 'carts/create', '/a', 'string', 1, 1, []],
        ['added', 'orders/create', '/a', 'string', 1, 1, []],
        ['added', 'orders/create', '/b', 'string', 1, 1, []],
      ],
    },
  ],
  ['nothing found: no findings', { given: [payload('a.json')], want: [] }],
];

describe('groupFindings', () => {
  it.each(cases)('%s', (_, { given, want }) => expect(rows(given)).toEqual(want));

  it('values outside an enum: one finding whose fix lists every new value', () => {
    const e = (file: string, value: string) => payload(file, occ({ kind: 'value', path: '/status', expected: '"open" | "closed"', received: 'a value outside the enum', value: JSON.stringify(value), fix: '', enumFix: { known: ['open', 'closed'], value } }));
    const [f, ...rest] = groupFindings([e('a.json', 'paid'), e('b.json', 'archived'), e('c.json', 'paid')]);
    expect(rest).toEqual([]);
    expect(f!.fix).toBe('hint `/status: { enum: ["open", "closed", "archived", "paid"] }`');
    expect(f!.values.map((v) => [v.value, v.count, v.files])).toEqual([['"paid"', 2, ['a.json', 'c.json']], ['"archived"', 1, ['b.json']]]);
  });

  it('files sorted, and the example is a pointer in the first of them', () => {
    const [f] = groupFindings([payload('z.json', occ({ kind: 'added', path: '/i/*/x', example: '/i/4/x' })), payload('a.json', occ({ kind: 'added', path: '/i/*/x', example: '/i/7/x' }))]);
    expect([f!.files, f!.example]).toEqual([['a.json', 'z.json'], '/i/7/x']);
  });
});

describe('summarizeFindings', () => {
  const cases: [string, { given: PayloadOccurrences[]; want: ReturnType<typeof summarizeFindings> }][] = [
    [
      'counts per kind and per topic; payloads without findings count as compared',
      {
        given: [
          payload('a.json', occ({ kind: 'added', path: '/x' }), occ({ kind: 'added', path: '/y' }), occ({ kind: 'missing', path: '/z', received: 'absent' })),
          payload('b.json', occ({ kind: 'added', path: '/x' })),
          payload('c.json'),
          { file: 'd.json', topic: 'carts/create', findings: [] },
        ],
        want: {
          drifting: 2,
          kinds: [
            { kind: 'missing', findings: 1, payloads: 1, occurrences: 1 },
            { kind: 'added', findings: 2, payloads: 2, occurrences: 3 },
          ],
          topics: [
            { topic: 'carts/create', payloads: 1, drifting: 0, kinds: {}, findings: 0 },
            { topic: 'orders/create', payloads: 3, drifting: 2, kinds: { missing: 1, added: 2 }, findings: 3 },
          ],
        },
      },
    ],
    ['no payloads', { given: [], want: { drifting: 0, kinds: [], topics: [] } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(summarizeFindings(groupFindings(given), given)).toEqual(want));
});
