// Neither package ships types; these are the parts the bench uses.
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

declare module 'simple-oauth2' {
  export interface AccessToken {
    token: Record<string, unknown>;
    expired(expirationWindowSeconds?: number): boolean;
  }
  export class ClientCredentials {
    constructor(config: {
      client: { id: string; secret: string };
      auth: { tokenHost: string; tokenPath?: string };
      options?: Record<string, unknown>;
    });
    getToken(params: Record<string, unknown>): Promise<AccessToken>;
    createToken(token: Record<string, unknown>): AccessToken;
  }
}
