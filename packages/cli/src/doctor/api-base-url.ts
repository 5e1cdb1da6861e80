/** Doctor step: the `--api` URL is not Visma's retired ERP base URL. */
import { type CheckResult, result } from './check.js';

/** Host of the retired Visma.net ERP API (VNI end of life). */
const RETIRED_HOST = 'integration.visma.net';
/** Base URL of the Visma.net ERP API since the retirement. */
export const ERP_API_BASE_URL = 'https://api.finance.visma.net';
/** Path prefix of the retired base URL that the new one drops. */
const RETIRED_PREFIX = /^\/API\/controller\/api(?=\/|$)/i;

/**
 * A warning when `url` points at `integration.visma.net`, with the same call on the new base URL
 * as the fix; `undefined` for any other URL.
 * @see https://docs.vismasoftware.no/vismanetapi/end-of-life-notices/change-base-url
 */
export function checkApiBaseUrl(url: string): CheckResult | undefined {
  const parsed = new URL(url);
  if (parsed.hostname.toLowerCase() !== RETIRED_HOST) return undefined;
  const path = parsed.pathname.replace(RETIRED_PREFIX, '') || '/';
  return result(
    'api-base-url',
    'API base URL is current',
    'warn',
    `${RETIRED_HOST} is the retired Visma.net ERP base URL (throttled to 500 calls an hour per application since 2026-02-01, then shut down)`,
    `Use ${ERP_API_BASE_URL}${path}${parsed.search} (base ${ERP_API_BASE_URL}, paths like /v1/customer, no /API/controller/api prefix).`,
  );
}
