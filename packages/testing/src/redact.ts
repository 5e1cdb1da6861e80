/** Form and JSON fields whose values the request log never keeps. */
const SECRET_FIELDS = ['client_secret', 'client_assertion'];

const REDACTED = '[redacted]';

/** Keeps only the scheme of an Authorization header, e.g. `Basic [redacted]`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  if (out.authorization !== undefined) {
    const scheme = out.authorization.trim().split(/\s+/)[0] ?? '';
    out.authorization = scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return out;
}

/**
 * Replaces secret field values in a form or JSON body, then any known secret still left (a
 * malformed body may hold one anywhere).
 */
export function redactBody(body: string, knownSecrets: Iterable<string> = []): string {
  let out = body
    .split('&')
    .map((pair) => {
      const name = safeDecode(pair.split('=')[0] ?? '');
      return SECRET_FIELDS.includes(name) && pair.includes('=')
        ? `${pair.slice(0, pair.indexOf('='))}=${REDACTED}`
        : pair;
    })
    .join('&');
  // JSON-ish bodies sent with the wrong content type: "client_secret": "..." or client_secret: ...
  out = out.replace(
    /((?:client_secret|client_assertion)["']?\s*[:=]\s*["']?)[^"'&,}\s]+/g,
    `$1${REDACTED}`,
  );
  for (const secret of knownSecrets) {
    // Very short secrets would shred the body; they only exist in toy setups.
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), formEncode(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function formEncode(text: string): string {
  return new URLSearchParams({ x: text }).toString().slice(2);
}
