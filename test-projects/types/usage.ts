// Uses every published package's main exports and the nestjs `/testing` and `/health` subpaths,
// so `tsc` proves they resolve and type-check for this moduleResolution. The build copies it to
// usage.mts for the nodenext (ESM) check.
import { HttpService } from '@nestjs/axios';
import { Injectable, Module } from '@nestjs/common';
import { createVismaAxios, withVismaAuth } from '@visma-auth/axios';
import {
  type AccessToken,
  isVismaAuthError,
  type VismaAuthError,
  VismaConfigError,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
} from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import { vismaAuthHooks } from '@visma-auth/got';
import { InjectVismaHttp, VismaAuthModule, VismaTokenService } from '@visma-auth/nestjs';
import { VismaHealthIndicator } from '@visma-auth/nestjs/health';
import { FixedTokenProvider, VismaAuthTestingModule } from '@visma-auth/nestjs/testing';
import { createRedisTokenCache, type RedisTokenCache } from '@visma-auth/redis';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import { type VismaDispatchOptions, vismaAuth } from '@visma-auth/undici';
import axios from 'axios';
import { createClient } from 'redis';
import { Agent } from 'undici';

const options: VismaTokenProviderOptions = {
  clientId: DEMO_CLIENT.clientId,
  clientSecret: DEMO_CLIENT.clientSecret,
  scopes: ['vismanet_erp_service_api:read'],
};

export async function plain(): Promise<number> {
  const connect = await startMockConnect();
  const api = await startMockApi({ connect });
  const provider = new VismaTokenProvider({ ...options, authority: connect.url });
  const token: AccessToken = await provider.getToken();
  const vfetch = createVismaFetch(provider, { baseUrl: 'https://api.finance.visma.net' });
  const res: Response = await vfetch('/v1/customer');
  const client = withVismaAuth(
    axios.create({ baseURL: 'https://api.finance.visma.net' }),
    provider,
  );
  const other = createVismaAxios(provider, { baseURL: api.url });
  const { status } = await client.get<{ id: string }[]>('/v1/customer');
  await other.get('/v1/customer');
  await Promise.all([provider.close(), api.close(), connect.close()]);
  return res.status + status + token.expiresAt;
}

export function otherClients(provider: VismaTokenProvider) {
  const origin = 'https://api.finance.visma.net';
  const dispatcher = new Agent().compose(vismaAuth(provider, { origins: [origin] }));
  const perRequest: VismaDispatchOptions = {
    origin,
    path: '/v1/customer',
    method: 'GET',
    vismaAuth: { tenantId: DEMO_CLIENT.tenants[0] },
  };
  const hooks = vismaAuthHooks(provider, { baseUrl: origin });
  return { dispatcher, perRequest, hooks };
}

export async function shared(): Promise<RedisTokenCache> {
  const redis = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
  return createRedisTokenCache({ client: redis });
}

export function describeError(e: unknown): string {
  if (e instanceof VismaConfigError) return `option ${e.option}`;
  if (isVismaAuthError(e)) {
    const error: VismaAuthError = e;
    return error.code;
  }
  return 'unknown';
}

@Injectable()
export class ErpClient {
  constructor(
    @InjectVismaHttp() private readonly http: HttpService,
    private readonly visma: VismaTokenService,
  ) {}

  async customers(): Promise<unknown> {
    await this.visma.getAuthorizationHeader();
    return (await this.http.axiosRef.get('/v1/customer')).data;
  }
}

@Module({
  imports: [
    VismaAuthModule.forRoot({
      ...options,
      http: { baseURL: 'https://api.finance.visma.net' },
    }),
  ],
  providers: [ErpClient, VismaHealthIndicator],
})
export class AppModule {}

/** What a Nest test imports in place of VismaAuthModule, and the fixed token for overrideProvider. */
export const testImports = [
  VismaAuthTestingModule.forRoot({
    accessToken: 'test-token',
    http: { baseURL: 'http://127.0.0.1' },
  }),
];
export const fixedToken = new FixedTokenProvider({ accessToken: 'test-token', tenantId: 't1' });

export async function health(indicator: VismaHealthIndicator): Promise<string> {
  const result = await indicator.isHealthy('visma', { tenantId: DEMO_CLIENT.tenants[0] });
  return String(result.visma?.status);
}
