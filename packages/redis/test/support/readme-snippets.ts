import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** One ```ts block of the README's Usage section that creates the cache. */
export interface Snippet {
  lib: 'node-redis' | 'ioredis' | 'valkey-glide';
  topology: 'standalone' | 'cluster' | 'sentinel';
  source: string;
}

/** The README's startup blocks, as they stand, tagged by library and topology. */
export function readmeSnippets(): Snippet[] {
  const text = readFileSync(README, 'utf8');
  const usage = text.slice(text.indexOf('## Usage'), text.indexOf('### What is supported'));
  return [...usage.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .filter((source) => source.includes('createRedisTokenCache('))
    .map((source) => ({
      lib: source.includes("from 'ioredis'")
        ? 'ioredis'
        : source.includes("from '@valkey/valkey-glide'")
          ? 'valkey-glide'
          : 'node-redis',
      topology: /createCluster|new Cluster/.test(source)
        ? 'cluster'
        : /createSentinel|sentinels:/.test(source)
          ? 'sentinel'
          : 'standalone',
      source,
    }));
}

// Runs after the snippet in the same module: drives its provider (or one on its cache) from
// JSON lines on stdin. `provider` and `cache` are the snippet's own names.
const HARNESS = `
const __core = await import('@visma-auth/core');
const __provider = typeof provider !== 'undefined' ? provider : new __core.VismaTokenProvider({
  clientId: process.env.VISMA_CLIENT_ID, clientSecret: process.env.VISMA_CLIENT_SECRET,
  tokenUrl: process.env.VISMA_TOKEN_URL, scopes: ['vismanet_erp_service_api:read'],
  cache, onEvent: globalThis.__onEvent,
});
const __request = { tenantId: process.env.TEST_TENANT_ID };
const __lines = (await import('node:readline')).createInterface({ input: process.stdin });
__lines.on('line', async (line) => {
  const { cmd, id, calls } = JSON.parse(line);
  let reply = {};
  if (cmd === 'burst') {
    const results = await Promise.allSettled(Array.from({ length: calls }, () => __provider.getToken(__request)));
    const errors = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason?.code ?? r.reason));
    reply = { ok: results.length - errors.length, failed: errors.length, errors: [...new Set(errors)] };
  } else if (cmd === 'invalidate') {
    await __provider.invalidate(__request);
  } else if (cmd === 'events') {
    reply = { events: globalThis.__events };
  }
  process.stdout.write(JSON.stringify({ id, ...reply }) + '\\n');
});
__lines.on('close', () => process.exit(0));
process.stdout.write(JSON.stringify({ type: 'ready' }) + '\\n');
`;

const PRELUDE = `
globalThis.__events = [];
globalThis.__onEvent = (e) => {
  if (e.type === 'cache_degraded') globalThis.__events.push('cache_degraded: ' + e.error.message);
  else if (e.type === 'cache_restored') globalThis.__events.push('cache_restored');
};
`;

/** A process running one snippet, driven like a service under calls. */
export interface SnippetProcess {
  burst(calls: number): Promise<{ ok: number; failed: number; errors: string[] }>;
  invalidate(): Promise<void>;
  events(): Promise<string[]>;
  kill(): void;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Runs `snippet` in its own Node process (TypeScript types stripped, the provider given the
 * local token URL and events recorded), and resolves once its top-level code has run: a snippet
 * that blocks at start never resolves, and the test's hang guard says so.
 */
export async function runSnippet(
  snippet: Snippet,
  env: Record<string, string>,
  tenantId: string,
): Promise<SnippetProcess> {
  const source = snippet.source
    .replace(
      'new VismaTokenProvider({',
      'new VismaTokenProvider({ tokenUrl: process.env.VISMA_TOKEN_URL, onEvent: globalThis.__onEvent,',
    )
    .replace("'company-tenant-id'", JSON.stringify(tenantId))
    // The node-redis 6 run (vitest.redis6.config.ts) runs the same blocks on the second install.
    .replace("from 'redis';", `from '${process.env.NODE_REDIS_MODULE ?? 'redis'}';`);
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  // Beside the package, so `redis`, `ioredis` and `@visma-auth/*` resolve as for a user.
  const file = fileURLToPath(
    new URL(
      `../.snippet-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`,
      import.meta.url,
    ),
  );
  writeFileSync(file, `${PRELUDE}\n${js}\n${HARNESS}`);
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH, ...env, TEST_TENANT_ID: tenantId },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  live.add(child);
  child.once('exit', () => {
    live.delete(child);
    rmSync(file, { force: true });
  });
  const waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  let ready!: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    // GLIDE's logger writes to stdout too: only our JSON lines count.
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as { type?: string; id?: number };
    if (message.type === 'ready') {
      rmSync(file, { force: true });
      ready();
    } else if (message.id !== undefined) waiting.get(message.id)?.(message);
  });
  await Promise.race([
    started,
    once(child, 'exit').then(() => {
      throw new Error(`the ${snippet.lib} ${snippet.topology} snippet exited at start`);
    }),
  ]);
  let nextId = 0;
  const request = (cmd: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin?.write(`${JSON.stringify({ ...cmd, id })}\n`);
    });
  return {
    burst: async (calls) =>
      (await request({ cmd: 'burst', calls })) as unknown as {
        ok: number;
        failed: number;
        errors: string[];
      },
    invalidate: async () => {
      await request({ cmd: 'invalidate' });
    },
    events: async () => (await request({ cmd: 'events' })).events as string[],
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}
