const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/** What axios needs to build the URL it will request. */
export interface RequestUrlParts {
  baseURL?: string | undefined;
  url?: string | undefined;
  allowAbsoluteUrls?: boolean | undefined;
}

/**
 * The URL axios will request for a merged config, built with axios' own rules (`buildFullPath`)
 * so the allowlist judges exactly the URL that is sent; query params do not change the origin.
 */
export function requestUrl({ baseURL, url = '', allowAbsoluteUrls }: RequestUrlParts): string {
  if (baseURL && (!ABSOLUTE_URL.test(url) || allowAbsoluteUrls === false)) {
    if (!url) return baseURL;
    let end = baseURL.length;
    while (end > 0 && baseURL.charCodeAt(end - 1) === 47) end--;
    return `${baseURL.slice(0, end)}/${url.replace(/^\/+/, '')}`;
  }
  return url;
}
