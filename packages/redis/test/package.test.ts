import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The artifact users get: the built package loaded by plain Node, as ESM and as CommonJS.
const run = promisify(execFile);
const cwd = fileURLToPath(new URL('..', import.meta.url));

const probe = `
  const core = MODULE('@visma-auth/core');
  const redis = MODULE('@visma-auth/redis');
  const fakeClient = { isReady: true, isOpen: true, sendCommand: async () => null };
  const cache = redis.createRedisTokenCache({ client: fakeClient });
  let configError;
  try { redis.createRedisTokenCache({ client: fakeClient, encryptionKey: 'short' }); } catch (e) { configError = e; }
  console.log(JSON.stringify({
    exports: Object.keys(redis).sort(),
    kind: cache.clientKind,
    topology: cache.topology,
    // Detection is by shape: loading the package loads neither client library.
    clientLibraryLoaded: typeof require === 'function'
      && Object.keys(require.cache).some((p) => /node_modules[\\/](redis|ioredis|@redis)[\\/]/.test(p)),
    hooks: typeof cache.acquireLock + typeof cache.waitForEntry,
    errorIsCore: new redis.RedisTokenCacheError('get', 'x') instanceof core.VismaAuthError,
    configError: configError instanceof core.VismaConfigError && configError.option,
  }));
`;

describe.each([
  [
    'ESM',
    ['--input-type=module', '-e', probe.replaceAll(/MODULE\(([^)]+)\)/g, 'await import($1)')],
  ],
  ['CommonJS', ['-e', probe.replaceAll('MODULE(', 'require(')]],
])('built package as %s', (_, args) => {
  it('loads in plain Node and works with core', async () => {
    const { stdout } = await run(process.execPath, args, { cwd, timeout: 10_000 });
    expect(JSON.parse(stdout)).toEqual({
      exports: ['RedisTokenCacheError', 'createRedisTokenCache'],
      kind: 'node-redis',
      topology: 'standalone',
      clientLibraryLoaded: false,
      hooks: 'functionfunction',
      errorIsCore: true,
      configError: 'encryptionKey',
    });
  });
});
