/** The streams and process facts a command may touch, injectable so tests run commands in-process. */

/** A writable text stream; `isTTY` decides colour and spinner. */
export interface CliWritable {
  /** Writes a chunk of text. */
  write(chunk: string): unknown;
  /** True for a terminal: only then are colour and the spinner used. */
  readonly isTTY?: boolean;
}

/** A readable stream for `--client-secret-stdin`; `setRawMode` allows a hidden prompt on a TTY. */
export interface CliReadable extends AsyncIterable<string | Uint8Array> {
  /** True for a terminal: the secret is then typed at a hidden prompt. */
  readonly isTTY?: boolean;
  /** Turns echo and line buffering off (TTY only). */
  setRawMode?(mode: boolean): unknown;
  /** Makes `data` events deliver strings. */
  setEncoding?(encoding: BufferEncoding): unknown;
  /** Subscribes to typed input (TTY prompt). */
  on?(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  /** Unsubscribes from typed input. */
  off?(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  /** Starts the flow of input. */
  resume?(): unknown;
  /** Stops the flow of input so the process can exit. */
  pause?(): unknown;
}

/** What {@link run} reads from and writes to instead of the `process` globals. */
export interface CliIo {
  /** Results: the human report, `--json` output or the `--raw` token. */
  stdout: CliWritable;
  /** Warnings, errors, usage and the spinner. */
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
