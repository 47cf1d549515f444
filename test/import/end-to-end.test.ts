/**
 * End to end, on a page the importer was not tuned on (fixtures/unseen-parcel-webhooks.html,
 * committed before the importer changes it exercises): `npm run import` → the spec skeleton
 * → the edits the report asks for (counted: they are the user's time) → `generate` in a temp
 * project → the generated receiver accepts a delivery built as the page describes it (the
 * envelope, the topic in a body field, the signature scheme), computed here with node:crypto,
 * and rejects a forged one.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/project.js';
import { IMPORT_CLI } from './helpers.js';

const PAGE = join(REPO_ROOT, 'test', 'import', 'fixtures', 'unseen-parcel-webhooks.html');

interface ReceiveResult {
  ok: boolean;
  topic?: string;
  valid?: boolean;
  payload?: unknown;
  envelope?: unknown;
  reason?: string;
  status?: number;
  message?: string;
}

describe('import → generate → receive, on a page the importer was not tuned on', () => {
  let root: string;
  let stdout: string;
  const dir = () => join(root, 'spec', 'parcelpost');
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'typegen-import-e2e-'));
    const env = { ...process.env };
    delete env.DEBUG;
    const r = spawnSync(process.execPath, [...IMPORT_CLI, '--root', root, '--provider', 'parcelpost', PAGE], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    expect(r.status, r.stderr).toBe(0);
    stdout = r.stdout;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads the page: 5 event types, 2 samples (one shared by two events), the envelope, the body topic field, the signature', () => {
    expect(stdout).toContain('- 5 topic(s): 3 with a payload model, 2 without;');
    expect(stdout).toContain('- 2 JSON block(s): 0 verbatim, 2 repaired, 0 skipped; 2 paired with topics, 2 written, 0 not paired');
    expect(stdout).toContain('- delivery: topic from the body field /event_type; envelope: the payload is /payload (members event_type, event_id, occurred_at); signature X-Parcelpost-Signature');
    const provider = readFileSync(join(dir(), 'provider.yaml'), 'utf8');
    expect(provider).toMatch(/^ {4}algorithm: hmac-sha256 {3}# read: /m);
    expect(provider).toMatch(/^ {4}encoding: hex {3}# read: /m);
    expect(provider).toMatch(/^ {4}signed: raw-body {3}# read: /m);
    expect(provider).toMatch(/^ {4}prefix: sha256= {3}# read: /m);
  });

  it('the edits the report asks for, then generate: the count is the user time measured', () => {
    const edits = /edits before `npm run generate` passes: (\d+) \((\d+) entr(?:y|ies) of `unconfirmed:` to check and delete, (\d+) hint\(s\) to add(?: in \d+ model file\(s\), listed there commented out)?\)/.exec(stdout);
    expect(edits, stdout).not.toBeNull();
    const [total, questions, hints] = (edits ?? []).slice(1).map(Number);
    expect(total).toBe(questions + hints);
    const raw = runCli(root);
    // a raw skeleton passes only when nothing is left to confirm
    expect(raw.status).toBe(total === 0 ? 0 : 1);
    if (questions > 0) {
      const file = join(dir(), 'provider.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.slice(0, text.indexOf('# What the import could not decide.')));
    }
    const res = runCli(root);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    // the measured figure, for the closing note: 0 edits on this page
    expect(total).toBe(0);
  });

  it('the receiver accepts a delivery built as the page describes it, the topic read from the body', async () => {
    const mod = (await import(pathToFileURL(join(root, 'generated', 'parcelpost', 'receive.js')).href)) as Record<string, unknown>;
    const create = mod.createParcelpostReceiver;
    if (typeof create !== 'function') throw new Error('no createParcelpostReceiver');
    const receiver = create({ secrets: 'endpoint-secret' }) as { receive(input: { headers: Record<string, string>; body: string }): Promise<ReceiveResult> };
    const deliver = (body: string, secret = 'endpoint-secret') =>
      receiver.receive({ headers: { 'content-type': 'application/json', 'x-parcelpost-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }, body });

    const delivered = {
      event_type: 'shipment.delivered',
      event_id: '7d4c1b2a-0000-4000-8000-000000000001',
      occurred_at: '2024-04-02T11:00:00Z',
      payload: { shipment_id: 'shp_9001', tracking_number: '1Z0000000000000000', carrier: 'dhl', status: 'delivered', delivered_at: '2024-04-02T10:58:00Z', signed_by: '' },
    };
    const got = await deliver(JSON.stringify(delivered));
    expect(got, got.message).toMatchObject({ ok: true, topic: 'shipment.delivered', valid: true, payload: delivered.payload, envelope: delivered });

    // the second event that shares the label sample
    const voided = { event_type: 'label.voided', event_id: 'e2', occurred_at: '2024-04-02T11:00:00Z', payload: { label_id: 'lbl_1', shipment_id: 'shp_9001', price: { amount: 7.35, currency: 'USD' }, url: 'https://files.example/l.pdf' } };
    expect(await deliver(JSON.stringify(voided))).toMatchObject({ ok: true, topic: 'label.voided', valid: true });

    // a forged signature, and a topic the page does not list
    expect(await deliver(JSON.stringify(delivered), 'wrong-secret')).toMatchObject({ ok: false, reason: 'invalid_hmac', status: 401 });
    // (handed over unvalidated by default, refused with unknownTopics: 'reject')
    expect(await deliver(JSON.stringify({ ...delivered, event_type: 'shipment.lost' }))).toMatchObject({ ok: true, valid: false, known: false, topic: 'shipment.lost', payload: delivered.payload });
    const rejecting = create({ secrets: 'endpoint-secret', unknownTopics: 'reject' }) as typeof receiver;
    const lost = JSON.stringify({ ...delivered, event_type: 'shipment.lost' });
    expect(await rejecting.receive({ headers: { 'content-type': 'application/json', 'x-parcelpost-signature': `sha256=${createHmac('sha256', 'endpoint-secret').update(lost).digest('hex')}` }, body: lost })).toMatchObject({ ok: false, reason: 'unknown_topic' });
  });
});
