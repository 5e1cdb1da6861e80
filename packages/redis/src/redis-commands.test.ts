import { describe, expect, it } from 'vitest';
import type { CommandAdapter } from './client-adapter.js';
import { RedisTokenCacheError } from './errors.js';
import { DELETE_IF_EQUAL } from './lua-scripts.js';
import { RedisCommands } from './redis-commands.js';

function fakeAdapter(send: CommandAdapter['send'], ready = () => true): CommandAdapter {
  return { kind: 'node-redis', topology: 'standalone', ready, closed: () => false, send };
}

describe('RedisCommands', () => {
  it('fails with a cache error when Redis does not answer in time', async () => {
    const commands = new RedisCommands(
      fakeAdapter(() => new Promise(() => {})),
      20,
    );
    // The reply never comes, so only the timeout can end this.
    const error = await commands.get('get', 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisTokenCacheError);
    expect((error as RedisTokenCacheError).code).toBe('ERR_VISMA_CACHE_UNAVAILABLE');
    expect((error as RedisTokenCacheError).operation).toBe('get');
    expect((error as RedisTokenCacheError).message).toContain('no reply within 20 ms');
  });

  it('fails fast without sending while the client is reconnecting', async () => {
    let sent = 0;
    const commands = new RedisCommands(
      fakeAdapter(
        async () => {
          sent++;
          return 'x';
        },
        () => false,
      ),
      1000,
    );
    await expect(commands.get('get', 'k')).rejects.toBeInstanceOf(RedisTokenCacheError);
    expect(sent).toBe(0);
  });

  it('keeps only a safe summary of the client error, never its command arguments', async () => {
    const clientError = Object.assign(new Error('ERR something\nmore'), {
      command: { name: 'set', args: ['k', 'secret-token-value'] },
      code: 'ECONNRESET',
    });
    const commands = new RedisCommands(
      fakeAdapter(() => Promise.reject(clientError)),
      1000,
    );
    const error = (await commands
      .set('set', 'k', 'secret-token-value', 1000)
      .catch((e: unknown) => e)) as RedisTokenCacheError;
    expect(error.message).toContain('ERR something');
    expect(error.message).not.toContain('more');
    expect(JSON.stringify(error)).not.toContain('secret-token-value');
    expect(JSON.stringify(error.cause)).not.toContain('secret-token-value');
    expect(error.cause).not.toBe(clientError);
    expect((error.cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('loads a script with EVAL when EVALSHA answers NOSCRIPT', async () => {
    const sent: string[] = [];
    const commands = new RedisCommands(
      fakeAdapter(async (command) => {
        sent.push(command);
        if (command === 'EVALSHA') throw new Error('NOSCRIPT No matching script.');
        return 1;
      }),
      1000,
    );
    await expect(commands.eval('delete', DELETE_IF_EQUAL, ['k'], ['v'])).resolves.toBe(1);
    expect(sent).toEqual(['EVALSHA', 'EVAL']);
  });

  it('sends SET with PX (rounded up, at least 1) and NX for leases', async () => {
    const sent: string[][] = [];
    const commands = new RedisCommands(
      fakeAdapter(async (command, args) => {
        sent.push([command, ...args]);
        return null;
      }),
      1000,
    );
    await expect(commands.set('acquireLock', 'l', 'o', 0.2, true)).resolves.toBe(false);
    expect(sent).toEqual([['SET', 'l', 'o', 'PX', '1', 'NX']]);
  });
});
