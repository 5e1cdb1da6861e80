import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { endWithError } from './end-with-error.js';
import { type DeliverRejection, MAX_HELD_BODY_BYTES } from './unauthorized-handler.js';

/** The handler methods of undici 7's older API that its `WrapHandler` passes straight through. */
export interface LegacyDispatchHandler {
  onConnect?(abort: (reason?: Error) => void, context?: unknown): void;
  onResponseStarted?(): void;
  onHeaders?(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean;
  onUpgrade?(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: string[] | Buffer[] | null): void;
  onError?(error: Error): void;
}

/**
 * Whether `handler` is undici 7's `WrapHandler`, which undici 7's `compose` hands an interceptor
 * for every `request()`, `stream()` or `fetch()` call: it speaks both handler APIs, passes what it
 * gets through the older one to the caller unconverted, and only undici 7 (which still takes the
 * older API below) makes it. A handler this misses (renamed by a minifier, say) gets the newer
 * API: slower, never wrong.
 */
export function isUndici7WrapHandler(
  handler: Dispatcher.DispatchHandler,
): handler is Dispatcher.DispatchHandler & LegacyDispatchHandler {
  return (
    handler.constructor?.name === 'WrapHandler' &&
    typeof handler.onRequestStart === 'function' &&
    typeof (handler as LegacyDispatchHandler).onHeaders === 'function'
  );
}

/**
 * {@link UnauthorizedRetryHandler} in undici 7's older handler API, for a caller whose handler
 * speaks both: undici 7 converts the response headers between the two APIs on every hop that
 * changes API (an object parsed from the raw list, then a raw list of new Buffers), about 4 µs a
 * call, and a handler that stays in the older API from the socket to the caller skips both.
 * Holding back a 401 and `retry` work as in the newer API's class.
 */
export abstract class LegacyUnauthorizedRetryHandler {
  readonly #handler: Dispatcher.DispatchHandler & LegacyDispatchHandler;
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

  constructor(handler: Dispatcher.DispatchHandler & LegacyDispatchHandler) {
    this.#handler = handler;
  }

  /** The caller's handler, which a retry sends to and errors go to. */
  protected get handler(): Dispatcher.DispatchHandler {
    return this.#handler;
  }

  /** Runs at most once, when a held 401 has ended: retry, or hand the 401 over with `deliver`. */
  protected abstract retry(deliver: DeliverRejection): void;

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    // undici's redirect interceptor, composed inside this one, reports the hops it followed.
    const history = (context as { history?: unknown[] } | undefined)?.history;
    this.#redirected = Array.isArray(history) && history.length > 0;
    this.#handler.onConnect?.(abort, context);
  }

  onResponseStarted(): void {
    this.#handler.onResponseStarted?.();
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void {
    this.#handler.onUpgrade?.(statusCode, rawHeaders, socket);
  }

  onHeaders(
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
    return this.#handler.onHeaders?.(statusCode, rawHeaders, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    const held = this.#held;
    if (held === undefined) return this.#handler.onData?.(chunk) ?? true;
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

  onComplete(trailers: string[] | Buffer[] | null): void {
    if (this.#held !== undefined && this.#canRetry) {
      this.#canRetry = false;
      this.retry(() => this.#deliverHeld(trailers));
      return;
    }
    this.#handler.onComplete?.(trailers);
  }

  onError(error: Error): void {
    this.#canRetry = false;
    this.#held = undefined;
    this.#handler.onError?.(error);
  }

  /** Hands what is held to the caller's handler; returns `false` when the caller asks to pause. */
  #release(): boolean {
    const held = this.#held;
    this.#held = undefined;
    if (held === undefined) return true;
    const handler = this.#handler;
    let more =
      handler.onHeaders?.(held.statusCode, held.rawHeaders, held.resume, held.statusText) ?? true;
    for (const chunk of held.chunks) more = handler.onData?.(chunk) ?? true;
    return more;
  }

  /** Hands the held 401 over from a promise callback, ending at `onError` if the caller throws. */
  #deliverHeld(trailers: string[] | Buffer[] | null): void {
    try {
      this.#release();
      this.#handler.onComplete?.(trailers);
    } catch (error) {
      endWithError(this.#handler, null, error);
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
