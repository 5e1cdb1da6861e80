import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import { Controller, Get, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClsService } from 'nestjs-cls';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { InjectVismaHttp, VismaAuthModule, VismaTokenService } from '../src/index.js';
import {
  clsWithTenantHeader,
  DEMO_SCOPE,
  DEMO_TENANT,
  demoOptions,
  getJson,
  listen,
  type Servers,
  useServers,
} from './helpers.js';

const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';

@Injectable()
class ErpService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}
  async customers(): Promise<unknown> {
    return (await firstValueFrom(this.http.get('/v1/customer'))).data;
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

function registerTwoTenants(s: Servers): void {
  s.connect.registerClient({
    clientId: 'two-tenants',
    clientSecret: 'two-tenants-secret',
    allowedScopes: [DEMO_SCOPE],
    tenants: [TENANT_A, TENANT_B],
  });
}

describe('the HttpService on a warm token (VismaTokenService.peekToken)', () => {
  const t = useServers(registerTwoTenants);

  it('sends the token of a cold call (awaited) and of warm calls (read from memory) over real HTTP', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot({ ...demoOptions(t.servers), logger: false })],
      controllers: [CustomersController],
      providers: [ErpService],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);
    const visma = t.app.get(VismaTokenService);

    expect(visma.peekToken()).toBeUndefined();
    const cold = await getJson(`${url}/customers`);
    const token = visma.peekToken();
    expect(token?.tenantId).toBe(DEMO_TENANT);
    const getToken = vi.spyOn(visma, 'getToken');
    const warm = await getJson(`${url}/customers`);
    const again = await getJson(`${url}/customers`);

    expect([cold.status, warm.status, again.status]).toEqual([200, 200, 200]);
    expect(warm.body).toMatchObject({ tenant_id: DEMO_TENANT });
    expect(t.servers.api.requests.map((r) => r.authorization)).toEqual(
      Array(3).fill(`Bearer ${token?.accessToken}`),
    );
    expect(t.servers.connect.counts.token).toBe(1);
    expect(getToken).not.toHaveBeenCalled();
  });

  it("reads the warm token of each request's resolveTenant tenant, never another tenant's", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        clsWithTenantHeader(),
        VismaAuthModule.forRootAsync({
          inject: [ClsService],
          useFactory: (cls: ClsService) => ({
            ...demoOptions(t.servers, {
              clientId: 'two-tenants',
              clientSecret: 'two-tenants-secret',
              tenantId: TENANT_A,
            }),
            logger: false,
            resolveTenant: () => cls.get<string | undefined>('tenantId'),
          }),
        }),
      ],
      controllers: [CustomersController],
      providers: [ErpService],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);
    const call = async (tenant: string) => {
      const res = await fetch(`${url}/customers`, {
        headers: { 'x-tenant-id': tenant },
        signal: AbortSignal.timeout(10_000),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { tenant_id: string }).tenant_id;
    };

    // A cold, A warm, B cold (A's token is in memory, but not B's), B warm, A warm.
    const tenants = [TENANT_A, TENANT_A, TENANT_B, TENANT_B, TENANT_A];
    const answered: string[] = [];
    for (const tenant of tenants) answered.push(await call(tenant));
    expect(answered).toEqual(tenants);
    expect(t.servers.connect.counts.token).toBe(2);
    const sent = t.servers.api.requests.map((r) => r.authorization);
    expect(sent[0]).toBe(sent[1]);
    expect(sent[2]).toBe(sent[3]);
    expect(sent[4]).toBe(sent[0]);
    expect(sent[2]).not.toBe(sent[0]);
  });
});
