// Heap retained per request by a VismaAuthModule.forFeatureAsync client whose factory injects a
// request-scoped provider (Nest then builds the client for every request), against the same app
// with a singleton factory. Local servers only.
//
// Usage (apps/bench): node --expose-gc src/heap/nest-feature-client.cjs [requests] [request|singleton]
require('reflect-metadata');
const common = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { VismaAuthModule, getVismaHttpServiceToken } = require('@visma-auth/nestjs');
const { startMockConnect, startMockApi, DEMO_CLIENT } = require('@visma-auth/testing');

const N = Number(process.argv[2] ?? 3000);
const MODE = process.argv[3] === 'singleton' ? 'singleton' : 'request';

/** Stands for any request-scoped provider a feature factory might inject. */
class TenantConfig {}
common.Injectable({ scope: common.Scope.REQUEST })(TenantConfig);

class PingController {
  constructor(http) {
    this.http = http;
  }
  ping() {
    return 'ok';
  }
}
common.Inject(getVismaHttpServiceToken())(PingController, undefined, 0);
common.Controller('ping')(PingController);
common.Get()(
  PingController.prototype,
  'ping',
  Object.getOwnPropertyDescriptor(PingController.prototype, 'ping'),
);

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');

(async () => {
  const connect = await startMockConnect();
  const api = await startMockApi({ connect });
  class TenantModule {}
  common.Module({ providers: [TenantConfig], exports: [TenantConfig] })(TenantModule);
  class Feature {}
  common.Module({
    imports: [
      VismaAuthModule.forFeatureAsync({
        imports: [TenantModule],
        inject: MODE === 'singleton' ? [] : [TenantConfig],
        useFactory: () => ({ baseURL: api.url }),
      }),
    ],
    controllers: [PingController],
  })(Feature);
  class AppModule {}
  common.Module({
    imports: [
      VismaAuthModule.forRoot({
        clientId: DEMO_CLIENT.clientId,
        clientSecret: DEMO_CLIENT.clientSecret,
        scopes: ['vismanet_erp_service_api:read'],
        tenantId: DEMO_CLIENT.tenants[0],
        authority: connect.url,
        logger: false,
      }),
      Feature,
    ],
  })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}/ping`;
  const run = async (n) => {
    for (let i = 0; i < n; i++) {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await r.text();
    }
  };
  const heap = async () => {
    for (let i = 0; i < 5; i++) {
      global.gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    return process.memoryUsage().heapUsed;
  };
  await run(200); // warm up
  const before = await heap();
  await run(N);
  const after = await heap();
  console.log(
    JSON.stringify({
      factory: MODE,
      requests: N,
      bytesPerRequest: Math.round((after - before) / N),
    }),
  );
  await app.close();
  await api.close();
  await connect.close();
})();
