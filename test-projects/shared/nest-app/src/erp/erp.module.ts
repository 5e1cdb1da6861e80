import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { ErpController } from './erp.controller.js';
import { ErpService } from './erp.service.js';

/**
 * The Visma.net ERP API: an HTTP client of its own on the app's one Visma registration. With a
 * fixed URL, `VismaAuthModule.forFeature({ http: { baseURL: 'https://api.finance.visma.net' } })`.
 */
@Module({
  imports: [
    VismaAuthModule.forFeatureAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        baseURL: config.get<string>('VISMA_API_URL', 'https://api.finance.visma.net'),
      }),
    }),
  ],
  controllers: [ErpController],
  providers: [ErpService],
  exports: [ErpService],
})
export class ErpModule {}
