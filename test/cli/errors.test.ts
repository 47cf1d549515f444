/**
 * Spec problems, end to end: break a copy of the real spec in one known way, run the CLI on
 * it, and check the exact report: `file:line:col: error: message` with expected/found/fix,
 * exit status 1, no stack trace, and generated/ left byte-identical.
 *
 * Expected positions are computed from the broken files themselves (see `at`), so the cases
 * keep working when the spec's content moves around.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, leftoverTempDirs, lineCol, locate, re, type Project } from '../helpers/project.js';

const ORDER_MODEL = 'spec/spiffy/models/Order.yaml';
const ORDER_SAMPLE = 'spec/spiffy/samples/order.json';
const SPIFFY_TOPICS = 'spec/spiffy/topics.yaml';
const SPIFFY_PROVIDER = 'spec/spiffy/provider.yaml';
const CRATEJOY_PROVIDER = 'spec/cratejoy/provider.yaml';

/** `^file:line:col: error: ` for the position of `needle` in the (already broken) file. */
function at(p: Project, file: string, needle: string, opts: Parameters<typeof locate>[2] = {}): string {
  const { line, col } = locate(p.read(file), needle, opts);
  return `^${re(file)}:${line}:${col}: error: `;
}

/** Deletes one hint (its key line and the more-indented lines under it) from a model file. */
function deleteHint(text: string, pointer: string): string {
  return text.replace(new RegExp(`^  ${re(pointer)}:\\n(?:    .*\\n)*`, 'm'), '');
}

/** Inserts a trailing comma after the first value that closes an object. */
function insertTrailingComma(p: Project, file: string): void {
  p.edit(file, (text) => text.replace(/([^{\s,])(\n[ \t]*\})/, '$1,$2'));
}

/** Where a parser meets the `}` that follows the trailing comma (in the broken file). */
function braceAfterTrailingComma(p: Project, file: string): string {
  const text = p.read(file);
  const m = /,\n([ \t]*)\}/.exec(text);
  if (!m) throw new Error(`test setup: no trailing comma in ${file}`);
  const { line, col } = lineCol(text, m.index + 2 + m[1].length);
  return `^${re(file)}:${line}:${col}: error: `;
}

interface Case {
  /** breaks the copy */
  break: (p: Project) => void;
  /** what stderr must contain (multiline regexps; computed after `break`, from the broken files) */
  want: (p: Project) => RegExp[];
  /** what stderr must not contain */
  unwanted?: RegExp[];
  /** the exact number of problems, when it matters */
  problems?: number;
}

