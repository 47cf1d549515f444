// `npm run bench:bundle`: the tree-shaking figure alone (bench/bundle.ts), as JSON on stdout.
import { fileURLToPath } from 'node:url';
import { benchBundle } from './bundle.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
process.stdout.write(`${JSON.stringify(await benchBundle(repo, (line) => process.stderr.write(`${line}\n`)), null, 2)}\n`);
