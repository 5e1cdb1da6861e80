import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/undici',
  exports: { vismaAuth: 'function' },
  configError: { call: 'm.vismaAuth(provider, {})', option: 'origins' },
});
