import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HttpService } from '@nestjs/axios';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Module,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { VismaTokenProvider } from '@visma-auth/core';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  getVismaHttpServiceToken,
  InjectVismaHttp,
  VismaAuthModule,
  VismaTokenService,
} from '../src/index.js';
import { DEMO_TENANT, demoOptions, startServers } from './helpers.js';

// This package is CommonJS, so its tests locate files through __dirname.
const FIXTURE = join(__dirname, 'fixtures', 'built-app.mjs');
const DIST = join(__dirname, '..', 'dist', 'index.js');

/** Runs the fixture app in its own Node process; kills it (and fails) if it does not exit by itself. */
function runFixture(
  mode: string,
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, mode], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

@Injectable()
class FinalFlush implements OnModuleDestroy, BeforeApplicationShutdown {
  readonly seen: string[] = [];
  constructor(private readonly visma: VismaTokenService) {}

  async onModuleDestroy(): Promise<void> {
    this.seen.push(`destroy:${(await this.visma.getToken()).tenantId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.seen.push(`before-shutdown:${(await this.visma.getToken()).tenantId}`);
  }
}

describe('lifecycle', () => {
  it("the app's own destroy and before-shutdown hooks can still get tokens", async () => {
    await using servers = await startServers();
    for (const isGlobal of [false, true]) {
      const moduleRef = await Test.createTestingModule({
        imports: [VismaAuthModule.forRoot({ ...demoOptions(servers), isGlobal })],
        providers: [FinalFlush],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      const flush = app.get(FinalFlush);
      await app.close();
      expect(flush.seen).toEqual([`destroy:${DEMO_TENANT}`, `before-shutdown:${DEMO_TENANT}`]);
      await expect(app.get(VismaTokenProvider).getToken()).rejects.toMatchObject({
        code: 'ERR_VISMA_CLOSED',
      });
    }
  });

  it('app.close() completes streams and closes the provider and the HTTP services', async () => {
    await using servers = await startServers();
    @Injectable()
    class FeatureClient {
      constructor(@InjectVismaHttp() readonly http: HttpService) {}
    }
    @Module({
      imports: [VismaAuthModule.forFeature({ http: { baseURL: servers.api.url } })],
      providers: [FeatureClient],
      exports: [FeatureClient],
    })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(servers)), FeatureModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const visma = app.get(VismaTokenService);
    const provider = app.get(VismaTokenProvider);
    const http = app.get<HttpService>(getVismaHttpServiceToken());
    await visma.getToken();
    let completed = false;
    visma.token$().subscribe({ complete: () => (completed = true) });
    await app.close();
    expect(completed).toBe(true);

    await expect(provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
    // After close the interceptors are gone, so a request no longer carries a token.
    await expect(firstValueFrom(http.get('/v1/after-close'))).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(servers.api.requests.at(-1)?.authorization).toBeUndefined();
    const feature = app.get(FeatureClient, { strict: false }).http;
    await expect(firstValueFrom(feature.get('/v1/feature-after-close'))).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(servers.api.requests.at(-1)).toMatchObject({ path: '/v1/feature-after-close' });
    expect(servers.api.requests.at(-1)?.authorization).toBeUndefined();
    expect(JSON.stringify(provider)).not.toContain('demo-secret');
  });

  it('the built package runs in a real Nest app whose process exits by itself after close', async () => {
    expect(existsSync(DIST), 'build the package first (turbo runs build before test)').toBe(true);
    const run = await runFixture('ok');
    expect(run.timedOut, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { route: string; status: number; body: Record<string, unknown> },
      );
    expect(lines).toEqual([
      {
        route: 'customers',
        status: 200,
        body: {
          path: '/v1/customers',
          tenant_id: DEMO_TENANT,
          scope: 'vismanet_erp_service_api:read',
          client_id: 'demo-client',
        },
      },
      {
        route: 'health',
        status: 200,
        body: { tenantId: DEMO_TENANT, expiresInSeconds: expect.any(Number) },
      },
    ]);
    const expiresIn = lines[1]?.body.expiresInSeconds as number;
    expect(expiresIn).toBeGreaterThan(3500);
    expect(expiresIn).toBeLessThanOrEqual(3600);
    expect(run.stdout + run.stderr).not.toMatch(/demo-secret|eyJ/);
  });

  it('a bad option stops NestFactory.create with exit code 1 and a message naming it', async () => {
    const run = await runFixture('bad-options');
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid option `scopes`');
    expect(run.stdout + run.stderr).not.toContain('demo-secret');
  });
});
