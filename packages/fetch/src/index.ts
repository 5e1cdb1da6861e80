export { createVismaFetch } from './create-visma-fetch.js';
export type {
  FetchLike,
  VismaAuthRequestOptions,
  VismaFetch,
  VismaFetchInit,
  VismaFetchOptions,
  VismaTokenSource,
} from './types.js';
