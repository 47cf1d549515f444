/**
 * The spec skeleton as text: provider.yaml, topics.yaml, models/<Model>.yaml and the
 * samples. Written by hand (not by a YAML dumper) so that every guess can carry a
 * `# TODO:` comment next to the value it concerns. Every file loads with generator/spec.js
 * as it is; what the samples cannot type is left to hints a human adds (listed, commented
 * out, in each model file and in the report).
 */
import { pascalCase } from '../../util/naming.js';
import { sortedEntries } from '../../util/order.js';
import { suggestedHint } from './analyze.js';
import type { Fact } from './delivery.js';
import type { ImportFindings } from './types.js';

/**
 * A YAML scalar: plain when that is unambiguous, else double-quoted (JSON string syntax is
 * valid YAML).
 */
export function yamlScalar(s: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_ .,/+=@()'-]*$/.test(s) &&
    !/\s$/.test(s) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) &&
    !/: |\s#|:$/.test(s);
  return plain ? s : JSON.stringify(s);
}

/** One line for a YAML comment. */
function commentText(s: string, max = 90): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/**
 * The skeleton's files, by path relative to the provider folder, sorted.
 * @param sampleFiles provider-relative path → text
 */
export function renderSkeleton(r: ImportFindings, sampleFiles: ReadonlyMap<string, string>): Map<string, string> {
  const files = new Map<string, string>();
  files.set('provider.yaml', providerYaml(r));
  files.set('topics.yaml', topicsYaml(r));
  for (const m of r.models) {
    const fields = r.fields.filter((f) => f.model === m.name && f.kind !== 'int-string');
    const digits = r.fields.filter((f) => f.model === m.name && f.kind === 'int-string');
    const lines = [
      `# Imported from ${r.source} (${m.lines.length === 1 ? 'the sample at line' : 'the samples at lines'} ${m.lines.join(', ')}) by \`npm run import\`.`,
      `model: ${m.name}`,
      `# TODO: description: what this payload is (TSDoc); topics: ${commentText(m.topics.join(', '), 70)}`,
      'samples:',
      ...m.samples.map((s) => `  - ${s}`),
    ];
    if (fields.length) {
      lines.push('# TODO: hints for what the samples cannot show (see IMPORT-REPORT.md); uncomment and correct:', '# hints:');
      for (const f of fields) {
        const why =
          f.kind === 'null' ? 'null in every sample'
          : f.kind === 'empty-array' ? '[] in every sample'
          : f.kind === 'empty-object' ? '{} in every sample'
          : `${f.value} is above 2^53`;
        lines.push(`#   ${f.pointer}:   # ${why}`, ...suggestedHint(f).map((h) => `#     ${h}`));
      }
    }
    if (digits.length) {
      lines.push(
        '# TODO: strings of digits; they stay strings, as the samples show them (add `type: [string, integer]`',
        `# if the provider also sends them as numbers): ${commentText(digits.map((f) => `${f.pointer} ${f.value}`).join(', '), 200)}`,
      );
    }
    files.set(m.file, lines.join('\n') + '\n');
  }
  for (const [file, text] of sampleFiles) files.set(file, text);
  return new Map(sortedEntries(files));
}

/**
 * How a value came about, as the comment after it: `# read: page line N: <words>` when the
 * page says so, `# guessed: <why>` when it is a guess (also an `unconfirmed:` entry), and
 * `# default: <why>` for a default that the page does not contradict.
 */
function mark(f: Fact, guessed: string, asDefault = false): string {
  if (f.line) return `   # read: page line ${f.line}: ${commentText(f.evidence ?? '', 70)}`;
  return asDefault ? `   # default: ${guessed}` : `   # guessed: ${guessed}`;
}

