import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from './basic-auth.js';

const header = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('parseBasicAuth', () => {
  it('form-decodes id and secret after splitting at the first colon', () => {
    expect(parseBasicAuth(header('my%3Aid:se%2Bcret+x%3A1'))).toEqual({
      clientId: 'my:id',
      clientSecret: 'se+cret x:1',
    });
  });

  it('ignores other schemes and rejects malformed Basic headers', () => {
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(() => parseBasicAuth(header('no-colon'))).toThrow(/malformed/);
    expect(() => parseBasicAuth('Basic')).toThrow(/malformed/);
    expect(() => parseBasicAuth(header('id:%E0%A4%A'))).toThrow(/form-urlencoded/);
  });
});
