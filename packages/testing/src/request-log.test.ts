import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

describe('RequestLog', () => {
  it('keeps the newest entries up to the limit', () => {
    const log = new RequestLog<number>(3);
    for (let i = 1; i <= 10; i++) log.push(i);
    expect(log.list((n) => n)).toEqual([8, 9, 10]);
    log.clear();
    expect(log.list((n) => n)).toEqual([]);
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() => new RequestLog(0)).toThrow(TypeError);
  });
});
