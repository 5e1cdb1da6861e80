/** In-memory streams for unit tests of commands run in-process. */
import type { CliIo, CliWritable } from './io.js';

/** A writable that keeps what was written; `isTTY` is configurable. */
export interface MemoryWritable extends CliWritable {
  readonly text: string;
}

/** Creates a {@link MemoryWritable}. */
export function memoryStream(isTTY = false): MemoryWritable {
  let text = '';
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

/** An {@link CliIo} with memory streams and an empty environment. */
export function memoryIo(overrides: Partial<CliIo> = {}): CliIo & {
  stdout: MemoryWritable;
  stderr: MemoryWritable;
} {
  return {
    stdout: memoryStream(),
    stderr: memoryStream(),
    env: {},
    cwd: '/nonexistent',
    ...overrides,
  } as CliIo & {
    stdout: MemoryWritable;
    stderr: MemoryWritable;
  };
}
