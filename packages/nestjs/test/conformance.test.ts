import 'reflect-metadata';
import type { HttpService } from '@nestjs/axios';
import { Test } from '@nestjs/testing';
import {
  axiosRawResponse,
  describeAdapterConformance,
  toAxiosRequest,
} from '@visma-auth-internal/adapter-conformance';
import { firstValueFrom } from 'rxjs';
import { getVismaHttpServiceToken, VismaAuthModule } from '../src/index.js';

// The module builds its own provider from the options, as an app does; the suite checks what
// the local Visma Connect and APIs saw. A lazy or shared provider given to the module through
// overrideProvider is tested in override.test.ts.
describeAdapterConformance(
  'VismaAuthModule HttpService',
  async ({ providerOptions, origins }) => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        VismaAuthModule.forRoot({
          ...providerOptions,
          http: {
            allowedOrigins: origins,
            ...axiosRawResponse,
          },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const http = app.get<HttpService>(getVismaHttpServiceToken());
    return {
      async send(request) {
        const res = await firstValueFrom(http.request<string>(toAxiosRequest(request)));
        return { status: res.status, body: res.data };
      },
      close: () => app.close(),
    };
  },
  { lazyProviders: false },
);
