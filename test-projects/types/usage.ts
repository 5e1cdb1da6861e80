// Uses every package's main exports, so `tsc` proves they resolve and type-check for this
// moduleResolution. The build copies it to usage.mts for the nodenext (ESM) check.
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
import { InjectVismaHttp, VismaAuthModule, VismaTokenService } from '@visma-auth/nestjs';
import { createRedisTokenCache, type RedisTokenCache } from '@visma-auth/redis';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import axios from 'axios';
import { createClient } from 'redis';

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
  providers: [ErpClient],
})
export class AppModule {}
