import { afterEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockApi, startMockConnect } from '../src/index.js';
import { demoForm, postToken } from './helpers.js';

/** Node's default `keepAliveTimeout`: an idle keep-alive socket holds close() this long unless dropped. */
const KEEP_ALIVE_MS = 5_000;
const sleep = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(resolve, ms, value).unref());

const open: MockConnect[] = [];
afterEach(async () => {
  for (const connect of open.splice(0)) await connect.close();
});

describe('lifecycle', () => {
  it('closes promptly although a keep-alive connection is open, and twice is fine', async () => {
    const connect = await startMockConnect();
    const api = await startMockApi({ connect });
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(200);
    expect((await fetch(api.url)).status).toBe(401);
    // Without dropping idle sockets, close() would wait for Node's 5 s keep-alive timeout; the
    // bound sits just under it, so load can slow close() a lot before this fails for that reason.
    const closing = (async () => {
      await api.close();
      await connect[Symbol.asyncDispose]();
      await connect.close();
      return 'closed';
    })();
    expect(await Promise.race([closing, sleep(KEEP_ALIVE_MS - 500, 'keep-alive timeout')])).toBe(
      'closed',
    );
    await expect(fetch(connect.discoveryUrl)).rejects.toThrow();
  });

  it('listens on the requested port and fails clearly when it is taken', async () => {
    const first = await startMockConnect();
    open.push(first);
    const port = Number(new URL(first.url).port);
    await expect(startMockConnect({ port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('rejects invalid options and clients', async () => {
    await expect(startMockConnect({ tokenLifetimeSeconds: 0 })).rejects.toThrow(TypeError);
    await expect(
      startMockConnect({ clients: [{ clientId: 'x', allowedScopes: [] }] }),
    ).rejects.toThrow(/clientSecret or jwks/);
  });
});
