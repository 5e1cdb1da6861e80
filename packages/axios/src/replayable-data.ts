/**
 * Whether axios can send `config.data` a second time unchanged: none, string, Buffer and other
 * ArrayBuffer views, ArrayBuffer, URLSearchParams, Blob or FormData; streams cannot.
 */
export function isReplayableData(data: unknown): boolean {
  return (
    data === undefined ||
    data === null ||
    typeof data === 'string' ||
    data instanceof ArrayBuffer ||
    ArrayBuffer.isView(data) ||
    data instanceof URLSearchParams ||
    data instanceof Blob ||
    data instanceof FormData ||
    // axios serialises plain objects and arrays to JSON on every send.
    isPlainObjectOrArray(data)
  );
}

function isPlainObjectOrArray(data: unknown): boolean {
  if (Array.isArray(data)) return true;
  if (typeof data !== 'object' || data === null) return false;
  const proto = Object.getPrototypeOf(data);
  return proto === Object.prototype || proto === null;
}
