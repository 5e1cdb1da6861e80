import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster, createSentinel } from 'redis';
import { describe, expect, it } from 'vitest';
import { type Adaptation, adaptClient, type CommandAdapter } from './client-adapter.js';

function adapter(result: Adaptation): CommandAdapter {
  if ('problem' in result) throw new Error(result.problem);
  return result.adapter;
}

describe('adaptClient', () => {
  it('detects ioredis by call() and status, even though it also has sendCommand()', async () => {
    const calls: unknown[][] = [];
    const io = {
      status: 'ready',
      sendCommand: () => {
        throw new Error('not this one');
      },
      call: async (...args: unknown[]) => {
        calls.push(args);
        return 'OK';
      },
    };
    const a = adapter(adaptClient(io));
    expect([a.kind, a.topology]).toEqual(['ioredis', 'standalone']);
    expect(a.ready()).toBe(true);
    await expect(a.send('SET', ['k', 'v'], 'k')).resolves.toBe('OK');
    expect(calls).toEqual([['SET', 'k', 'v']]);
    io.status = 'reconnecting';
    expect(a.ready()).toBe(false);
    io.status = 'wait';
    expect(a.ready()).toBe(true);
  });

  it('detects node-redis by sendCommand() and isReady', async () => {
    const calls: unknown[] = [];
    const nr = {
      isReady: true,
      isOpen: true,
      sendCommand: async (args: string[]) => {
        calls.push(args);
        return null;
      },
    };
    const a = adapter(adaptClient(nr));
    expect([a.kind, a.topology]).toEqual(['node-redis', 'standalone']);
    await a.send('GET', ['k'], 'k');
    expect(calls).toEqual([['GET', 'k']]);
    nr.isReady = false;
    expect(a.ready()).toBe(false);
  });

  it('routes node-redis cluster commands by their first key, always to the master', async () => {
    const calls: unknown[] = [];
    const cluster = {
      isOpen: true,
      getSlotMaster: () => undefined,
      getMasters: () => [],
      sendCommand: async (...args: unknown[]) => {
        calls.push(args);
        return 1;
      },
    };
    const a = adapter(adaptClient(cluster));
    expect([a.kind, a.topology]).toEqual(['node-redis', 'cluster']);
    await a.send('EVALSHA', ['sha', '1', '{k}:lock', 'owner'], '{k}:lock');
    expect(calls).toEqual([['{k}:lock', false, ['EVALSHA', 'sha', '1', '{k}:lock', 'owner']]]);
  });

  it('tells the topology of real ioredis clients without connecting them', () => {
    const options = { lazyConnect: true };
    const plain = new Redis(options);
    const sentinel = new Redis({
      ...options,
      sentinels: [{ host: '127.0.0.1', port: 1 }],
      name: 'm',
    });
    const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], options);
    expect(adapter(adaptClient(plain)).topology).toBe('standalone');
    expect(adapter(adaptClient(sentinel)).topology).toBe('sentinel');
    expect(adapter(adaptClient(cluster)).topology).toBe('cluster');
    for (const c of [plain, sentinel, cluster]) c.disconnect();
  });

  it('names node-redis clients that are not connected yet, by factory', () => {
    const cases = [
      [createClient(), 'createClient()'],
      [createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:1' }] }), 'createCluster()'],
      [
        createSentinel({ name: 'm', sentinelRootNodes: [{ host: '127.0.0.1', port: 1 }] }),
        'createSentinel()',
      ],
    ] as const;
    for (const [client, factory] of cases) {
      const result = adaptClient(client);
      expect('problem' in result && result.problem).toContain(
        `${factory} client that is not connected`,
      );
    }
  });

  it('names a closed ioredis client', () => {
    const io = new Redis({ lazyConnect: true });
    io.disconnect();
    const result = adaptClient(io);
    expect('problem' in result && result.problem).toContain('closed');
  });

  it.each([
    [undefined, 'got undefined'],
    [null, 'got null'],
    ['redis://localhost', 'got string'],
    [{}, 'plain object'],
    [{ get: () => {} }, 'plain object'],
    [new Map(), 'class Map'],
    [Promise.resolve(), 'class Promise'],
  ])('rejects %j, saying what it got', (client, said) => {
    const result = adaptClient(client);
    expect('problem' in result && result.problem).toContain(said);
  });
});

describe('Valkey GLIDE clients', () => {
  const glide = (extra: Record<string, unknown> = {}) => ({
    isClosed: false,
    customCommand: async (args: string[]) => {
      if (args[0] === 'EVALSHA') {
        throw new Error(
          'An error was signalled by the server: - NoScriptError: No matching script. Please use EVAL.',
        );
      }
      return 'OK';
    },
    ...extra,
  });

  it('tells GlideClusterClient from GlideClient by shape', () => {
    const standalone = adaptClient(glide());
    const cluster = adaptClient(glide({ fcallWithRoute: () => undefined }));
    expect('adapter' in standalone && standalone.adapter.topology).toBe('standalone');
    expect('adapter' in cluster && cluster.adapter.topology).toBe('cluster');
    expect('adapter' in cluster && cluster.adapter.kind).toBe('valkey-glide');
  });

  it("words GLIDE's server errors as Redis sent them", async () => {
    const adapted = adaptClient(glide());
    if (!('adapter' in adapted)) throw new Error('refused');
    await expect(adapted.adapter.send('EVALSHA', ['x', '0'], '')).rejects.toThrow(
      /^NOSCRIPT No matching/,
    );
  });

  it('refuses a closed one', () => {
    expect(adaptClient(glide({ isClosed: true }))).toEqual({
      problem: 'got a Valkey GLIDE client that was closed',
    });
  });
});
