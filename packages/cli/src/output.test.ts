import { describe, expect, it } from 'vitest';
import { createStyler, formatRows, mark, useColor } from './output.js';
import { memoryStream } from './test-io.js';

describe('useColor', () => {
  it('colours a TTY only, and never with NO_COLOR or TERM=dumb', () => {
    expect(useColor(memoryStream(true), {})).toBe(true);
    expect(useColor(memoryStream(false), {})).toBe(false);
    expect(useColor(memoryStream(true), { NO_COLOR: '1' })).toBe(false);
    expect(useColor(memoryStream(true), { NO_COLOR: '' })).toBe(true);
    expect(useColor(memoryStream(true), { TERM: 'dumb' })).toBe(false);
  });
});

describe('mark', () => {
  it('is plain without colour and wrapped in escapes with it', () => {
    expect(mark('pass', createStyler(memoryStream(false), {}))).toBe('✓');
    expect(mark('fail', createStyler(memoryStream(false), {}))).toBe('✗');
    expect(mark('fail', createStyler(memoryStream(true), {}))).toBe('\u001b[31m✗\u001b[39m');
  });
});

describe('formatRows', () => {
  it('aligns the values', () => {
    expect(
      formatRows([
        ['a', '1'],
        ['long', '2'],
      ]),
    ).toEqual(['  a     1', '  long  2']);
  });
});
