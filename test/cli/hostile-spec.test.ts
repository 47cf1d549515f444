/**
 * A hostile (or careless) spec and command line, table-driven: each case breaks a copy of the
 * project in one way, runs `generate`, and asserts the whole of stderr (location, message,
 * expected, found, fix, summary), exit 1, and that nothing was touched: generated/ and the
 * whole project byte-identical, no temporary folder, no lock.
 *
 * Most cases call the CLI's `main` in-process (the same code the launcher calls, minus node's
 * start-up); the last group spawns the launcher, for the exit code a shell sees, and for files
 * that only another user cannot read (as root, the child runs as `nobody`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_SAMPLE_BYTES, MAX_SPEC_FILE_BYTES } from '../../src/spec/files.js';
import { copyProject, hashTree, LAUNCHER, leftoverTempDirs, locate, type Project } from '../helpers/project.js';
import { at, block, nameSample, ORDER_MODEL, ORDER_SAMPLE, prependToSample, runInProcess, SUMMARY, type Case } from '../helpers/hostile.js';
import { execFileSync } from 'node:child_process';

const outSummary = (out: string) => `generate: 1 problem with --out ${out}; nothing was written.\n`;
const readableFile = (f: string) => `a readable file at ${f}`;
const sampleAt = (p: Project) => at(p, ORDER_MODEL, 'samples/order.json');

const specCases: [string, Case][] = [
  [
    'a provider folder that is a loop of symbolic links',
    {
      break: (p) => {
        symlinkSync('b', p.path('spec/a'));
        symlinkSync('a', p.path('spec/b'));
      },
      stderr: () =>
        [
          block('spec/a', 'spec/a is a loop of symbolic links', 'a readable folder at spec/a', 'links that lead back to themselves (ELOOP)', 'replace the link with the folder itself'),
          block('spec/b', 'spec/b is a loop of symbolic links', 'a readable folder at spec/b', 'links that lead back to themselves (ELOOP)', 'replace the link with the folder itself'),
          'generate: 2 problems in spec/; generated/ was not changed.\n',
        ].join('\n'),
    },
  ],
  [
    'a provider folder that is a link to nothing',
    {
      break: (p) => symlinkSync('gone', p.path('spec/acme')),
      stderr: () => [block('spec/acme', 'spec/acme is a symbolic link to nothing', 'a readable folder at spec/acme', 'a link whose target does not exist', 'point the link at the folder, or replace it with the folder itself'), SUMMARY].join('\n'),
    },
  ],
  [
    'a model file that is a loop of symbolic links',
    {
      break: (p) => {
        symlinkSync('Loop2.yaml', p.path('spec/spiffy/models/Loop1.yaml'));
        symlinkSync('Loop1.yaml', p.path('spec/spiffy/models/Loop2.yaml'));
      },
      stderr: () =>
        [
          block('spec/spiffy/models/Loop1.yaml', 'spec/spiffy/models/Loop1.yaml is a loop of symbolic links', readableFile('spec/spiffy/models/Loop1.yaml'), 'links that lead back to themselves (ELOOP)', 'replace the link with the file itself'),
          block('spec/spiffy/models/Loop2.yaml', 'spec/spiffy/models/Loop2.yaml is a loop of symbolic links', readableFile('spec/spiffy/models/Loop2.yaml'), 'links that lead back to themselves (ELOOP)', 'replace the link with the file itself'),
          'generate: 2 problems in spec/; generated/ was not changed.\n',
        ].join('\n'),
    },
  ],
  [
    'a model file that is a link to nothing',
    {
      break: (p) => symlinkSync('Nowhere.yaml', p.path('spec/spiffy/models/Ghost.yaml')),
      stderr: () => [block('spec/spiffy/models/Ghost.yaml', 'spec/spiffy/models/Ghost.yaml is a symbolic link to nothing', readableFile('spec/spiffy/models/Ghost.yaml'), 'a link whose target does not exist', 'point the link at the file, or replace it with the file itself'), SUMMARY].join('\n'),
    },
  ],
  [
    'a folder named like a model file',
    {
      break: (p) => mkdirSync(p.path('spec/spiffy/models/Folder.yaml')),
      stderr: () => [block('spec/spiffy/models/Folder.yaml', 'spec/spiffy/models/Folder.yaml is a folder, not a file', readableFile('spec/spiffy/models/Folder.yaml'), 'a folder', 'rename the folder, or give the path of a file'), SUMMARY].join('\n'),
    },
  ],
  [
    'topics.yaml is a folder',
    {
      break: (p) => {
        rmSync(p.path('spec/spiffy/topics.yaml'));
        mkdirSync(p.path('spec/spiffy/topics.yaml'));
      },
      stderr: () => [block('spec/spiffy/topics.yaml', 'spec/spiffy/topics.yaml is a folder, not a file', readableFile('spec/spiffy/topics.yaml'), 'a folder', 'rename the folder, or give the path of a file'), SUMMARY].join('\n'),
    },
  ],
  [
    'a sample path that is a folder (located where the model names it)',
    {
      break: (p) => {
        rmSync(p.path(ORDER_SAMPLE));
        mkdirSync(p.path(ORDER_SAMPLE));
      },
      stderr: (p) => [block(sampleAt(p), `${ORDER_SAMPLE} is a folder, not a file`, readableFile(ORDER_SAMPLE), 'a folder', 'rename the folder, or give the path of a file'), SUMMARY].join('\n'),
    },
  ],
  [
    'a sample that is a link to nothing',
    {
      break: (p) => {
        rmSync(p.path(ORDER_SAMPLE));
        symlinkSync('moved.json', p.path(ORDER_SAMPLE));
      },
      stderr: (p) => [block(sampleAt(p), `${ORDER_SAMPLE} is a symbolic link to nothing`, readableFile(ORDER_SAMPLE), 'a link whose target does not exist', 'point the link at the file, or replace it with the file itself'), SUMMARY].join('\n'),
    },
  ],
  [
    'a sample that is a loop of symbolic links',
    {
      break: (p) => {
        rmSync(p.path(ORDER_SAMPLE));
        symlinkSync('order.json', p.path(ORDER_SAMPLE));
      },
      stderr: (p) => [block(sampleAt(p), `${ORDER_SAMPLE} is a loop of symbolic links`, readableFile(ORDER_SAMPLE), 'links that lead back to themselves (ELOOP)', 'replace the link with the file itself'), SUMMARY].join('\n'),
    },
  ],
  [
    'a sample that is a FIFO (read without waiting for a writer)',
    {
      break: (p) => {
        rmSync(p.path(ORDER_SAMPLE));
        execFileSync('mkfifo', [p.path(ORDER_SAMPLE)]);
      },
      stderr: (p) => [block(sampleAt(p), `${ORDER_SAMPLE} is not a regular file`, readableFile(ORDER_SAMPLE), 'a FIFO, socket or device', 'replace it with a file'), SUMMARY].join('\n'),
    },
  ],
  [
    'a sample path that climbs out of the provider folder (../../outside.json): refused, never read',
    {
      break: (p) => {
        p.write('outside.json', '{"secret": "must not be read"}');
        nameSample(p, '../../outside.json');
      },
      stderr: (p) =>
        [
          block(
            at(p, ORDER_MODEL, '"../../outside.json"'),
            'the path "../../outside.json" leaves the provider folder spec/spiffy/',
            'a path relative to spec/spiffy/ that stays inside it, e.g. samples/order.json',
            '"../../outside.json"',
            'copy the file into spec/spiffy/ and name it from there',
          ),
          SUMMARY,
        ].join('\n'),
    },
  ],
  [
    'an absolute sample path',
    {
      break: (p) => nameSample(p, '/etc/hostname'),
      stderr: (p) =>
        [block(at(p, ORDER_MODEL, '"/etc/hostname"'), 'the path "/etc/hostname" leaves the provider folder spec/spiffy/', 'a path relative to spec/spiffy/ that stays inside it, e.g. samples/order.json', '"/etc/hostname"', 'copy the file into spec/spiffy/ and name it from there'), SUMMARY].join('\n'),
    },
  ],
  [
    'a sample path that stays inside by name but leaves through a symbolic link',
    {
      break: (p) => {
        p.write('outside.json', '{"secret": "must not be read"}');
        rmSync(p.path(ORDER_SAMPLE));
        symlinkSync('../../../outside.json', p.path(ORDER_SAMPLE));
      },
      stderr: (p) =>
        [
          block(
            sampleAt(p),
            `the path "samples/order.json" leaves the provider folder spec/spiffy/ through a symbolic link (to ${p.path('outside.json')})`,
            'a path relative to spec/spiffy/ that stays inside it, e.g. samples/order.json',
            '"samples/order.json"',
            'copy the file into spec/spiffy/ and name it from there',
          ),
          SUMMARY,
        ].join('\n'),
    },
  ],
  [
    'an api.yaml response file that climbs out of the provider folder',
    {
      break: (p) => p.edit('spec/cratejoy/api.yaml', (t) => t.replace('response: api/hooks.list.200.json', 'response: ../../outside.json')),
      stderr: (p) =>
        [
          block(
            at(p, 'spec/cratejoy/api.yaml', '../../outside.json'),
            'the path "../../outside.json" leaves the provider folder spec/cratejoy/',
            'a path relative to spec/cratejoy/ that stays inside it, e.g. samples/order.json',
            '"../../outside.json"',
            'copy the file into spec/cratejoy/ and name it from there',
          ),
          SUMMARY,
        ].join('\n'),
    },
  ],
  [
    `a sample one byte above the stated limit (${MAX_SAMPLE_BYTES} bytes)`,
    {
      break: (p) => {
        const text = p.read(ORDER_SAMPLE);
        p.write(ORDER_SAMPLE, text.replace(/^\{/, `{"pad": "${'x'.repeat(MAX_SAMPLE_BYTES + 1 - Buffer.byteLength(text) - '"pad": "",'.length)}",`));
        expect(statSync(p.path(ORDER_SAMPLE)).size).toBe(MAX_SAMPLE_BYTES + 1);
      },
      stderr: () =>
        [
          block(ORDER_SAMPLE, `${ORDER_SAMPLE} is too large (${MAX_SAMPLE_BYTES + 1} bytes)`, `at most ${MAX_SAMPLE_BYTES} bytes (the limit for this kind of file, see spec/README.md)`, `${MAX_SAMPLE_BYTES + 1} bytes`, 'keep one representative payload: shorten long lists to a few items'),
          SUMMARY,
        ].join('\n'),
    },
  ],
  [
    'a 3 MB sample (once a stack overflow): too large, read no further than the limit',
    {
      break: (p) => {
        const text = p.read(ORDER_SAMPLE);
        p.write(ORDER_SAMPLE, text.replace(/^\{/, `{"many": [${'{"id": 1},'.repeat(300_000)}{}],`));
      },
      stderr: (p) => {
        const size = statSync(p.path(ORDER_SAMPLE)).size;
        return [block(ORDER_SAMPLE, `${ORDER_SAMPLE} is too large (${size} bytes)`, `at most ${MAX_SAMPLE_BYTES} bytes (the limit for this kind of file, see spec/README.md)`, `${size} bytes`, 'keep one representative payload: shorten long lists to a few items'), SUMMARY].join('\n');
      },
    },
  ],
  [
    `a YAML spec file above its limit (${MAX_SPEC_FILE_BYTES} bytes)`,
    {
      break: (p) => p.edit('spec/spiffy/topics.yaml', (t) => `${t}${`# ${'x'.repeat(98)}\n`.repeat(Math.ceil(MAX_SPEC_FILE_BYTES / 100))}`),
      stderr: (p) => {
        const size = statSync(p.path('spec/spiffy/topics.yaml')).size;
        return [block('spec/spiffy/topics.yaml', `spec/spiffy/topics.yaml is too large (${size} bytes)`, `at most ${MAX_SPEC_FILE_BYTES} bytes (the limit for this kind of file, see spec/README.md)`, `${size} bytes`, 'keep one representative payload: shorten long lists to a few items'), SUMMARY].join('\n');
      },
    },
  ],
  [
    `a JSON sample nested ${MAX_DEPTH + 1} levels deep, at the bracket that opens the level too many`,
    {
      break: (p) => prependToSample(p, `"deep": ${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)},`),
      stderr: (p) => {
        const { line, col } = locate(p.read(ORDER_SAMPLE), '[', { shift: MAX_DEPTH - 1 });
        return [
          block(`${ORDER_SAMPLE}:${line}:${col}`, `the sample is nested more than ${MAX_DEPTH} levels deep`, `at most ${MAX_DEPTH} levels of nested objects and lists (the limit of spec/README.md)`, `"[" opening level ${MAX_DEPTH + 1}`, 'cut the payload down to the levels the docs show; a recursive structure needs only a level or two'),
          SUMMARY,
        ].join('\n');
      },
    },
  ],
  [
    'a JSON sample nested 10^4 deep (valid JSON, once a "syntax error"): the depth limit',
    {
      break: (p) => prependToSample(p, `"deep": ${'{"x":'.repeat(10_000)}1${'}'.repeat(10_000)},`),
      stderr: (p) => {
        // the payload object is level 1: level 65 is the 64th {"x":
        const { line, col } = locate(p.read(ORDER_SAMPLE), '{"x":', { nth: MAX_DEPTH - 1 });
        return [
          block(`${ORDER_SAMPLE}:${line}:${col}`, `the sample is nested more than ${MAX_DEPTH} levels deep`, `at most ${MAX_DEPTH} levels of nested objects and lists (the limit of spec/README.md)`, `"{" opening level ${MAX_DEPTH + 1}`, 'cut the payload down to the levels the docs show; a recursive structure needs only a level or two'),
          SUMMARY,
        ].join('\n');
      },
    },
  ],
  [
    `a YAML sample nested ${MAX_DEPTH + 1} levels deep`,
    {
      break: (p) => {
        let yaml = '';
        for (let i = 0; i <= MAX_DEPTH; i++) yaml += `${'  '.repeat(i)}k${i}:\n`;
        p.write('spec/spiffy/samples/deep.yaml', `${yaml}${'  '.repeat(MAX_DEPTH + 1)}leaf: 1\n`);
        nameSample(p, 'samples/deep.yaml');
      },
      stderr: (p) =>
        [
          block(at(p, 'spec/spiffy/samples/deep.yaml', `k${MAX_DEPTH}:`), `invalid YAML: nested more than ${MAX_DEPTH} levels deep`, `at most ${MAX_DEPTH} levels of nested maps and lists (the limit of spec/README.md)`, 'deeper nesting', 'flatten the structure; a payload needs only the levels the docs show'),
          SUMMARY,
        ].join('\n'),
    },
  ],
  [
    'invalid UTF-8 in a JSON sample (Latin-1 é): located, not silently U+FFFD',
    {
      break: (p) => {
        const text = p.read(ORDER_SAMPLE).replace('"Billtown"', '"Bill\u00e9town"');
        writeFileSync(p.path(ORDER_SAMPLE), Buffer.from(text, 'latin1'));
      },
      stderr: (p) => {
        const text = p.read(ORDER_SAMPLE);
        const { line, col } = locate(text, '\ufffd');
        const offset = Buffer.from(text.slice(0, text.indexOf('\ufffd')), 'latin1').length;
        return [
          block(`${ORDER_SAMPLE}:${line}:${col}`, 'the file is not valid UTF-8', 'UTF-8 text', `the byte e9 (before 74 6f 77), at byte offset ${offset}: it starts no valid UTF-8 sequence`, 'save the file as UTF-8 (a file saved as Latin-1 or Windows-1252 needs converting, e.g. iconv -f latin1 -t utf-8)'),
          SUMMARY,
        ].join('\n');
      },
    },
  ],
  [
    'invalid UTF-8 in a YAML spec file (a truncated sequence at the very end)',
    {
      break: (p) => writeFileSync(p.path('spec/spiffy/topics.yaml'), Buffer.concat([Buffer.from(p.read('spec/spiffy/topics.yaml')), Buffer.from([0x23, 0x20, 0xe2, 0x82])])),
      stderr: (p) => {
        const bytes = readFileSync(p.path('spec/spiffy/topics.yaml'));
        const lines = p.read('spec/spiffy/topics.yaml').split('\n');
        return [block(`spec/spiffy/topics.yaml:${lines.length}:3`, 'the file is not valid UTF-8', 'UTF-8 text', `the byte e2 (before 82), at byte offset ${bytes.length - 2}: it starts no valid UTF-8 sequence`, 'save the file as UTF-8 (a file saved as Latin-1 or Windows-1252 needs converting, e.g. iconv -f latin1 -t utf-8)'), SUMMARY].join('\n');
      },
    },
  ],
  [
    'a duplicate key in a JSON sample (JSON.parse would keep the last one silently)',
    {
      break: (p) => p.edit(ORDER_SAMPLE, (t) => t.replace('"email": "jon@doe.ca",', '"email": "jon@doe.ca",\n  "email": "someone@else.ca",')),
      stderr: (p) => {
        const first = locate(p.read(ORDER_SAMPLE), '"email"');
        return [
          block(at(p, ORDER_SAMPLE, '"email"', { nth: 1 }), 'duplicate key "email" in one object', 'each key once per object', `"email" again (first at line ${first.line}, column ${first.col})`, 'remove one of the two, or keep the one the docs mean (JSON readers disagree on which wins)'),
          SUMMARY,
        ].join('\n');
      },
    },
  ],
  [
    'a duplicate key spelled with an escape ("\\u0069d" is "id")',
    {
      break: (p) => p.edit(ORDER_SAMPLE, (t) => t.replace('"email": "jon@doe.ca",', '"email": "jon@doe.ca",\n  "\\u0069d": 5,')),
      stderr: (p) => {
        const first = locate(p.read(ORDER_SAMPLE), '"id"');
        return [block(at(p, ORDER_SAMPLE, '"\\u0069d"'), 'duplicate key "id" in one object', 'each key once per object', `"id" again (first at line ${first.line}, column ${first.col})`, 'remove one of the two, or keep the one the docs mean (JSON readers disagree on which wins)'), SUMMARY].join('\n');
      },
    },
  ],
  [
    '--spec naming a file',
    {
      break: () => ['--spec', 'spec/README.md'],
      stderr: () => [block('spec/README.md', 'spec/README.md/ is a file, not a folder', 'a readable folder at spec/README.md/', 'a file', 'give the path of a folder, or move the file away'), 'generate: 1 problem in spec/README.md/; generated/ was not changed.\n'].join('\n'),
    },
  ],
];

/** `--out` values that must be refused before anything is read or written. */
const outCases: [string, Case][] = [
  [
    '--out spec (the spec folder)',
    {
      break: () => ['--out', 'spec'],
      stderr: () => [block('spec', '--out spec: is the spec folder', OUT_EXPECTED, 'the spec spec/ would be replaced by the generated package', 'give --out a folder of its own, e.g. --out generated'), outSummary('spec')].join('\n'),
    },
  ],
  [
    '--out . (the project root)',
    {
      break: () => ['--out', '.'],
      stderr: (p) => [block('.', '--out .: is the project root', OUT_EXPECTED, `the project ${p.root} would be replaced by the generated package`, 'give --out a folder inside the project, e.g. --out generated'), outSummary('.')].join('\n'),
    },
  ],
  [
    '--out .. (an ancestor of the project)',
    {
      break: () => ['--out', '..'],
      stderr: () => [block('..', '--out ..: holds the spec folder', OUT_EXPECTED, 'the spec spec/ would be replaced by the generated package', 'give --out a folder of its own, e.g. --out generated'), outSummary('..')].join('\n'),
    },
  ],
  [
    '--out with a trailing slash and a detour (spec/../spec/)',
    {
      break: () => ['--out', 'spec/../spec/'],
      // the project's paths lose a trailing slash (src/project: one spelling per folder)
      stderr: () => [block('spec/../spec', '--out spec/../spec: is the spec folder', OUT_EXPECTED, 'the spec spec/ would be replaced by the generated package', 'give --out a folder of its own, e.g. --out generated'), outSummary('spec/../spec')].join('\n'),
    },
  ],
  [
    '--out inside the spec folder',
    {
      break: () => ['--out', 'spec/out'],
      stderr: () => [block('spec/out', '--out spec/out: is inside the spec folder', `${OUT_EXPECTED}, outside spec/`, 'a folder inside spec/ (it would be read as a provider)', 'give --out a folder outside the spec, e.g. --out generated'), outSummary('spec/out')].join('\n'),
    },
  ],
  [
    '--out naming a file (once ENOTDIR, an internal error)',
    {
      break: () => ['--out', 'spec/README.md'],
      stderr: (p) => [block('spec/README.md', '--out spec/README.md: names a file, not a folder', OUT_EXPECTED, `a file at ${p.path('spec/README.md')}`, 'give --out a folder (the generated package is a folder), e.g. --out generated'), outSummary('spec/README.md')].join('\n'),
    },
  ],
  [
    '--out below a file',
    {
      break: (p) => {
        p.write('notes.txt', 'a file\n');
        return ['--out', 'notes.txt/generated'];
      },
      stderr: (p) => [block('notes.txt/generated', '--out notes.txt/generated: notes.txt is not a folder', 'a path whose parents are folders', `a file at ${p.path('notes.txt')}`, 'choose another --out, or move that file away'), outSummary('notes.txt/generated')].join('\n'),
    },
  ],
  [
    '--out a symbolic link to the output',
    {
      break: (p) => {
        symlinkSync('generated', p.path('gen-link'));
        return ['--out', 'gen-link'];
      },
      stderr: (p) =>
        [
          block('gen-link', '--out gen-link: is a symbolic link', `${OUT_EXPECTED}, not a link (the whole folder is replaced, which would replace the link, not what it points to)`, `a link at ${p.path('gen-link')}`, 'give --out the real folder the link points to, or remove the link'),
          outSummary('gen-link'),
        ].join('\n'),
    },
  ],
  [
    '--out a non-empty folder webhook-typegen did not write',
    {
      break: (p) => {
        mkdirSync(p.path('mine'));
        for (const f of ['notes.md', 'a.txt', 'b.txt', 'c.txt']) p.write(`mine/${f}`, 'keep me\n');
        return ['--out', 'mine'];
      },
      stderr: () =>
        [
          block('mine', '--out mine: is a folder that webhook-typegen did not write', OUT_EXPECTED, 'a folder holding a.txt, b.txt, c.txt, … (4 entries), and no .webhook-typegen file', 'choose an empty or new folder; if this is an output of an earlier version of webhook-typegen, delete it, then run again'),
          outSummary('mine'),
        ].join('\n'),
    },
  ],
  [
    '--out a folder whose marker file has other content',
    {
      break: (p) => {
        p.write('generated/.webhook-typegen', 'forged\n');
        return [];
      },
      stderr: () =>
        [
          block('generated', '--out generated: is a folder that webhook-typegen did not write', OUT_EXPECTED, 'a folder holding .webhook-typegen, README.md, catalog, … (13 entries), and a .webhook-typegen file that webhook-typegen did not write', 'choose an empty or new folder; if this is an output of an earlier version of webhook-typegen, delete it, then run again'),
          outSummary('generated'),
        ].join('\n'),
    },
  ],
];
const OUT_EXPECTED = 'a folder that webhook-typegen wrote (it holds the file .webhook-typegen), an empty folder, or a path that does not exist yet';

