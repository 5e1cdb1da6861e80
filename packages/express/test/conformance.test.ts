import {
  appAdapter,
  describeAdapterConformance,
  describeFrameworkIntegration,
} from '@visma-auth-internal/adapter-conformance';
import express5 from 'express';
import express4 from 'express4';
import type { VismaAuthOptions } from '../src/index.js';
import { startApp } from './app.js';

for (const [major, createApp] of [
  ['Express 5', express5],
  ['Express 4', express4],
] as const) {
  describeAdapterConformance(`vismaAuth (${major})`, async ({ provider, origins }) => {
    const [baseUrl, ...allowedOrigins] = origins;
    return appAdapter(
      await startApp(createApp, {
        provider,
        baseUrl: baseUrl as string,
        ...(allowedOrigins.length > 0 && { allowedOrigins }),
      }),
    );
  });

  describeFrameworkIntegration(`vismaAuth (${major})`, {
    clientId: 'express-tests',
    start: (options) => startApp(createApp, options as VismaAuthOptions),
  });
}
