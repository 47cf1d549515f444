// Builds the typia baseline (bench/typia/): installs its pinned typia and TypeScript 5.9 with
// `npm ci` when they are missing (its own package.json and lockfile: typia's generate CLI needs
// the TypeScript 5 compiler API, which the project's TypeScript 7 does not have), then runs
// `typia generate` (src/ -> gen/, plain TypeScript) and TypeScript 5.9 (gen/ -> out/) when an
// input is newer than out/order.mjs. Dev-only: nothing of it reaches generated/.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface TypiaBuild {
  typia: string;
  typescript: string;
  /** whether this run installed, generated or compiled anything */
  rebuilt: boolean;
}

function version(dir: string, name: string): string | undefined {
  const file = join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return undefined;
  const v: unknown = Reflect.get(Object(JSON.parse(readFileSync(file, 'utf8'))), 'version');
  return typeof v === 'string' ? v : undefined;
}

function step(dir: string, what: string, command: string, args: readonly string[], log: (line: string) => void): void {
  log(`typia baseline: ${what}`);
  const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`bench/typia: ${what} failed (${command} ${args.join(' ')}: ${r.error ? r.error.message : `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
}

const mtime = (f: string): number => (existsSync(f) ? statSync(f).mtimeMs : Infinity);

export function buildTypia(repo: string, log: (line: string) => void): TypiaBuild {
  const dir = join(repo, 'bench/typia');
  const pinned: unknown = Reflect.get(Object(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))), 'devDependencies');
  const want = (name: string): string => {
    const v: unknown = pinned !== null && typeof pinned === 'object' ? Reflect.get(pinned, name) : undefined;
    if (typeof v !== 'string') throw new Error(`bench/typia/package.json: expected devDependencies.${name}, found none`);
    return v;
  };
  let rebuilt = false;
  if (version(dir, 'typia') !== want('typia') || version(dir, 'typescript') !== want('typescript')) {
    step(dir, `npm ci (typia ${want('typia')}, typescript ${want('typescript')})`, 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], log);
    rebuilt = true;
  }
  const out = join(dir, 'out/order.mjs');
  const inputs = [
    ...readdirSync(join(dir, 'src')).map((f) => join(dir, 'src', f)),
    join(dir, 'tsconfig.json'),
    join(dir, 'tsconfig.gen.json'),
    join(dir, 'node_modules/.package-lock.json'),
    join(repo, 'generated/spiffy/models.d.ts'),
    join(repo, 'generated/runtime/json.d.ts'),
  ];
  const built = existsSync(out) ? statSync(out).mtimeMs : -Infinity;
  if (rebuilt || inputs.some((f) => mtime(f) > built)) {
    rmSync(join(dir, 'gen'), { recursive: true, force: true });
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    step(dir, 'typia generate (src/ -> gen/)', process.execPath, ['node_modules/typia/lib/executable/typia.js', 'generate', '--input', 'src', '--output', 'gen', '--project', 'tsconfig.json'], log);
    step(dir, 'tsc 5.9 (gen/ -> out/)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.gen.json'], log);
    if (!existsSync(out)) throw new Error(`bench/typia: expected ${out} after the build, found none`);
    rebuilt = true;
  }
  return { typia: version(dir, 'typia') ?? 'unknown', typescript: version(dir, 'typescript') ?? 'unknown', rebuilt };
}
