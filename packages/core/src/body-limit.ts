/**
 * Response bodies from Visma Connect are read with a byte cap: a token, error or discovery body
 * is a few hundred bytes, and one of hundreds of megabytes (a broken gateway, a hostile test
 * double) must not be buffered whole.
 */

/** The largest token, error or discovery response body read, 1 MiB; past it the body is cancelled. */
export const MAX_RESPONSE_BODY_BYTES = 1024 * 1024;

/** Thrown by {@link readCappedBody} when a body passes its cap; callers map it to their error. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response body is larger than ${describeBytes(maxBytes)}`);
    this.name = 'ResponseTooLargeError';
  }
}

/** `1 MiB`, `512 KiB` or `N bytes`, for messages. */
export function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Reads `response`'s body up to `maxBytes`; past it (or when `Content-Length` already says so)
 * the stream is cancelled, which closes the connection, and {@link ResponseTooLargeError} thrown.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const body = response.body;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(maxBytes);
  }
  if (body === null || body === undefined) {
    // A fetch-compatible transport may hand back a Response-like object without a stream.
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.byteLength > maxBytes) throw new ResponseTooLargeError(maxBytes);
    return whole;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads `response`'s body up to `maxBytes` as text. */
export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readCappedBody(response, maxBytes));
}

/**
 * A copy of a 200 `response` whose body was read up to `maxBytes`, for oauth4webapi to parse
 * (it reads bodies whole).
 */
export async function withCappedBody(response: Response, maxBytes: number): Promise<Response> {
  const bytes = await readCappedBody(response, maxBytes);
  return new Response(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
