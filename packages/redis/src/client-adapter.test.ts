import { describe, expect, it } from 'vitest';
import { adaptClient } from './client-adapter.js';

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
    const adapter = adaptClient(io);
    expect(adapter?.kind).toBe('ioredis');
    expect(adapter?.ready()).toBe(true);
    await expect(adapter?.send('SET', ['k', 'v'])).resolves.toBe('OK');
    expect(calls).toEqual([['SET', 'k', 'v']]);
    io.status = 'reconnecting';
    expect(adapter?.ready()).toBe(false);
    io.status = 'wait';
    expect(adapter?.ready()).toBe(true);
  });

  it('detects node-redis by sendCommand() and isReady', async () => {
    const calls: unknown[] = [];
    const nr = {
      isReady: true,
      sendCommand: async (args: string[]) => {
        calls.push(args);
        return null;
      },
    };
    const adapter = adaptClient(nr);
    expect(adapter?.kind).toBe('node-redis');
    await adapter?.send('GET', ['k']);
    expect(calls).toEqual([['GET', 'k']]);
    nr.isReady = false;
    expect(adapter?.ready()).toBe(false);
  });

  it.each([undefined, null, 'redis://localhost', {}, { get: () => {} }])('rejects %j', (client) => {
    expect(adaptClient(client)).toBeUndefined();
  });
});