const projects: Project[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) {
    execFileSync('chmod', ['-R', 'u+rwX', p.root]);
    p.cleanup();
  }
});


describe.each([
  ['spec', specCases],
  ['--out', outCases],
] as const)('hostile %s: a located problem, exit 1, nothing touched', (_group, cases) => {
  it.each(cases)('%s', async (_name, c) => {
    const p = copyProject({ prefix: 'typegen-hostile-' });
    projects.push(p);
    const args = c.break(p) ?? [];
    const generated = p.hash('generated');
    const project = hashTree(p.root);
    const r = await runInProcess(p, args);
    expect(r.stderr).toBe(c.stderr(p));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(p.hash('generated')).toBe(generated);
    expect(hashTree(p.root)).toBe(project);
    expect(leftoverTempDirs(p.root)).toEqual([]);
  });
});

describe('hostile spec: what must still generate', () => {
  it('a sample whose keys are __proto__, constructor and toString: ordinary fields, in the types, the schema and the validator; no prototype touched', async () => {
    const p = copyProject({ prefix: 'typegen-hostile-proto-' });
    projects.push(p);
    prependToSample(p, '"__proto__": {"polluted": true}, "constructor": "c", "toString": 5,');
    const r = await runInProcess(p, []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const schema: unknown = JSON.parse(p.read('generated/spiffy/schemas/Order.schema.json'));
    const props = (schema as { properties: Record<string, unknown>; required: string[] }).properties;
    expect(Object.hasOwn(props, '__proto__')).toBe(true);
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString']));
    // spiffy's policy (presence: optional, nulls: nullable) makes every field of Order optional
    // and nullable: the three keys are fields like the others
    const models = p.read('generated/spiffy/models.d.ts');
    expect(models).toMatch(/^ {2}__proto__\?: \(OrderProto \| null\);$/m);
    expect(models).toMatch(/^ {2}constructor\?: \(string \| null\);$/m);
    expect(models).toMatch(/^ {2}toString\?: \(number \| null\);$/m);
    expect(models).toMatch(/^export interface OrderProto \{\n {2}polluted\?: \(boolean \| null\);\n\}$/m);
    const pkg = (await import(`${p.path('generated/spiffy/index.js')}?proto`)) as Record<string, (v: unknown) => { ok: boolean }>;
    const fixtures = (await import(`${p.path('generated/spiffy/fixtures.js')}?proto`)) as { orderFixture: { sample(): Record<string, unknown> } };
    const sample = fixtures.orderFixture.sample();
    expect(Object.hasOwn(sample, '__proto__')).toBe(true);
    expect(pkg.validateOrder?.(sample).ok).toBe(true);
    const wrong = JSON.parse(JSON.stringify(sample).replace('"polluted":true', '"polluted":"yes"')) as unknown;
    expect(pkg.validateOrder?.(wrong)).toMatchObject({ ok: false, issues: [{ path: '/__proto__/polluted' }] });
  });

  it(`a JSON sample exactly ${MAX_DEPTH} levels deep and a YAML file of exactly ${MAX_SPEC_FILE_BYTES} bytes are read`, async () => {
    const p = copyProject({ prefix: 'typegen-hostile-limits-' });
    projects.push(p);
    // the payload object is level 1: 62 more objects and a list make 64
    prependToSample(p, `"deep": ${'{"x":'.repeat(MAX_DEPTH - 2)}[1]${'}'.repeat(MAX_DEPTH - 2)},`);
    p.edit('spec/spiffy/topics.yaml', (t) => `${t}#${'x'.repeat(MAX_SPEC_FILE_BYTES - Buffer.byteLength(t) - 2)}\n`);
    expect(statSync(p.path('spec/spiffy/topics.yaml')).size).toBe(MAX_SPEC_FILE_BYTES);
    const r = await runInProcess(p, []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

/** Runs the launcher as a shell would (as `nobody` when this process is root, so permissions apply). */
function launch(p: Project, args: string[], asNobody: boolean): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DEBUG;
  const ids = asNobody && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  if ('uid' in ids) execFileSync('chown', ['-R', '65534:65534', p.root]);
  const r = spawnSync(process.execPath, [LAUNCHER, 'generate', '--root', p.root, ...args], { cwd: p.root, env, encoding: 'utf8', timeout: 60_000, ...ids });
  if (r.error) throw r.error;
  return r;
}

describe('hostile spec through the launcher: exit codes a shell sees, permissions', () => {
  it('--out naming a file exits 1 with the located message (once exit 2, "internal error: ENOTDIR")', () => {
    const p = copyProject({ prefix: 'typegen-hostile-cli-' });
    projects.push(p);
    const before = hashTree(p.root);
    const r = launch(p, ['--out', 'spec/README.md'], false);
    expect(r.stderr).toMatch(/^spec\/README\.md: error: --out spec\/README\.md: names a file, not a folder$/m);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(1);
    expect(hashTree(p.root)).toBe(before);
  });

  it.each([
    [
      'an unreadable sample',
      (p: Project) => chmodSync(p.path(ORDER_SAMPLE), 0o000),
      (p: Project) => block(sampleAt(p), `${ORDER_SAMPLE} cannot be read (permission denied)`, readableFile(ORDER_SAMPLE), 'no read permission', `make it readable (chmod a+r ${ORDER_SAMPLE})`),
    ],
    [
      'an unreadable models folder',
      (p: Project) => chmodSync(p.path('spec/spiffy/models'), 0o000),
      () => block('spec/spiffy/models', 'spec/spiffy/models/ cannot be read (permission denied)', 'a readable folder at spec/spiffy/models/', 'no read permission', 'make it readable and listable (chmod a+rx spec/spiffy/models/)'),
    ],
    [
      'an unreadable provider folder',
      (p: Project) => chmodSync(p.path('spec/lemonsqueezy'), 0o000),
      () => block('spec/lemonsqueezy', 'spec/lemonsqueezy/ cannot be read (permission denied)', 'a readable folder at spec/lemonsqueezy/', 'no read permission', 'make it readable and listable (chmod a+rx spec/lemonsqueezy/)'),
    ],
  ])('%s: a located problem, exit 1, nothing touched', (_name, breakIt, want) => {
    const p = copyProject({ prefix: 'typegen-hostile-perm-' });
    projects.push(p);
    const generated = p.hash('generated');
    breakIt(p);
    const r = launch(p, [], true);
    expect(r.stderr).toBe(`${want(p)}\n${SUMMARY}`);
    expect(r.status).toBe(1);
    execFileSync('chmod', ['-R', 'u+rwX', p.root]);
    expect(p.hash('generated')).toBe(generated);
    expect(leftoverTempDirs(p.root)).toEqual([]);
  });

  it('an output folder that cannot be written: a located problem, exit 1, the old output intact', () => {
    const p = copyProject({ prefix: 'typegen-hostile-ro-' });
    projects.push(p);
    p.edit('spec/spiffy/topics.yaml', (t) => t.replace('An order was created.', 'An order was created (edited).'));
    const generated = p.hash('generated');
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', '65534:65534', p.root]);
    chmodSync(p.root, 0o555);
    const r = launch(p, [], true);
    chmodSync(p.root, 0o755);
    expect(r.stderr).toMatch(/^generated: error: cannot write generated\/: EACCES\n {2}expected: a folder that can be created and written, with room for the generated package\n {2}found: {4}EACCES: permission denied, open '.*\.generated\.lock(\.\d+)?'\n {2}fix: {6}check the permissions of .*, or choose another --out\n\ngenerate: 1 problem with --out generated; nothing was written\.\n$/);
    expect(r.status).toBe(1);
    expect(p.hash('generated')).toBe(generated);
    expect(readdirSync(p.root).sort()).toEqual(['generated', 'spec']);
  });
});
