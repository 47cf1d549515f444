/**
 * The import report: what was found, and everything a human still has to decide, each as
 * `location: kind: message` with expected / found / fix (the layout of the generator's own
 * problems, diagnostics.js). Printed by the CLI and saved as <provider>/IMPORT-REPORT.md.
 */
import { pascalCase } from '../../util/naming.js';
import { suggestedHint, type FieldFinding } from './analyze.js';
import type { ImportFindings } from './types.js';

export interface Finding {
  /** `file:line:col`, `file:line` or `file` */
  at: string;
  kind: 'todo' | 'repaired' | 'skipped' | 'note';
  message: string;
  expected?: string;
  found?: string;
  fix?: string;
  /** sub-lines (e.g. each repair of a block) */
  list?: string[];
}

/** One finding as the report shows it: `at: kind: message`, then its list and expected/found/fix. */
export function formatFinding(f: Finding): string {
  const lines = [`${f.at}: ${f.kind}: ${f.message}`];
  for (const l of f.list ?? []) lines.push(`  - ${l}`);
  if (f.expected !== undefined) lines.push(`  expected: ${f.expected}`);
  if (f.found !== undefined) lines.push(`  found:    ${f.found}`);
  if (f.fix !== undefined) lines.push(`  fix:      ${f.fix.replace(/\n/g, '\n            ')}`);
  return lines.join('\n');
}

