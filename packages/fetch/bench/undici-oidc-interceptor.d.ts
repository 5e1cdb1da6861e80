// The package ships no types; this is the part the benchmark uses.
declare module 'undici-oidc-interceptor' {
  import type { Dispatcher } from 'undici';
  export function createOidcInterceptor(options: {
    clientId: string;
    clientSecret?: string;
    idpTokenUrl: string;
    scope?: string;
    retryOnStatusCodes?: number[];
    urls: string[];
  }): Dispatcher.DispatcherComposeInterceptor;
}
