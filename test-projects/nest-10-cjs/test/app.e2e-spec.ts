import { INestApplication } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { VismaConfigError } from '@visma-auth/core';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import * as request from 'supertest';
import { AppModule } from './../src/app.module';

describe('AppController (e2e)', () => {
  let connect: Awaited<ReturnType<typeof startMockConnect>>;
  let api: Awaited<ReturnType<typeof startMockApi>>;
  let app: INestApplication;

  beforeAll(async () => {
    connect = await startMockConnect();
    api = await startMockApi({ connect });
    process.env.VISMA_CLIENT_ID = DEMO_CLIENT.clientId;
    process.env.VISMA_CLIENT_SECRET = DEMO_CLIENT.clientSecret;
    process.env.VISMA_TENANT_ID = DEMO_CLIENT.tenants[0];
    process.env.VISMA_AUTHORITY = connect.url;
    process.env.VISMA_API_URL = api.url;
  });

  afterAll(async () => {
    await api.close();
    await connect.close();
  });

  beforeEach(async () => {
    delete process.env.VISMA_SCOPES;
    const moduleFixture: TestingModule = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();

    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterEach(async () => {
    await app.close();
  });

  it('/customers (GET) calls the Visma API with a token', () => {
    return request(app.getHttpServer()).get('/customers').expect(200);
  });

  it('/token (GET) reports the tenant of the token', async () => {
    const res = await request(app.getHttpServer()).get('/token').expect(200);
    expect(res.body.tenantId).toBe(DEMO_CLIENT.tenants[0]);
  });

  it('a bad option fails with the app’s VismaConfigError', async () => {
    process.env.VISMA_SCOPES = ' ';
    const compiling = Test.createTestingModule({ imports: [AppModule] }).compile();
    await expect(compiling).rejects.toBeInstanceOf(VismaConfigError);
  });
});