function providerYaml(r: ImportFindings): string {
  const d = r.delivery;
  const prefix = pascalCase(r.provider);
  const out = [
    `# Skeleton imported by \`npm run import\` from ${r.source}.`,
    '# Each delivery fact says where it comes from: `# read:` (the page line), `# guessed:` (listed',
    '# under `unconfirmed:` below, and a problem of `npm run generate` until confirmed) or',
    '# `# default:`. See IMPORT-REPORT.md.',
    `provider: ${r.provider}`,
    `title: ${yamlScalar(prefix)}   # TODO: the provider's display name`,
    `typePrefix: ${prefix}   # prefix of the provider-level types (${prefix}Topic, ${prefix}Payload<T>)`,
    '# TODO: description: one paragraph on when the provider sends webhooks (TSDoc)',
    'docs:',
    `  - ${yamlScalar(r.source)}`,
    'delivery:',
    `  method: ${d.method.value}${
      d.method.line && /\bGET\b/.test(d.method.evidence ?? '') ? `   # TODO: page line ${d.method.line} names POST and GET: ${commentText(d.method.evidence ?? '', 60)}` : mark(d.method, 'the page does not name the HTTP method (receivers do not check it)', true)
    }`,
    `  body: ${d.body.value}${mark(d.body, 'the page does not say otherwise; its samples are JSON (json-string: a JSON string holding JSON)', true)}`,
    '  topic:',
  ];
  const ts = r.topicSource;
  if (ts.kind === 'field') {
    const f = ts.field;
    const why = `${f.samples === 1 ? 'the one sample holds' : `every sample (${f.samples}) holds`} its topic at ${f.pointer}`;
    out.push(`    field: ${f.pointer}${f.guessed ? `   # guessed: ${why}` : `   # read: ${why}${f.line ? `; page line ${f.line}: ${commentText(f.evidence ?? '', 50)}` : ''}`}`);
    if (ts.header) out.push(`    # the page also names the topic header ${ts.header.name} (line ${ts.header.line}): \`header: ${ts.header.name}\` would do as well`);
  } else if (ts.kind === 'header') out.push(`    header: ${yamlScalar(ts.name)}   # read: page line ${ts.line}`);
  else {
    out.push(
      '    # guessed: the page names no topic header and no body field. `route: true` means one URL per',
      '    # topic (the receiver learns the topic from the URL); else `header: <Name>` or `field: /pointer`.',
      '    route: true',
    );
  }
  const env = r.envelope;
  if (env) {
    const why = `${env.samples === 1 ? 'the one sample wraps' : `every sample (${env.samples}) wraps`} its payload in ${env.pointer}`;
    out.push(
      '  envelope:',
      `    payload: ${env.pointer}${env.guessed ? `   # guessed: ${why}` : `   # read: ${why}${env.line ? `; page line ${env.line}: ${commentText(env.evidence ?? '', 50)}` : ''}`}`,
      `    # the envelope's members: ${commentText(env.fields.join(', '), 80)} (the models type the payload only)`,
    );
  }
  if (d.headers.length === 0) out.push('  headers: []   # the page names no delivery header');
  else {
    out.push('  headers:   # TODO: add `description:`; `field: <camelCase>` exposes a header on receive results; `required: true`');
    for (const h of d.headers) {
      out.push(`    - name: ${yamlScalar(h.name)}   # read: page line ${h.line}`);
      if (h.example) out.push(`      example: ${yamlScalar(h.example)}`);
    }
  }
  const s = d.signature;
  if (!s) {
    out.push(d.unsigned ? `  signature: none${mark(d.unsigned, '')}` : '  signature: none   # guessed: the page describes no signature; confirm, or describe the scheme (spec/README.md)');
  } else {
    out.push(
      '  signature:',
      `    header: ${yamlScalar(s.header.name)}   # read: page line ${s.header.line}`,
      `    algorithm: ${s.algorithm.value}${mark(s.algorithm, 'the page does not name the algorithm')}`,
      `    encoding: ${s.encoding.value}${mark(s.encoding, 'the page gives no example value and does not say how the digest is written')}`,
      `    signed: ${s.signed.value}${mark(s.signed, 'the usual scheme (an HMAC of the raw request body); the page does not say what is signed')}`,
    );
    if (s.prefix) out.push(`    prefix: ${yamlScalar(s.prefix)}   # read: the example value`);
  }
  if (r.questions.length) {
    out.push(
      '# What the import could not decide. `npm run generate` reports each entry as a problem until',
      '# it has been checked against the provider\'s docs, the value above corrected if needed, and the',
      '# entry deleted (delete `unconfirmed:` with the last one).',
      'unconfirmed:',
      ...r.questions.map((q) => `  ${yamlScalar(q.subject)}: ${JSON.stringify(`${q.value}: ${q.why}`)}`),
    );
  }
  return out.join('\n') + '\n';
}

function topicsYaml(r: ImportFindings): string {
  const out = [
    `# Topics found in ${r.source} by \`npm run import\` (page line of each in a comment).`,
    '# A topic without a sample is `undocumented: true` until a sample and model are added.',
  ];
  if (r.topics.length === 0) return [...out, 'topics: {}   # TODO: no topic found on the page'].join('\n') + '\n';
  out.push('topics:');
  for (const t of r.topics) {
    out.push(`  ${yamlScalar(t.topic)}:   # page line ${t.line}`);
    if (t.models.length) {
      out.push(`    resource: ${t.models[0]}`, `    payload: [${t.models.join(', ')}]`);
    } else if (r.blocks.some((b) => b.topics.includes(t.topic) && b.file && !b.model)) {
      const kept = r.blocks.find((b) => b.topics.includes(t.topic) && b.file && !b.model);
      out.push(
        `    # TODO: its sample ${kept?.file ?? ''} holds nothing at ${r.envelope?.pointer ?? '/'}:`,
        '    # without a payload there is no model, so the topic stays undocumented.',
        '    undocumented: true',
      );
    } else if (r.blocks.some((b) => b.topics.includes(t.topic) && b.status === 'skipped')) {
      // the page shows a payload, but not as JSON (a JavaScript object, a fragment)
      const skipped = r.blocks.find((b) => b.topics.includes(t.topic) && b.status === 'skipped');
      out.push(
        `    # TODO: its sample at page line ${skipped?.line ?? 0} is not JSON (${commentText(skipped?.reason ?? '', 70)}):`,
        '    # write it as JSON in samples/<model>.json with models/<Model>.yaml, then `payload: [<Model>]`.',
        '    undocumented: true',
      );
    } else {
      out.push(
        `    # TODO: no sample on the page${t.payloadProse ? ` (it names the payload ${JSON.stringify(commentText(t.payloadProse, 60))})` : ''}: add samples/<model>.json`,
        '    # and models/<Model>.yaml, then replace `undocumented: true` with `payload: [<Model>]`.',
        '    undocumented: true',
      );
    }
    if (t.description) out.push(`    description: ${yamlScalar(t.description)}`);
    if (t.payloadProse) out.push(`    payloadProse: ${yamlScalar(t.payloadProse)}`);
  }
  const wildcards = r.skippedNames.filter((n) => n.reason.startsWith('a wildcard'));
  if (wildcards.length) {
    out.push('# Subscription patterns the page lists: data for subscribing (a delivery names one concrete topic).', 'wildcards:');
    for (const w of wildcards) out.push(`  ${yamlScalar(w.text)}:   # page line ${w.line}`);
  }
  return out.join('\n') + '\n';
}
