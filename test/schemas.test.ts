// Every sample in spec/ (and the test-only spec) validates against the JSON Schema emitted for
// its model, under Ajv's strict mode with formats — after the generated lossless parse (64-bit
// ids as digit strings) and after a plain JSON.parse (64-bit ids as numbers, as a framework
// hands them to Ajv): a 64-bit integer field accepts either.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';
import { generate } from '../src/generate.js';
import { parseLossless, int64ToString } from '../generated/runtime/json.js';
import { parseSpiffyBody } from '../generated/spiffy/index.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const repo = fileURLToPath(new URL('..', import.meta.url));

function ajv() {
  const a = new Ajv2020({ strict: true, allErrors: true });
  addFormats(a);
  return a;
}

async function cases(root: string) {
  const result = await generate({ root, outDir: 'generated', check: true });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const out: [string, { schema: object; sample: unknown; plain: unknown }][] = [];
  for (const p of result.model.providers) {
    for (const m of p.models) {
      const schema = JSON.parse(result.files.get(`${p.id}/schemas/${m.name}.schema.json`)!);
      for (const file of m.sampleFiles) {
        // api.yaml models take their samples from inside response files: `<file>.json#/<pointer>`
        const [path, pointer = ''] = file.split('#');
        const text = readFileSync(join(root, path!), 'utf8');
        const at = (whole: unknown): unknown =>
          pointer
            .split('/')
            .slice(1)
            .reduce((v: any, key) => v[key.replace(/~1/g, '/').replace(/~0/g, '~')], whole);
        const sample = at(path!.endsWith('.json') ? parseLossless(text) : YAML.parse(text));
        for (const path of m.int64Paths) int64ToString(sample as never, path, 0);
        const plain = at(path!.endsWith('.json') ? JSON.parse(text) : YAML.parse(text));
        out.push([`${p.id} ${m.name} ← ${file}`, { schema, sample, plain }]);
      }
    }
  }
  return out;
}

describe.each([
  ['spec/', repo],
  ['test/fixtures/spec/', join(repo, 'test/fixtures')],
])('samples of %s validate under Ajv strict', async (_, root) => {
  const all = await cases(root);
  it('has samples', () => expect(all.length).toBeGreaterThan(0));
  it.each(all)('%s', (_, { schema, sample, plain }) => {
    const validate = ajv().compile(schema);
    const ok = validate(sample);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // what JSON.parse gives (a framework's body parser): ids as numbers
    const okPlain = validate(plain);
    expect(validate.errors ?? []).toEqual([]);
    expect(okPlain).toBe(true);
  });
});

describe('64-bit integers in the emitted schemas', () => {
  const schema = JSON.parse(readFileSync(join(repo, 'generated/spiffy/schemas/Order.schema.json'), 'utf8'));
  const sample = parseSpiffyBody('orders/create', readFileSync(join(repo, 'spec/spiffy/samples/order.json'), 'utf8')) as unknown as Record<string, unknown>;
  const validate = ajv().compile(schema);

  it('an integer or its digit string (nullable when the field is); never a fraction, a word or a boolean', () => {
    expect(schema.properties.id).toMatchObject({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }] });
    expect(schema.properties.checkout_id).toMatchObject({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }, { type: 'null' }] });
    const verdicts = [327475578523353102, 42, '327475578523353102', '-1', 1.5, '1.5', 'one', true].map((id) => validate({ ...sample, id }));
    expect(verdicts).toEqual([true, true, true, true, false, false, false, false]);
    expect([null, 7, '7'].map((checkout_id) => validate({ ...sample, checkout_id }))).toEqual([true, true, true]);
    expect(validate({ ...sample, id: null })).toBe(false);
  });
});

describe('the schemas are not vacuous', () => {
  it('a retyped field and a missing required field (the payload\'s own id) are rejected', async () => {
    const schema = JSON.parse(readFileSync(join(repo, 'generated/spiffy/schemas/Order.schema.json'), 'utf8'));
    const sample = parseSpiffyBody('orders/create', readFileSync(join(repo, 'spec/spiffy/samples/order.json'), 'utf8')) as unknown as Record<string, unknown>;
    const validate = ajv().compile(schema);
    const broken = { ...sample, total_price: 403 } as Record<string, unknown>;
    delete broken.id;
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => `${e.instancePath} ${e.message}`).sort()).toEqual([' must have required property \'id\'', '/total_price must be string,null']);
  });
});
