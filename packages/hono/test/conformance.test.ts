import { appAdapter, describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { startApp } from './app.js';

describeAdapterConformance(
  'vismaAuth (Hono 4 on @hono/node-server)',
  async ({ provider, origins }) => {
    const [baseUrl, ...allowedOrigins] = origins;
    return appAdapter(
      await startApp({
        provider,
        baseUrl: baseUrl as string,
        ...(allowedOrigins.length > 0 && { allowedOrigins }),
      }),
    );
  },
);
