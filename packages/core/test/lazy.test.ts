import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  type VismaAuthEvent,
  VismaClosedError,
  VismaConfigError,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
} from '../src/index.js';
import { CLIENT, onCleanup, SECRET, startConnect } from './helpers.js';

/** Stands in for `process.env` at build time (empty) and at run time (filled in by the test). */
function fakeEnv(): Record<string, string | undefined> {
  return {};
}

function optionsFrom(
  env: Record<string, string | undefined>,
  extra: Partial<VismaTokenProviderOptions> = {},
): () => VismaTokenProviderOptions {
  return () => ({
    clientId: env.VISMA_CLIENT_ID ?? '',
    clientSecret: env.VISMA_CLIENT_SECRET,
    scopes: ['visma_api:read'],
    tokenUrl: env.VISMA_TOKEN_URL,
    ...extra,
  });
}

function fill(env: Record<string, string | undefined>, tokenUrl: string): void {
  env.VISMA_CLIENT_ID = CLIENT.clientId;
  env.VISMA_CLIENT_SECRET = SECRET;
  env.VISMA_TOKEN_URL = tokenUrl;
}

describe('VismaTokenProvider.lazy', () => {
  it('is created without options, rejects a call while one is missing, and works once it is set', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    const init = vi.fn(optionsFrom(env));
    const provider = VismaTokenProvider.lazy(init);
    onCleanup(() => provider.close());
    expect(init).not.toHaveBeenCalled();

    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaConfigError);
    expect((error as VismaConfigError).option).toBe('clientId');
    expect(connect.counts.token).toBe(0);

    fill(env, connect.tokenUrl);
    await expect(provider.getAuthorizationHeader()).resolves.toMatch(/^Bearer ey/);
    await provider.getToken();
    expect(connect.counts.token).toBe(1);
    expect(init).toHaveBeenCalledTimes(2);
  });

  it('turns a throwing options function into VismaConfigError and calls it again next time', async () => {
    const connect = await startConnect();
    let fail = true;
    const provider = VismaTokenProvider.lazy(() => {
      if (fail) throw new Error('VISMA_CLIENT_ID is not set');
      return { clientId: CLIENT.clientId, scopes: ['visma_api:read'], tokenUrl: connect.tokenUrl };
    });
    onCleanup(() => provider.close());
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaConfigError;
    expect(error).toBeInstanceOf(VismaConfigError);
    expect(error.option).toBe('options');
    expect((error.cause as Error).message).toBe('VISMA_CLIENT_ID is not set');
    fail = false;
    const second = (await provider.getToken().catch((e: unknown) => e)) as VismaConfigError;
    expect(second.option).toBe('clientSecret');
    expect(connect.counts.token).toBe(0);
  });

  it('keeps the option name of a VismaConfigError the options function throws', async () => {
    const provider = VismaTokenProvider.lazy(() => {
      throw new VismaConfigError('tenantId', 'VISMA_TENANT_ID is not set');
    });
    await expect(provider.getToken()).rejects.toMatchObject({ option: 'tenantId' });
  });

  it('names a bad option the function returns', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const provider = VismaTokenProvider.lazy(optionsFrom(env, { retry: { maxAttempts: -1 } }));
    await expect(provider.getToken()).rejects.toMatchObject({
      name: 'VismaConfigError',
      option: 'retry.maxAttempts',
    });
    await expect(provider.invalidate()).rejects.toMatchObject({ option: 'retry.maxAttempts' });
    expect(connect.counts.token).toBe(0);
  });

  it('rejects an options function that is not a function when created', () => {
    expect(() => VismaTokenProvider.lazy({} as never)).toThrow(VismaConfigError);
  });

  it('resolves once for concurrent first calls, and they share one token request', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const init = vi.fn(optionsFrom(env));
    const provider = VismaTokenProvider.lazy(init);
    onCleanup(() => provider.close());
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(init).toHaveBeenCalledTimes(1);
    expect(connect.counts.token).toBe(1);
  });

  it('supports events, invalidate, await using and a secret-free inspect', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const events: VismaAuthEvent[] = [];
    let held: VismaTokenProvider | undefined;
    {
      await using provider = VismaTokenProvider.lazy(
        optionsFrom(env, { onEvent: (e) => events.push(e) }),
      );
      expect(inspect(provider)).toContain('"resolved":false');
      await provider.getToken();
      expect(await provider.invalidate()).toBe(true);
      await provider.getToken();
      const shown = inspect(provider) + JSON.stringify(provider);
      expect(shown).toContain(CLIENT.clientId);
      expect(shown).not.toContain(SECRET);
      expect(connect.counts.token).toBe(2);
      held = provider;
    }
    await expect(held.getToken()).rejects.toBeInstanceOf(VismaClosedError);
    expect(events.map((e) => e.type)).toContain('fetch_success');
    expect(events.map((e) => e.type)).toContain('invalidate');
  });

  it('closes before its first use without calling the options function', async () => {
    const init = vi.fn(optionsFrom({}));
    const provider = VismaTokenProvider.lazy(init);
    await provider.close();
    await provider.close();
    await expect(provider.getToken()).rejects.toBeInstanceOf(VismaClosedError);
    expect(await provider.invalidate()).toBe(false);
    expect(init).not.toHaveBeenCalled();
    expect(provider.toJSON()).toMatchObject({ resolved: false, closed: true });
  });
});

