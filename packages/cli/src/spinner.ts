/** A one-line spinner on stderr while waiting on the network, drawn only on a TTY. */
import type { CliWritable } from './io.js';

/** A running spinner; `stop` erases it. */
export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const NOOP: Spinner = { update() {}, stop() {} };

/** Starts a spinner with `text` on `stream`; a no-op unless `stream` is a TTY and `enabled`. */
export function startSpinner(stream: CliWritable, text: string, enabled = true): Spinner {
  if (!enabled || stream.isTTY !== true) return NOOP;
  let frame = 0;
  let label = text;
  const draw = (): void => {
    stream.write(`\r\x1b[2K${FRAMES[frame % FRAMES.length]} ${label}`);
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, 80);
  // The spinner must never keep the process alive on its own.
  timer.unref();
  let stopped = false;
  return {
    update(next) {
      label = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}

/** Runs `task` with a spinner showing `text`, and erases the spinner when it settles. */
export async function withSpinner<T>(
  stream: CliWritable,
  text: string,
  task: () => Promise<T>,
  enabled = true,
): Promise<T> {
  const spinner = startSpinner(stream, text, enabled);
  try {
    return await task();
  } finally {
    spinner.stop();
  }
}
