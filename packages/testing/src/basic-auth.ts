import { invalidClient } from './oauth-error.js';

/**
 * Reads `client_secret_basic` credentials: id and secret are form-urlencoded before base64,
 * so both are decoded again after the split.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @returns `undefined` when the header is not a Basic one.
 */
export function parseBasicAuth(
  authorization: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  if (!isBasic(authorization)) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization ?? '');
  if (!match) throw invalidClient('The Basic authorization header is malformed.', true);
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient('The Basic authorization header is malformed.', true);
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalidClient('The Basic authorization header is not form-urlencoded.', true);
  }
}

function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Whether the header uses the Basic scheme at all. */
export function isBasic(authorization: string | undefined): boolean {
  return /^basic(\s|$)/i.test(authorization ?? '');
}
