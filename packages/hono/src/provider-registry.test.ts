import { afterEach, describe, expect, it } from 'vitest';
import { closeVismaProviders, MAX_PROVIDERS, scopeFor } from './provider-registry.js';

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