/** The report's sections, in report order (a section may be empty). */
export function reportSections(r: ImportFindings): { title: string; findings: Finding[] }[] {
  const page = r.source;
  const P = (rel: string) => `${r.dir}/${rel}`;
  const d = r.delivery;

  const provider: Finding[] = [];
  provider.push({
    at: P('provider.yaml'),
    kind: 'todo',
    message: 'title, typePrefix and description are not on the page',
    expected: "the provider's display name, and a paragraph on when it sends webhooks",
    found: `title: ${pascalCase(r.provider)} (from the provider id), no description`,
    fix: `edit title (and typePrefix if the types should have another prefix); add description: in ${P('provider.yaml')}`,
  });
  if (d.signature) {
    const s = d.signature;
    const how = (f: { value: string; line?: number; evidence?: string }) => (f.line ? `read from ${JSON.stringify(f.evidence)} (line ${f.line})` : 'guessed');
    provider.push({
      at: `${page}:${s.header.line}`,
      kind: 'note',
      message: `signature header ${s.header.name}`,
      found: `algorithm ${s.algorithm.value} (${how(s.algorithm)}), encoding ${s.encoding.value} (${how(s.encoding)}), signed ${s.signed.value} (${how(s.signed)})${s.prefix ? `, prefix ${s.prefix} (read from the example value)` : ''}`,
      fix: 'each guessed part is an open question (above); write down in NOTES.md what you confirmed and where',
    });
  }
  const ts = r.topicSource;
  if (ts.kind === 'field') {
    provider.push({
      at: P('provider.yaml'),
      kind: 'note',
      message: `the topic is read from the body field ${ts.field.pointer}`,
      found: `${ts.field.samples} sample(s) hold their topic there${ts.field.line ? `; page line ${ts.field.line} names the field` : ''}${ts.header ? `; the page also names the topic header ${ts.header.name} (line ${ts.header.line})` : ''}`,
      fix: ts.header ? `keep the body field (it travels inside the body), or write \`header: ${ts.header.name}\` instead` : 'nothing',
    });
  }
  if (r.envelope) {
    const e = r.envelope;
    provider.push({
      at: P('provider.yaml'),
      kind: 'note',
      message: `the body is an envelope: the payload is its member ${e.pointer}`,
      found: `${e.samples} sample(s) have the members ${e.fields.join(', ')} around ${e.pointer}${e.line ? `; page line ${e.line} describes it` : ''}`,
      expected: 'models that type the payload member: each model lists its samples as samples/<file>.json#' + e.pointer + ' (the sample files stay verbatim)',
      fix: `the envelope's own members (${e.fields.join(', ')}) are not typed or validated: the spec has no envelope model yet; describe them in NOTES.md`,
    });
  }
  if (d.method.line && /\bGET\b/.test(d.method.evidence ?? '')) {
    provider.push({
      at: `${page}:${d.method.line}`,
      kind: 'todo',
      message: 'the page names both POST and GET for deliveries',
      expected: 'delivery.method: the method a receiver gets',
      found: `method: POST, from ${JSON.stringify(d.method.evidence)}`,
      fix: 'keep POST if the body carries the payload; GET deliveries carry only query parameters',
    });
  }
  if (!d.method.line) {
    provider.push({ at: P('provider.yaml'), kind: 'note', message: 'the page does not name the HTTP method', expected: 'delivery.method as documented', found: 'method: POST (the default; receivers do not check it)', fix: 'nothing, unless the docs say otherwise' });
  }
  if (!d.body.line) {
    provider.push({
      at: P('provider.yaml'),
      kind: 'note',
      message: 'the page does not say how the body is encoded',
      expected: 'delivery.body: json, or json-string for a JSON string that holds the JSON',
      found: 'body: json (the default; the samples are JSON)',
      fix: 'nothing, unless the docs say the body is a JSON string',
    });
  }
  if (d.headers.length) {
    provider.push({
      at: P('provider.yaml'),
      kind: 'todo',
      message: `${d.headers.length} delivery header(s) listed without a description`,
      expected: 'description:, and field:/required: where a receiver needs the value',
      found: d.headers.map((h) => `${h.name} (line ${h.line})`).join(', '),
      fix: `complete delivery.headers in ${P('provider.yaml')} (spec/README.md, "Delivery headers")`,
    });
  }
  provider.push({ at: P('NOTES.md'), kind: 'todo', message: 'no NOTES.md yet', expected: 'the sources, the date they were read, and every assumption', found: 'nothing', fix: `write ${P('NOTES.md')}` });

  const questions: Finding[] = r.questions.map((q) => ({
    at: q.line ? `${page}:${q.line}` : P('provider.yaml'),
    kind: 'todo',
    message: `${q.subject}: ${q.value}`,
    expected: "a fact the provider's docs state",
    found: `a guess: ${q.why}`,
    fix: `check it, correct ${q.subject.startsWith('topics.') ? P('topics.yaml') : P('provider.yaml')} if needed, then delete its entry under \`unconfirmed:\` in ${P('provider.yaml')}`,
  }));

  const names: Finding[] = r.skippedNames.map((n) => ({ at: `${page}:${n.line}`, kind: 'note', message: `"${n.text}" is not a topic: ${n.reason}`, fix: n.reason.startsWith('a wildcard') ? 'nothing: it is under `wildcards:` in topics.yaml (data for subscribing; a receiver gets the concrete topics)' : 'if it is a topic, add it to topics.yaml by hand' }));

  const notModelled: Finding[] = r.blocks
    .filter((b) => b.file && !b.model && b.topics.length)
    .map((b) => ({
      at: `${page}:${b.line}`,
      kind: 'todo',
      message: `the payload of ${b.topics.join(', ')} is missing${r.envelope ? ` (at ${r.envelope.pointer})` : ''}`,
      expected: 'the payload member in the sample',
      found: `${P(b.file ?? '')} (kept verbatim)`,
      fix: 'the topic stays `undocumented: true`; add a sample that holds its payload, or correct `delivery.envelope.payload`',
    }));
  const conflicts: Finding[] = r.conflicts.map((c) => ({
    at: `${page}:${c.line}`,
    kind: 'todo',
    message: `the sample's body names the topic ${c.bodyTopic}, the page pairs it with ${c.topics.join(', ')}`,
    expected: 'a sample of the topic it is paired with',
    found: P(c.sample),
    fix: 'an open question (above)',
  }));

  const noSample: Finding[] = [];
  // (a topic whose sample was kept but cannot be a model is under "Payloads the spec cannot model yet")
  for (const t of r.topics.filter((x) => x.models.length === 0 && !r.blocks.some((b) => b.file && !b.model && b.topics.includes(x.topic)))) {
    const tried = r.blocks.find((b) => b.status === 'skipped' && b.topics.includes(t.topic));
    noSample.push({
      at: `${page}:${t.line}`,
      kind: 'todo',
      message: `topic "${t.topic}" has no sample`,
      expected: 'a sample payload for it',
      found: tried ? `its block at line ${tried.line} could not be read: ${tried.reason}` : t.payloadProse ? `the page names its payload ${JSON.stringify(t.payloadProse)}, without a sample` : 'no JSON block paired with it',
      fix: `it is \`undocumented: true\` in ${P('topics.yaml')}; add samples/<model>.json and models/<Model>.yaml, then write \`payload: [<Model>]\` instead`,
    });
  }

  const modelFile = (name: string) => P(`models/${name}.yaml`);
  /** One finding per model: every field with its place in the samples, and the hints to add. */
  const perModel = (
    kinds: readonly FieldFinding['kind'][],
    message: (n: number, model: string) => string,
    expected: string,
    what: (f: FieldFinding) => string,
    fix?: (file: string) => string,
  ): Finding[] =>
    r.models.flatMap((m) => {
      const fs = r.fields.filter((f) => f.model === m.name && kinds.includes(f.kind));
      if (fs.length === 0) return [];
      return [
        {
          at: modelFile(m.name),
          kind: 'todo' as const,
          message: message(fs.length, m.name),
          list: fs.map((f) => `${P(f.sample)}:${f.line}:${f.col}: ${f.pointer} ${what(f)}`),
          expected,
          fix: fix ? fix(modelFile(m.name)) : `add to ${modelFile(m.name)} (the file lists them, commented out, with a type to correct):\nhints:\n${fs
            .slice(0, 2)
            .map((f) => `  ${f.pointer}:\n${suggestedHint(f).map((l) => `    ${l}`).join('\n')}`)
            .join('\n')}${fs.length > 2 ? `\n  ... (${fs.length - 2} more)` : ''}`,
        },
      ];
    });
  const hints = perModel(
    ['null', 'empty-array', 'empty-object'],
    (n, model) => `${n} field(s) of ${model} cannot be typed from its samples`,
    'a hint that gives the type of each (the generator stops with "cannot type ... in every sample" until then)',
    (f) => `is ${f.kind === 'null' ? 'null' : f.kind === 'empty-array' ? '[]' : '{}'} in every sample`,
  );
  const int64 = perModel(['int64'], (n, model) => `${n} integer field(s) of ${model} hold values above 2^53`, 'an `int64: string` hint on each, so that parsers keep every digit', (f) => `holds ${f.value}`);
  const digits = perModel(
    ['int-string'],
    (n, model) => `${n} field(s) of ${model} are strings of digits`,
    'a decision for each: the generator keeps it a string, as the sample shows it (no integer is guessed from a string)',
    (f) => `is ${f.value}`,
    (file) => `nothing for a code, phone number or token; if the provider also sends it as a number, add a hint \`type: [string, integer]\` in ${file}`,
  );
  const shared: Finding[] = r.shared.map((s) => {
    // a list right above the sample is the page saying so; a resource line grouping topics is not as explicit
    const said = r.blocks.find((b) => b.ref === s.sample)?.pairedBy === 'bullet list';
    return {
      at: P(s.sample),
      kind: said ? 'note' : 'todo',
      message: `one sample is the payload of ${s.topics.length} topics${said ? ' (the page lists them right above it)' : ''}`,
      expected: 'every one of these topics sends this shape',
      found: s.topics.join(', '),
      fix: said ? 'nothing, unless another page of the docs shows a topic of these with another shape' : 'check it against the docs (a */delete topic may send only an id); give a topic its own model where it differs',
    };
  });
  const repaired: Finding[] = r.blocks
    .filter((b) => b.status === 'repaired')
    .map((b) => ({
      at: `${page}:${b.line}`,
      kind: 'repaired',
      message: `JSON block (lines ${b.line}-${b.endLine}) needed ${b.repairs.length} repair(s); ${b.file ? `the repaired JSON is ${P(b.file)}` : 'it is not written'}`,
      list: groupRepairs(page, b.repairs),
      fix: b.file
        ? `check ${P(b.file)} against the page${b.repairs.some((x) => x.kind === 'placeholder') ? '; what placeholders became ({}, [] or null) needs a hint' : ''}`
        : 'nothing, unless it is a webhook payload (see "Blocks not used")',
    }));
  const skipped: Finding[] = r.blocks
    .filter((b) => b.status === 'skipped')
    .map((b) => ({
      at: `${page}:${b.line}`,
      kind: 'skipped',
      message: b.reason ?? 'not JSON',
      expected: 'a complete JSON object (a payload sample)',
      found: b.detail ?? '',
      fix: b.reason?.startsWith('truncated')
        ? `the page cuts the sample off: copy the complete sample from the provider${b.topics.length ? ` (for ${b.topics.join(', ')})` : ''}, or write the part you need by hand as a sample`
        : b.reason?.startsWith('a fragment')
          ? 'if the payload is this member\'s value, save that value as a sample by hand'
          : b.reason?.startsWith('a JSON array')
            ? 'if each item is a payload, save one item as a sample by hand'
            : 'correct the block by hand (nothing was guessed)',
    }));
  const unused: Finding[] = r.blocks
    .filter((b) => b.status !== 'skipped' && b.topics.length === 0)
    .map((b) => ({
      at: `${page}:${b.line}`,
      kind: 'note',
      message: b.file ? `JSON block (lines ${b.line}-${b.endLine}) is not paired with any topic; it is kept as ${P(b.file)}` : `JSON block (lines ${b.line}-${b.endLine}) is not paired with any topic, so it was not written`,
      found: b.context ? `the nearest line above reads ${JSON.stringify(b.context)}` : 'nothing above it',
      fix: b.file
        ? `if it is a webhook payload, add it to a model's samples: (and the model to its topics in ${P('topics.yaml')}); else delete it`
        : 'nothing if it is an API request or response; if it is a webhook payload, put its topics on the line above it and import again',
    }));
  const notes: Finding[] = [];
  for (const b of r.blocks) {
    for (const n of b.notes) notes.push({ at: `${page}:${n.line}:${n.col}`, kind: 'note', message: n.detail, fix: 'replace it with a real value, or give the field a hint' });
    if (b.pairedBy === 'resource name') {
      notes.push({
        at: `${page}:${b.line}`,
        kind: 'note',
        message: `the block under "${b.model}" was paired by resource name with ${b.topics.join(', ')}`,
        expected: 'the page to say which topics carry it',
        found: 'a block under a heading or line naming the resource, and topics of that resource without a sample',
        fix: `check it; remove a topic from payload: [${b.model}] in ${P('topics.yaml')} if it sends something else`,
      });
    }
  }
  return [
    { title: 'Open questions: `npm run generate` fails until each is settled', findings: questions },
    { title: 'provider.yaml', findings: provider },
    { title: 'Payloads the spec cannot model yet', findings: notModelled },
    { title: 'Samples whose body names another topic', findings: conflicts },
    { title: 'Names not taken as topics', findings: names },
    { title: 'Topics without a sample', findings: noSample },
    { title: 'Fields that need a hint', findings: hints },
    { title: 'Integers above 2^53', findings: int64 },
    { title: 'Strings of digits', findings: digits },
    { title: 'Samples shared by several topics', findings: shared },
    { title: 'Repairs made', findings: repaired },
    { title: 'Blocks skipped', findings: skipped },
    { title: 'Blocks not used', findings: unused },
    { title: 'Notes', findings: notes },
  ];
}

