import 'reflect-metadata';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { VismaAuthModule, VismaTokenService } from '@visma-auth/nestjs';
import { FixedTokenProvider } from '@visma-auth/nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ErpModule } from '../src/erp/erp.module.js';
import { ErpService } from '../src/erp/erp.service.js';

describe('ErpService', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** A stand-in ERP API on loopback that records the headers it gets. */
  async function startErpApi(): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([{ number: '10001', name: 'Customer AS' }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  it('sends the token of the overridden VismaTokenService, without asking Visma Connect', async () => {
    const api = await startErpApi();
    const fixed = new FixedTokenProvider({ accessToken: 'unit-test-token', tenantId: 'tenant-1' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ VISMA_ERP_URL: api.url })],
        }),
        // Real options that would reach the real Visma Connect, were the service not overridden.
        VismaAuthModule.forRoot({
          clientId: 'unit-test-client',
          clientSecret: 'unit-test-secret',
          scopes: ['vismanet_erp_service_api:read'],
        }),
        ErpModule,
      ],
    })
      .overrideProvider(VismaTokenService)
      .useValue(fixed)
      .compile();
    closers.push(() => moduleRef.close());

    expect(await moduleRef.get(ErpService).customers()).toEqual([
      { number: '10001', name: 'Customer AS' },
    ]);
    expect(api.seen.map((h) => h.authorization)).toEqual(['Bearer unit-test-token']);
    expect(fixed.requests).toEqual([{ tenantId: 'tenant-1', scopes: [] }]);
  });
});
