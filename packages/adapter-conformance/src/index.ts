/** The conformance suite every `@visma-auth/*` transport adapter runs from its own tests. */
export {
  appAdapter,
  CONFORMANCE_ROUTE,
  CONFORMANCE_TENANT_HEADER,
  type ConformanceApp,
  type ConformanceCall,
  type RouteFetch,
  relayConformanceCall,
} from './app-adapter.js';
export { axiosRawResponse, toAxiosRequest } from './axios-request.js';
export { type BuiltPackageSpec, describeBuiltPackage } from './built-package.js';
export { abortsWhenClientLeaves } from './client-abort.js';
export { type CountingTokenSource, countingTokenSource } from './counting-token-source.js';
export {
  describeFrameworkIntegration,
  type FrameworkIntegrationSetup,
  type IntegrationOptions,
} from './framework-integration.js';
export { resourcesLeftOpen } from './open-resources.js';
export { pathCountingSource, type TokenPathCounts } from './path-counting-source.js';
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
export { type TestServersContext, useTestServers } from './use-test-servers.js';
