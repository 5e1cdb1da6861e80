// Defined in core so every adapter takes the same provider shape; re-exported where users look.
export type { VismaTokenSource } from '@visma-auth/core';
export { createVismaAxios } from './create-visma-axios.js';
export type { VismaAuthRequestOptions, VismaAxiosOptions } from './types.js';
export { type AxiosInstanceLike, detachVismaAuth, withVismaAuth } from './with-visma-auth.js';
