// --absorb and the pieces under it: the verbatim payload text (raw.ts), model-file edits that
// keep the rest of the file byte for byte (yaml-edit.ts), samples that never overwrite, an
// envelope provider's payload member, and the whole loop through the CLI on the acme fixture.
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { loadProviderModel, readCaptures, sampleName, writeSamples } from '../../src/tools/drift/drift.js';
import { rawAt } from '../../src/tools/drift/raw.js';
import { appendListItem, appendMapEntries, markedKeys, removeMapEntries } from '../../src/tools/drift/yaml-edit.js';
import { REPO } from './corpus.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function captureDir(files: Record<string, string>): string {
  const dir = tmp('absorb-captures-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('rawAt: a member\'s text exactly as written', () => {
  const text = '{ "a": {"b": [1, {"c": 12345678901234567890}], "s": "x}\\"]{"}, "a2": 1, "d": "first", "d": "last" }';
  const t: [string, string[], string | undefined][] = [
    ['a nested member keeps every digit', ['a', 'b', '1', 'c'], '12345678901234567890'],
    ['an object, verbatim', ['a', 'b', '1'], '{"c": 12345678901234567890}'],
    ['brackets and quotes inside strings are text', ['a', 's'], '"x}\\"]{"'],
    ['the last of duplicate keys, as JSON.parse', ['d'], '"last"'],
    ['a missing member', ['a', 'zz'], undefined],
    ['an index past the end', ['a', 'b', '5'], undefined],
    ['a step into a scalar', ['a2', 'x'], undefined],
    ['no steps: the whole text', [], text.trim()],
  ];
  it.each(t)('%s', (_, tokens, want) => expect(rawAt(text, tokens)).toBe(want));
});

describe('model-file edits keep everything else byte for byte', () => {
  const model = [
    'model: Order',
    'description: >-',
    '  A folded description that the yaml library would re-wrap if it printed the document',
    '  again, which is why edits are spliced into the text.',
    'samples: [samples/order.json]',
    'hints:',
    '  # a comment someone wrote',
    '  /closed_at:',
    '    type: [string, "null"]   # a trailing comment',
    '    format: date-time',
    '',
  ].join('\n');

  it('appends a sample to a flow list, and to a block list', () => {
    expect(appendListItem(model, 'M.yaml', 'samples', 'samples/x.json')).toBe(model.replace('[samples/order.json]', '[samples/order.json, samples/x.json]'));
    expect(appendListItem(model, 'M.yaml', 'samples', 'samples/order.json')).toBe(model);
    const block = model.replace('samples: [samples/order.json]', 'samples:\n  - samples/order.json   # the docs\' one');
    expect(appendListItem(block, 'M.yaml', 'samples', 'samples/x.json')).toBe(block.replace("# the docs' one", "# the docs' one\n  - samples/x.json"));
  });

  it('appends hints with their comment at the end of hints:, and takes them back', () => {
    const entries = [
      { key: '/phone', value: { type: ['string', 'null'] }, comment: 'inferred from captures: samples/a.json (null in every sample); the type of Customer /phone' },
      { key: '/lines/*/tax', value: { type: 'array', items: { type: 'object', properties: { rate: { type: 'number' } }, required: ['rate'] } }, comment: 'inferred from captures: samples/a.json' },
    ];
    const out = appendMapEntries(model, 'M.yaml', 'hints', entries);
    expect(out).toBe(
      model +
        [
          '  # inferred from captures: samples/a.json (null in every sample); the type of Customer /phone',
          '  /phone:',
          '    type: [string, "null"]',
          '  # inferred from captures: samples/a.json',
          '  /lines/*/tax:',
          '    type: array',
          '    items:',
          '      type: object',
          '      properties:',
          '        rate:',
          '          type: number',
          '      required: [rate]',
          '',
        ].join('\n'),
    );
    expect(markedKeys(out, 'M.yaml', 'hints', 'inferred from captures')).toEqual(['/phone', '/lines/*/tax']);
    expect(removeMapEntries(out, 'M.yaml', 'hints', ['/phone', '/lines/*/tax'], 'inferred from captures')).toBe(model);
  });

  it('creates hints: when the file has none, or only the key', () => {
    const bare = 'model: Cart\nsamples: [samples/cart.json]\n';
    const entry = [{ key: '/note', value: { type: ['string', 'null'] }, comment: 'inferred from captures: x' }];
    const added = appendMapEntries(bare, 'C.yaml', 'hints', entry);
    expect(added).toBe(`${bare}hints:\n  # inferred from captures: x\n  /note:\n    type: [string, "null"]\n`);
    expect(appendMapEntries('model: Cart\nhints:\nsamples: []\n', 'C.yaml', 'hints', entry)).toBe('model: Cart\nhints:\n  # inferred from captures: x\n  /note:\n    type: [string, "null"]\nsamples: []\n');
    // taking back the only hint leaves an empty map, not a null
    expect(parseDocument(removeMapEntries(added, 'C.yaml', 'hints', ['/note'], 'inferred from captures')).toJS()).toEqual({ model: 'Cart', samples: ['samples/cart.json'], hints: {} });
  });

  it('a layout it cannot splice (a flow map) is written by the Document API: same data, comments kept', () => {
    const flow = '# top\nmodel: Cart\nhints: { /a: { type: string } }\n';
    const out = appendMapEntries(flow, 'C.yaml', 'hints', [{ key: '/b', value: { type: 'integer' }, comment: 'inferred from captures: x' }]);
    expect(parseDocument(out).toJS()).toEqual({ model: 'Cart', hints: { '/a': { type: 'string' }, '/b': { type: 'integer' } } });
    expect(out).toContain('# top');
    expect(out).toContain('# inferred from captures: x');
  });
});

