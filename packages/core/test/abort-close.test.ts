import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VismaClosedError } from '../src/index.js';
import { createProvider, startConnect } from './helpers.js';

const run = promisify(execFile);

describe('abort signals', () => {
  it('rejects only the aborted caller, without cancelling the shared fetch', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    connect.failNext({ delayMs: 200 });
    const controller = new AbortController();
    const aborted = provider.getToken({ signal: controller.signal });
    const other = provider.getToken();
    setTimeout(() => controller.abort(), 20);
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const token = await other;
    expect(token.accessToken).toBeTruthy();
    expect(connect.counts.token).toBe(1);
    expect(connect.requests.at(-1)?.status).toBe(200);
  });

  it('rejects with the signal reason, also when already aborted', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    await provider.getToken();
    const reason = new Error('caller gave up');
    await expect(provider.getToken({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe('close', () => {
  it('aborts in-flight requests and refuses new ones', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { timeoutMs: 30_000 });
    connect.failNext({ hang: true });
    const pending = provider.getToken();
    await new Promise((r) => setTimeout(r, 50));
    await provider.close();
    await expect(pending).rejects.toBeInstanceOf(VismaClosedError);
    await expect(provider.getToken()).rejects.toBeInstanceOf(VismaClosedError);
    await provider[Symbol.asyncDispose]();
  });

  it('lets a plain Node process exit, loading the built package (ESM and CJS)', {
    timeout: 60_000,
  }, async () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const script = `
      const { startMockConnect } = await import('@visma-auth/testing');
      const { VismaTokenProvider } = await import('@visma-auth/core');
      const cjs = (await import('node:module')).createRequire(import.meta.url)('@visma-auth/core');
      if (typeof cjs.VismaTokenProvider !== 'function') throw new Error('CJS build broken');
      const connect = await startMockConnect();
      // Connect holds the refresh, so close() finds it in flight.
      connect.failNext({ delayMs: 0 }, { hang: true });
      let offsetMs = 0;
      let background = false;
      const p = new VismaTokenProvider({ clientId: 'demo-client', clientSecret: 'demo-secret',
        scopes: 'visma_api:read', tokenUrl: connect.tokenUrl, timeoutMs: 60000,
        clock: { now: () => Date.now() + offsetMs },
        onEvent: (e) => { if (e.type === 'refresh_ahead') background = true; } });
      const t = await p.getToken();
      // Into the refresh-ahead window, still short of expiry.
      offsetMs = Math.floor((t.expiresAt - Date.now()) * 0.9);
      await p.getToken(); // starts a background refresh
      if (!background) throw new Error('no background refresh started');
      for (let i = 0; i < 1000 && connect.counts.token < 2; i++) await new Promise((r) => setTimeout(r, 10));
      if (connect.counts.token < 2) throw new Error('the background refresh never reached Connect');
      await p.close();
      await connect.close();
      console.log(t.tokenType);
    `;
    // The provider's 60 s timeout would hold an unclosed process; it is killed well before that.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      timeout: 45_000,
    });
    expect(stdout.trim()).toBe('Bearer');
  });
});
