import 'reflect-metadata';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Controller, Get, type INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DEMO_CLIENT } from '@visma-auth/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  attachVismaAuth,
  getVismaTokenProviderToken,
  InjectVismaHttp,
  InjectVismaTokenService,
  VismaAuthModule,
  VismaTokenService,
} from '../src/index.js';
import { DEMO_SCOPE, DEMO_TENANT, demoOptions, getJson, listen, startServers } from './helpers.js';

const PAYROLL = {
  clientId: 'payroll-client',
  clientSecret: 'payroll-secret',
  scope: 'payroll:read',
};

@Controller()
class ClientsController {
  constructor(
    @InjectVismaHttp('erp') private readonly erp: HttpService,
    @InjectVismaHttp('payroll') private readonly payroll: HttpService,
    @InjectVismaTokenService('payroll') private readonly payrollTokens: VismaTokenService,
  ) {}

  @Get('erp')
  async erpCall(): Promise<unknown> {
    return (await firstValueFrom(this.erp.get('/erp/v1/customers'))).data;
  }

  @Get('payroll')
  async payrollCall(): Promise<unknown> {
    return (await firstValueFrom(this.payroll.get('/payroll/v1/employees'))).data;
  }

  @Get('payroll-token')
  async payrollToken(): Promise<unknown> {
    const token = await this.payrollTokens.getToken();
    return { scopes: token.scopes, expiresAt: token.expiresAt };
  }
}

@Injectable()
class ExistingHttpClient {
  constructor(
    readonly http: HttpService,
    visma: VismaTokenService,
  ) {
    attachVismaAuth(http, visma);
  }
}

describe('HTTP service', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('retries a 401 once with a fresh token through the injected HttpService', async () => {
    await using servers = await startServers();
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot({ ...demoOptions(servers), name: 'erp' })],
    }).compile();
    const http = moduleRef.get<HttpService>('VismaHttpService:erp');

    const first = await firstValueFrom(http.get('/v1/a'));
    expect(first.status).toBe(200);
    servers.api.rejectNext(1);
    const retried = await firstValueFrom(http.get('/v1/b'));
    expect(retried.status).toBe(200);
    expect(retried.data).toMatchObject({ path: '/v1/b', tenant_id: DEMO_TENANT });

    const calls = servers.api.requests.map((r) => [r.path, r.status]);
    expect(calls).toEqual([
      ['/v1/a', 200],
      ['/v1/b', 401],
      ['/v1/b', 200],
    ]);
    const [, rejected, accepted] = servers.api.requests;
    expect(rejected?.authorization).not.toBe(accepted?.authorization);
    // The first token, then one fresh token after the 401.
    expect(servers.connect.counts.issued).toBe(2);

    // A second 401 in a row is handed to the caller, not retried again.
    servers.api.rejectNext(2);
    await expect(firstValueFrom(http.get('/v1/c'))).rejects.toMatchObject({
      response: { status: 401 },
    });
    await moduleRef.close();
  });

  it('never sends the token to an origin other than the baseURL', async () => {
    await using servers = await startServers();
    await using other = await startServers();
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(servers))],
    }).compile();
    const http = moduleRef.get<HttpService>('VismaHttpService');
    await expect(firstValueFrom(http.get(`${other.api.url}/v1/x`))).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(other.api.requests[0]?.authorization).toBeUndefined();
    expect(servers.connect.counts.token).toBe(0);
    await moduleRef.close();
  });

  it('keeps named clients apart: each route uses its own credentials', async () => {
    await using servers = await startServers({
      clients: [
        DEMO_CLIENT,
        {
          clientId: PAYROLL.clientId,
          clientSecret: PAYROLL.clientSecret,
          allowedScopes: [PAYROLL.scope],
        },
      ],
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        VismaAuthModule.forRoot({ ...demoOptions(servers), name: 'erp' }),
        VismaAuthModule.forRootAsync({
          name: 'payroll',
          useFactory: () => ({
            ...demoOptions(servers),
            clientId: PAYROLL.clientId,
            clientSecret: PAYROLL.clientSecret,
            scopes: PAYROLL.scope,
            tenantId: undefined,
          }),
        }),
      ],
      controllers: [ClientsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(app);

    expect((await getJson(`${url}/erp`)).body).toEqual({
      path: '/erp/v1/customers',
      tenant_id: DEMO_TENANT,
      scope: DEMO_SCOPE,
      client_id: 'demo-client',
    });
    expect((await getJson(`${url}/payroll`)).body).toMatchObject({
      path: '/payroll/v1/employees',
      scope: PAYROLL.scope,
      client_id: PAYROLL.clientId,
    });
    expect((await getJson(`${url}/payroll-token`)).body).toMatchObject({ scopes: [PAYROLL.scope] });
    expect(app.get(getVismaTokenProviderToken('erp'))).not.toBe(
      app.get(getVismaTokenProviderToken('payroll')),
    );
    // Neither named registration claims the unnamed tokens.
    expect(() => app?.get(VismaTokenService)).toThrow();
  });

  it("attachVismaAuth adds the interceptors to an existing HttpModule's axiosRef", async () => {
    await using servers = await startServers();
    const { http: _http, ...options } = demoOptions(servers);
    const moduleRef = await Test.createTestingModule({
      imports: [
        HttpModule.register({ baseURL: servers.api.url }),
        VismaAuthModule.forRoot(options),
      ],
      providers: [ExistingHttpClient],
    }).compile();
    const client = moduleRef.get(ExistingHttpClient);
    const res = await firstValueFrom(client.http.get('/v1/existing'));
    expect(res.data).toMatchObject({ path: '/v1/existing', client_id: 'demo-client' });
    servers.api.rejectNext(1);
    expect((await firstValueFrom(client.http.get('/v1/again'))).status).toBe(200);
    await moduleRef.close();
  });
});
