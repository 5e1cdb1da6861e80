/**
 * @visma-auth/nestjs/testing: a fixed-token stand-in for `VismaAuthModule` in Nest tests.
 */

export { FixedTokenProvider, type FixedTokenProviderOptions } from './fixed-token-provider.js';
export {
  VismaAuthTestingModule,
  type VismaAuthTestingOptions,
} from './visma-auth-testing.module.js';
