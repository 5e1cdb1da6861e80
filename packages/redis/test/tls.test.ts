import tls from 'node:tls';
import {
  type MockConnect,
  type RedisServer,
  startMockConnect,
  startRedisServer,
} from '@visma-auth/testing';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RedisClientLike } from '../src/index.js';
import { startFleet } from './support/fleet.js';
import { freeTlsPort, makeCertificates, type TestCertificates, tlsArgs } from './support/tls.js';

// TLS with the server's certificate checked against our CA, and mutual TLS (the server requires
// a client certificate), with each library: 4 providers share one token. A client that does not
// trust the server's CA starts all the same and degrades with one event.

let certs: TestCertificates;
const servers: Record<'serverAuth' | 'mutual', { server: RedisServer; tlsPort: number }> =
  {} as never;
let connect: MockConnect;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  certs = await makeCertificates();
  for (const mode of ['serverAuth', 'mutual'] as const) {
    const tlsPort = await freeTlsPort();
    const server = await startRedisServer({ args: tlsArgs(certs, tlsPort, mode === 'mutual') });
    servers[mode] = { server, tlsPort };
  }
}, 60_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.server.close()));
  certs?.remove();
});
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await connect.close();
});

type Tls = { ca: string; cert?: string; key?: string };

/** A client of `lib` on the TLS port, created as the README shows: not awaited, with a listener. */
function tlsClient(
  lib: 'node-redis' | 'ioredis',
  port: number,
  tls: Tls,
  retryMs = 100,
): RedisClientLike {
  if (lib === 'node-redis') {
    const client = createClient({
      url: `rediss://127.0.0.1:${port}`,
      socket: { tls: true, ...tls, reconnectStrategy: () => retryMs },
    }).on('error', () => {});
    client.connect().catch(() => {});
    closers.push(() => client.isOpen && client.destroy());
    return client;
  }
  const client = new Redis({ host: '127.0.0.1', port, tls, retryStrategy: () => retryMs }).on(
    'error',
    () => {},
  );
  closers.push(() => client.disconnect());
  return client;
}

/**
 * ioredis 5.11 listens for one error per socket (`stream.once('error')`): after refusing an
 * untrusted certificate the same socket can report a second TLS error (an alert, or
 * ECONNRESET) that escapes as an uncaught exception despite the client's listener; seen a few
 * times in ten thousand refused connections, and in full CI runs. Until it is restored, every
 * TLS socket gets a listener of its own for such late errors, so the test stays about our
 * provider. The README warns users of this ioredis behaviour.
 */
function keepLateSocketErrors(): () => void {
  const original = tls.connect;
  tls.connect = ((...args: Parameters<typeof tls.connect>) =>
    original(...args).on('error', () => {})) as typeof tls.connect;
  return () => {
    tls.connect = original;
  };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 250 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe.each(['node-redis', 'ioredis'] as const)('with %s', (lib) => {
  for (const mode of ['serverAuth', 'mutual'] as const) {
    it(`${mode === 'mutual' ? 'mutual TLS' : 'TLS (server certificate checked)'}: 4 providers share 1 token`, async () => {
      const { tlsPort } = servers[mode];
      const tls: Tls =
        mode === 'mutual'
          ? { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }
          : { ca: certs.ca };
      const clients = Array.from({ length: 4 }, () => tlsClient(lib, tlsPort, tls));
      await until(() =>
        clients.every((c) => ('isReady' in c ? c.isReady : (c as Redis).status === 'ready')),
      );
      const fleet = startFleet(clients, connect.tokenUrl);
      const result = await fleet.burst(50);
      expect(result.failed).toBe(0);
      expect(connect.counts.token).toBe(1);
      for (let i = 0; i < 4; i++) expect(fleet.cacheEvents(i)).toEqual([]);
      await fleet.close();
    });
  }

  it('a CA the client does not trust, or no client certificate for mutual TLS: calls succeed, one event each', async () => {
    const restore = lib === 'ioredis' ? keepLateSocketErrors() : () => {};
    const clients = [
      tlsClient(lib, servers.serverAuth.tlsPort, { ca: certs.otherCa }, 1_000),
      tlsClient(lib, servers.mutual.tlsPort, { ca: certs.ca }, 1_000),
    ];
    // Restored after the clients are closed (closers run in order).
    closers.push(restore);
    const fleet = startFleet(clients, connect.tokenUrl);
    expect((await fleet.burst(20)).failed).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    await Promise.all(fleet.providers.map((p) => p.invalidate()));
    expect((await fleet.burst(20)).failed).toBe(0);
    for (let i = 0; i < 2; i++) expect(fleet.cacheEvents(i)).toHaveLength(1);
    await fleet.close();
  });
});
