import { Injectable } from '@nestjs/common';
import { VismaTokenService } from '@visma-auth/nestjs';

@Injectable()
export class AppService {
  constructor(private readonly visma: VismaTokenService) {}

  /** Says which tenant the current token is for and how long it stays valid (never the token). */
  async tokenInfo(): Promise<{ tenantId?: string; expiresInSeconds: number }> {
    const token = await this.visma.getToken();
    return {
      tenantId: token.tenantId,
      expiresInSeconds: Math.round((token.expiresAt - Date.now()) / 1000),
    };
  }
}
