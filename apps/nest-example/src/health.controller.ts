import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { isVismaAuthError } from '@visma-auth/core';
import { VismaTokenService } from '@visma-auth/nestjs';

/** What `/health` reports about the Visma token; never the token itself. */
export interface TokenHealth {
  status: 'ok';
  token: {
    tenantId: string | null;
    scopes: readonly string[];
    expiresAt: string;
    expiresInSeconds: number;
  };
}

/** Reports whether the app can get a Visma token, for which tenant and until when. */
@Controller('health')
export class HealthController {
  constructor(private readonly visma: VismaTokenService) {}

  /** 200 with token status, or 503 with the error code and message when no token can be had. */
  @Get()
  async check(): Promise<TokenHealth> {
    try {
      const token = await this.visma.getToken();
      return {
        status: 'ok',
        token: {
          tenantId: token.tenantId ?? null,
          scopes: token.scopes,
          expiresAt: new Date(token.expiresAt).toISOString(),
          expiresInSeconds: Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000)),
        },
      };
    } catch (error) {
      throw new ServiceUnavailableException({
        status: 'error',
        code: isVismaAuthError(error) ? error.code : 'ERR_UNKNOWN',
        message: error instanceof Error ? error.message : 'Unexpected failure.',
      });
    }
  }
}
