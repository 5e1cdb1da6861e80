import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { type CachedToken, VismaConfigError } from '@visma-auth/core';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache, type RedisTokenCache, RedisTokenCacheError } from '../src/index.js';
import { clientLibraries, recordCommands, type TestClient } from './support/clients.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

const KEY =
  'visma-auth:v1:["https://connect.example/connect/token","demo-client","client_secret_post"]:["tenant-42",["erp:read"]]';
// A JWT-shaped token whose payload carries recognizable claims.
const claims = Buffer.from(
  JSON.stringify({ client_id: 'demo-client', tenant_id: 'tenant-42', scope: 'erp:read' }),
).toString('base64url');
const TOKEN = `eyJhbGciOiJSUzI1NiJ9.${claims}.${randomBytes(32).toString('base64url')}`;

function entry(overrides: Partial<CachedToken> = {}): CachedToken {
  const now = Date.now();
  return {
    accessToken: TOKEN,
    tokenType: 'Bearer',
    expiresAt: now + 60_000,
    scopes: ['erp:read'],
    tenantId: 'tenant-42',
    receivedAt: now,
    refreshAt: now + 45_000,
    ...overrides,
  };
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

it('refuses a client of another kind or one not connected, naming what it got and what it takes', () => {
  const attempt = (client: unknown) => {
    try {
      createRedisTokenCache({ client: client as never });
    } catch (error) {
      return error;
    }
    throw new Error('accepted');
  };
  const accepted = /createClient, createCluster or createSentinel.*new Redis.*new Cluster/;
  for (const [client, got] of [
    [createClient(), /node-redis createClient\(\) client that is not connected/],
    [new Map(), /an object of class Map/],
    ['redis://127.0.0.1:6379', /got string/],
  ] as const) {
    const error = attempt(client);
    expect(error).toBeInstanceOf(VismaConfigError);
    expect((error as Error).message).toMatch(got);
    expect((error as Error).message).toMatch(accepted);
  }
});

describe.each(Object.keys(clientLibraries) as (keyof typeof clientLibraries)[])(
  'with %s',
  (lib) => {
    let a: TestClient;
    let b: TestClient;
    let cache: RedisTokenCache;
    let other: RedisTokenCache;

    beforeEach(async () => {
      await redis.start();
      await redis.cli('FLUSHALL');
      a = await clientLibraries[lib](redis.url);
      b = await clientLibraries[lib](redis.url);
      cache = createRedisTokenCache({ client: a.client });
      other = createRedisTokenCache({ client: b.client });
    });
    afterEach(async () => {
      await cache.close();
      await other.close();
      await a.close();
      await b.close();
    });

    it('detects the client library', () => {
      expect(cache.clientKind).toBe(lib);
      expect(cache.encrypted).toBe(false);
    });

    it('shares entries between instances and expires them with the token', async () => {
      expect(await other.get(KEY)).toBeUndefined();
      const now = Date.now();
      const lifetimeMs = 30_000;
      const recorded = recordCommands(a.client);
      const writer = createRedisTokenCache({ client: recorded.client, clock: { now: () => now } });
      const stored = entry({ expiresAt: now + lifetimeMs });
      await writer.set(KEY, stored);
      expect(await other.get(KEY)).toEqual(stored);
      // The expiry the cache asked for is the token's remaining life by its clock, exactly.
      const write = recorded.sent.find((c) => c[0] === 'EVALSHA' || c[0] === 'EVAL');
      expect(write?.at(-1)).toBe(String(lifetimeMs));
      const [name] = (await redis.cli('--scan')).trim().split('\n');
      const pttl = Number(await redis.cli('PTTL', name ?? ''));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(lifetimeMs);
    });

    it('never replaces an entry with one that expires sooner (a stale lease holder)', async () => {
      const now = Date.now();
      const newer = entry({ accessToken: `${TOKEN}-newer`, expiresAt: now + 60_000 });
      const stale = entry({ accessToken: `${TOKEN}-stale`, expiresAt: now + 30_000 });
      await cache.set(KEY, newer);
      await other.set(KEY, stale);
      expect((await cache.get(KEY))?.accessToken).toBe(newer.accessToken);
      const latest = entry({ accessToken: `${TOKEN}-latest`, expiresAt: now + 90_000 });
      await other.set(KEY, latest);
      expect((await cache.get(KEY))?.accessToken).toBe(latest.accessToken);
    });

    it('does not store an entry that has already expired', async () => {
      await cache.set(KEY, entry({ expiresAt: Date.now() - 1 }));
      expect((await redis.cli('DBSIZE')).trim()).toBe('0');
    });

    it('names keys by a digest, so no client, tenant, scope or URL appears in Redis', async () => {
      await cache.set(KEY, entry());
      await cache.acquireLock(KEY, 5000);
      const keys = (await redis.cli('--scan')).trim().split('\n').sort();
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^visma-auth:\{[A-Za-z0-9_-]{43}\}$/);
      expect(keys[1]).toBe(`${keys[0]}:lock`);
      for (const part of ['demo-client', 'tenant-42', 'erp:read', 'connect.example']) {
        expect(keys.join()).not.toContain(part);
      }
    });

    it('uses the key prefix', async () => {
      const prefixed = createRedisTokenCache({ client: a.client, keyPrefix: 'svc-a:tokens:' });
      await prefixed.set(KEY, entry());
      expect((await redis.cli('--scan')).trim()).toMatch(/^svc-a:tokens:\{/);
      expect(await cache.get(KEY)).toBeUndefined();
    });

    it('deletes unconditionally, or only while the entry holds the given token', async () => {
      await cache.set(KEY, entry());
      expect(await other.delete(KEY, 'some-other-token')).toBe(false);
      expect(await cache.get(KEY)).toBeDefined();
      expect(await other.delete(KEY, TOKEN)).toBe(true);
      expect(await cache.get(KEY)).toBeUndefined();
      await cache.set(KEY, entry());
      expect(await other.delete(KEY)).toBe(true);
      expect(await other.delete(KEY)).toBe(false);
    });

    it('gives the lease to one instance at a time, released only by its owner', async () => {
      const lock = await cache.acquireLock(KEY, 5000);
      expect(lock).toBeDefined();
      expect(await other.acquireLock(KEY, 5000)).toBeUndefined();
      await lock?.release();
      const next = await other.acquireLock(KEY, 5000);
      expect(next).toBeDefined();
      // A late release from the former owner must not free the new owner's lease.
      await lock?.release();
      expect(await cache.acquireLock(KEY, 5000)).toBeUndefined();
      await next?.release();
    });

    it('lets the lease run out when its owner is gone', async () => {
      // Long enough that a stalled test process does not let it lapse between the two attempts.
      const leaseMs = 1000;
      expect(await cache.acquireLock(KEY, leaseMs)).toBeDefined();
      expect(await other.acquireLock(KEY, leaseMs)).toBeUndefined();
      // The owner's connection dies with it, and so does the renewal.
      await a.close();
      const taken = () => other.acquireLock(KEY, leaseMs).then((lock) => lock !== undefined);
      await expect.poll(taken, { timeout: 10_000, interval: leaseMs }).toBe(true);
    });

    it('keeps the lease while its holder works, past the lease length, until released', async () => {
      const leaseMs = 2000;
      // A renewal slowed by a busy machine must still land inside the lease, not time out at 1 s.
      const patient = createRedisTokenCache({ client: a.client, commandTimeoutMs: 5000 });
      const lock = await patient.acquireLock(KEY, leaseMs);
      const lockName = (await redis.cli('--scan', '--pattern', '*:lock')).trim();
      const owner = (await redis.cli('GET', lockName)).trim();
      // Wait out two lease lengths: only renewal keeps it.
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, leaseMs));
      expect((await redis.cli('GET', lockName)).trim()).toBe(owner);
      expect(await other.acquireLock(KEY, leaseMs)).toBeUndefined();
      await lock?.release();
      expect(await other.acquireLock(KEY, leaseMs)).toBeDefined();
      await patient.close();
    });

    it('a holder that lost its lease stops renewing and cannot touch the new owner lease', async () => {
      // Renewal runs at a third of the lease: 1 s leaves room for the redis-cli calls below.
      const leaseMs = 3000;
      const recorded = recordCommands(a.client);
      const holder = createRedisTokenCache({ client: recorded.client });
      const lost = await holder.acquireLock(KEY, leaseMs);
      const lockName = (await redis.cli('--scan', '--pattern', '*:lock')).trim();
      const renewals = () => recorded.sent.filter((c) => c[0] === 'EVALSHA').length;
      // Counted before the loss, so a renewal that runs right after it is not missed.
      const seen = renewals();
      // The lease is gone (as after a long stall) and another process holds it now.
      await redis.cli('DEL', lockName);
      const next = await other.acquireLock(KEY, 60_000);
      const newOwner = (await redis.cli('GET', lockName)).trim();
      // The first renewal after the loss finds no lease or another owner's, and is the last.
      await expect.poll(renewals, { timeout: 10_000, interval: 20 }).toBeGreaterThan(seen);
      const final = renewals();
      // Three more renewal periods: none may follow.
      await new Promise((resolve) => setTimeout(resolve, leaseMs));
      expect(renewals()).toBe(final);
      await lost?.release();
      expect((await redis.cli('GET', lockName)).trim()).toBe(newOwner);
      expect(Number(await redis.cli('PTTL', lockName))).toBeGreaterThan(leaseMs);
      await next?.release();
      await holder.close();
    });

    it('lockTtlMs overrides the lease length the provider asks for', async () => {
      const lockTtlMs = 1234;
      const recorded = recordCommands(a.client);
      const short = createRedisTokenCache({ client: recorded.client, lockTtlMs });
      const lock = await short.acquireLock(KEY, 60_000);
      const set = recorded.sent.find((c) => c[0] === 'SET' && c.includes('NX'));
      expect(set?.slice(2)).toEqual(expect.arrayContaining(['PX', String(lockTtlMs), 'NX']));
      const lockName = (await redis.cli('--scan', '--pattern', '*:lock')).trim();
      const pttl = Number(await redis.cli('PTTL', lockName));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(lockTtlMs);
      await lock?.release();
      await short.close();
    });

    it('waitForEntry resolves as soon as the lease holder stores the token', async () => {
      const lock = await cache.acquireLock(KEY, 5000);
      const stored = entry();
      // Kept so the test ends only after SET's reply: the waiter can see the entry first, and
      // closing the client under a pending SET would reject it with no one listening.
      let storing: Promise<unknown> | undefined;
      setTimeout(() => {
        storing = cache.set(KEY, stored).then(() => lock?.release());
      }, 150);
      // A timeout longer than the test's: only the stored entry can end this wait.
      expect(await other.waitForEntry(KEY, { timeoutMs: 600_000 })).toEqual(stored);
      await storing;
    });

    it('waitForEntry stops waiting when the lease is released without a token', async () => {
      const lock = await cache.acquireLock(KEY, 5000);
      setTimeout(() => void lock?.release(), 100);
      // A timeout longer than the test's: only the release can end this wait.
      expect(await other.waitForEntry(KEY, { timeoutMs: 600_000 })).toBeUndefined();
    });

    it('waitForEntry is bounded by timeoutMs and returns a still-valid due entry then', async () => {
      await cache.acquireLock(KEY, 5000);
      const started = performance.now();
      expect(await other.waitForEntry(KEY, { timeoutMs: 200 })).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);

      const due = entry({ refreshAt: Date.now() - 1 });
      await cache.set(KEY, due);
      expect(await other.waitForEntry(KEY, { timeoutMs: 100 })).toEqual(due);
    });

    it('waitForEntry rejects with the abort reason, and close() ends pending waits', async () => {
      await cache.acquireLock(KEY, 5000);
      const controller = new AbortController();
      const waiting = other.waitForEntry(KEY, { timeoutMs: 5000, signal: controller.signal });
      setTimeout(() => controller.abort(new Error('caller gave up')), 50);
      await expect(waiting).rejects.toThrow('caller gave up');

      // A timeout longer than the test's: only close() can end this wait.
      const pending = other.waitForEntry(KEY, { timeoutMs: 600_000 });
      setTimeout(() => void other.close(), 50);
      expect(await pending).toBeUndefined();
    });

    it('treats garbage in its keys as a miss', async () => {
      await cache.set(KEY, entry());
      const [name] = (await redis.cli('--scan')).trim().split('\n');
      await redis.cli('SET', name ?? '', 'not an entry');
      expect(await other.get(KEY)).toBeUndefined();
      await redis.cli('DEL', name ?? '');
      await redis.cli('HSET', name ?? '', 'f', 'v');
      await expect(other.get(KEY)).rejects.toBeInstanceOf(RedisTokenCacheError);
    });

    describe('encrypted', () => {
      const key = randomBytes(32);

      it('stores nothing readable: redis-cli sees neither the token nor its claims', async () => {
        const sealed = createRedisTokenCache({
          client: a.client,
          encryptionKey: key.toString('base64'),
        });
        const reader = createRedisTokenCache({ client: b.client, encryptionKey: key });
        expect(sealed.encrypted).toBe(true);
        await sealed.set(KEY, entry());
        expect(await reader.get(KEY)).toEqual(expect.objectContaining({ accessToken: TOKEN }));
        const names = (await redis.cli('--scan')).trim();
        const values = await Promise.all(names.split('\n').map((n) => redis.cli('GET', n)));
        const dump = `${names}\n${values.join('\n')}`;
        for (const secret of [
          TOKEN,
          claims,
          'demo-client',
          'tenant-42',
          'erp:read',
          'Bearer',
          'eyJhbGciOi', // a JWT header; random ciphertext may hold a short 'eyJ'
        ]) {
          expect(dump).not.toContain(secret);
        }
      });

      it('misses, without throwing, with a wrong key or after tampering', async () => {
        const sealed = createRedisTokenCache({ client: a.client, encryptionKey: key });
        const wrong = createRedisTokenCache({ client: b.client, encryptionKey: randomBytes(32) });
        const plain = createRedisTokenCache({ client: b.client });
        await sealed.set(KEY, entry());
        expect(await wrong.get(KEY)).toBeUndefined();
        expect(await plain.get(KEY)).toBeUndefined();

        const [name = ''] = (await redis.cli('--scan')).trim().split('\n');
        const value = (await redis.cli('GET', name)).trim();
        const i = value.length - 10;
        const tampered = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
        await redis.cli('SET', name, tampered, 'PX', '60000');
        expect(await sealed.get(KEY)).toBeUndefined();
        // A plain entry planted under the key is refused too.
        await plain.set(KEY, entry());
        const names = (await redis.cli('--scan')).trim().split('\n');
        const plainName = names.find((n) => n !== name) ?? '';
        await redis.cli('RENAME', plainName, name);
        expect(await sealed.get(KEY)).toBeUndefined();
      });

      it('compare-and-delete works without decrypting', async () => {
        const sealed = createRedisTokenCache({ client: a.client, encryptionKey: key });
        await sealed.set(KEY, entry());
        expect(await sealed.delete(KEY, 'other')).toBe(false);
        expect(await sealed.delete(KEY, TOKEN)).toBe(true);
        expect(await sealed.get(KEY)).toBeUndefined();
      });

      it('keeps the key out of util.inspect', () => {
        const sealed = createRedisTokenCache({
          client: a.client,
          encryptionKey: key.toString('hex'),
        });
        const shown = inspect(sealed, { showHidden: true, depth: 5 });
        expect(shown).toContain('encrypted: true');
        expect(shown).not.toContain(key.toString('hex'));
        expect(shown).not.toContain(key.toString('base64'));
      });
    });

    it('fails fast with RedisTokenCacheError while Redis is down, and works again after', async () => {
      // A command timeout longer than the test's: only failing fast can end these commands.
      const patient = createRedisTokenCache({ client: b.client, commandTimeoutMs: 600_000 });
      await cache.set(KEY, entry());
      await redis.stop();
      for (const op of [
        () => patient.get(KEY),
        () => patient.set(KEY, entry()),
        () => patient.delete(KEY, TOKEN),
        () => patient.acquireLock(KEY, 1000),
        () => patient.waitForEntry(KEY, { timeoutMs: 500 }),
      ]) {
        const error = await op().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RedisTokenCacheError);
        expect(String((error as Error).message)).not.toContain(TOKEN);
      }
      await redis.start();
      await a.ready();
      expect(await cache.get(KEY)).toBeUndefined();
      await cache.set(KEY, entry());
      expect(await cache.get(KEY)).toBeDefined();
    });
  },
);
