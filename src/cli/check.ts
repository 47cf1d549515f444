/** `webhook-typegen check`: `generate --check` under its own name (CI runs it on every pull request). */
import { main as generateMain } from './generate.js';
import { helpText, processIo, type CliIo } from './io.js';

/** What the launcher adds to an internal error of this command. */
export const INTERNAL_ERROR_NOTE = 'Nothing was written.';

/** Runs `check`; the exit codes of `generate --check` (0 up to date, 1 stale or spec problems, 2 usage). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(helpText('check'));
    return 0;
  }
  if (argv.includes('--check')) {
    io.stderr.write('check: --check is what check does; leave it out\n(webhook-typegen check --help for usage)\n');
    return 2;
  }
  return generateMain(['--check', ...argv], io);
}
