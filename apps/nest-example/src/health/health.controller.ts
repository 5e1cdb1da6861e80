import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { VismaHealthIndicator } from '@visma-auth/nestjs/health';

/** Reports whether a Visma token can be had (from the cache while fresh), never the token. */
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
