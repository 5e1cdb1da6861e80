// Defined in core so every adapter takes the same provider shape; re-exported where users look.
export type { VismaTokenSource } from '@visma-auth/core';
export type {
  VismaAuthInterceptorOptions,
  VismaAuthOption,
  VismaAuthRequestOptions,
  VismaDispatchOptions,
  VismaRequestOptions,
  VismaStreamOptions,
} from './types.js';
export { vismaAuth } from './visma-auth.js';
