// The router's delivery store shared through a real Redis server, as a multi-instance
// deployment would use it: the test starts Debian's `redis-server` on a free port of 127.0.0.1
// (no persistence) and stops it afterwards; two router instances, each behind its own Node http
// server and with its own node-redis client, share the README's `redisStore`. A redelivery to
// the other instance runs no handler again; a concurrent one is told to come back (409); a
// failure on one instance releases the key so the retry runs on the other; keys expire.
//
// A missing redis-server fails this test (locally and under CI=true): it must not pass as skipped.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpiffyTestRequest, createSpiffyWebhooks, orderFixture, type DeliveryStore, type Order } from '../generated/spiffy/index.js';
import { close, deferred, listen } from './helpers/http.js';

process.env.SPIFFY_SECRET = 'redis-test-secret';

/** $REDIS_SERVER, else redis-server on the PATH (or in /usr/bin, /usr/local/bin); undefined when absent. */
function findRedisServer(): string | undefined {
  const given = process.env.REDIS_SERVER;
  if (given !== undefined && given !== '') return existsSync(given) ? given : undefined;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin', '/usr/sbin'];
  return dirs.filter((d) => path.isAbsolute(d)).map((d) => path.join(d, 'redis-server')).find((p) => existsSync(p));
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts redis-server and resolves once it accepts connections; rejects with its output if it exits first. */
async function startRedis(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
  return child;
}

// ---- the README's example, run by each instance ----

async function startInstance() {
  // #region README redis
  // SET NX GET claims a key atomically and says what it held
  function redisStore(redis: RedisClientType, prefix = 'webhook:'): DeliveryStore {
    return {
      async claim(key, leaseMs) {
        const held = await redis.set(prefix + key, 'pending', { condition: 'NX', expiration: { type: 'PX', value: leaseMs }, GET: true });
        return held === null ? 'claimed' : held === 'done' ? 'done' : 'pending';
      },
      async complete(key, ttlMs) {
        await redis.set(prefix + key, 'done', { expiration: { type: 'PX', value: ttlMs } });
      },
      async release(key) {
        await redis.del(prefix + key);
      },
    };
  }

  const redis = await createClient({ url: process.env.REDIS_URL }).connect();
  const webhooks = createSpiffyWebhooks({ secrets: process.env.SPIFFY_SECRET ?? '', dedupe: { store: redisStore(redis) } });
  // #endregion
  return { redis, webhooks, store: redisStore(redis) };
}

type Instance = Awaited<ReturnType<typeof startInstance>> & { readonly name: string; readonly url: string; readonly server: http.Server };

/** What the two instances' handlers did, in order; the gate and failures are for the tests to set. */
const runs: { instance: string; order: Order }[] = [];
const control: { fail: number; gate?: Promise<void>; entered?: () => void } = { fail: 0 };

let redisProcess: ChildProcess | undefined;
const instances: Instance[] = [];
let redisUrl = '';

beforeAll(async () => {
  const binary = findRedisServer();
  if (binary === undefined) {
    throw new Error(`redis-server is not installed: expected ${process.env.REDIS_SERVER ? `$REDIS_SERVER (${process.env.REDIS_SERVER})` : 'it on the PATH or in /usr/bin'}, found none (install it with \`sudo apt-get install -y redis-server\`; .ci/run does this in CI)`);
  }
  const port = await freePort();
  redisProcess = await startRedis(binary, port);
  redisUrl = `redis://127.0.0.1:${port}`;
  process.env.REDIS_URL = redisUrl;
  for (const name of ['a', 'b']) {
    const instance = await startInstance();
    instance.webhooks.on('orders/create', async ({ payload }) => {
      runs.push({ instance: name, order: payload });
      control.entered?.();
      if (control.gate) await control.gate;
      if (control.fail > 0) {
        control.fail--;
        throw new Error(`instance ${name} failed`);
      }
    });
    instance.webhooks.onError(() => undefined);
    const server = http.createServer(instance.webhooks.nodeMiddleware({ path: '/hooks/spiffy' }));
    instances.push({ ...instance, name, url: `${await listen(server)}/hooks/spiffy`, server });
  }
});

afterAll(async () => {
  for (const i of instances) {
    await close(i.server);
    await i.redis.quit();
  }
  if (redisProcess !== undefined && redisProcess.exitCode === null) {
    const exited = new Promise<void>((resolve) => redisProcess?.once('exit', () => resolve()));
    redisProcess.kill('SIGTERM');
    await exited;
  }
});

const instance = (name: 'a' | 'b'): Instance => {
  const i = instances.find((x) => x.name === name);
  if (i === undefined) throw new Error(`no instance ${name}`);
  return i;
};
async function send(url: string, request: RequestInit): Promise<{ status: number; body: string }> {
  const response = await fetch(url, request);
  return { status: response.status, body: await response.text() };
}
let seed = 1;
async function delivery(): Promise<{ order: Order; request: RequestInit }> {
  const order = orderFixture.build(undefined, { seed: seed++ });
  return { order, request: await buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: process.env.SPIFFY_SECRET ?? '' }) };
}
const reset = () => {
  runs.length = 0;
  control.fail = 0;
  delete control.gate;
  delete control.entered;
};

