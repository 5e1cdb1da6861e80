import { describe, expect, it, vi } from 'vitest';
import { coordinateFetch } from './fleet-coordination.js';
import type { CachedToken, TokenCacheLock } from './types.js';

const entry: CachedToken = {
  accessToken: 't',
  tokenType: 'Bearer',
  expiresAt: Date.now() + 60_000,
  scopes: [],
  receivedAt: Date.now(),
  refreshAt: Date.now() + 45_000,
};
const lock: TokenCacheLock = { release: async () => {} };

function options(overrides: Partial<Parameters<typeof coordinateFetch>[0]> = {}) {
  const log: string[] = [];
  return {
    log,
    o: {
      cache: {},
      key: 'k',
      read: async () => undefined,
      usable: () => true,
      fresh: () => true,
      leaseMs: 100,
      deadlineMs: 1_000,
      onError: (op: string) => log.push(`error:${op}`),
      ...overrides,
    },
  };
}

describe('coordinateFetch', () => {
  it('lets a cache without leases fetch alone', async () => {
    expect(await coordinateFetch(options().o)).toEqual({});
  });

  it('returns the lease, or the entry another process stored just before it', async () => {
    const { o } = options({ cache: { acquireLock: async () => lock } });
    expect((await coordinateFetch(o)).lock).toBeDefined();
    const released: string[] = [];
    const { o: o2 } = options({
      cache: { acquireLock: async () => ({ release: async () => void released.push('x') }) },
      read: async () => entry,
    });
    expect(await coordinateFetch(o2)).toEqual({ entry });
    expect(released).toEqual(['x']);
  });

  it('waits for the holder, then tries the lease again when it stored nothing', async () => {
    const tries: string[] = [];
    const { o } = options({
      cache: {
        acquireLock: async () => (tries.push('lock') > 1 ? lock : undefined),
        waitForEntry: async () => {
          tries.push('wait');
          return undefined;
        },
      },
    });
    expect((await coordinateFetch(o)).lock).toBe(lock);
    expect(tries).toEqual(['lock', 'wait', 'lock']);
  });

  it('keeps waiting while the lease lives, until the deadline, however many leases that takes', async () => {
    // A scripted monotonic clock: each wait lasts one lease, as a holder renewing it makes it.
    let now = 1_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const tries: string[] = [];
    const { o } = options({
      leaseMs: 100,
      deadlineMs: 1_000,
      cache: {
        acquireLock: async () => void tries.push('lock'),
        waitForEntry: async (_k, { timeoutMs }) => {
          tries.push('wait');
          now += timeoutMs;
          return undefined;
        },
      },
    });
    try {
      expect(await coordinateFetch(o)).toEqual({});
    } finally {
      clock.mockRestore();
    }
    // Ten leases fit in the deadline; the holder is waited for through all of them.
    expect(tries.filter((t) => t === 'wait')).toHaveLength(10);
  });

  it('hands over the entry the holder stores after several leases', async () => {
    let now = 1_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    let waits = 0;
    const { o } = options({
      leaseMs: 100,
      deadlineMs: 1_000,
      cache: {
        acquireLock: async () => undefined,
        waitForEntry: async (_k, { timeoutMs }) => {
          now += timeoutMs;
          return ++waits === 5 ? entry : undefined;
        },
      },
    });
    try {
      expect(await coordinateFetch(o)).toEqual({ entry });
    } finally {
      clock.mockRestore();
    }
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    let waits = 0;
    const { o } = options({
      signal: controller.signal,
      cache: {
        acquireLock: async () => undefined,
        waitForEntry: async () => {
          if (++waits === 2) controller.abort();
          return undefined;
        },
      },
    });
    expect(await coordinateFetch(o)).toEqual({});
    expect(waits).toBe(2);
  });

  it('bounds each wait by the lease and by what is left of the deadline', async () => {
    // A scripted monotonic clock: each wait takes 60 ms of it, whatever the machine does.
    let now = 1_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const waits: number[] = [];
    const { o } = options({
      leaseMs: 5_000,
      deadlineMs: 50,
      cache: {
        acquireLock: async () => undefined,
        waitForEntry: async (_k, { timeoutMs }) => {
          waits.push(timeoutMs);
          now += 60;
          return undefined;
        },
      },
    });
    try {
      expect(await coordinateFetch(o)).toEqual({});
    } finally {
      clock.mockRestore();
    }
    expect(waits).toEqual([50]);
  });

  it('treats a throwing hook as "fetch alone" and reports it', async () => {
    const { o, log } = options({
      cache: {
        acquireLock: async () => {
          throw new Error('down');
        },
      },
    });
    expect(await coordinateFetch(o)).toEqual({});
    expect(log).toEqual(['error:acquireLock']);
  });
});
