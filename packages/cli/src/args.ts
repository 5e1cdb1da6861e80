/** Flag parsing on top of `node:util` `parseArgs`, turning its errors into usage errors (exit 2). */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command line that cannot be run as given; the CLI prints `message` and `usage` and exits 2. */
export class UsageError extends Error {
  /** The one-line usage of the command the user tried to run. */
  readonly usage: string;
  /** The command name, for the `--help` pointer. */
  readonly command: string | undefined;

  constructor(message: string, usage: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
    this.command = command;
  }
}

/** Options shared by `token` and `doctor`: where the client credentials and Visma Connect are. */
export const connectionOptions = {
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  scopes: { type: 'string' },
  'tenant-id': { type: 'string' },
  authority: { type: 'string' },
  environment: { type: 'string' },
  'token-url': { type: 'string' },
  'auth-method': { type: 'string' },
  dotenv: { type: 'string' },
  // Alias; Node 20 itself grabs a script's `--env-file` and exits 9 when the file is missing (nodejs/node#54232).
  'env-file': { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values of a command, keyed by long flag name. */
export type FlagValues = Record<string, string | boolean | undefined>;

/**
 * Parses `args` strictly against `options`: unknown flags, missing values and stray positionals
 * become a {@link UsageError} carrying `usage`.
 */
export function parseFlags(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
  command: string,
): FlagValues {
  try {
    const { values } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: false,
    });
    return values as FlagValues;
  } catch (error) {
    throw new UsageError(describeParseError(error), usage, command);
  }
}

function describeParseError(error: unknown): string {
  if (!(error instanceof Error)) return 'Invalid arguments.';
  // parseArgs messages go on to suggest `--` for values starting with a dash; keep the first sentence.
  const first = error.message.split(/\.\s/)[0] ?? error.message;
  return `${first.replace(/\.$/, '')}.`;
}

/** Reads a string flag, treating an empty value as absent. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads a boolean flag. */
export function booleanFlag(values: FlagValues, name: string): boolean {
  return values[name] === true;
}

/**
 * Reads a positive number of seconds from a flag and returns milliseconds.
 * @returns `fallbackMs` when the flag is absent.
 */
export function secondsFlag(
  values: FlagValues,
  name: string,
  fallbackMs: number,
  usage: string,
  command: string,
): number {
  const raw = stringFlag(values, name);
  if (raw === undefined) return fallbackMs;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(
      `--${name} must be a positive number of seconds, got "${raw}".`,
      usage,
      command,
    );
  }
  return Math.round(seconds * 1000);
}
