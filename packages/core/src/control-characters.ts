/**
 * Control characters in values that end up in log lines, cache keys and events: refused in what
 * the caller passes (a tenant id from a request header could otherwise forge a log line), and
 * escaped in what Visma Connect sends back.
 */

import { VismaConfigError } from './errors.js';

/** C0 controls (CR, LF, tab…), DEL, C1 controls, and the Unicode line and paragraph separators. */
// \p{Cc} is exactly U+0000–U+001F and U+007F–U+009F.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_ALL = new RegExp(CONTROL.source, 'gu');

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Whether `text` contains a control character (C0, DEL, C1, U+2028 or U+2029). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * The code point of the first control character in `text`, as `U+000A`, for error messages
 * that must not repeat the value itself.
 */
export function firstControlCharacter(text: string): string | undefined {
  const found = CONTROL.exec(text)?.[0];
  return found === undefined ? undefined : codePoint(found);
}

/**
 * Escapes control characters as `\n`, `\r`, `\t` or `\uXXXX`, so text from outside (Visma's
 * `error_description`) stays on one log line whatever the logger does with it.
 * @example escapeControlCharacters('a\nb') // 'a\\nb'
 */
export function escapeControlCharacters(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(
    CONTROL_ALL,
    (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function codePoint(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Throws a {@link VismaConfigError} naming `option` when a tenant id or scope holds a control
 * character; the value is not repeated, only the character's code point.
 */
export function refuseControlCharacters(
  values: string | readonly unknown[] | undefined,
  option: 'tenantId' | 'scopes',
): void {
  if (values === undefined) return;
  for (const value of typeof values === 'string' ? [values] : values) {
    if (typeof value !== 'string') continue;
    const found = firstControlCharacter(value);
    if (found !== undefined) {
      throw new VismaConfigError(
        option,
        `must not contain control characters (found ${found}); ${
          option === 'scopes'
            ? 'separate scopes with spaces'
            : 'pass the tenant id as Visma shows it'
        }`,
      );
    }
  }
}
