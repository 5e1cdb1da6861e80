import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type VismaAuthEvent, VismaTokenProvider } from '../src/index.js';
import { CLIENT, createProvider, manualClock, SECRET, settle, startConnect } from './helpers.js';

describe('no secret or token leaks', () => {
  it('keeps the secret and tokens out of messages, toJSON, inspect, logs and events', async () => {
    const connect = await startConnect();
    const logs: string[] = [];
    const log = (obj: unknown, msg?: string) =>
      logs.push(`${msg} ${JSON.stringify(obj)} ${inspect(obj, { depth: 10 })}`);
    const logger = { debug: log, info: log, warn: log, error: log };
    const clock = manualClock();
    const { provider, events } = createProvider(connect, { logger, clock });
    const tokens: string[] = [];
    tokens.push((await provider.getToken()).accessToken);
    clock.advance(0.9 * 3_600_000);
    await provider.getToken();
    await settle(() => events.some((e) => e.type === 'fetch_success' && e.background));
    tokens.push((await provider.getToken()).accessToken);
    expect(tokens[1]).not.toBe(tokens[0]);
    await provider.invalidate({ accessToken: tokens[1] });

    const errors: unknown[] = [];
    // Errors of every kind, including a server that echoes the secret back.
    connect.failNext({
      status: 400,
      body: { error: 'invalid_request', error_description: `bad secret ${SECRET}` },
    });
    errors.push(await provider.getToken({ tenantId: 'x1' }).catch((e: unknown) => e));
    connect.failNext({
      status: 200,
      body: { access_token: tokens[0], token_type: 'mac', expires_in: 60 },
    });
    errors.push(await provider.getToken({ tenantId: 'x2' }).catch((e: unknown) => e));
    connect.failNext({
      status: 200,
      body: { access_token: tokens[0], token_type: 'Bearer', expires_in: 'x' },
    });
    errors.push(await provider.getToken({ tenantId: 'x3' }).catch((e: unknown) => e));
    errors.push(await provider.getToken({ tenantId: 'not-granted' }).catch((e: unknown) => e));
    const wrong = new VismaTokenProvider({
      clientId: CLIENT.clientId,
      clientSecret: `${SECRET}x`,
      scopes: 'visma_api:read',
      tokenUrl: connect.tokenUrl,
      logger,
    });
    errors.push(await wrong.getToken().catch((e: unknown) => e));
    await wrong.close();
    try {
      new VismaTokenProvider({
        clientId: 'a',
        clientSecret: SECRET,
        scopes: [],
        tokenUrl: connect.tokenUrl,
      });
    } catch (e) {
      errors.push(e);
    }
    expect(errors.every((e) => e instanceof Error)).toBe(true);

    const surfaces = [
      ...errors.flatMap((e) => [
        String(e),
        (e as Error).message,
        (e as Error).stack,
        JSON.stringify(e),
        inspect(e, { depth: 10 }),
      ]),
      JSON.stringify(provider),
      inspect(provider, { depth: 10 }),
      String(provider),
      ...logs,
      ...events.map((e: VismaAuthEvent) => `${JSON.stringify(e)} ${inspect(e, { depth: 10 })}`),
    ].join('\n');
    expect(logs.length).toBeGreaterThan(3);
    expect(events.length).toBeGreaterThan(5);
    expect(surfaces).not.toContain(SECRET);
    for (const token of tokens) {
      expect(surfaces).not.toContain(token);
      // Not even the signature part of the JWT.
      expect(surfaces).not.toContain(token.split('.')[2]);
    }
    expect(JSON.stringify(provider)).toContain('[REDACTED]');
  });
});
