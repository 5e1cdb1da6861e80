import { describe, expect, it } from 'vitest';
import { VismaConfigError, VismaOAuthError, VismaTokenProvider } from '../src/index.js';
import { CLIENT, createProvider, SECRET, startConnect, TENANT_A } from './helpers.js';

const FORGED = [
  `${TENANT_A}\nvisma-auth: access token received`,
  `${TENANT_A}\r\nforged`,
  `${TENANT_A}\u0000`,
  `${TENANT_A}\u007f`,
  `${TENANT_A}\u0085forged`,
  `${TENANT_A}\u2028forged`,
];

function refusal(option: string) {
  return expect.objectContaining({ code: 'ERR_VISMA_CONFIG', option });
}

describe('control characters in tenantId and scopes', () => {
  it.each(FORGED)('are refused by the constructor (case %#)', (tenantId) => {
    const create = () =>
      new VismaTokenProvider({
        clientId: CLIENT.clientId,
        clientSecret: SECRET,
        scopes: ['visma_api:read'],
        tokenUrl: 'http://127.0.0.1:1/connect/token',
        tenantId,
      });
    expect(create).toThrow(VismaConfigError);
    expect(create).toThrow(/tenantId.*control character/);
  });

  it('are refused by the constructor in scopes', () => {
    for (const scopes of [['visma_api:read\nforged'], 'visma_api:read\u009b', ['a\tb']]) {
      const create = () =>
        new VismaTokenProvider({
          clientId: CLIENT.clientId,
          clientSecret: SECRET,
          scopes,
          tokenUrl: 'http://127.0.0.1:1/connect/token',
        });
      expect(create).toThrow(/scopes.*control character/);
    }
  });

  it.each(FORGED)('are refused per call before any request (case %#)', async (tenantId) => {
    const connect = await startConnect();
    // Discovery has not run yet either: nothing leaves the process for a refused call.
    const { provider } = createProvider(connect, { tokenUrl: undefined, authority: connect.url });
    await expect(provider.getToken({ tenantId })).rejects.toEqual(refusal('tenantId'));
    await expect(provider.getAuthorizationHeader({ tenantId })).rejects.toEqual(
      refusal('tenantId'),
    );
    await expect(provider.invalidate({ tenantId })).rejects.toEqual(refusal('tenantId'));
    expect(connect.counts.token).toBe(0);
    // Once the token endpoint is known, the warm path refuses them too.
    await provider.getToken({ tenantId: TENANT_A });
    await expect(provider.getToken({ tenantId })).rejects.toEqual(refusal('tenantId'));
    expect(connect.counts.token).toBe(1);
  });

  it('are refused per call in scopes', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    await expect(provider.getToken({ scopes: ['visma_api:read\r\nx'] })).rejects.toEqual(
      refusal('scopes'),
    );
    await expect(provider.getToken({ scopes: 'visma_api:read\u0007' })).rejects.toEqual(
      refusal('scopes'),
    );
    expect(connect.counts.token).toBe(0);
  });
});

describe("Visma's echoed error_description", () => {
  it('cannot write a second line into a string-formatting logger', async () => {
    const connect = await startConnect();
    const lines: string[] = [];
    const format = (record: object, msg: string) => {
      const err = (record as { err?: { message?: string } }).err;
      lines.push(...`${msg} ${err?.message ?? ''}`.split(/\r\n|\r|\n|\u2028|\u2029/));
    };
    const { provider } = createProvider(connect, {
      retry: false,
      logger: { error: format, warn: format, info: format, debug: format },
    });
    connect.failNext({
      status: 400,
      body: {
        error: 'invalid_request\nvisma-auth: forged error',
        error_description: 'bad tenant\r\nvisma-auth: access token received\u2028x',
      },
    });
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaOAuthError;
    expect(error).toBeInstanceOf(VismaOAuthError);
    expect(error.message).not.toMatch(/[\r\n\u2028]/);
    expect(error.errorDescription).toBe(
      'bad tenant\\r\\nvisma-auth: access token received\\u2028x',
    );
    expect(lines.filter((l) => l.startsWith('visma-auth: access token received'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('visma-auth: forged'))).toEqual([]);
  });
});
