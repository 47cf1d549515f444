/**
 * The changes report as a pull-request comment (Markdown) and in the terminal, for a set of
 * spec edits of the acme fixture that touches every class; and the comment's size limit.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { GenModel, ProviderModel } from '../../src/model/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { compareModels, formatHuman, formatJson, formatMarkdown, MARKDOWN_LIMIT, type Change } from '../../src/tools/changes/changes.js';
import { reportOf } from '../../src/tools/changes/changes.js';
import { createCache } from '../../src/util/cache.js';

async function acmeModel(): Promise<GenModel> {
  const { providers, problems } = loadSpec(new URL('../fixtures', import.meta.url).pathname, 'spec');
  const model = await buildModel(providers, problems, createCache({ enabled: true }));
  expect(problems).toEqual([]);
  return model;
}

function acme(m: GenModel): ProviderModel {
  const p = m.providers[0];
  if (!p) throw new Error('no provider');
  return p;
}

/** An edit a spec author might make in one pull request. */
function edited(base: GenModel): GenModel {
  const head = structuredClone(base);
  const p = acme(head);
  const widget = p.models.find((m) => m.name === 'Widget');
  if (!widget?.schema.properties) throw new Error('no Widget');
  const props = widget.schema.properties;
  if (props.name) props.name.type = ['string', 'null'];
  if (props.color) props.color.enum = ['red', null];
  props.weight = { type: ['number', 'null'], description: 'Grams | ounces, `raw`.' };
  if (props.archived_at) props.archived_at.description = 'When the widget was archived.';
  const create = p.topics.find((t) => t.topic === 'widgets/create');
  if (create) p.topics.push({ ...structuredClone(create), topic: 'widgets/update', description: 'A widget was updated.' });
  p.delivery.headers = p.delivery.headers.filter((h) => h.name !== 'X-Acme-Delivery');
  const list = p.api?.operations.find((o) => o.name === 'listSubscriptions');
  const perPage = list?.query.find((q) => q.name === 'per_page');
  if (perPage) perPage.maximum = 250;
  return head;
}

describe('the changes report', () => {
  it('Markdown (a pull-request comment): golden', async () => {
    const base = await acmeModel();
    const report = reportOf('origin/main', 'the working tree', compareModels(base, edited(base)));
    expect(report.bump).toBe('major');
    expect(report.counts).toEqual({ breaking: 3, additive: 3, docs: 1 });
    await expect(formatMarkdown(report)).toMatchFileSnapshot('./__snapshots__/changes/report.md.snap');
    await expect(formatHuman(report)).toMatchFileSnapshot('./__snapshots__/changes/report.txt.snap');
    expect(JSON.parse(formatJson(report))).toEqual(report);
  });

  it('no changes: one line, bump none', async () => {
    const base = await acmeModel();
    const report = reportOf('HEAD', 'the working tree', compareModels(base, structuredClone(base)));
    expect(report).toMatchObject({ bump: 'none', counts: { breaking: 0, additive: 0, docs: 0 }, changes: [] });
    expect(formatHuman(report)).toBe('changes: HEAD → the working tree: no changes to the generated code.\n');
    expect(formatMarkdown(report)).toContain('no changes to the generated code');
  });

  it('a report too long for one comment keeps within 65,536 characters, breaking rows first, and says how many were left out', () => {
    const changes: Change[] = [];
    for (let i = 0; i < 3000; i++) {
      const cls = i < 1000 ? 'breaking' : i < 2000 ? 'additive' : 'docs';
      changes.push({ class: cls, kind: cls === 'breaking' ? 'field-removed' : cls === 'additive' ? 'field-added' : 'field-docs-changed', provider: 'acme', in: 'Widget', pointer: `/field_${String(i).padStart(4, '0')}`, topics: ['widgets/create', 'widgets/archive'], message: `a change that takes some room to describe, number ${i}` });
    }
    const md = formatMarkdown(reportOf('main', 'the working tree', changes));
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const shown = md.split('\n').filter((l) => l.startsWith('| acme |')).length;
    const left = Number(/… and (\d+) more changes not shown/.exec(md)?.[1]);
    expect(shown + left).toBe(3000);
    expect(md).toContain('### Breaking (1000)');
    // the breaking rows come before any other
    expect(md.indexOf('`/field_0000`')).toBeGreaterThan(0);
    const small = formatMarkdown(reportOf('main', 'the working tree', changes), { limit: 4000 });
    expect(small.length).toBeLessThanOrEqual(4000);
    expect(small).toMatch(/… and \d+ more changes not shown here \(a comment holds at most 4000 characters\)/);
  });
});
