import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { InjectVismaHttp } from '@visma-auth/nestjs';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class ErpService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}

  /** Lists customers of the request's company; the HttpService adds its bearer token. */
  async customers(): Promise<unknown> {
    const res = await firstValueFrom(this.http.get('/v1/customer'));
    return res.data;
  }

  /**
   * Lists customers of `tenantId`, for work outside a caller's request (a scheduled job): there is
   * no caller to take the company from, so the request names it in `vismaAuth`.
   */
  async customersOf(tenantId: string): Promise<unknown> {
    const res = await firstValueFrom(this.http.get('/v1/customer', { vismaAuth: { tenantId } }));
    return res.data;
  }
}
