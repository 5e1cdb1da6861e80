import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import type { VismaEnv } from '../config.js';
import { digestKey, parseCallerKeys } from './caller-keys.js';
import { IS_PUBLIC } from './public.decorator.js';

/** The header a caller sends its API key in. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * Authenticates every request by its API key and keeps the company that key is bound to for
 * `resolveTenant`: the tenant comes from who the caller is, never from what the request says, so
 * no caller can have the service read another company's data with the service's credentials.
 * Without a valid key the answer is 401, before any Visma token is asked for.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  readonly #tenantOfKey: Map<string, string>;

  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    config: ConfigService<VismaEnv, true>,
  ) {
    this.#tenantOfKey = parseCallerKeys(config.get('CALLER_API_KEYS', { infer: true }));
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const apiKey = req.headers[API_KEY_HEADER];
    const tenantId =
      typeof apiKey === 'string' ? this.#tenantOfKey.get(digestKey(apiKey)) : undefined;
    if (tenantId === undefined) {
      throw new UnauthorizedException(`Send the API key you were given in ${API_KEY_HEADER}.`);
    }
    this.cls.set('tenantId', tenantId);
    return true;
  }
}
