import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { responseEndSignal } from './response-end-signal.js';

/** A response whose state the test sets, as a `ServerResponse` and Fastify's `inject` have it. */
function response(state: {
  closed?: boolean;
  writableEnded?: boolean;
  writableFinished?: boolean;
}) {
  return Object.assign(new EventEmitter(), { writableFinished: false, ...state });
}

describe('responseEndSignal', () => {
  it('makes one signal on first use, aborted when the connection closes before the reply', () => {
    const res = response({});
    const signalOf = responseEndSignal(res);
    expect(res.listenerCount('close')).toBe(0);
    const signal = signalOf();
    expect(signalOf()).toBe(signal);
    expect(signal.aborted).toBe(false);
    res.emit('close');
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toMatch(/client closed/);
  });

  it('stays open when the reply was ended or sent before the close', () => {
    for (const state of [{ writableEnded: true }, { writableFinished: true }]) {
      const res = response({});
      const signal = responseEndSignal(res)();
      Object.assign(res, state);
      res.emit('close');
      expect(signal.aborted).toBe(false);
    }
  });

  it('listens with once on a response that has no on', () => {
    const emitter = new EventEmitter();
    const res = { writableFinished: false, once: emitter.once.bind(emitter) };
    const signal = responseEndSignal(res)();
    emitter.emit('close');
    expect(signal.aborted).toBe(true);
    expect(emitter.listenerCount('close')).toBe(0);
  });

  it('is aborted at once when the connection had already closed', () => {
    expect(responseEndSignal(response({ closed: true }))().aborted).toBe(true);
    expect(responseEndSignal(response({ closed: true, writableEnded: true }))().aborted).toBe(
      false,
    );
  });
});
