import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The node-redis tests again on node-redis 6 (installed as `redis6`): in this process through an
// alias, in the processes the tests start through NODE_REDIS_MODULE.
export default mergeConfig(
  base,
  defineConfig({
    resolve: { alias: { redis: 'redis6' } },
    test: {
      include: [
        'test/redis-token-cache.test.ts',
        'test/closed-client.test.ts',
        'test/readme-startup.test.ts',
        'test/topologies.test.ts',
        'test/failover.test.ts',
        'test/sentinel-failover.test.ts',
        'test/tls.test.ts',
        'test/tls-cluster.test.ts',
        'test/least-privilege.test.ts',
        'test/server-refusals.test.ts',
      ],
      // One file at a time: each starts clusters and fleets of processes, and the main run has
      // just loaded the machine.
      fileParallelism: false,
      // The ioredis cases ran in the main run already.
      testNamePattern: 'node-redis',
      env: { NODE_REDIS_MODULE: 'redis6' },
    },
  }),
);
