import { Controller, Get } from '@nestjs/common';
import { ErpService } from './erp.service.js';

@Controller('customers')
export class ErpController {
  constructor(private readonly erp: ErpService) {}

  @Get()
  customers(): Promise<unknown> {
    return this.erp.customers();
  }
}
