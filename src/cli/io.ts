/**
 * What every CLI module shares: the streams it writes to, and its help text. Each
 * `src/cli/<command>.ts` exports `main(argv, io?)`, which resolves with the exit code and runs
 * nothing on import; `bin/webhook-typegen.mjs` calls it, sets the exit code, and reports an
 * unexpected error in one place.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../util/paths.js';

/** A stream a CLI writes to: `process.stdout`, or a test's collector. */
export interface OutStream {
  write(text: string): unknown;
  /** true on a terminal (drift colours its report there) */
  isTTY?: boolean;
}

/** The streams a CLI writes to (default: the process's). */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
}

/** The signature every `src/cli/<command>.ts` exports as `main`. */
export type CliMain = (argv: readonly string[], io?: CliIo) => Promise<number>;

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** The help text of a command (`cli`: the overview): `docs/<command>.md`, read when asked for. */
export function helpText(command: 'generate' | 'check' | 'changes' | 'drift' | 'trigger' | 'import' | 'cli'): string {
  return readFileSync(packagePath('docs', `${command}.md`), 'utf8');
}

/**
 * Whether to colour what goes to `stream`: FORCE_COLOR (other than 0 or false) forces it,
 * NO_COLOR (non-empty) turns it off, else only on a terminal.
 */
export function useColor(stream: OutStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
