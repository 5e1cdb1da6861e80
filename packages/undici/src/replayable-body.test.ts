import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isReplayableBody } from './replayable-body.js';

describe('isReplayableBody', () => {
  it('accepts no body, strings and bytes', () => {
    for (const body of [undefined, null, '{"a":1}', Buffer.from('x'), new Uint8Array(1)]) {
      expect(isReplayableBody(body)).toBe(true);
    }
  });

  it('refuses streams and iterables, which are read once', () => {
    async function* chunks() {
      yield 'x';
    }
    for (const body of [Readable.from(['x']), chunks(), new ReadableStream()]) {
      expect(isReplayableBody(body)).toBe(false);
    }
  });
});
