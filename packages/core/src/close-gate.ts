import { abortReason } from './single-flight.js';

/**
 * Ends callers' waits when the provider closes, through one listener on its close signal however
 * many callers wait (a listener each would trip Node's EventTarget leak warning in a cold burst).
 */
export class CloseGate {
  readonly #signal: AbortSignal;
  readonly #waiting = new Set<(reason: unknown) => void>();

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener(
      'abort',
      () => {
        const reason = abortReason(signal);
        for (const reject of this.#waiting) reject(reason);
        this.#waiting.clear();
      },
      { once: true },
    );
  }

  /** Waits for `promise`, or rejects with the close reason if the provider closes first. */
  wait<T>(promise: Promise<T>): Promise<T> {
    if (this.#signal.aborted) return Promise.reject(abortReason(this.#signal));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.add(reject);
      promise.then(
        (value) => {
          this.#waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.#waiting.delete(reject);
          reject(error);
        },
      );
    });
  }
}
