#!/usr/bin/env node
// @ts-check
/** `npm run drift -- --provider <p> [--topic <t>] <files or directories...>` */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drift, DRIFT_KINDS, DriftUsageError, loadProviderModel, readCaptures, writeSamples } from '../tools/drift/drift.js';
import { formatReport } from '../tools/drift/format.js';
import { resolve } from 'node:path';
import { packagePath } from '../util/paths.js';

const HELP = readFileSync(packagePath('docs', 'drift.md'), 'utf8');

/**
 * @param {string[]} argv
 */
export function parseDriftArgs(argv) {
  /** @type {{ provider?: string, topic?: string, format: 'human' | 'json' | 'markdown', allow: import('../tools/drift/drift.js').DriftKind[], inputs: string[], writeSamples: boolean, yes: boolean, help: boolean, root: string, error?: string }} */
  const o = { format: 'human', allow: [], inputs: [], writeSamples: false, yes: false, help: false, root: process.cwd() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new DriftUsageError(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--provider') o.provider = value();
      else if (a === '--topic') o.topic = value();
      else if (a === '--root') o.root = value();
      else if (a === '--format') {
        const f = value();
        if (f !== 'human' && f !== 'json' && f !== 'markdown') throw new DriftUsageError(`--format must be human, json or markdown, not "${f}"`);
        o.format = f;
      } else if (a === '--allow') {
        for (const k of value().split(',')) {
          if (!DRIFT_KINDS.includes(/** @type {any} */ (k))) throw new DriftUsageError(`--allow: unknown kind "${k}" (kinds: ${DRIFT_KINDS.join(', ')})`);
          o.allow.push(/** @type {import('../tools/drift/drift.js').DriftKind} */ (k));
        }
      } else if (a === '--write-samples') o.writeSamples = true;
      else if (a === '--yes') o.yes = true;
      else if (a === '--help' || a === '-h') o.help = true;
      else if (a.startsWith('--')) throw new DriftUsageError(`unknown option ${a}`);
      else o.inputs.push(a);
    } catch (e) {
      return { ...o, error: /** @type {Error} */ (e).message };
    }
  }
  if (!o.help && !o.error && !o.provider) o.error = '--provider is required';
  if (!o.help && !o.error && o.inputs.length === 0) o.error = 'give at least one file or directory of captured payloads';
  return o;
}

async function main() {
  const o = parseDriftArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (o.error) {
    process.stderr.write(`drift: ${o.error}\n(npm run drift -- --help for usage)\n`);
    return 2;
  }
  const root = resolve(o.root);
  const provider = /** @type {string} */ (o.provider);
  if (o.writeSamples) {
    const p = await loadProviderModel(root, provider);
    const captures = readCaptures(o.inputs.map((i) => resolve(process.cwd(), i)), process.cwd());
    const r = writeSamples({ root, provider: p, captures, topic: o.topic, yes: o.yes });
    for (const w of r.written) process.stdout.write(`drift: added sample ${w}\n`);
    for (const s of r.skipped) process.stderr.write(`drift: skipped ${s.file}: ${s.reason}\n`);
    for (const f of r.refused) process.stderr.write(`drift: refused ${f.file}: it has fields that look like personal data (${f.fields.slice(0, 5).join(', ')}${f.fields.length > 5 ? ', ...' : ''}); anonymize it, or pass --yes\n`);
    if (r.written.length) process.stdout.write('drift: now run `npm run generate` and review the spec and generated/ diff.\n');
    return r.refused.length || r.skipped.length ? 1 : 0;
  }
  const report = await drift({ root, provider, topic: o.topic, inputs: o.inputs, allow: o.allow });
  const color = o.format === 'human' && !process.env.NO_COLOR && process.stdout.isTTY === true;
  process.stdout.write(formatReport(report, o.format, { color }));
  return report.drift ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof DriftUsageError) {
      process.stderr.write(`drift: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`drift: internal error: ${e?.message ?? e}\n${process.env.DEBUG ? e?.stack + '\n' : 'Set DEBUG=1 for the stack trace, and please report it.\n'}`);
    process.exitCode = 2;
  },
);
