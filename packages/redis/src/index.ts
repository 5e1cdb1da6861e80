export type {
  GlideClientLike,
  IoRedisClientLike,
  NodeRedisClientLike,
  NodeRedisClusterLike,
  NodeRedisSentinelLike,
  RedisClientKind,
  RedisClientLike,
  RedisTopology,
} from './client-adapter.js';
export type { EncryptionKeyInput } from './encryption-key.js';
export { type RedisCacheOperation, RedisTokenCacheError } from './errors.js';
export {
  createRedisTokenCache,
  type RedisTokenCache,
  type RedisTokenCacheOptions,
} from './redis-token-cache.js';
