import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { InjectVismaHttp, VismaTokenService } from '@visma-auth/nestjs';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class AppService {
  constructor(
    @InjectVismaHttp() private readonly http: HttpService,
    private readonly visma: VismaTokenService,
  ) {}

  /** Lists customers from the Visma.net ERP API; the HttpService adds the bearer token. */
  async customers(): Promise<unknown> {
    const res = await firstValueFrom(this.http.get('/v1/customer'));
    return res.data;
  }

  /** Says which tenant the current token is for and how long it stays valid. */
  async tokenInfo(): Promise<{ tenantId?: string; expiresInSeconds: number }> {
    const token = await this.visma.getToken();
    return {
      tenantId: token.tenantId,
      expiresInSeconds: Math.round((token.expiresAt - Date.now()) / 1000),
    };
  }
}
