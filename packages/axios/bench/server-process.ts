/**
 * Runs the local Visma Connect and protected API in their own process, so the benchmark's
 * client code does not share an event loop with the servers. Controlled over IPC.
 */
import { startMockApi, startMockConnect } from '@visma-auth/testing';

export const BENCH_CLIENT = {
  clientId: 'bench-client',
  clientSecret: 'bench-secret',
  allowedScopes: ['visma_api:read'],
};
/** Same client with 2 s tokens, for the expiry scenario. */
export const SHORT_CLIENT = { ...BENCH_CLIENT, clientId: 'bench-short', tokenLifetimeSeconds: 2 };

export interface ServerInfo {
  connectUrl: string;
  tokenUrl: string;
  apiUrl: string;
}

export type ServerCommand = { id: number; cmd: 'tokenCount' | 'reset' };

if (process.send !== undefined) {
  const connect = await startMockConnect({ clients: [BENCH_CLIENT, SHORT_CLIENT] });
  const api = await startMockApi({ connect });
  process.on('message', (message: ServerCommand) => {
    if (message.cmd === 'reset') {
      connect.reset();
      api.reset();
    }
    process.send?.({ id: message.id, value: connect.counts.token });
  });
  process.on('disconnect', () => {
    void Promise.all([api.close(), connect.close()]).finally(() => process.exit(0));
  });
  const info: ServerInfo = { connectUrl: connect.url, tokenUrl: connect.tokenUrl, apiUrl: api.url };
  process.send(info);
}
