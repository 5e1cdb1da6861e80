import {
  appAdapter,
  describeAdapterConformance,
  describeFrameworkIntegration,
} from '@visma-auth-internal/adapter-conformance';
import type { VismaFastifyOptions } from '../src/index.js';
import { startApp } from './app.js';

for (const major of [5, 4] as const) {
  describeAdapterConformance(`vismaAuth (Fastify ${major})`, async ({ provider, origins }) => {
    const [baseUrl, ...allowedOrigins] = origins;
    return appAdapter(
      await startApp(
        {
          provider,
          baseUrl: baseUrl as string,
          ...(allowedOrigins.length > 0 && { allowedOrigins }),
        },
        major,
      ),
    );
  });

  describeFrameworkIntegration(`vismaAuth (Fastify ${major})`, {
    clientId: 'fastify-tests',
    start: (options) => startApp(options as VismaFastifyOptions, major),
  });
}
