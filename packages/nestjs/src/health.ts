/**
 * @visma-auth/nestjs/health: `VismaHealthIndicator` for `@nestjs/terminus` (an optional peer,
 * kept off the main entry).
 */

export { type VismaHealthCheckOptions, VismaHealthIndicator } from './visma-health.indicator.js';
