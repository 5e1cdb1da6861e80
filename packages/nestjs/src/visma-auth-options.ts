import type {
  InjectionToken,
  LoggerService,
  ModuleMetadata,
  OptionalFactoryDependency,
  Provider,
  Type,
} from '@nestjs/common';
import type { VismaAxiosOptions } from '@visma-auth/axios';
import type { VismaAuthLogger, VismaTokenProviderOptions } from '@visma-auth/core';
import type { CreateAxiosDefaults } from 'axios';

/**
 * Options of the module's axios-backed `HttpService`: axios instance defaults, where the token may
 * be sent, and the `scopes` of this API when they differ from the registration's.
 */
export interface VismaHttpOptions
  extends CreateAxiosDefaults,
    Pick<VismaAxiosOptions, 'allowedOrigins' | 'retryOnUnauthorized' | 'scopes'> {}

/** Options of `VismaAuthModule.forRoot` and the result of the `forRootAsync` factory. */
export interface VismaAuthModuleOptions extends Omit<VismaTokenProviderOptions, 'logger'> {
  /** When given, the module also provides an `HttpService` whose requests carry the token. */
  http?: VismaHttpOptions;
  /**
   * Where events are logged: Nest's `Logger` with context `VismaAuth` by default, any Nest
   * `LoggerService`, a pino- or console-shaped logger, or `false` for none.
   */
  logger?: LoggerService | VismaAuthLogger | false;
  /**
   * Returns the tenant of the current request (e.g. from `nestjs-cls`), or `undefined` for the
   * default `tenantId`; called synchronously for each token lookup that names no tenant. Derive it
   * from the caller's verified identity (an auth guard), never from a header the caller sends.
   */
  resolveTenant?: () => string | undefined;
}

/** Registration settings next to the options: `isGlobal` and the client `name`. */
export interface VismaAuthModuleExtras {
  /**
   * Make the services injectable in every module without importing this one. Default `true`:
   * one registration (one provider, one token cache) serves the whole app.
   */
  isGlobal?: boolean;
  /** Name of this Visma client when an app registers several (e.g. `erp`, `payroll`); `'default'` is the unnamed one. */
  name?: string;
}

/** A class `forRootAsync({ useClass | useExisting })` asks for the options, as `@nestjs/axios` asks `createHttpOptions()`. */
export interface VismaAuthOptionsFactory {
  /** Returns the registration's options. */
  createVismaAuthOptions(): VismaAuthModuleOptions | Promise<VismaAuthModuleOptions>;
}

/** Argument of `VismaAuthModule.forRootAsync`: one of `useFactory` / `useClass` / `useExisting`, plus `imports`, `inject`, `extraProviders` and the extras. */
export interface VismaAuthModuleAsyncOptions
  extends Pick<ModuleMetadata, 'imports'>,
    VismaAuthModuleExtras {
  /** Returns the options; gets the providers listed in `inject`. */
  // biome-ignore lint/suspicious/noExplicitAny: factories take whatever `inject` lists, as in Nest's own modules.
  useFactory?: (...args: any[]) => VismaAuthModuleOptions | Promise<VismaAuthModuleOptions>;
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** A class the registration instantiates and asks `createVismaAuthOptions()`. */
  useClass?: Type<VismaAuthOptionsFactory>;
  /** An existing provider (from `imports`) asked `createVismaAuthOptions()`. */
  useExisting?: Type<VismaAuthOptionsFactory>;
  /** Providers added to the registration's module, e.g. what the factory injects. */
  extraProviders?: Provider[];
}

/** Argument of `VismaAuthModule.forFeature`: an HTTP client of its own on a root registration's token provider. */
export interface VismaAuthFeatureOptions {
  /** The root registration whose tokens the client sends; the unnamed one by default. */
  name?: string;
  /** The client's axios defaults (`baseURL` at least) and `allowedOrigins`. */
  http: VismaHttpOptions;
}

/** Argument of `VismaAuthModule.forFeatureAsync`: the client's `http` options from a factory (e.g. a base URL from `ConfigService`). */
export interface VismaAuthFeatureAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** The root registration whose tokens the client sends; the unnamed one by default. */
  name?: string;
  /** Returns the client's `http` options; gets the providers listed in `inject`. */
  // biome-ignore lint/suspicious/noExplicitAny: factories take whatever `inject` lists, as in Nest's own modules.
  useFactory: (...args: any[]) => VismaHttpOptions | Promise<VismaHttpOptions>;
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}
