/** `npm run drift -- --provider <p> [--topic <t>] [--write-samples | --absorb] <files or directories...>` */
import { resolve } from 'node:path';
import { absorb, drift, DRIFT_KINDS, DriftUsageError, INFERRED_MARK, loadProviderModel, readCaptures, writeSamples, type AbsorbResult, type DriftKind, type WriteSamplesResult } from '../tools/drift/drift.js';
import { formatReport } from '../tools/drift/format.js';
import { resolveProject } from '../project/project.js';
import { formatProblem } from '../util/diagnostics.js';
import { helpText, processIo, useColor, type CliIo } from './io.js';

export interface DriftArgs {
  provider?: string;
  topic?: string;
  format: 'human' | 'json' | 'markdown';
  allow: DriftKind[];
  inputs: string[];
  writeSamples: boolean;
  absorb: boolean;
  yes: boolean;
  help: boolean;
  root: string;
  /** --root was given */
  rootGiven?: boolean;
  /** --spec: the spec folder, relative to the project root (default: the config's `spec`, else spec) */
  spec?: string;
  /** --config: the config file (default: webhook-typegen.config.json, looked for from the root upwards) */
  config?: string;
  /** the first bad argument, in one line */
  error?: string;
}

function isDriftKind(k: string): k is DriftKind {
  return (DRIFT_KINDS as readonly string[]).includes(k);
}

/** Parses the command line; the first problem is in `error`. */
export function parseDriftArgs(argv: readonly string[]): DriftArgs {
  const o: DriftArgs = { format: 'human', allow: [], inputs: [], writeSamples: false, absorb: false, yes: false, help: false, root: process.cwd() };
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
      else if (a === '--root') [o.root, o.rootGiven] = [value(), true];
      else if (a === '--spec') o.spec = value();
      else if (a === '--config') o.config = value();
      else if (a === '--format') {
        const f = value();
        if (f !== 'human' && f !== 'json' && f !== 'markdown') throw new DriftUsageError(`--format must be human, json or markdown, not "${f}"`);
        o.format = f;
      } else if (a === '--allow') {
        for (const k of value().split(',')) {
          if (!isDriftKind(k)) throw new DriftUsageError(`--allow: unknown kind "${k}" (kinds: ${DRIFT_KINDS.join(', ')})`);
          o.allow.push(k);
        }
      } else if (a === '--write-samples') o.writeSamples = true;
      else if (a === '--absorb') o.absorb = true;
      else if (a === '--yes') o.yes = true;
      else if (a === '--help' || a === '-h') o.help = true;
      else if (a.startsWith('--')) throw new DriftUsageError(`unknown option ${a}`);
      else o.inputs.push(a);
    } catch (e) {
      if (!(e instanceof DriftUsageError)) throw e;
      return { ...o, error: e.message };
    }
  }
  if (!o.help && !o.error && !o.provider) o.error = '--provider is required';
  if (!o.help && !o.error && o.inputs.length === 0) o.error = 'give at least one file or directory of captured payloads';
  return o;
}

/** Runs `drift`; resolves with the exit code (0 no drift, 1 drift or refused samples, 2 usage). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const o = parseDriftArgs(argv);
  if (o.help) {
    io.stdout.write(helpText('drift'));
    return 0;
  }
  if (o.error || o.provider === undefined) {
    io.stderr.write(`drift: ${o.error ?? '--provider is required'}\n(npm run drift -- --help for usage)\n`);
    return 2;
  }
  try {
    return await run(o, o.provider, io);
  } catch (e) {
    if (!(e instanceof DriftUsageError)) throw e;
    io.stderr.write(`drift: ${e.message}\n`);
    return 2;
  }
}

/**
 * Where a provider's spec is: the project's spec folder, or (a provider the config takes from
 * webhook-typegen) the package's own copy, which drift reads but never writes.
 */
function providerPlace(o: DriftArgs, provider: string): { root: string; specDir: string; origin: 'package' | 'project' } {
  const resolved = resolveProject({ cwd: process.cwd(), ...(o.rootGiven ? { root: o.root } : {}), ...(o.config !== undefined ? { config: o.config } : {}), ...(o.spec !== undefined ? { spec: o.spec } : {}) });
  const project = resolved.project;
  if (!project) throw new DriftUsageError(`the project cannot be read:\n\n${resolved.problems.map(formatProblem).join('\n\n')}`);
  const chosen = project.providers?.find((p) => p.id === provider);
  if (chosen) return { root: chosen.root, specDir: chosen.specDir, origin: chosen.origin };
  if (project.providers) throw new DriftUsageError(`provider "${provider}" is not among the providers of ${project.configFile ?? 'the config'} (${project.providers.map((p) => p.id).join(', ')})`);
  return { root: project.root, specDir: project.specDir, origin: 'project' };
}

