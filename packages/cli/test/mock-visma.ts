/** A local Visma Connect with one registered client plus a protected API, shared by a test file. */
import {
  type MockApi,
  type MockClient,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { killAll } from './run-cli.js';

/** The servers of {@link useMockVisma}; set once `beforeAll` has run. */
export interface MockVisma {
  readonly connect: MockConnect;
  readonly api: MockApi;
}

/**
 * Starts the servers for `client` before the file's tests and closes them after; after each test
 * it ends the CLI children and resets the server, so no test sees another's tokens or faults.
 */
export function useMockVisma(client: MockClient): MockVisma {
  const servers = {} as { connect: MockConnect; api: MockApi };
  beforeAll(async () => {
    servers.connect = await startMockConnect({ clients: [client] });
    servers.api = await startMockApi({ connect: servers.connect });
  });
  afterAll(async () => {
    await servers.api.close();
    await servers.connect.close();
  });
  afterEach(() => {
    killAll();
    servers.connect.reset();
  });
  return servers;
}
