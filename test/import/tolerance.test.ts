/**
 * What the importer tolerates in a page's JSON blocks, one small doc per case: the sample it
 * writes (verbatim, or repaired with each repair reported at its line), or the reason and
 * line of a block it cannot turn into data. Then the same on the real Cratejoy reference
 * pages (read-only), whose blocks hold comments, placeholders, `[email protected]` and cut-offs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRATEJOY_DOCS, lineOf, onlyBlock, read, run } from './helpers.js';

const TOPIC = 'orders/create\n\n';

interface SampleCase {
  doc: string;
  file?: string;
  /** the sample text exactly */
  sample: string;
  status: 'verbatim' | 'repaired';
  /** each repair as "line kind" */
  repairs?: string[];
  /** notes as "line text-fragment" */
  notes?: string[];
}

const samples: [string, SampleCase][] = [
  [
    '```json fence, escapes such as \\/ kept verbatim',
    {
      doc: `# Orders\n\n${TOPIC}\`\`\`json\n{\n  "url": "https:\\/\\/shop.example\\/a",\n  "id": 327475578523353102\n}\n\`\`\`\n`,
      sample: '{\n  "url": "https:\\/\\/shop.example\\/a",\n  "id": 327475578523353102\n}\n',
      status: 'verbatim',
    },
  ],
  [
    '``` fence without a language',
    { doc: `${TOPIC}\`\`\`\n{"id": 1, "tags": ["a"]}\n\`\`\`\n`, sample: '{"id": 1, "tags": ["a"]}\n', status: 'verbatim' },
  ],
  [
    '~~~ fence, indented content',
    { doc: `${TOPIC}~~~\n    {\n      "id": 1\n    }\n~~~\n`, sample: '{\n      "id": 1\n    }\n', status: 'verbatim' },
  ],
  [
    'bare block in plain text: brackets and quotes inside strings do not end it',
    {
      doc: `Order\n${TOPIC}{\n  "note": "a } and a ] and a \\" quote",\n  "items": [{"id": 1}]\n}\nMore prose after it.\n`,
      file: 'page.txt',
      sample: '{\n  "note": "a } and a ] and a \\" quote",\n  "items": [{"id": 1}]\n}\n',
      status: 'verbatim',
    },
  ],
  [
    '// comments: removed (a comment-only line goes with its line break)',
    {
      doc: `${TOPIC}\`\`\`json\n{\n  "id": 1, // the id\n  // a whole-line comment\n  "url": "http://x.example/a" /// the // in the string is no comment\n}\n\`\`\`\n`,
      sample: '{\n  "id": 1,\n  "url": "http://x.example/a"\n}\n',
      status: 'repaired',
      repairs: ['5 comment', '6 comment', '7 comment'],
    },
  ],
  [
    '/* */ comments, also as the whole content of a placeholder',
    {
      doc: `${TOPIC}\`\`\`\n{\n  "customer": [{/*...*/}], /* relation */\n  "id": 2\n}\n\`\`\`\n`,
      sample: '{\n  "customer": [{}],\n  "id": 2\n}\n',
      status: 'repaired',
      repairs: ['5 comment', '5 comment'],
    },
  ],
  [
    'trailing commas in objects and arrays',
    {
      doc: `${TOPIC}\`\`\`json\n{\n  "a": [1, 2,],\n  "b": 3,\n}\n\`\`\`\n`,
      sample: '{\n  "a": [1, 2],\n  "b": 3\n}\n',
      status: 'repaired',
      repairs: ['5 trailing-comma', '6 trailing-comma'],
    },
  ],
  [
    'single quotes: re-quoted, inner double quotes escaped, \\\' unescaped',
    {
      doc: `${TOPIC}\`\`\`\n{'theme': 'my "best" theme', 'file': 'it\\'s.html'}\n\`\`\`\n`,
      sample: '{"theme": "my \\"best\\" theme", "file": "it\'s.html"}\n',
      status: 'repaired',
      repairs: ['4 single-quotes', '4 single-quotes', '4 single-quotes', '4 single-quotes'],
    },
  ],
  [
    'unquoted property names: quoted',
    { doc: `${TOPIC}\`\`\`js\n{ count: 1, next: "?page=1", results: [ ] }\n\`\`\`\n`, sample: '{ "count": 1, "next": "?page=1", "results": [ ] }\n', status: 'repaired', repairs: ['4 unquoted-key', '4 unquoted-key', '4 unquoted-key'] },
  ],
  [
    'Cloudflare [email protected]: replaced by a placeholder address, even in otherwise valid JSON',
    {
      doc: `${TOPIC}\`\`\`json\n{\n  "email": "[email protected]",\n  "id": 1\n}\n\`\`\`\n`,
      sample: '{\n  "email": "user@example.com",\n  "id": 1\n}\n',
      status: 'repaired',
      repairs: ['5 email'],
    },
  ],
  [
    '{...} and [...] placeholders become {} and [] (their content needs a hint)',
    {
      doc: `${TOPIC}\`\`\`\n{\n  "billing": {...},\n  "images": [...],\n  "terms": [{...}]\n}\n\`\`\`\n`,
      sample: '{\n  "billing": {},\n  "images": [],\n  "terms": [{}]\n}\n',
      status: 'repaired',
      repairs: ['5 placeholder', '6 placeholder', '7 placeholder'],
    },
  ],
  [
    '... standing for more members or items is dropped with its comma; as a value it becomes null',
    {
      doc: `${TOPIC}\`\`\`\n{\n  "ids": [1, 2, ...],\n  "next": ...,\n  "a": 1,\n  ...\n}\n\`\`\`\n`,
      sample: '{\n  "ids": [1, 2],\n  "next": null,\n  "a": 1\n}\n',
      status: 'repaired',
      repairs: ['5 placeholder', '6 placeholder', '8 placeholder'],
    },
  ],
  [
    'CRLF line endings and a byte-order mark: kept, also where a comment is removed',
    {
      doc: `\ufefforders/create\r\n\r\n\`\`\`json\r\n{\r\n  "id": 1, // x\r\n  // whole line\r\n  "a": 2\r\n}\r\n\`\`\`\r\n`,
      sample: '{\r\n  "id": 1,\r\n  "a": 2\r\n}\n',
      status: 'repaired',
      repairs: ['5 comment', '6 comment'],
    },
  ],
  [
    '"..." is valid JSON: kept verbatim as a string, with a note',
    { doc: `${TOPIC}\`\`\`json\n{"body_html": "...", "id": 1}\n\`\`\`\n`, sample: '{"body_html": "...", "id": 1}\n', status: 'verbatim', notes: ['4 "..." is kept as a string'] },
  ],
];

