#!/usr/bin/env node
// Launcher (a shim, not a source): `webhook-typegen <command> [args]`, the package's `bin`.
// Runs the compiled CLI in dist/. In a checkout of the repository (src/ and tsconfig.build.json
// next to dist/), when a source under src/ or runtime/ is newer than the last build (a
// contributor's edit), it rebuilds first (runtime/, then src/), so `npm run generate` always
// runs the code in src/. An installed copy (no src/ in the package) never rebuilds.
//
// Each dist/src/cli/<command>.js exports `main(argv)` (the exit code) and runs nothing on
// import; this file is the one place that calls it, sets the exit code, and reports an error
// nobody expected.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = ['generate', 'check', 'changes', 'drift', 'trigger', 'import'];
const command = process.argv[2];
if (command === '--version' || command === '-v') {
  process.stdout.write(`${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
  process.exit(0);
}
if (command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(readFileSync(join(root, 'docs', 'cli.md'), 'utf8'));
  process.exit(0);
}
if (!COMMANDS.includes(command ?? '')) {
  const known = command !== undefined && COMMANDS.find((c) => c.startsWith(command) || command.startsWith(c));
  process.stderr.write(`webhook-typegen: expected a command (${COMMANDS.join(', ')}), received ${command === undefined ? 'none' : JSON.stringify(command)}${known ? `; did you mean ${known}?` : ''}\n(webhook-typegen --help for usage)\n`);
  process.exit(2);
}

// A reader that stops early (`| head`) closes the pipe: the rest of the output has nowhere to
// go, which is not an error of the command. Later writes are dropped; the command finishes
// (generate never stops half-way through writing) and exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    if (stream !== process.stderr) process.stderr.write(`${command}: cannot write the output: ${e.message}\n`);
    process.exitCode = 2;
  });
}

function newestSource(dir, since) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() ? newestSource(p, since) : statSync(p).mtimeMs > since) return true;
  }
  return false;
}

/** One paragraph for an error nobody expected: no stack trace unless DEBUG is set. */
function internalError(e, note) {
  const message = e instanceof Error ? e.message : String(e);
  const stack = e instanceof Error && e.stack ? e.stack : message;
  return `${command}: internal error: ${message}\n${process.env.DEBUG ? `${stack}\n` : 'Set DEBUG=1 for the stack trace, and please report it.\n'}${note ? `${note}\n` : ''}`;
}

/** Rebuilds dist/ when a source is newer than the stamp (a contributor's edit); only in a checkout. */
function rebuildIfStale() {
  if (!existsSync(join(root, 'tsconfig.build.json')) || !existsSync(join(root, 'src'))) return;
  // tsc rewrites its .tsbuildinfo only when an output changed, so the stamp is touched after each
  // rebuild: a touched but unchanged source does not make every later run rebuild
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const since = existsSync(stamp) ? statSync(stamp).mtimeMs : undefined;
  const stale = since === undefined || ['src', 'runtime'].some((dir) => existsSync(join(root, dir)) && newestSource(join(root, dir), since));
  if (!stale || !existsSync(tsc)) return;
  for (const project of [join(root, 'runtime', 'tsconfig.json'), join(root, 'tsconfig.build.json')]) {
    const r = spawnSync(tsc, ['-p', project], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 2);
  }
  const now = new Date();
  if (existsSync(stamp)) utimesSync(stamp, now, now);
}

let mod;
try {
  rebuildIfStale();
  mod = await import(pathToFileURL(join(root, 'dist', 'src', 'cli', `${command}.js`)).href);
  if (typeof mod.main !== 'function') throw new Error(`dist/src/cli/${command}.js exports no main(); run \`npm run build\``);
  const code = await mod.main(process.argv.slice(3));
  // a failed write (not EPIPE) may already have set 2
  process.exitCode ??= code;
} catch (e) {
  process.stderr.write(internalError(e, mod?.INTERNAL_ERROR_NOTE));
  process.exitCode = 2;
}
