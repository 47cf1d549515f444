// The reports people read: counts first, findings by kind; the Markdown form fits a
// pull-request comment whatever the run, truncating with counts; JSON keeps everything.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatReport, MARKDOWN_LIMIT } from '../../src/tools/drift/format.js';
import { groupFindings, summarizeFindings, type PayloadOccurrences } from '../../src/tools/drift/group.js';
import { DRIFT_KINDS, type DriftKind, type DriftReport } from '../../src/tools/drift/types.js';

interface Shape {
  payloads: number;
  /** findings per kind, each seen in every payload with a different value */
  kinds: Partial<Record<DriftKind, number>>;
  topics?: number;
  valueLength?: number;
  pathLength?: number;
  errors?: number;
}

/** A report of the given shape, built through the real grouping and summary. */
function report(s: Shape): DriftReport {
  const topics = s.topics ?? 5;
  const compared: PayloadOccurrences[] = [];
  for (let p = 0; p < s.payloads; p++) {
    const topic = `topic_${p % topics}/create`;
    const findings = Object.entries(s.kinds).flatMap(([kind, n]) =>
      Array.from({ length: n ?? 0 }, (_, i) => {
        const path = `/line_items/*/${'nested_'.repeat(Math.max(0, Math.floor((s.pathLength ?? 20) / 7)))}${kind}_${i}`;
        return {
          kind: kind as DriftKind,
          topic,
          model: 'Model',
          path,
          example: path.replace('*', '0'),
          expected: 'string',
          received: kind === 'missing' ? 'absent' : 'integer',
          ...(kind === 'missing' ? {} : { value: JSON.stringify(`${p}:${'x'.repeat(s.valueLength ?? 10)}`).slice(0, 40) }),
          fix: `hint \`${path}: { nullable: true }\``,
        };
      }),
    );
    compared.push({ file: `captures/${topic.replace('/', '__')}/payload-${String(p).padStart(3, '0')}.json`, topic, findings });
  }
  const findings = groupFindings(compared);
  const errors = Array.from({ length: s.errors ?? 0 }, (_, i) => ({ file: `captures/bad-${i}.json`, message: `not JSON: Unexpected token ${'x'.repeat(100)}` }));
  return { version: 2, provider: 'spiffy', payloads: s.payloads, drift: true, summary: summarizeFindings(findings, compared), findings, errors };
}

/** Per kind section of a Markdown report: rows shown and the count its truncation line says were left out. */
function sections(md: string): Map<string, { shown: number; left: number }> {
  const out = new Map<string, { shown: number; left: number }>();
  for (const part of md.split('<details><summary><b>').slice(1)) {
    const kind = part.slice(0, part.indexOf('</b>'));
    const body = part.slice(0, part.indexOf('</details>'));
    const shown = body.split('\n').filter((l) => l.startsWith('| `')).length;
    const more = /\| \.\.\. (\d+) more/.exec(body);
    out.set(kind, { shown, left: more ? Number(more[1]) : 0 });
  }
  return out;
}

const cases: [string, { given: { shape: Shape; maxChars?: number }; want: { truncated: boolean } }][] = [
  ['a small run fits whole', { given: { shape: { payloads: 3, kinds: { added: 4, missing: 2 } } }, want: { truncated: false } }],
  ['100 payloads, 700 findings with long values and paths', { given: { shape: { payloads: 100, kinds: { added: 400, missing: 150, retyped: 50, nullability: 60, precision: 40 }, valueLength: 200, pathLength: 120, topics: 20 } }, want: { truncated: true } }],
  ['100 payloads, one kind with 2,000 findings', { given: { shape: { payloads: 100, kinds: { added: 2000 } } }, want: { truncated: true } }],
  ['100 topics and 100 inputs not compared', { given: { shape: { payloads: 100, kinds: { added: 50, missing: 50 }, topics: 100, errors: 100 } }, want: { truncated: true } }],
  ['a lower limit of the caller\'s choosing', { given: { shape: { payloads: 20, kinds: { added: 100, missing: 30 } }, maxChars: 10_000 }, want: { truncated: true } }],
  ['a tiny limit still gives a valid, bounded answer', { given: { shape: { payloads: 20, kinds: { added: 100, missing: 30 } }, maxChars: 1_500 }, want: { truncated: true } }],
];

