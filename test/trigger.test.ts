// `npm run trigger` (src/tools/trigger/trigger.ts, src/cli/trigger.ts), end to end: a node:http
// server on 127.0.0.1 receives each delivery with the generated receiver, and what it yields must
// be exactly the fixture of that topic and seed (64-bit ids digit for digit). Then the CLI as a
// child process (one success, --dry-run against golden files, --list-topics) and every bad
// argument: one line on stderr and its exit code.
// The --dry-run golden files (test/golden/__snapshots__/trigger/) hold fixture bytes: after a
// fixture or spec change, review and update them with `npx vitest run test/trigger.test.ts -u`.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpiffyReceiver, parseSpiffyBody, spiffyFixture, spiffyTopics, type SpiffyReceiveResult } from '../generated/spiffy/index.js';
import { createCratejoyReceiver, cratejoyFixture, type CratejoyReceiveResult } from '../generated/cratejoy/index.js';
import { createLemonSqueezyReceiver, lemonSqueezyFixture } from '../generated/lemonsqueezy/index.js';
import { closeMatches, describeFetchError, formatRequest, formatResponse, knownProviders, loadTriggerProvider, trigger, TriggerUsageError } from '../src/tools/trigger/trigger.js';
import { parseTriggerArgs } from '../src/cli/trigger.js';
import { providerExportNames } from '../src/util/naming.js';
import { copyProject } from './helpers/project.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(root, 'bin', 'webhook-typegen.mjs');
const SECRET = 's3cret';
const TWO_53 = 2n ** 53n;

/** One delivery as the server saw it: the raw body text and what the receiver made of it. */
interface Seen {
  url: string;
  raw: string;
  result: SpiffyReceiveResult | CratejoyReceiveResult | { ok: boolean; topic?: string; payload?: unknown; reason?: string };
}

const seen: Seen[] = [];
const spiffy = createSpiffyReceiver({ secrets: SECRET });
const cratejoy = createCratejoyReceiver();
const lemon = createLemonSqueezyReceiver({ secrets: SECRET });
const slow = new Set<NodeJS.Timeout>();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const url = req.url ?? '/';
    const answer = async (result: Seen['result'] & { status?: number; message?: string }) => {
      seen.push({ url, raw: body.toString('utf8'), result });
      if (result.ok) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      else res.writeHead(result.status ?? 400, { 'content-type': 'text/plain' }).end(result.message);
    };
    if (url === '/hooks/spiffy') return answer(await spiffy.receive({ headers: req.headers, body }));
    if (url === '/hooks/lemonsqueezy') return answer(await lemon.receive({ headers: req.headers, body }));
    const route = /^\/hooks\/cratejoy\/([a-z_]+)$/.exec(url);
    if (route) return answer(await cratejoy.receive({ headers: req.headers, body, topic: route[1]! }));
    if (url === '/slow') {
      const t = setTimeout(() => res.end('late'), 30_000);
      slow.add(t);
      return;
    }
    if (url === '/fail') return void res.writeHead(500, { 'content-type': 'text/plain' }).end(`line one\nline two ${'x'.repeat(300)}`);
    if (url === '/moved') return void res.writeHead(302, { location: '/elsewhere' }).end();
    res.writeHead(404).end();
  });
});

let base = '';
let closedPort = 0;
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // a port that was just free: connecting to it is refused
  const probe = http.createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((done) => probe.close(() => done()));
});
afterAll(async () => {
  for (const t of slow) clearTimeout(t);
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});

