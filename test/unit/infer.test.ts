import { describe, expect, it } from 'vitest';
import { inferSchemas, inlineDefinitions, normalizeUnion, splitTypeUnion } from '../../src/model/infer.js';
import { createCache } from '../../src/util/cache.js';
import type { Schema } from '../../src/model/types.js';

type Case<G, W> = [string, { given: G; want: W }];

describe('normalizeUnion', () => {
  const cases: Case<Schema[], Schema>[] = [
    ['nullable string as a type list', { given: [{ type: 'null' }, { type: 'string' }], want: { type: ['string', 'null'] } }],
    ['format kept on a nullable date-time', { given: [{ type: 'string', format: 'date-time' }, { type: 'null' }], want: { type: ['string', 'null'], format: 'date-time' } }],
    ['integer absorbed by number', { given: [{ type: 'integer' }, { type: 'number' }], want: { type: 'number' } }],
    ['an object member stays an anyOf, null last', { given: [{ type: 'null' }, { type: 'object', properties: {} }], want: { anyOf: [{ type: 'object', properties: {} }, { type: 'null' }] } }],
    ['nested anyOf flattened', { given: [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, { type: 'boolean' }], want: { type: ['string', 'boolean', 'null'] } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(normalizeUnion(given)).toEqual(want));
});

describe('splitTypeUnion', () => {
  const cases: Case<Schema, Schema>[] = [
    ['nullable single type untouched', { given: { type: ['string', 'null'], format: 'date-time' }, want: { type: ['string', 'null'], format: 'date-time' } }],
    [
      'string|integer split, format stays with string',
      { given: { type: ['string', 'integer'], format: 'date-time', description: 'd' }, want: { description: 'd', anyOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] } },
    ],
    [
      'object|string split, properties go to the object member',
      { given: { type: ['object', 'string', 'null'], properties: { a: { type: 'string' } }, required: ['a'] }, want: { anyOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { type: 'string' }, { type: 'null' }] } },
    ],
  ];
  it.each(cases)('%s', (_, { given, want }) => expect(splitTypeUnion(given)).toEqual(want));
});

describe('inlineDefinitions', () => {
  it('replaces quicktype $refs, drops titles, uri formats and quicktype keys, sorts required', () => {
    const raw = {
      $ref: '#/definitions/Order',
      definitions: {
        Order: { type: 'object', title: 'Order', additionalProperties: false, properties: { b: { $ref: '#/definitions/IngAddress' }, u: { type: 'string', format: 'uri', 'qt-uri-protocols': ['http'] } }, required: ['u', 'b'] },
        IngAddress: { type: 'object', title: 'IngAddress', additionalProperties: false, properties: { zip: { type: 'string' } }, required: ['zip'] },
      },
    };
    expect(inlineDefinitions(raw)).toEqual({
      type: 'object',
      properties: { b: { type: 'object', properties: { zip: { type: 'string' } }, required: ['zip'] }, u: { type: 'string' } },
      required: ['b', 'u'],
    });
  });
});

describe('inferSchemas (quicktype, pinned flags)', () => {
  const infer = async (samples: unknown[]) => (await inferSchemas([{ name: 'X', samples: samples.map((s) => JSON.stringify(s)) }], createCache({ enabled: false })))[0];
  const cases: Case<unknown[], Schema>[] = [
    ['null-only field stays null (for a hint to type it)', { given: [{ a: null }], want: { type: 'object', properties: { a: { type: 'null' } }, required: ['a'] } }],
    ['field missing from one sample is optional', { given: [{ a: 1, b: 'x' }, { a: 2 }], want: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, required: ['a'] } }],
    ['integer-looking string stays a string (inferIntegerStrings off)', { given: [{ zip: '40150' }], want: { type: 'object', properties: { zip: { type: 'string' } }, required: ['zip'] } }],
    ['date-time detected', { given: [{ at: '2017-03-20T16:02:28-04:00' }], want: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } }, required: ['at'] } }],
    ['null in some samples makes it nullable', { given: [{ n: null }, { n: 'x' }], want: { type: 'object', properties: { n: { type: ['string', 'null'] } }, required: ['n'] } }],
    ['an array payload: the root is the array, its items merged', { given: [[{ id: 1, a: 'x' }], [{ id: 2 }]], want: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' }, id: { type: 'integer' } }, required: ['id'] } } }],
    ['a scalar payload: the root is the scalar', { given: ['tok-1', 'tok-2'], want: { type: 'string' } }],
    ['an array of scalars', { given: [[1, 2], [3]], want: { type: 'array', items: { type: 'integer' } } }],
  ];
  it.each(cases)('%s', async (_, { given, want }) => expect(await infer(given)).toEqual(want));

  it('ten repeated values do not become an enum (inferEnums off)', async () => {
    const s = await infer(Array.from({ length: 12 }, () => ({ currency: 'USD' })));
    expect(s.properties?.currency).toEqual({ type: 'string' });
  });
});
