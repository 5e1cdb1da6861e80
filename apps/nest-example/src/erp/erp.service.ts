import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { InjectVismaHttp } from '@visma-auth/nestjs';
import { firstValueFrom } from 'rxjs';

/** Visma.net ERP calls; the tenant is the current caller's company (see `resolveTenant`). */
@Injectable()
export class ErpService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}

  /** `GET /v1/customer` of the ERP Service API. */
  async customers(): Promise<unknown> {
    const res = await firstValueFrom(this.http.get('/v1/customer'));
    return res.data;
  }
}
