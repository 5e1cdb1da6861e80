/**
 * Whether a dispatch body can be sent a second time: none, a string or bytes. Streams and
 * (async) iterables, which is what `fetch` hands the dispatcher, are read once.
 */
export function isReplayableBody(body: unknown): boolean {
  return (
    body == null ||
    typeof body === 'string' ||
    ArrayBuffer.isView(body) ||
    body instanceof ArrayBuffer
  );
}
