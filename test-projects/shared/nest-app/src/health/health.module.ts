import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { VismaHealthIndicator } from '@visma-auth/nestjs/health';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [VismaHealthIndicator],
})
export class HealthModule {}
