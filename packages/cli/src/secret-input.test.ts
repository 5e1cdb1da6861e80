import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CliReadable } from './io.js';
import { readSecret } from './secret-input.js';
import { memoryStream } from './test-io.js';

/** A fake TTY stdin that types `keys` once the prompt listens. */
function fakeTty(keys: string): CliReadable & { rawModes: boolean[] } {
  const emitter = new EventEmitter();
  const rawModes: boolean[] = [];
  return {
    isTTY: true,
    rawModes,
    setRawMode(mode: boolean) {
      rawModes.push(mode);
    },
    setEncoding() {},
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    resume() {
      setImmediate(() => emitter.emit('data', keys));
    },
    pause() {},
    async *[Symbol.asyncIterator]() {},
  };
}

describe('readSecret on a TTY', () => {
  it('prompts on stderr, does not echo, handles backspace, and restores the terminal', async () => {
    const stdin = fakeTty('sekrx\u007ft\r');
    const stderr = memoryStream(true);
    expect(await readSecret(stdin, stderr)).toBe('sekrt');
    expect(stderr.text).toBe('Client secret (input hidden): \n');
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it('rejects on Ctrl+C', async () => {
    await expect(readSecret(fakeTty('ab\u0003'), memoryStream(true))).rejects.toThrow(/Cancelled/);
  });
});
