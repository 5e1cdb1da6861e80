import { Logger } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { formatLogLine, isNestLogger } from './nest-logger.js';

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

describe('isNestLogger', () => {
  it('tells Nest loggers (log, no info) from pino- and console-shaped ones', () => {
    expect(isNestLogger(new Logger('X'))).toBe(true);
    expect(isNestLogger({ log() {}, warn() {}, error() {} })).toBe(true);
    expect(isNestLogger(console)).toBe(false);
    expect(isNestLogger({ info() {}, warn() {}, error() {} })).toBe(false);
  });
});
