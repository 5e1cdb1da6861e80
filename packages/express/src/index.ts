/** Express middleware for Visma Connect tokens: `req.visma` per request, errors as 502/503. */
export type { VismaRequestContext } from '@visma-auth/fetch';
export { type VismaErrorHandlerOptions, vismaErrorHandler } from './error-handler.js';
export type { VismaAuthMiddleware, VismaAuthOptions } from './types.js';
export { vismaAuth } from './visma-auth.js';
