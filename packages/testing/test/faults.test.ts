import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockConnect } from '../src/index.js';
import { demoForm, postToken } from './helpers.js';

let connect: MockConnect;
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  await connect.close();
});

describe('fault injection', () => {
  it('replaces the next responses in order, then answers normally again', async () => {
    connect.failNext(
      { status: 503, body: { error: 'temporarily_unavailable', error_description: 'Down' } },
      { status: 429, headers: { 'retry-after': '2' } },
    );
    const first = await postToken(connect.tokenUrl, demoForm());
    expect(first).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
    const second = await postToken(connect.tokenUrl, demoForm());
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    expect(second.body).toMatchObject({ error: 'temporarily_unavailable' });
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(200);
    expect(connect.counts).toMatchObject({ token: 3, issued: 1 });
    expect(connect.requests.map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it('sends a raw non-JSON body as is', async () => {
    connect.failNext({
      status: 502,
      body: '<html>Bad Gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const res = await postToken(connect.tokenUrl, demoForm());
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.body).toEqual({ raw: '<html>Bad Gateway</html>' });
  });

  it('can fake a malformed success response', async () => {
    connect.failNext({ status: 200, body: { token_type: 'Bearer' } });
    const res = await postToken(connect.tokenUrl, demoForm());
    expect(res).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });
    expect(res.body).not.toHaveProperty('access_token');
  });

  it('delays the real response when only delayMs is given', async () => {
    connect.failNext({ delayMs: 300 });
    const started = Date.now();
    const res = await postToken(connect.tokenUrl, demoForm());
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
  });

  it('delays a replacement response too', async () => {
    connect.failNext({ delayMs: 200, status: 500 });
    const started = Date.now();
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('hangs until the client aborts, then answers the next request', async () => {
    connect.failNext({ hang: true });
    const abort = new AbortController();
    const aborted = fetch(connect.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams(demoForm()),
      signal: abort.signal,
    });
    // Aborted only once the server holds it, so the hang is spent on this request.
    await expect.poll(() => connect.counts.token, { timeout: 10_000 }).toBe(1);
    abort.abort();
    await expect(aborted).rejects.toThrow(/abort/i);
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(200);
    await expect.poll(() => connect.requests[0]?.status, { timeout: 10_000 }).toBe(0);
    expect(connect.counts).toMatchObject({ token: 2, issued: 1 });
  });

  it('ends a hang on reset() and on close()', async () => {
    connect.failNext({ hang: true }, { hang: true });
    const first = fetch(connect.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams(demoForm()),
    });
    await expect.poll(() => connect.counts.token, { timeout: 10_000 }).toBe(1);
    connect.reset();
    await expect(first).rejects.toThrow();
    // reset() cleared the queue, so the next request is answered.
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(200);

    connect.failNext({ hang: true });
    const second = fetch(connect.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams(demoForm()),
    });
    await expect.poll(() => connect.counts.token, { timeout: 10_000 }).toBe(2);
    // A hang never answers: close() returns only because it ends the hanging request.
    await connect.close();
    await expect(second).rejects.toThrow();
  });

  it('does not spend faults on discovery or JWKS requests', async () => {
    connect.failNext({ status: 500 });
    expect((await fetch(connect.discoveryUrl)).status).toBe(200);
    expect((await fetch(connect.jwksUrl)).status).toBe(200);
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(500);
  });

  it('rejects a nonsensical fault', () => {
    expect(() => connect.failNext({ delayMs: -1 })).toThrow(TypeError);
    expect(() => connect.failNext({ status: 42 })).toThrow(TypeError);
  });
});