describe('samples from captures', () => {
  it('an envelope provider\'s sample is the payload member, verbatim, not the envelope', async () => {
    const root = tmp('absorb-env-');
    cpSync(join(REPO, 'test/fixtures-all/spec'), join(root, 'spec'), { recursive: true });
    const provider = await loadProviderModel(root, 'allfeatures');
    const member = '{\n    "id": 327475578523353102, "kind": "thing", "name": "Red thing", "price": "1.00",\n    "created_at": "2024-01-02T00:00:00Z", "archived_at": null, "tags": []\n  }';
    const body = `{\n  "type": "thing.created",\n  "timestamp": "2024-01-02T00:00:00Z",\n  "data": ${member}\n}`;
    const r = writeSamples({ root, provider, captures: readCaptures([captureDir({ 'a.json': body })], root) });
    expect(r.skipped).toEqual([]);
    expect(r.written).toEqual([`spec/allfeatures/${sampleName('Thing', member + '\n')}`]);
    expect(readFileSync(join(root, r.written[0]!), 'utf8')).toBe(member + '\n');
    // an envelope without the member is skipped, with the reason
    const none = writeSamples({ root, provider, captures: readCaptures([captureDir({ 'b.json': '{"type": "thing.created", "other": {}}' })], root) });
    expect(none.skipped.map((s) => s.reason)).toEqual(['no payload at /data of the envelope']);
  });

  it('the same text gets the same name; a file of that name with other content is never overwritten', async () => {
    const root = tmp('absorb-names-');
    cpSync(join(REPO, 'test/fixtures/spec'), join(root, 'spec'), { recursive: true });
    const provider = await loadProviderModel(root, 'acme');
    const body = readFileSync(join(root, 'spec/acme/samples/widget.json'), 'utf8').replace('"Left-handed widget"', '"Right-handed widget"');
    const captures = readCaptures([captureDir({ 'widgets__create/1.json': body })], root);
    const name = join(root, 'spec/acme', sampleName('Widget', body.endsWith('\n') ? body : body + '\n'));
    writeFileSync(name, '{"someone": "else"}\n');
    const r = writeSamples({ root, provider, captures });
    expect(r.written).toEqual([]);
    expect(r.skipped[0]!.reason).toMatch(/exists with other content; it is not overwritten/);
    expect(readFileSync(name, 'utf8')).toBe('{"someone": "else"}\n');
    writeFileSync(name, body.endsWith('\n') ? body : body + '\n');
    const again = writeSamples({ root, provider, captures });
    expect([again.written, again.samples.map((s) => s.written), again.skipped]).toEqual([[], [false], []]);
    expect(readFileSync(join(root, 'spec/acme/models/Widget.yaml'), 'utf8')).toContain(sampleName('Widget', body.endsWith('\n') ? body : body + '\n').replace('samples/', ''));
  });
});

