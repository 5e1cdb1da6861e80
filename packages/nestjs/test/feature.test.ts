import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HttpService } from '@nestjs/axios';
import { Controller, Get, Injectable, Module, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { VismaConfigError, VismaTokenProvider } from '@visma-auth/core';
import { startMockApi } from '@visma-auth/testing';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  getVismaHttpServiceToken,
  getVismaTokenServiceToken,
  InjectVismaHttp,
  InjectVismaTokenService,
  VismaAuthModule,
  VismaTokenService,
} from '../src/index.js';
import { DEMO_TENANT, demoOptions, getJson, listen, useServers } from './helpers.js';

@Injectable()
class ErpService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}
  async customers(): Promise<unknown> {
    return (await firstValueFrom(this.customers$())).data;
  }
  customers$() {
    return this.http.get('/v1/customer');
  }
}

@Injectable()
class NxtService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}
  async query(): Promise<unknown> {
    return (await firstValueFrom(this.http.post('/graphql-service', { query: '{ a }' }))).data;
  }
}

@Controller()
class BothController {
  constructor(
    private readonly erp: ErpService,
    private readonly nxt: NxtService,
  ) {}
  @Get('both')
  async both(): Promise<unknown> {
    return { erp: await this.erp.customers(), nxt: await this.nxt.query() };
  }
}

@Injectable()
class Consumer {
  constructor(readonly visma: VismaTokenService) {}
}

