/** Starts `server-process.ts` and wraps its IPC commands. */
import { fileURLToPath } from 'node:url';
import type { MockApiCounts, MockConnectCounts, TokenFault } from '@visma-auth/testing';
import { askResult, startChild } from '../shared/child.js';
import type { ServerUrls } from './setup.js';

export interface Servers extends ServerUrls {
  counts(): Promise<MockConnectCounts>;
  tokenRequests(filter?: { tenantId?: string; since?: number }): Promise<number>;
  reset(): Promise<void>;
  failNext(...faults: TokenFault[]): Promise<void>;
  rejectNext(n?: number): Promise<void>;
  /** The protected API's counters (all answers, 401s, 401s for expired tokens), never reset by the bench. */
  apiCounts(): Promise<MockApiCounts>;
  apiRequests(): Promise<{ path: string; status: number; withToken: boolean }[]>;
  redirectRequests(): Promise<{ path: string; withToken: boolean }[]>;
  close(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
  const child = startChild(script, { name: 'servers', echo: true });
  const urls = await child.waitFor<ServerUrls>('ready', 60_000);
  const ask = <T>(cmd: string, extra: Record<string, unknown> = {}) =>
    askResult<T>(child, { cmd, ...extra }, 30_000);
  return {
    connectUrl: urls.connectUrl,
    tokenUrl: urls.tokenUrl,
    apiUrl: urls.apiUrl,
    redirectUrl: urls.redirectUrl,
    apiOtherOrigin: urls.apiOtherOrigin,
    plainUrl: urls.plainUrl,
    counts: () => ask('counts'),
    tokenRequests: (filter = {}) => ask('tokenRequests', filter),
    reset: () => ask('reset'),
    failNext: (...faults) => ask('failNext', { faults }),
    rejectNext: (n = 1) => ask('rejectNext', { n }),
    apiCounts: () => ask('apiCounts'),
    apiRequests: () => ask('apiRequests'),
    redirectRequests: () => ask('redirectRequests'),
    close: () => child.kill(),
  };
}
