/** The streams and process facts a command may touch, injectable so tests run commands in-process. */

/** A writable text stream; `isTTY` decides colour and spinner. */
export interface CliWritable {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** A readable stream for `--client-secret-stdin`; `setRawMode` allows a hidden prompt on a TTY. */
export interface CliReadable extends AsyncIterable<string | Uint8Array> {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding?(encoding: BufferEncoding): unknown;
  on?(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  off?(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
}

/** What {@link run} reads from and writes to instead of the `process` globals. */
export interface CliIo {
  stdout: CliWritable;
  stderr: CliWritable;
  /** Read only with `--client-secret-stdin`; defaults to `process.stdin`. */
  stdin?: CliReadable;
  /** Environment variables; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory in which `.env` is looked up; defaults to `process.cwd()`. */
  cwd?: string;
  /** Aborted on SIGINT/SIGTERM: cancels network waits and stops `mock`. */
  signal?: AbortSignal;
  /** HTTP client for the doctor's own requests (discovery, `--api`); defaults to global `fetch`. */
  fetch?: typeof fetch;
  /** Current time in epoch ms; defaults to `Date.now`. */
  now?: () => number;
}

/** Exit status of a command: 0 ok, 1 a check or request failed, 2 usage error. */
export type ExitCode = 0 | 1 | 2;

/** The exit codes by name, for readability at call sites. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const satisfies Record<string, ExitCode>;