describe('Markdown size bound', () => {
  it.each(cases)('%s', (_, { given, want }) => {
    const r = report(given.shape);
    const limit = given.maxChars ?? MARKDOWN_LIMIT;
    const md = formatReport(r, 'markdown', given.maxChars === undefined ? {} : { maxChars: given.maxChars });
    expect(md.length).toBeLessThanOrEqual(limit);
    expect(md.startsWith('### Webhook payload drift: spiffy\n')).toBe(true);
    const cut = md.includes('... ') || md.includes('(cut to fit');
    expect(cut).toBe(want.truncated);
    if (!want.truncated) expect(md).not.toContain('...');
    // every section accounts for all its findings: rows shown + "N more" = the kind's total
    for (const [kind, { shown, left }] of sections(md)) {
      const total = r.summary.kinds.find((k) => k.kind === kind)?.findings;
      expect(shown + left, kind).toBe(total);
      if (want.truncated && given.maxChars === undefined) expect(shown, `${kind}: some rows shown`).toBeGreaterThan(0);
    }
    // JSON is never truncated
    expect(JSON.parse(formatReport(r, 'json')).findings).toHaveLength(r.findings.length);
  });

  it('the room is shared: a kind with few findings keeps them all next to one with thousands', () => {
    const md = formatReport(report({ payloads: 100, kinds: { added: 3000, missing: 5 }, topics: 1 }), 'markdown');
    expect(sections(md).get('missing')).toEqual({ shown: 5, left: 0 });
    expect(sections(md).get('added')!.left).toBeGreaterThan(0);
  });
});

describe('what a cut keeps', () => {
  it('the findings seen in the most payloads stay, in report order', () => {
    const compared: PayloadOccurrences[] = Array.from({ length: 100 }, (_, p) => ({
      file: `orders__create/${p}.json`,
      topic: 'orders/create',
      findings: [
        { kind: 'added' as const, topic: 'orders/create', model: 'Order', path: '/everywhere', example: '/everywhere', expected: 'absent', received: 'string', value: `"${p}"`, fix: 'add a sample' },
        ...Array.from({ length: 40 }, (_, i) => {
          const path = `/only_in_${p}_${'x'.repeat(60)}_${i}`;
          return { kind: 'added' as const, topic: 'orders/create', model: 'Order', path, example: path, expected: 'absent', received: 'string', value: '"v"', fix: 'add a sample' };
        }),
        ...(p % 2 ? [{ kind: 'added' as const, topic: 'orders/create', model: 'Order', path: '/zz_half', example: '/zz_half', expected: 'absent', received: 'integer', value: '1', fix: 'add a sample' }] : []),
      ],
    }));
    const findings = groupFindings(compared);
    const r: DriftReport = { version: 2, provider: 'spiffy', payloads: 100, drift: true, summary: summarizeFindings(findings, compared), findings, errors: [] };
    const md = formatReport(r, 'markdown');
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const rows = md.split('\n').filter((l) => l.startsWith('| `orders/create` | `/'));
    expect(rows[0]).toMatch(/^\| `orders\/create` \| `\/everywhere` \| string \| 100 \| /);
    expect(rows[rows.length - 1]).toMatch(/^\| `orders\/create` \| `\/zz_half` \| integer \| 50 \| /);
    expect(md).toMatch(new RegExp(`\\| \\.\\.\\. ${4002 - rows.length} more added findings in \\d+ payloads \\(the rows above are those seen in the most payloads\\)`));
  });
});

