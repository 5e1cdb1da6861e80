import type { VismaTokenProvider, VismaTokenProviderOptions } from '@visma-auth/core';

/** One request the suite asks an adapter to send. */
export interface ConformanceRequest {
  /** Absolute URL. */
  url: string;
  method: 'GET' | 'POST';
  /** JSON text; with `stream: true` the adapter sends it as a stream that can be read only once. */
  body?: string;
  stream?: boolean;
  headers?: Record<string, string>;
  /** Tenant for this request only, through the adapter's per-request option. */
  tenantId?: string;
  /** The caller's abort signal, passed the way the client takes one. */
  signal?: AbortSignal;
  /**
   * A self-signed certificate (PEM) to trust for this request's https hops, passed the way the
   * client takes one (got's `https.certificateAuthority`, an https agent's or undici's `ca`).
   */
  ca?: string;
}

/** What came back; an HTTP error status is a response, not a rejection (a token failure rejects). */
export interface ConformanceResponse {
  status: number;
  body: string;
}

/** An adapter set up for the suite. */
export interface AdapterUnderTest {
  send(request: ConformanceRequest): Promise<ConformanceResponse>;
  close?(): Promise<void>;
}

/** What the suite hands an adapter factory: a provider, or its options for adapters that build their own. */
export interface AdapterSetup {
  provider: VismaTokenProvider;
  providerOptions: VismaTokenProviderOptions;
  /** The origins the adapter must allow: the API's, the redirecting server's, and the https one that redirects to http. */
  origins: string[];
}

/** Builds the adapter under test; the suite closes what it returns after each case. */
export type AdapterFactory = (setup: AdapterSetup) => AdapterUnderTest | Promise<AdapterUnderTest>;
