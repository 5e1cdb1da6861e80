export { createVismaFetch } from './create-visma-fetch.js';
export type {
  AuthenticatedFetch,
  FetchLike,
  VismaAuthRequestOptions,
  VismaFetchInit,
  VismaFetchOptions,
  VismaTokenSource,
} from './types.js';
