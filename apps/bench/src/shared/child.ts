/**
 * Child processes of the bench and the soak: TypeScript run through tsx, an IPC channel for
 * commands and results, and stdout/stderr captured line by line (the soak scans every line for
 * secrets). Every child is killed when the parent exits, also on failure.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface Child {
  readonly pid: number;
  readonly name: string;
  /** Every line the child wrote to stdout or stderr, in order. */
  readonly lines: string[];
  /** Sends a command and resolves with the child's answer carrying the same `id`. */
  ask<T>(command: Record<string, unknown>, timeoutMs: number): Promise<T>;
  /** Resolves with the first message of `type` (e.g. `ready`). */
  waitFor<T>(type: string, timeoutMs: number): Promise<T>;
  readonly exited: boolean;
  readonly exitCode: number | null;
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function startChild(
  script: string,
  options: { name: string; env?: Record<string, string>; exposeGc?: boolean; echo?: boolean },
): Child {
  const execArgv = ['--import', 'tsx'];
  if (options.exposeGc) execArgv.push('--expose-gc');
  const child = fork(script, [], {
    execArgv,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const exit = once(child, 'exit').finally(() => live.delete(child));
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (options.echo) console.error(`[${options.name}] ${line}`);
    });
  }
  const messages: { type?: string; id?: number }[] = [];
  const listeners = new Set<(m: { type?: string; id?: number }) => void>();
  child.on('message', (m: { type?: string; id?: number }) => {
    messages.push(m);
    for (const listener of listeners) listener(m);
  });
  const waitMessage = <T>(match: (m: { type?: string; id?: number }) => boolean, ms: number) =>
    new Promise<T>((resolve, reject) => {
      const found = messages.find(match);
      if (found) return resolve(found as T);
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`${options.name}: no answer within ${ms} ms`));
      }, ms);
      const listener = (m: { type?: string; id?: number }) => {
        if (!match(m)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(m as T);
      };
      listeners.add(listener);
      void exit.then(() => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`${options.name} exited (${child.exitCode ?? child.signalCode})`));
      });
    });
  let nextId = 0;
  return {
    pid: child.pid ?? -1,
    name: options.name,
    lines,
    ask<T>(command: Record<string, unknown>, timeoutMs: number) {
      const id = ++nextId;
      const answer = waitMessage<T>((m) => m.id === id, timeoutMs);
      child.send({ ...command, id });
      return answer;
    },
    waitFor: (type, timeoutMs) => waitMessage((m) => m.type === type, timeoutMs),
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    get exitCode() {
      return child.exitCode;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exit;
    },
  };
}

/** Answers the parent's commands in a child: `handler` gets each command, its result is sent back. */
export function serveCommands(
  handler: (command: Record<string, unknown> & { cmd: string }) => Promise<unknown> | unknown,
): void {
  process.on('message', async (command: Record<string, unknown> & { cmd: string; id: number }) => {
    try {
      const result = await handler(command);
      process.send?.({ id: command.id, ok: true, result });
    } catch (error) {
      process.send?.({ id: command.id, ok: false, error: String((error as Error).message) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** The result part of an answer from {@link serveCommands}, or a thrown error. */
export async function askResult<T>(
  child: Child,
  command: Record<string, unknown>,
  timeoutMs: number,
): Promise<T> {
  const answer = await child.ask<{ ok: boolean; result?: T; error?: string }>(command, timeoutMs);
  if (!answer.ok) throw new Error(`${child.name}: ${answer.error}`);
  return answer.result as T;
}
