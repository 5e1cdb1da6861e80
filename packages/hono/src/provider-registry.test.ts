import { afterEach, describe, expect, it } from 'vitest';
import { closeVismaProviders, createScopeResolver, MAX_PROVIDERS } from './provider-registry.js';

/** The registry itself: a fresh resolver remembers nothing, so every call takes the keyed lookup. */
const scopeFor = (o: Parameters<ReturnType<typeof createScopeResolver>>[0]) =>
  createScopeResolver()(o);

const options = (clientId: string, clientSecret = 'secret') => ({
  clientId,
  clientSecret,
  scopes: 'visma_api:read',
  tokenUrl: 'http://127.0.0.1:9/token',
  baseUrl: 'https://api.example.com',
});

afterEach(() => closeVismaProviders());

describe('scopeFor', () => {
  it('keeps one provider per credential, whatever object the options come in', () => {
    const first = scopeFor(options('a'));
    expect(scopeFor(options('a'))).toBe(first);
    expect(scopeFor(options('b')).provider).not.toBe(first.provider);
    // Another base URL is another fetch over the same provider.
    const other = scopeFor({ ...options('a'), baseUrl: 'https://other.example.com' });
    expect(other).not.toBe(first);
    expect(other.provider).toBe(first.provider);
  });

  it('replaces, and closes, the provider when the secret changes', async () => {
    const first = scopeFor(options('a', 'old'));
    const rotated = scopeFor(options('a', 'new'));
    expect(rotated.provider).not.toBe(first.provider);
    await expect(first.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
  });

  it(`closes the oldest provider past ${MAX_PROVIDERS} credentials`, async () => {
    const oldest = scopeFor(options('client-0'));
    for (let i = 1; i <= MAX_PROVIDERS; i++) scopeFor(options(`client-${i}`));
    await expect(oldest.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
    expect(scopeFor(options('client-0')).provider).not.toBe(oldest.provider);
  });

  it(`evicts the credential unused the longest, not the first created`, async () => {
    const first = scopeFor(options('lru-0'));
    const second = scopeFor(options('lru-1'));
    for (let i = 2; i < MAX_PROVIDERS; i++) scopeFor(options(`lru-${i}`));
    expect(scopeFor(options('lru-0')).provider).toBe(first.provider); // used again: now newest
    scopeFor(options(`lru-${MAX_PROVIDERS}`));
    await expect(second.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
    expect(scopeFor(options('lru-0')).provider).toBe(first.provider);
  });
});

describe('createScopeResolver', () => {
  it('serves equal options, in the same object or a new one per request, the same scope', () => {
    const resolve = createScopeResolver();
    const fixed = options('memo');
    const first = resolve(fixed);
    expect(resolve(fixed)).toBe(first);
    // As a `(c) => options` function makes them: new objects and arrays, equal values.
    expect(resolve({ ...options('memo'), scopes: ['visma_api:read'] })).toBe(first);
    expect(resolve({ ...options('memo'), scopes: ['visma_api:read'] })).toBe(first);
    expect(scopeFor(options('memo'))).toBe(first);
  });

  it('sees another credential or target, and a secret changed in place', async () => {
    const resolve = createScopeResolver();
    const fixed = options('memo-rotate', 'old');
    const first = resolve(fixed);
    expect(resolve({ ...fixed, baseUrl: 'https://other.example.com' })).not.toBe(first);
    expect(resolve(options('memo-other')).provider).not.toBe(first.provider);
    fixed.clientSecret = 'new';
    const rotated = resolve(fixed);
    expect(rotated.provider).not.toBe(first.provider);
    await expect(first.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
  });

  it('makes a new provider once the remembered one was evicted or closed', async () => {
    const resolve = createScopeResolver();
    const fixed = options('memo-evicted');
    const first = resolve(fixed);
    for (let i = 0; i < MAX_PROVIDERS; i++) scopeFor(options(`memo-filler-${i}`));
    await expect(first.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
    const second = resolve(fixed);
    expect(second.provider).not.toBe(first.provider);
    await closeVismaProviders();
    expect(resolve(fixed).provider).not.toBe(second.provider);
  });

  it('keeps the least recently used order when it serves from memory', async () => {
    const resolve = createScopeResolver();
    const kept = resolve(options('memo-lru-0'));
    const second = scopeFor(options('memo-lru-1'));
    for (let i = 2; i < MAX_PROVIDERS; i++) scopeFor(options(`memo-lru-${i}`));
    expect(resolve(options('memo-lru-0'))).toBe(kept); // served from memory: now newest
    scopeFor(options(`memo-lru-${MAX_PROVIDERS}`));
    await expect(second.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
    expect(scopeFor(options('memo-lru-0')).provider).toBe(kept.provider);
  });

  it('serves a provider the app passed in without a registry entry', () => {
    const resolve = createScopeResolver();
    const provider = scopeFor(options('memo-given')).provider;
    const first = resolve({ provider, baseUrl: 'https://api.example.com' });
    expect(resolve({ provider, baseUrl: 'https://api.example.com' })).toBe(first);
    expect(first.provider).toBe(provider);
  });
});
