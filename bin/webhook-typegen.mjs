#!/usr/bin/env node
// Launcher (a shim, not a source): `webhook-typegen <command> [args]`. Runs the compiled CLI in
// dist/; when a source under src/ is newer than the last build (a contributor's edit), it
// rebuilds first, so `npm run generate` always runs the code in src/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

const stamp = join(root, 'dist', '.tsbuildinfo');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const stale = !existsSync(stamp) || (existsSync(join(root, 'src')) && newestSource(join(root, 'src'), statSync(stamp).mtimeMs));
if (stale && existsSync(tsc)) {
  const r = spawnSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 2);
}
const cli = join(root, 'dist', 'src', 'cli', `${command}.js`);
process.argv = [process.argv[0], cli, ...rest];
await import(pathToFileURL(cli).href);
