// `npm run trigger` against receivers that misbehave (a body of hundreds of MB, a body that
// stalls, no answer, garbage in the status line and body), and `npm run drift` over inputs
// that are not regular files (a FIFO, a socket, a device, links that loop or lead nowhere).
// Every case ends, within its bound, with one clear line; nothing hangs.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as triggerMain } from '../src/cli/trigger.js';
import { MAX_CAPTURE_BYTES } from '../src/tools/drift/captures.js';
import { drift } from '../src/tools/drift/drift.js';
import { RESPONSE_LIMIT_BYTES, trigger, TriggerDeliveryError } from '../src/tools/trigger/trigger.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const acmeRoot = join(repo, 'test/fixtures');

// ---- trigger ----

let written = 0;
let closedEarly = false;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/huge') {
      written = 0;
      closedEarly = false;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => (closedEarly = !res.writableFinished));
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      const pump = () => {
        while (written < 300 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (req.url === '/stall') {
      res.writeHead(200);
      return void res.write('the start, and then nothing');
    }
    if (req.url === '/hang') return;
    res.writeHead(404).end();
  });
});
/** Answers every connection with these raw bytes, whatever was asked (node:http would refuse to send them). */
function rawServer(bytes: Buffer): net.Server {
  return net.createServer((socket) => {
    socket.once('data', () => socket.end(bytes));
    socket.on('error', () => undefined);
  });
}
const raw = {
  // a status line, a header and a body full of terminal escapes and control characters
  // (HTTP allows any byte above 0x7f in the reason phrase and header values: 0x9b is a C1 control, CSI)
  controls: rawServer(Buffer.concat([Buffer.from('HTTP/1.1 302 W\u009beird\tstatus\r\nLocation: /x\u009b31mred\r\nContent-Length: 10\r\n\r\n', 'latin1'), Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x0d, 0x41, 0x0a, 0x42])])),
  // not HTTP at all
  noise: rawServer(Buffer.from('\u001b]0;owned\u0007\u001b[2Jhello\r\n\r\n', 'latin1')),
};
const rawBase = { controls: '', noise: '' };

let base = '';
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const k of ['controls', 'noise'] as const) {
    await new Promise<void>((done) => raw[k].listen(0, '127.0.0.1', done));
    rawBase[k] = `http://127.0.0.1:${(raw[k].address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  for (const k of ['controls', 'noise'] as const) await new Promise<void>((done) => raw[k].close(() => done()));
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await triggerMain(['--root', repo, ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

const cratejoy = (to: string) => ['--provider', 'cratejoy', '--topic', 'order_new', '--to', `${base}${to}`];

describe('trigger against a receiver that misbehaves', () => {
  it(`a 300 MB answer: the first ${RESPONSE_LIMIT_BYTES} bytes are read, the rest is not (the connection is let go), and the line says so`, async () => {
    const { response } = await trigger({ provider: 'cratejoy', topic: 'order_new', to: `${base}/huge`, root: repo });
    expect(response?.status).toBe(200);
    expect(response?.truncated).toBe(true);
    expect(response?.body.length).toBe(RESPONSE_LIMIT_BYTES);
    await new Promise((done) => setTimeout(done, 200));
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
    const r = await cli(cratejoy('/huge'));
    expect(r.stdout).toMatch(new RegExp(`^200 OK in \\d+ ms: a{200}… \\(a body over ${RESPONSE_LIMIT_BYTES} bytes: the rest was not read\\)\\n$`));
    expect(r.code).toBe(0);
  });

  it('a body that starts and stalls: the --timeout covers the body, one line, exit 1', async () => {
    const r = await cli([...cratejoy('/stall'), '--timeout', '300']);
    expect(r.stderr).toBe(`trigger: ${base}/stall answered 200, but its body did not end within 300 ms (--timeout)\n`);
    expect(r.code).toBe(1);
  });

  it('no answer at all: the --timeout, one line, exit 1', async () => {
    const r = await cli([...cratejoy('/hang'), '--timeout', '300']);
    expect(r.stderr).toBe(`trigger: no response from ${base}/hang within 300 ms (--timeout)\n`);
    expect(r.code).toBe(1);
  });

  it('control characters in the status line, the Location and the body: one line, none reaches the terminal', async () => {
    const r = await cli(['--provider', 'cratejoy', '--topic', 'order_new', '--to', `${rawBase.controls}/hook`]);
    expect(r.stdout).toMatch(/^302 W\uFFFDeird status in \d+ ms: \[2J\uFFFD\uFFFD A B \(redirect to \/x 31mred, not followed\)\n$/);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('an answer that is not HTTP at all: one line that says so, exit 1', async () => {
    const r = await cli(['--provider', 'cratejoy', '--topic', 'order_new', '--to', `${rawBase.noise}/hook`]);
    expect(r.stderr).toBe(`trigger: ${rawBase.noise}/hook answered with something that is not HTTP (HPE_INVALID_CONSTANT: Response does not match the HTTP/1.1 protocol (Expected HTTP/))\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });

  it('a delivery error is a TriggerDeliveryError, not a crash', async () => {
    await expect(trigger({ provider: 'cratejoy', topic: 'order_new', to: `${base}/stall`, root: repo, timeout: 200 })).rejects.toBeInstanceOf(TriggerDeliveryError);
  });
});

