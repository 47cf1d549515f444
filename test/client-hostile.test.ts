// The generated API client against hostile servers on 127.0.0.1 (port 0): one that redirects
// to another origin (a second server, on another port, or the same port under another host
// name), one that hangs before or during its answer, one that streams a huge body, one that
// answers garbage. The client must never send the provider's credential header to another
// origin, must always settle (deadline), must never read past its size limit, and must say
// which of these happened (RequestError.kind).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, RequestError, ResponseValidationError, createSpiffyClient, type SpiffyClient } from '../generated/spiffy/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, MAX_REDIRECTS } from '../generated/runtime/client.js';

const TOKEN = 'secret-token-of-the-test';
const sample = (file: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'spec', 'spiffy', 'api', file), 'utf8');
const COUNT_PATH = '/admin/webhooks/count.json';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Server {
  port: number;
  /** every request received, with the credential header it carried */
  seen: { method: string; url: string; token: string | undefined; host: string | undefined }[];
  handler: Handler;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const server: Server = {
    port: 0,
    seen: [],
    handler: (_req, res) => res.end('{}'),
    close: async () => undefined,
  };
  const s = http.createServer((req, res) => {
    const token = req.headers['x-spiffy-access-token'];
    server.seen.push({ method: req.method ?? '', url: req.url ?? '', token: typeof token === 'string' ? token : undefined, host: req.headers.host });
    server.handler(req, res);
  });
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  server.port = (s.address() as AddressInfo).port;
  server.close = () =>
    new Promise((done) => {
      s.closeAllConnections();
      s.close(() => done());
    });
  return server;
}

let a: Server;
let b: Server;
beforeAll(async () => {
  a = await startServer();
  b = await startServer();
});
afterAll(async () => {
  await a.close();
  await b.close();
});
afterEach(() => {
  a.seen = [];
  b.seen = [];
});

function client(opts: { timeoutMs?: number; maxResponseBytes?: number; host?: string } = {}): SpiffyClient {
  return createSpiffyClient({
    baseUrl: `http://${opts.host ?? '127.0.0.1'}:${a.port}`,
    headers: { 'X-Spiffy-Access-Token': TOKEN },
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.maxResponseBytes === undefined ? {} : { maxResponseBytes: opts.maxResponseBytes }),
  });
}

