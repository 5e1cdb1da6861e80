import { Logger, type LoggerService } from '@nestjs/common';
import { escapeControlCharacters, type VismaAuthLogger } from '@visma-auth/core';

/** The context of the module's log lines. */
export const VISMA_AUTH_LOG_CONTEXT = 'VismaAuth';

/** The event fields worth a place in a log line, in the order they are printed. */
const FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['tenantId', 'tenant'],
  ['scopes', 'scopes'],
  ['background', 'background'],
  ['attempt', 'attempt'],
  ['attempts', 'attempts'],
  ['delayMs', 'delayMs'],
  ['durationMs', 'durationMs'],
  ['expiresAt', 'expiresAt'],
  ['operation', 'operation'],
  ['degradedForMs', 'degradedForMs'],
];

/**
 * Adapts a Nest `LoggerService` (Nest's `Logger` with context `VismaAuth` by default) to the
 * logger core calls, so each event is one readable line instead of an object dump.
 */
export function createNestLogger(
  target: LoggerService = new Logger(VISMA_AUTH_LOG_CONTEXT),
): VismaAuthLogger {
  // A `Logger` instance carries its own context; another LoggerService is told ours.
  const context = target instanceof Logger ? [] : [VISMA_AUTH_LOG_CONTEXT];
  return {
    debug: (record, msg) => target.debug?.(formatLogLine(record, msg), ...context),
    info: (record, msg) => target.log(formatLogLine(record, msg), ...context),
    warn: (record, msg) => target.warn(formatLogLine(record, msg), ...context),
    error: (record, msg) => target.error(formatLogLine(record, msg), ...context),
  };
}

/** Whether `logger` is a Nest `LoggerService` (has `log`, no `info`) rather than a pino- or console-shaped one. */
export function isNestLogger(logger: unknown): logger is LoggerService {
  if (logger instanceof Logger) return true;
  const candidate = logger as Partial<Record<'log' | 'info', unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.log === 'function' &&
    typeof candidate.info !== 'function'
  );
}

/**
 * One line from core's log record and message, e.g.
 * `access token request failed (tenant=t1 scopes=a:read attempts=1): ERR_VISMA_OAUTH invalid_client …`.
 * Core's records hold no secret and no token; only the listed fields and the error's code and message are used,
 * with control characters escaped by core (`\n`, `\u001b`), so a tenant id or Visma's text cannot start a line of its own.
 */
export function formatLogLine(record: unknown, msg: string | undefined): string {
  const fields = (typeof record === 'object' && record !== null ? record : {}) as Record<
    string,
    unknown
  >;
  const text = (msg ?? String(fields.event ?? 'event')).replace(/^visma-auth: /, '');
  const parts: string[] = [];
  for (const [key, label] of FIELDS) {
    const value = fields[key];
    if (value === undefined || value === null || value === false) continue;
    if (key === 'expiresAt' && typeof value === 'number') {
      parts.push(`${label}=${new Date(value).toISOString()}`);
    } else if (Array.isArray(value)) {
      parts.push(`${label}=${value.join(',')}`);
    } else if (typeof value === 'number') {
      parts.push(`${label}=${Math.round(value)}`);
    } else {
      parts.push(`${label}=${String(value)}`);
    }
  }
  let line = parts.length > 0 ? `${text} (${parts.join(' ')})` : text;
  const err = fields.err as { code?: unknown; message?: unknown } | undefined;
  if (err && typeof err === 'object') {
    const code = typeof err.code === 'string' ? `${err.code} ` : '';
    const message = typeof err.message === 'string' ? err.message : '';
    line += `: ${code}${message}`.trimEnd();
  }
  // A tenant id comes from a request and an error message quotes Visma: neither may end the line.
  return escapeControlCharacters(line);
}
