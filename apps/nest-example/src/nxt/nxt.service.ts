import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { InjectVismaHttp } from '@visma-auth/nestjs';
import { firstValueFrom } from 'rxjs';

const COMPANIES = '{ availableCompanies { items { name vismaNetCompanyId } } }';

/** Business NXT GraphQL calls. */
@Injectable()
export class NxtService {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}

  /** The companies this service application may access. */
  async companies(): Promise<unknown> {
    // POST to the base URL itself (the GraphQL endpoint).
    const res = await firstValueFrom(this.http.post('', { query: COMPANIES }));
    return res.data;
  }
}