/** One line per (line, kind), counted: `page:25:1: re-quoted ... (4 times on this line)`. */
function groupRepairs(page: string, repairs: readonly { line: number; col: number; kind: string; detail: string }[]): string[] {
  const groups = new Map<string, { line: number; col: number; detail: string; n: number }>();
  for (const x of repairs) {
    const key = `${x.line} ${x.kind}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { line: x.line, col: x.col, detail: x.detail, n: 1 });
  }
  return [...groups.values()].map((g) => `${page}:${g.line}:${g.col}: ${g.detail}${g.n > 1 ? ` (and ${g.n - 1} more like it on this line)` : ''}`);
}

/** The whole report as Markdown (each section's findings in a text block). */
export function renderReport(r: ImportFindings): string {
  const withSample = r.topics.filter((t) => t.models.length).length;
  const count = (s: string) => r.blocks.filter((b) => b.status === s).length;
  const written = r.blocks.filter((b) => b.file).length;
  const paired = r.blocks.filter((b) => b.status !== 'skipped' && b.topics.length > 0).length;
  const untyped = r.fields.filter((f) => f.kind === 'null' || f.kind === 'empty-array' || f.kind === 'empty-object').length;
  const wildcards = r.skippedNames.filter((n) => n.reason.startsWith('a wildcard')).length;
  const ts = r.topicSource;
  const lines = [
    `# Import report: ${r.provider}`,
    '',
    `Source: ${r.source} (${r.format})`,
    `Skeleton: ${r.dir}/ (provider.yaml, topics.yaml, ${r.models.length} model(s), ${written} sample file(s))`,
    '',
    `- ${r.topics.length} topic(s): ${withSample} with a payload model, ${r.topics.length - withSample} without; ${r.skippedNames.length} name(s) not taken as topics (${wildcards} wildcard(s))`,
    `- ${r.blocks.length} JSON block(s): ${count('verbatim')} verbatim, ${count('repaired')} repaired, ${count('skipped')} skipped; ${paired} paired with topics, ${written} written, ${r.blocks.filter((b) => b.status !== 'skipped' && b.topics.length === 0).length} not paired`,
    `- delivery: topic from ${ts.kind === 'field' ? `the body field ${ts.field.pointer}` : ts.kind === 'header' ? `the header ${ts.name}` : 'the route (guessed)'}; ${r.envelope ? `envelope: the payload is ${r.envelope.pointer} (members ${r.envelope.fields.join(', ')})` : 'no envelope'}; signature ${r.delivery.signature ? r.delivery.signature.header.name : 'none'}`,
    `- ${untyped} field(s) need a hint, ${r.fields.filter((f) => f.kind === 'int64').length} integer field(s) above 2^53, ${r.fields.filter((f) => f.kind === 'int-string').length} string(s) of digits, ${r.shared.length} sample(s) shared by several topics`,
    `- ${r.questions.length} open question(s); edits before \`npm run generate\` passes: ${r.questions.length + untyped} (${r.questions.length} entr${r.questions.length === 1 ? 'y' : 'ies'} of \`unconfirmed:\` to check and delete, ${untyped} hint(s) to add${untyped ? ` in ${new Set(r.fields.filter((f) => f.kind === 'null' || f.kind === 'empty-array' || f.kind === 'empty-object').map((f) => f.model)).size} model file(s), listed there commented out` : ''})`,
    '',
    r.questions.length
      ? `\`npm run generate\` reports each open question as a problem (provider.yaml, \`unconfirmed:\`) until it is checked and its entry deleted${untyped ? ', and stops with "cannot type ... in every sample" for each field under "Fields that need a hint" until it has a hint' : ''}.`
      : untyped
        ? `Until every field under "Fields that need a hint" has a hint, \`npm run generate\` stops with "cannot type ... in every sample" for each of them.`
        : 'Nothing is guessed that a receiver depends on: settle the TODOs below, then run `npm run generate`.',
  ];
  for (const s of reportSections(r)) {
    if (s.findings.length === 0) continue;
    lines.push('', `## ${s.title} (${s.findings.length})`, '', '```text', s.findings.map(formatFinding).join('\n\n'), '```');
  }
  return lines.join('\n') + '\n';
}
