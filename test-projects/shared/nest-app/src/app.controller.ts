import { Controller, Get } from '@nestjs/common';
import { AppService } from './app.service.js';

@Controller()
export class AppController {
  constructor(private readonly appService: AppService) {}

  @Get('token')
  tokenInfo(): Promise<{ tenantId?: string; expiresInSeconds: number }> {
    return this.appService.tokenInfo();
  }
}
