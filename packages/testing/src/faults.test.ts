import { describe, expect, it } from 'vitest';
import { FaultQueue, faultReply, isDelayOnly, wait } from './faults.js';

describe('faults', () => {
  it('queues faults in order', () => {
    const queue = new FaultQueue();
    queue.push([{ status: 500 }, { delayMs: 1 }]);
    expect(queue.take()).toEqual({ status: 500 });
    expect(queue.take()).toEqual({ delayMs: 1 });
    expect(queue.take()).toBeUndefined();
  });

  it('tells delays from replacements and fills in an OAuth error body', () => {
    expect(isDelayOnly({ delayMs: 5 })).toBe(true);
    expect(isDelayOnly({ delayMs: 5, status: 500 })).toBe(false);
    expect(faultReply({ status: 503 })).toMatchObject({
      status: 503,
      body: { error: 'temporarily_unavailable' },
    });
    expect(faultReply({ body: 'oops' })).toMatchObject({ status: 500, body: 'oops' });
  });

  it('waits until aborted', async () => {
    const controller = new AbortController();
    const pending = wait(undefined, controller.signal);
    controller.abort();
    expect(await pending).toBe(false);
    expect(await wait(1, new AbortController().signal)).toBe(true);
  });
});
