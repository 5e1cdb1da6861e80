import { describe, expect, it } from 'vitest';
import { handleAdmin, isLoopback, parseFaults } from './admin.js';
import type { MockConnect } from './types.js';

describe('isLoopback', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback, nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(address), address).toBe(true);
    }
    for (const address of ['10.0.0.5', '::ffff:10.0.0.5', '192.168.1.127', 'fe80::1', '::', '']) {
      expect(isLoopback(address), address).toBe(false);
    }
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe('handleAdmin', () => {
  // A remote client cannot reach a server on 127.0.0.1 from a test, so its address is given here.
  it('refuses a client that is not on loopback with 400 and touches nothing', () => {
    const connect = { reset: () => expect.unreachable() } as unknown as MockConnect;
    const reply = handleAdmin('/__mock/reset', 'POST', '10.1.2.3', '', {
      connect,
      apis: () => [],
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      error: 'not_loopback',
      message: expect.stringContaining('10.1.2.3'),
    });
  });
});

describe('parseFaults', () => {
  it('takes one fault or an array of them, with every field failNext takes', () => {
    expect(parseFaults('{"status":503}')).toEqual([{ status: 503 }]);
    const all = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html></html>',
      delayMs: 10,
      hang: false,
    };
    expect(parseFaults(JSON.stringify([all, { body: { a: 1 } }, { hang: true }]))).toEqual([
      all,
      { body: { a: 1 } },
      { hang: true },
    ]);
  });

  it.each([
    ['{"status":503,"delay":5}', 'delay', /Unknown fault field "delay"/],
    ['[{"status":503},{"stauts":500}]', '[1].stauts', /Unknown fault field "\[1\]\.stauts"/],
    ['{"status":99}', 'status', /"status" must be an HTTP status/],
    ['{"status":"503"}', 'status', /"status" must be/],
    ['{"delayMs":-1}', 'delayMs', /"delayMs" must be a number of ms/],
    ['{"delayMs":"500"}', 'delayMs', /"delayMs" must be/],
    ['{"hang":"yes"}', 'hang', /"hang" must be true or false/],
    ['{"headers":{"retry-after":2}}', 'headers', /"headers" must be an object/],
    ['{"body":null}', 'body', /"body" must be a string/],
  ])('rejects %s naming the field', (body, field, message) => {
    const reply = handleAdmin('/__mock/fail-next', 'POST', '127.0.0.1', body, {
      connect: { failNext: () => expect.unreachable() } as unknown as MockConnect,
      apis: () => [],
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_fault', field, message });
  });

  it('rejects a body that is not JSON, not a fault, or an empty list', () => {
    expect(() => parseFaults('status=503')).toThrow(/must be JSON/);
    expect(() => parseFaults('503')).toThrow(/must be an object/);
    expect(() => parseFaults('[]')).toThrow(/empty/);
    expect(() => parseFaults(undefined)).toThrow(/64 KiB/);
  });
});
