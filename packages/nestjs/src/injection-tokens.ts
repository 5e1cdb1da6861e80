import { VismaTokenProvider } from '@visma-auth/core';
import { VismaTokenService } from './visma-token.service.js';

/** Injection token of the module's internal state (provider, event hub, clock); never exported. */
export const VISMA_AUTH_CONTEXT = Symbol('VISMA_AUTH_CONTEXT');

/** Name used when a registration has no `name`. */
const DEFAULT_NAME = 'default';

/**
 * The injection token of a client's {@link VismaTokenService}: the class itself for the unnamed
 * registration, a string for named ones.
 */
export function getVismaTokenServiceToken(name?: string): string | typeof VismaTokenService {
  return isDefault(name) ? VismaTokenService : `VismaTokenService:${name}`;
}

/**
 * The injection token of a client's core `VismaTokenProvider`: the class itself for the unnamed
 * registration, a string for named ones.
 */
export function getVismaTokenProviderToken(name?: string): string | typeof VismaTokenProvider {
  return isDefault(name) ? VismaTokenProvider : `VismaTokenProvider:${name}`;
}

/** The injection token of a client's token-carrying `HttpService`. */
export function getVismaHttpServiceToken(name?: string): string {
  return isDefault(name) ? 'VismaHttpService' : `VismaHttpService:${name}`;
}

function isDefault(name: string | undefined): boolean {
  return name === undefined || name === DEFAULT_NAME;
}
