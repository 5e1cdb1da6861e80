import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';

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
 * Hands undici 7's `WrapHandler` on in the older handler API it also speaks, so the response
 * reaches the caller as undici read it: given the `WrapHandler` itself, the dispatcher below
 * would parse the raw headers into an object and the `WrapHandler` would rebuild them as a list
 * of new Buffers, about 4 µs and 2 kB a call.
 */
export class LegacyPassThrough implements LegacyDispatchHandler {
  /** The caller's handler, as compose wrapped it. */
  protected readonly downstream: Dispatcher.DispatchHandler & LegacyDispatchHandler;

  constructor(handler: Dispatcher.DispatchHandler & LegacyDispatchHandler) {
    this.downstream = handler;
  }

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    this.downstream.onConnect?.(abort, context);
  }

  onResponseStarted(): void {
    this.downstream.onResponseStarted?.();
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, socket: Duplex): void {
    this.downstream.onUpgrade?.(statusCode, rawHeaders, socket);
  }

  onHeaders(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean {
    return this.downstream.onHeaders?.(statusCode, rawHeaders, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    return this.downstream.onData?.(chunk) ?? true;
  }

  onComplete(trailers: string[] | Buffer[] | null): void {
    this.downstream.onComplete?.(trailers);
  }

  onError(error: Error): void {
    this.downstream.onError?.(error);
  }
}

/**
 * The handler to give the next dispatcher for `handler`: a {@link LegacyPassThrough} for undici
 * 7's `WrapHandler`, any other handler as it is.
 */
export function passOn(handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
  return isUndici7WrapHandler(handler)
    ? (new LegacyPassThrough(handler) as Dispatcher.DispatchHandler)
    : handler;
}
