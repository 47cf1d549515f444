/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a fresh app (the
 * npm registry is reachable; `--prefer-offline` takes what the npm cache has), then the README's
 * "Use it in your project" steps exactly as written (config, tsconfig and src/server.ts are the
 * README's blocks), and every subcommand through `npx webhook-typegen …` (the .bin symlink):
 * generate into the app's src/, check, tsc, the receiver run and sent a signed delivery by
 * trigger, drift, import, changes in a git repository, a bad config, --help and --version.
 * Nothing here skips: without npm or the registry it fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

const LONG = 600_000;
const temps: string[] = [];
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

// ---------------------------------------------------------------- the README's steps

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('\n## Use it in your project\n');
const end = readme.indexOf('\n## ', start + 1);
const section = readme.slice(start, end);

interface Block {
  lang: string;
  /** the file it is, from a line such as "`tsconfig.json`:" before it */
  file?: string;
  text: string;
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  const re = /(?:^|\n)([^\n]*)\n\n```(\w+)\n([\s\S]*?)\n```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const file = /^`([^`]+)`[:,]/.exec(m[1] ?? '')?.[1];
    out.push({ lang: m[2] ?? '', text: `${m[3] ?? ''}\n`, ...(file ? { file } : {}) });
  }
  return out;
}

const BLOCKS = blocks(section);
const shell = BLOCKS.filter((b) => b.lang === 'sh').map((b) => b.text.trim().split('\n'));
const file = (name: string): string => {
  const b = BLOCKS.find((x) => x.file === name || (name === 'webhook-typegen.config.json' && x.lang === 'json' && x.text.includes('"providers"')));
  if (!b) throw new Error(`README: no block for ${name}`);
  return b.text;
};

function lockVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const v = lock.packages[`node_modules/${name}`]?.version;
  if (!v) throw new Error(`package-lock.json: no ${name}`);
  return v;
}

/** A user's shell: no test runner's NODE_OPTIONS, no colours. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
  delete e.NODE_OPTIONS;
  delete e.FORCE_COLOR;
  delete e.DEBUG;
  // npm sets these for `npm test`; the app's npm must not inherit the repository's settings
  for (const k of Object.keys(e)) if (k.startsWith('npm_package_') || k === 'npm_config_prefix' || k === 'INIT_CWD') delete e[k];
  return e;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function sh(cwd: string, line: string, extra: Record<string, string> = {}): Run {
  const r = spawnSync('sh', ['-c', line], { cwd, env: env(extra), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: LONG });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run, what: string): Run {
  expect(r.status, `${what}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).toBe(0);
  return r;
}

let tarball = '';
let app = '';

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'typegen-pack-'));
  temps.push(dir);
  // dist/ is built by `npm test` (and by prepare): pack what is there
  const r = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: REPO_ROOT, env: env(), encoding: 'utf8', timeout: LONG });
  expect(r.status, r.stderr).toBe(0);
  const info = JSON.parse(r.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  const first = info[0];
  if (!first) throw new Error('npm pack printed nothing');
  tarball = join(dir, first.filename);
  packInfo = first;
  app = join(dir, 'shop-hooks');
  mkdirSync(app);
}, LONG);

let packInfo: { size: number; unpackedSize: number; files: { path: string }[] } = { size: 0, unpackedSize: 0, files: [] };

