import { VismaTokenProvider } from '@visma-auth/core';
import { VismaTokenService } from './visma-token.service.js';

/** The name of the unnamed registration; `name: 'default'` means that same registration. */
export const DEFAULT_REGISTRATION_NAME = 'default';

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

/** The injection token of a registration's options (what `forRoot` got or the async factory returned). */
export function getVismaAuthOptionsToken(name?: string): string {
  return isDefault(name) ? 'VismaAuthModuleOptions' : `VismaAuthModuleOptions:${name}`;
}

/**
 * The injection token of a registration's internal state (event hub, lifecycle); internal.
 * @internal
 */
export function getVismaAuthRegistrationToken(name?: string): string {
  return isDefault(name) ? 'VismaAuthRegistration' : `VismaAuthRegistration:${name}`;
}

/** `undefined` for the unnamed registration (`'default'` included), else the name. */
export function registrationName(name: string | undefined): string | undefined {
  return isDefault(name) ? undefined : name;
}

function isDefault(name: string | undefined): boolean {
  return name === undefined || name === DEFAULT_REGISTRATION_NAME;
}
