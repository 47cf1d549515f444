/**
 * The two spec additions the importer writes: provider.yaml's `unconfirmed:` (each entry a
 * located problem, so a raw skeleton never generates as finished) and model samples that
 * point into a verbatim sample file (`samples/event.json#/data`: the payload member of an
 * envelope, its exact text kept).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';

const PROVIDER = `provider: acme
title: Acme
typePrefix: Acme
delivery:
  method: POST
  body: json
  topic:
    field: /event
  envelope:
    payload: /data
  headers: []
  signature: none
`;
const TOPICS = 'topics:\n  order.created:\n    payload: [Order]\n';
const EVENT = '{\n  "event": "order.created",\n  "data": {\n    "id": 9007199254740993,\n    "total": "9.50"\n  },\n  "items": [{ "id": 1 }, { "id": 2 }]\n}\n';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function project(files: Record<string, string>) {
  root = mkdtempSync(join(tmpdir(), 'typegen-spec-additions-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(root, 'spec', 'acme', ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return loadSpec(root);
}

const model = (samples: string) => `model: Order\nsamples:\n${samples}`;

describe('unconfirmed: in provider.yaml', () => {
  it('each entry is a problem at its line, naming the subject and why', () => {
    const { problems } = project({
      'provider.yaml': `${PROVIDER}unconfirmed:\n  delivery.signature: "none: the page names no signature"\n  topics.order.created: "payload: [Order]: paired by resource name only"\n`,
      'topics.yaml': TOPICS,
      'models/Order.yaml': model('  - samples/event.json#/data\n'),
      'samples/event.json': EVENT,
    });
    expect(problems.map((p) => [p.at.line, p.at.col, p.message])).toEqual([
      [14, 3, 'unconfirmed: delivery.signature: none: the page names no signature'],
      [15, 3, 'unconfirmed: topics.order.created: payload: [Order]: paired by resource name only'],
    ]);
    expect(problems[0].fix).toContain('delete this entry');
  });

  it('without it, the same provider loads cleanly; a list instead of a map is a problem of its own', () => {
    expect(project({ 'provider.yaml': PROVIDER, 'topics.yaml': TOPICS, 'models/Order.yaml': model('  - samples/event.json#/data\n'), 'samples/event.json': EVENT }).problems).toEqual([]);
    rmSync(root ?? '', { recursive: true, force: true });
    const { problems } = project({ 'provider.yaml': `${PROVIDER}unconfirmed:\n  - the signature\n`, 'topics.yaml': TOPICS, 'models/Order.yaml': model('  - samples/event.json#/data\n'), 'samples/event.json': EVENT });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ at: { line: 14 }, expected: 'a map' });
  });
});

describe('model samples inside a sample file (file#/pointer)', () => {
  it('takes the member with its exact text (every digit of a 64-bit id kept)', () => {
    const { providers, problems } = project({ 'provider.yaml': PROVIDER, 'topics.yaml': TOPICS, 'models/Order.yaml': model('  - samples/event.json#/data\n'), 'samples/event.json': EVENT });
    expect(problems).toEqual([]);
    const [s] = providers[0].models[0].samples;
    expect(s.file).toBe('spec/acme/samples/event.json#/data');
    expect(s.json).toBe('{\n    "id": 9007199254740993,\n    "total": "9.50"\n  }');
  });

  it('`*` takes every item', () => {
    const { providers, problems } = project({ 'provider.yaml': PROVIDER, 'topics.yaml': TOPICS, 'models/Order.yaml': model('  - samples/event.json#/items/*\n'), 'samples/event.json': EVENT });
    expect(problems).toEqual([]);
    expect(providers[0].models[0].samples.map((s) => [s.file, s.json])).toEqual([
      ['spec/acme/samples/event.json#/items/0', '{ "id": 1 }'],
      ['spec/acme/samples/event.json#/items/1', '{ "id": 2 }'],
    ]);
  });

  it('a pointer to nothing, a missing file, a bad reference and members of different kinds are located problems', () => {
    const at = (samples: string, extra: Record<string, string> = {}) => {
      const r = project({ 'provider.yaml': PROVIDER, 'topics.yaml': TOPICS, 'models/Order.yaml': model(samples), 'samples/event.json': EVENT, ...extra });
      rmSync(root ?? '', { recursive: true, force: true });
      root = undefined;
      return r.problems.map((p) => `${p.at.file}:${p.at.line ?? 0}: ${p.message}`);
    };
    expect(at('  - samples/event.json#/nope\n')).toContain('spec/acme/models/Order.yaml:3: nothing at /nope in samples/event.json');
    expect(at('  - samples/gone.json#/data\n')).toContain('spec/acme/models/Order.yaml:3: sample file samples/gone.json not found');
    expect(at('  - samples/event.json#data\n')).toContain('spec/acme/models/Order.yaml:3: invalid sample reference');
    // a payload may be any JSON value (an array, a scalar), but one model's samples are of one kind
    expect(at('  - samples/event.json#/data/total\n')).toEqual([]);
    expect(at('  - samples/event.json#/data\n  - samples/event.json#/data/total\n')).toContain(
      'spec/acme/samples/event.json#/data/total:1: the samples of one model are of one kind: this one is a JSON scalar (a string, number, boolean or null), the first (spec/acme/samples/event.json#/data) a JSON object',
    );
  });
});
