import { type RedirectServer, startRedirectServer } from '@visma-auth/testing';
import {
  type SchemeDowngradeServer,
  startSchemeDowngradeServer,
} from './scheme-downgrade-server.js';
import { startTestServers, type TestServers } from './test-servers.js';

/** The test servers plus a server redirecting to the other origin's API, and one redirecting https to http. */
export interface ConformanceServers extends TestServers {
  redirector: RedirectServer;
  downgrade: SchemeDowngradeServer;
}

/** Starts the servers the conformance suite runs against. */
export async function startConformanceServers(): Promise<ConformanceServers> {
  const servers = await startTestServers({ clientId: 'conformance' });
  const redirector = await startRedirectServer({ location: `${servers.otherApi.url}/landing` });
  const downgrade = await startSchemeDowngradeServer();
  return {
    ...servers,
    redirector,
    downgrade,
    async close() {
      await Promise.all([redirector.close(), downgrade.close()]);
      await servers.close();
    },
  };
}
