// The TypeScript type of a whole body (src/emit/topics.ts `envelopeTypeText`): the envelope
// model with its payload member replaced by the topic's payload and, when the topic is a field
// of the envelope (not of the payload), that field by the topic, nested along the pointers.
import { describe, expect, it } from 'vitest';
import { envelopeTypeText } from '../../src/emit/topics.js';
import type { DeliverySpec, ProviderModel } from '../../src/model/types.js';

const provider = (topic: DeliverySpec['topic'], payload: string): ProviderModel => ({
  id: 't',
  title: 'T',
  typePrefix: 'T',
  valuePrefix: 't',
  specDir: 'spec/t',
  docs: [],
  delivery: { method: 'POST', body: 'json', topic, headers: [], signature: 'none', envelope: { payload, model: 'Event' } },
  inference: { presence: 'optional', nulls: 'nullable' },
  topics: [],
  models: [],
});

describe('envelopeTypeText', () => {
  const cases: [string, DeliverySpec['topic'], string, string][] = [
    ['the payload and the topic side by side', { field: '/type' }, '/data', 'Omit<Event, "data" | "type"> & { data: P; type: K }'],
    ['a nested payload member and a nested topic', { field: '/meta/event_name' }, '/event/object', 'Omit<Event, "event" | "meta"> & { event: Omit<NonNullable<Event["event"]>, "object"> & { object: P }; meta: Omit<NonNullable<Event["meta"]>, "event_name"> & { event_name: K } }'],
    ['payload and topic under one member', { field: '/data/type' }, '/data/object', 'Omit<Event, "data"> & { data: Omit<NonNullable<Event["data"]>, "object" | "type"> & { object: P; type: K } }'],
    ['the topic inside the payload: only the payload is replaced', { field: '/data/kind' }, '/data', 'Omit<Event, "data"> & { data: P }'],
    ['the topic in a header', { header: 'X-Topic' }, '/data', 'Omit<Event, "data"> & { data: P }'],
    ['a key that is not an identifier is quoted', { route: true }, '/event~1data', 'Omit<Event, "event/data"> & { "event/data": P }'],
  ];
  it.each(cases)('%s', (_, topic, payload, want) => expect(envelopeTypeText(provider(topic, payload), 'Event', 'P', 'K')).toBe(want));
});