/** The CLI as a child process (async: the server runs in this process). */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [launcher, 'trigger', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Every string of digits above 2^53 in a value (the fixture's 64-bit ids), with its path. */
function int64Strings(value: unknown, at = ''): { path: string; digits: string }[] {
  if (typeof value === 'string') return /^\d+$/.test(value) && BigInt(value) > TWO_53 ? [{ path: at, digits: value }] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => int64Strings(v, `${at}/${k}`));
}

const last = (): Seen => {
  const s = seen.at(-1);
  if (!s) throw new Error('the server saw no delivery');
  return s;
};

describe('trigger, end to end through the generated receivers', () => {
  it.each([1, 7])('spiffy orders/create, seed %i: the receiver yields exactly the fixture, 64-bit ids intact', async (seed) => {
    const expected = spiffyFixture('orders/create').build(undefined, { seed });
    const { request, response } = await trigger({ provider: 'spiffy', topic: 'orders/create', to: `${base}/hooks/spiffy`, secret: SECRET, seed, root });
    expect(response?.status).toBe(200);
    expect(response?.body).toBe('ok');
    const s = last();
    expect(s.raw).toBe(request.body);
    expect(s.result.ok).toBe(true);
    if (!s.result.ok) return;
    expect(s.result.topic).toBe('orders/create');
    expect(s.result.payload).toEqual(expected);
    // on the wire, each 64-bit id is a JSON number with every digit; received, the same digits
    const ids = int64Strings(expected);
    expect(ids.length).toBeGreaterThan(0);
    for (const { path: at, digits } of ids) {
      expect(s.raw).toContain(`:${digits}`);
      expect(s.raw).not.toContain(`"${digits}"`);
      expect(int64Strings(s.result.payload).find((x) => x.path === at)?.digits).toBe(digits);
    }
  });

  it('--fields: only those top-level keys are delivered, signed (the full-model validation then finds the id missing)', async () => {
    const fields = ['updated_at', 'checkout_id'];
    const full = spiffyFixture('orders/create').build(undefined, { seed: 1 }) as unknown as Record<string, unknown>;
    const { response } = await trigger({ provider: 'spiffy', topic: 'orders/create', to: `${base}/hooks/spiffy`, secret: SECRET, fields, root });
    const s = last();
    // the raw body, parsed as the receiver parses it (losslessly), is the fixture cut to the fields
    const parsed = parseSpiffyBody('orders/create', s.raw) as unknown as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual([...fields].sort());
    expect(parsed).toEqual(Object.fromEntries(fields.map((f) => [f, full[f]])));
    expect(s.raw).toContain(`"checkout_id":${full.checkout_id as string}`);
    // the signature and headers pass; the receiver validates against the whole Order model, whose
    // only required field is the order's own id: a genuine delivery that drifts, handed over with 200
    expect(s.result).toMatchObject({
      ok: true,
      valid: false,
      topic: 'orders/create',
      issues: [{ message: '/id: expected digit string (64-bit integer), received missing' }],
      drift: [{ kind: 'missing', path: '/id', expected: 'digit string (64-bit integer)', received: 'missing', count: 1, example: '/id' }],
    });
    expect((s.result as { issues?: unknown[] }).issues).toHaveLength(1);
    expect(response?.status).toBe(200);
    expect(response?.ok).toBe(true);
  });

  it('cratejoy subscription_new: an escaped JSON string body, the topic from the route given in --to', async () => {
    const expected = cratejoyFixture('subscription_new').build(undefined, { seed: 1 });
    const to = `${base}/hooks/cratejoy/subscription_new`;
    const { request, response } = await trigger({ provider: 'cratejoy', topic: 'subscription_new', to, root });
    expect(request.url).toBe(to);
    expect(response?.status).toBe(200);
    const s = last();
    expect(s.url).toBe('/hooks/cratejoy/subscription_new');
    expect(s.raw.startsWith('"{\\"')).toBe(true); // a JSON string holding JSON
    expect(Object.keys(request.headers).some((h) => /topic/i.test(h))).toBe(false);
    expect(s.result.ok).toBe(true);
    if (!s.result.ok) return;
    expect(s.result.topic).toBe('subscription_new');
    expect(s.result.payload).toEqual(expected);
  });

  it('a provider that names the topic in a body field (lemonsqueezy): the field holds the topic', async () => {
    const topic = 'subscription_created';
    const { response } = await trigger({ provider: 'lemonsqueezy', topic, to: `${base}/hooks/lemonsqueezy`, secret: SECRET, seed: 3, root });
    expect(response?.status).toBe(200);
    const s = last();
    expect(s.result.ok).toBe(true);
    if (!s.result.ok) return;
    expect(s.result.topic).toBe(topic);
    // the payload is the envelope's /data; the topic is written into the envelope around it
    const expected = lemonSqueezyFixture(topic).build(undefined, { seed: 3 });
    expect(s.result.payload).toEqual(expected);
    expect((s.result as { envelope?: unknown }).envelope).toEqual({ meta: { event_name: topic }, data: expected });
  });

  it('--header overrides a header the builder sets: a bad signature is refused', async () => {
    const { response } = await trigger({ provider: 'spiffy', topic: 'orders/paid', to: `${base}/hooks/spiffy`, secret: SECRET, headers: { 'x-spiffy-hmac-sha256': 'AAAA' }, root });
    expect(response?.status).toBe(401);
    expect(last().result).toMatchObject({ ok: false, reason: 'invalid_hmac' });
  });

  it('--shop sets the header whose spec field is shopDomain', async () => {
    await trigger({ provider: 'spiffy', topic: 'app/uninstalled', to: `${base}/hooks/spiffy`, secret: SECRET, shop: 'example.spiffystores.com', root });
    expect(last().result).toMatchObject({ ok: true, topic: 'app/uninstalled', shopDomain: 'example.spiffystores.com' });
  });

  it('dryRun builds the same request and sends nothing', async () => {
    const before = seen.length;
    const dry = await trigger({ provider: 'spiffy', topic: 'orders/create', to: `${base}/hooks/spiffy`, secret: SECRET, dryRun: true, root });
    expect(dry.response).toBeUndefined();
    expect(seen.length).toBe(before);
    const sent = await trigger({ provider: 'spiffy', topic: 'orders/create', to: `${base}/hooks/spiffy`, secret: SECRET, root });
    expect(sent.request).toEqual(dry.request);
  });

  it('a non-2xx answer is a response, not an error; redirects are not followed', async () => {
    const failed = await trigger({ provider: 'cratejoy', topic: 'order_new', to: `${base}/fail`, root });
    expect(failed.response).toMatchObject({ status: 500, statusText: 'Internal Server Error', ok: false });
    const moved = await trigger({ provider: 'cratejoy', topic: 'order_new', to: `${base}/moved`, root });
    expect(moved.response).toMatchObject({ status: 302, ok: false, location: '/elsewhere' });
    expect(formatResponse(moved.response!)).toMatch(/^302 Found in \d+ ms \(redirect to \/elsewhere, not followed\)$/);
  });

  it('bad options throw a TriggerUsageError with the one line', async () => {
    await expect(trigger({ provider: 'spiffy', topic: 'orders/creat', to: base, secret: SECRET, root })).rejects.toThrow(
      new TriggerUsageError('unknown topic "orders/creat"; did you mean orders/create? (see --list-topics)'),
    );
    await expect(trigger({ provider: 'spiffy', topic: 'orders/create', to: base, root })).rejects.toBeInstanceOf(TriggerUsageError);
  });
});

describe('the CLI', () => {
  it('sends one webhook and prints one line: status, status text, ms, the response body', async () => {
    const r = await cli(['--provider', 'spiffy', '--topic', 'orders/create', '--to', `${base}/hooks/spiffy`, '--secret', SECRET, '--seed', '4', '--shop', 'example.spiffystores.com']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^200 OK in \d+ ms: ok\n$/);
    expect(r.code).toBe(0);
    const s = last();
    expect(s.result).toMatchObject({ ok: true, topic: 'orders/create', shopDomain: 'example.spiffystores.com' });
    if (s.result.ok) expect(s.result.payload).toEqual(spiffyFixture('orders/create').build(undefined, { seed: 4 }));
  });

  it('a non-2xx answer: exit 1, the body cut to 200 characters on one line', async () => {
    const r = await cli(['--provider', 'cratejoy', '--topic', 'order_new', '--to', `${base}/fail`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^500 Internal Server Error in \d+ ms: line one line two x{182}…\n$/);
  });

  it.each([
    ['spiffy-orders-create', ['--provider', 'spiffy', '--topic', 'orders/create', '--to', 'http://127.0.0.1:3000/hooks', '--secret', SECRET, '--shop', 'example.spiffystores.com']],
    ['spiffy-orders-create-fields', ['--provider', 'spiffy', '--topic', 'orders/create', '--to', 'http://127.0.0.1:3000/hooks', '--secret', SECRET, '--seed', '2', '--fields', 'id,updated_at,checkout_id']],
    ['cratejoy-subscription-new', ['--provider', 'cratejoy', '--topic', 'subscription_new', '--to', 'http://127.0.0.1:3000/hooks/cratejoy/subscription_new']],
  ])('--dry-run %s', async (name, args) => {
    const r = await cli([...args, '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(`./golden/__snapshots__/trigger/${name}.txt`);
  });

  it('--dry-run prints the request line, sorted headers, a blank line and the body as sent', async () => {
    const { request } = await trigger({ provider: 'spiffy', topic: 'orders/create', to: 'http://127.0.0.1:3000/hooks', secret: SECRET, dryRun: true, root });
    const r = await cli(['--provider', 'spiffy', '--topic', 'orders/create', '--to', 'http://127.0.0.1:3000/hooks', '--secret', SECRET, '--dry-run']);
    expect(r.stdout).toBe(formatRequest(request));
    const [head, body] = r.stdout.split('\n\n');
    const names = head!.split('\n').slice(1).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(body).toBe(`${request.body}\n`);
  });

  it("the README's --dry-run examples print what the README shows", async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Triggering a test webhook'), readme.indexOf('### 64-bit ids'));
    const examples = [...section.matchAll(/```sh\n(npm run trigger -- [^`]*--dry-run)\n```\n\n```\n([^`]*)```/g)];
    expect(examples.length).toBe(2);
    for (const [, command, output] of examples) {
      const args = command!.replace(/\\\n/g, ' ').replace('npm run trigger -- ', '').split(/\s+/).filter(Boolean);
      const r = await cli(args);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(output);
    }
  });

  it('--list-topics prints the topics, one per line', async () => {
    const r = await cli(['--provider', 'spiffy', '--list-topics']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(spiffyTopics.map((t) => `${t}\n`).join(''));
  });

  it('--help prints docs/trigger.md', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: npm run trigger');
  });

  const spiffyArgs = (to: string) => ['--provider', 'spiffy', '--topic', 'orders/create', '--to', to, '--secret', SECRET];
  const cases: [string, () => string[], number, () => string][] = [
    ['unknown provider', () => ['--provider', 'spify', '--topic', 'orders/create', '--to', base], 2, () => `unknown provider "spify" (did you mean "spiffy"?); known: ${knownProviders(root).join(', ')}`],
    ['unknown topic', () => ['--provider', 'spiffy', '--topic', 'orders/creat', '--to', base, '--secret', SECRET], 2, () => 'unknown topic "orders/creat"; did you mean orders/create? (see --list-topics)'],
    ['unknown topic, several near', () => ['--provider', 'spiffy', '--topic', 'orders', '--to', base, '--secret', SECRET], 2, () => 'unknown topic "orders"; did you mean orders/cancelled, orders/create, orders/delete or orders/fulfilled? (see --list-topics)'],
    ['unknown topic, a few near', () => ['--provider', 'cratejoy', '--topic', 'subscription_renew', '--to', base], 2, () => 'unknown topic "subscription_renew"; did you mean subscription_renew_failed, subscription_renewed or subscription_new? (see --list-topics)'],
    ['unknown topic, nothing near', () => ['--provider', 'cratejoy', '--topic', 'orders/create', '--to', base], 2, () => 'unknown topic "orders/create" (see --list-topics)'],
    ['invalid URL', () => spiffyArgs('localhost:3000/hooks'), 2, () => '--to: only http:// and https:// URLs can receive webhooks, not "localhost:3000/hooks"'],
    ['not a URL', () => spiffyArgs('/hooks'), 2, () => '--to: invalid URL "/hooks" (expected an absolute http:// or https:// URL)'],
    ['no secret for a signing provider', () => ['--provider', 'spiffy', '--topic', 'orders/create', '--to', base], 2, () => '--secret is required: Spiffy Stores signs every delivery (X-Spiffy-Hmac-Sha256); give the secret your receiver verifies with'],
    ['a secret for a provider that signs nothing', () => ['--provider', 'cratejoy', '--topic', 'order_new', '--to', base, '--secret', SECRET], 2, () => '--secret: Cratejoy documents no signature, so there is nothing to sign; leave --secret out'],
    ['--shop where there is no shop header', () => ['--provider', 'cratejoy', '--topic', 'order_new', '--to', base, '--shop', 'x.example'], 2, () => '--shop: Cratejoy documents no shop-domain header (no delivery header with field: shopDomain); use --header Name=value'],
    ['unknown field', () => [...spiffyArgs(base), '--fields', 'id,updated'], 2, () => '--fields: "updated" is not a top-level field of the orders/create payload; did you mean updated_at?'],
    ['bad --header', () => [...spiffyArgs(base), '--header', 'X-Thing'], 2, () => '--header: expected Name=value, not "X-Thing"'],
    ['bad --seed', () => [...spiffyArgs(base), '--seed', 'one'], 2, () => '--seed: expected an integer, not "one"'],
    ['bad --timeout', () => [...spiffyArgs(base), '--timeout', '0'], 2, () => '--timeout: expected a positive number of milliseconds, not "0"'],
    ['unknown option', () => [...spiffyArgs(base), '--dryrun'], 2, () => 'unknown option --dryrun; did you mean --dry-run? (see --help)'],
    ['a value without its option', () => ['--provider', 'spiffy', 'orders/create'], 2, () => 'unexpected argument "orders/create": every value follows its option, as in --topic <topic> (see --help)'],
    ['an option without its value', () => ['--provider', 'spiffy', '--topic', '--to', base], 2, () => '--topic needs a value'],
    ['no --provider', () => ['--topic', 'orders/create'], 2, () => '--provider is required (see --help)'],
    ['no --topic', () => ['--provider', 'spiffy', '--to', base], 2, () => '--topic is required (see --list-topics)'],
    ['no --to', () => ['--provider', 'spiffy', '--topic', 'orders/create'], 2, () => '--to is required: the URL to send the webhook to'],
    ['unreachable', () => spiffyArgs(`http://127.0.0.1:${closedPort}/hooks`), 1, () => `cannot reach http://127.0.0.1:${closedPort}/hooks: connection refused`],
    ['a port fetch blocks', () => spiffyArgs('http://127.0.0.1:9/hooks'), 1, () => 'cannot reach http://127.0.0.1:9/hooks: fetch refuses port 9 (a blocked port of the Fetch standard); use another port'],
    ['timeout', () => [...spiffyArgs(`${base}/slow`), '--timeout', '300'], 1, () => `no response from ${base}/slow within 300 ms (--timeout)`],
  ];
  it.each(cases)('%s: one line and its exit code', async (_name, args, code, line) => {
    const r = await cli(args());
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code, stderr: `trigger: ${line()}\n`, stdout: '' });
  });
});

describe('the provider, from the spec loader and the naming module', () => {
  it.each(knownProviders(root))('%s: its generated functions are found by the names naming.js gives them', async (id) => {
    const p = await loadTriggerProvider(root, id);
    const typePrefix = /^typePrefix: (\S+)$/m.exec(readFileSync(path.join(root, 'spec', id, 'provider.yaml'), 'utf8'))?.[1];
    if (typePrefix === undefined) throw new Error(`test setup: spec/${id}/provider.yaml has no typePrefix line`);
    const names = providerExportNames(typePrefix);
    const mod: Record<string, unknown> = await import(`../generated/${id}/index.js`);
    expect(p.topics).toEqual(mod[names.topics]);
    expect(p.fixture).toBe(mod[names.fixture]);
    expect(p.buildRequest).toBe(mod[names.buildTestRequest]);
  });

  it('a provider whose spec has a problem: one line with its location; a broken neighbour does not stop another provider', async () => {
    const copy = copyProject({ prefix: 'typegen-trigger-' });
    try {
      copy.edit('spec/cratejoy/provider.yaml', (t) => t.replace('typePrefix: Cratejoy', 'typePrefix: crate-joy'));
      await expect(trigger({ provider: 'cratejoy', topic: 'order_new', to: base, dryRun: true, root: copy.root })).rejects.toThrow(
        new TriggerUsageError('spec/cratejoy/ has 1 problem(s), the first at spec/cratejoy/provider.yaml:3:13: invalid typePrefix; run `npm run generate` to see it'),
      );
      const { request } = await trigger({ provider: 'spiffy', topic: 'orders/create', to: base, secret: SECRET, dryRun: true, root: copy.root });
      expect(request.headers['X-Spiffy-Topic']).toBe('orders/create');
    } finally {
      copy.cleanup();
    }
  });
});

describe('pieces', () => {
  it('parses --name=value, repeated headers, and refuses a repeated option', () => {
    const o = parseTriggerArgs(['--provider=spiffy', '--header', 'A=1', '--header=B=x=y', '--fields', 'id, email']);
    expect(o).toMatchObject({ provider: 'spiffy', headers: { A: '1', B: 'x=y' }, fields: ['id', 'email'] });
    expect(parseTriggerArgs(['--provider', 'a', '--provider', 'b']).error).toBe('--provider is given twice');
    expect(parseTriggerArgs(['--provider', 'a', '--header', 'A=1', '--header', 'a=2']).error).toBe('--header a is given twice');
  });

  it('close matches: prefix either way, then edit distance, ties by name', () => {
    expect(closeMatches('orders/creat', ['orders/create', 'orders/created', 'carts/create'])).toEqual(['orders/create', 'orders/created']);
    expect(closeMatches('order/create', ['orders/create', 'orders/delete'])).toEqual(['orders/create']);
    expect(closeMatches('zzz', ['orders/create'])).toEqual([]);
    expect(closeMatches('subscription_renew', ['subscription_new', 'subscription_renewed', 'subscription_renew_failed'])).toEqual(['subscription_renew_failed', 'subscription_renewed', 'subscription_new']);
  });

  it('fetch errors in one line', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(describeFetchError(refused, 'http://127.0.0.1:9/hooks', 1000)).toBe('cannot reach http://127.0.0.1:9/hooks: connection refused');
    const both = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}) });
    expect(describeFetchError(both, 'http://localhost:1/', 1000)).toBe('cannot reach http://localhost:1/: connection refused');
    expect(describeFetchError(new DOMException('timed out', 'TimeoutError'), 'http://h/', 50)).toBe('no response from http://h/ within 50 ms (--timeout)');
    const tls = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    expect(describeFetchError(tls, 'https://h/', 50)).toBe('cannot reach https://h/: TLS error: self-signed certificate');
  });
});
