import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/fetch',
  exports: {
    createVismaFetch: 'function',
    createVismaRequestScope: 'function',
    responseEndSignal: 'function',
  },
  configError: { call: 'm.createVismaFetch(provider)', option: 'allowedOrigins' },
});
