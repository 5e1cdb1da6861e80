// Runs the app against a local Visma Connect and Visma API from @visma-auth/testing (loopback,
// random ports), checks the answers, and exits by itself: nothing may keep the process alive.

import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { VismaConfigError } from '@visma-auth/core';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import { AppModule } from './app.module';

async function main() {
  const connect = await startMockConnect();
  const api = await startMockApi({ connect });
  try {
    process.env.VISMA_CLIENT_ID = DEMO_CLIENT.clientId;
    process.env.VISMA_CLIENT_SECRET = DEMO_CLIENT.clientSecret;
    process.env.VISMA_TENANT_ID = DEMO_CLIENT.tenants[0];
    process.env.VISMA_AUTHORITY = connect.url;
    process.env.VISMA_API_URL = api.url;

    const app = await NestFactory.create(AppModule, { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    for (const path of ['customers', 'token']) {
      const res = await fetch(`http://127.0.0.1:${port}/${path}`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status !== 200) throw new Error(`GET /${path} answered ${res.status}`);
      console.log(`GET /${path} -> ${res.status}`);
    }
    await app.close();

    // A bad option fails the boot with the app's own VismaConfigError class.
    process.env.VISMA_SCOPES = ' ';
    const failure = await NestFactory.create(AppModule, {
      logger: false,
      abortOnError: false,
    }).then(
      async (wrongly) => {
        await wrongly.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    if (!(failure instanceof VismaConfigError)) {
      throw new Error(`expected a VismaConfigError at boot, got ${String(failure)}`);
    }
    console.log(`bad scopes -> VismaConfigError (${failure.option})`);
  } finally {
    await api.close();
    await connect.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
