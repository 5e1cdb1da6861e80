import { describe, expect, it, vi } from 'vitest';
import { guardRedirects } from './redirect-guard.js';

const details = [
  { headers: {}, statusCode: 302 },
  { headers: {}, url: 'https://api.example.com/a', method: 'GET' },
] as const;

describe('guardRedirects', () => {
  it("drops Authorization when a redirect leaves the URL's origin, even to a subdomain", () => {
    const state = { leftOrigin: false };
    const guard = guardRedirects(undefined, 'https://api.example.com/v1/customer?x=1', state);
    const options = {
      href: 'https://eu.api.example.com/b',
      headers: { Authorization: 'Bearer t', Accept: 'x' },
    };
    guard(options, ...details);
    expect(options.headers).toEqual({ Accept: 'x' });
    expect(state.leftOrigin).toBe(true);
  });

  it('keeps the header on same-origin redirects and runs the caller hook first', () => {
    const caller = vi.fn();
    const state = { leftOrigin: false };
    const guard = guardRedirects(caller, 'https://api.example.com', state);
    const options = { href: 'https://api.example.com/b', headers: { authorization: 'Bearer t' } };
    guard(options, ...details);
    expect(options.headers).toEqual({ authorization: 'Bearer t' });
    expect(caller).toHaveBeenCalledOnce();
    expect(state.leftOrigin).toBe(false);
  });

  it('does not wrap its own guard twice', () => {
    const caller = vi.fn();
    const first = guardRedirects(caller, 'https://api.example.com', { leftOrigin: false });
    const second = guardRedirects(first, 'https://api.example.com', { leftOrigin: false });
    second({ href: 'https://api.example.com/b', headers: {} }, ...details);
    expect(caller).toHaveBeenCalledOnce();
  });

  it('re-guarding a guard without a caller hook judges only the new origin', () => {
    // A config sent again to another allowed origin carries the first request's guard.
    const first = guardRedirects(undefined, 'https://a.example.com', { leftOrigin: false });
    const state = { leftOrigin: false };
    const second = guardRedirects(first, 'https://b.example.com', state);
    const options = { href: 'https://b.example.com/next', headers: { authorization: 'Bearer t' } };
    second(options, ...details);
    expect(options.headers).toEqual({ authorization: 'Bearer t' });
    expect(state.leftOrigin).toBe(false);
  });

  it('works from protocol, hostname and port when href is missing', () => {
    const guard = guardRedirects(undefined, 'http://127.0.0.1:8080', { leftOrigin: false });
    const options = {
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8081,
      headers: { authorization: 'Bearer t' },
    };
    guard(options, ...details);
    expect(options.headers).toEqual({});
  });
});
