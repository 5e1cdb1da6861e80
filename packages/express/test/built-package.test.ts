import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/express',
  exports: { vismaAuth: 'function', vismaErrorHandler: 'function' },
  configError: { call: 'm.vismaAuth({ provider })', option: 'baseUrl' },
});
