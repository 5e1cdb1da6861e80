/** A Fastify plugin for Visma Connect tokens: `app.visma`, `request.visma`, errors as 502/503. */
export type { VismaRequestContext } from '@visma-auth/fetch';
export { replyWithVismaError } from './error-reply.js';
export { vismaAuth, vismaAuth as default } from './plugin.js';
export type {
  VismaAppContext,
  VismaFastify,
  VismaFastifyOptions,
  VismaFastifyRequest,
} from './types.js';
