import {
  appAdapter,
  describeAdapterConformance,
  describeFrameworkIntegration,
} from '@visma-auth-internal/adapter-conformance';
import { closeVismaProviders, type VismaHonoOptions } from '../src/index.js';
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

describeFrameworkIntegration('vismaAuth (Hono 4 on @hono/node-server)', {
  clientId: 'hono-tests',
  start: (options) => startApp(options as VismaHonoOptions),
  // Providers the middleware built from options live per process until this closes them.
  cleanup: closeVismaProviders,
});
