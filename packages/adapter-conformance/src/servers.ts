import { type RedirectServer, startRedirectServer } from '@visma-auth/testing';
import { startTestServers, type TestServers } from './test-servers.js';

/** The test servers plus a server redirecting to the other origin's API. */
export interface ConformanceServers extends TestServers {
  redirector: RedirectServer;
}

/** Starts the servers the conformance suite runs against. */
export async function startConformanceServers(): Promise<ConformanceServers> {
  const servers = await startTestServers({ clientId: 'conformance' });
  const redirector = await startRedirectServer({ location: `${servers.otherApi.url}/landing` });
  return {
    ...servers,
    redirector,
    async close() {
      await redirector.close();
      await servers.close();
    },
  };
}
