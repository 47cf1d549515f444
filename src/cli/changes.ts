/** `webhook-typegen changes [--base <git ref or folder>] [--head …] [--format human|markdown|json] [--fail-on breaking]` */
import { join } from 'node:path';
import { resolveProject } from '../project/project.js';
import { changes, ChangesUsageError, formatHuman, formatJson, formatMarkdown, type ChangeClass, type ChangesReport } from '../tools/changes/changes.js';
import { createCache } from '../util/cache.js';
import { closest, formatProblem } from '../util/diagnostics.js';
import { helpText, processIo, useColor, type CliIo } from './io.js';

export type FailOn = ChangeClass | 'none';

export interface ChangesArgs {
  base?: string;
  head?: string;
  format: 'human' | 'markdown' | 'json';
  failOn: FailOn;
  config?: string;
  root?: string;
  spec?: string;
  cache: boolean;
  help: boolean;
  /** the first bad argument, in one line */
  error?: string;
}

const VALUED = ['--base', '--head', '--format', '--fail-on', '--config', '--root', '--spec'];
const FLAGS = ['--no-cache', '--help', '-h'];

/** Parses the command line (`--name value` or `--name=value`); the first problem is in `error`. */
export function parseChangesArgs(argv: readonly string[]): ChangesArgs {
  const o: ChangesArgs = { format: 'human', failOn: 'none', cache: !process.env.WEBHOOK_TYPEGEN_NO_CACHE, help: false };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i] ?? '';
    let v: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 2) [a, v] = [a.slice(0, eq), a.slice(eq + 1)];
    if (FLAGS.includes(a)) {
      if (v !== undefined) return { ...o, error: `${a} takes no value` };
      if (a === '--no-cache') o.cache = false;
      else o.help = true;
      continue;
    }
    if (!VALUED.includes(a)) {
      const guess = a.startsWith('-') ? closest(a, [...VALUED, ...FLAGS]) : undefined;
      return { ...o, error: a.startsWith('-') ? `unknown option ${a}${guess ? `; did you mean ${guess}?` : ''}` : `unexpected argument "${a}": give the states with --base and --head` };
    }
    if (v === undefined) {
      v = argv[++i];
      if (v === undefined || v.startsWith('--')) return { ...o, error: `${a} needs a value` };
    }
    if (a === '--base') o.base = v;
    else if (a === '--head') o.head = v;
    else if (a === '--config') o.config = v;
    else if (a === '--root') o.root = v;
    else if (a === '--spec') o.spec = v;
    else if (a === '--format') {
      if (v !== 'human' && v !== 'markdown' && v !== 'json') return { ...o, error: `--format: expected human, markdown or json, not "${v}"` };
      o.format = v;
    } else if (a === '--fail-on') {
      if (v !== 'breaking' && v !== 'additive' && v !== 'docs' && v !== 'none') return { ...o, error: `--fail-on: expected breaking, additive, docs or none, not "${v}"` };
      o.failOn = v;
    }
  }
  return o;
}

/** True when the report has a change of class `failOn` or a more severe one. */
export function fails(r: ChangesReport, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'breaking') return r.counts.breaking > 0;
  if (failOn === 'additive') return r.counts.breaking + r.counts.additive > 0;
  return r.changes.length > 0;
}

/**
 * Runs `changes`; resolves with the exit code: 0 compared (and nothing at or above --fail-on),
 * 1 changes at or above --fail-on, 2 bad arguments, a bad config or a state that cannot be read.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const o = parseChangesArgs(argv);
  if (o.help) {
    io.stdout.write(helpText('changes'));
    return 0;
  }
  if (o.error !== undefined) {
    io.stderr.write(`changes: ${o.error}\n(webhook-typegen changes --help for usage)\n`);
    return 2;
  }
  const cwd = process.cwd();
  const resolved = resolveProject({ cwd, ...(o.root !== undefined ? { root: o.root } : {}), ...(o.config !== undefined ? { config: o.config } : {}), ...(o.spec !== undefined ? { spec: o.spec } : {}) });
  const project = resolved.project;
  if (!project) {
    io.stderr.write(`${resolved.problems.map(formatProblem).join('\n\n')}\n\nchanges: the project cannot be read; nothing was compared.\n`);
    return 2;
  }
  const cache = createCache({ enabled: o.cache, ...(project.configFile !== undefined ? { dir: join(project.root, 'node_modules', '.cache', 'webhook-typegen') } : {}) });
  let report: ChangesReport;
  try {
    report = await changes({ project, cwd, cache, ...(o.base !== undefined ? { base: o.base } : {}), ...(o.head !== undefined ? { head: o.head } : {}) });
  } catch (e) {
    if (!(e instanceof ChangesUsageError)) throw e;
    io.stderr.write(`changes: ${e.message}\n`);
    return 2;
  }
  io.stdout.write(o.format === 'json' ? formatJson(report) : o.format === 'markdown' ? formatMarkdown(report) : formatHuman(report, { color: useColor(io.stdout) }));
  return fails(report, o.failOn) ? 1 : 0;
}
