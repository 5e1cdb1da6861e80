import { createHash } from 'node:crypto';

/** A Lua script with its SHA-1, so it is sent once per server and then called by EVALSHA. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
  /** The commands it calls (lower case), probed to name the one an ACL refuses it. */
  readonly commands: readonly string[];
}

function script(source: string): LuaScript {
  const commands = [
    ...new Set(
      [...source.matchAll(/redis\.call\('([A-Z]+)'/g)].map((m) => (m[1] ?? '').toLowerCase()),
    ),
  ];
  return { source, sha: createHash('sha1').update(source).digest('hex'), commands };
}

/** A script that does nothing: probes whether EVAL and EVALSHA are allowed. */
export const PROBE_SCRIPT = script('return 0');

/**
 * Deletes KEYS[1] only while its value starts with ARGV[1] (an entry's fingerprint prefix), so a
 * process never drops a newer token that another one stored meanwhile.
 */
export const DELETE_IF_PREFIX = script(`local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

/**
 * Deletes KEYS[1] only while it still holds ARGV[1]: a lease is released by its owner only, and an
 * unreadable value is dropped only if nobody replaced it meanwhile.
 */
export const DELETE_IF_EQUAL = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

/**
 * Extends KEYS[1] to ARGV[2] ms only while it still holds ARGV[1]: a lease holder that is still
 * working keeps its lease, and one that lost it cannot take it back.
 */
export const RENEW_IF_EQUAL = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`);

/**
 * Stores ARGV[1] in KEYS[1] for ARGV[2] ms unless the entry there outlives it: a writer whose
 * token is older than the stored one (a lease holder that stalled past its lease while another
 * took over) cannot overwrite the newer token. A missing key reads as -2, one without expiry as -1.
 */
export const SET_UNLESS_NEWER = script(`local ttl = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) > ttl then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
return 1`);
