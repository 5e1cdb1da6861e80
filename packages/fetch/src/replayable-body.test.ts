import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isReplayableBody } from './replayable-body.js';

describe('isReplayableBody', () => {
  it.each([
    ['none', undefined],
    ['null', null],
    ['string', '{"a":1}'],
    ['URLSearchParams', new URLSearchParams({ a: '1' })],
    ['Blob', new Blob(['x'])],
    ['FormData', new FormData()],
    ['ArrayBuffer', new ArrayBuffer(4)],
    ['Uint8Array', new Uint8Array(4)],
  ])('accepts %s', (_name, body) => {
    expect(isReplayableBody(body)).toBe(true);
  });

  it.each([
    ['ReadableStream', new ReadableStream()],
    ['Node stream', Readable.from(['x'])],
    [
      'async iterable',
      (async function* () {
        yield 'x';
      })(),
    ],
  ])('rejects %s', (_name, body) => {
    expect(isReplayableBody(body)).toBe(false);
  });
});
