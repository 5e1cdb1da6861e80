import { describe, expect, it } from 'vitest';
import { SingleFlight, waitWithSignal } from './single-flight.js';

describe('SingleFlight', () => {
  it('shares one task per key and forgets it once settled', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const task = () => {
      calls += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const all = Array.from({ length: 100 }, () => flights.run('k', task));
    expect(calls).toBe(1);
    release(7);
    expect(await Promise.all(all)).toEqual(Array(100).fill(7));
    expect(flights.size).toBe(0);
  });

  it('rejects every waiter of a failed task and does not remember the failure', async () => {
    const flights = new SingleFlight<number>();
    const failing = () => Promise.reject(new Error('boom'));
    const results = await Promise.allSettled([
      flights.run('k', failing),
      flights.run('k', failing),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(flights.run('k', () => Promise.resolve(1))).resolves.toBe(1);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flights = new SingleFlight<number>();
    await expect(
      flights.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });

  it('keeps different keys independent', async () => {
    const flights = new SingleFlight<string>();
    const never = flights.run('a', () => new Promise<string>(() => {}));
    await expect(flights.run('b', () => Promise.resolve('b'))).resolves.toBe('b');
    expect(flights.get('a')).toBe(never);
  });
});

describe('waitWithSignal', () => {
  it('rejects only the aborted waiter with the signal reason', async () => {
    let resolve!: (v: string) => void;
    const shared = new Promise<string>((r) => {
      resolve = r;
    });
    const controller = new AbortController();
    const aborted = waitWithSignal(shared, controller.signal);
    const other = waitWithSignal(shared, new AbortController().signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    resolve('ok');
    await expect(other).resolves.toBe('ok');
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(
      waitWithSignal(Promise.resolve(1), AbortSignal.abort(new Error('x'))),
    ).rejects.toThrow('x');
  });
});
