#!/usr/bin/env node
// @ts-check
/** `npm run generate [-- --check]`: the command-line face of generate.js. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from '../generate.js';
import { formatProblem } from '../util/diagnostics.js';
import { packagePath } from '../util/paths.js';

const HELP = readFileSync(packagePath('docs', 'generate.md'), 'utf8');

/**
 * @param {string[]} argv
 * @returns {{ check: boolean, help: boolean, cache: boolean, specDir: string, outDir: string, root: string, error?: string }}
 */
export function parseArgs(argv) {
  const opts = { check: false, help: false, cache: !process.env.WEBHOOK_TYPEGEN_NO_CACHE, specDir: 'spec', outDir: 'generated', root: process.cwd() };
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

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.error) {
    process.stderr.write(`generate: ${opts.error}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const result = await generate(opts);
  if (!result.ok) {
    process.stderr.write(result.problems.map(formatProblem).join('\n\n') + '\n\n');
    process.stderr.write(`generate: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${opts.specDir}/; ${opts.outDir}/ was not changed.\n`);
    return 1;
  }
  const counts = result.model.providers.map((p) => `${p.id}: ${p.topics.length} topics, ${p.models.length} models`).join('; ');
  if (opts.check) {
    if (result.changed.length === 0) {
      process.stdout.write(`generate --check: ${opts.outDir}/ is up to date (${counts}).\n`);
      return 0;
    }
    process.stdout.write(result.diff);
    process.stderr.write(`\ngenerate --check: ${opts.outDir}/ is stale: ${result.changed.length} file(s) differ (${result.changed.slice(0, 5).join(', ')}${result.changed.length > 5 ? ', ...' : ''}).\nRun \`npm run generate\` and commit the result.\n`);
    return 1;
  }
  process.stdout.write(
    result.changed.length === 0
      ? `generate: ${opts.outDir}/ already up to date (${counts}).\n`
      : `generate: wrote ${opts.outDir}/ (${result.changed.length} file(s) changed; ${counts}).\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // not a spec problem: a bug or an environment failure; keep it one readable paragraph
    const err = /** @type {Error} */ (e);
    process.stderr.write(`generate: internal error: ${err?.message ?? String(e)}\n${process.env.DEBUG ? err?.stack + '\n' : 'Set DEBUG=1 for the stack trace, and please report it.\n'}generated/ was not changed.\n`);
    process.exitCode = 2;
  },
);
