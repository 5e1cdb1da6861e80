import { HttpService } from '@nestjs/axios';
import { BadGatewayException, Controller, Get } from '@nestjs/common';
import { InjectVismaHttp } from '@visma-auth/nestjs';
import { isAxiosError } from 'axios';
import { firstValueFrom } from 'rxjs';

/** Calls the Visma.net ERP customer endpoint through the module's token-carrying HttpService. */
@Controller('customers')
export class CustomersController {
  constructor(@InjectVismaHttp() private readonly http: HttpService) {}

  /** Returns the API's answer; an API or token failure becomes a 502 that names no secret. */
  @Get()
  async list(): Promise<unknown> {
    try {
      // Relative to http.baseURL, e.g. https://integration.visma.net/API/controller/api/v1/customer.
      const res = await firstValueFrom(this.http.get('controller/api/v1/customer'));
      return res.data;
    } catch (error) {
      throw new BadGatewayException(describe(error));
    }
  }
}

/** A log-safe one-line reason: axios errors carry the request headers, so only the status is used. */
function describe(error: unknown): string {
  if (isAxiosError(error)) {
    return error.response
      ? `The Visma API answered HTTP ${error.response.status}.`
      : 'The Visma API could not be reached.';
  }
  // Errors from @visma-auth/core say what went wrong and never contain a secret or a token.
  return error instanceof Error ? error.message : 'Unexpected failure.';
}
