/**
 * A thin command layer over the user's client, so the cache speaks to every supported client the
 * same way. Detection is by shape, never by importing a library, so neither is loaded unless the
 * user loads it. Only generic commands are used (`sendCommand` / `call`), which all keep stable.
 */

/** The part of a node-redis v5 client (`createClient()`) the cache uses. */
export interface NodeRedisClientLike {
  readonly isReady: boolean;
  readonly isOpen?: boolean;
  sendCommand(args: string[]): Promise<unknown>;
}

/** The part of a node-redis v5 cluster client (`createCluster()`) the cache uses. */
export interface NodeRedisClusterLike {
  readonly isOpen: boolean;
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>;
  getSlotMaster(slot: number): unknown;
}

/** The part of a node-redis v5 sentinel client (`createSentinel()`) the cache uses. */
export interface NodeRedisSentinelLike {
  readonly isReady: boolean;
  readonly isOpen: boolean;
  sendCommand(isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  getMasterNode(): unknown;
}

/** The part of an ioredis v5 client (`new Redis()`, with or without `sentinels`, or `new Cluster()`) the cache uses. */
export interface IoRedisClientLike {
  readonly status: string;
  readonly isCluster?: boolean;
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** The part of a Valkey GLIDE client (`GlideClient`, `GlideClusterClient`) the cache uses. */
export interface GlideClientLike {
  customCommand(args: string[]): Promise<unknown>;
}

/** A connected client of a supported kind; the cache never opens or closes it. */
export type RedisClientLike =
  | NodeRedisClientLike
  | NodeRedisClusterLike
  | NodeRedisSentinelLike
  | IoRedisClientLike
  | GlideClientLike;

/** Which library a client comes from (iovalkey, a fork of ioredis, reads as `ioredis`). */
export type RedisClientKind = 'node-redis' | 'ioredis' | 'valkey-glide';

/** How the client reaches Redis: one server, a Redis Cluster, or a primary found through Sentinel. */
export type RedisTopology = 'standalone' | 'cluster' | 'sentinel';

/** One command interface over any supported client. */
export interface CommandAdapter {
  readonly kind: RedisClientKind;
  readonly topology: RedisTopology;
  /** Whether the client can send now; when it is reconnecting we fail fast instead of queueing. */
  ready(): boolean;
  /** Whether its owner closed the client (it will not reconnect on its own). */
  closed(): boolean;
  /** Sends `command`; `firstKey` routes it to the key's slot on a cluster. */
  send(command: string, args: string[], firstKey: string): Promise<unknown>;
}

/** What a client was found to be, or why it cannot be used. */
export type Adaptation = { adapter: CommandAdapter } | { problem: string };

/** What the cache accepts, for error messages. */
export const ACCEPTED_CLIENTS =
  'a node-redis v5 or v6 client (createClient, createCluster or createSentinel) on which connect() was called, an ioredis v5 or iovalkey client (new Redis, with or without sentinels, or new Cluster), or a Valkey GLIDE GlideClient or GlideClusterClient';

// ioredis reports these while it has no usable connection; `wait` (lazyConnect) and
// `connecting` still get their chance, bounded by the command timeout.
const IOREDIS_DOWN = new Set(['reconnecting', 'close', 'end', 'disconnecting']);

const isFn = (value: unknown): boolean => typeof value === 'function';

/**
 * Detects the client library and topology and wraps the client.
 * @returns the adapter, or a short description of what was passed when it cannot be used.
 */
export function adaptClient(client: unknown): Adaptation {
  if (typeof client !== 'object' || client === null) {
    return { problem: `got ${client === null ? 'null' : typeof client}` };
  }
  const c = client as Record<string, unknown>;
  // Checked first: ioredis also has a `sendCommand`, with a different signature.
  if (isFn(c.call) && typeof c.status === 'string') {
    const io = client as IoRedisClientLike;
    // After quit() ioredis still reads "ready" until the connection has ended; its
    // `manuallyClosing` flag (set by quit() and disconnect(), cleared once closed) tells.
    const closed = () =>
      io.status === 'end' || (client as { manuallyClosing?: unknown }).manuallyClosing === true;
    if (closed()) {
      return { problem: 'got an ioredis client that was closed (quit() or disconnect())' };
    }
    const options = c.options as { sentinels?: unknown } | undefined;
    const topology: RedisTopology =
      io.isCluster === true
        ? 'cluster'
        : Array.isArray(options?.sentinels) && options.sentinels.length > 0
          ? 'sentinel'
          : 'standalone';
    return {
      adapter: {
        kind: 'ioredis',
        topology,
        ready: () => !closed() && !IOREDIS_DOWN.has(io.status),
        closed,
        send: (command, args) => io.call(command, ...args),
      },
    };
  }
  // `isClosed` is protected in GLIDE's types, but it is the flag its own methods check.
  if (isFn(c.customCommand) && typeof c.isClosed === 'boolean') {
    const glide = client as GlideClientLike & { readonly isClosed: boolean };
    if (glide.isClosed) return { problem: 'got a Valkey GLIDE client that was closed' };
    return {
      adapter: {
        kind: 'valkey-glide',
        // Only the cluster client routes functions by hand.
        topology: isFn(c.fcallWithRoute) ? 'cluster' : 'standalone',
        ready: () => !glide.isClosed,
        closed: () => glide.isClosed,
        // GLIDE routes a command by its first key's slot on a cluster, as the others are told to.
        send: (command, args) =>
          glide.customCommand([command, ...args]).catch((error: unknown) => {
            throw glideError(error);
          }),
      },
    };
  }
  if (!isFn(c.sendCommand) || typeof c.isOpen !== 'boolean') {
    return { problem: `got ${describeObject(client)}` };
  }
  if (isFn(c.getSlotMaster) && isFn(c.getMasters)) {
    const cluster = client as NodeRedisClusterLike;
    if (!cluster.isOpen) return { problem: notConnected('createCluster') };
    return {
      adapter: {
        kind: 'node-redis',
        topology: 'cluster',
        ready: () => cluster.isOpen,
        closed: () => !cluster.isOpen,
        // Writes and reads both go to the slot's master: a replica may lag behind a new token.
        send: (command, args, firstKey) => cluster.sendCommand(firstKey, false, [command, ...args]),
      },
    };
  }
  if (isFn(c.getMasterNode) && isFn(c.getSentinelNode)) {
    const sentinel = client as NodeRedisSentinelLike;
    if (!sentinel.isOpen) return { problem: notConnected('createSentinel') };
    return {
      adapter: {
        kind: 'node-redis',
        topology: 'sentinel',
        ready: () => sentinel.isReady,
        closed: () => !sentinel.isOpen,
        send: (command, args) => sentinel.sendCommand(false, [command, ...args]),
      },
    };
  }
  if (typeof c.isReady === 'boolean') {
    const nr = client as NodeRedisClientLike;
    if (nr.isOpen === false) return { problem: notConnected('createClient') };
    return {
      adapter: {
        kind: 'node-redis',
        topology: 'standalone',
        ready: () => nr.isReady,
        closed: () => nr.isOpen === false,
        send: (command, args) => nr.sendCommand([command, ...args]),
      },
    };
  }
  return { problem: `got ${describeObject(client)}` };
}

// GLIDE words server errors its own way ("An error was signalled by the server: -
// PermissionDenied: ..."); these become the reply Redis sent, so one classifier reads them all.
const GLIDE_KINDS: readonly [RegExp, string][] = [
  [/^An error was signalled by the server: - /, ''],
  [/^PermissionDenied: /, 'NOPERM '],
  [/^NoScriptError: /, 'NOSCRIPT '],
  [/^ReadOnly: /, 'READONLY '],
  [/^OOM: /, 'OOM '],
  [/^ClusterDown: /, 'CLUSTERDOWN '],
  [/^ResponseError: /, ''],
];

/** A GLIDE error with Redis's own reply as its message. */
function glideError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  let message = error.message;
  for (const [pattern, replacement] of GLIDE_KINDS) message = message.replace(pattern, replacement);
  const normalized = new Error(message);
  normalized.name = error.name;
  return normalized;
}

function notConnected(factory: string): string {
  return `got a node-redis ${factory}() client that is not connected, or was closed; call client.connect() first (awaiting it is not needed)`;
}

/** Names what was passed without showing its contents (an options object may hold a password). */
function describeObject(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object'
    ? `an object of class ${name}`
    : 'a plain object without sendCommand() or call()';
}
