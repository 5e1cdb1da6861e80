/** Runs the built `visma-auth` bin as a child process, bounded in time, for the integration tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built bin, as users get it. */
export const BIN = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

if (!existsSync(BIN)) {
  throw new Error(
    `${BIN} is missing: build the package first (pnpm turbo run build --filter=@visma-auth/cli).`,
  );
}

/** What a finished run printed and how it exited. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  /** Extra environment; the child gets only PATH plus these, so no VISMA_* leaks in. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

/** A fresh empty directory, so no stray `.env` is picked up. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'visma-auth-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** Starts the bin with `args` and returns the child, tracked so {@link killAll} can end it. */
export function spawnCli(args: readonly string[], options: RunOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tempDir(),
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs the bin to completion (killed after `timeoutMs`, default 10 s). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  return collect(child, options.input, options.timeoutMs ?? 10_000);
}

/** Collects a child's output until it exits, killing it after `timeoutMs`. */
export function collect(
  child: ChildProcess,
  input: string | undefined,
  timeoutMs: number,
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `visma-auth did not exit within ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Reads stdout until the first full line, bounded by `timeoutMs`. */
export function firstLine(child: ChildProcess, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`No output within ${timeoutMs} ms: ${buffer}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end === -1) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(buffer.slice(0, end));
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`visma-auth exited with ${code} before printing a line: ${buffer}`));
    });
  });
}

/** Kills every child still running and removes temp directories; call in `afterEach`. */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Matches anything shaped like a JWT, to prove no token was printed. */
export const JWT_PATTERN = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
