/**
 * `npm run import -- --provider <name> <page.md|.txt|.html> [--out spec] [--force]`: the
 * command-line face of import.js. Writes spec/<name>/ (never over an existing folder unless
 * --force, and then by swapping in a complete new folder), prints the report and saves it as
 * spec/<name>/IMPORT-REPORT.md.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { importDocs, PROVIDER_ID } from '../tools/import/import.js';
import { resolveProject } from '../project/project.js';
import { formatProblem } from '../util/diagnostics.js';
import { helpText, processIo, type CliIo } from './io.js';

/** What the launcher adds to an internal error of this command. */
export const INTERNAL_ERROR_NOTE = 'Nothing was written.';

const PAGE_EXTENSIONS = ['.md', '.markdown', '.txt', '.text', '.html', '.htm'];

export interface ImportArgs {
  provider?: string;
  page?: string;
  out: string;
  root: string;
  /** --out / --root were given (else the config's spec folder and folder apply) */
  outGiven?: boolean;
  rootGiven?: boolean;
  /** --config: the config file (default: webhook-typegen.config.json, looked for from the root upwards) */
  config?: string;
  force: boolean;
  help: boolean;
  /** the first bad argument, in one line */
  error?: string;
}

/** Parses the command line; the first problem is in `error`. */
export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const o: ImportArgs = { out: 'spec', root: process.cwd(), force: false, help: false };
  const pages: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') o.help = true;
    else if (a === '--force') o.force = true;
    else if (a === '--provider' || a === '--out' || a === '--root' || a === '--config') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) return { ...o, error: `${a} needs a value` };
      if (a === '--provider') o.provider = v;
      else if (a === '--out') [o.out, o.outGiven] = [v, true];
      else if (a === '--config') o.config = v;
      else [o.root, o.rootGiven] = [v, true];
    } else if (a.startsWith('--provider=')) o.provider = a.slice('--provider='.length);
    else if (a.startsWith('--out=')) [o.out, o.outGiven] = [a.slice('--out='.length), true];
    else if (a.startsWith('-') && a !== '-') return { ...o, error: `unknown option ${a}` };
    else pages.push(a);
  }
  if (o.help) return o;
  if (!o.provider) return { ...o, error: '--provider <name> is required' };
  if (!PROVIDER_ID.test(o.provider)) {
    const guess = o.provider.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '');
    return { ...o, error: `invalid provider name "${o.provider}": use lower-case letters, digits and "-", starting with a letter${guess ? ` (e.g. "${guess}")` : ''}` };
  }
  if (pages.length === 0) return { ...o, error: 'give the saved documentation page to import (.md, .txt or .html)' };
  if (pages.length > 1) return { ...o, error: `give one page per run (got ${pages.length}: ${pages.join(', ')})` };
  const page = pages[0];
  if (!PAGE_EXTENSIONS.includes(extname(page).toLowerCase())) return { ...o, page, error: `unsupported page "${page}": expected a saved page ending in .md, .txt or .html` };
  return { ...o, page };
}

/** A path for messages: relative to the root when inside it, `/`-separated. */
function shown(root: string, abs: string): string {
  const rel = relative(root, abs);
  // inside the root, or a sibling folder (../shared/...): relative; anything further: absolute
  return (rel === '' ? '.' : isAbsolute(rel) || rel.startsWith(`..${sep}..`) ? abs : rel).split(sep).join('/');
}

