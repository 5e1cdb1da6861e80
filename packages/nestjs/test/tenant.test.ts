import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import { Controller, Get, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { VismaAuthEvent } from '@visma-auth/core';
import { startMockApi } from '@visma-auth/testing';
import { ClsService } from 'nestjs-cls';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  InjectVismaHttp,
  VismaAuthModule,
  type VismaAuthModuleOptions,
  VismaTokenService,
} from '../src/index.js';
import {
  clsWithTenantHeader,
  DEMO_SCOPE,
  demoOptions,
  listen,
  type Servers,
  useServers,
} from './helpers.js';

const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';
const DEFAULT_TENANT = 'tenant-default';

/** Registers the client of these tests: three tenants, the last one its default. */
function registerMultiClient(s: Servers): void {
  s.connect.registerClient({
    clientId: 'multi-client',
    clientSecret: 'multi-secret',
    allowedScopes: [DEMO_SCOPE],
    tenants: [TENANT_A, TENANT_B, DEFAULT_TENANT],
  });
}

/** The root module for that client, each request's tenant from nestjs-cls; `extra` adds options. */
function multiClientRoot(servers: Servers, extra: Partial<VismaAuthModuleOptions> = {}) {
  return VismaAuthModule.forRootAsync({
    inject: [ClsService],
    useFactory: (cls: ClsService) => ({
      ...demoOptions(servers, {
        clientId: 'multi-client',
        clientSecret: 'multi-secret',
        tenantId: DEFAULT_TENANT,
        ...extra,
      }),
      logger: false,
      resolveTenant: () => cls.get<string | undefined>('tenantId'),
    }),
  });
}

@Injectable()
class ErpService {
  constructor(
    @InjectVismaHttp() private readonly http: HttpService,
    private readonly visma: VismaTokenService,
  ) {}
  async customers(): Promise<{ api: unknown; tokenTenant: string | undefined }> {
    const api = (await firstValueFrom(this.http.get('/v1/customer'))).data;
    return { api, tokenTenant: (await this.visma.getToken()).tenantId };
  }
}

@Controller('customers')
class CustomersController {
  constructor(private readonly erp: ErpService) {}
  @Get()
  list() {
    return this.erp.customers();
  }
}

describe('resolveTenant', () => {
  const t = useServers(registerMultiClient);

  it('two concurrent requests for two tenants (nestjs-cls) each get their own token, never the other one', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [clsWithTenantHeader(), multiClientRoot(t.servers)],
      controllers: [CustomersController],
      providers: [ErpService],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);

    // Both token responses are held back, so both token requests are in flight at once.
    t.servers.connect.failNext({ delayMs: 200 }, { delayMs: 200 });
    const call = async (tenant?: string) => {
      const res = await fetch(`${url}/customers`, {
        headers: tenant ? { 'x-tenant-id': tenant } : {},
        signal: AbortSignal.timeout(10_000),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { api: { tenant_id: string }; tokenTenant: string };
    };
    const [a, b] = await Promise.all([call(TENANT_A), call(TENANT_B)]);
    expect(a.api.tenant_id).toBe(TENANT_A);
    expect(a.tokenTenant).toBe(TENANT_A);
    expect(b.api.tenant_id).toBe(TENANT_B);
    expect(b.tokenTenant).toBe(TENANT_B);
    const tokenRequests = t.servers.connect.requests.filter((r) => r.tenantId !== undefined);
    expect(tokenRequests.map((r) => r.tenantId).sort()).toEqual([TENANT_A, TENANT_B]);
    const sent = t.servers.api.requests.map((r) => r.authorization);
    expect(new Set(sent).size).toBe(2);

    // A request without a tenant falls back to the registration's tenantId.
    const plain = await call();
    expect(plain.api.tenant_id).toBe(DEFAULT_TENANT);
    // Outside a request, an explicit tenant still wins.
    const visma = t.app.get(VismaTokenService);
    expect((await visma.getToken({ tenantId: TENANT_B })).tenantId).toBe(TENANT_B);
  });

  it('a resolveTenant that is not a function fails the boot naming it', async () => {
    await expect(
      Test.createTestingModule({
        imports: [
          VismaAuthModule.forRoot({
            ...demoOptions(t.servers),
            resolveTenant: 'tenant-a' as unknown as () => string,
          }),
        ],
      }).compile(),
    ).rejects.toThrow(/`resolveTenant`/);
  });
});

@Controller('status')
class StatusController {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}
  /** The API's status for the current tenant, 401 included. */
  @Get()
  async status(): Promise<{ status: number }> {
    const res = await firstValueFrom(this.http.get('/v1/customer', { validateStatus: () => true }));
    return { status: res.status };
  }
}

describe('resolveTenant and 401s', () => {
  const t = useServers(registerMultiClient);

  it('a tenant the API keeps rejecting is held on its own: other tenants’ 401s are still retried', async () => {
    // This API knows tenant A only: every token of tenant B is rejected.
    const api = await startMockApi({ connect: t.servers.connect, tenants: [TENANT_A] });
    const events: VismaAuthEvent[] = [];
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          clsWithTenantHeader(),
          multiClientRoot(t.servers, {
            http: { baseURL: api.url },
            onEvent: (event: VismaAuthEvent) => events.push(event),
          }),
        ],
        controllers: [StatusController],
      }).compile();
      t.app = moduleRef.createNestApplication({ logger: false });
      const url = await listen(t.app);
      const call = async (tenant: string) => {
        const res = await fetch(`${url}/status`, {
          headers: { 'x-tenant-id': tenant },
          signal: AbortSignal.timeout(10_000),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { status: number }).status;
      };

      // Tenant B: its token and the renewed one are both rejected, so B is put on hold.
      for (let i = 0; i < 3; i++) expect(await call(TENANT_B)).toBe(401);
      const holds = events.filter((e) => e.type === 'rejection_hold');
      expect(holds.map((e) => e.tenantId)).toEqual([TENANT_B]);

      // Tenant A's token is rejected once: that 401 is retried with a new token of A's own.
      expect(await call(TENANT_A)).toBe(200);
      api.rejectNext(1);
      expect(await call(TENANT_A)).toBe(200);
      const tokenTenants = t.servers.connect.requests.map((r) => r.tenantId);
      expect(tokenTenants.filter((tenant) => tenant === TENANT_A)).toHaveLength(2);
      expect(tokenTenants.filter((tenant) => tenant === TENANT_B)).toHaveLength(2);
    } finally {
      await t.app?.close();
      t.app = undefined;
      await api.close();
    }
  });
});
