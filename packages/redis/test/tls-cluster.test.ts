import { once } from 'node:events';
import {
  type MockConnect,
  type RedisCluster,
  startMockConnect,
  startRedisCluster,
} from '@visma-auth/testing';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RedisClientLike } from '../src/index.js';
import { startFleet } from './support/fleet.js';
import { makeCertificates, type TestCertificates } from './support/tls.js';

// A 3-master Redis Cluster reached over TLS only (the nodes talk TLS among themselves too, so
// each node announces its TLS port), with the server's certificate checked against our CA, and
// with mutual TLS (the nodes require a client certificate), with each library: 4 providers on
// their own cluster clients share one token.

type Mode = 'serverAuth' | 'mutual';
let certs: TestCertificates;
const clusters = {} as Record<Mode, RedisCluster>;
let connect: MockConnect;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  certs = await makeCertificates();
  const tls = (authClients: boolean) => ({
    certFile: certs.serverCert,
    keyFile: certs.serverKey,
    caFile: certs.caFile,
    authClients,
  });
  clusters.serverAuth = await startRedisCluster({ tls: tls(false) });
  clusters.mutual = await startRedisCluster({ tls: tls(true) });
}, 60_000);
afterAll(async () => {
  await Promise.all(Object.values(clusters).map((c) => c.close()));
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

/** A cluster client of `lib` given the nodes' TLS ports only, connected (bounded). */
async function tlsClusterClient(
  lib: 'node-redis' | 'ioredis',
  nodes: readonly { host: string; port: number }[],
  tls: Tls,
): Promise<RedisClientLike> {
  if (lib === 'node-redis') {
    const cluster = createCluster({
      rootNodes: nodes.map((n) => ({ url: `rediss://${n.host}:${n.port}` })),
      defaults: {
        socket: { tls: true, ...tls, reconnectStrategy: () => 100, connectTimeout: 5000 },
      },
    }).on('error', () => {});
    closers.push(() => cluster.destroy());
    await cluster.connect();
    return cluster;
  }
  const cluster = new Cluster([...nodes], {
    redisOptions: { tls },
    clusterRetryStrategy: () => 100,
  }).on('error', () => {});
  closers.push(() => cluster.disconnect());
  await once(cluster, 'ready', { signal: AbortSignal.timeout(10_000) });
  return cluster;
}

describe.each(['node-redis', 'ioredis'] as const)('with %s', (lib) => {
  for (const mode of ['serverAuth', 'mutual'] as const) {
    it(`${mode === 'mutual' ? 'mutual TLS' : 'TLS (server certificate checked)'} to a cluster: 4 providers × 50 calls, 1 token request`, async () => {
      const cluster = clusters[mode];
      await Promise.all(cluster.nodes.map((n) => n.command('FLUSHALL')));
      const tls: Tls =
        mode === 'mutual'
          ? { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }
          : { ca: certs.ca };
      const clients = await Promise.all(
        Array.from({ length: 4 }, () => tlsClusterClient(lib, cluster.tlsRootNodes, tls)),
      );
      const fleet = startFleet(clients, connect.tokenUrl);
      const result = await fleet.burst(50);
      expect(result.failed, result.errors.join()).toBe(0);
      expect(result.ok).toBe(200);
      expect(connect.counts.token).toBe(1);
      for (let i = 0; i < 4; i++) expect(fleet.cacheEvents(i)).toEqual([]);
      // The entry was written through TLS: it is there on a node.
      const keys = await Promise.all(cluster.nodes.map((n) => n.command('KEYS', 'visma-auth:*')));
      expect(keys.flat()).toHaveLength(1);
      console.info(
        `TLS cluster (${process.env.NODE_REDIS_MODULE ?? 'redis'} / ${lib}, ${mode}): ${result.ok} calls ok, ${result.failed} failed, ${connect.counts.token} token request(s)`,
      );
      await fleet.close();
    });
  }
});
