import { createHash } from 'node:crypto';

/** A Lua script with its SHA-1, so it is sent once per server and then called by EVALSHA. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Deletes KEYS[1] only while its value starts with ARGV[1] (an entry's fingerprint prefix), so a
 * process never drops a newer token that another one stored meanwhile.
 */
export const DELETE_IF_PREFIX = script(`local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

/** Deletes KEYS[1] only while it still holds ARGV[1]: a lease is released by its owner only. */
export const DELETE_IF_EQUAL = script(`if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);