describe('a Redis store shared by two router instances (a real redis-server)', () => {
  it('a redelivery to the other instance runs no handler again', async () => {
    reset();
    const { order, request } = await delivery();
    expect(await send(instance('a').url, request)).toEqual({ status: 200, body: 'ok' });
    expect(await send(instance('b').url, request)).toEqual({ status: 200, body: 'duplicate: already handled' });
    expect(await send(instance('a').url, request)).toEqual({ status: 200, body: 'duplicate: already handled' });
    expect(runs).toEqual([{ instance: 'a', order }]);
  });

  it('the same delivery at both instances at once: one runs it, the other answers 409', async () => {
    reset();
    const gate = deferred();
    const entered = deferred();
    control.gate = gate.promise;
    control.entered = () => entered.resolve();
    const { order, request } = await delivery();
    const first = send(instance('b').url, request);
    await entered.promise;
    expect(await send(instance('a').url, request)).toEqual({ status: 409, body: 'in progress: an earlier attempt of this delivery is still running' });
    gate.resolve();
    expect(await first).toEqual({ status: 200, body: 'ok' });
    expect(runs).toEqual([{ instance: 'b', order }]);
  });

  it('a failure on one instance releases the key: the retry runs on the other, and then counts as done', async () => {
    reset();
    control.fail = 1;
    const { order, request } = await delivery();
    expect(await send(instance('a').url, request)).toEqual({ status: 500, body: 'a handler failed' });
    expect(await send(instance('b').url, request)).toEqual({ status: 200, body: 'ok' });
    expect(await send(instance('a').url, request)).toEqual({ status: 200, body: 'duplicate: already handled' });
    expect(runs.map((r) => [r.instance, r.order])).toEqual([
      ['a', order],
      ['b', order],
    ]);
  });

  it('the keys live in Redis with their expiry: the lease of a claim, the time to live of a done key', async () => {
    const { store, redis } = instance('a');
    const key = `test:${seed++}`;
    expect(await store.claim(key, 60_000)).toBe('claimed');
    expect(await store.claim(key, 60_000)).toBe('pending');
    expect(await redis.get(`webhook:${key}`)).toBe('pending');
    const lease = await redis.pTTL(`webhook:${key}`);
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(60_000);
    await store.complete(key, 3_600_000);
    expect(await store.claim(key, 60_000)).toBe('done');
    expect(await redis.pTTL(`webhook:${key}`)).toBeGreaterThan(60_000);
    await store.release(key);
    expect(await redis.exists(`webhook:${key}`)).toBe(0);
    // a lease that ran out no longer blocks the retry: expire it at once
    expect(await store.claim(key, 1)).toBe('claimed');
    await redis.pExpire(`webhook:${key}`, 0);
    expect(await store.claim(key, 60_000)).toBe('claimed');
  });

  it('the server is the one this test started', async () => {
    expect(instance('a').redis.isReady && instance('b').redis.isReady).toBe(true);
    expect((await instance('a').redis.configGet('port')).port).toBe(new URL(redisUrl).port);
    expect(await instance('b').redis.dbSize()).toBeGreaterThan(0);
  });
});
