import 'reflect-metadata';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { VismaHealthIndicator } from '../src/health.js';
import { VismaAuthModule, VismaTokenService } from '../src/index.js';
import { DEMO_TENANT, demoOptions, getJson, listen, useServers } from './helpers.js';

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

  it('reports down with the error code (503) when no token can be had, without the secret', async () => {
    const secret = 'wrong-secret-value';
    const url = await start(secret);
    const res = await getJson(`${url}/health`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { visma: { status: 'down', code: 'ERR_VISMA_OAUTH' } },
    });
    expect(JSON.stringify(res.body)).not.toContain(secret);
  });
});
