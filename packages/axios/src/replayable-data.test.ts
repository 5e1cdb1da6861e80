import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isReplayableData } from './replayable-data.js';

describe('isReplayableData', () => {
  it.each([
    undefined,
    null,
    '{"a":1}',
    Buffer.from('x'),
    new ArrayBuffer(2),
    new URLSearchParams('a=1'),
    new Blob(['x']),
    new FormData(),
    { a: 1 },
    [1, 2],
  ])('accepts %o', (data) => {
    expect(isReplayableData(data)).toBe(true);
  });

  it.each([Readable.from(['x']), new ReadableStream()])('rejects streams (%o)', (data) => {
    expect(isReplayableData(data)).toBe(false);
  });
});
