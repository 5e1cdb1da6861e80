/**
 * Takes a bearer token out of what a Node `ClientRequest` keeps of its headers (the raw head in
 * `_header`, the outgoing header map), so logging an HTTP client's error with `util.inspect`
 * (`showHidden`, any depth) shows no token. For adapters; a no-op on anything else.
 *
 * @param request - A Node `ClientRequest`, or anything (ignored when it is not one).
 * @param token - The access token the adapter sent; only it is replaced.
 */
export function redactClientRequest(request: unknown, token: string): void {
  if (token === '' || typeof request !== 'object' || request === null) return;
  const r = request as Record<PropertyKey, unknown>;
  try {
    if (typeof r._header === 'string' && r._header.includes(token)) {
      r._header = redact(r._header, token);
    }
    for (const symbol of Object.getOwnPropertySymbols(r)) {
      if (symbol.description === 'kOutHeaders') redactOutHeaders(r[symbol], token);
    }
  } catch {
    // A getter that throws, or a frozen object: redaction is best effort here.
  }
}

/** Node's outgoing header map: `{ authorization: ['Authorization', 'Bearer …'] }`. */
function redactOutHeaders(map: unknown, token: string): void {
  if (typeof map !== 'object' || map === null) return;
  for (const entry of Object.values(map as Record<string, unknown>)) {
    if (Array.isArray(entry) && typeof entry[1] === 'string' && entry[1].includes(token)) {
      entry[1] = redact(entry[1], token);
    }
  }
}

function redact(text: string, token: string): string {
  return text.split(token).join('[REDACTED]');
}
