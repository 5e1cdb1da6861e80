/**
 * Remembers the last `error` a client emitted, so a report that the client is not connected can
 * say why (WRONGPASS, an untrusted certificate, a refused connection). Only done when the owner
 * already listens for `error`: a listener of ours must not turn a crash the owner would see into
 * silence.
 */

interface Emitter {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  off?(event: 'error', listener: (error: unknown) => void): unknown;
  removeListener?(event: 'error', listener: (error: unknown) => void): unknown;
  listenerCount?(event: 'error'): number;
}

/** The last error of a client, and how to stop listening. */
export interface ErrorWatch {
  last(): string | undefined;
  stop(): void;
}

const NONE: ErrorWatch = { last: () => undefined, stop: () => {} };

/** Watches `client`'s `error` events when it is an emitter its owner listens on already. */
export function watchErrors(client: unknown): ErrorWatch {
  const emitter = client as Partial<Emitter>;
  if (
    typeof emitter?.on !== 'function' ||
    typeof emitter.listenerCount !== 'function' ||
    emitter.listenerCount('error') === 0
  ) {
    return NONE;
  }
  let last: string | undefined;
  const listener = (error: unknown) => {
    // The first line only, as for command errors: no command arguments.
    const message = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : '';
    last = message === '' ? undefined : message.slice(0, 200);
  };
  emitter.on('error', listener);
  return {
    last: () => last,
    stop: () => {
      (emitter.off ?? emitter.removeListener)?.call(emitter, 'error', listener);
    },
  };
}
