import { describe, expect, it } from 'vitest';
import { redactClientRequest } from './redact-client-request.js';

describe('redactClientRequest', () => {
  it("replaces the token in a ClientRequest's raw head and outgoing header map, nothing else", () => {
    const outHeaders = Symbol('kOutHeaders');
    const request = {
      _header: 'GET / HTTP/1.1\r\nauthorization: Bearer tok-123\r\nx-other: keep\r\n\r\n',
      [outHeaders]: {
        authorization: ['Authorization', 'Bearer tok-123'],
        'x-other': ['X-Other', 'keep'],
      },
    };
    redactClientRequest(request, 'tok-123');
    expect(request._header).toBe(
      'GET / HTTP/1.1\r\nauthorization: Bearer [REDACTED]\r\nx-other: keep\r\n\r\n',
    );
    expect(request[outHeaders]).toEqual({
      authorization: ['Authorization', 'Bearer [REDACTED]'],
      'x-other': ['X-Other', 'keep'],
    });
  });

  it('leaves anything else, and an empty token, alone', () => {
    const request = { _header: 'authorization: Bearer tok' };
    redactClientRequest(request, '');
    redactClientRequest(undefined, 'tok');
    redactClientRequest('a string', 'tok');
    expect(request._header).toBe('authorization: Bearer tok');
  });
});
