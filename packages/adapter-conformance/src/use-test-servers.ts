import { afterEach, beforeEach } from 'vitest';
import { startTestServers, type TestProviderOptions, type TestServers } from './test-servers.js';

/** The servers of the running test, set before each test. */
export interface TestServersContext {
  servers: TestServers;
}

/**
 * Starts the test servers before each test and closes them after it, running `cleanup` first
 * (e.g. closing providers a middleware created per process).
 */
export function useTestServers(
  options: TestProviderOptions,
  cleanup?: () => Promise<void>,
): TestServersContext {
  const context = {} as TestServersContext;
  beforeEach(async () => {
    context.servers = await startTestServers(options);
  });
  afterEach(async () => {
    await cleanup?.();
    await context.servers.close();
  });
  return context;
}
