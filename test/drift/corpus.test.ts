// Drift on real deliveries (../shared/corpus/shopify-family, read its README): the 15
// capture-2023-01.json files had every integer above 2^53 rounded by their capture tool; the 2
// test notifications keep every digit. Every rounded id is reported, none in the notifications,
// and the report's counts per kind are pinned.
import { beforeAll, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCapture, drift, loadProviderModel, readCaptures, type DriftReport } from '../../src/tools/drift/drift.js';
import { formatReport, MARKDOWN_LIMIT } from '../../src/tools/drift/format.js';
import { couldBeRounded } from '../../src/tools/drift/rounded.js';
import type { ProviderModel } from '../../src/model/types.js';
import { bigIntegerTokens, corpusDir, corpusFiles, describeCorpus, REPO } from './corpus.js';

describeCorpus('drift on the 17 real Shopify-family deliveries', () => {
  let report: DriftReport;
  let spiffy: ProviderModel;
  beforeAll(async () => {
    const dir = corpusDir();
    report = await drift({ root: REPO, provider: 'spiffy', inputs: ['.'], cwd: dir });
    spiffy = await loadProviderModel(REPO, 'spiffy');
  });

  it('compares all 17, with counts per kind (these follow spec/spiffy: a spec change that moves them should say why)', () => {
    expect(corpusFiles()).toHaveLength(17);
    expect([report.payloads, report.errors]).toEqual([17, []]);
    // spec/spiffy's inference policy (presence: optional, nulls: nullable) leaves no `missing` and
    // no `nullability` finding (it was 45 and 11 findings under the observed policy); the id policy
    // (inference.ids: `id`, `*_id`, `*_ids` are 64-bit) took away every `precision` finding (was 29
    // in 12 payloads, 37 occurrences), and `199.0` in the docs sample being a number took away the
    // one `retyped` (Refund /refund_line_items/*/subtotal 1.99, was "integer")
    expect(report.summary.kinds.map((k) => [k.kind, k.findings, k.payloads, k.occurrences])).toEqual([
      ['rounded', 46, 14, 55],
      ['added', 146, 13, 178],
    ]);
    expect(report.summary.topics).toHaveLength(15);
    // one finding per kind, topic and path: never one per value
    const keys = report.findings.map((f) => `${f.kind} ${f.topic} ${f.model} ${f.path} ${f.expected} ${f.received} ${f.fix}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('every rounded id in the 2023-01 captures is reported, with its evidence; none in the test notifications', () => {
    const dir = corpusDir();
    const captures = readCaptures(corpusFiles().map((f) => join(dir, f)), dir);
    let rounded = 0;
    for (const c of captures) {
      const r = compareCapture(spiffy, c);
      if (!r.ok) throw new Error(`${c.file}: ${r.message}`);
      const text = readFileSync(join(dir, c.file), 'utf8');
      const found = r.findings.filter((f) => f.kind === 'rounded');
      // equal occurrences (same path pattern, same value) are merged, with `times`
      const digits = found.flatMap((f) => Array.from({ length: f.times ?? 1 }, () => f.value?.split(' ')[0] ?? '')).sort();
      if (c.file.includes('test-notification')) {
        expect(found, c.file).toEqual([]);
        continue;
      }
      expect(digits, c.file).toEqual(bigIntegerTokens(text).sort());
      rounded += digits.length;
      for (const f of found) {
        const witness = /the exact ([0-9]+) is (?:in|at) (\S+)\)$/.exec(f.value ?? '');
        if (!witness) {
          expect(f.value, `${c.file} ${f.example}`).toMatch(/^[0-9]+ \(digits JavaScript prints for a double; a genuine id has them 1 time in (16|32|64|128)\)$/);
          continue;
        }
        // the cited digits are in the file, round to the same double, and are no rounding themselves
        const [, exact, where] = witness;
        const id = f.value!.split(' ')[0]!;
        expect([text.includes(exact!), Number(exact) === Number(id), exact !== id, couldBeRounded(exact!), where!.startsWith('/')], `${c.file} ${f.example}`).toEqual([true, true, true, false, true]);
      }
    }
    expect(rounded).toBe(55);
    // the notifications do carry integers above 2^53: exact ones, which the detector leaves alone
    expect(bigIntegerTokens(readFileSync(join(dir, 'orders__create/test-notification-2015.json'), 'utf8'))).toEqual(['327475578523353102', '327475578523353102']);
  });

  it('the reports: Markdown fits a PR comment untruncated, human opens with the counts', () => {
    const md = formatReport(report, 'markdown');
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md).not.toMatch(/\| \.\.\. \d+ more/);
    const human = formatReport(report, 'human').split('\n');
    expect(human[0]).toBe('192 findings in 17 spiffy payloads (15 topics): 15 drift, 2 match the spec.');
    expect(human.length).toBeLessThan(700);
    expect(JSON.parse(formatReport(report, 'json')).findings).toHaveLength(192);
  });

  it('a 100-payload run (the captures varied as other stores would send them): grouped by path, Markdown within a PR comment', async () => {
    const dir = corpusDir();
    const files = corpusFiles();
    const out = mkdtempSync(join(tmpdir(), 'drift-100-'));
    // every string value changes per copy, and each copy adds fields of its own at the root and in array items
    const vary = (v: unknown, k: number): unknown => {
      if (typeof v === 'string') return /^[0-9]{4}-/.test(v) ? v : `${v}~${k}`;
      if (Array.isArray(v)) return v.map((x) => vary(x, k));
      if (v && typeof v === 'object') return Object.fromEntries([...Object.entries(v).map(([key, x]) => [key, vary(x, k)]), [`extra_${k % 7}`, `value ${k}`]]);
      return v;
    };
    for (let i = 0; i < 100; i++) {
      const f = files[i % files.length]!;
      const text = readFileSync(join(dir, f), 'utf8');
      // keep the integer tokens as written: swap them for placeholders around the JSON round trip
      const ints: string[] = [];
      const held = text.replace(/(?<=[:\[,]\s*)-?[0-9]{16,}(?=\s*[,}\]])/g, (m) => `"@int${ints.push(m) - 1}"`);
      const body = JSON.stringify(vary(JSON.parse(held), i), null, 1).replace(/"@int([0-9]+)(~[0-9]+)?"/g, (_, n: string) => ints[Number(n)]!);
      mkdirSync(join(out, f.split('/')[0]!), { recursive: true });
      writeFileSync(join(out, f.replace('.json', `-${i}.json`)), body);
    }
    const r = await drift({ root: REPO, provider: 'spiffy', inputs: ['.'], cwd: out });
    expect([r.payloads, r.errors]).toEqual([100, []]);
    // an added field with a value per payload is one finding listing them, not one per value
    const extra = r.findings.filter((f) => f.kind === 'added' && f.topic === 'orders/create' && f.path === '/extra_0');
    expect(extra).toHaveLength(1);
    expect(extra[0]!.count).toBeGreaterThan(1);
    expect(extra[0]!.values).toHaveLength(extra[0]!.count);
    const md = formatReport(r, 'markdown');
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md.indexOf('| kind | findings | payloads |')).toBeLessThan(md.indexOf('<details><summary><b>'));
    expect(JSON.parse(formatReport(r, 'json')).findings).toHaveLength(r.findings.length);
  });
});