// ---- drift ----

const widgetBody = readFileSync(join(acmeRoot, 'spec/acme/samples/widget.json'), 'utf8');

describe('drift over inputs that are not regular files', () => {
  let dir = '';
  let socket: net.Server | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'drift-hostile-'));
    mkdirSync(join(dir, 'widgets__create'));
    writeFileSync(join(dir, 'widgets__create', '1.json'), widgetBody);
    execFileSync('mkfifo', [join(dir, 'widgets__create', '2-fifo.json')]);
    socket = net.createServer();
    await new Promise<void>((done) => socket?.listen(join(dir, 'widgets__create', '3-socket.json'), done));
    symlinkSync('/dev/zero', join(dir, 'widgets__create', '4-device.json'));
    symlinkSync('5-loop.json', join(dir, 'widgets__create', '5-loop.json'));
    symlinkSync('nowhere.json', join(dir, 'widgets__create', '6-dangling.json'));
    symlinkSync('..', join(dir, 'widgets__create', '7-up'));
    writeFileSync(join(dir, 'widgets__create', '8-huge.json'), '');
    execFileSync('truncate', ['-s', String(MAX_CAPTURE_BYTES + 1), join(dir, 'widgets__create', '8-huge.json')]);
  });
  afterAll(async () => {
    await new Promise<void>((done) => (socket ? socket.close(() => done()) : done()));
    rmSync(dir, { recursive: true, force: true });
  });

  const expectedNotes = (shown: (name: string) => string) => [
    `skipped ${shown('2-fifo.json')}: not a regular file (a FIFO)`,
    `skipped ${shown('3-socket.json')}: not a regular file (a socket)`,
    `skipped ${shown('4-device.json')}: not a regular file (a device)`,
    `skipped ${shown('5-loop.json')}: a loop of symbolic links`,
    `skipped ${shown('6-dangling.json')}: a symbolic link to nothing`,
    `skipped ${shown('7-up')}: a link to a folder inside a folder is not followed (give the folder itself)`,
    `skipped ${shown('8-huge.json')}: ${MAX_CAPTURE_BYTES + 1} bytes, more than a capture holds (at most ${MAX_CAPTURE_BYTES})`,
  ];

  it('drift(): the regular file is compared, every other entry is a note', async () => {
    const notes: string[] = [];
    const report = await drift({ root: acmeRoot, provider: 'acme', inputs: [dir], cwd: dir, onNote: (n) => notes.push(n) });
    expect(report.payloads).toBe(1);
    expect(report.errors).toEqual([]);
    expect(notes).toEqual(expectedNotes((n) => `widgets__create/${n}`));
  });

  it('the CLI: the notes on stderr, the report on stdout, no hang', () => {
    const r = spawnSync(process.execPath, [join(repo, 'bin/webhook-typegen.mjs'), 'drift', '--root', acmeRoot, '--provider', 'acme', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe(expectedNotes((n) => `widgets__create/${n}`).map((n) => `drift: ${n}\n`).join(''));
    expect(r.status).toBe(0);
  });

  it('a FIFO given by name: skipped with a note, not waited on', async () => {
    const notes: string[] = [];
    const report = await drift({ root: acmeRoot, provider: 'acme', topic: 'widgets/create', inputs: ['widgets__create/2-fifo.json'], cwd: dir, onNote: (n) => notes.push(n) });
    expect(report.payloads).toBe(0);
    expect(notes).toEqual(['skipped widgets__create/2-fifo.json: not a regular file (a FIFO)']);
  });
});