describe('npm run drift -- --absorb (acme fixture, through the CLI)', () => {
  const widget = readFileSync(join(REPO, 'test/fixtures/spec/acme/samples/widget.json'), 'utf8');
  const cli = (root: string, args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/webhook-typegen.mjs'), ...args, '--root', root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const withFields = (fields: string) => widget.replace(/\n}\s*$/, `,\n  ${fields}\n}\n`);

  it('types what the evidence shows, types the rest as any JSON value for review, and a later capture replaces each guess', async () => {
    const root = tmp('absorb-acme-');
    cpSync(join(REPO, 'test/fixtures/spec'), join(root, 'spec'), { recursive: true });
    const captures = captureDir({
      // count: null in array items, as /parts/*/count (an integer) sits; sku: null at the root, where no sku sits
      'widgets__create/1.json': withFields('"accessories": [{ "sku": "C-3", "count": null }],\n  "sku": null,\n  "extras": []'),
      'widgets__archive/2.json': JSON.stringify({ type: 'gadget', label: 'Gizmo 2', settings: { a: 'b' }, price: null }),
    });
    const r = cli(root, ['drift', '--provider', 'acme', '--absorb', captures]);
    expect(r.stdout).toMatch(/^drift: added sample spec\/acme\/samples\/widget-capture-[0-9a-f]{8}\.json \(widgets\/create\) from /m);
    expect(r.stdout).toMatch(/^drift: added sample spec\/acme\/samples\/gadget-capture-[0-9a-f]{8}\.json \(widgets\/archive\) from /m);
    const hints = [...r.stdout.matchAll(/^ {2}(\S+):(\d+) {2}(.+)$/gm)].map((m) => [m[1], m[3]]);
    expect(hints).toEqual([
      ['spec/acme/models/Gadget.yaml', 'Gadget /price: string | null  (the type of Widget /price)'],
      ['spec/acme/models/Widget.yaml', 'Widget /accessories/*/count: integer | null  (the type of Widget /parts/*/count)'],
      // no evidence: any JSON value, with the reason, listed apart for review
      ['spec/acme/models/Widget.yaml', 'Widget /extras: array of any JSON value  (no other field named extras has a non-empty array in any sample or hint)'],
      ['spec/acme/models/Widget.yaml', "Widget /sku: any JSON value  (the fields named sku that have a type sit elsewhere (Widget /accessories/*/sku, Widget /parts/*/sku), not at a model's root: too far to say this one is the same)"],
    ]);
    expect(r.stdout).toContain('drift: 2 fields typed as any JSON value (`type: json`) for want of evidence; write each one\'s type when a capture or the docs show it:\n');
    const widgetFile = join(root, 'spec/acme/models/Widget.yaml');
    const widgetYaml = readFileSync(widgetFile, 'utf8');
    const lineOf = (pointer: string) => Number(new RegExp(`Widget\\.yaml:(\\d+) {2}Widget ${pointer.replace(/\*/g, '\\*')}:`).exec(r.stdout)![1]);
    expect(widgetYaml.split('\n').slice(lineOf('/accessories/*/count') - 2, lineOf('/accessories/*/count') + 1)).toEqual([
      expect.stringMatching(/^ {2}# inferred from captures: samples\/widget-capture-[0-9a-f]{8}\.json \(null in every sample\); the type of Widget \/parts\/\*\/count$/),
      '  /accessories/*/count:',
      '    type: [integer, "null"]',
    ]);
    expect(widgetYaml.split('\n').slice(lineOf('/sku') - 2, lineOf('/sku') + 1)).toEqual([
      expect.stringMatching(/^ {2}# inferred from captures: samples\/widget-capture-[0-9a-f]{8}\.json \(null in every sample\); no evidence of its type: write it here$/),
      '  /sku:',
      '    type: json',
    ]);
    expect(widgetYaml.split('\n').slice(lineOf('/extras') - 1, lineOf('/extras') + 3)).toEqual(['  /extras:', '    type: array', '    items:', '      type: json']);
    // the original file is a prefix of the new one: nothing else moved
    const original = readFileSync(join(REPO, 'test/fixtures/spec/acme/models/Widget.yaml'), 'utf8');
    expect(widgetYaml.replace(/samples\/widget-capture-[0-9a-f]{8}\.json/g, '')).toContain(original.slice(original.indexOf('hints:')));
    // nothing is left that stops generate: one command, then generate, with no hand-written hint
    expect([r.status, r.stderr]).toEqual([0, '']);
    const gen = cli(root, ['generate']);
    expect([gen.status, gen.stderr]).toEqual([0, '']);
    const models = readFileSync(join(root, 'generated/acme/models.d.ts'), 'utf8');
    expect(models).toMatch(/\n {2}sku\?: JsonValue;\n/);
    expect(models).toMatch(/\n {2}extras\?: \(?JsonValue\[\]( \| null\))?;\n/);
    // the validators, the Standard Schema object and the JSON Schema file agree: any JSON value fits there, nothing else
    const guards = (await import(pathToFileURL(join(root, 'generated/acme/guards.js')).href)) as {
      validateWidget: (v: unknown) => { ok: boolean; issues?: { path: string; expected: string }[] };
      WidgetSchema: { '~standard': { validate: (v: unknown) => { issues?: unknown[] } } };
    };
    // as the generated parser delivers it: the 64-bit id as its digits
    const sample = { ...(JSON.parse(widget) as Record<string, unknown>), id: '327475578523353102' };
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    // ajv-formats is CommonJS: its default export is the function under nodenext
    ((addFormatsModule as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormatsModule as unknown as (a: Ajv2020) => void))(ajv);
    const ajvValidate = ajv.compile(JSON.parse(readFileSync(join(root, 'generated/acme/schemas/Widget.schema.json'), 'utf8')) as object);
    for (const sku of [null, 'W-1', 0, 1.5, true, [], [1, 'a', null], {}, { a: { b: [{}] } }]) {
      const v = { ...sample, sku, extras: [sku] };
      expect(guards.validateWidget(v).ok, JSON.stringify(sku)).toBe(true);
      expect(guards.WidgetSchema['~standard'].validate(v).issues, JSON.stringify(sku)).toBeUndefined();
      expect(ajvValidate(v), JSON.stringify(sku)).toBe(true);
    }
    for (const [what, sku] of [['a function', () => 1], ['NaN', NaN], ['a Date', new Date(0)], ['a Map', new Map()], ['undefined in an array', [undefined]]] as const) {
      const r = guards.validateWidget({ ...sample, sku });
      expect(r.ok, what).toBe(false);
      expect(r.issues, what).toEqual([expect.objectContaining({ path: '/sku', expected: 'JSON value' })]);
    }

    // the same run again changes nothing
    const before = readFileSync(widgetFile, 'utf8');
    const again = cli(root, ['drift', '--provider', 'acme', '--absorb', captures]);
    expect([again.status, again.stderr]).toEqual([0, '']);
    expect(readFileSync(widgetFile, 'utf8')).toBe(before);
    expect(again.stdout).toContain('drift: after absorbing, 2 of 2 absorbed captures conform to the spec\n');

    // a capture that shows the field's real type: absorb takes its own guess back
    const typed = captureDir({ 'widgets__create/3.json': withFields('"accessories": [{ "sku": "C-4", "count": "2 boxes" }],\n  "sku": "W-1",\n  "extras": ["x"]') });
    const third = cli(root, ['drift', '--provider', 'acme', '--absorb', typed, captures]);
    for (const pointer of ['/accessories/*/count', '/extras', '/sku']) {
      expect(third.stdout).toContain(`drift: took back the hint ${pointer} in spec/acme/models/Widget.yaml: the samples type it now\n`);
      expect(readFileSync(widgetFile, 'utf8')).not.toContain(`${pointer}:`);
    }
    expect(cli(root, ['generate']).status).toBe(0);
    expect(third.status).toBe(0);
    expect(existsSync(join(root, 'spec/acme/samples'))).toBe(true);
  });

  it('refuses captures that look like personal data unless --yes, and writes nothing for them', () => {
    const root = tmp('absorb-acme-pd-');
    cpSync(join(REPO, 'test/fixtures/spec'), join(root, 'spec'), { recursive: true });
    const captures = captureDir({ 'widgets__create/1.json': withFields('"owner_email": "someone@example.com"') });
    const r = cli(root, ['drift', '--provider', 'acme', '--absorb', captures]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^drift: refused \S+: it has fields that look like personal data \(\/owner_email\); anonymize it, or pass --yes$/m);
    expect(readFileSync(join(root, 'spec/acme/models/Widget.yaml'), 'utf8')).toBe(readFileSync(join(REPO, 'test/fixtures/spec/acme/models/Widget.yaml'), 'utf8'));
    expect(cli(root, ['drift', '--provider', 'acme', '--absorb', '--yes', captures]).status).toBe(0);
  });
});
