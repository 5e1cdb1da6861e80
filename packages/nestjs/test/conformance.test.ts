import 'reflect-metadata';
import { Readable } from 'node:stream';
import type { HttpService } from '@nestjs/axios';
import { Test } from '@nestjs/testing';
import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { firstValueFrom } from 'rxjs';
import { getVismaHttpServiceToken, VismaAuthModule } from '../src/index.js';

// The module builds its own provider from the options, as an app does; the suite checks what
// the local Visma Connect and APIs saw.
describeAdapterConformance('VismaAuthModule HttpService', async ({ providerOptions, origins }) => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      VismaAuthModule.forRoot({
        ...providerOptions,
        http: {
          allowedOrigins: origins,
          validateStatus: () => true,
          responseType: 'text',
          transformResponse: [(data: unknown) => data],
        },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  const http = app.get<HttpService>(getVismaHttpServiceToken());
  return {
    async send({ url, method, body, stream, headers, tenantId, signal }) {
      const res = await firstValueFrom(
        http.request<string>({
          url,
          method,
          signal,
          headers: { 'content-type': 'application/json', ...headers },
          data: stream && body !== undefined ? Readable.from([body]) : body,
          ...(tenantId === undefined ? {} : { vismaAuth: { tenantId } }),
        }),
      );
      return { status: res.status, body: res.data };
    },
    close: () => app.close(),
  };
});
