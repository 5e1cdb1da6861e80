import type { OriginAllowlist } from '@visma-auth/core';
import { type RequestUrlParts, requestUrl } from './request-url.js';

/**
 * The URL a config will request when the allowlist lets it have the token, else `undefined`.
 * Remembers the answer for the last `baseURL`, `url` and `allowAbsoluteUrls` seen, so a client
 * calling the same endpoint again builds and checks no URL.
 */
export type AllowedUrl = (config: RequestUrlParts) => string | undefined;

/** Creates an {@link AllowedUrl} over `isAllowed`, with a memory of one request's answer. */
export function createAllowedUrl(isAllowed: OriginAllowlist): AllowedUrl {
  let lastBase: string | undefined;
  let lastUrl: string | undefined;
  let lastAbsolute: boolean | undefined;
  let lastAnswer: string | undefined;
  let remembered = false;
  return (config) => {
    const { baseURL, url, allowAbsoluteUrls } = config;
    if (
      remembered &&
      url === lastUrl &&
      baseURL === lastBase &&
      allowAbsoluteUrls === lastAbsolute
    ) {
      return lastAnswer;
    }
    const full = requestUrl(config);
    const answer = isAllowed(full) ? full : undefined;
    // Only strings are remembered: any other value (an object with `toString`) may answer
    // differently next time.
    remembered =
      (typeof url === 'string' || url === undefined) &&
      (typeof baseURL === 'string' || baseURL === undefined);
    lastBase = baseURL;
    lastUrl = url;
    lastAbsolute = allowAbsoluteUrls;
    lastAnswer = answer;
    return answer;
  };
}
