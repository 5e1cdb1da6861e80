/** Dispatches `visma-auth <command>` and maps failures to exit codes (2 for usage errors). */
import pkg from '../package.json' with { type: 'json' };
import { UsageError } from './args.js';
import { DOCTOR_HELP, doctorCommand } from './commands/doctor.js';
import { MOCK_HELP, mockCommand } from './commands/mock.js';
import { TOKEN_HELP, tokenCommand } from './commands/token.js';
import { MAIN_HELP, MAIN_USAGE } from './help.js';
import { type CliIo, EXIT, type ExitCode } from './io.js';
import { createStyler, mark, writeLine } from './output.js';

/** The version of this package, printed by `--version`. */
export const VERSION: string = pkg.version;

type Command = (args: readonly string[], io: CliIo) => Promise<ExitCode>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  token: { run: tokenCommand, help: TOKEN_HELP },
  doctor: { run: doctorCommand, help: DOCTOR_HELP },
  mock: { run: mockCommand, help: MOCK_HELP },
};

/**
 * Runs the CLI with `argv` (the arguments after `visma-auth`) against `io`, never calling
 * `process.exit`.
 * @returns the exit code: 0 ok, 1 a request or check failed, 2 usage error.
 * @example
 * ```ts
 * const code = await run(['token', '--raw'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) throw new UsageError('Missing a command.', MAIN_USAGE);
    if (first === '--help' || first === '-h') {
      writeLine(io.stdout, MAIN_HELP);
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      writeLine(io.stdout, VERSION);
      return EXIT.ok;
    }
    if (first === 'help') return help(rest[0], io);
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) {
      const what = first.startsWith('-') ? `Unknown option ${first}` : `Unknown command "${first}"`;
      throw new UsageError(`${what}.`, MAIN_USAGE);
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function help(topic: string | undefined, io: CliIo): ExitCode {
  if (topic === undefined) {
    writeLine(io.stdout, MAIN_HELP);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
  if (!command) return reportError(new UsageError(`Unknown command "${topic}".`, MAIN_USAGE), io);
  writeLine(io.stdout, command.help);
  return EXIT.ok;
}

function reportError(error: unknown, io: CliIo): ExitCode {
  const style = createStyler(io.stderr, io.env ?? process.env);
  if (error instanceof UsageError) {
    writeLine(io.stderr, `${style.red('error:')} ${error.message}`);
    writeLine(io.stderr, `usage: ${error.usage}`);
    writeLine(
      io.stderr,
      style.dim(`Run 'visma-auth ${error.command ? `${error.command} ` : ''}--help' for details.`),
    );
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `${mark('fail', style)} ${message}`);
  return EXIT.failed;
}