describe('samples: verbatim or repaired', () => {
  it.each(samples)('%s', (_, c) => {
    const r = run(c.doc, c.file ?? 'page.md');
    const b = onlyBlock(r);
    expect(b.status).toBe(c.status);
    expect(b.sample).toBe(c.sample);
    expect(JSON.parse(b.sample!)).toBeTypeOf('object');
    expect(b.repairs.map((x) => `${x.line} ${x.kind}`)).toEqual(c.repairs ?? []);
    for (const n of c.notes ?? []) {
      const [line, ...words] = n.split(' ');
      expect(b.notes.some((x) => x.line === Number(line) && x.detail.includes(words.join(' '))), JSON.stringify(b.notes)).toBe(true);
    }
    // paired with the topic on the line above: written as the model's sample, byte for byte
    expect(b.topics).toEqual(['orders/create']);
    expect(r.files.get('samples/order.json')).toBe(c.sample);
    if (c.status === 'repaired') expect(r.report.text).toMatch(/^## Repairs made/m);
  });
});

interface SkipCase {
  doc: string;
  file?: string;
  line: number;
  reason: string | RegExp;
}

const skips: [string, SkipCase][] = [
  [
    'a fenced block cut off: truncated, with the line of the unclosed bracket',
    { doc: `${TOPIC}\`\`\`json\n{\n  "id": 1,\n  "items": [\n    {"a": 1}\n\`\`\`\n`, line: 4, reason: 'truncated: unclosed { opened at line 4' },
  ],
  [
    'a bare block cut off by prose: truncated',
    { doc: `Order\n${TOPIC}{\n  "id": 1,\n  "items": [\nThe page continues with prose here.\n`, file: 'page.txt', line: 4, reason: 'truncated: unclosed { opened at line 4' },
  ],
  [
    'a block cut off inside a string',
    { doc: `${TOPIC}\`\`\`\n{\n  "id": 1,\n  "\n\`\`\`\n`, line: 4, reason: 'truncated: unclosed { opened at line 4' },
  ],
  [
    'an unclosed string in the middle: the line and column, no guess',
    { doc: `${TOPIC}\`\`\`\n{\n  "url": "/v1/x/,\n  "id": 1\n}\n\`\`\`\n`, line: 4, reason: 'a string that is not closed on its line (line 5, column 10)' },
  ],
  [
    'a bracket closed by the wrong one',
    { doc: `${TOPIC}\`\`\`\n{\n  "a": [1, 2\n}\n\`\`\`\n`, line: 4, reason: /^"}" where "," or "]" should be: the \[ opened at line 5 is closed by the wrong bracket \(line 6, column 1\)$/ },
  ],
  [
    'Python literals are not JSON',
    { doc: `${TOPIC}\`\`\`\n{"ok": True}\n\`\`\`\n`, line: 4, reason: '"True" is not a JSON value (strings need double quotes; literals are true, false, null) (line 4, column 8)' },
  ],
  [
    'a fragment (an object member, not a whole value)',
    { doc: `${TOPIC}\`\`\`\n"billing": {\n  "id": 1\n},\n\`\`\`\n`, line: 4, reason: 'a fragment: the object member "billing", not a whole JSON value' },
  ],
  [
    'a JSON array is not a payload object',
    { doc: `${TOPIC}\`\`\`json\n[{"id": 1}]\n\`\`\`\n`, line: 4, reason: 'a JSON array, not an object: a payload sample must be an object' },
  ],
];

describe('blocks it cannot turn into data: reason and line, nothing written', () => {
  it.each(skips)('%s', (_, c) => {
    const r = run(c.doc, c.file ?? 'page.md');
    const b = onlyBlock(r);
    expect(b.status).toBe('skipped');
    expect(b.line).toBe(c.line);
    if (typeof c.reason === 'string') expect(b.reason).toBe(c.reason);
    else expect(b.reason).toMatch(c.reason);
    expect(b.sample).toBeUndefined();
    expect([...r.files.keys()].filter((f) => f.startsWith('samples/'))).toEqual([]);
    // the report names the page line and the reason
    expect(r.report.text).toContain(`page.${c.file === 'page.txt' ? 'txt' : 'md'}:${c.line}: skipped: ${b.reason}`);
    // the topic stays, without a sample
    expect(r.files.get('topics.yaml')).toMatch(/orders\/create:.*\n(?:\s+#.*\n)*\s+undocumented: true/);
  });
});

describe('not blocks', () => {
  const cases: [string, string][] = [
    ['a Markdown link', 'orders/create\n\n[the docs](https://example.com) say more\n'],
    ['a footnote marker', 'orders/create\n\n[1] see below\n'],
    ['a shell fence', 'orders/create\n\n```sh\ncurl -X POST https://example.com\n```\n'],
    ['a fence in another language, even with a dict in it', 'orders/create\n\n```python\n{"not": "a sample"}\n```\n'],
    ['JSON in a sentence', 'orders/create\n\nIt returns `{ "count": 1 }` on success.\n'],
  ];
  it.each(cases)('%s', (_, doc) => expect(run(doc).report.blocks).toEqual([]));
});

/**
 * The real pages: each block's status and line, and what was repaired or why it was skipped.
 * Lines are computed from the pages themselves.
 */
interface RealBlock {
  /** the first line of the block (found with lineOf) */
  at: (text: string) => number;
  status: 'verbatim' | 'repaired' | 'skipped';
  reason?: (text: string) => string;
  /** repair kinds that must occur, each at a line (computed) */
  repairs?: [string, (text: string) => number][];
  /** checks on the sample */
  sample?: (sample: string, text: string) => void;
}

const fenceBlock = (nth: number) => (text: string) => {
  const fenceLine = lineOf(text, '```', { nth: nth * 2 });
  return fenceLine + 1 + (text.split('\n')[fenceLine].trim() === '' ? 1 : 0);
};

const real: [string, RealBlock[]][] = [
  [
    'customer.md',
    [
      {
        at: fenceBlock(0),
        status: 'repaired',
        repairs: [['email', (t) => lineOf(t, '[email protected]', { from: '```json' })]],
        sample: (s) => {
          expect(s).toContain('"email": "user@example.com", \n');
          expect(JSON.parse(s).results[0].id).toBe(75561862);
        },
      },
    ],
  ],
  [
    'order.md',
    [
      {
        at: fenceBlock(0),
        status: 'skipped',
        reason: (t) => `truncated: unclosed { opened at line ${fenceBlock(0)(t)}`,
      },
    ],
  ],
  [
    'shipment.md',
    [
      {
        at: fenceBlock(0),
        status: 'skipped',
        reason: (t) => `a string that is not closed on its line (line ${lineOf(t, '"url": "/v1/shipments/62619521654545/')}, column 14)`,
      },
      { at: fenceBlock(1), status: 'verbatim', sample: (s) => expect(JSON.parse(s).created_at).toBe(1440478800000) },
      { at: fenceBlock(2), status: 'skipped', reason: (t) => `truncated: unclosed { opened at line ${fenceBlock(2)(t)}` },
    ],
  ],
  [
    'product.md',
    [
      {
        at: fenceBlock(0),
        status: 'repaired',
        repairs: [
          ['placeholder', (t) => lineOf(t, '"base_term_prices": [{...}]')],
          ['comment', (t) => lineOf(t, '"base_term_prices": [{...}]')],
          ['placeholder', (t) => lineOf(t, '"billing": {...}')],
        ],
        sample: (s) => {
          const v = JSON.parse(s);
          expect(v.results[0].base_term_prices).toEqual([{}]);
          expect(v.results[0].billing).toEqual({});
          expect(v.results[0].meta).toEqual({});
          expect(s).not.toContain('//');
        },
      },
    ],
  ],
  [
    'subscription.md',
    [
      { at: fenceBlock(0), status: 'repaired', repairs: [['placeholder', (t) => lineOf(t, '"billing": {...}')]], sample: (s) => expect(JSON.parse(s).results[0].customer).toEqual({}) },
      { at: fenceBlock(1), status: 'repaired', repairs: [['email', (t) => lineOf(t, '[email protected]')]] },
    ],
  ],
  ['transaction.md', [{ at: fenceBlock(0), status: 'repaired', repairs: [['placeholder', (t) => lineOf(t, '"order": {...}')]] }]],
  ['relations.md', [{ at: fenceBlock(0), status: 'skipped', reason: (t) => `truncated: unclosed { opened at line ${fenceBlock(0)(t)}` }]],
  [
    'product-billing.md',
    [
      { at: fenceBlock(0), status: 'skipped', reason: () => 'a fragment: the object member "billing", not a whole JSON value' },
      { at: fenceBlock(1), status: 'skipped', reason: () => 'a fragment: the object member "billing", not a whole JSON value' },
    ],
  ],
  ['subscription-term.md', [{ at: fenceBlock(0), status: 'skipped', reason: () => 'a fragment: the object member "term", not a whole JSON value' }]],
  [
    'address.md',
    [
      {
        at: fenceBlock(0),
        status: 'verbatim',
        sample: (s, t) => {
          const from = t.indexOf('{', t.indexOf('```json'));
          expect(s).toBe(t.slice(from, t.indexOf('\n}', from) + 2) + '\n');
        },
      },
      { at: fenceBlock(1), status: 'verbatim' },
    ],
  ],
];

describe('the Cratejoy reference pages (realistic input)', () => {
  it('covers every page that has a code block', () => {
    const withBlocks = readdirSync(CRATEJOY_DOCS).filter((f) => f.endsWith('.md') && read(join(CRATEJOY_DOCS, f)).includes('```'));
    expect(withBlocks.sort()).toEqual(real.map(([f]) => f).sort());
  });
  it.each(real)('%s', (file, want) => {
    const text = read(join(CRATEJOY_DOCS, file));
    const { report } = run(text, file, 'cratejoy');
    expect(report.blocks.map((b) => `${b.line} ${b.status}`)).toEqual(want.map((w) => `${w.at(text)} ${w.status}`));
    want.forEach((w, i) => {
      const b = report.blocks[i];
      if (w.reason) expect(b.reason).toBe(w.reason(text));
      for (const [kind, line] of w.repairs ?? []) {
        expect(b.repairs.some((x) => x.kind === kind && x.line === line(text)), `${kind} at line ${line(text)} in ${JSON.stringify(b.repairs)}`).toBe(true);
      }
      if (w.status !== 'skipped') {
        expect(() => JSON.parse(b.sample!)).not.toThrow();
        w.sample?.(b.sample!, text);
      }
      // every skipped block and every repair is in the report, at the page line
      if (w.status === 'skipped') expect(report.text).toContain(`${file}:${b.line}: skipped: ${b.reason}`);
      for (const x of b.repairs) expect(report.text).toContain(`${file}:${x.line}:${x.col}: `);
    });
  });
});
