import { appAdapter, describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
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
}
