/**
 * Which URLs credentials and tokens may travel to: https anywhere, plain http only to this
 * machine (local test servers), checked for options, discovered endpoints and requests alike.
 */

/** Whether `url` is `https:`, or `http:` on a loopback host (local test servers only). */
export function isAllowedUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Whether `hostname` (as in `URL.hostname`) is a loopback address: `localhost`, `127.0.0.0/8` or
 * `::1`. Names under `.localhost` are not: Node resolves them through DNS like any other name.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
