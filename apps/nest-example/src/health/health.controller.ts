import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { VismaHealthIndicator } from '@visma-auth/nestjs/health';
import { Public } from '../caller/public.decorator.js';

/**
 * Reports whether a Visma token can be had for `VISMA_TENANT_ID` (from the cache while fresh),
 * never the token; open to probes without an API key.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly visma: VismaHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.visma.isHealthy('visma')]);
  }
}
