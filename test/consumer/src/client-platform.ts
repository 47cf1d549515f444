// The API clients against the real platform types: the global `fetch` and `AbortSignal` (the
// DOM lib in tsconfig.platform-dom.json, undici's in tsconfig.platform-node.json). The package
// declares structural types for them, so it needs neither; this file proves the real ones fit.
// Compiled by test/receive.test.ts.

import { createSpiffyClient } from '@webhook-typegen/generated/spiffy';
import { createCratejoyClient } from '@webhook-typegen/generated/cratejoy';

export const spiffy = createSpiffyClient({ baseUrl: 'https://shop.example.com', fetch });
export const cratejoy = createCratejoyClient({ baseUrl: 'https://api.cratejoy.com', fetch: (url, init) => fetch(url, init) });

export async function withTimeout(): Promise<number> {
  return spiffy.countWebhooks({}, { signal: AbortSignal.timeout(5000) });
}
