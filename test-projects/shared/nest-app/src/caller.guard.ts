import { createHash } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';

/** The header a caller sends its API key in. */
export const API_KEY_HEADER = 'x-api-key';

const IS_PUBLIC = 'caller:public';

/** Marks a route that needs no caller and acts for no caller's company (e.g. `/health`). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

const digest = (apiKey: string) => createHash('sha256').update(apiKey).digest('base64url');

/**
 * Authenticates each request by its API key and keeps the one company that key is bound to
 * (`CALLER_API_KEYS`: `<api key>=<tenant id>` pairs separated by commas) for `resolveTenant`;
 * 401 without a valid key. The tenant comes from who the caller is, never from a header it sends:
 * the app's Visma credentials reach every company that granted it, its callers must not.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  private readonly tenantOfKey = new Map<string, string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    config: ConfigService,
  ) {
    for (const entry of config.getOrThrow<string>('CALLER_API_KEYS').split(',')) {
      const at = entry.lastIndexOf('=');
      const apiKey = entry.slice(0, Math.max(at, 0)).trim();
      const tenantId = entry.slice(at + 1).trim();
      if (apiKey.length < 24 || tenantId === '') {
        throw new Error('CALLER_API_KEYS entries must be <api key of 24+ characters>=<tenant id>');
      }
      this.tenantOfKey.set(digest(apiKey), tenantId);
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const apiKey = req.headers[API_KEY_HEADER];
    const tenantId = typeof apiKey === 'string' ? this.tenantOfKey.get(digest(apiKey)) : undefined;
    if (tenantId === undefined) {
      throw new UnauthorizedException(`Send the API key you were given in ${API_KEY_HEADER}.`);
    }
    this.cls.set('tenantId', tenantId);
    return true;
  }
}
