import { fileURLToPath } from 'node:url';
import { describeBuiltPackage } from '@visma-auth-internal/adapter-conformance';

describeBuiltPackage({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  name: '@visma-auth/fastify',
  exports: { default: 'function', replyWithVismaError: 'function', vismaAuth: 'function' },
  configError: {
    call: "require('fastify')().register(m.default, { provider }).ready()",
    option: 'baseUrl',
  },
});
