import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { VismaTokenProvider } from '@visma-auth/core';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InjectVismaHttp, VismaAuthModule, VismaTokenService } from '../src/index.js';
import { FixedTokenProvider, VismaAuthTestingModule } from '../src/testing.js';
import { DEMO_TENANT, demoOptions, type Servers, startServers } from './helpers.js';

@Injectable()
class ErpService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}
  /** The API's status and what it saw; the mock API answers 401 to a token it did not issue. */
  async customers(): Promise<number> {
    const res = await firstValueFrom(this.http.get('/v1/customer', { validateStatus: () => true }));
    return res.status;
  }
}

describe('overriding the token source in tests', () => {
  let servers: Servers;
  beforeEach(async () => {
    servers = await startServers();
  });
  afterEach(async () => {
    await servers[Symbol.asyncDispose]();
  });

  it('overrideProvider(VismaTokenService) changes what the HTTP service sends', async () => {
    const fake = new FixedTokenProvider({ accessToken: 'overridden-token', tenantId: 'fake' });
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(servers))],
      providers: [ErpService],
    })
      .overrideProvider(VismaTokenService)
      .useValue(fake)
      .compile();
    await moduleRef.get(ErpService).customers();
    const sent = servers.api.requests.map((r) => r.authorization);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(['Bearer overridden-token']));
    expect(servers.connect.counts.token).toBe(0);
    await moduleRef.close();
  });

  it('overrideProvider(VismaTokenProvider) reaches the token service and the HTTP service', async () => {
    const fake = new FixedTokenProvider({ accessToken: 'provider-token' });
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(servers))],
      providers: [ErpService],
    })
      .overrideProvider(VismaTokenProvider)
      .useValue(fake)
      .compile();
    expect((await moduleRef.get(VismaTokenService).getToken()).accessToken).toBe('provider-token');
    await moduleRef.get(ErpService).customers();
    expect(servers.api.requests[0]?.authorization).toBe('Bearer provider-token');
    expect(servers.connect.counts.token).toBe(0);
    await moduleRef.close();
  });

  for (const kind of ['lazy', 'shared'] as const) {
    it(`overrideProvider(VismaTokenProvider) with a ${kind} provider created before any option is known`, async () => {
      let known: ReturnType<typeof demoOptions> | undefined;
      const init = () => {
        if (known === undefined) throw new Error('VISMA_CLIENT_ID is not set');
        const { http: _http, logger: _logger, resolveTenant: _resolve, ...options } = known;
        return options;
      };
      const provider =
        kind === 'lazy'
          ? VismaTokenProvider.lazy(init)
          : VismaTokenProvider.shared('nest-override-test', init);
      const moduleRef = await Test.createTestingModule({
        imports: [VismaAuthModule.forRoot(demoOptions(servers))],
        providers: [ErpService],
      })
        .overrideProvider(VismaTokenProvider)
        .useValue(provider)
        .compile();
      await expect(moduleRef.get(VismaTokenService).getToken()).rejects.toMatchObject({
        name: 'VismaConfigError',
      });
      expect(servers.connect.counts.token).toBe(0);
      known = demoOptions(servers);
      await moduleRef.get(ErpService).customers();
      expect(servers.api.requests[0]?.authorization).toMatch(/^Bearer ey/);
      expect(servers.connect.counts.token).toBe(1);
      await moduleRef.close();
      await provider.close();
    });
  }

  it('VismaAuthTestingModule serves a fixed token under the same tokens, through the HTTP service too', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        VismaAuthTestingModule.forRoot({
          accessToken: 'fixed-token',
          tenantId: DEMO_TENANT,
          http: { baseURL: servers.api.url },
        }),
      ],
      providers: [ErpService],
    }).compile();
    const service = moduleRef.get(VismaTokenService);
    expect(await service.getAuthorizationHeader()).toBe('Bearer fixed-token');
    expect((await service.getToken({ tenantId: 'other' })).tenantId).toBe('other');
    await moduleRef.get(ErpService).customers();
    expect(servers.api.requests[0]?.authorization).toBe('Bearer fixed-token');
    const provider = moduleRef.get(VismaTokenProvider) as unknown as FixedTokenProvider;
    expect(provider.requests[0]).toEqual({ tenantId: DEMO_TENANT, scopes: [] });
    expect(servers.connect.counts.token).toBe(0);
    await moduleRef.close();
  });
});
