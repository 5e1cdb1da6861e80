import type { Dispatcher } from 'undici';

/**
 * Wraps the caller's handler so a 401 from the origin that got the token is swallowed and
 * `retry` runs once instead; any other response, and a 401 after a redirect, pass through.
 */
export class UnauthorizedRetryHandler implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler;
  #retry: (() => void) | undefined;
  #redirected = false;
  #swallowing = false;

  constructor(handler: Dispatcher.DispatchHandler, retry: () => void) {
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
      return;
    }
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(
    controller: Dispatcher.DispatchController,
    chunk: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>[1],
  ): void {
    // The rejected response's body is read to its end so the connection can be reused.
    if (!this.#swallowing) this.#handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1],
  ): void {
    const retry = this.#retry;
    if (this.#swallowing && retry !== undefined) {
      this.#retry = undefined;
      retry();
      return;
    }
    this.#handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#handler.onResponseError?.(controller, error);
  }
}
