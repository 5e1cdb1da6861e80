import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import type { VismaEnv } from '../config.js';
import { CompaniesController } from './companies.controller.js';
import { NxtService } from './nxt.service.js';

/**
 * The Business NXT feature: a second HTTP client (`VISMA_NXT_URL`, its own scope) on the same
 * registration, so one credential and one token cache serve both APIs.
 */
@Module({
  imports: [
    VismaAuthModule.forFeatureAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<VismaEnv, true>) => ({
        baseURL: config.get('VISMA_NXT_URL', { infer: true }),
        scopes: ['business-graphql-service-api:access-group-based'],
      }),
    }),
  ],
  controllers: [CompaniesController],
  providers: [NxtService],
})
export class NxtModule {}
