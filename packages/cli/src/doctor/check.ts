/** The result type every doctor step produces. */
import type { Status } from '../output.js';

/** The outcome of one doctor step: a ✓/✗ line, details, and what to do about a failure. */
export interface CheckResult {
  /** Stable id for `--json` consumers, e.g. `discovery`, `scope:visma_api:read`. */
  id: string;
  /** What was checked, phrased as the good outcome ("Client credentials accepted"). */
  title: string;
  status: Status;
  /** What was seen, e.g. `HTTP 401 invalid_token`. */
  detail?: string;
  /** What usually fixes a failure or warning. */
  hint?: string;
}

/** Builds a {@link CheckResult}, leaving out empty `detail` and `hint`. */
export function result(
  id: string,
  title: string,
  status: Status,
  detail?: string,
  hint?: string,
): CheckResult {
  const check: CheckResult = { id, title, status };
  if (detail) check.detail = detail;
  if (hint) check.hint = hint;
  return check;
}

/** A one-line reason for a failed request, with the network cause code when there is one. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: unknown }).cause;
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}

/** A signal that aborts after `timeoutMs` or when `signal` aborts, whichever comes first. */
export function withTimeout(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([timeout, signal]) : timeout;
}
