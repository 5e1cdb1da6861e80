/**
 * Redis errors that refuse a command while the connection itself is fine: a permission the cache's
 * Redis user lacks, or writes refused by the server (a read-only replica, `maxmemory` reached with
 * `noeviction`). Reads may still work, so these are remembered and probed for (see
 * `RedisCommands`) rather than rediscovered on every cold miss.
 */

/** A refusal that lasts until someone changes the server, the user or the topology. */
export interface Refusal {
  /** `permission`: the ACL user lacks a command or a key; `write`: the server refuses writes. */
  readonly kind: 'permission' | 'write';
  /** The refused command in lower case, when Redis names it (`pexpire`, `evalsha`). */
  readonly command?: string;
  /** What went wrong, without any command argument. */
  readonly reason: string;
  /** What to do about it. */
  readonly advice: string;
}

const WRITE_REFUSALS = ['READONLY', 'OOM', 'MISCONF', 'NOREPLICAS'] as const;

/** Every command the cache sends, as the ACL line in the README grants them. */
export const CACHE_COMMANDS = [
  'get',
  'mget',
  'set',
  'del',
  'eval',
  'evalsha',
  'pttl',
  'pexpire',
] as const;

/** Where the README documents the ACL line; named in every permission error. */
const ACL_ADVICE =
  "grant the cache's Redis user +get +mget +set +del +eval +evalsha +pttl +pexpire on ~<keyPrefix>* (the ACL line is in the README of @visma-auth/redis, 'Least privilege')";
const WRITE_ADVICE =
  'point the client at a primary that accepts writes, or give Redis memory (maxmemory) or an eviction policy';

/** Whether `message` is Redis's report of a script calling a command the user may not run. */
export function isScriptPermissionError(message: string): boolean {
  return /can't run this command or subcommand/.test(message);
}

/**
 * Classifies a client error; `undefined` for anything else (a timeout, a closed connection,
 * `CLUSTERDOWN`), which fails reads as much as writes and needs no remembering.
 */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!(error instanceof Error)) return undefined;
  const message = error.message.split('\n', 1)[0] ?? '';
  if (message.startsWith('NOPERM')) {
    const command = /'([a-z|-]+)' command/i.exec(message)?.[1]?.toLowerCase();
    return command === undefined
      ? { kind: 'permission', reason: 'NOPERM on a key of the cache', advice: ACL_ADVICE }
      : permission(command);
  }
  if (isScriptPermissionError(message)) {
    return {
      kind: 'permission',
      reason: 'a script of the cache was refused a command (NOPERM)',
      advice: ACL_ADVICE,
    };
  }
  const word = message.split(' ', 1)[0] ?? '';
  if ((WRITE_REFUSALS as readonly string[]).includes(word)) {
    return {
      kind: 'write',
      reason: `${short(message)} (reads may work, writes do not)`,
      advice: WRITE_ADVICE,
    };
  }
  return undefined;
}

/** The refusal of `command` by the user's ACL. */
export function permission(command: string): Refusal {
  return {
    kind: 'permission',
    command,
    reason: `NOPERM: the Redis user may not run '${command}'`,
    advice: ACL_ADVICE,
  };
}

/** The first line of a Redis error, without the script details Redis appends. */
function short(message: string): string {
  return message.replace(/\s*script: .*$/, '').slice(0, 200);
}