/**
 * Runs `import`; resolves with the exit code (0 written, 1 refused or nothing found, 2 usage).
 * The work is synchronous; the promise is the shape every CLI's `main` has.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const o = parseImportArgs(argv);
  if (o.help) {
    io.stdout.write(helpText('import'));
    return 0;
  }
  if (o.error !== undefined || o.provider === undefined || o.page === undefined) {
    io.stderr.write(`import: ${o.error ?? 'give --provider and the page to import'}\n\n${helpText('import')}`);
    return 2;
  }
  let root = resolve(o.root);
  if (!o.outGiven) {
    // the project's spec folder (its config's `spec`), where generate reads it
    const resolved = resolveProject({ cwd: process.cwd(), ...(o.rootGiven ? { root: o.root } : {}), ...(o.config !== undefined ? { config: o.config } : {}) });
    if (!resolved.project) {
      io.stderr.write(`${resolved.problems.map(formatProblem).join('\n\n')}\n\nimport: the project cannot be read; nothing was written.\n`);
      return 2;
    }
    if (resolved.project.configFile !== undefined) {
      root = resolved.project.root;
      o.out = resolved.project.specDir;
    }
  }
  const pageAbs = resolve(resolve(o.root), o.page);
  if (!existsSync(pageAbs) || !statSync(pageAbs).isFile()) {
    io.stderr.write(`import: the page ${o.page} does not exist (looked for ${pageAbs})\n`);
    return 2;
  }
  const outAbs = resolve(root, o.out);
  const target = join(outAbs, o.provider);
  const targetShown = shown(root, target);
  if (existsSync(target) && !o.force) {
    io.stderr.write(
      formatProblem({
        at: { file: targetShown },
        message: 'the provider folder already exists; nothing was written',
        expected: `no folder ${targetShown}/ (an import never overwrites one)`,
        found: statSync(target).isDirectory() ? 'an existing folder' : 'an existing file',
        fix: `choose another --provider name, import into another --out folder, or pass --force to replace ${targetShown}/ entirely`,
      }) + '\n',
    );
    return 1;
  }
  const text = readFileSync(pageAbs, 'utf8');
  const { files, report } = importDocs({ text, fileName: shown(root, pageAbs), provider: o.provider, outDir: shown(root, outAbs) });
  io.stdout.write(report.text);
  if (report.topics.length === 0) {
    io.stderr.write(
      '\n' +
        formatProblem({
          at: { file: shown(root, pageAbs) },
          message: 'no topic or event names found; nothing was written',
          expected: 'a table, list or line of topics such as orders/create, order.created or order_created',
          found: `${report.blocks.length} JSON block(s) and no topic`,
          fix: 'import the page that lists the webhook topics, or write spec/<provider>/topics.yaml by hand',
        }) +
        '\n',
    );
    return 1;
  }
  writeProviderFolder(outAbs, o.provider, files);
  const untyped = report.fields.filter((f) => f.kind === 'null' || f.kind === 'empty-array' || f.kind === 'empty-object').length;
  const todo = [
    report.questions.length ? `check the ${report.questions.length} open question(s) and delete their entries under \`unconfirmed:\` in ${targetShown}/provider.yaml` : '',
    untyped ? `add the ${untyped} hint(s) listed above` : '',
  ].filter(Boolean);
  io.stdout.write(
    `\nimport: wrote ${targetShown}/ (${files.size} files: ${report.topics.length} topic(s), ${report.models.length} model(s)); the report is ${targetShown}/IMPORT-REPORT.md.\n` +
      (todo.length
        ? `Next: ${todo.join(', then ')}; \`npm run generate\` fails until then. The TODOs (title, descriptions, NOTES.md) are yours to settle too.\n`
        : 'Next: `npm run generate` (nothing a receiver depends on is guessed); then settle the TODOs (title, descriptions, NOTES.md).\n'),
  );
  return 0;
}

/**
 * Writes the folder complete in a temporary sibling, then renames it into place; with
 * --force the old folder is moved aside first and removed only once the new one is in.
 */
function writeProviderFolder(outAbs: string, provider: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(outAbs, { recursive: true });
  const tmp = join(outAbs, `.import-${provider}.tmp-${process.pid}`);
  const old = join(outAbs, `.import-${provider}.old-${process.pid}`);
  const target = join(outAbs, provider);
  let movedAside = false;
  try {
    for (const [rel, text] of files) {
      const abs = join(tmp, ...rel.split('/'));
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
    if (existsSync(target)) {
      renameSync(target, old);
      movedAside = true;
    }
    renameSync(tmp, target);
  } catch (e) {
    if (movedAside && !existsSync(target)) renameSync(old, target);
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}
