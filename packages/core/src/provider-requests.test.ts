import { describe, expect, it } from 'vitest';
import { isProviderRequest, sendAsProviderRequest } from './provider-requests.js';

describe('provider requests', () => {
  it('counts a URL as the provider’s own only while its request runs', async () => {
    const url = 'https://gateway.example.com/oauth2/token?x=1';
    let finish: (value: string) => void = () => undefined;
    const first = sendAsProviderRequest(url, () => new Promise<string>((r) => (finish = r)));
    const second = sendAsProviderRequest(url, () => Promise.resolve('b'));
    expect(isProviderRequest(new URL(url))).toBe(true);
    expect(isProviderRequest('https://gateway.example.com/oauth2/token')).toBe(false);
    expect(isProviderRequest('https://gateway.example.com/v1/customer?x=1')).toBe(false);
    await second;
    expect(isProviderRequest(url)).toBe(true);
    finish('a');
    await first;
    expect(isProviderRequest(url)).toBe(false);
  });

  it('ends the count when sending throws or rejects, and ignores what is not a URL', async () => {
    const url = 'https://gateway.example.com/token';
    expect(() =>
      sendAsProviderRequest(url, () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    await expect(
      sendAsProviderRequest(url, () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(isProviderRequest(url)).toBe(false);
    expect(isProviderRequest('not a url')).toBe(false);
  });
});
