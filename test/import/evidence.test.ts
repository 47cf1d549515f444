/**
 * The importer's hint suggestions for fields the samples cannot type (null, `[]` or `{}` in
 * every sample of a model) use drift's evidence (src/tools/drift/evidence.ts): where another
 * model's sample shows a field of that name as an object, the suggestion is that object,
 * nullable, and says where it comes from; with no such field, the generic suggestion stays.
 * Then the suggested hint, uncommented, makes `generate` pass.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runCli } from '../helpers/project.js';
import { run } from './helpers.js';

const page = [
  '# Events',
  '',
  '## order.created',
  '',
  '```json',
  '{"id": 1, "customer": {"id": 7, "email": "a@example.com"}, "tags": ["x"], "note": "hi"}',
  '```',
  '',
  '## refund.created',
  '',
  '```json',
  '{"id": 2, "order_id": 1, "customer": null, "tags": [], "note": null, "reason": null}',
  '```',
  '',
].join('\n');

describe('hint suggestions from the other models\' samples', () => {
  const r = run(page, 'events.md', 'shopdemo');
  const field = (model: string, pointer: string) => r.report.fields.find((f) => f.model === model && f.pointer === pointer);

  it('a field null in every sample of its model, an object in another model: that object, nullable, from there', () => {
    expect(field('Refund', '/customer')?.evidence).toEqual({
      hint: ['type: [object, "null"]', 'properties:', '  email:', '    type: string', '  id:', '    type: integer', 'required: [email, id]'],
      from: ['Order /customer'],
    });
    expect(field('Refund', '/note')?.evidence).toEqual({ hint: ['type: [string, "null"]'], from: ['Order /note'] });
    // [] everywhere here, a list of strings there: the item type, not nullable
    expect(field('Refund', '/tags')?.evidence).toEqual({ hint: ['type: array', 'items:', '  type: string'], from: ['Order /tags'] });
  });

  it('no other model shows the field: the generic suggestion, no source', () => {
    expect(field('Refund', '/reason')?.evidence).toBeUndefined();
  });

  it('the model file lists the suggestions commented out, each saying where it comes from; uncommented, generate passes', () => {
    const model = r.files.get('models/Refund.yaml') ?? '';
    expect(model).toContain('#   /customer:   # null in every sample\n#     type: [object, "null"]   # the type of Order /customer\n#     properties:\n');
    expect(model).toContain('#   /reason:   # null in every sample\n#     type: [string, "null"]   # the real type, keeping "null"');
    const root = mkdtempSync(join(tmpdir(), 'typegen-import-evidence-'));
    try {
      for (const [rel, text] of r.files) {
        const abs = join(root, 'spec', 'shopdemo', ...rel.split('/'));
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, text);
      }
      const provider0 = join(root, 'spec', 'shopdemo', 'provider.yaml');
      const text0 = readFileSync(provider0, 'utf8');
      const cut0 = text0.indexOf('# What the import could not decide.');
      writeFileSync(provider0, cut0 >= 0 ? text0.slice(0, cut0) : text0);
      // generate itself, hints not yet written: the fix of each untyped field the evidence types says the type and where it comes from
      const before = runCli(root);
      expect(before.status).toBe(1);
      const problems = before.stderr.split('\n\n');
      const customer = problems.find((x) => x.includes('cannot type Refund field /customer:')) ?? '';
      expect(customer).toContain('add to spec/shopdemo/models/Refund.yaml (the type of Order /customer):');
      expect(customer).toMatch(/hints:\n\s+\/customer:\n\s+type: \[object, "null"\]\n\s+properties:/);
      expect(customer).toContain('npm run drift -- --provider shopdemo --absorb <captures>');
      const reason = problems.find((x) => x.includes('cannot type Refund field /reason:')) ?? '';
      expect(reason).toContain('type: [string, "null"]   # the real type');
      const file = join(root, 'spec', 'shopdemo', 'models', 'Refund.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^# hints:$/m, 'hints:').replace(/^# {3}/gm, '  ').replace(/^# TODO: hints.*\n/m, ''));
      expect((YAML.parse(readFileSync(file, 'utf8')) as { hints: Record<string, unknown> }).hints['/customer']).toEqual({ type: ['object', 'null'], properties: { email: { type: 'string' }, id: { type: 'integer' } }, required: ['email', 'id'] });
      const provider = join(root, 'spec', 'shopdemo', 'provider.yaml');
      const text = readFileSync(provider, 'utf8');
      const cut = text.indexOf('# What the import could not decide.');
      writeFileSync(provider, cut >= 0 ? text.slice(0, cut) : text);
      const res = runCli(root);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
