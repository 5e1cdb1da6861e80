/** The conformance suite every `@visma-auth/*` transport adapter runs from its own tests. */
export { axiosRawResponse, toAxiosRequest } from './axios-request.js';
export { type BuiltPackageSpec, describeBuiltPackage } from './built-package.js';
export { type CountingTokenSource, countingTokenSource } from './counting-token-source.js';
export {
  type DowngradeRequest,
  type SchemeDowngradeServer,
  startSchemeDowngradeServer,
} from './scheme-downgrade-server.js';
export { describeAdapterConformance } from './suite.js';
export {
  createTestProvider,
  startTestServers,
  type TestClient,
  type TestProviderOptions,
  type TestServers,
  testClient,
  testProviderOptions,
  trackUnhandledRejections,
} from './test-servers.js';
export type {
  AdapterFactory,
  AdapterSetup,
  AdapterUnderTest,
  ConformanceRequest,
  ConformanceResponse,
} from './types.js';
