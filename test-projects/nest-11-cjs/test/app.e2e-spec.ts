import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { VismaConfigError } from '@visma-auth/core';
import { VismaTokenService } from '@visma-auth/nestjs';
import { FixedTokenProvider } from '@visma-auth/nestjs/testing';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import request from 'supertest';
import { AppModule } from './../src/app.module';
import { API_KEY_HEADER } from './../src/caller.guard';

/** A second company that has granted the demo client access. */
const OTHER_TENANT = '5d6f0c2e-8a41-4b7e-9c3d-2f1a7e6b9d40';
const tenants = [DEMO_CLIENT.tenants[0], OTHER_TENANT];
/** One API key per caller, each bound to one company (fresh on every run). */
const keys = tenants.map(() => randomBytes(24).toString('base64url'));

describe('AppController (e2e)', () => {
  let connect: Awaited<ReturnType<typeof startMockConnect>>;
  let api: Awaited<ReturnType<typeof startMockApi>>;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    connect = await startMockConnect({ clients: [{ ...DEMO_CLIENT, tenants }] });
    api = await startMockApi({ connect });
  });

  afterAll(async () => {
    await api.close();
    await connect.close();
  });

  beforeEach(async () => {
    connect.reset();
    process.env.VISMA_CLIENT_ID = DEMO_CLIENT.clientId;
    process.env.VISMA_CLIENT_SECRET = DEMO_CLIENT.clientSecret;
    process.env.VISMA_TENANT_ID = tenants[0];
    process.env.VISMA_AUTHORITY = connect.url;
    process.env.VISMA_API_URL = api.url;
    process.env.CALLER_API_KEYS = keys.map((key, i) => `${key}=${tenants[i]}`).join(',');
    delete process.env.VISMA_SCOPES;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const started = moduleRef.createNestApplication();
    app = started;
    return started.init();
  }

  it('/customers (GET) calls the Visma API with a token', async () => {
    const res = await request((await start()).getHttpServer())
      .get('/customers')
      .set(API_KEY_HEADER, keys[0])
      .expect(200);
    expect(res.body.tenant_id).toBe(tenants[0]);
  });

  it('/customers (GET) uses the company of each caller, two at once', async () => {
    const server = (await start()).getHttpServer();
    const answers = await Promise.all(
      keys.map((key) => request(server).get('/customers').set(API_KEY_HEADER, key).expect(200)),
    );
    expect(answers.map((res) => res.body.tenant_id)).toEqual(tenants);
    expect(connect.counts.issued).toBe(tenants.length);
  });

  it('/customers (GET) refuses a caller without a valid API key, and a tenant header chooses nothing', async () => {
    const server = (await start()).getHttpServer();
    await request(server).get('/customers').set('x-tenant-id', tenants[1]).expect(401);
    await request(server).get('/customers').set(API_KEY_HEADER, 'not-a-key').expect(401);
    const own = await request(server)
      .get('/customers')
      .set(API_KEY_HEADER, keys[0])
      .set('x-tenant-id', tenants[1])
      .expect(200);
    expect(own.body.tenant_id).toBe(tenants[0]);
    expect(connect.counts.issued).toBe(1);
  });

  it('/token (GET) reports the tenant of the token', async () => {
    const res = await request((await start()).getHttpServer())
      .get('/token')
      .set(API_KEY_HEADER, keys[0])
      .expect(200);
    expect(res.body.tenantId).toBe(tenants[0]);
  });

  it('/health (GET) is up while a token can be had', async () => {
    const res = await request((await start()).getHttpServer())
      .get('/health')
      .expect(200);
    expect(res.body.info.visma).toMatchObject({ status: 'up', tenantId: tenants[0] });
  });

  it('overrideProvider(VismaTokenService) changes the token the HTTP service sends', async () => {
    // A stand-in ERP API that accepts any token and records the headers it gets.
    const seen: IncomingHttpHeaders[] = [];
    const erp = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
    process.env.VISMA_API_URL = `http://127.0.0.1:${(erp.address() as AddressInfo).port}`;
    try {
      const fixed = new FixedTokenProvider({ accessToken: 'test-token', tenantId: 'test-tenant' });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(VismaTokenService)
        .useValue(fixed)
        .compile();
      app = moduleRef.createNestApplication();
      await app.init();

      await request(app.getHttpServer()).get('/customers').set(API_KEY_HEADER, keys[0]).expect(200);
      expect(seen.map((h) => h.authorization)).toEqual(['Bearer test-token']);
      expect(fixed.requests).toEqual([{ tenantId: 'test-tenant', scopes: [] }]);
      expect(connect.counts.token).toBe(0);
    } finally {
      erp.closeAllConnections();
      await new Promise((resolve) => erp.close(resolve));
    }
  });

  it('a bad option fails with the app’s VismaConfigError', async () => {
    process.env.VISMA_SCOPES = ' ';
    const compiling = Test.createTestingModule({ imports: [AppModule] }).compile();
    await expect(compiling).rejects.toBeInstanceOf(VismaConfigError);
  });
});