/** The rejection of `p` (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, got a value');
}

describe('redirects: followed within the origin only, so the credential header never leaves it', () => {
  it.each([301, 302, 303, 307, 308])('a %i to the second server (another port): RequestError, and the second server receives nothing', async (status) => {
    a.handler = (_req, res) => {
      res.writeHead(status, { location: `http://127.0.0.1:${b.port}${COUNT_PATH}` }).end();
    };
    const e = await rejection(client().countWebhooks());
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ kind: 'redirect', status, operation: 'countWebhooks', method: 'GET', url: `http://127.0.0.1:${a.port}${COUNT_PATH}` });
    expect((e as Error).message).toBe(
      `countWebhooks (GET http://127.0.0.1:${a.port}${COUNT_PATH}): the server redirected (${status}) to another origin, http://127.0.0.1:${b.port}: not followed, so the request's headers (its credentials) are not sent there`,
    );
    expect(b.seen).toEqual([]);
    expect(a.seen).toEqual([{ method: 'GET', url: COUNT_PATH, token: TOKEN, host: `127.0.0.1:${a.port}` }]);
  });

  it('the same port under another host name (localhost) is another origin too', async () => {
    a.handler = (_req, res) => res.writeHead(302, { location: `http://localhost:${a.port}${COUNT_PATH}` }).end();
    const e = await rejection(client().countWebhooks());
    expect(e).toMatchObject({ kind: 'redirect', status: 302 });
    expect(a.seen).toHaveLength(1);
  });

  it('a scheme change (http → https on the same host) is another origin', async () => {
    a.handler = (_req, res) => res.writeHead(301, { location: `https://127.0.0.1:${a.port}${COUNT_PATH}` }).end();
    expect(await rejection(client().countWebhooks())).toMatchObject({ kind: 'redirect', status: 301 });
  });

  it('a redirect within the origin (a relative Location) is followed, with the credentials, and the answer is checked as usual', async () => {
    a.handler = (req, res) => {
      if (req.url === COUNT_PATH) res.writeHead(307, { location: '/moved/count.json' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"count": 4}');
    };
    await expect(client().countWebhooks()).resolves.toBe(4);
    expect(a.seen.map((s) => [s.url, s.token])).toEqual([
      [COUNT_PATH, TOKEN],
      ['/moved/count.json', TOKEN],
    ]);
  });

  it('a 303 after a POST becomes a GET without the body, as fetch does', async () => {
    const requests: string[] = [];
    a.handler = (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        requests.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? '-'} ${body}`);
        if (req.method === 'POST') res.writeHead(303, { location: '/admin/webhooks/4759306.json' }).end();
        else res.writeHead(200).end(sample('webhooks.get.200.json'));
      });
    };
    const request = JSON.parse(sample('webhooks.create.request.json')) as { webhook: Parameters<SpiffyClient['createWebhook']>[0] };
    const created = await client().createWebhook(request.webhook);
    // the id policy gives ids as digit strings (64-bit ids exceed 2^53)
    expect(created.id).toBe(String((JSON.parse(sample('webhooks.get.200.json')) as { webhook: { id: number } }).webhook.id));
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatch(/^POST \/admin\/webhooks\.json application\/json \{/);
    expect(requests[1]).toBe('GET /admin/webhooks/4759306.json - ');
  });

  it(`a redirect loop within the origin stops after ${MAX_REDIRECTS} redirects`, async () => {
    a.handler = (req, res) => res.writeHead(302, { location: `${req.url ?? '/'}x` }).end();
    const e = await rejection(client().countWebhooks());
    expect(e).toMatchObject({ kind: 'redirect', status: 302 });
    expect((e as Error).message).toMatch(new RegExp(`: more than ${MAX_REDIRECTS} redirects$`));
    expect(a.seen).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('a 3xx without a Location is an answer like any other non-2xx: ApiError', async () => {
    a.handler = (_req, res) => res.writeHead(304).end();
    expect(await rejection(client().countWebhooks())).toBeInstanceOf(ApiError);
  });
});

describe('a deadline on every call', () => {
  it(`the default is ${DEFAULT_TIMEOUT_MS} ms`, () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
  });

  it('a server that never answers: RequestError timeout, the connection closed', async () => {
    let closed = false;
    a.handler = (req) => req.socket.on('close', () => (closed = true));
    const e = await rejection(client({ timeoutMs: 300 }).countWebhooks());
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ kind: 'timeout', status: undefined });
    expect((e as Error).message).toBe(`countWebhooks (GET http://127.0.0.1:${a.port}${COUNT_PATH}): no complete answer within 300 ms`);
    await new Promise((done) => setTimeout(done, 100));
    expect(closed).toBe(true);
  });

  it('a server that sends its headers and then stalls the body: the deadline covers the body too', async () => {
    a.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"count": ');
    };
    expect(await rejection(client({ timeoutMs: 300 }).countWebhooks())).toMatchObject({ kind: 'timeout' });
  });

  it('a per-request timeoutMs replaces the client one', async () => {
    a.handler = () => undefined;
    const e = await rejection(client({ timeoutMs: 60_000 }).countWebhooks({}, { timeoutMs: 200 }));
    expect((e as Error).message).toMatch(/no complete answer within 200 ms$/);
  });

  it("the caller's own signal still aborts (before the deadline)", async () => {
    a.handler = () => undefined;
    const controller = new AbortController();
    const p = client({ timeoutMs: 60_000 }).countWebhooks({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const e = await rejection(p);
    expect(e).not.toBeInstanceOf(RequestError);
    expect((e as Error).name).toBe('AbortError');
  });

  it('a timeoutMs beyond what a timer holds (2^31 ms) does not fire at once', async () => {
    a.handler = (_req, res) => void setTimeout(() => res.writeHead(200).end('{"count": 2}'), 50);
    await expect(client({ timeoutMs: 3_000_000_000 }).countWebhooks()).resolves.toBe(2);
  });

  it.each([0, -1, Number.NaN, '100'])('timeoutMs %s is refused when the client is made', (v) => {
    expect(() => createSpiffyClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: v as number })).toThrow(/options\.timeoutMs must be a positive number \(Infinity: no limit\)/);
  });
});

describe('a size limit on every body', () => {
  it(`the default is ${DEFAULT_MAX_RESPONSE_BYTES} bytes, and a body past it streamed without a length is cut off there`, async () => {
    let written = 0;
    let aborted = false;
    a.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => (aborted = !res.writableFinished));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 200 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    const e = await rejection(client().countWebhooks());
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ kind: 'too-large', status: 200 });
    expect((e as Error).message).toBe(`countWebhooks (GET http://127.0.0.1:${a.port}${COUNT_PATH}): the response body is larger than the limit of ${DEFAULT_MAX_RESPONSE_BYTES} bytes (maxResponseBytes): more than ${DEFAULT_MAX_RESPONSE_BYTES} bytes arrived`);
    await new Promise((done) => setTimeout(done, 200));
    // the client hung up: the server did not get to send its 200 MB
    expect(aborted).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('a Content-Length above the limit is refused before the body is read', async () => {
    a.handler = (_req, res) => {
      res.writeHead(200, { 'content-length': String(5_000_000) });
      res.write('{"count": 1');
    };
    const e = await rejection(client({ maxResponseBytes: 1_000_000 }).countWebhooks());
    expect((e as Error).message).toMatch(/larger than the limit of 1000000 bytes \(maxResponseBytes\): Content-Length 5000000$/);
  });

  it('an error body is bounded too', async () => {
    a.handler = (_req, res) => {
      res.writeHead(500);
      res.end('x'.repeat(2_000_000));
    };
    expect(await rejection(client({ maxResponseBytes: 1_000_000 }).countWebhooks())).toMatchObject({ kind: 'too-large', status: 500 });
  });

  it('a body exactly at the limit is read', async () => {
    const body = '{"count": 7}';
    a.handler = (_req, res) => res.writeHead(200).end(body);
    await expect(client({ maxResponseBytes: body.length }).countWebhooks()).resolves.toBe(7);
  });

  it('a custom fetch without body streams: the body is measured after it is read', async () => {
    const c = createSpiffyClient({ baseUrl: 'http://127.0.0.1:1', maxResponseBytes: 10, fetch: async () => ({ status: 200, text: async () => '{"count": 12345678}' }) });
    expect(await rejection(c.countWebhooks())).toMatchObject({ kind: 'too-large' });
  });
});

describe('garbage answers: a typed error, never a crash', () => {
  it.each<[string, Handler, new (...args: never[]) => Error]>([
    ['not JSON', (_q, r) => r.writeHead(200).end('<html>hello</html>'), ResponseValidationError],
    ['bytes that are not UTF-8', (_q, r) => r.writeHead(200).end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), ResponseValidationError],
    ['JSON nested 10^5 deep', (_q, r) => r.writeHead(200).end(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), ResponseValidationError],
    ['a truncated body (the connection cut mid-way)', (_q, r) => {
      r.writeHead(200, { 'content-length': '100' });
      r.write('{"count":');
      r.socket?.destroy();
    }, TypeError],
    ['an empty 200', (_q, r) => r.writeHead(200).end(), ResponseValidationError],
  ])('%s', async (_name, handler, type) => {
    a.handler = handler;
    const e = await rejection(client({ timeoutMs: 5000 }).countWebhooks());
    expect(e).toBeInstanceOf(type);
  });
});
