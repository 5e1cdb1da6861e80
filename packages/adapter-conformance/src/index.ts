/** The conformance suite every `@visma-auth/*` transport adapter runs from its own tests. */
export { describeAdapterConformance } from './suite.js';
export type {
  AdapterFactory,
  AdapterSetup,
  AdapterUnderTest,
  ConformanceRequest,
  ConformanceResponse,
} from './types.js';
