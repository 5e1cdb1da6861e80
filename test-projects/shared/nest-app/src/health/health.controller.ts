import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { VismaHealthIndicator } from '@visma-auth/nestjs/health';
import { Public } from '../caller.guard.js';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly visma: VismaHealthIndicator,
  ) {}

  /** Up while a Visma token can be had (from the cache when fresh); never shows the token. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.visma.isHealthy('visma')]);
  }
}
