import { describe, expect, expectTypeOf, it } from 'vitest';
import { VismaConfigError } from './errors.js';
import type { VismaTokenProvider } from './provider.js';
import { assertTokenSource, type VismaTokenSource } from './token-source.js';

describe('assertTokenSource', () => {
  it('accepts anything with getToken and invalidate', () => {
    const source = { getToken() {}, invalidate() {} };
    expect(() => assertTokenSource(source, 'createVismaFetch')).not.toThrow();
  });

  it.each([[undefined], [null], ['provider'], [{}], [{ getToken() {} }], [{ invalidate() {} }]])(
    'rejects %j naming the caller, the argument and the provider option',
    (value) => {
      expect(() => assertTokenSource(value, 'withVismaAuth', 'second')).toThrow(
        expect.objectContaining({
          name: 'VismaConfigError',
          option: 'provider',
          message: expect.stringContaining('withVismaAuth needs a token provider'),
        }),
      );
      expect(() => assertTokenSource(value, 'withVismaAuth', 'second')).toThrow(/second argument/);
      expect(() => assertTokenSource(value, 'createVismaFetch')).toThrow(VismaConfigError);
      expect(() => assertTokenSource(value, 'createVismaFetch')).toThrow(/first argument/);
    },
  );

  it('is satisfied by VismaTokenProvider', () => {
    expectTypeOf<VismaTokenProvider>().toExtend<VismaTokenSource>();
  });
});
