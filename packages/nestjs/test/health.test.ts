import 'reflect-metadata';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { DEMO_CLIENT } from '@visma-auth/testing';
import { ClsService } from 'nestjs-cls';
import { describe, expect, it } from 'vitest';
import { VismaHealthIndicator } from '../src/health.js';
import { VismaAuthModule, VismaTokenService } from '../src/index.js';
import {
  clsWithTenantHeader,
  DEMO_TENANT,
  demoOptions,
  getJson,
  listen,
  useServers,
} from './helpers.js';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly visma: VismaHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.visma.isHealthy('visma')]);
  }
}

describe('VismaHealthIndicator', () => {
  const t = useServers();

  async function start(secret?: string): Promise<string> {
    const options = demoOptions(t.servers, secret === undefined ? {} : { clientSecret: secret });
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule, VismaAuthModule.forRoot({ ...options, logger: false })],
      controllers: [HealthController],
      providers: [VismaHealthIndicator],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    return listen(t.app);
  }

  it('reports up from the cached token: one token request however many probes, never the token', async () => {
    const url = await start();
    const probes = 5;
    const bodies: string[] = [];
    for (let i = 0; i < probes; i++) {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      bodies.push(await res.text());
    }
    expect(JSON.parse(bodies[0] ?? '')).toMatchObject({
      status: 'ok',
      info: { visma: { status: 'up', tenantId: DEMO_TENANT } },
    });
    expect(t.servers.connect.counts.token).toBe(1);
    const token = await t.app?.get(VismaTokenService).getToken();
    for (const body of bodies) {
      expect(body).not.toContain(token?.accessToken ?? 'no token');
      expect(body).not.toContain('demo-secret');
    }
  });

  it('reports down with the error code only (503) when no token can be had: no secret, no Visma text', async () => {
    const secret = 'wrong-secret-value';
    const url = await start(secret);
    const res = await getJson(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error' });
    expect((res.body as { error: unknown }).error).toEqual({
      visma: { status: 'down', code: 'ERR_VISMA_OAUTH' },
    });
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(JSON.stringify(res.body)).not.toContain(DEMO_CLIENT.clientId);
  });

  it('with resolveTenant (nestjs-cls), checks the registration’s own tenant whatever tenant a request names', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TerminusModule,
        clsWithTenantHeader(),
        VismaAuthModule.forRootAsync({
          inject: [ClsService],
          useFactory: (cls: ClsService) => ({
            ...demoOptions(t.servers),
            logger: false,
            resolveTenant: () => cls.get<string | undefined>('tenantId'),
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [VismaHealthIndicator],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);
    const statuses: number[] = [];
    for (const tenant of ['anything', 'another-company', 'a-third']) {
      const res = await fetch(`${url}/health`, {
        headers: { 'x-tenant-id': tenant },
        signal: AbortSignal.timeout(5_000),
      });
      statuses.push(res.status);
      expect(await res.json()).toMatchObject({ info: { visma: { tenantId: DEMO_TENANT } } });
    }
    expect(statuses).toEqual([200, 200, 200]);
    const tokenRequests = t.servers.connect.requests.filter((r) => r.grantType !== undefined);
    expect(tokenRequests.map((r) => r.tenantId)).toEqual([DEMO_TENANT]);
    // The caller of isHealthy may still name a tenant itself.
    const named = await t.app.get(VismaHealthIndicator).isHealthy('v', { tenantId: 'other' });
    expect(named).toMatchObject({ v: { status: 'down', code: 'ERR_VISMA_OAUTH' } });
  });
});
