import type { Dispatcher } from 'undici';

type ResponseHeaders = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];
type ResponseChunk = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>[1];
type ResponseTrailers = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1];

/** Hands the held-back 401 to the caller, for when no retry will be made. */
export type DeliverRejection = () => void;

/**
 * Wraps the caller's handler so a 401 from the origin that got the token is held back and
 * `retry` runs once instead; any other response, and a 401 after a redirect, pass through.
 * `retry` gets a function that hands the held-back 401 to the caller when it decides not to retry.
 */
export class UnauthorizedRetryHandler implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler;
  #retry: ((deliver: DeliverRejection) => void) | undefined;
  #redirected = false;
  #swallowing = false;
  #held:
    | {
        statusCode: number;
        headers: ResponseHeaders;
        statusMessage?: string | undefined;
        chunks: ResponseChunk[];
      }
    | undefined;

  constructor(handler: Dispatcher.DispatchHandler, retry: (deliver: DeliverRejection) => void) {
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
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2],
    statusMessage?: string,
  ): void {
    if (statusCode === 401 && this.#retry !== undefined && !this.#redirected) {
      this.#swallowing = true;
      this.#held = { statusCode, headers, statusMessage, chunks: [] };
      return;
    }
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(
    controller: Dispatcher.DispatchController,
    chunk: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>[1],
  ): void {
    // The rejected response's body is read to its end so the connection can be reused, and
    // kept in case the 401 becomes the answer after all.
    if (!this.#swallowing) this.#handler.onResponseData?.(controller, chunk);
    else this.#held?.chunks.push(chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1],
  ): void {
    const retry = this.#retry;
    if (this.#swallowing && retry !== undefined) {
      this.#retry = undefined;
      retry(() => this.#deliverHeld(controller, trailers));
      return;
    }
    this.#handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#handler.onResponseError?.(controller, error);
  }

  #deliverHeld(controller: Dispatcher.DispatchController, trailers: ResponseTrailers): void {
    const held = this.#held;
    this.#held = undefined;
    if (held === undefined) return;
    this.#handler.onResponseStart?.(controller, held.statusCode, held.headers, held.statusMessage);
    for (const chunk of held.chunks) this.#handler.onResponseData?.(controller, chunk);
    this.#handler.onResponseEnd?.(controller, trailers);
  }
}
