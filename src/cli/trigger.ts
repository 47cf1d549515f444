/** `npm run trigger -- --provider <p> --topic <t> --to <url> [--secret <s>] [options]` */
import { formatRequest, formatResponse, loadTriggerProvider, trigger, TriggerDeliveryError, TriggerUsageError } from '../tools/trigger/trigger.js';
import { resolveProject } from '../project/project.js';
import { closest, formatProblem } from '../util/diagnostics.js';
import { helpText, processIo, type CliIo } from './io.js';

export interface TriggerArgs {
  provider?: string;
  topic?: string;
  to?: string;
  secret?: string;
  seed?: number;
  fields?: string[];
  format?: string;
  shop?: string;
  headers: Record<string, string>;
  dryRun: boolean;
  timeout?: number;
  listTopics: boolean;
  help: boolean;
  root: string;
  /** --root was given */
  rootGiven?: boolean;
  /** --out: the generated folder (default: the config's `out`, else generated) */
  out?: string;
  /** --config: the config file (default: webhook-typegen.config.json, looked for from the root upwards) */
  config?: string;
  /** the first bad argument, in one line */
  error?: string;
  /** a required option that is missing (reported once the provider is known to be valid) */
  missing?: string;
}

/** Options that take a value. */
const VALUED = ['--provider', '--topic', '--to', '--secret', '--seed', '--fields', '--format', '--shop', '--header', '--timeout', '--root', '--out', '--config'];
/** Flags. */
const FLAGS = ['--dry-run', '--list-topics', '--help', '-h'];

/** Parses the command line (`--name value` or `--name=value`); the first problem is in `error`. */
export function parseTriggerArgs(argv: readonly string[]): TriggerArgs {
  const o: TriggerArgs = { headers: {}, dryRun: false, listTopics: false, help: false, root: process.cwd() };
  const seen = new Set<string>();
  try {
    for (let i = 0; i < argv.length; i++) {
      let a = argv[i];
      let inline: string | undefined;
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 2) [a, inline] = [a.slice(0, eq), a.slice(eq + 1)];
      if (FLAGS.includes(a)) {
        if (inline !== undefined) throw new TriggerUsageError(`${a} takes no value`);
        if (a === '--dry-run') o.dryRun = true;
        else if (a === '--list-topics') o.listTopics = true;
        else o.help = true;
        continue;
      }
      if (!VALUED.includes(a)) {
        if (a.startsWith('-')) {
          const guess = closest(a, [...VALUED, ...FLAGS]);
          throw new TriggerUsageError(`unknown option ${a}${guess ? `; did you mean ${guess}?` : ''} (see --help)`);
        }
        throw new TriggerUsageError(`unexpected argument "${a}": every value follows its option, as in --topic <topic> (see --help)`);
      }
      let v = inline;
      if (v === undefined) {
        v = argv[++i];
        if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new TriggerUsageError(`${a} needs a value`);
      }
      if (a !== '--header') {
        if (seen.has(a)) throw new TriggerUsageError(`${a} is given twice`);
        seen.add(a);
      }
      if (a === '--provider') o.provider = v;
      else if (a === '--topic') o.topic = v;
      else if (a === '--to') o.to = v;
      else if (a === '--secret') o.secret = v;
      else if (a === '--shop') o.shop = v;
      else if (a === '--format') o.format = v;
      else if (a === '--root') [o.root, o.rootGiven] = [v, true];
      else if (a === '--out') o.out = v;
      else if (a === '--config') o.config = v;
      else if (a === '--seed') {
        if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new TriggerUsageError(`--seed: expected an integer, not "${v}"`);
        o.seed = Number(v);
      } else if (a === '--timeout') {
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) === 0) throw new TriggerUsageError(`--timeout: expected a positive number of milliseconds, not "${v}"`);
        o.timeout = Number(v);
      } else if (a === '--fields') {
        const fields = v.split(',').map((f) => f.trim());
        o.fields = fields;
        if (fields.some((f) => f === '')) throw new TriggerUsageError(`--fields: expected comma-separated field names, not "${v}"`);
      } else if (a === '--header') {
        const at = v.indexOf('=');
        if (at <= 0) throw new TriggerUsageError(`--header: expected Name=value, not "${v}"`);
        const name = v.slice(0, at).trim();
        if (Object.keys(o.headers).some((k) => k.toLowerCase() === name.toLowerCase())) throw new TriggerUsageError(`--header ${name} is given twice`);
        o.headers[name] = v.slice(at + 1);
      }
    }
  } catch (e) {
    if (!(e instanceof TriggerUsageError)) throw e;
    return { ...o, error: e.message };
  }
  if (o.help) return o;
  if (o.provider === undefined) o.error = '--provider is required (see --help)';
  else if (o.listTopics) return o;
  else if (o.topic === undefined) o.missing = '--topic is required (see --list-topics)';
  else if (o.to === undefined) o.missing = '--to is required: the URL to send the webhook to';
  return o;
}

/**
 * Runs `trigger`; resolves with the exit code (0 a 2xx answer or a dry run, 1 another answer or
 * no answer, 2 usage). Output goes to the given streams.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const o = parseTriggerArgs(argv);
  if (o.help) {
    io.stdout.write(helpText('trigger'));
    return 0;
  }
  try {
    if (o.error !== undefined) throw new TriggerUsageError(o.error);
    if (o.provider === undefined) throw new TriggerUsageError('--provider is required (see --help)');
    // the project: its config names the spec sources and the generated folder
    const resolved = resolveProject({ cwd: process.cwd(), ...(o.rootGiven ? { root: o.root } : {}), ...(o.config !== undefined ? { config: o.config } : {}), ...(o.out !== undefined ? { out: o.out } : {}) });
    const project = resolved.project;
    if (!project) {
      io.stderr.write(`${resolved.problems.map(formatProblem).join('\n\n')}\n\ntrigger: the project cannot be read; nothing was sent.\n`);
      return 2;
    }
    const root = project.root;
    const place = { sources: project.sources, outDir: project.outDir };
    const provider = o.provider;
    // an unknown provider is the first thing to say, before what else is missing
    const p = await loadTriggerProvider(root, provider, place);
    if (o.listTopics) {
      io.stdout.write(p.topics.map((t) => `${t}\n`).join(''));
      return 0;
    }
    if (o.missing !== undefined) throw new TriggerUsageError(o.missing);
    if (o.topic === undefined || o.to === undefined) throw new TriggerUsageError(o.topic === undefined ? '--topic is required (see --list-topics)' : '--to is required: the URL to send the webhook to');
    const { request, response } = await trigger({
      provider,
      topic: o.topic,
      to: o.to,
      secret: o.secret,
      seed: o.seed,
      fields: o.fields,
      format: o.format,
      shop: o.shop,
      headers: o.headers,
      dryRun: o.dryRun,
      timeout: o.timeout,
      root,
      ...place,
    });
    if (!response) {
      io.stdout.write(formatRequest(request));
      return 0;
    }
    io.stdout.write(`${formatResponse(response)}\n`);
    return response.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof TriggerUsageError) {
      io.stderr.write(`trigger: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TriggerDeliveryError) {
      io.stderr.write(`trigger: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** The old name of {@link main}. */
export const runTrigger = main;