describe('VismaTokenProvider.shared', () => {
  it('gives a module evaluated again the same provider and its cache', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const first = VismaTokenProvider.shared('test-reload', optionsFrom(env));
    onCleanup(() => first.close());
    await first.getToken();

    // A dev server evaluates the module again: a new copy of core, a new options function.
    vi.resetModules();
    const again = await import('../src/index.js');
    expect(again.VismaTokenProvider).not.toBe(VismaTokenProvider);
    const second = again.VismaTokenProvider.shared('test-reload', optionsFrom(env));
    expect(second).toBe(first);
    await second.getToken();
    expect(connect.counts.token).toBe(1);
  });

  it('is removed from the registry by close(), so the key then gives a new provider', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const first = VismaTokenProvider.shared('test-close', optionsFrom(env));
    await first.getToken();
    await first.close();
    const second = VismaTokenProvider.shared('test-close', optionsFrom(env));
    onCleanup(() => second.close());
    expect(second).not.toBe(first);
    await second.getToken();
    expect(connect.counts.token).toBe(2);
  });

  it('is created without credentials and resolves on first use, like lazy', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    const provider = VismaTokenProvider.shared('test-no-env', optionsFrom(env));
    onCleanup(() => provider.close());
    await expect(provider.getToken()).rejects.toMatchObject({ option: 'clientId' });
    fill(env, connect.tokenUrl);
    await provider.getToken();
    expect(connect.counts.token).toBe(1);
  });

  it('rejects an empty key', () => {
    let error: unknown;
    try {
      VismaTokenProvider.shared('', optionsFrom({}));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VismaConfigError);
    expect((error as VismaConfigError).option).toBe('key');
  });

  it('rejects the same key with another client id once both are known', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const first = VismaTokenProvider.shared('test-mismatch', optionsFrom(env));
    onCleanup(() => first.close());
    await first.getToken();
    const other = VismaTokenProvider.shared(
      'test-mismatch',
      optionsFrom(env, { clientId: 'another-app' }),
    );
    expect(other).toBe(first);
    const error = (await other.getToken().catch((e: unknown) => e)) as VismaConfigError;
    expect(error).toBeInstanceOf(VismaConfigError);
    expect(error.option).toBe('clientId');
    expect(error.message).toContain('test-mismatch');
    expect(error.message).not.toContain('another-app');
    expect(error.message).not.toContain(CLIENT.clientId);
    expect(error.message).not.toContain(SECRET);
    expect(connect.counts.token).toBe(1);
    // Reported once: the provider keeps serving the first caller's options.
    await expect(first.getToken()).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(connect.counts.token).toBe(1);
  });

  it('reports a later caller whose options cannot be read once, then keeps serving', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const first = VismaTokenProvider.shared('test-bad-claim', optionsFrom(env));
    onCleanup(() => first.close());
    await first.getToken();
    VismaTokenProvider.shared('test-bad-claim', () => {
      throw new Error('settings not loaded');
    });
    await expect(first.getToken()).rejects.toBeInstanceOf(VismaConfigError);
    await expect(first.getToken()).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(connect.counts.token).toBe(1);
  });

  it('checks a later caller also before the provider is first used', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const first = VismaTokenProvider.shared('test-mismatch-cold', optionsFrom(env));
    onCleanup(() => first.close());
    VismaTokenProvider.shared('test-mismatch-cold', optionsFrom(env, { clientId: 'another-app' }));
    await expect(first.getToken()).rejects.toMatchObject({ option: 'clientId' });
    expect(connect.counts.token).toBe(0);
  });

  it('accepts a later caller with the same client id', async () => {
    const connect = await startConnect();
    const env = fakeEnv();
    fill(env, connect.tokenUrl);
    const first = VismaTokenProvider.shared('test-same', optionsFrom(env));
    onCleanup(() => first.close());
    await first.getToken();
    VismaTokenProvider.shared('test-same', optionsFrom(env));
    await first.getToken();
    expect(connect.counts.token).toBe(1);
  });
});
