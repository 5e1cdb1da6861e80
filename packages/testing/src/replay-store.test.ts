import { describe, expect, it } from 'vitest';
import { ReplayStore } from './replay-store.js';

describe('ReplayStore', () => {
  it('accepts an id once until it expires', () => {
    const store = new ReplayStore();
    expect(store.use('a', 2000, 1000)).toBe(true);
    expect(store.use('a', 2000, 1500)).toBe(false);
    expect(store.use('a', 3000, 2000)).toBe(true);
  });

  it('stays bounded by dropping the oldest id', () => {
    const store = new ReplayStore(2);
    store.use('a', 9000, 0);
    store.use('b', 9000, 0);
    store.use('c', 9000, 0);
    expect(store.use('a', 9000, 0)).toBe(true);
    expect(store.use('c', 9000, 0)).toBe(false);
  });
});
