/**
 * Whether a request body can be sent a second time unchanged: none, string, URLSearchParams,
 * Blob, FormData, ArrayBuffer or a view of one; streams and async iterables cannot.
 */
export function isReplayableBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof FormData ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}
