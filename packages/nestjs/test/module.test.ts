import 'reflect-metadata';
import type { HttpService } from '@nestjs/axios';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { VismaConfigError, VismaTokenProvider } from '@visma-auth/core';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  InjectVismaHttp,
  VismaAuthModule,
  type VismaAuthModuleOptions,
  type VismaAuthOptionsFactory,
  VismaTokenService,
} from '../src/index.js';
import { DEMO_SCOPE, DEMO_TENANT, demoOptions, getJson, listen, useServers } from './helpers.js';

@Controller('erp')
class ErpController {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}

  @Get('customers')
  async customers(): Promise<unknown> {
    const res = await firstValueFrom(this.http.get('/v1/customers'));
    return res.data;
  }
}

@Injectable()
class TokenConsumer {
  constructor(readonly visma: VismaTokenService) {}
}

@Module({ providers: [TokenConsumer], exports: [TokenConsumer] })
class FeatureModule {}

describe('VismaAuthModule', () => {
  const t = useServers();

  it('forRoot provides the token service, the core provider and an HttpService carrying the token', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(t.servers))],
      controllers: [ErpController],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);

    const res = await getJson(`${url}/erp/customers`);
    expect(res).toEqual({
      status: 200,
      body: {
        path: '/v1/customers',
        tenant_id: DEMO_TENANT,
        scope: DEMO_SCOPE,
        client_id: 'demo-client',
      },
    });

    const service = t.app.get(VismaTokenService);
    const provider = t.app.get(VismaTokenProvider);
    expect(service.provider).toBe(provider);
    const token = await service.getToken();
    expect(token.tenantId).toBe(DEMO_TENANT);
    expect(await service.getAuthorizationHeader()).toBe(`Bearer ${token.accessToken}`);
    // One token served the API call and both lookups.
    expect(t.servers.connect.counts.issued).toBe(1);
    expect(await service.invalidate()).toBe(true);
    expect((await service.getToken()).accessToken).not.toBe(token.accessToken);
  });

  it('forRootAsync reads its options from ConfigService', async () => {
    const env = {
      VISMA_CLIENT_ID: 'demo-client',
      VISMA_CLIENT_SECRET: 'demo-secret',
      VISMA_TENANT_ID: DEMO_TENANT,
      VISMA_AUTHORITY: t.servers.connect.url,
      VISMA_API_URL: t.servers.api.url,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => env] }),
        VismaAuthModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (c: ConfigService): VismaAuthModuleOptions => ({
            clientId: c.getOrThrow<string>('VISMA_CLIENT_ID'),
            clientSecret: c.getOrThrow<string>('VISMA_CLIENT_SECRET'),
            scopes: [DEMO_SCOPE],
            tenantId: c.get<string>('VISMA_TENANT_ID'),
            authority: c.getOrThrow<string>('VISMA_AUTHORITY'),
            http: { baseURL: c.getOrThrow<string>('VISMA_API_URL') },
          }),
        }),
      ],
      controllers: [ErpController],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: false });
    const url = await listen(t.app);
    const res = await getJson(`${url}/erp/customers`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenant_id: DEMO_TENANT, client_id: 'demo-client' });
  });

  it('forRootAsync calls createVismaAuthOptions() of a useClass / useExisting factory and takes extraProviders', async () => {
    const options = demoOptions(t.servers);
    const OPTIONS_SOURCE = Symbol('OPTIONS_SOURCE');
    @Injectable()
    class VismaOptionsFactory implements VismaAuthOptionsFactory {
      createVismaAuthOptions(): VismaAuthModuleOptions {
        return options;
      }
    }
    @Injectable()
    class FromExtraProvider implements VismaAuthOptionsFactory {
      constructor(@Inject(OPTIONS_SOURCE) private readonly source: () => VismaAuthModuleOptions) {}
      createVismaAuthOptions(): VismaAuthModuleOptions {
        return this.source();
      }
    }
    @Module({ providers: [VismaOptionsFactory], exports: [VismaOptionsFactory] })
    class OptionsModule {}

    for (const registration of [
      VismaAuthModule.forRootAsync({ useClass: VismaOptionsFactory }),
      VismaAuthModule.forRootAsync({ imports: [OptionsModule], useExisting: VismaOptionsFactory }),
      VismaAuthModule.forRootAsync({
        useClass: FromExtraProvider,
        extraProviders: [{ provide: OPTIONS_SOURCE, useValue: () => options }],
      }),
      VismaAuthModule.forRootAsync({
        inject: [OPTIONS_SOURCE],
        useFactory: (source: () => VismaAuthModuleOptions) => source(),
        extraProviders: [{ provide: OPTIONS_SOURCE, useValue: () => options }],
      }),
    ]) {
      const moduleRef = await Test.createTestingModule({ imports: [registration] }).compile();
      const token = await moduleRef.get(VismaTokenService).getToken();
      expect(token.tenantId).toBe(DEMO_TENANT);
      await moduleRef.close();
    }
  });

  it('is global by default: feature modules inject the service without importing VismaAuthModule', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(t.servers)), FeatureModule],
    }).compile();
    const consumer = moduleRef.get(TokenConsumer);
    expect(consumer.visma).toBe(moduleRef.get(VismaTokenService));
    expect((await consumer.visma.getToken()).tenantId).toBe(DEMO_TENANT);
    await moduleRef.close();
  });

  it('with isGlobal: false the service stays private to the importing module', async () => {
    await expect(
      Test.createTestingModule({
        imports: [
          VismaAuthModule.forRoot({ ...demoOptions(t.servers), isGlobal: false }),
          FeatureModule,
        ],
      }).compile(),
    ).rejects.toThrow(/can't resolve dependencies of the TokenConsumer/i);
  });

  it('fails the boot with a VismaConfigError naming the bad option, without the secret', async () => {
    const secret = 'do-not-print-this-secret';
    const attempts = [
      VismaAuthModule.forRoot({ ...demoOptions(t.servers), clientSecret: secret, scopes: [] }),
      VismaAuthModule.forRootAsync({
        useFactory: async () => ({
          ...demoOptions(t.servers),
          clientSecret: secret,
          tokenUrl: 'http://example.com/token',
        }),
      }),
      VismaAuthModule.forRoot({
        ...demoOptions(t.servers),
        clientSecret: secret,
        http: { timeout: 1000 },
      }),
    ];
    const names: string[] = [];
    for (const registration of attempts) {
      const error = await Test.createTestingModule({ imports: [registration] })
        .compile()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(VismaConfigError);
      const configError = error as VismaConfigError;
      expect(configError.message).toContain(`\`${configError.option}\``);
      expect(configError.message).not.toContain(secret);
      names.push(configError.option);
    }
    // No API call was needed to find out; the last one has no baseURL and no allowedOrigins.
    expect(names).toEqual(['scopes', 'tokenUrl', 'http.allowedOrigins']);
    expect(t.servers.connect.counts.token).toBe(0);
  });

  it('without http options the boot fails when a class injects the HttpService, naming it and `http`', async () => {
    const { http: _http, ...options } = demoOptions(t.servers);
    for (const registration of [
      VismaAuthModule.forRoot(options),
      VismaAuthModule.forRootAsync({ useFactory: () => options }),
    ]) {
      const error = await Test.createTestingModule({
        imports: [registration],
        controllers: [ErpController],
      })
        .compile()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(VismaConfigError);
      expect((error as VismaConfigError).option).toBe('http');
      expect((error as Error).message).toMatch(/ErpController injects the HttpService/);
      expect((error as Error).message).toMatch(/add http: \{ baseURL \}/);
      // Without a class that injects it, the same registration boots.
      const moduleRef = await Test.createTestingModule({ imports: [registration] }).compile();
      expect((await moduleRef.get(VismaTokenService).getToken()).tenantId).toBe(DEMO_TENANT);
      await moduleRef.close();
    }
    expect(t.servers.api.requests).toHaveLength(0);
  });
});
