import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, firstControlCharacter } from './control-characters.js';

describe('escapeControlCharacters', () => {
  it('keeps text on one line and leaves plain text as it is', () => {
    expect(escapeControlCharacters('a\r\nb\tc\u0000\u0085\u2028')).toBe(
      'a\\r\\nb\\tc\\u0000\\u0085\\u2028',
    );
    expect(escapeControlCharacters('tenant-ä 1')).toBe('tenant-ä 1');
  });

  it('names the first control character by code point', () => {
    expect(firstControlCharacter('ab\u007fc\n')).toBe('U+007F');
    expect(firstControlCharacter('abc')).toBeUndefined();
  });
});
