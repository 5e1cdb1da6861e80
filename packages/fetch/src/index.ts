// Defined in core so every adapter takes the same provider shape; re-exported where users look.
export type { VismaTokenSource } from '@visma-auth/core';
export type { HeadersLike } from './authorization-header.js';
export { createVismaFetch } from './create-visma-fetch.js';
export {
  createVismaRequestScope,
  type VismaProviderChoice,
  type VismaRequestContext,
  type VismaRequestScope,
  type VismaRequestScopeOptions,
  type VismaScopeTarget,
} from './request-scope.js';
export { type ResponseLike, responseEndSignal } from './response-end-signal.js';
export type {
  AuthenticatedFetch,
  FetchLike,
  VismaAuthRequestOptions,
  VismaFetchInit,
  VismaFetchOptions,
} from './types.js';