describe('summary first', () => {
  const r = report({ payloads: 6, kinds: { added: 3, missing: 2, rounded: 1 }, topics: 2 });
  it('Markdown: the counts per kind and per topic come before any finding', () => {
    const md = formatReport(r, 'markdown');
    const kindTable = md.indexOf('| kind | findings | payloads | what it means |');
    const topicTable = md.indexOf('| topic | payloads | drifting | missing | rounded | added |');
    expect(kindTable).toBeGreaterThan(0);
    expect(topicTable).toBeGreaterThan(kindTable);
    expect(md.indexOf('<b>missing</b>')).toBeGreaterThan(topicTable);
    expect(md).toContain('| missing | 4 | 6 |');
    expect(md).toContain('| `topic_0/create` | 3 | 3 | 2 | 1 | 3 |');
  });
  it('human: a headline, the kind table, the topic table, then findings grouped by kind and topic', () => {
    const text = formatReport(r, 'human');
    const lines = text.split('\n');
    expect(lines[0]).toBe('12 findings in 6 spiffy payloads (2 topics): 6 drift, 0 match the spec.');
    expect(lines[1]).toBe('(files below are in captures/)');
    expect(lines.slice(3, 7)).toEqual([
      '  kind     findings  payloads',
      '  missing         4         6  required by the spec, absent from the payload',
      '  rounded         2         6  an id already rounded when the capture was saved: the capture is at fault, not the spec',
      '  added           6         6  in the payload, not in the spec',
    ]);
    expect(lines.slice(8, 11)).toEqual(['  topic           payloads  drifting  missing  rounded  added', '  topic_0/create         3         3        2        1      3', '  topic_1/create         3         3        2        1      3']);
    expect(text).toContain('\nadded: 6 findings in 6 payloads (in the payload, not in the spec)\n  each: expected string, received integer\n  fix for each: hint `<path>: { nullable: true }`\n  topic_0/create (Model)\n');
    // values: a few, with a count of the rest
    expect(text).toMatch(/\n      seen "0:xxxxxxxxxx" \(1\), "2:xxxxxxxxxx" \(1\), "4:xxxxxxxxxx" \(1\); in topic_0__create\/payload-000\.json at \/line_items\/0\/\S+, \+2 more files\n/);
  });
  it('no drift says so in one line', () => {
    const clean = report({ payloads: 2, kinds: {} });
    expect(formatReport(clean, 'human')).toBe('no drift: 2 spiffy payloads (2 topics) match the spec.\n');
    expect(formatReport(clean, 'markdown')).toBe('### Webhook payload drift: spiffy\n\n**No drift**: 2 spiffy payloads (2 topics) match the spec.\n');
  });
});

describe('the help text (docs/drift.md) keeps up with the kinds', () => {
  it('lists every kind, in report order, for --allow and in the kinds table', () => {
    const help = readFileSync(new URL('../../docs/drift.md', import.meta.url), 'utf8');
    expect(help).toContain(`                      ${DRIFT_KINDS.join(', ')}\n`);
    const table = help.slice(help.indexOf('Kinds, in report order:'));
    expect(DRIFT_KINDS.map((k) => table.indexOf(`\n  ${k} `))).toEqual([...DRIFT_KINDS.map((k) => table.indexOf(`\n  ${k} `))].sort((a, b) => a - b));
    for (const k of DRIFT_KINDS) expect(table, k).toContain(`\n  ${k} `);
  });
});

describe('untrusted payload text', () => {
  const evil = report({ payloads: 2, kinds: { added: 1 }, topics: 1 });
  const f = evil.findings[0]!;
  f.path = '/\u001b[2J\u001b[31mred\nline|<img src=x>`tick';
  f.example = f.path;
  f.values = [{ value: '"\\u001b"', count: 1, files: f.files }];
  evil.errors = [{ file: 'bad.json', message: 'not JSON: Unexpected token < in "<details><summary>x" |' }];
  it('human: no escape sequence or line break from a payload reaches the terminal', () => {
    const text = formatReport(evil, 'human', { color: false });
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('/\\u001b[2J\\u001b[31mred\\u000aline|<img src=x>`tick  2 payloads');
  });
  it('Markdown: every table row stays one row, and payload text opens no HTML', () => {
    const md = formatReport(evil, 'markdown');
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    for (const l of rows) expect(l.endsWith('|'), l).toBe(true);
    // inside a code span HTML is shown, not run; outside, there is none
    expect(md.replace(/(`+)[\s\S]*?\1/g, '')).not.toContain('<img');
    expect(md).toContain('| ``/\\u001b[2J\\u001b[31mred\\u000aline\\|<img src=x>`tick`` |');
    expect(md).toContain('not JSON: Unexpected token &lt; in "&lt;details&gt;&lt;summary&gt;x" \\|');
  });
});
