import type { ConfigurableModuleAsyncOptions } from '@nestjs/common';
import type { VismaAxiosOptions } from '@visma-auth/axios';
import type { VismaTokenProviderOptions } from '@visma-auth/core';
import type { CreateAxiosDefaults } from 'axios';

/**
 * Options of the module's axios-backed `HttpService`: axios instance defaults plus where the
 * token may be sent; the tenant and scopes come from the module options.
 */
export interface VismaHttpOptions
  extends CreateAxiosDefaults,
    Pick<VismaAxiosOptions, 'allowedOrigins' | 'retryOnUnauthorized'> {}

/** Options of `VismaAuthModule.forRoot` and the result of the `forRootAsync` factory. */
export interface VismaAuthModuleOptions extends VismaTokenProviderOptions {
  /** When given, the module also provides an `HttpService` whose requests carry the token. */
  http?: VismaHttpOptions;
}

/** Registration settings next to the options: `isGlobal` and the client `name`. */
export interface VismaAuthModuleExtras {
  /** Make the providers injectable in every module without importing this one. */
  isGlobal?: boolean;
  /** Name of this Visma client when an app registers several (e.g. `erp`, `payroll`). */
  name?: string;
}

/** Argument of `VismaAuthModule.forRootAsync`: `imports`, `inject`, one of `useFactory` / `useClass` / `useExisting`, plus the extras. */
export type VismaAuthModuleAsyncOptions = ConfigurableModuleAsyncOptions<
  VismaAuthModuleOptions,
  'create'
> &
  VismaAuthModuleExtras;
