// Defined in core so every adapter takes the same provider shape; re-exported where users look.
export type { VismaTokenSource } from '@visma-auth/core';
export type {
  GotErrorLike,
  GotOptionsLike,
  GotResponseLike,
  VismaAuthRequestOptions,
  VismaGotHooks,
  VismaGotOptions,
} from './types.js';
export { vismaAuthHooks } from './visma-auth-hooks.js';
