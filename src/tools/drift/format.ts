/**
 * The three renderings of a drift report: human (optionally coloured), JSON (complete), and
 * Markdown for a pull-request comment (bounded: it truncates with counts to fit). The human and
 * Markdown forms open with the counts per kind and per topic, then list the findings by kind.
 */
import type { DriftKind, DriftReport, Finding } from './types.js';

/** The most a GitHub pull-request comment may hold. */
export const MARKDOWN_LIMIT = 65_536;

export interface FormatOptions {
  /** ANSI colours (human only) */
  color?: boolean;
  /** Markdown: the most characters the output may have (default {@link MARKDOWN_LIMIT}) */
  maxChars?: number;
  /** human and Markdown: values and files shown per finding (default 3) */
  examples?: number;
}

/** What each kind means, for the summaries. */
export const KIND_MEANING: Record<DriftKind, string> = {
  'unknown-topic': 'a topic the spec does not list (a receiver hands it over as known: false)',
  missing: 'required by the spec, absent from the payload',
  nullability: 'null where the spec says never null, or a value where it only knew null',
  retyped: 'another JSON type than the spec says',
  value: 'outside the enum, or not the documented format, pattern or range',
  precision: 'an integer above 2^53 at a field without an int64 hint (JSON.parse rounds it)',
  rounded: 'an id already rounded when the capture was saved: the capture is at fault, not the spec',
  added: 'in the payload, not in the spec',
};

const COLOR: Record<DriftKind, string> = { 'unknown-topic': '35', missing: '31', nullability: '33', retyped: '35', value: '33', precision: '31', rounded: '31', added: '36' };

/** Renders a report as `human` text, `json` or `markdown`. */
export function formatReport(report: DriftReport, format: 'human' | 'json' | 'markdown', opts: FormatOptions = {}): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  const examples = Math.max(1, opts.examples ?? 3);
  if (format === 'markdown') return markdown(report, opts.maxChars ?? MARKDOWN_LIMIT, examples);
  return human(report, opts.color === true, examples);
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** `3 findings in 2 acme payloads (1 topic): 2 drift, 0 match the spec.` */
function headline(r: DriftReport): string {
  const n = r.findings.length;
  const matching = r.payloads - r.summary.drifting;
  const topics = r.summary.topics.length;
  const errors = r.errors.length ? `; ${plural(r.errors.length, 'input')} not compared` : '';
  if (n === 0) return `no drift: ${plural(r.payloads, `${r.provider} payload`)} (${plural(topics, 'topic')}) match the spec${errors}.`;
  return `${plural(n, 'finding')} in ${plural(r.payloads, `${r.provider} payload`)} (${plural(topics, 'topic')}): ${r.summary.drifting} drift, ${matching} match${matching === 1 ? 'es' : ''} the spec${errors}.`;
}

/** A finding's fix with its own path written `<path>`, so that fixes differing only there read as one. */
function fixTemplate(f: Finding): string {
  return f.fix.split(`\`${f.path || '/'}: {`).join('`<path>: {');
}

/** Findings of one kind, and the fix they share (when every one has the same, up to its path). */
function byKind(r: DriftReport): { kind: DriftKind; findings: Finding[]; payloads: number; commonFix?: string; commonExpected?: string; commonReceived?: string }[] {
  return r.summary.kinds.map((k) => {
    const findings = r.findings.filter((f) => f.kind === k.kind);
    const shared = (get: (f: Finding) => string): string | undefined => (findings.length > 1 && new Set(findings.map(get)).size === 1 ? get(findings[0]) : undefined);
    return { kind: k.kind, findings, payloads: k.payloads, commonFix: shared(fixTemplate), commonExpected: shared((f) => f.expected), commonReceived: shared((f) => f.received) };
  });
}

