// @ts-check
/** The three renderings of a drift report: human (optionally coloured), JSON, Markdown. */

/** @typedef {import('./drift.js').DriftReport} DriftReport */

const LABEL = /** @type {Record<string, string>} */ ({
  added: 'added',
  missing: 'missing',
  retyped: 'retyped',
  nullability: 'nullability',
  value: 'value',
  precision: 'precision',
});
const COLOR = /** @type {Record<string, string>} */ ({ added: '36', missing: '31', retyped: '35', nullability: '33', value: '33', precision: '31' });

/**
 * @param {DriftReport} report
 * @param {'human' | 'json' | 'markdown'} format
 * @param {{ color?: boolean }} [opts]
 */
export function formatReport(report, format, opts = {}) {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'markdown') return markdown(report);
  return human(report, opts.color === true);
}

/** @param {DriftReport} r @param {boolean} color */
function human(r, color) {
  const c = (/** @type {string} */ code, /** @type {string} */ s) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines = [];
  for (const f of r.findings) {
    lines.push(`${c(COLOR[f.kind], LABEL[f.kind].padEnd(11))} ${f.topic} ${c('1', f.path || '/')}  (${f.count} payload${f.count === 1 ? '' : 's'})`);
    lines.push(`            expected ${f.expected}, received ${f.received}`);
    lines.push(`            fix: ${f.fix}`);
    lines.push(`            e.g. ${f.files[0]} at ${f.example}`);
  }
  for (const e of r.errors) lines.push(`${c('31', 'error'.padEnd(11))} ${e.file}: ${e.message}`);
  const n = r.findings.length;
  lines.push(
    n === 0 && r.errors.length === 0
      ? `${c('32', 'no drift')}: ${r.payloads} ${r.provider} payload${r.payloads === 1 ? '' : 's'} match the spec.`
      : `${n} finding${n === 1 ? '' : 's'} in ${r.payloads} ${r.provider} payload${r.payloads === 1 ? '' : 's'}${r.errors.length ? `, ${r.errors.length} input${r.errors.length === 1 ? '' : 's'} not compared` : ''}.`,
  );
  return lines.join('\n') + '\n';
}

/** @param {string} s */
function cell(s) {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** @param {DriftReport} r */
function markdown(r) {
  const lines = [`### Webhook payload drift: ${r.provider}`, ''];
  if (r.findings.length === 0 && r.errors.length === 0) {
    lines.push(`No drift: ${r.payloads} payload(s) match the spec.`);
    return lines.join('\n') + '\n';
  }
  lines.push(`${r.findings.length} finding(s) in ${r.payloads} payload(s).`, '');
  if (r.findings.length) {
    lines.push('| kind | topic | path | expected | received | payloads | fix |', '|---|---|---|---|---|---|---|');
    for (const f of r.findings) lines.push(`| ${f.kind} | \`${f.topic}\` | \`${f.path || '/'}\` | ${cell(f.expected)} | ${cell(f.received)} | ${f.count} | ${cell(f.fix)} |`);
  }
  if (r.errors.length) {
    lines.push('', '**Not compared**', '');
    for (const e of r.errors) lines.push(`- \`${e.file}\`: ${cell(e.message)}`);
  }
  return lines.join('\n') + '\n';
}
