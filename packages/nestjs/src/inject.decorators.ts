import { Inject } from '@nestjs/common';
import {
  getVismaHttpServiceToken,
  getVismaTokenProviderToken,
  getVismaTokenServiceToken,
} from './injection-tokens.js';

/**
 * Injects the `HttpService` of a Visma client registered with `http` options.
 * @example
 * ```ts
 * constructor(@InjectVismaHttp() private readonly http: HttpService) {}
 * ```
 */
export function InjectVismaHttp(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getVismaHttpServiceToken(name));
}

/**
 * Injects the {@link VismaTokenService} of a named Visma client (the unnamed one needs no decorator).
 * @example
 * ```ts
 * constructor(@InjectVismaTokenService('payroll') private readonly payroll: VismaTokenService) {}
 * ```
 */
export function InjectVismaTokenService(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getVismaTokenServiceToken(name));
}

/**
 * Injects the core `VismaTokenProvider` of a Visma client, for code shared with non-Nest parts.
 * @example
 * ```ts
 * constructor(@InjectVismaTokenProvider('erp') private readonly provider: VismaTokenProvider) {}
 * ```
 */
export function InjectVismaTokenProvider(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getVismaTokenProviderToken(name));
}
