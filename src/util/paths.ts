/**
 * Where the tool's own files are. The generator runs from compiled output (dist/src/…), so
 * assets (templates/, docs/, the compiled runtime) are found from the package root, never by
 * counting `../` from the running module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`webhook-typegen: cannot find the package root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The folder holding webhook-typegen's package.json, templates/ and docs/. */
export const PACKAGE_ROOT: string = findRoot();

/** An absolute path inside the package. */
export const packagePath = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments);
