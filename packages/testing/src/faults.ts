import type { Reply } from './http.js';
import type { TokenFault } from './types.js';

/** The scripted queue of faults for the next token responses. */
export class FaultQueue {
  private queue: TokenFault[] = [];

  push(faults: TokenFault[]): void {
    for (const fault of faults) {
      const { delayMs, status } = fault;
      if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) {
        throw new TypeError('TokenFault.delayMs must be a finite number of ms, 0 or more.');
      }
      if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
        throw new TypeError('TokenFault.status must be an HTTP status from 200 to 599.');
      }
      this.queue.push({ ...fault });
    }
  }

  /** Removes and returns the next fault, if any. */
  take(): TokenFault | undefined {
    return this.queue.shift();
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}

/** Whether the fault only delays the real response instead of replacing it. */
export function isDelayOnly(fault: TokenFault): boolean {
  return fault.status === undefined && fault.headers === undefined && fault.body === undefined;
}

/** The response a replacing fault sends; without a body, an OAuth error matching the status. */
export function faultReply(fault: TokenFault): Reply {
  const status = fault.status ?? 500;
  const body = fault.body ?? {
    error: defaultError(status),
    error_description: `Injected fault: HTTP ${status}.`,
  };
  return { status, headers: { 'cache-control': 'no-store', ...fault.headers }, body };
}

function defaultError(status: number): string {
  if (status === 401) return 'invalid_client';
  if (status === 503 || status === 429) return 'temporarily_unavailable';
  return status >= 500 ? 'server_error' : 'invalid_request';
}

/**
 * Waits `ms` (or forever when `ms` is undefined) unless `signal` aborts first.
 * @returns true when the full time passed, false when aborted.
 */
export function wait(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(done, ms, true);
    const onAbort = () => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    function done(full: boolean) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(full);
    }
  });
}
