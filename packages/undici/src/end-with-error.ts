import type { Dispatcher } from 'undici';
import type { LegacyDispatchHandler } from './legacy-pass-through.js';

/**
 * Ends a request at the handler with `error` from outside undici's own call stack (a promise
 * callback, or a dispatch that threw), as undici's request does when a handler throws; a handler
 * in undici 7's older API gets it through `onError`.
 */
export function endWithError(
  handler: Dispatcher.DispatchHandler | LegacyDispatchHandler,
  controller: Dispatcher.DispatchController | null,
  error: unknown,
): void {
  try {
    if ('onResponseError' in handler && typeof handler.onResponseError === 'function') {
      handler.onResponseError(controller as Dispatcher.DispatchController, toError(error));
    } else {
      (handler as LegacyDispatchHandler).onError?.(toError(error));
    }
  } catch {
    // The request is over and the handler failed to take its error: nothing is left to tell,
    // and a throw here would only become an unhandled rejection that ends the process.
  }
}

/** An `Error` for what was thrown, as the handler API expects. */
export function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(String(error));
}
