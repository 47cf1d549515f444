#!/usr/bin/env node
// @ts-check
/** `npm run trigger -- --provider <p> --topic <t> --to <url> [--secret <s>] [options]` */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest } from '../util/diagnostics.js';
import { formatRequest, formatResponse, loadTriggerProvider, trigger, TriggerDeliveryError, TriggerUsageError } from '../tools/trigger/trigger.js';
import { packagePath } from '../util/paths.js';

const HELP = readFileSync(packagePath('docs', 'trigger.md'), 'utf8');

/**
 * @typedef {object} TriggerArgs
 * @property {string} [provider]
 * @property {string} [topic]
 * @property {string} [to]
 * @property {string} [secret]
 * @property {number} [seed]
 * @property {string[]} [fields]
 * @property {string} [shop]
 * @property {Record<string, string>} headers
 * @property {boolean} dryRun
 * @property {number} [timeout]
 * @property {boolean} listTopics
 * @property {boolean} help
 * @property {string} root
 * @property {string} [error]  the first bad argument, in one line
 * @property {string} [missing]  a required option that is missing (reported once the provider is known to be valid)
 */

/** Options that take a value. */
const VALUED = ['--provider', '--topic', '--to', '--secret', '--seed', '--fields', '--shop', '--header', '--timeout', '--root'];
/** Flags. */
const FLAGS = ['--dry-run', '--list-topics', '--help', '-h'];

/**
 * Parses the command line (`--name value` or `--name=value`); the first problem is in `error`.
 * @param {readonly string[]} argv
 * @returns {TriggerArgs}
 */
export function parseTriggerArgs(argv) {
  /** @type {TriggerArgs} */
  const o = { headers: {}, dryRun: false, listTopics: false, help: false, root: process.cwd() };
  /** @type {Set<string>} */
  const seen = new Set();
  try {
    for (let i = 0; i < argv.length; i++) {
      let a = argv[i];
      /** @type {string | undefined} */
      let inline;
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 2) [a, inline] = [a.slice(0, eq), a.slice(eq + 1)];
      if (FLAGS.includes(a)) {
        if (inline !== undefined) throw new TriggerUsageError(`${a} takes no value`);
        if (a === '--dry-run') o.dryRun = true;
        else if (a === '--list-topics') o.listTopics = true;
        else o.help = true;
        continue;
      }
      if (!VALUED.includes(a)) {
        if (a.startsWith('-')) {
          const guess = closest(a, [...VALUED, ...FLAGS]);
          throw new TriggerUsageError(`unknown option ${a}${guess ? `; did you mean ${guess}?` : ''} (see --help)`);
        }
        throw new TriggerUsageError(`unexpected argument "${a}": every value follows its option, as in --topic <topic> (see --help)`);
      }
      let v = inline;
      if (v === undefined) {
        v = argv[++i];
        if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new TriggerUsageError(`${a} needs a value`);
      }
      if (a !== '--header') {
        if (seen.has(a)) throw new TriggerUsageError(`${a} is given twice`);
        seen.add(a);
      }
      if (a === '--provider') o.provider = v;
      else if (a === '--topic') o.topic = v;
      else if (a === '--to') o.to = v;
      else if (a === '--secret') o.secret = v;
      else if (a === '--shop') o.shop = v;
      else if (a === '--root') o.root = v;
      else if (a === '--seed') {
        if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new TriggerUsageError(`--seed: expected an integer, not "${v}"`);
        o.seed = Number(v);
      } else if (a === '--timeout') {
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) === 0) throw new TriggerUsageError(`--timeout: expected a positive number of milliseconds, not "${v}"`);
        o.timeout = Number(v);
      } else if (a === '--fields') {
        o.fields = v.split(',').map((f) => f.trim());
        if (o.fields.some((f) => f === '')) throw new TriggerUsageError(`--fields: expected comma-separated field names, not "${v}"`);
      } else if (a === '--header') {
        const at = v.indexOf('=');
        if (at <= 0) throw new TriggerUsageError(`--header: expected Name=value, not "${v}"`);
        const name = v.slice(0, at).trim();
        if (Object.keys(o.headers).some((k) => k.toLowerCase() === name.toLowerCase())) throw new TriggerUsageError(`--header ${name} is given twice`);
        o.headers[name] = v.slice(at + 1);
      }
    }
  } catch (e) {
    if (!(e instanceof TriggerUsageError)) throw e;
    return { ...o, error: e.message };
  }
  if (o.help) return o;
  if (o.provider === undefined) o.error = '--provider is required (see --help)';
  else if (o.listTopics) return o;
  else if (o.topic === undefined) o.missing = '--topic is required (see --list-topics)';
  else if (o.to === undefined) o.missing = '--to is required: the URL to send the webhook to';
  return o;
}

/**
 * Runs the command; resolves with the exit code. Output goes to the given streams.
 * @param {readonly string[]} argv
 * @param {{ stdout: { write(s: string): unknown }, stderr: { write(s: string): unknown } }} [io]
 * @returns {Promise<number>}
 */
export async function runTrigger(argv, io = process) {
  const o = parseTriggerArgs(argv);
  if (o.help) {
    io.stdout.write(HELP);
    return 0;
  }
  try {
    if (o.error) throw new TriggerUsageError(o.error);
    const root = resolve(o.root);
    const provider = /** @type {string} */ (o.provider);
    // an unknown provider is the first thing to say, before what else is missing
    const p = await loadTriggerProvider(root, provider);
    if (o.listTopics) {
      io.stdout.write(p.topics.map((t) => `${t}\n`).join(''));
      return 0;
    }
    if (o.missing) throw new TriggerUsageError(o.missing);
    const { request, response } = await trigger({
      provider,
      topic: /** @type {string} */ (o.topic),
      to: /** @type {string} */ (o.to),
      secret: o.secret,
      seed: o.seed,
      fields: o.fields,
      shop: o.shop,
      headers: o.headers,
      dryRun: o.dryRun,
      timeout: o.timeout,
      root,
    });
    if (!response) {
      io.stdout.write(formatRequest(request));
      return 0;
    }
    io.stdout.write(`${formatResponse(response)}\n`);
    return response.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof TriggerUsageError) {
      io.stderr.write(`trigger: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TriggerDeliveryError) {
      io.stderr.write(`trigger: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runTrigger(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`trigger: internal error: ${e?.message ?? e}\n${process.env.DEBUG ? e?.stack + '\n' : 'Set DEBUG=1 for the stack trace, and please report it.\n'}`);
      process.exitCode = 2;
    },
  );
}
