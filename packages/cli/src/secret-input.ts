/** Reads the client secret from stdin: piped (first line) or typed at a hidden prompt on a TTY. */
import type { CliReadable, CliWritable } from './io.js';

/** Upper bound on what is read from a pipe, so a wrong redirect cannot exhaust memory. */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * Returns the secret from `stdin`, without a trailing newline; on a TTY it prompts on `stderr`
 * and does not echo what is typed.
 * @returns an empty string when nothing was given.
 */
export async function readSecret(
  stdin: CliReadable,
  stderr: CliWritable,
  signal?: AbortSignal,
): Promise<string> {
  if (stdin.isTTY && typeof stdin.setRawMode === 'function' && stdin.on && stdin.off) {
    return promptHidden(stdin, stderr, signal);
  }
  return readFirstLine(stdin);
}

async function readFirstLine(stdin: CliReadable): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of stdin) {
    const piece = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    text += piece;
    if (text.includes('\n') || bytes > MAX_STDIN_BYTES) break;
  }
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function promptHidden(
  stdin: CliReadable,
  stderr: CliWritable,
  signal?: AbortSignal,
): Promise<string> {
  const on = stdin.on?.bind(stdin);
  const off = stdin.off?.bind(stdin);
  return new Promise<string>((resolve, reject) => {
    let secret = '';
    const finish = (error?: Error): void => {
      off?.('data', onData);
      signal?.removeEventListener('abort', onAbort);
      stdin.setRawMode?.(false);
      stdin.pause?.();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(secret.trim());
    };
    const onAbort = (): void => finish(new Error('Cancelled while reading the client secret.'));
    const onData = (chunk: string | Uint8Array): void => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const char of text) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          return;
        }
        if (char === '\u0003') {
          finish(new Error('Cancelled while reading the client secret.'));
          return;
        }
        if (char === '\u007f' || char === '\b') secret = secret.slice(0, -1);
        else if (secret.length < MAX_STDIN_BYTES) secret += char;
      }
    };
    stderr.write('Client secret (input hidden): ');
    stdin.setRawMode?.(true);
    stdin.setEncoding?.('utf8');
    signal?.addEventListener('abort', onAbort, { once: true });
    on?.('data', onData);
    stdin.resume?.();
  });
}
