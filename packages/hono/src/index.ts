/** Hono middleware for Visma Connect tokens: `c.var.visma`, one provider per isolate, errors as 502/503. */
export type { VismaRequestContext } from '@visma-auth/fetch';
export { type VismaOnErrorOptions, vismaOnError } from './on-error.js';
export { closeVismaProviders, MAX_PROVIDERS } from './provider-registry.js';
export type { VismaEnv, VismaHonoOptions, VismaVariables } from './types.js';
export { vismaAuth } from './visma-auth.js';