const cases: [string, Case][] = [
  [
    'YAML syntax: an unclosed flow map in a model file is reported where the map opens',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => t.replace('samples: [samples/order.json]\n', 'samples: {list: [samples/order.json]\n')),
      want: (p) => [new RegExp(`${at(p, ORDER_MODEL, '{list:')}invalid YAML`, 'm'), /^ {2}expected: well-formed YAML$/m],
    },
  ],
  [
    'YAML syntax: a duplicate key in a model file is reported at the second key',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => `${t}description: Once more.\n`),
      want: (p) => [new RegExp(`${at(p, ORDER_MODEL, 'description: Once more.')}invalid YAML: Map keys must be unique`, 'm')],
    },
  ],
  [
    'YAML syntax: a model file that does not parse is not also reported as a missing model',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => `${t}description: Once more.\n`),
      want: (p) => [new RegExp(`${at(p, ORDER_MODEL, 'description: Once more.')}invalid YAML`, 'm')],
      // spec/spiffy/models/Order.yaml exists; telling the user to create it is wrong
      unwanted: [/payload model "Order", which does not exist/, /add spec\/spiffy\/models\/Order\.yaml/],
      problems: 1,
    },
  ],
  [
    'JSON sample: a trailing comma is reported at the closing brace',
    {
      break: (p) => insertTrailingComma(p, ORDER_SAMPLE),
      want: (p) => [
        new RegExp(`${braceAfterTrailingComma(p, ORDER_SAMPLE)}invalid JSON sample: `, 'm'),
        /^ {2}found: {4}"\}"$/m,
        /^ {2}expected: .*no trailing commas/m,
      ],
      problems: 1,
    },
  ],
  [
    'JSON sample: a misspelled literal (tru) is reported on its own line, in a one-line message',
    {
      break: (p) => p.edit(ORDER_SAMPLE, (t) => t.replace('"test": true,', '"test": tru,')),
      want: (p) => {
        const start = locate(p.read(ORDER_SAMPLE), 'tru,');
        // the start of the bad literal, or where the parser gave up (up to the comma)
        const cols = [0, 1, 2, 3].map((d) => start.col + d).join('|');
        return [
          new RegExp(`^${re(ORDER_SAMPLE)}:${start.line}:(${cols}): error: invalid JSON sample: .*\\n {2}expected: `, 'm'),
        ];
      },
      unwanted: [/^ {2}found: {4}"\{"$/m],
      problems: 1,
    },
  ],
  [
    'topic: a payload model that does not exist, with did-you-mean',
    {
      break: (p) =>
        p.edit(SPIFFY_TOPICS, (t) => {
          const i = t.indexOf('\n  orders/create:\n');
          const j = t.indexOf('payload: [Order]', i);
          if (i < 0 || j < 0) return t;
          return `${t.slice(0, j)}payload: [Ordr]${t.slice(j + 'payload: [Order]'.length)}`;
        }),
      want: (p) => [
        new RegExp(`${at(p, SPIFFY_TOPICS, 'Ordr', { from: '\n  orders/create:\n' })}topic "orders/create" names payload model "Ordr", which does not exist$`, 'm'),
        /^ {2}found: {4}"Ordr"$/m,
        /^ {2}fix: {6}did you mean "Order"\?/m,
      ],
      problems: 1,
    },
  ],
  [
    'hints: a field that is null in every sample and has no hint',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => deleteHint(t, '/closed_at')),
      want: (p) => [
        new RegExp(`${at(p, ORDER_SAMPLE, '"closed_at": null', { shift: '"closed_at": '.length })}cannot type Order field /closed_at: it is null in every sample$`, 'm'),
        /^ {2}found: {4}null \(model spec\/spiffy\/models\/Order\.yaml\)$/m,
        // Checkout's samples show a closed_at: its type (and format) is the fix, said to come from there
        /^ {2}fix: {6}add to spec\/spiffy\/models\/Order\.yaml \(the type of Checkout \/closed_at\):\n {12}hints:\n {14}\/closed_at:\n {16}type: \[string, "null"\]\n {16}format: date-time\n {12}or run `npm run drift -- --provider spiffy --absorb <captures>`, which writes such hints$/m,
      ],
      problems: 1,
    },
  ],
  [
    'hints: a hint that points at no field, with did-you-mean',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => t.replace(/^hints:\n/m, 'hints:\n  /closed_att:\n    description: A typo of closed_at.\n')),
      want: (p) => [
        new RegExp(`${at(p, ORDER_MODEL, '/closed_att:')}hint /closed_att matches no field of Order$`, 'm'),
        /^ {2}found: {4}"closed_att"$/m,
        /^ {2}fix: {6}did you mean \/closed_at\?$/m,
      ],
      problems: 1,
    },
  ],
  [
    'provider.yaml: an unknown key, with did-you-mean',
    {
      break: (p) => p.edit(SPIFFY_PROVIDER, (t) => t.replace(/^typePrefix:/m, 'typePrefx:')),
      want: (p) => [
        new RegExp(`${at(p, SPIFFY_PROVIDER, 'typePrefx:')}unknown key \`typePrefx\` in the file$`, 'm'),
        /^ {2}expected: one of: provider, title, typePrefix, description, docs, delivery, inference, unconfirmed$/m,
        /^ {2}fix: {6}did you mean `typePrefix`\?$/m,
      ],
    },
  ],
  [
    'provider.yaml: an unknown inference value, with did-you-mean',
    {
      break: (p) => p.edit(SPIFFY_PROVIDER, (t) => t.replace(/^  nulls: nullable$/m, '  nulls: nulable')),
      want: (p) => [
        new RegExp(`${at(p, SPIFFY_PROVIDER, 'nulable')}unsupported \`inference.nulls\`$`, 'm'),
        /^ {2}found: {4}"nulable"$/m,
        /^ {2}fix: {6}did you mean "nullable"\?$/m,
      ],
    },
  ],
  [
    'provider.yaml: an unknown key of `inference`, with did-you-mean',
    {
      break: (p) => p.edit(SPIFFY_PROVIDER, (t) => t.replace(/^inference:\n/m, 'inference:\n  idz:\n    int64: [id]\n')),
      want: (p) => [
        new RegExp(`${at(p, SPIFFY_PROVIDER, 'idz:')}unknown key \`idz\` in inference$`, 'm'),
        /^ {2}expected: one of: ids, presence, nulls$/m,
        /^ {2}fix: {6}did you mean `ids`\?$/m,
      ],
      problems: 1,
    },
  ],
  [
    'provider.yaml: an id pattern that names every field',
    {
      break: (p) => p.edit(SPIFFY_PROVIDER, (t) => t.replace(/^inference:\n/m, "inference:\n  ids:\n    int64: [id, '*']\n")),
      want: (p) => [
        new RegExp(`${at(p, SPIFFY_PROVIDER, "'*'")}an id pattern must name something besides \`[*]\`$`, 'm'),
        /^ {2}expected: a field name with `\*` for any text, e\.g\. '\*_id'$/m,
        /^ {2}found: {4}"\*"$/m,
      ],
      problems: 1,
    },
  ],
  [
    'models: a model name that differs from its file name',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => t.replace(/^model: Order$/m, 'model: Orders')),
      want: (p) => [
        new RegExp(`${at(p, ORDER_MODEL, 'Orders', { from: 'model: ' })}model "Orders" is in a file named Order\\.yaml$`, 'm'),
        /^ {2}expected: "Order"\n {2}found: {4}"Orders"$/m,
        /^ {2}fix: {6}rename the file to models\/Orders\.yaml or the model to "Order"$/m,
      ],
    },
  ],
  [
    'models: a misnamed model does not make the report advise creating its existing file',
    {
      break: (p) => p.edit(ORDER_MODEL, (t) => t.replace(/^model: Order$/m, 'model: Orders')),
      want: (p) => [new RegExp(`${at(p, ORDER_MODEL, 'Orders', { from: 'model: ' })}model "Orders"`, 'm')],
      unwanted: [/add spec\/spiffy\/models\/Order\.yaml/],
    },
  ],
  [
    'hints: an unquoted null in a type list',
    {
      break: (p) =>
        p.edit(ORDER_MODEL, (t) => {
          const i = t.indexOf('  /closed_at:\n');
          const j = t.indexOf('type: [string, "null"]', i);
          if (i < 0 || j < 0) return t;
          return `${t.slice(0, j)}type: [string, null]${t.slice(j + 'type: [string, "null"]'.length)}`;
        }),
      want: (p) => [
        new RegExp(`${at(p, ORDER_MODEL, 'null]', { from: '  /closed_at:\n' })}unknown JSON Schema type$`, 'm'),
        /^ {2}found: {4}null \(YAML reads an unquoted null as a null value\)$/m,
        /^ {2}fix: {6}write "null" in quotes$/m,
      ],
    },
  ],
  [
    'hints: `json` (any JSON value) in a type list',
    {
      break: (p) =>
        p.edit(ORDER_MODEL, (t) => {
          const i = t.indexOf('  /closed_at:\n');
          const j = t.indexOf('type: [string, "null"]', i);
          if (i < 0 || j < 0) return t;
          return `${t.slice(0, j)}type: [json, "null"]${t.slice(j + 'type: [string, "null"]'.length)}`;
        }),
      want: (p) => [
        new RegExp(`${at(p, ORDER_MODEL, '[json', { from: '  /closed_at:\n' })}\`json\` \\(any JSON value\\) stands alone in a type$`, 'm'),
        /^ {2}expected: `type: json` alone: it already includes null and every other JSON type$/m,
        /^ {2}found: {4}\[json, null\]$/m,
      ],
    },
  ],
  [
    'two problems in two providers are both reported in one run',
    {
      break: (p) => {
        insertTrailingComma(p, ORDER_SAMPLE);
        p.edit(CRATEJOY_PROVIDER, (t) => `${t}titel: Cratejoy\n`);
      },
      want: (p) => [
        new RegExp(`${at(p, CRATEJOY_PROVIDER, 'titel:')}unknown key \`titel\` in the file$`, 'm'),
        /^ {2}fix: {6}did you mean `title`\?$/m,
        new RegExp(`${braceAfterTrailingComma(p, ORDER_SAMPLE)}invalid JSON sample: `, 'm'),
      ],
      problems: 2,
    },
  ],
];

