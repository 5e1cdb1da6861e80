/**
 * @visma-auth/nestjs: `VismaAuthModule` (forRoot / forRootAsync / forFeature), `VismaTokenService`
 * with `token$`, and an axios-backed `HttpService` whose requests carry Visma Connect tokens.
 */

// First, so that core's Node.js version check runs before NestJS (ESM-only from 12) is required.
import '@visma-auth/core';

export {
  InjectVismaHttp,
  InjectVismaTokenProvider,
  InjectVismaTokenService,
} from './inject.decorators.js';
export {
  getVismaHttpServiceToken,
  getVismaTokenProviderToken,
  getVismaTokenServiceToken,
} from './injection-tokens.js';
export { VISMA_AUTH_LOG_CONTEXT } from './nest-logger.js';
export { VismaAuthModule } from './visma-auth.module.js';
export type {
  VismaAuthFeatureAsyncOptions,
  VismaAuthFeatureOptions,
  VismaAuthModuleAsyncOptions,
  VismaAuthModuleExtras,
  VismaAuthModuleOptions,
  VismaAuthOptionsFactory,
  VismaHttpOptions,
} from './visma-auth-options.js';
export { attachVismaAuth } from './visma-http.js';
export { VismaTokenService } from './visma-token.service.js';
