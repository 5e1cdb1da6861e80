import { Controller, Get } from '@nestjs/common';
import { upstreamError } from '../upstream-error.js';
import { ErpService } from './erp.service.js';

/** `GET /customers`: the ERP customers of the caller's company (the one its API key is bound to). */
@Controller('customers')
export class CustomersController {
  constructor(private readonly erp: ErpService) {}

  @Get()
  async list(): Promise<unknown> {
    try {
      return await this.erp.customers();
    } catch (error) {
      throw upstreamError(error);
    }
  }
}
