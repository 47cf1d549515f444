/** `npm run generate [-- --check]`: the command-line face of generate.js. */
import { join } from 'node:path';
import { generate } from '../generate.js';
import { missingSpecProblem, resolveProject } from '../project/project.js';
import { createCache } from '../util/cache.js';
import { evidenceFixes } from '../tools/drift/absorb.js';
import { formatProblem } from '../util/diagnostics.js';
import { helpText, processIo, useColor, type CliIo } from './io.js';

/** What the launcher adds to an internal error of this command. */
export const INTERNAL_ERROR_NOTE = 'generated/ was not changed.';

export interface GenerateArgs {
  check: boolean;
  help: boolean;
  cache: boolean;
  specDir: string;
  outDir: string;
  root: string;
  /** --config: the config file (default: webhook-typegen.config.json, looked for from the root upwards) */
  config?: string;
  /** the options given on the command line (they override the config file's) */
  given: { spec: boolean; out: boolean; root: boolean };
  /** the first bad argument */
  error?: string;
}

/** Parses the command line; the first problem is in `error`. */
export function parseArgs(argv: readonly string[]): GenerateArgs {
  const opts: GenerateArgs = { check: false, help: false, cache: !process.env.WEBHOOK_TYPEGEN_NO_CACHE, specDir: 'spec', outDir: 'generated', root: process.cwd(), given: { spec: false, out: false, root: false } };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--no-cache') opts.cache = false;
    else if (a === '--spec' || a === '--out' || a === '--root' || a === '--config') {
      const v = argv[++i];
      if (!v || v.startsWith('--')) return { ...opts, error: `${a} needs a value` };
      if (a === '--spec') [opts.specDir, opts.given.spec] = [v, true];
      else if (a === '--out') [opts.outDir, opts.given.out] = [v, true];
      else if (a === '--config') opts.config = v;
      else [opts.root, opts.given.root] = [v, true];
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
  // the project: a config file (found from the root upwards) names the folders and providers;
  // without one, spec/ and generated/ under the root, as always
  const resolved = resolveProject({ cwd: process.cwd(), ...(opts.given.root ? { root: opts.root } : {}), ...(opts.config !== undefined ? { config: opts.config } : {}), ...(opts.given.spec ? { spec: opts.specDir } : {}), ...(opts.given.out ? { out: opts.outDir } : {}) });
  const project = resolved.project;
  // the output folder is checked by generate itself (write/output.ts: checkOutputDir, the marker file)
  const refused = project ? missingSpecProblem(project, process.cwd()) : undefined;
  if (!project || refused) {
    const problems = refused ? [refused] : resolved.problems;
    io.stderr.write(problems.map(formatProblem).join('\n\n') + '\n\n');
    io.stderr.write(`generate: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed.\n`);
    return 1;
  }
  opts.specDir = project.specDir;
  opts.outDir = project.outDir;
  const result = await generate({ ...opts, root: project.root, sources: project.sources, output: project.output, ...(project.configFile !== undefined ? { cacheDir: join(project.root, 'node_modules', '.cache', 'webhook-typegen') } : {}) });
  if (!result.ok) {
    // an untyped field that another model's sample types gets that type as its fix
    const problems = result.model ? evidenceFixes(result.model, result.problems) : result.problems;
    io.stderr.write(problems.map(formatProblem).join('\n\n') + '\n\n');
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
    // what the spec change means (against the committed spec), above the text diff
    const cacheDir = project.configFile !== undefined ? join(project.root, 'node_modules', '.cache', 'webhook-typegen') : undefined;
    // loaded only here: a stale --check is the one case that needs it
    const { summaryAgainstHead } = await import('../tools/changes/changes.js');
    const summary = await summaryAgainstHead(project, process.cwd(), createCache({ enabled: opts.cache, ...(cacheDir !== undefined ? { dir: cacheDir } : {}) }), { color: useColor(io.stdout) });
    if (summary !== undefined) io.stdout.write(`${summary}\n`);
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
