/**
 * The three adapters the soak drives, each set up the way its README shows, behind one
 * `call(path, tenant)` that resolves with the API's status or rejects with the adapter's error.
 */

import type { HttpService } from '@nestjs/axios';
import { createVismaAxios } from '@visma-auth/axios';
import { VismaTokenProvider, type VismaTokenProviderOptions } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';

export interface SoakAdapter {
  call(path: string, tenant: string): Promise<number>;
  close(): Promise<void>;
}

export interface AdapterSetup {
  options: VismaTokenProviderOptions;
  apiUrl: string;
  /** Called with the Authorization header of every request the API answered with 2xx. */
  onAccepted(tenant: string, authorization: string | undefined): void;
}

const CALL_TIMEOUT_MS = 15_000;

export async function createAdapter(name: string, setup: AdapterSetup): Promise<SoakAdapter> {
  if (name === 'fetch') return fetchAdapter(setup);
  if (name === 'axios') return axiosAdapter(setup);
  if (name === 'nest') return nestAdapter(setup);
  throw new Error(`unknown adapter ${name}`);
}

function fetchAdapter({ options, apiUrl, onAccepted }: AdapterSetup): SoakAdapter {
  const provider = new VismaTokenProvider(options);
  const vfetch = createVismaFetch(provider, {
    baseUrl: apiUrl,
    // The transport sees the request as sent, so the worker knows which token the API accepted.
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      const headers = new Headers(init?.headers);
      if (res.ok) {
        onAccepted(headers.get('x-soak-tenant') ?? '', headers.get('authorization') ?? undefined);
      }
      return res;
    },
  });
  return {
    async call(path, tenant) {
      const res = await vfetch(path, {
        vismaAuth: { tenantId: tenant },
        headers: { 'x-soak-tenant': tenant },
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      return res.status;
    },
    close: () => provider.close(),
  };
}

function trackAccepted(instance: AxiosInstance, onAccepted: AdapterSetup['onAccepted']): void {
  instance.interceptors.response.use((response: AxiosResponse) => {
    const tenant = (response.config as { soakTenant?: string }).soakTenant ?? '';
    onAccepted(tenant, response.config.headers.get('Authorization')?.toString());
    return response;
  });
}

/** Per-request config: the tenant, and every status resolves so a 401 is reported, not thrown. */
function requestConfig(tenant: string): AxiosRequestConfig {
  return {
    vismaAuth: { tenantId: tenant },
    soakTenant: tenant,
    validateStatus: () => true,
  } as AxiosRequestConfig;
}

async function axiosStatus(instance: AxiosInstance, path: string, tenant: string) {
  return (await instance.get(path, requestConfig(tenant))).status;
}

function axiosAdapter({ options, apiUrl, onAccepted }: AdapterSetup): SoakAdapter {
  const provider = new VismaTokenProvider(options);
  const api = createVismaAxios(provider, { baseURL: apiUrl, timeout: CALL_TIMEOUT_MS });
  trackAccepted(api, onAccepted);
  return {
    call: (path, tenant) => axiosStatus(api, path, tenant),
    close: () => provider.close(),
  };
}

async function nestAdapter({ options, apiUrl, onAccepted }: AdapterSetup): Promise<SoakAdapter> {
  const [{ NestFactory }, { VismaAuthModule, getVismaHttpServiceToken }] = await Promise.all([
    import('@nestjs/core'),
    import('@visma-auth/nestjs'),
  ]);
  const app = await NestFactory.createApplicationContext(
    VismaAuthModule.forRoot({
      ...options,
      http: { baseURL: apiUrl, timeout: CALL_TIMEOUT_MS },
    }),
    { logger: ['error', 'warn'] },
  );
  const http = app.get<HttpService>(getVismaHttpServiceToken());
  trackAccepted(http.axiosRef, onAccepted);
  return {
    async call(path, tenant) {
      const response = await firstValueFrom(http.get(path, requestConfig(tenant)));
      return response.status;
    },
    close: () => app.close(),
  };
}
