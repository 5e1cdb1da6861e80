import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { CachedToken } from '@visma-auth/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache, type RedisTokenCache, RedisTokenCacheError } from '../src/index.js';
import { clientLibraries, type TestClient } from './support/clients.js';
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
      const stored = entry({ expiresAt: Date.now() + 30_000 });
      await cache.set(KEY, stored);
      expect(await other.get(KEY)).toEqual(stored);
      const [name] = (await redis.cli('--scan')).trim().split('\n');
      const pttl = Number(await redis.cli('PTTL', name ?? ''));
      expect(pttl).toBeGreaterThan(28_000);
      expect(pttl).toBeLessThanOrEqual(30_000);
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

    it('lets the lease run out when its owner never releases it', async () => {
      expect(await cache.acquireLock(KEY, 150)).toBeDefined();
      expect(await other.acquireLock(KEY, 150)).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await other.acquireLock(KEY, 150)).toBeDefined();
    });

    it('lockTtlMs overrides the lease length the provider asks for', async () => {
      const short = createRedisTokenCache({ client: a.client, lockTtlMs: 1234 });
      await short.acquireLock(KEY, 60_000);
      const lockName = (await redis.cli('--scan', '--pattern', '*:lock')).trim();
      expect(Number(await redis.cli('PTTL', lockName))).toBeLessThanOrEqual(1234);
      expect(Number(await redis.cli('PTTL', lockName))).toBeGreaterThan(1000);
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
      const started = performance.now();
      expect(await other.waitForEntry(KEY, { timeoutMs: 3000 })).toEqual(stored);
      expect(performance.now() - started).toBeLessThan(1000);
      await storing;
    });

    it('waitForEntry stops waiting when the lease is released without a token', async () => {
      const lock = await cache.acquireLock(KEY, 5000);
      setTimeout(() => void lock?.release(), 100);
      const started = performance.now();
      expect(await other.waitForEntry(KEY, { timeoutMs: 3000 })).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('waitForEntry is bounded by timeoutMs and returns a still-valid due entry then', async () => {
      await cache.acquireLock(KEY, 5000);
      const started = performance.now();
      expect(await other.waitForEntry(KEY, { timeoutMs: 200 })).toBeUndefined();
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(190);
      expect(waited).toBeLessThan(800);

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

      const pending = other.waitForEntry(KEY, { timeoutMs: 5000 });
      setTimeout(() => void other.close(), 50);
      const started = performance.now();
      expect(await pending).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(1000);
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
          'eyJ',
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
      await cache.set(KEY, entry());
      await redis.stop();
      for (const op of [
        () => cache.get(KEY),
        () => cache.set(KEY, entry()),
        () => cache.delete(KEY, TOKEN),
        () => cache.acquireLock(KEY, 1000),
        () => cache.waitForEntry(KEY, { timeoutMs: 500 }),
      ]) {
        const started = performance.now();
        const error = await op().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RedisTokenCacheError);
        expect(performance.now() - started).toBeLessThan(1500);
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
