// The spec's one YAML reader (src/spec/yaml.ts): what it accepts, what it reports and where,
// the cache of parsed data, and a hint read from YAML through to the schema it changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyHints } from '../../src/model/hints.js';
import type { ModelSpec, Schema } from '../../src/model/types.js';
import { loadHints } from '../../src/spec/hints.js';
import { reader } from '../../src/spec/reader.js';
import { createYamlDataCache, parseYamlSource } from '../../src/spec/yaml.js';
import { createCache } from '../../src/util/cache.js';
import { formatProblem, type Problem } from '../../src/util/diagnostics.js';

const FILE = 'spec/x/models/M.yaml';

function parse(text: string) {
  const problems: Problem[] = [];
  const src = parseYamlSource(text, FILE, problems);
  return { src, problems, report: problems.map(formatProblem).join('\n') };
}

describe('parseYamlSource', () => {
  it('reads the YAML 1.2 core schema, a %YAML 1.1 file included', () => {
    expect(parse('a: yes\nb: 0o17\nc: ~\nd: .inf\ne: "2024-01-01"\n').src.data).toEqual({ a: 'yes', b: 15, c: null, d: Infinity, e: '2024-01-01' });
    expect(parse('%YAML 1.1\n---\na: yes\n').src.data).toEqual({ a: 'yes' });
    expect(parse('').src.data).toBeNull();
  });

  const rejected: [string, string, RegExp][] = [
    ['a duplicate key, at the second key', 'a: 1\nb: 2\na: 3\n', /^spec\/x\/models\/M\.yaml:3:1: error: invalid YAML: Map keys must be unique/m],
    ['an unknown tag, at the tag', 'a:\n  b: !custom x\n', /^spec\/x\/models\/M\.yaml:2:6: error: invalid YAML: Unresolved tag: !custom\n {2}expected: plain YAML data/m],
    ['a YAML 1.1 tag', 'a: !!binary aGk=\n', /^spec\/x\/models\/M\.yaml:1:4: error: invalid YAML: Unresolved tag: tag:yaml\.org,2002:binary/m],
    ['a list as a key', 'b: 1\n? [a]\n: 1\n', /^spec\/x\/models\/M\.yaml:2:3: error: invalid YAML: a map key must be a plain value\n {2}expected: a key that is a string or a number\n {2}found: {4}a list as a key/m],
    ['an alias without its anchor, at the alias', 'a: 1\nb: *nope\n', /^spec\/x\/models\/M\.yaml:2:4: error: invalid YAML: Unresolved alias .*nope\n {2}expected: an alias \(\*name\) after its anchor \(&name\)/m],
    ['an unclosed flow map, where it opens', 'a:\n  b: { x: 1\nc: 2\n', /^spec\/x\/models\/M\.yaml:2:6: error: invalid YAML: this flow map is never closed/m],
  ];
  it.each(rejected)('reports %s, and gives no data', (_, text, want) => {
    const { src, report } = parse(text);
    expect(report).toMatch(want);
    expect(src.data).toBeUndefined();
  });

  it('bounds the work of nested aliases (a "billion laughs" file is a problem, not a hang)', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const started = Date.now();
    const { src, report } = parse(lines.join('\n') + '\n');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report).toMatch(/^spec\/x\/models\/M\.yaml:2:\d+: error: invalid YAML: Excessive alias count/m);
    expect(src.data).toBeUndefined();
  });

  it('locates values and keys by path, and the deepest existing node for a path that ends early', () => {
    const { src } = parse('a:\n  b:\n    - x\n    - y: 1\n');
    expect(src.loc(['a', 'b', 1, 'y'])).toEqual({ file: FILE, line: 4, col: 10 });
    expect(src.loc(['a', 'b', 1, 'y'], { key: true })).toEqual({ file: FILE, line: 4, col: 7 });
    expect(src.loc(['a', 'missing'])).toEqual({ file: FILE, line: 2, col: 3 });
  });
});

describe('the cache of parsed YAML data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-yaml-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'a: -0\nb: [.inf, -.inf, .nan]\n__proto__: { polluted: true }\nc: text\n';

  it('gives back what the parser gave (-0, Infinity, NaN, a __proto__ key as data), and positions still come from the text', () => {
    const dataCache = createYamlDataCache(createCache({ enabled: true, dir }));
    const problems: Problem[] = [];
    const first = parseYamlSource(text, FILE, problems, dataCache);
    expect(dataCache.get(text)).toBeDefined();
    const second = parseYamlSource(text, FILE, problems, dataCache);
    expect(problems).toEqual([]);
    expect(second.data).toEqual(first.data);
    const data = second.data as Record<string, unknown>;
    expect(Object.is(data.a, -0)).toBe(true);
    expect(data.b).toEqual([Infinity, -Infinity, NaN]);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['a', 'b', '__proto__', 'c']);
    expect(second.loc(['c'])).toEqual({ file: FILE, line: 4, col: 4 });
  });

  it('keeps no file with a problem, so its problem is reported on every run', () => {
    const dataCache = createYamlDataCache(createCache({ enabled: true, dir }));
    const broken = 'a: 1\na: 2\n';
    for (let run = 0; run < 2; run++) {
      const problems: Problem[] = [];
      parseYamlSource(broken, FILE, problems, dataCache);
      expect(problems.map((p) => p.message)).toEqual(['invalid YAML: Map keys must be unique']);
    }
    expect(dataCache.get(broken)).toBeUndefined();
  });
});

describe('hints read from YAML', () => {
  const readHints = (yaml: string) => {
    const problems: Problem[] = [];
    const src = parseYamlSource(yaml, FILE, problems);
    const hints = loadHints(src, reader(src, problems), problems);
    return { hints, problems };
  };

  it('`optional: false` on a typed hint for a field no sample shows makes the added field required', () => {
    const { hints, problems } = readHints('hints:\n  /refunded_at:\n    type: string\n    optional: false\n  /note:\n    type: string\n');
    expect(problems).toEqual([]);
    expect(hints.map((h) => [h.pointer, h.optional])).toEqual([
      ['/note', undefined],
      ['/refunded_at', false],
    ]);
    const schema: Schema = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] };
    const model: ModelSpec = { name: 'M', file: FILE, clean: true, at: { file: FILE }, samples: [], hints };
    applyHints(schema, model, problems);
    expect(problems).toEqual([]);
    expect(Object.keys(schema.properties ?? {})).toEqual(['id', 'note', 'refunded_at']);
    expect(schema.required).toEqual(['id', 'refunded_at']);
  });

  it('segments are the unescaped tokens of the pointer', () => {
    const { hints } = readHints('hints:\n  /a~1b/*/c~0d:\n    nullable: true\n');
    expect(hints[0]?.segments).toEqual(['a/b', '*', 'c~d']);
  });
});
