import { afterEach, describe, expect, it } from 'vitest';
import { type RedirectServer, startRedirectServer } from '../src/index.js';

const open: RedirectServer[] = [];
async function start(...args: Parameters<typeof startRedirectServer>) {
  const server = await startRedirectServer(...args);
  open.push(server);
  return server;
}
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

describe('startRedirectServer', () => {
  it('redirects /start with a 302 and records what each request carried', async () => {
    const target = await start({ location: 'http://127.0.0.1:9/unused' });
    const redirect = await start({ location: `${target.url}/landing` });
    expect(redirect.location).toBe(`${target.url}/landing`);
    const res = await fetch(`${redirect.url}/start?x=1`, {
      headers: { authorization: 'Bearer abc' },
      signal: AbortSignal.timeout(4000),
    });
    expect(res.status).toBe(200);
    expect(res.redirected).toBe(true);
    expect(await res.json()).toEqual({});
    expect(redirect.requests).toEqual([
      { method: 'GET', path: '/start?x=1', authorization: 'Bearer abc', status: 302 },
    ]);
    // fetch drops Authorization on a cross-origin redirect (another port is another origin).
    expect(target.requests).toEqual([{ method: 'GET', path: '/landing', status: 200 }]);
    redirect.reset();
    expect(redirect.requests).toEqual([]);
  });

  it('answers 307 with the location and keeps the method and body on the way', async () => {
    const redirect = await start({
      status: 307,
      path: '/go',
      location: ({ url }) => `${url}/landing`,
    });
    const manual = await fetch(`${redirect.url}/go`, { method: 'POST', redirect: 'manual' });
    expect(manual.status).toBe(307);
    expect(manual.headers.get('location')).toBe(`${redirect.url}/landing`);
    const followed = await fetch(`${redirect.url}/go`, {
      method: 'POST',
      body: '{"name":"x"}',
      signal: AbortSignal.timeout(4000),
    });
    expect(followed.status).toBe(200);
    expect(redirect.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/go', 307],
      ['POST', '/go', 307],
      ['POST', '/landing', 200],
    ]);
  });

  it('builds a function location from its own port, e.g. to redirect to a subdomain', async () => {
    const redirect = await start({ location: ({ port }) => `http://api.localhost:${port}/x` });
    expect(redirect.port).toBe(Number(new URL(redirect.url).port));
    expect(redirect.location).toBe(`http://api.localhost:${redirect.port}/x`);
  });

  it('rejects a status that is not a redirect, and closes promptly with async dispose', async () => {
    await expect(
      startRedirectServer({ location: 'https://example.com', status: 200 as 302 }),
    ).rejects.toThrow(/redirect status/);
    const redirect = await startRedirectServer({ location: 'https://example.com' });
    await fetch(`${redirect.url}/other`);
    // Without dropping idle sockets, close() would wait for Node's 5 s keep-alive timeout.
    const closing = (async () => {
      await redirect[Symbol.asyncDispose]();
      await redirect.close();
      return 'closed';
    })();
    const keepAliveMs = 5_000;
    const timeout = new Promise((resolve) =>
      setTimeout(resolve, keepAliveMs - 500, 'keep-alive timeout').unref(),
    );
    expect(await Promise.race([closing, timeout])).toBe('closed');
    await expect(fetch(redirect.url)).rejects.toThrow();
  });
});
