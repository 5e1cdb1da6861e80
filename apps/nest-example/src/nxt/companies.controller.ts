import { Controller, Get } from '@nestjs/common';
import { upstreamError } from '../upstream-error.js';
import { NxtService } from './nxt.service.js';

/** `GET /companies`: Business NXT companies, asked for with a token of the caller's company. */
@Controller('companies')
export class CompaniesController {
  constructor(private readonly nxt: NxtService) {}

  @Get()
  async list(): Promise<unknown> {
    try {
      return await this.nxt.companies();
    } catch (error) {
      throw upstreamError(error);
    }
  }
}
