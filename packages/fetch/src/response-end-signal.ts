/** What {@link responseEndSignal} needs of a Node.js `ServerResponse`. */
export interface ResponseLike {
  readonly closed?: boolean;
  /** `end()` was called: the reply is sent, whatever the connection does next. */
  readonly writableEnded?: boolean;
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
  /** Preferred over `once` when present: a response closes once, and `once` wraps each listener. */
  on?(event: 'close', listener: () => void): unknown;
}

/**
 * A `signalOf` for a request scope's `forRequest` on Node.js servers: made on first use,
 * it aborts when the connection closes before the response was sent (the client went away).
 */
export function responseEndSignal(res: ResponseLike): () => AbortSignal {
  let ended: AbortController | undefined;
  return () => {
    if (ended !== undefined) return ended.signal;
    const controller = new AbortController();
    ended = controller;
    // A reply already ended is no client going away: Fastify's `inject` closes before
    // `writableFinished` is set, and an abort there would cost an Error and an abort event.
    const abort = () => {
      if (!res.writableFinished && res.writableEnded !== true) {
        controller.abort(new Error('The client closed the request.'));
      }
    };
    if (res.closed === true) abort();
    // `on`, not `once`: a response emits 'close' once, and `once` binds a wrapper per request.
    else if (typeof res.on === 'function') res.on('close', abort);
    else res.once('close', abort);
    return controller.signal;
  };
}
