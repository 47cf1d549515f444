/**
 * The README's code examples that are run as tests. An example is a ```ts block right after a
 * `<!-- README example <name>: <test file> -->` line; the test file holds the same code between
 * `// #region README <name>` and `// #endregion` (indented as it likes), and runs it. The
 * README's `import` lines are left out of the comparison: the test imports the package by a
 * relative path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './project.js';

export interface ReadmeExample {
  readonly name: string;
  /** the test file that runs it, relative to the repository */
  readonly file: string;
  /** the code without its import lines, leading and trailing blank lines */
  readonly code: string;
  /** the README line of the marker */
  readonly line: number;
}

const MARKER = /^<!-- README example ([a-z0-9-]+): (\S+) -->$/;

/** Lines without leading and trailing blank ones. */
function trimLines(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] ?? '').trim() === '') a++;
  while (b > a && (lines[b - 1] ?? '').trim() === '') b--;
  return lines.slice(a, b);
}

/** Every marked example of README.md, in order. */
export function readmeExamples(): ReadmeExample[] {
  const lines = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n');
  const out: ReadmeExample[] = [];
  lines.forEach((text, i) => {
    const m = MARKER.exec(text);
    if (!m) return;
    const at = `README.md:${i + 1}`;
    if (lines[i + 1] !== '```ts') throw new Error(`${at}: expected a \`\`\`ts block right after the marker, found ${JSON.stringify(lines[i + 1])}`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`${at}: the example's code block never ends`);
    const code = trimLines(lines.slice(i + 2, end).filter((l) => !l.startsWith('import '))).join('\n');
    out.push({ name: m[1] ?? '', file: m[2] ?? '', code, line: i + 1 });
  });
  return out;
}

/** The code of a test file's `// #region README <name>`, dedented, without leading and trailing blank lines. */
export function exampleRegion(file: string, name: string): string {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region README ${name}`);
  if (start < 0) throw new Error(`${file}: expected a \`// #region README ${name}\` line, found none`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '// #endregion');
  if (end < 0) throw new Error(`${file}:${start + 1}: the region README ${name} never ends (\`// #endregion\`)`);
  const body = trimLines(lines.slice(start + 1, end));
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}
