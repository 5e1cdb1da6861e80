// Runs the app against a local Visma Connect and Visma API from @visma-auth/testing (loopback,
// random ports), checks the answers, and exits by itself: nothing may keep the process alive.

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type INestApplication, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { VismaConfigError } from '@visma-auth/core';
import { VismaAuthTestingModule } from '@visma-auth/nestjs/testing';
import {
  DEMO_CLIENT,
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';
import { AppModule } from './app.module.js';
import { API_KEY_HEADER } from './caller.guard.js';
import { ErpModule } from './erp/erp.module.js';
import { ErpService } from './erp/erp.service.js';

/** A second company that has granted the demo client access. */
const OTHER_TENANT = '5d6f0c2e-8a41-4b7e-9c3d-2f1a7e6b9d40';

/** Calls each route of the running app as the callers of `tenants` (one API key each). */
async function check(
  app: INestApplication,
  connect: MockConnect,
  tenants: string[],
  keys: string[],
) {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const call = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  const get = async (path: string, apiKey = keys[0], headers: Record<string, string> = {}) => {
    const res = await call(path, { [API_KEY_HEADER]: apiKey, ...headers });
    if (res.status !== 200) throw new Error(`GET /${path} answered ${res.status}`);
    return res.json();
  };

  await get('customers');
  console.log('GET /customers -> 200');
  // Two callers at once: each request's token is for the company its caller's API key is bound to.
  const answers = await Promise.all(keys.map((key) => get('customers', key)));
  const seen = answers.map((a: { tenant_id?: string }) => a.tenant_id);
  if (seen.join() !== tenants.join()) throw new Error(`tenants mixed up: ${seen.join()}`);
  if (connect.counts.issued !== tenants.length)
    throw new Error(`expected one token per tenant, Visma Connect issued ${connect.counts.issued}`);
  console.log(`GET /customers with ${API_KEY_HEADER} -> 200, one token per tenant`);
  // No key: refused. A tenant header changes nothing: the caller's own company is used.
  const refused = await call('customers', { 'x-tenant-id': tenants[1] });
  if (refused.status !== 401)
    throw new Error(`GET /customers without a key answered ${refused.status}`);
  const own = await get('customers', keys[0], { 'x-tenant-id': tenants[1] });
  if (own.tenant_id !== tenants[0]) throw new Error('a tenant header chose the company');
  console.log('GET /customers without a key -> 401; a tenant header changes nothing');
  const token = await get('token');
  if (token.tenantId !== tenants[0]) throw new Error('GET /token names another tenant');
  console.log('GET /token -> 200');
  const health = await get('health');
  if (health.info?.visma?.status !== 'up') throw new Error('GET /health is not up');
  console.log('GET /health -> 200, visma up');
  // Outside a request there is no caller: the service names the company in `vismaAuth`.
  const job = (await app.get(ErpService).customersOf(tenants[1])) as { tenant_id?: string };
  if (job.tenant_id !== tenants[1]) throw new Error('customersOf used another company');
  console.log('ErpService.customersOf(tenant) -> 200 for that tenant');
}

/**
 * What a test of ErpService imports in place of the app's registration (Jest cannot load Nest 12,
 * so the demo runs it): the app's own ErpModule on a fixed token that never reaches Visma Connect.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    VismaAuthTestingModule.forRoot({ accessToken: 'test-token' }),
    ErpModule,
  ],
})
class ErpTestModule {}

/** Checks that ErpService sends the fixed token of VismaAuthTestingModule and no token is fetched. */
async function checkTestingModule(api: MockApi, connect: MockConnect) {
  const tokenRequests = connect.counts.token;
  const ctx = await NestFactory.createApplicationContext(ErpTestModule, { logger: ['error'] });
  try {
    // The local Visma API rejects the fixed token (401); what matters is what it was sent.
    await ctx
      .get(ErpService)
      .customers()
      .catch(() => undefined);
  } finally {
    await ctx.close();
  }
  if (api.requests.at(-1)?.authorization !== 'Bearer test-token')
    throw new Error('VismaAuthTestingModule: ErpService did not send the fixed token');
  if (connect.counts.token !== tokenRequests)
    throw new Error('VismaAuthTestingModule: Visma Connect was asked for a token');
  console.log('VismaAuthTestingModule -> ErpService sends the fixed token, no token request');
}

async function main() {
  const tenants = [DEMO_CLIENT.tenants[0], OTHER_TENANT];
  const connect = await startMockConnect({ clients: [{ ...DEMO_CLIENT, tenants }] });
  const api = await startMockApi({ connect });
  try {
    process.env.VISMA_CLIENT_ID = DEMO_CLIENT.clientId;
    process.env.VISMA_CLIENT_SECRET = DEMO_CLIENT.clientSecret;
    process.env.VISMA_TENANT_ID = tenants[0];
    process.env.VISMA_AUTHORITY = connect.url;
    process.env.VISMA_API_URL = api.url;
    // One API key per caller, each bound to one company (fresh on every run, never written down).
    const keys = tenants.map(() => randomBytes(24).toString('base64url'));
    process.env.CALLER_API_KEYS = keys.map((key, i) => `${key}=${tenants[i]}`).join(',');

    const app = await NestFactory.create(AppModule, { logger: ['error'] });
    try {
      await check(app, connect, tenants, keys);
    } finally {
      await app.close();
    }

    // A bad option fails the boot with the app's own VismaConfigError class.
    process.env.VISMA_SCOPES = ' ';
    const failure = await NestFactory.create(AppModule, {
      logger: false,
      abortOnError: false,
    }).then(
      async (wrongly) => {
        await wrongly.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    if (!(failure instanceof VismaConfigError)) {
      throw new Error(`expected a VismaConfigError at boot, got ${String(failure)}`);
    }
    console.log(`bad scopes -> VismaConfigError (${failure.option})`);

    await checkTestingModule(api, connect);
  } finally {
    await api.close();
    await connect.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