async function run(o: DriftArgs, provider: string, io: CliIo): Promise<number> {
  const place = providerPlace(o, provider);
  const { root, specDir } = place;
  if ((o.absorb || o.writeSamples) && place.origin === 'package') {
    throw new DriftUsageError(`${provider} comes from the spec shipped with webhook-typegen, which drift does not write: copy ${resolve(root, specDir, provider)} into your spec folder (it then overrides the shipped one), then run ${o.absorb ? '--absorb' : '--write-samples'} again`);
  }
  const onNote = (note: string) => io.stderr.write(`drift: ${note}\n`);
  if (o.absorb) {
    const r = await absorb({ root, provider, inputs: o.inputs, topic: o.topic, yes: o.yes, specDir, onNote });
    printAbsorb(r, o, io);
    return r.samples.refused.length || r.samples.skipped.length || r.leftovers.length || r.problems.length ? 1 : 0;
  }
  if (o.writeSamples) {
    const p = await loadProviderModel(root, provider, specDir);
    const notes: string[] = [];
    const captures = readCaptures(o.inputs.map((i) => resolve(process.cwd(), i)), process.cwd(), notes);
    for (const n of notes) onNote(n);
    const r = writeSamples({ root, provider: p, captures, topic: o.topic, yes: o.yes });
    printSamples(r, io);
    if (r.written.length) io.stdout.write('drift: now run `npm run generate` and review the spec and generated/ diff.\n');
    return r.refused.length || r.skipped.length ? 1 : 0;
  }
  const report = await drift({ root, provider, topic: o.topic, inputs: o.inputs, allow: o.allow, specDir, onNote });
  const color = o.format === 'human' && useColor(io.stdout);
  io.stdout.write(formatReport(report, o.format, { color }));
  return report.drift ? 1 : 0;
}

function printSamples(r: WriteSamplesResult, io: CliIo): void {
  for (const s of r.samples) io.stdout.write(s.written ? `drift: added sample ${s.file} (${s.topic}) from ${s.capture}\n` : `drift: ${s.capture} is a sample already: ${s.file}\n`);
  for (const s of r.skipped) io.stderr.write(`drift: skipped ${s.file}: ${s.reason}\n`);
  for (const f of r.refused) io.stderr.write(`drift: refused ${f.file}: it has fields that look like personal data (${f.fields.slice(0, 5).join(', ')}${f.fields.length > 5 ? ', ...' : ''}); anonymize it, or pass --yes\n`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What --absorb did: samples, hints written (file:line), fields left for review (generate's problem and why), what still drifts. */
function printAbsorb(r: AbsorbResult, o: DriftArgs, io: CliIo): void {
  printSamples(r.samples, io);
  for (const t of r.retracted) io.stdout.write(`drift: took back the hint ${t.pointer} in ${t.file}: the samples type it now\n`);
  if (r.hints.length) {
    io.stdout.write(`drift: wrote ${plural(r.hints.length, 'hint')} marked "# ${INFERRED_MARK}" (review them with the spec diff):\n`);
    for (const h of r.hints.filter((x) => !x.review)) io.stdout.write(`  ${h.file}:${h.line}  ${h.model} ${h.pointer}: ${h.type}  (the type of ${h.from.slice(0, 3).join(', ')}${h.from.length > 3 ? ` and ${h.from.length - 3} more` : ''})\n`);
  }
  const review = r.hints.filter((h) => h.review);
  if (review.length) {
    // typed, so generate runs; but the type says nothing yet: the user writes it when they know it
    io.stdout.write(`drift: ${plural(review.length, 'field')} typed as any JSON value (\`type: json\`) for want of evidence; write each one's type when a capture or the docs show it:\n`);
    for (const h of review) io.stdout.write(`  ${h.file}:${h.line}  ${h.model} ${h.pointer}: ${h.type}  (${h.review})\n`);
  }
  if (r.leftovers.length) {
    io.stderr.write(`drift: ${plural(r.leftovers.length, 'field')} left for review: \`npm run generate\` stops at each until you write its hint:\n\n`);
    for (const l of r.leftovers) io.stderr.write(`${formatProblem(l.problem)}\n  why:      ${l.reason}\n  where:    ${l.hintsAt.file}:${l.hintsAt.line}\n\n`);
  }
  for (const p of r.problems) io.stderr.write(`${formatProblem(p)}\n\n`);
  if (r.after.length) {
    // rounded ids are the capture tool's doing and added fields are allowed: neither makes a validator reject
    const rejecting = DRIFT_KINDS.filter((k) => k !== 'rounded' && k !== 'added');
    const failing = r.after.filter((a) => rejecting.some((k) => a.kinds[k]));
    const kinds = rejecting.map((k) => [k, failing.filter((a) => a.kinds[k]).length] as const).filter(([, n]) => n > 0);
    io.stdout.write(
      `drift: after absorbing, ${r.after.length - failing.length} of ${plural(r.after.length, 'absorbed capture')} conform to the spec` +
        (failing.length ? `; ${failing.length} do not (${kinds.map(([k, n]) => `${k}: ${n}`).join(', ')}): see \`npm run drift -- --provider ${r.provider} ${o.inputs.join(' ')}\`` : '') +
        '\n',
    );
    const rounded = r.after.filter((a) => a.kinds.rounded).length;
    if (rounded) io.stdout.write(`drift: ${rounded} of them hold ids rounded before the capture was saved (the capture tool's doing, not the spec's)\n`);
  }
  if (r.samples.samples.length || r.hints.length || r.retracted.length) io.stdout.write(`drift: now run \`npm run generate\`${r.leftovers.length ? ' (after writing the hints left for review)' : ''} and review the spec and generated/ diff.\n`);
}