/** The directory every input file is in (`a/b/`), so that rows can show the rest. */
function commonDir(r: DriftReport): string {
  const files = [...r.findings.flatMap((f) => f.files), ...r.errors.map((e) => e.file)];
  if (files.length < 2) return '';
  let prefix = files[0].slice(0, files[0].lastIndexOf('/') + 1);
  for (const f of files) while (prefix && !f.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return prefix;
}

/** The first `n` values of a finding, `"a" (3), "b" (1), +4 more`. */
function valueList(f: Finding, n: number, wrap: (s: string) => string): string {
  const shown = f.values.slice(0, n).map((v) => `${wrap(v.value)}${f.count > 1 ? ` (${v.count})` : ''}`);
  const more = f.values.length - n;
  return shown.join(', ') + (more > 0 ? `, +${more} more` : '');
}

/** Columns padded to their widths; the first and last left-aligned, counts right-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const last = header.length - 1;
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || (i === last && header[i] === '') ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Where a finding was seen: `file at /pointer, +2 more files` (the pointer only when it adds something). */
function where(f: Finding, dir: string): string {
  const at = f.example !== f.path ? ` at ${f.example || '/'}` : '';
  return `${f.files[0].slice(dir.length)}${at}${f.files.length > 1 ? `, +${plural(f.files.length - 1, 'more file')}` : ''}`;
}

function human(r: DriftReport, color: boolean, examples: number): string {
  const c = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const head = headline(r);
  const lines: string[] = [r.findings.length === 0 && r.errors.length === 0 ? `${c('32', 'no drift')}${head.slice('no drift'.length)}` : head];
  const dir = commonDir(r);
  if (dir) lines.push(`(files below are in ${dir})`);
  if (r.findings.length) {
    const kinds = r.summary.kinds;
    lines.push('', ...table(['kind', 'findings', 'payloads', ''], kinds.map((k) => [k.kind, String(k.findings), String(k.payloads), KIND_MEANING[k.kind]])).map((l) => `  ${l}`));
    const cols = kinds.map((k) => k.kind);
    const rows = r.summary.topics.map((t) => [printable(t.topic), String(t.payloads), String(t.drifting), ...cols.map((k) => String(t.kinds[k] ?? '-'))]);
    lines.push('', ...table(['topic', 'payloads', 'drifting', ...cols], rows).map((l) => `  ${l}`));
  }
  for (const k of byKind(r)) {
    lines.push('', `${c(COLOR[k.kind], k.kind)}: ${plural(k.findings.length, 'finding')} in ${plural(k.payloads, 'payload')} (${KIND_MEANING[k.kind]})`);
    const common = [...(k.commonExpected !== undefined ? [`expected ${k.commonExpected}`] : []), ...(k.commonReceived !== undefined ? [`received ${k.commonReceived}`] : [])];
    if (common.length) lines.push(`  each: ${common.join(', ')}`);
    if (k.commonFix) lines.push(`  fix for each: ${k.commonFix}`);
    let topic = '';
    for (const f of k.findings) {
      if (f.topic !== topic) {
        topic = f.topic;
        lines.push(`  ${printable(f.topic)} (${f.model})`);
      }
      const times = f.occurrences > f.count ? `, ${f.occurrences} times` : '';
      const what = [...(k.commonExpected === undefined ? [`expected ${f.expected}`] : []), ...(k.commonReceived === undefined ? [`received ${f.received}`] : [])].join(', ');
      lines.push(`    ${c('1', printable(f.path || '/'))}  ${plural(f.count, 'payload')}${times}${what ? `: ${what}` : ''}`);
      if (!k.commonFix) lines.push(`      fix: ${f.fix}`);
      lines.push(`      ${f.values.length ? `seen ${valueList(f, examples, printable)}; ` : ''}in ${printable(where(f, dir))}`);
    }
  }
  if (r.errors.length) {
    lines.push('', `${c('31', 'not compared')}: ${plural(r.errors.length, 'input')}`);
    for (const e of r.errors) lines.push(`  ${printable(e.file.slice(dir.length))}: ${printable(e.message)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Markdown text in a table cell: one line, at most `max` characters, pipes escaped, and outside
 * code spans `<`/`>` escaped (payload text must not open HTML in the comment).
 */
function cell(s: string, max = 160): string {
  const one = s.replace(/\r?\n/g, ' ');
  const cut = one.length > max ? one.slice(0, max - 3) + '...' : one;
  const parts = cut.split(/(`+[^`]*?`+)/);
  return parts.map((p, i) => (i % 2 === 1 ? p : p.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('').replace(/\|/g, '\\|');
}

/** Untrusted text for a terminal: control characters (escape sequences) shown as `\uXXXX`. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Inline code that survives backticks inside (a longer fence) and pipes (escaped: this is for tables). */
function code(s: string, max = 120): string {
  const one = printable(s);
  const t = one.length > max ? one.slice(0, max - 3) + '...' : one;
  const fence = t.includes('`') ? '``' : '`';
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`.replace(/\|/g, '\\|');
}

/** A part of the Markdown that may lose rows to fit: `head` and `tail` stay, rows go. */
interface Section {
  head: string[];
  rows: string[];
  /** per row: the higher, the longer it stays when rows must go (default: earlier rows stay) */
  weight?: number[];
  tail: string[];
  /** the line that says what was left out (the rows at those indexes) */
  more: (left: number[]) => string;
}

const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);

function markdown(r: DriftReport, maxChars: number, examples: number): string {
  const dir = commonDir(r);
  const top = [`### Webhook payload drift: ${r.provider}`, '', headline(r).replace(/^(\d+ findings?)/, '**$1**').replace(/^no drift/, '**No drift**') + (dir ? ` Files are in ${code(dir)}.` : '')];
  const sections: Section[] = [];
  if (r.findings.length) {
    top.push('', '| kind | findings | payloads | what it means |', '|---|--:|--:|---|');
    for (const k of r.summary.kinds) top.push(`| ${k.kind} | ${k.findings} | ${k.payloads} | ${KIND_MEANING[k.kind]} |`);
    const cols = r.summary.kinds.map((k) => k.kind);
    sections.push({
      head: ['', '<details><summary>Per topic</summary>', '', `| topic | payloads | drifting | ${cols.join(' | ')} |`, `|---|--:|--:|${cols.map(() => '--:|').join('')}`],
      rows: r.summary.topics.map((t) => `| ${code(t.topic)} | ${t.payloads} | ${t.drifting} | ${cols.map((k) => t.kinds[k] ?? '').join(' | ')} |`),
      tail: ['', '</details>'],
      more: (left) => `| ... ${plural(left.length, 'more topic')} | | | ${cols.map(() => '').join(' | ')} |`,
    });
    for (const k of byKind(r)) {
      const head = ['', `<details><summary><b>${k.kind}</b>: ${plural(k.findings.length, 'finding')} in ${plural(k.payloads, 'payload')}</summary>`, ''];
      const common = [...(k.commonExpected !== undefined ? [`expected ${k.commonExpected}`] : []), ...(k.commonReceived !== undefined ? [`received ${k.commonReceived}`] : [])];
      if (common.length) head.push(`Each: ${cell(common.join(', '), 400)}.`, '');
      if (k.commonFix) head.push(`Fix for each: ${cell(k.commonFix, 400)}`, '');
      // columns that say the same on every row are said once, above
      const columns: [string, string, (f: Finding) => string][] = [
        ['topic', '---', (f) => code(f.topic)],
        ['path', '---', (f) => code(f.path || '/')],
        ...(k.commonExpected === undefined ? [['expected', '---', (f: Finding) => cell(f.expected)] as [string, string, (f: Finding) => string]] : []),
        ...(k.commonReceived === undefined ? [['received', '---', (f: Finding) => cell(f.received)] as [string, string, (f: Finding) => string]] : []),
        ['payloads', '--:', (f) => String(f.count)],
        ...(k.findings.some((f) => f.values.length > 0) ? [['seen', '---', (f: Finding) => valueList(f, examples, (v) => code(v, 110))] as [string, string, (f: Finding) => string]] : []),
        ['e.g.', '---', (f) => `${code(f.files[0].slice(dir.length), 100)}${f.example !== f.path ? ` ${code(f.example || '/', 80)}` : ''}${f.files.length > 1 ? ` +${f.files.length - 1}` : ''}`],
        ...(k.commonFix === undefined ? [['fix', '---', (f: Finding) => cell(f.fix, 240)] as [string, string, (f: Finding) => string]] : []),
      ];
      head.push(`| ${columns.map((c) => c[0]).join(' | ')} |`, `|${columns.map((c) => c[1]).join('|')}|`);
      const rows = k.findings.map((f) => `| ${columns.map((c) => c[2](f)).join(' | ')} |`);
      const findings = k.findings;
      sections.push({
        head,
        rows,
        // when rows must go, the findings seen in the most payloads stay
        weight: findings.map((f) => f.count),
        tail: ['', '</details>'],
        more: (left) => {
          const payloads = new Set(left.flatMap((i) => findings[i].files)).size;
          return `| ... ${plural(left.length, `more ${k.kind} finding`)} in ${plural(payloads, 'payload')} (the rows above are those seen in the most payloads); \`--format json\` lists every one |${' |'.repeat(columns.length - 1)}`;
        },
      });
    }
  }
  if (r.errors.length) {
    sections.push({
      head: ['', `**Not compared** (${plural(r.errors.length, 'input')})`, ''],
      rows: r.errors.map((e) => `- ${code(e.file.slice(dir.length), 160)}: ${cell(e.message, 300)}`),
      tail: [],
      more: (left) => `- ... ${plural(left.length, 'more input')} not compared`,
    });
  }
  const fitted = fit(top, sections, maxChars);
  return fitted.join('\n') + '\n';
}

/**
 * Keeps every section's head and tail and as many rows as fit in `maxChars`, sharing the room
 * fairly: sections that need little get all of it, the rest split what is left equally. A
 * section that must lose rows keeps its heaviest rows, in their order, and says what it left out.
 */
function fit(top: string[], sections: Section[], maxChars: number): string[] {
  let room = maxChars - size(top) - sections.reduce((n, s) => n + size(s.head) + size(s.tail), 0);
  const kept = new Map<Section, Set<number>>();
  const order = [...sections].sort((a, b) => size(a.rows) - size(b.rows));
  order.forEach((s, i) => {
    const share = Math.floor(room / (order.length - i));
    const all = s.rows.map((_, j) => j);
    if (size(s.rows) <= share) {
      kept.set(s, new Set(all));
      room -= size(s.rows);
      return;
    }
    const byWeight = [...all].sort((a, b) => (s.weight ? s.weight[b] - s.weight[a] : 0) || a - b);
    const budget = share - (s.more(all).length + 1); // the longest "more" line it could need
    const keep = new Set<number>();
    let used = 0;
    for (const j of byWeight) {
      const cost = s.rows[j].length + 1;
      if (used + cost > budget) continue; // a shorter row further on may still fit
      keep.add(j);
      used += cost;
    }
    kept.set(s, keep);
    room -= used + s.more(all.filter((j) => !keep.has(j))).length + 1;
  });
  const out = [...top];
  for (const s of sections) {
    const keep = kept.get(s) ?? new Set<number>();
    const left = s.rows.map((_, j) => j).filter((j) => !keep.has(j));
    out.push(...s.head, ...s.rows.filter((_, j) => keep.has(j)), ...(left.length ? [s.more(left)] : []), ...s.tail);
  }
  // the heads alone may not fit a tiny limit: cut whole lines, and say so
  if (size(out) > maxChars) {
    const note = '... (cut to fit; `--format json` has the whole report)';
    while (out.length && size(out) + note.length + 1 > maxChars) out.pop();
    out.push(note);
  }
  return out;
}
