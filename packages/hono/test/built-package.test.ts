import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/hono',
  exports: {
    closeVismaProviders: 'function',
    MAX_PROVIDERS: 'number',
    vismaAuth: 'function',
    vismaOnError: 'function',
  },
  // The middleware reads its options on a route's first call; one call through a bare context shows the error.
  configError: {
    call: "(async () => { const vars = {}; await m.vismaAuth({ provider })({ set: (k, v) => { vars[k] = v }, req: { raw: {} } }, async () => {}); await vars.visma.fetch('/v1/whoami') })()",
    option: 'baseUrl',
  },
});
