/**
 * Single-flight: concurrent work for one key shares one promise; other keys never wait on it.
 */

/** Runs at most one task per key at a time and lets every concurrent caller share its result. */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /** Number of keys with a task running. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** The running task for `key`, if any. */
  get(key: string): Promise<T> | undefined {
    return this.#inFlight.get(key);
  }

  /**
   * Joins the running task for `key` or starts `task`; the entry is removed once it settles, so a
   * failure is never remembered as a result.
   */
  run(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    let promise: Promise<T>;
    try {
      promise = task();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const tracked = promise.finally(() => {
      if (this.#inFlight.get(key) === tracked) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, tracked);
    return tracked;
  }
}

/**
 * Waits for `promise` but rejects early with `signal.reason` when the signal aborts; the
 * underlying work goes on for everyone else sharing it.
 */
export function waitWithSignal<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The signal's reason, or an `AbortError` DOMException when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
