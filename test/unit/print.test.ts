import { describe, expect, it } from 'vitest';
import { banner, schemaJson } from '../../src/print/print.js';
import { stableJson } from '../../src/util/order.js';


describe('JSON printing', () => {
  it('stableJson sorts keys at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 0 } })).toBe('{\n  "a": {\n    "c": 0,\n    "d": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
  it('schemaJson puts keywords in reading order but sorts property names, even one called "type"', () => {
    const text = schemaJson({ properties: { type: { type: 'string' }, amount: { type: 'integer' } }, type: 'object', title: 'X', $schema: 's' });
    expect(Object.keys(JSON.parse(text))).toEqual(['$schema', 'title', 'type', 'properties']);
    expect(Object.keys(JSON.parse(text).properties)).toEqual(['amount', 'type']);
  });
  it('schemaJson keeps enum order as written', () => {
    expect(JSON.parse(schemaJson({ enum: ['b', 'a'] })).enum).toEqual(['b', 'a']);
  });
});

describe('banner', () => {
  it('names the sources, the command and says do not edit', () => {
    const b = banner(['spec/x/topics.yaml', 'spec/x/provider.yaml', 'spec/x/topics.yaml']);
    expect(b).toContain('DO NOT EDIT');
    expect(b).toContain('npm run generate');
    expect(b).toContain('spec/x/provider.yaml, spec/x/topics.yaml');
  });
});
