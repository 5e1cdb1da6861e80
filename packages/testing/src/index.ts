export { DEMO_CLIENT, DEMO_TENANT_ID } from './demo-client.js';
export { startMockApi } from './mock-api.js';
export { startMockConnect } from './mock-connect.js';
export { startRedirectServer } from './redirect-server.js';
export type {
  RedisCluster,
  RedisClusterOptions,
  RedisClusterTlsOptions,
} from './redis-cluster.js';
export { startRedisCluster } from './redis-cluster.js';
export type { RedisSentinel, RedisSentinelOptions } from './redis-sentinel.js';
export { startRedisSentinel } from './redis-sentinel.js';
export type { RedisReply, RedisServer, RedisServerOptions } from './redis-server.js';
export { startRedisServer } from './redis-server.js';
export { TENANT_NOT_ENTITLED } from './token-request.js';
export type {
  MockAdminCounts,
  MockApi,
  MockApiCounts,
  MockApiOptions,
  MockApiRequest,
  MockClient,
  MockConnect,
  MockConnectCounts,
  MockConnectOptions,
  RecordedRequest,
  RedirectServer,
  RedirectServerOptions,
  TokenFault,
} from './types.js';
