import { Logger } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { formatLogLine, isNestLogger } from './nest-logger.js';

/** Any character that could end or rewrite a log line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('formatLogLine', () => {
  it('puts the listed fields and the error code and message on one line, and nothing else', () => {
    const line = formatLogLine(
      {
        event: 'retry',
        tenantId: 't1',
        scopes: ['a:read', 'b:read'],
        key: 'https://connect.example/token|client|t1|a:read b:read',
        attempt: 2,
        delayMs: 123.4,
        err: { code: 'ERR_VISMA_SERVER', message: 'HTTP 503 from the token endpoint.' },
      },
      'visma-auth: retrying access token request',
    );
    expect(line).toBe(
      'retrying access token request (tenant=t1 scopes=a:read,b:read attempt=2 delayMs=123): ERR_VISMA_SERVER HTTP 503 from the token endpoint.',
    );
  });

  it("formats core's cache_error record, which has no token fields", () => {
    expect(
      formatLogLine(
        { event: 'cache_error', operation: 'get', err: { name: 'Error', message: 'ECONNREFUSED' } },
        'visma-auth: token cache failed',
      ),
    ).toBe('token cache failed (operation=get): ECONNREFUSED');
  });
});

describe('formatLogLine with control characters', () => {
  it('escapes them in every field and in the error, so one event is always one line', () => {
    const forged = 'LOG [VismaAuth] access token request succeeded';
    const line = formatLogLine(
      {
        tenantId: `t1\n${forged}\r\u0085`,
        scopes: ['a:read\u001b[2K'],
        err: { code: 'ERR\tX', message: `tenant t1\r\n${forged}\u2028\u2029\u007f\u0000` },
      },
      'visma-auth: access token request failed',
    );
    expect(line).not.toMatch(CONTROL);
    expect(line).toBe(
      `access token request failed (tenant=t1\\n${forged}\\r\\u0085 scopes=a:read\\u001b[2K): ERR\\tX tenant t1\\r\\n${forged}\\u2028\\u2029\\u007f\\u0000`,
    );
  });
});

describe('isNestLogger', () => {
  it('tells Nest loggers (log, no info) from pino- and console-shaped ones', () => {
    expect(isNestLogger(new Logger('X'))).toBe(true);
    expect(isNestLogger({ log() {}, warn() {}, error() {} })).toBe(true);
    expect(isNestLogger(console)).toBe(false);
    expect(isNestLogger({ info() {}, warn() {}, error() {} })).toBe(false);
  });
});
