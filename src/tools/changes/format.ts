/**
 * The three forms of a changes report: human (a terminal), Markdown (a pull-request comment,
 * at most 65,536 characters: GitHub's limit for a comment body) and JSON (the report itself).
 */
import { escapeMd, mdCode } from '../../print/markup.js';
import { RULES, type Change, type ChangeClass, type ChangeKind, type ChangesReport, type Rule } from './types.js';

/** GitHub's limit for the body of an issue or pull-request comment. */
export const MARKDOWN_LIMIT = 65_536;

const CLASSES: readonly ChangeClass[] = ['breaking', 'additive', 'docs'];
const TITLE: Record<ChangeClass, string> = { breaking: 'Breaking', additive: 'Additive', docs: 'Docs-only' };
const NAME: Record<ChangeClass, string> = { breaking: 'breaking', additive: 'additive', docs: 'docs-only' };

/** `2 breaking, 1 additive, 0 docs-only` */
export function countsText(r: ChangesReport): string {
  return CLASSES.map((c) => `${r.counts[c]} ${NAME[c]}`).join(', ');
}

/** Where a change is, for people: `Order /email`, `topic orders/create`, `provider.yaml /delivery/signature`. */
export function placeText(c: Change): string {
  if (c.in === 'topics.yaml' && c.topic !== undefined) return `topic ${c.topic}${c.pointer.endsWith('/payload') ? ' payload' : ''}`;
  return c.pointer === '' ? c.in : `${c.in} ${c.pointer}`;
}

function topicsText(c: Change, max = 3): string {
  const t = c.topics ?? [];
  if (t.length === 0) return '';
  return t.length <= max ? t.join(', ') : `${t.slice(0, max).join(', ')} +${t.length - max}`;
}

const SGR: Record<ChangeClass | 'bold', [string, string]> = { breaking: ['\u001b[31m', '\u001b[39m'], additive: ['\u001b[32m', '\u001b[39m'], docs: ['\u001b[2m', '\u001b[22m'], bold: ['\u001b[1m', '\u001b[22m'] };

/** The terminal form: a summary line, then the changes by class. */
export function formatHuman(r: ChangesReport, opts: { color?: boolean } = {}): string {
  const paint = (k: ChangeClass | 'bold', s: string) => (opts.color ? `${SGR[k][0]}${s}${SGR[k][1]}` : s);
  const head = `changes: ${r.base} → ${r.head}`;
  if (r.changes.length === 0) return `${head}: no changes to the generated code.\n`;
  const lines = [`${head}: ${paint('bold', r.bump)} bump (${countsText(r)})`];
  for (const cls of CLASSES) {
    const list = r.changes.filter((c) => c.class === cls);
    if (!list.length) continue;
    lines.push('', paint(cls, `${NAME[cls]} (${list.length})`));
    for (const c of list) {
      const topics = topicsText(c);
      lines.push(`  ${c.provider} ${placeText(c)}: ${c.message}  [${c.kind}${topics ? `; ${topics}` : ''}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON form: the report as it is. */
export function formatJson(r: ChangesReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function row(c: Change): string {
  const topics = c.topics?.length ? `${c.topics.slice(0, 3).map((t) => mdCode(t, { table: true })).join(', ')}${c.topics.length > 3 ? ` +${c.topics.length - 3}` : ''}` : c.topic !== undefined ? mdCode(c.topic, { table: true }) : '';
  const where = c.pointer === '' ? mdCode(c.in, { table: true }) : `${mdCode(c.in, { table: true })} ${mdCode(c.pointer, { table: true })}`;
  return `| ${escapeMd(c.provider)} | ${where} | ${escapeMd(c.message)} | ${mdCode(c.kind)} | ${topics} |`;
}

/**
 * The pull-request comment: a heading with the bump, the counts, a table per class (docs-only
 * folded). Longer than 65,536 characters, the last rows give way to a line that says how many
 * were left out; breaking changes come first, so they are the last to go.
 */
export function formatMarkdown(r: ChangesReport, opts: { limit?: number } = {}): string {
  const limit = opts.limit ?? MARKDOWN_LIMIT;
  const head = [`## Webhook spec changes: ${r.changes.length ? `**${r.bump}**` : 'none'}`, '', `${mdCode(r.base)} → ${escapeMd(r.head)}: ${r.changes.length ? countsText(r) : 'no changes to the generated code'}.`];
  const foot = ['', '<sub>From <code>webhook-typegen changes</code>. Breaking: a receiver’s code may stop compiling, or its validators reject deliveries they accepted before. Additive: new things only. Docs-only: prose and samples.</sub>', ''];
  const out: string[] = [...head];
  let size = [...head, ...foot].join('\n').length + 1;
  let omitted = 0;
  const reserve = 200;
  for (const cls of CLASSES) {
    const list = r.changes.filter((c) => c.class === cls);
    if (!list.length) continue;
    const open = cls === 'docs' ? ['', `<details><summary>${TITLE[cls]} (${list.length})</summary>`, ''] : ['', `### ${TITLE[cls]} (${list.length})`, ''];
    const table = ['| provider | where | change | kind | topics |', '|---|---|---|---|---|'];
    const close = cls === 'docs' ? ['', '</details>'] : [];
    const fixed = [...open, ...table, ...close].join('\n').length + 1;
    if (size + fixed + reserve > limit) {
      omitted += list.length;
      continue;
    }
    const rows: string[] = [];
    let used = size + fixed;
    for (const [i, c] of list.entries()) {
      const line = row(c);
      if (used + line.length + 1 + reserve > limit) {
        omitted += list.length - i;
        break;
      }
      rows.push(line);
      used += line.length + 1;
    }
    if (rows.length === 0) continue;
    out.push(...open, ...table, ...rows, ...close);
    size = used;
  }
  if (omitted) out.push('', `… and ${omitted} more change${omitted === 1 ? '' : 's'} not shown here (a comment holds at most ${limit} characters): run \`webhook-typegen changes --format json\` for all of them.`);
  return `${[...out, ...foot].join('\n')}`;
}

/**
 * The rules as the help text prints them (docs/changes.md holds this text; a test keeps the
 * two equal): each kind with its class (payloads and responses; API inputs where they differ),
 * then why, indented.
 */
export function rulesText(): string {
  const kinds = Object.keys(RULES) as ChangeKind[];
  const width = Math.max(...kinds.map((k) => k.length));
  return kinds
    .map((k) => {
      const rule: Rule = RULES[k];
      const cls = rule.input && rule.input !== rule.reader ? `${NAME[rule.reader]} when read, ${NAME[rule.input]} as an API input` : NAME[rule.reader];
      return `  ${k.padEnd(width)}  ${cls}\n      ${rule.why}\n`;
    })
    .join('');
}
