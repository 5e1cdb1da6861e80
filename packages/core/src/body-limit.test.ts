import { describe, expect, it } from 'vitest';
import { describeBytes, ResponseTooLargeError, readCappedBody } from './body-limit.js';

function streamed(chunks: number, size: number, pulled: { count: number }): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.count += 1;
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
  return new Response(body);
}

describe('readCappedBody', () => {
  it('returns a body within the cap', async () => {
    const bytes = await readCappedBody(streamed(4, 10, { count: 0 }), 40);
    expect(bytes.byteLength).toBe(40);
  });

  it('stops pulling once past the cap', async () => {
    const pulled = { count: 0 };
    await expect(readCappedBody(streamed(1_000, 10, pulled), 25)).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    expect(pulled.count).toBeLessThan(6);
  });

  it('trusts a Content-Length above the cap without reading', async () => {
    const pulled = { count: 0 };
    const response = streamed(1, 10, pulled);
    const declared = new Response(response.body, { headers: { 'content-length': '999' } });
    await expect(readCappedBody(declared, 100)).rejects.toThrow('larger than 100 bytes');
  });

  it('names sizes in MiB and KiB', () => {
    expect(describeBytes(1024 * 1024)).toBe('1 MiB');
    expect(describeBytes(64 * 1024)).toBe('64 KiB');
  });
});

describe('readCappedBody without a stream', () => {
  it('reads a Response-like object through arrayBuffer, within the cap', async () => {
    const like = (size: number) =>
      ({
        body: null,
        headers: new Headers(),
        arrayBuffer: async () => new ArrayBuffer(size),
      }) as unknown as Response;
    expect((await readCappedBody(like(10), 10)).byteLength).toBe(10);
    await expect(readCappedBody(like(11), 10)).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});
