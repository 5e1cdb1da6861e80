/** Creates the core token provider from resolved settings, and explains core errors in CLI terms. */
import {
  isVismaAuthError,
  VismaConfigError,
  VismaOAuthError,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
} from '@visma-auth/core';
import { UsageError } from './args.js';
import { type ConnectionSettings, SETTINGS, type SettingName } from './config.js';

/** Knobs the commands set on top of the user's settings. */
export interface ProviderTuning {
  /** Overall time for one token, retries included. */
  deadlineMs: number;
  /** Retry transient failures (token) or report them as they are (doctor). */
  retry: boolean;
}

/**
 * Creates a {@link VismaTokenProvider}; a {@link VismaConfigError} from its constructor becomes a
 * {@link UsageError} naming the flag or variable the bad value came from.
 */
export function createProvider(
  settings: ConnectionSettings,
  tuning: ProviderTuning,
  usage: string,
  command: string,
): VismaTokenProvider {
  const options: VismaTokenProviderOptions = {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: settings.scopes,
    deadlineMs: tuning.deadlineMs,
    timeoutMs: Math.min(tuning.deadlineMs, 10_000),
    // Every CLI call is a deliberate new attempt, never a replay of the last failure.
    errorCooldownMs: 0,
  };
  if (!tuning.retry) options.retry = false;
  if (settings.tenantId !== undefined) options.tenantId = settings.tenantId;
  if (settings.authority !== undefined) options.authority = settings.authority;
  if (settings.environment !== undefined) options.environment = settings.environment;
  if (settings.tokenUrl !== undefined) options.tokenUrl = settings.tokenUrl;
  if (settings.authMethod !== undefined) options.authMethod = settings.authMethod;
  try {
    return new VismaTokenProvider(options);
  } catch (error) {
    if (error instanceof VismaConfigError) {
      throw new UsageError(describeConfigError(error, settings), usage, command);
    }
    throw error;
  }
}

const OPTION_TO_SETTING: Readonly<Record<string, SettingName>> = {
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  scopes: 'scopes',
  tenantId: 'tenantId',
  authority: 'authority',
  environment: 'environment',
  tokenUrl: 'tokenUrl',
  authMethod: 'authMethod',
};

/** Rewrites a config error so it names where the user set the value (`--authority`, `VISMA_AUTHORITY in .env`). */
export function describeConfigError(error: VismaConfigError, settings: ConnectionSettings): string {
  const setting = OPTION_TO_SETTING[error.option];
  if (setting === undefined) return error.message;
  const where = settings.sources[setting] ?? SETTINGS[setting].flag;
  return error.message.replace(`Invalid option \`${error.option}\``, `Invalid ${where}`);
}

/** A failure to show the user: what happened, and what usually fixes it. */
export interface Explained {
  message: string;
  hint?: string;
}

/** Splits a core error into a headline and a fix hint; other errors keep their message. */
export function explainError(error: unknown): Explained {
  if (error instanceof VismaOAuthError) {
    const described = error.errorDescription ? `: ${error.errorDescription}` : '';
    const explained: Explained = {
      message: `Visma Connect rejected the request with ${error.error} (HTTP ${error.httpStatus})${described}`,
    };
    if (error.hint) explained.hint = error.hint;
    return explained;
  }
  if (isVismaAuthError(error)) return { message: error.message };
  if (error instanceof Error && error.name === 'AbortError') return { message: 'Cancelled.' };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Log-safe JSON of an error for `--json` output. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (isVismaAuthError(error)) return { ...error.toJSON() };
  return { name: 'Error', message: explainError(error).message };
}
