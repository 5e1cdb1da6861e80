import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/axios',
  exports: { createVismaAxios: 'function', detachVismaAuth: 'function', withVismaAuth: 'function' },
  configError: { call: 'm.createVismaAxios(provider)', option: 'allowedOrigins' },
});