describe('spec problems are reported with their location, and generated/ is left alone', () => {
  const copies: Project[] = [];
  afterAll(() => {
    for (const p of copies) p.cleanup();
  });

  it.concurrent.each(cases)('%s', async (_name, c) => {
    const p = copyProject({ prefix: 'typegen-errors-' });
    copies.push(p);
    const before = p.hash('generated');
    c.break(p);

    const r = p.run();
    const out = r.stdout + r.stderr;

    expect(r.status, out).toBe(1);
    // no stack trace, no internal error: a report for a person
    expect(out).not.toMatch(/^ {4}at /m);
    expect(out).not.toMatch(/internal error/);
    expect(r.stdout).toBe('');
    // every problem has a location and the expected/found/fix lines
    const errorLines = r.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(errorLines.length).toBeGreaterThan(0);
    for (const l of errorLines) expect(l).toMatch(/^spec\/[^\s:]+:\d+:\d+: error: \S/);
    expect(r.stderr.match(/^ {2}fix: /gm)?.length).toBe(errorLines.length);
    const summary = /^generate: (\d+) problems? in spec\/; generated\/ was not changed\.$/m.exec(r.stderr);
    expect(summary, r.stderr).not.toBeNull();
    expect(Number(summary![1])).toBe(errorLines.length);
    if (c.problems !== undefined) expect(errorLines.length, r.stderr).toBe(c.problems);

    for (const w of c.want(p)) expect(r.stderr).toMatch(w);
    for (const u of c.unwanted ?? []) expect(r.stderr).not.toMatch(u);

    expect(p.hash('generated')).toBe(before);
    expect(leftoverTempDirs(p.root)).toEqual([]);
  });
});
