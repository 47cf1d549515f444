/** `npm run generate [-- --check]`: the command-line face of generate.js. */
import { generate } from '../generate.js';
import { formatProblem } from '../util/diagnostics.js';
import { helpText, processIo, type CliIo } from './io.js';

/** What the launcher adds to an internal error of this command. */
export const INTERNAL_ERROR_NOTE = 'generated/ was not changed.';

export interface GenerateArgs {
  check: boolean;
  help: boolean;
  cache: boolean;
  specDir: string;
  outDir: string;
  root: string;
  /** the first bad argument */
  error?: string;
}

/** Parses the command line; the first problem is in `error`. */
export function parseArgs(argv: readonly string[]): GenerateArgs {
  const opts: GenerateArgs = { check: false, help: false, cache: !process.env.WEBHOOK_TYPEGEN_NO_CACHE, specDir: 'spec', outDir: 'generated', root: process.cwd() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--no-cache') opts.cache = false;
    else if (a === '--spec' || a === '--out' || a === '--root') {
      const v = argv[++i];
      if (!v || v.startsWith('--')) return { ...opts, error: `${a} needs a value` };
      if (a === '--spec') opts.specDir = v;
      else if (a === '--out') opts.outDir = v;
      else opts.root = v;
    } else return { ...opts, error: `unknown argument "${a}"` };
  }
  return opts;
}

/** Runs `generate`; resolves with the exit code (0 written or up to date, 1 spec problems or stale, 2 usage). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const opts = parseArgs(argv);
  if (opts.error) {
    io.stderr.write(`generate: ${opts.error}\n\n${helpText('generate')}`);
    return 2;
  }
  if (opts.help) {
    io.stdout.write(helpText('generate'));
    return 0;
  }
  const result = await generate(opts);
  if (!result.ok) {
    io.stderr.write(result.problems.map(formatProblem).join('\n\n') + '\n\n');
    const n = `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`;
    io.stderr.write(result.stage === 'spec' ? `generate: ${n} in ${opts.specDir}/; ${opts.outDir}/ was not changed.\n` : `generate: ${n} with --out ${opts.outDir}; nothing was written.\n`);
    return 1;
  }
  for (const note of result.notes) io.stderr.write(`generate${opts.check ? ' --check' : ''}: note: ${note}\n`);
  const counts = result.model.providers.map((p) => `${p.id}: ${p.topics.length} topics, ${p.models.length} models`).join('; ');
  if (opts.check) {
    if (result.changed.length === 0) {
      io.stdout.write(`generate --check: ${opts.outDir}/ is up to date (${counts}).\n`);
      return 0;
    }
    io.stdout.write(result.diff);
    io.stderr.write(`\ngenerate --check: ${opts.outDir}/ is stale: ${result.changed.length} file(s) differ (${result.changed.slice(0, 5).join(', ')}${result.changed.length > 5 ? ', ...' : ''}).\nRun \`npm run generate\` and commit the result.\n`);
    return 1;
  }
  io.stdout.write(
    result.changed.length === 0
      ? `generate: ${opts.outDir}/ already up to date (${counts}).\n`
      : `generate: wrote ${opts.outDir}/ (${result.changed.length} file(s) changed; ${counts}).\n`,
  );
  return 0;
}