describe('npm pack', () => {
  it('holds what the CLI needs at run time, and nothing else', () => {
    const paths = packInfo.files.map((f) => f.path);
    for (const needed of ['bin/webhook-typegen.mjs', 'dist/src/cli/generate.js', 'dist/src/cli/changes.js', 'dist/runtime/validate.js', 'dist/runtime/validate.d.ts', 'spec/spiffy/provider.yaml', 'templates/README.md.hbs', 'docs/cli.md', 'docs/changes.md', 'webhook-typegen.config.schema.json', 'package.json', 'README.md']) {
      expect(paths, needed).toContain(needed);
    }
    const roots = [...new Set(paths.map((p) => p.split('/')[0]))].sort();
    expect(roots).toEqual(['README.md', 'bin', 'dist', 'docs', 'package.json', 'spec', 'templates', 'webhook-typegen.config.schema.json']);
    expect(paths.filter((p) => p.startsWith('dist/') && !p.startsWith('dist/src/') && !p.startsWith('dist/runtime/'))).toEqual([]);
    expect(paths.filter((p) => /(^|\/)(test|bench|generated|src|runtime)\//.test(p) && !p.startsWith('dist/'))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.tsbuildinfo'))).toEqual([]);
    // small: reported, bounded loosely so that a stray folder fails it
    expect(packInfo.size).toBeLessThan(1024 * 1024);
    console.log(`npm pack: ${(packInfo.size / 1024).toFixed(1)} kB packed, ${(packInfo.unpackedSize / 1024).toFixed(1)} kB unpacked, ${packInfo.files.length} files`);
  });
});

describe('the README, from an empty folder', () => {
  it('the first commands: npm init, the subpath import, the install (from the tarball)', () => {
    expect(shell[0]).toEqual(['mkdir shop-hooks && cd shop-hooks', 'npm init -y', 'npm pkg set type=module "imports[#webhooks/*]=./src/webhooks/*"', 'npm install --save-dev webhook-typegen typescript @types/node']);
    ok(sh(app, 'npm init -y'), 'npm init');
    ok(sh(app, shell[0]?.[2] ?? ''), 'npm pkg set');
    const install = `npm install --save-dev ${tarball} typescript@${lockVersion('typescript')} @types/node@${lockVersion('@types/node')} --prefer-offline --no-audit --no-fund`;
    ok(sh(app, install), 'npm install');
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ type: 'module', imports: { '#webhooks/*': './src/webhooks/*' } });
    // installed as a copy, no src/ inside: the launcher never rebuilds
    expect(existsSync(join(app, 'node_modules/webhook-typegen/src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/.bin/webhook-typegen'))).toBe(true);
  }, LONG);

  it('the config, tsconfig and src/server.ts of the README; generate writes plain modules into src/webhooks/', () => {
    writeFileSync(join(app, 'webhook-typegen.config.json'), file('webhook-typegen.config.json'));
    writeFileSync(join(app, 'tsconfig.json'), file('tsconfig.json'));
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'src/server.ts'), file('src/server.ts'));
    expect(shell[1]).toEqual(['npx webhook-typegen generate', 'npx tsc', 'node dist/server.js &', 'npx webhook-typegen trigger --provider spiffy --topic orders/create --to http://127.0.0.1:3000/ --secret dev-secret']);
    const r = ok(sh(app, 'npx webhook-typegen generate'), 'generate');
    expect(r.stdout).toBe('generate: wrote src/webhooks/ (58 file(s) changed; spiffy: 62 topics, 17 models).\n');
    expect(JSON.parse(readFileSync(join(app, 'src/webhooks/package.json'), 'utf8'))).toMatchObject({ type: 'module', sideEffects: false, engines: { node: '>=20.19' } });
    expect(readFileSync(join(app, 'src/webhooks/README.md'), 'utf8')).toContain("| `./webhooks/spiffy/index.js` | Spiffy Stores |");
    expect(readdirSync(join(app, 'src/webhooks')).sort()).toEqual(['.webhook-typegen', 'README.md', 'catalog', 'index.d.ts', 'index.js', 'package.json', 'runtime', 'spiffy', 'testing.d.ts', 'testing.js']);
    // the spec came from the package: the app has no spec folder
    expect(existsSync(join(app, 'spec'))).toBe(false);
  }, LONG);

  it('check: up to date', () => {
    const r = ok(sh(app, 'npx webhook-typegen check'), 'check');
    expect(r.stdout).toBe('generate --check: src/webhooks/ is up to date (spiffy: 62 topics, 17 models).\n');
  }, LONG);

  it('tsc type-checks the handler and compiles it', () => {
    ok(sh(app, 'npx tsc'), 'tsc');
    expect(existsSync(join(app, 'dist/server.js'))).toBe(true);
  }, LONG);

  it('the receiver runs; trigger sends it a signed orders/create (and a wrong secret is refused)', async () => {
    server = spawn(process.execPath, ['dist/server.js'], { cwd: app, env: env({ PORT: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout?.setEncoding('utf8').on('data', (s: string) => (log += s));
    server.stderr?.setEncoding('utf8').on('data', (s: string) => (log += s));
    const url = await new Promise<string>((done, fail) => {
      const t = setInterval(() => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
        if (m?.[1]) {
          clearInterval(t);
          done(m[1]);
        }
      }, 50);
      server?.on('exit', (code) => {
        clearInterval(t);
        fail(new Error(`the server exited (${code}): ${log}`));
      });
    });
    const line = (shell[1]?.[3] ?? '').replace('http://127.0.0.1:3000/', url);
    const r = ok(sh(app, line), 'trigger');
    expect(r.stdout).toMatch(/^200 OK in \d+ ms: ok\n$/);
    const wrong = sh(app, line.replace('dev-secret', 'not-the-secret'));
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toMatch(/^401 Unauthorized in \d+ ms: X-Spiffy-Hmac-Sha256 does not match/);
    const dry = ok(sh(app, `${line} --dry-run`), 'trigger --dry-run');
    expect(dry.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/\n/);
    await new Promise((done) => setTimeout(done, 200));
    expect(log).toMatch(/new order \d+ for /);
    const list = ok(sh(app, 'npx webhook-typegen trigger --provider spiffy --list-topics'), 'trigger --list-topics');
    expect(list.stdout.split('\n')).toContain('orders/create');
    server.kill();
    server = undefined;
  }, LONG);
});

describe('CommonJS', () => {
  it('a .cts file type-checks against the generated modules (nodenext) and require()s them on this Node', () => {
    writeFileSync(
      join(app, 'src/legacy.cts'),
      "import { isOrder, orderFixture } from '#webhooks/spiffy/index.js';\nconst order: unknown = orderFixture.build();\nconsole.log(`require: isOrder ${isOrder(order)}`);\n",
    );
    ok(sh(app, 'npx tsc'), 'tsc with a .cts file');
    expect(readFileSync(join(app, 'dist/legacy.cjs'), 'utf8')).toMatch(/require\("#webhooks\/spiffy\/index\.js"\)/);
    const r = ok(sh(app, 'node dist/legacy.cjs'), 'node dist/legacy.cjs');
    expect(r.stdout).toBe('require: isOrder true\n');
  }, LONG);
});

describe('every other subcommand in the app', () => {
  it('drift: a shipped sample matches; --write-samples refuses the shipped spec', () => {
    const sample = 'node_modules/webhook-typegen/spec/spiffy/samples/order.json';
    const r = ok(sh(app, `npx webhook-typegen drift --provider spiffy --topic orders/create ${sample}`), 'drift');
    expect(r.stdout).toBe('no drift: 1 spiffy payload (1 topic) match the spec.\n');
    const refused = sh(app, `npx webhook-typegen drift --provider spiffy --topic orders/create --write-samples ${sample}`);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^drift: spiffy comes from the spec shipped with webhook-typegen, which drift does not write: copy /);
  }, LONG);

  it('import: a saved docs page becomes spec/shopdocs/ (the config\'s spec folder)', () => {
    mkdirSync(join(app, 'docs'), { recursive: true });
    cpSync(join(REPO_ROOT, 'test/import/fixtures/acme-webhooks.html'), join(app, 'docs/acme-webhooks.html'));
    const r = ok(sh(app, 'npx webhook-typegen import --provider shopdocs docs/acme-webhooks.html'), 'import');
    expect(r.stdout).toMatch(/import: wrote spec\/shopdocs\/ \(\d+ files: 3 topic\(s\)/);
    expect(existsSync(join(app, 'spec/shopdocs/provider.yaml'))).toBe(true);
    rmSync(join(app, 'spec'), { recursive: true, force: true });
  }, LONG);

  it('changes and check in a git repository: an own provider next to the shipped one, a breaking edit', () => {
    cpSync(join(REPO_ROOT, 'test/fixtures/spec/acme'), join(app, 'spec/acme'), { recursive: true });
    writeFileSync(join(app, 'webhook-typegen.config.json'), file('webhook-typegen.config.json').replace('"providers": ["spiffy"]', '"providers": ["spiffy", "acme"]'));
    expect(ok(sh(app, 'npx webhook-typegen generate'), 'generate').stdout).toMatch(/^generate: wrote src\/webhooks\/ .*acme: 3 topics, 3 models; spiffy: 62 topics, 17 models\)\.\n$/);
    writeFileSync(join(app, '.gitignore'), 'node_modules/\ndist/\n');
    ok(sh(app, 'git init -q -b main && git add -A && git commit -q -m app'), 'git');
    expect(ok(sh(app, 'npx webhook-typegen changes'), 'changes').stdout).toBe('changes: HEAD → the working tree: no changes to the generated code.\n');
    const widget = join(app, 'spec/acme/models/Widget.yaml');
    writeFileSync(widget, readFileSync(widget, 'utf8').replace('    nullable: false\n    description: Every widget has a name.', '    nullable: true\n    description: Every widget has a name.'));
    const r = sh(app, 'npx webhook-typegen changes --fail-on breaking');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('  acme Widget /name: may be null now (readers must handle null)  [nullable-added; widgets/archive, widgets/create]');
    expect(shell[2]?.[1]).toBe('npx webhook-typegen changes --base origin/main --format markdown > changes.md   # the PR comment');
    ok(sh(app, 'npx webhook-typegen changes --base main --format markdown > changes.md'), 'changes --format markdown');
    expect(readFileSync(join(app, 'changes.md'), 'utf8')).toMatch(/^## Webhook spec changes: \*\*major\*\*\n/);
    const stale = sh(app, 'npx webhook-typegen check');
    expect(stale.status).toBe(1);
    expect(stale.stdout.startsWith('changes: HEAD → the working tree: major bump (1 breaking, 0 additive, 0 docs-only)\n')).toBe(true);
    expect(stale.stdout).toContain('--- a/webhooks/acme/models.d.ts');
    ok(sh(app, 'npx webhook-typegen generate'), 'generate');
    ok(sh(app, 'npx webhook-typegen check'), 'check');
    ok(sh(app, 'npx tsc'), 'tsc after the change');
  }, LONG);

  it('a bad config: file:line:col, expected, found, fix; nothing written', () => {
    const good = readFileSync(join(app, 'webhook-typegen.config.json'), 'utf8');
    const before = statSync(join(app, 'src/webhooks/index.js')).mtimeMs;
    writeFileSync(join(app, 'webhook-typegen.config.json'), '{\n  "providers": ["spify"],\n  "out": "src/webhooks"\n}\n');
    const r = sh(app, 'npx webhook-typegen generate');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'webhook-typegen.config.json:2:17: error: unknown provider "spify"\n' +
        '  expected: a provider of spec/ (acme) or one shipped with webhook-typegen (cratejoy, lemonsqueezy, spiffy, tiendanube)\n' +
        '  found:    "spify"\n' +
        '  fix:      did you mean "spiffy"?\n\n' +
        'generate: 1 problem; nothing was changed.\n',
    );
    expect(statSync(join(app, 'src/webhooks/index.js')).mtimeMs).toBe(before);
    writeFileSync(join(app, 'webhook-typegen.config.json'), good);
  }, LONG);

  it('--help, --version and every command\'s --help', () => {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(ok(sh(app, 'npx webhook-typegen --version'), '--version').stdout).toBe(`${version}\n`);
    expect(ok(sh(app, 'npx webhook-typegen --help'), '--help').stdout).toBe(readFileSync(join(REPO_ROOT, 'docs/cli.md'), 'utf8'));
    for (const command of ['generate', 'check', 'changes', 'drift', 'trigger', 'import']) {
      expect(ok(sh(app, `npx webhook-typegen ${command} --help`), `${command} --help`).stdout).toBe(readFileSync(join(REPO_ROOT, `docs/${command}.md`), 'utf8'));
    }
    const none = sh(app, 'npx webhook-typegen genrate');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^webhook-typegen: expected a command \(generate, check, changes, drift, trigger, import\), received "genrate"/);
  }, LONG);
});
