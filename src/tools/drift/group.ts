/**
 * Occurrences of every payload → findings: one per kind, topic, model and path pattern (with
 * the same expectation and fix), whatever the values; the values are listed inside, with the
 * payloads that had each. And the counts the reports open with.
 */
import { compareStrings } from '../../util/order.js';
import { enumHint } from './compare.js';
import { DRIFT_KINDS } from './types.js';
import type { DriftKind, DriftSummary, Finding, FindingValue, Occurrence, TopicSummary } from './types.js';

/** The occurrences found in one compared payload. */
export interface PayloadOccurrences {
  file: string;
  topic: string;
  findings: (Occurrence & { topic: string; model: string })[];
}

const TYPE_ORDER = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

interface Group {
  first: Occurrence & { topic: string; model: string };
  received: Set<string>;
  /** first concrete pointer per file */
  examples: Map<string, string>;
  occurrences: number;
  values: Map<string, Set<string>>;
  enumValues: unknown[];
}

/** The key a finding is grouped by: everything but the value (and, for added fields, the type). */
function groupKey(f: Occurrence & { topic: string; model: string }): string {
  const parts: string[] = [f.kind, f.topic, f.model, f.path, f.expected];
  if (f.kind !== 'added') parts.push(f.received);
  if (!f.enumFix) parts.push(f.fix);
  return parts.join('\u0000');
}

/** Groups the occurrences of every payload into findings, sorted by kind, topic, path. */
export function groupFindings(payloads: readonly PayloadOccurrences[]): Finding[] {
  const groups = new Map<string, Group>();
  for (const p of payloads) {
    for (const f of p.findings) {
      const key = groupKey(f);
      let g = groups.get(key);
      if (!g) {
        g = { first: f, received: new Set(), examples: new Map(), occurrences: 0, values: new Map(), enumValues: [] };
        groups.set(key, g);
      }
      g.occurrences += f.times ?? 1;
      g.received.add(f.received);
      if (!g.examples.has(p.file)) g.examples.set(p.file, f.example);
      if (f.value !== undefined) {
        const files = g.values.get(f.value);
        if (files) files.add(p.file);
        else g.values.set(f.value, new Set([p.file]));
      }
      if (f.enumFix && !g.enumValues.some((v) => v === f.enumFix?.value)) g.enumValues.push(f.enumFix.value);
    }
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const f = g.first;
    const files = [...g.examples.keys()].sort(compareStrings);
    const values: FindingValue[] = [...g.values]
      .map(([value, fs]) => ({ value, count: fs.size, files: [...fs].sort(compareStrings) }))
      .sort((a, b) => b.count - a.count || compareStrings(a.value, b.value));
    const received = [...g.received].sort((a, b) => typeRank(a) - typeRank(b) || compareStrings(a, b)).join(' | ');
    const enumValues = [...g.enumValues].sort((a, b) => compareStrings(JSON.stringify(a), JSON.stringify(b)));
    findings.push({
      kind: f.kind,
      topic: f.topic,
      model: f.model,
      path: f.path,
      example: g.examples.get(files[0]) ?? f.example,
      expected: f.expected,
      received,
      fix: f.enumFix ? enumHint(f.path, f.enumFix.known, enumValues) : f.fix,
      count: files.length,
      occurrences: g.occurrences,
      files,
      values,
    });
  }
  return findings.sort(
    (a, b) =>
      DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind) ||
      compareStrings(a.topic, b.topic) ||
      compareStrings(a.path, b.path) ||
      compareStrings(a.model, b.model) ||
      compareStrings(a.received, b.received) ||
      compareStrings(a.expected, b.expected),
  );
}

function typeRank(t: string): number {
  const i = TYPE_ORDER.indexOf(t);
  return i === -1 ? TYPE_ORDER.length : i;
}

/**
 * Counts per kind and per topic.
 * @param compared every payload that was compared, with its topic (those without findings too)
 */
export function summarizeFindings(findings: readonly Finding[], compared: readonly { file: string; topic: string }[]): DriftSummary {
  const drifting = new Set<string>();
  const kinds = DRIFT_KINDS.map((kind) => {
    const fs = findings.filter((f) => f.kind === kind);
    const files = new Set(fs.flatMap((f) => f.files));
    for (const file of files) drifting.add(file);
    return { kind, findings: fs.length, payloads: files.size, occurrences: fs.reduce((n, f) => n + f.occurrences, 0) };
  }).filter((k) => k.findings > 0);
  const topics = new Map<string, { payloads: Set<string>; drifting: Set<string>; kinds: Partial<Record<DriftKind, number>>; findings: number }>();
  const topicOf = (topic: string) => {
    let t = topics.get(topic);
    if (!t) {
      t = { payloads: new Set(), drifting: new Set(), kinds: {}, findings: 0 };
      topics.set(topic, t);
    }
    return t;
  };
  for (const c of compared) topicOf(c.topic).payloads.add(c.file);
  for (const f of findings) {
    const t = topicOf(f.topic);
    t.kinds[f.kind] = (t.kinds[f.kind] ?? 0) + 1;
    t.findings++;
    for (const file of f.files) t.drifting.add(file);
  }
  const topicList: TopicSummary[] = [...topics]
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([topic, t]) => ({ topic, payloads: t.payloads.size, drifting: t.drifting.size, kinds: t.kinds, findings: t.findings }));
  return { drifting: drifting.size, kinds, topics: topicList };
}
