import type { Dispatcher } from 'undici';
import { endWithError } from './end-with-error.js';
import { type LegacyDispatchHandler, LegacyPassThrough } from './legacy-pass-through.js';
import { MAX_HELD_BODY_BYTES, type RejectionRetry } from './unauthorized-handler.js';

/**
 * {@link UnauthorizedRetryHandler} in undici 7's older handler API, for a caller whose handler
 * speaks both: undici 7 converts the response headers between the two APIs on every hop that
 * changes API (an object parsed from the raw list, then a raw list of new Buffers), about 4 µs a
 * call, and a handler that stays in the older API from the socket to the caller skips both.
 * Holding back a 401 and its {@link RejectionRetry} work as in the newer API's class.
 */
export class LegacyUnauthorizedRetryHandler extends LegacyPassThrough {
  readonly #retry: RejectionRetry;
  #canRetry = true;
  #redirected = false;
  #held:
    | {
        statusCode: number;
        rawHeaders: Buffer[];
        resume: () => void;
        statusText: string;
        chunks: Buffer[];
        bytes: number;
      }
    | undefined;

  constructor(handler: Dispatcher.DispatchHandler & LegacyDispatchHandler, retry: RejectionRetry) {
    super(handler);
    this.#retry = retry;
  }

  override onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    // undici's redirect interceptor, composed inside this one, reports the hops it followed.
    const history = (context as { history?: unknown[] } | undefined)?.history;
    this.#redirected = Array.isArray(history) && history.length > 0;
    this.downstream.onConnect?.(abort, context);
  }

  override onHeaders(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean {
    if (
      statusCode === 401 &&
      this.#canRetry &&
      !this.#redirected &&
      !(rawContentLength(rawHeaders) > MAX_HELD_BODY_BYTES)
    ) {
      this.#held = { statusCode, rawHeaders, resume, statusText, chunks: [], bytes: 0 };
      return true;
    }
    return this.downstream.onHeaders?.(statusCode, rawHeaders, resume, statusText) ?? true;
  }

  override onData(chunk: Buffer): boolean {
    const held = this.#held;
    if (held === undefined) return this.downstream.onData?.(chunk) ?? true;
    // Read to its end so the connection can be reused, and kept up to the cap, past which the
    // retry is given up and the 401 streams through (a huge body is never held in memory).
    held.chunks.push(chunk);
    held.bytes += chunk.length;
    if (held.bytes > MAX_HELD_BODY_BYTES) {
      this.#canRetry = false;
      return this.#release();
    }
    return true;
  }

  override onComplete(trailers: string[] | Buffer[] | null): void {
    if (this.#held !== undefined && this.#canRetry) {
      this.#canRetry = false;
      this.#retry.run(this.downstream, () => this.#deliverHeld(trailers));
      return;
    }
    this.downstream.onComplete?.(trailers);
  }

  override onError(error: Error): void {
    this.#canRetry = false;
    this.#held = undefined;
    this.downstream.onError?.(error);
  }

  /** Hands what is held to the caller's handler; returns `false` when the caller asks to pause. */
  #release(): boolean {
    const held = this.#held;
    this.#held = undefined;
    if (held === undefined) return true;
    const handler = this.downstream;
    let more =
      handler.onHeaders?.(held.statusCode, held.rawHeaders, held.resume, held.statusText) ?? true;
    for (const chunk of held.chunks) more = handler.onData?.(chunk) ?? true;
    return more;
  }

  /** Hands the held 401 over from a promise callback, ending at `onError` if the caller throws. */
  #deliverHeld(trailers: string[] | Buffer[] | null): void {
    try {
      this.#release();
      this.downstream.onComplete?.(trailers);
    } catch (error) {
      endWithError(this.downstream, null, error);
    }
  }
}

/** The `content-length` of a raw header list (name, value, name, value...), or NaN. */
function rawContentLength(rawHeaders: Buffer[]): number {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (String(rawHeaders[i]).toLowerCase() === 'content-length') {
      return Number(String(rawHeaders[i + 1]));
    }
  }
  return Number.NaN;
}
