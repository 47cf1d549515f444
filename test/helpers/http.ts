/**
 * Real local HTTP servers for the router tests: listen on 127.0.0.1 (port 0), close, and a
 * node:http server in front of a Web fetch handler (what @hono/node-server does, in a few
 * lines: the request body is streamed to the handler, the response copied back).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** Starts `server` on 127.0.0.1 and a free port; its base URL. */
export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Stops `server` (open keep-alive connections included). */
export async function close(server: http.Server | undefined): Promise<void> {
  if (server === undefined || !server.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A node:http server that hands each request to `handler` as a Web `Request`. */
export function fetchServer(handler: (request: Request) => Response | Promise<Response>): http.Server {
  return http.createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string') headers.set(k, v);
      else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    }
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
    try {
      const response = await handler(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method, headers, body, duplex: 'half' } as RequestInit));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(599).end(String(error));
    }
  });
}

/** A promise with its resolve function: a gate a test opens when it decides. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let settle: ((value: T) => void) | undefined;
  const promise = new Promise<T>((r) => {
    settle = r;
  });
  return {
    promise,
    resolve: (value: T) => {
      if (settle === undefined) throw new Error('internal: the promise executor did not run');
      settle(value);
    },
  };
}
