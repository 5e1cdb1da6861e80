import { invalidRequest } from './oauth-error.js';

/**
 * Parses an `application/x-www-form-urlencoded` body strictly: a parameter given twice or a bad
 * percent-escape is `invalid_request`, and empty values count as omitted.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export function parseForm(body: string): Map<string, string> {
  const form = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    if (value === '') continue;
    if (form.has(name)) throw invalidRequest(`The ${name} parameter was given more than once.`);
    form.set(name, value);
  }
  return form;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest('The request body is not valid application/x-www-form-urlencoded.');
  }
}

/** Whether a Content-Type header names a form body (parameters such as charset are allowed). */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
