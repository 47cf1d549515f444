#!/usr/bin/env node
// Launcher (a shim, not a source): `webhook-typegen <command> [args]`. Runs the compiled CLI in
// dist/; when a source under src/ or runtime/ is newer than the last build (a contributor's
// edit), it rebuilds first (`npm run build`: runtime/, then src/), so `npm run generate` always
// runs the code in src/ and ships the runtime in runtime/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = ['generate', 'drift', 'trigger', 'import'];
const [command, ...rest] = process.argv.slice(2);
if (!COMMANDS.includes(command ?? '')) {
  process.stderr.write(`webhook-typegen: expected a command (${COMMANDS.join(', ')}), received ${command === undefined ? 'none' : JSON.stringify(command)}\n`);
  process.exit(2);
}

function newestSource(dir, since) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() ? newestSource(p, since) : statSync(p).mtimeMs > since) return true;
  }
  return false;
}

// tsc rewrites its .tsbuildinfo only when an output changed, so the stamp is touched after each
// rebuild: a touched but unchanged source does not make every later run rebuild
const stamp = join(root, 'dist', '.tsbuildinfo');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const since = existsSync(stamp) ? statSync(stamp).mtimeMs : undefined;
const stale = since === undefined || ['src', 'runtime'].some((dir) => existsSync(join(root, dir)) && newestSource(join(root, dir), since));
if (stale && existsSync(tsc)) {
  for (const project of [join(root, 'runtime', 'tsconfig.json'), join(root, 'tsconfig.build.json')]) {
    const r = spawnSync(tsc, ['-p', project], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 2);
  }
  const now = new Date();
  if (existsSync(stamp)) utimesSync(stamp, now, now);
}
const cli = join(root, 'dist', 'src', 'cli', `${command}.js`);
process.argv = [process.argv[0], cli, ...rest];
await import(pathToFileURL(cli).href);
