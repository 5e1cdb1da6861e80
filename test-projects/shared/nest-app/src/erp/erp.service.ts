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
}
