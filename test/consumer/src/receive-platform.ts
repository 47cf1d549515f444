// The receiving adapters against the real platform types: Node's `http.IncomingMessage` and
// `Buffer` (@types/node), and the fetch `Request` (the DOM lib in tsconfig.platform-dom.json,
// undici's in tsconfig.platform-node.json). The package declares structural types for both, so
// it needs neither; this file proves the real ones fit. Compiled by test/receive.test.ts.

import http from 'node:http';
import { createSpiffyReceiver } from '@webhook-typegen/generated/spiffy';
import { createCratejoyReceiver } from '@webhook-typegen/generated/cratejoy';

const spiffy = createSpiffyReceiver({ secrets: [process.env.SPIFFY_WEBHOOK_SECRET ?? 'dev'] });
const cratejoy = createCratejoyReceiver({ verify: ({ url }) => url?.includes('token=') ?? false });

export const server = http.createServer(async (req, res) => {
  const result = req.url?.startsWith('/cratejoy/') ? await cratejoy.fromNode(req, { topic: req.url.slice(10) }) : await spiffy.fromNode(req);
  res.writeHead(result.ok ? 200 : result.status).end(result.ok ? 'ok' : result.message);
});

export async function fetchHandler(request: Request): Promise<Response> {
  const result = await spiffy.fromRequest(request);
  if (!result.ok) return new Response(result.message, { status: result.status });
  return new Response(result.topic);
}

export async function fromParts(request: Request, req: http.IncomingMessage, buffer: Buffer): Promise<boolean> {
  const a = await spiffy.receive({ headers: request.headers, body: await request.arrayBuffer() });
  const b = await spiffy.receive({ headers: req.headers, body: buffer });
  const c = await cratejoy.fromRequest(request, { topic: 'subscription_new' });
  return a.ok && b.ok && c.ok;
}

// an Express request is an IncomingMessage with a `body` (a Buffer after express.raw())
interface ExpressLikeRequest extends http.IncomingMessage {
  body: unknown;
}
export async function expressHandler(req: ExpressLikeRequest): Promise<number> {
  const result = await spiffy.fromNode(req);
  return result.ok ? 200 : result.status;
}
