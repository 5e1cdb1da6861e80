import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { VismaTokenProvider } from '../src/index.js';
import { CLIENT, onCleanup, SECRET, startConnect, TENANT_A } from './helpers.js';

const UNKNOWN_TENANT = 'tenant-not-granted-9999';

/**
 * The three failures a route handler meets most: a wrong client secret (Visma answers 401), a
 * tenant that has not granted the application (400), Visma Connect unavailable (503).
 */
async function failures() {
  const connect = await startConnect();
  const provider = (overrides: { clientSecret?: string } = {}) => {
    const p = new VismaTokenProvider({
      clientId: CLIENT.clientId,
      clientSecret: SECRET,
      scopes: ['visma_api:read'],
      tokenUrl: connect.tokenUrl,
      tenantId: TENANT_A,
      retry: false,
      errorCooldownMs: 0,
      ...overrides,
    });
    onCleanup(() => p.close());
    return p;
  };
  const wrongSecret = provider({ clientSecret: 'not-the-secret' });
  const good = provider();
  return {
    'wrong client secret (Visma: 401)': () => wrongSecret.getToken(),
    'tenant not granted (Visma: 400)': () => good.getToken({ tenantId: UNKNOWN_TENANT }),
    'Visma Connect unavailable (Visma: 503)': () => {
      connect.failNext({ status: 503, body: '<html>Service Unavailable</html>' });
      return good.getToken({ forceRefresh: true });
    },
  };
}

/** Nothing that identifies the client or tenant, and no secret, reaches the framework's caller. */
function expectNothingIdentifying(body: string): void {
  for (const text of [CLIENT.clientId, SECRET, UNKNOWN_TENANT, TENANT_A]) {
    expect(body).not.toContain(text);
  }
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

describe('an error that reaches a web framework’s default error handler', () => {
  it('makes Express 5 answer 500, not Visma’s status', async () => {
    const cases = await failures();
    // Express's default handler logs each error's stack with console.error outside tests.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    onCleanup(async () => logged.mockRestore());
    const app = express();
    app.set('env', 'production');
    const names = Object.keys(cases) as Array<keyof typeof cases>;
    names.forEach((name, i) => {
      app.get(`/${i}`, async (_req, res) => {
        res.json(await cases[name]());
      });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    onCleanup(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answers: Record<string, number> = {};
    for (const [i, name] of names.entries()) {
      const { status, body } = await get(`${base}/${i}`);
      answers[name] = status;
      expectNothingIdentifying(body);
    }
    expect(answers).toEqual(Object.fromEntries(names.map((n) => [n, 500])));
  });

  it('makes Fastify 5 answer 500, not Visma’s status, with no client or tenant id in the body', async () => {
    const cases = await failures();
    const app = Fastify({ logger: false });
    const names = Object.keys(cases) as Array<keyof typeof cases>;
    names.forEach((name, i) => {
      app.get(`/${i}`, async () => cases[name]());
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    onCleanup(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const answers: Record<string, unknown> = {};
    for (const [i, name] of names.entries()) {
      const { status, body } = await get(`${base}/${i}`);
      // Fastify's default handler sends { statusCode, code, error, message } for a 500 too.
      const json = JSON.parse(body) as { statusCode: number; code: string; error: string };
      answers[name] = [status, json.statusCode, json.error, json.code];
      expectNothingIdentifying(body);
    }
    expect(answers).toEqual({
      'wrong client secret (Visma: 401)': [500, 500, 'Internal Server Error', 'ERR_VISMA_OAUTH'],
      'tenant not granted (Visma: 400)': [500, 500, 'Internal Server Error', 'ERR_VISMA_OAUTH'],
      'Visma Connect unavailable (Visma: 503)': [
        500,
        500,
        'Internal Server Error',
        'ERR_VISMA_SERVER',
      ],
    });
  });
});
