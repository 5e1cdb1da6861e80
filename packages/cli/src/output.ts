/** Terminal output: colour only on a TTY with NO_COLOR unset, status marks, and JSON. */
import { styleText } from 'node:util';
import type { CliWritable } from './io.js';

/** Outcome of one doctor step or of a command. */
export type Status = 'pass' | 'fail' | 'warn' | 'skip';

/** Colours text for one stream, or leaves it plain. */
export interface Styler {
  readonly color: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Whether to colour `stream`: a TTY, and NO_COLOR unset or empty (https://no-color.org). */
export function useColor(
  stream: CliWritable,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Creates a {@link Styler} for `stream`. */
export function createStyler(
  stream: CliWritable,
  env: Readonly<Record<string, string | undefined>>,
): Styler {
  const color = useColor(stream, env);
  const paint =
    (format: Parameters<typeof styleText>[0]) =>
    (text: string): string =>
      // We decided on colour for this stream above; styleText would only look at process.stdout.
      color ? styleText(format, text, { validateStream: false }) : text;
  return {
    color,
    green: paint('green'),
    red: paint('red'),
    yellow: paint('yellow'),
    dim: paint('dim'),
    bold: paint('bold'),
  };
}

const MARKS: Record<Status, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };

/** The coloured mark of a status: ✓ ✗ ! or -. */
export function mark(status: Status, style: Styler): string {
  const text = MARKS[status];
  if (status === 'pass') return style.green(text);
  if (status === 'fail') return style.red(text);
  if (status === 'warn') return style.yellow(text);
  return style.dim(text);
}

/** Writes one line. */
export function writeLine(stream: CliWritable, line = ''): void {
  stream.write(`${line}\n`);
}

/** Writes `value` as pretty JSON followed by a newline. */
export function writeJson(stream: CliWritable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligns `label: value` rows in a two-column block with the given indent. */
export function formatRows(
  rows: ReadonlyArray<readonly [string, string]>,
  indent = '  ',
): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}
