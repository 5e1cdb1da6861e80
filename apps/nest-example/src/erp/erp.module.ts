import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import type { VismaEnv } from '../config.js';
import { CustomersController } from './customers.controller.js';
import { ErpService } from './erp.service.js';

/** The Visma.net ERP feature: its own HTTP client (`VISMA_ERP_URL`) on the app's one Visma registration. */
@Module({
  imports: [
    VismaAuthModule.forFeatureAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<VismaEnv, true>) => ({
        baseURL: config.get('VISMA_ERP_URL', { infer: true }),
      }),
    }),
  ],
  controllers: [CustomersController],
  providers: [ErpService],
  exports: [ErpService],
})
export class ErpModule {}