describe('VismaAuthModule registrations across modules', () => {
  const t = useServers();

  it('forFeature gives each feature its own HTTP client on the one root provider and token cache', async () => {
    // A second API (standing in for Business NXT) that trusts the same Visma Connect.
    const nxtApi = await startMockApi({ connect: t.servers.connect });
    try {
      const { http: _http, ...root } = demoOptions(t.servers);
      @Module({
        imports: [VismaAuthModule.forFeature({ http: { baseURL: t.servers.api.url } })],
        providers: [ErpService],
        exports: [ErpService],
      })
      class ErpModule {}
      @Module({
        imports: [
          VismaAuthModule.forFeature({ http: { baseURL: nxtApi.url, scopes: ['visma_api:read'] } }),
        ],
        providers: [NxtService],
        exports: [NxtService],
      })
      class NxtModule {}

      const moduleRef = await Test.createTestingModule({
        imports: [VismaAuthModule.forRoot(root), ErpModule, NxtModule],
        controllers: [BothController],
      }).compile();
      t.app = moduleRef.createNestApplication({ logger: false });
      const url = await listen(t.app);

      const res = await getJson(`${url}/both`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        erp: { path: '/v1/customer', tenant_id: DEMO_TENANT },
        nxt: { path: '/graphql-service', tenant_id: DEMO_TENANT, scope: 'visma_api:read' },
      });
      // Each client sent only to its own API, one provider served both: one token per scope set.
      expect(t.servers.api.requests.map((r) => r.path)).toEqual(['/v1/customer']);
      expect(nxtApi.requests.map((r) => r.path)).toEqual(['/graphql-service']);
      expect(t.servers.connect.counts.issued).toBe(2);
      await firstValueFrom(moduleRef.get(ErpService, { strict: false }).customers$());
      expect(t.servers.connect.counts.issued).toBe(2);
    } finally {
      await t.app?.close();
      t.app = undefined;
      await nxtApi.close();
    }
  });

  it("inside a feature module, its forFeature client takes precedence over the root registration's http", async () => {
    const other = await startMockApi({ connect: t.servers.connect });
    try {
      @Module({
        imports: [VismaAuthModule.forFeature({ http: { baseURL: other.url } })],
        providers: [ErpService],
        exports: [ErpService],
      })
      class ErpModule {}
      @Injectable()
      class RootUser {
        constructor(@InjectVismaHttp() readonly http: HttpService) {}
      }
      const moduleRef = await Test.createTestingModule({
        imports: [VismaAuthModule.forRoot(demoOptions(t.servers)), ErpModule],
        providers: [RootUser],
      }).compile();
      await moduleRef.get(ErpService, { strict: false }).customers();
      await firstValueFrom(moduleRef.get(RootUser).http.get('/v1/root'));
      expect(other.requests.map((r) => r.path)).toEqual(['/v1/customer']);
      expect(t.servers.api.requests.map((r) => r.path)).toEqual(['/v1/root']);
      await moduleRef.close();
    } finally {
      await other.close();
    }
  });

  it('forFeature wins in a module that also imports forRoot, in either order', async () => {
    const other = await startMockApi({ connect: t.servers.connect });
    try {
      for (const rootFirst of [true, false]) {
        const root = VismaAuthModule.forRoot(demoOptions(t.servers));
        const feature = VismaAuthModule.forFeature({ http: { baseURL: other.url } });
        const moduleRef = await Test.createTestingModule({
          imports: rootFirst ? [root, feature] : [feature, root],
          providers: [ErpService],
        }).compile();
        await moduleRef.get(ErpService).customers();
        await moduleRef.close();
      }
      expect(other.requests.map((r) => r.path)).toEqual(['/v1/customer', '/v1/customer']);
      expect(t.servers.api.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('importing the same registration in several modules keeps one provider', async () => {
    const visma = VismaAuthModule.forRoot(demoOptions(t.servers));
    @Module({ imports: [visma], providers: [Consumer], exports: [Consumer] })
    class FeatureA {}
    @Module({ imports: [visma], providers: [{ provide: 'B', useClass: Consumer }], exports: ['B'] })
    class FeatureB {}
    const moduleRef = await Test.createTestingModule({
      imports: [visma, FeatureA, FeatureB],
    }).compile();
    const a = moduleRef.get(Consumer, { strict: false });
    const b = moduleRef.get<Consumer>('B', { strict: false });
    expect(a.visma).toBe(b.visma);
    await Promise.all([a.visma.getToken(), b.visma.getToken()]);
    expect(t.servers.connect.counts.token).toBe(1);
    await moduleRef.close();
  });

  it('a second forRoot of the same name fails the boot instead of making a second token cache', async () => {
    @Module({ imports: [VismaAuthModule.forRoot(demoOptions(t.servers))] })
    class FeatureA {}
    @Module({ imports: [VismaAuthModule.forRoot(demoOptions(t.servers))] })
    class FeatureB {}
    const error = await Test.createTestingModule({ imports: [FeatureA, FeatureB] })
      .compile()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(VismaConfigError);
    expect((error as VismaConfigError).option).toBe('name');
    expect((error as Error).message).toMatch(/registered 2 times.*forFeature/);
  });

  it("name 'default' is the unnamed registration: same tokens, and it collides with an unnamed one", async () => {
    expect(getVismaTokenServiceToken('default')).toBe(VismaTokenService);
    expect(getVismaHttpServiceToken('default')).toBe(getVismaHttpServiceToken());
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot({ ...demoOptions(t.servers), name: 'default' })],
    }).compile();
    expect((await moduleRef.get(VismaTokenService).getToken()).tenantId).toBe(DEMO_TENANT);
    expect(moduleRef.get(VismaTokenProvider)).toBe(moduleRef.get(VismaTokenService).provider);
    await moduleRef.close();

    await expect(
      Test.createTestingModule({
        imports: [
          VismaAuthModule.forRoot({ ...demoOptions(t.servers), name: 'default' }),
          VismaAuthModule.forRoot(demoOptions(t.servers)),
        ],
      }).compile(),
    ).rejects.toThrow(/registration 'default' \(the unnamed one\) is registered 2 times/);
    expect(() => VismaAuthModule.forRoot({ ...demoOptions(t.servers), name: '' })).toThrow(
      VismaConfigError,
    );
  });

  it('named registrations live side by side and forFeature picks one by name', async () => {
    @Injectable()
    class Payroll {
      constructor(
        @InjectVismaTokenService('payroll') readonly payroll: VismaTokenService,
        @InjectVismaHttp('payroll') readonly http: HttpService,
        readonly unnamed: VismaTokenService,
      ) {}
    }
    @Module({
      imports: [
        VismaAuthModule.forFeature({ name: 'payroll', http: { baseURL: t.servers.api.url } }),
      ],
      providers: [Payroll],
      exports: [Payroll],
    })
    class PayrollModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        VismaAuthModule.forRoot(demoOptions(t.servers)),
        VismaAuthModule.forRootAsync({
          name: 'payroll',
          useFactory: () => {
            const { http: _http, ...options } = demoOptions(t.servers);
            return options;
          },
        }),
        PayrollModule,
      ],
    }).compile();
    const payroll = moduleRef.get(Payroll, { strict: false });
    expect(payroll.payroll).not.toBe(payroll.unnamed);
    const res = await firstValueFrom(payroll.http.get('/v1/payroll'));
    expect(res.data).toMatchObject({ path: '/v1/payroll', tenant_id: DEMO_TENANT });
    await moduleRef.close();
  });

  it('forFeature without a root registration fails the boot saying what to register', async () => {
    await expect(
      Test.createTestingModule({
        imports: [
          VismaAuthModule.forFeature({ name: 'erp', http: { baseURL: t.servers.api.url } }),
        ],
      }).compile(),
    ).rejects.toThrow(/found no global 'erp' registration/);
  });

  it('forFeatureAsync on a request-scoped provider builds a client per request and keeps none of them', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class TenantConfig {
      readonly baseURL = t.servers.api.url;
    }
    @Module({ providers: [TenantConfig], exports: [TenantConfig] })
    class TenantModule {}
    let factoryRuns = 0;
    // The axios instance of each request's client, watched without keeping it alive.
    const clients: WeakRef<object>[] = [];
    @Controller('customers')
    class CustomersController {
      constructor(@InjectVismaHttp() private readonly http: HttpService) {}
      @Get()
      async list() {
        clients.push(new WeakRef(this.http.axiosRef));
        return (await firstValueFrom(this.http.get('/v1/customer'))).data;
      }
    }
    @Module({
      imports: [
        VismaAuthModule.forFeatureAsync({
          imports: [TenantModule],
          inject: [TenantConfig],
          useFactory: (config: TenantConfig) => {
            factoryRuns++;
            return { baseURL: config.baseURL };
          },
        }),
      ],
      controllers: [CustomersController],
    })
    class FeatureModule {}
    const { http: _http, ...root } = demoOptions(t.servers);
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot({ ...root, logger: false }), FeatureModule],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);
    const requests = 20;
    for (let i = 0; i < requests; i++) {
      const res = await getJson(`${url}/customers`);
      expect(res.status).toBe(200);
    }
    expect(factoryRuns).toBe(requests);
    expect(t.servers.connect.counts.token).toBe(1);

    // Once a request is over, nothing of ours holds its client, so the collector takes them: all
    // but what Nest and the HTTP server keep of a request or two (the first and last here).
    // A deref keeps its target alive until the current job ends, so each count is taken in a job
    // of its own, after a collection in an earlier one.
    const gc = collector();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
    const alive = () => clients.filter((ref) => ref.deref() !== undefined).length;
    let count = requests;
    for (let round = 0; round < 20 && count > 2; round++) {
      await tick();
      gc();
      await tick();
      count = alive();
    }
    expect(count).toBeLessThanOrEqual(2);
  });
});

/** The V8 collector, which vitest's workers do not expose as `gc`. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
