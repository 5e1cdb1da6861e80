import type { INestApplication } from '@nestjs/common';
import {
  DEMO_CLIENT,
  type MockApi,
  type MockConnect,
  type MockConnectOptions,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';
import { ClsModule, type ClsService } from 'nestjs-cls';
import { afterEach, beforeEach } from 'vitest';
import type { VismaAuthModuleOptions } from '../src/index.js';

export const DEMO_TENANT = DEMO_CLIENT.tenants?.[0] ?? '';
export const DEMO_SCOPE = 'vismanet_erp_service_api:read';

/** A local Visma Connect plus the protected API that trusts it. */
export interface Servers extends AsyncDisposable {
  connect: MockConnect;
  api: MockApi;
}

/** Starts the local Visma Connect and protected API on port 0. */
export async function startServers(options: MockConnectOptions = {}): Promise<Servers> {
  const connect = await startMockConnect(options);
  const api = await startMockApi({ connect });
  return {
    connect,
    api,
    async [Symbol.asyncDispose]() {
      await api.close();
      await connect.close();
    },
  };
}

/** The servers of the running test and the app it started, if any. */
export interface ServersContext {
  servers: Servers;
  app: INestApplication | undefined;
}

/** Starts the servers before each test (then runs `setup`) and closes the test's app and the servers after it. */
export function useServers(setup?: (servers: Servers) => void): ServersContext {
  const context = {} as ServersContext;
  beforeEach(async () => {
    context.servers = await startServers();
    setup?.(context.servers);
  });
  afterEach(async () => {
    await context.app?.close();
    context.app = undefined;
    await context.servers[Symbol.asyncDispose]();
  });
  return context;
}

/** Module options for the demo client against `connect`; `http` points at `api`. */
export function demoOptions(
  servers: Servers,
  overrides: Partial<VismaAuthModuleOptions> = {},
): VismaAuthModuleOptions {
  return {
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret ?? '',
    scopes: [DEMO_SCOPE],
    tenantId: DEMO_TENANT,
    authority: servers.connect.url,
    retry: false,
    http: { baseURL: servers.api.url },
    ...overrides,
  };
}

/** A clock tests move by hand. */
export class ManualClock {
  constructor(public time = Date.now()) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Starts `app` on an ephemeral loopback port and returns its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** GETs JSON from the app with a bounded wait. */
export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Waits until `check` returns true, polling every 10 ms for at most `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** nestjs-cls, global, keeping each request's `x-tenant-id` header as `tenantId` for `resolveTenant`. */
export function clsWithTenantHeader() {
  return ClsModule.forRoot({
    global: true,
    middleware: {
      mount: true,
      setup: (cls: ClsService, req: { headers: Record<string, unknown> }) => {
        cls.set('tenantId', req.headers['x-tenant-id']);
      },
    },
  });
}
