import { describe, expect, it } from 'vitest';
import { CloseGate } from './close-gate.js';

describe('CloseGate', () => {
  it('passes values and errors through while open', async () => {
    const gate = new CloseGate(new AbortController().signal);
    await expect(gate.wait(Promise.resolve(7))).resolves.toBe(7);
    await expect(gate.wait(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('rejects every pending wait with the close reason, with no leak warning for many waiters', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const closer = new AbortController();
      const gate = new CloseGate(closer.signal);
      const never = new Promise<never>(() => {});
      const waits = Array.from({ length: 50 }, () => gate.wait(never));
      const reason = new Error('closed');
      closer.abort(reason);
      const results = await Promise.allSettled(waits);
      expect(results.every((r) => r.status === 'rejected' && r.reason === reason)).toBe(true);
      await expect(gate.wait(Promise.resolve(1))).rejects.toBe(reason);
      // Node emits the EventTarget leak warning on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
