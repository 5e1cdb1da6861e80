import { describe, expect, it } from 'vitest';
import {
  hasAuthorization,
  headerEntries,
  toHeaders,
  withAuthorization,
} from './authorization-header.js';

const pairs: [string, string][] = [
  ['Authorization', 'Basic x'],
  ['x-caller', 'yes'],
];

/** Shapes no `instanceof Headers` check recognises. */
const foreignShapes: [string, () => unknown][] = [
  ['a Map', () => new Map(pairs)],
  [
    'an iterable of pairs',
    () => ({
      *[Symbol.iterator]() {
        yield* pairs;
      },
    }),
  ],
  ['an object with entries()', () => ({ entries: () => pairs[Symbol.iterator]() })],
  [
    'an object with forEach(value, name)',
    () => ({
      forEach: (cb: (v: string, n: string) => void) => {
        for (const [n, v] of pairs) cb(v, n);
      },
    }),
  ],
];

describe('header shapes', () => {
  it.each(foreignShapes)('reads every header of %s', (_name, make) => {
    const headers = make() as Parameters<typeof headerEntries>[0];
    expect(headerEntries(headers)).toEqual(pairs);
    expect(hasAuthorization(headers)).toBe(true);
    expect(toHeaders(headers).get('x-caller')).toBe('yes');
  });

  it.each(foreignShapes)('keeps the other headers of %s when adding the token', (_name, make) => {
    const withoutAuth = make() as Parameters<typeof headerEntries>[0];
    const copy = new Headers(withAuthorization(withoutAuth, 'Bearer t'));
    expect(copy.get('x-caller')).toBe('yes');
  });
});
