import { Module } from '@nestjs/common';
import { VismaAuthConfigurableModule } from './vismaauth.module-definition.js';

/**
 * Visma Connect access tokens for a Nest app: `forRoot(options)` or `forRootAsync({ imports,
 * inject, useFactory | useClass | useExisting })`, with `isGlobal` and `name` for several clients.
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     VismaAuthModule.forRoot({
 *       clientId: 'my-client', clientSecret: 'from-a-vault', scopes: ['vismanet_erp_service_api:read'],
 *       http: { baseURL: 'https://integration.visma.net/API' },
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class VismaAuthModule extends VismaAuthConfigurableModule {}
