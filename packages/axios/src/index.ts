export { createVismaAxios } from './create-visma-axios.js';
export type { VismaAuthRequestOptions, VismaAxiosOptions, VismaTokenSource } from './types.js';
export { type AxiosInstanceLike, detachVismaAuth, withVismaAuth } from './with-visma-auth.js';
