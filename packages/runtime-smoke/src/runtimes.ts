/**
 * One runner per runtime: each starts the runtime's binary from its npm package on the bundled
 * cases and returns what the cases reported. The local Visma Connect stays in this Node process.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, SmokeConfig } from './cases.js';

const require = createRequire(import.meta.url);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
/** Imports @visma-auth/core and /fetch by name, so each runtime resolves the built packages itself. */
const cli = join(dist, 'smoke-cli.mjs');
/** Deno may read the workspace (the linked packages), nothing else. */
const workspace = fileURLToPath(new URL('../../../', import.meta.url));
/** How long one runtime may take for every case, start-up included. */
const RUN_TIMEOUT_MS = 60_000;

/** A runtime we claim, and how to run the cases on it. */
export interface Runtime {
  name: string;
  version(): Promise<string>;
  run(config: SmokeConfig): Promise<CaseResult[]>;
}

function binary(pkg: string, path: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), path);
}

const bun = binary('@oven/bun-linux-x64', 'bin/bun');
const deno = binary('@deno/linux-x64-glibc', 'deno');
const workerd = binary('@cloudflare/workerd-linux-64', 'bin/workerd');

export const runtimes: Runtime[] = [
  {
    name: 'Node',
    version: async () => process.version,
    run: (config) => runCli(process.execPath, [cli, JSON.stringify(config)]),
  },
  {
    name: 'Bun',
    version: async () => `v${(await output(bun, ['--version'])).trim()}`,
    run: (config) => runCli(bun, [cli, JSON.stringify(config)]),
  },
  {
    name: 'Deno',
    version: async () => `v${(await output(deno, ['--version'])).split(/\s+/)[1]}`,
    // Only the loopback network and the workspace: the cases reach nothing else.
    run: (config) =>
      runCli(deno, [
        'run',
        '--no-prompt',
        '--allow-net=127.0.0.1',
        `--allow-read=${workspace}`,
        cli,
        JSON.stringify(config),
      ]),
  },
  {
    name: 'workerd',
    version: async () => (await output(workerd, ['--version'])).trim(),
    run: runWorkerd,
  },
];

function output(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: RUN_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

async function runCli(file: string, args: string[]): Promise<CaseResult[]> {
  const stdout = await output(file, args);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(line) as { results: CaseResult[] }).results;
}

/** Serves the bundled worker with workerd on a free loopback port and asks it to run the cases. */
async function runWorkerd(config: SmokeConfig): Promise<CaseResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'visma-auth-workerd-'));
  try {
    await copyFile(join(dist, 'smoke-worker.mjs'), join(dir, 'worker.mjs'));
    await writeFile(join(dir, 'config.capnp'), capnpConfig(JSON.stringify(config)));
    // core and fetch bundled into one module, as a Workers project would ship them, and no
    // nodejs_compat flag: they must run on the plain Workers runtime.
    const child = spawn(workerd, ['serve', 'config.capnp', '--control-fd=3'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await listeningPort(child);
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`workerd answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { results: CaseResult[] }).results;
    } finally {
      child.kill();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function capnpConfig(smokeConfig: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The cases talk to the local Visma Connect on 127.0.0.1, which workerd blocks by default.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "2026-11-01",
  bindings = [(name = "SMOKE_CONFIG", text = ${JSON.stringify(smokeConfig)})],
  globalOutbound = "loopback",
);
`;
}

/** Reads workerd's control channel until it reports the port its `http` socket listens on. */
function listeningPort(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    const control = child.stdio[3] as NodeJS.ReadableStream;
    let stderr = '';
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error('workerd did not start listening')),
      RUN_TIMEOUT_MS,
    );
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited with ${code}: ${stderr}`));
    });
    control.on('data', (chunk) => {
      buffered += String(chunk);
      for (const line of buffered.split('\n').slice(0, -1)) {
        const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (message.event === 'listen' && message.socket === 'http' && message.port) {
          clearTimeout(timer);
          resolve(message.port);
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
  });
}
