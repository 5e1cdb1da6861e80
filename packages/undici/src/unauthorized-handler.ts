import type { Dispatcher } from 'undici';
import { endWithError } from './end-with-error.js';

type ResponseHeaders = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];
type ResponseChunk = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>[1];
type ResponseTrailers = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1];

/** Hands the held-back 401 to the caller, for when no retry will be made. */
export type DeliverRejection = () => void;

/** What a retry handler does with a held 401 once it has ended. */
export interface RejectionRetry {
  /** Runs at most once: sends the request again to `handler`, or hands the 401 over with `deliver`. */
  run(handler: Dispatcher.DispatchHandler, deliver: DeliverRejection): void;
}

/**
 * The most of a 401's body held back while the token is renewed: an API's 401 body is a short
 * error document, and a larger one is handed to the caller as it arrives, without a retry.
 */
export const MAX_HELD_BODY_BYTES = 64 * 1024;

/**
 * Wraps the caller's handler so a 401 from the origin that got the token is held back and
 * its {@link RejectionRetry} runs once instead; any other response, a 401 after a redirect and a
 * 401 whose body passes {@link MAX_HELD_BODY_BYTES} pass through.
 */
export class UnauthorizedRetryHandler implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler;
  // An object holds what the retry needs, instead of a closure per request.
  readonly #retry: RejectionRetry;
  #canRetry = true;
  #redirected = false;
  #held:
    | {
        statusCode: number;
        headers: ResponseHeaders;
        statusMessage?: string | undefined;
        chunks: ResponseChunk[];
        bytes: number;
      }
    | undefined;

  constructor(handler: Dispatcher.DispatchHandler, retry: RejectionRetry) {
    this.#handler = handler;
    this.#retry = retry;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    // undici's redirect interceptor, composed inside this one, reports the hops it followed:
    // a 401 from a redirect target says nothing about the token this origin was sent.
    const history = (context as { history?: unknown[] } | undefined)?.history;
    this.#redirected = Array.isArray(history) && history.length > 0;
    this.#handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[2],
    socket: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[3],
  ): void {
    this.#handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: ResponseHeaders,
    statusMessage?: string,
  ): void {
    if (
      statusCode === 401 &&
      this.#canRetry &&
      !this.#redirected &&
      !(declaredLength(headers) > MAX_HELD_BODY_BYTES)
    ) {
      this.#held = { statusCode, headers, statusMessage, chunks: [], bytes: 0 };
      return;
    }
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: ResponseChunk): void {
    const held = this.#held;
    if (held === undefined) {
      this.#handler.onResponseData?.(controller, chunk);
      return;
    }
    // The rejected response's body is read to its end so the connection can be reused, and
    // kept in case the 401 becomes the answer after all, up to the cap: past it the retry is
    // given up and the 401 streams through, so a huge body is never held in memory.
    held.chunks.push(chunk);
    held.bytes += chunk.length;
    if (held.bytes > MAX_HELD_BODY_BYTES) {
      this.#canRetry = false;
      this.#release(controller);
    }
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: ResponseTrailers): void {
    if (this.#held !== undefined && this.#canRetry) {
      this.#canRetry = false;
      this.#retry.run(this.#handler, () => this.#deliverHeld(controller, trailers));
      return;
    }
    this.#handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#canRetry = false;
    this.#held = undefined;
    this.#handler.onResponseError?.(controller, error);
  }

  /** Hands what is held to the caller's handler; runs inside undici's own call, which catches. */
  #release(controller: Dispatcher.DispatchController): void {
    const held = this.#held;
    this.#held = undefined;
    if (held === undefined) return;
    this.#handler.onResponseStart?.(controller, held.statusCode, held.headers, held.statusMessage);
    for (const chunk of held.chunks) this.#handler.onResponseData?.(controller, chunk);
  }

  /**
   * Hands the held 401 to the caller after the renewal decided against a retry: that runs in a
   * promise callback, outside undici's request, so what the caller's handler throws (a
   * `stream()` factory refusing a 401) ends the request through its `onResponseError`, once, as
   * undici's own request does, instead of becoming an unhandled rejection.
   */
  #deliverHeld(controller: Dispatcher.DispatchController, trailers: ResponseTrailers): void {
    try {
      this.#release(controller);
    } catch (error) {
      endWithError(this.#handler, controller, error);
      return;
    }
    try {
      this.#handler.onResponseEnd?.(controller, trailers);
    } catch (error) {
      endWithError(this.#handler, controller, error);
    }
  }
}

/** The response's `content-length`, or NaN when it has none or an unreadable one. */
function declaredLength(headers: ResponseHeaders): number {
  const value = (headers as Record<string, string | string[] | undefined> | undefined)?.[
    'content-length'
  ];
  return Number(Array.isArray(value) ? value[0] : (value ?? Number.NaN));
}
