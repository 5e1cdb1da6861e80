/**
 * A thin command layer over the user's client, so the cache speaks to node-redis and ioredis the
 * same way. Only generic commands are used (`sendCommand` / `call`), which both keep stable.
 */

/** The part of a node-redis v5 client (`createClient()`) the cache uses. */
export interface NodeRedisClientLike {
  readonly isReady: boolean;
  sendCommand(args: string[]): Promise<unknown>;
}

/** The part of an ioredis client (`new Redis()`, also `Cluster`) the cache uses. */
export interface IoRedisClientLike {
  readonly status: string;
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** A connected node-redis or ioredis client; the cache never opens or closes it. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** Which library a client comes from. */
export type RedisClientKind = 'node-redis' | 'ioredis';

/** One command interface over either client. */
export interface CommandAdapter {
  readonly kind: RedisClientKind;
  /** Whether the client can send now; when it is reconnecting we fail fast instead of queueing. */
  ready(): boolean;
  send(command: string, args: string[]): Promise<unknown>;
}

// ioredis reports these while it has no usable connection; `wait` (lazyConnect) and
// `connecting` still get their chance, bounded by the command timeout.
const IOREDIS_DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Detects the client library and wraps it.
 * @returns undefined when `client` is neither a node-redis nor an ioredis client.
 */
export function adaptClient(client: unknown): CommandAdapter | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client as Record<string, unknown>;
  // Checked first: ioredis also has a `sendCommand`, with a different signature.
  if (typeof c.call === 'function' && typeof c.status === 'string') {
    const io = client as IoRedisClientLike;
    return {
      kind: 'ioredis',
      ready: () => !IOREDIS_DOWN.has(io.status),
      send: (command, args) => io.call(command, ...args),
    };
  }
  if (typeof c.sendCommand === 'function' && 'isReady' in c) {
    const nr = client as NodeRedisClientLike;
    return {
      kind: 'node-redis',
      ready: () => nr.isReady,
      send: (command, args) => nr.sendCommand([command, ...args]),
    };
  }
  return undefined;
}
