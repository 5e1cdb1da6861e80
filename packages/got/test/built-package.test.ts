import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/got',
  exports: { vismaAuthHooks: 'function' },
  configError: { call: 'm.vismaAuthHooks(provider)', option: 'allowedOrigins' },
});
