/**
 * Resolves the connection settings of `token` and `doctor` from flags, environment variables and
 * a `.env` file (in that order of precedence), remembering where each one came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { type FlagValues, stringFlag, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { readSecret } from './secret-input.js';

/** Production Visma Connect. */
export const PRODUCTION_AUTHORITY = 'https://connect.visma.com';
/** Visma Connect's staging environment. */
export const STAGING_AUTHORITY = 'https://connect.identity.stagaws.visma.com';

/** Client authentication methods the CLI can use (a shared secret only). */
export const AUTH_METHODS = ['client_secret_post', 'client_secret_basic'] as const;

/** Settings the CLI resolves; each maps to a flag and an environment variable. */
export type SettingName =
  | 'clientId'
  | 'clientSecret'
  | 'scopes'
  | 'tenantId'
  | 'authority'
  | 'environment'
  | 'tokenUrl'
  | 'authMethod';

/** Flag and environment variable of each setting, for lookups and for messages. */
export const SETTINGS: Readonly<Record<SettingName, { flag: string; env: string }>> = {
  clientId: { flag: '--client-id', env: 'VISMA_CLIENT_ID' },
  clientSecret: { flag: '--client-secret-stdin', env: 'VISMA_CLIENT_SECRET' },
  scopes: { flag: '--scopes', env: 'VISMA_SCOPES' },
  tenantId: { flag: '--tenant-id', env: 'VISMA_TENANT_ID' },
  authority: { flag: '--authority', env: 'VISMA_AUTHORITY' },
  environment: { flag: '--environment', env: 'VISMA_ENVIRONMENT' },
  tokenUrl: { flag: '--token-url', env: 'VISMA_TOKEN_URL' },
  authMethod: { flag: '--auth-method', env: 'VISMA_AUTH_METHOD' },
};

/** Connection settings ready for the token provider; never print `clientSecret`. */
export interface ConnectionSettings {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  tenantId?: string;
  authority?: string;
  environment?: 'production' | 'staging';
  tokenUrl?: string;
  authMethod?: (typeof AUTH_METHODS)[number];
  /** Where each setting that is set came from, e.g. `--client-id` or `VISMA_SCOPES in .env`. */
  sources: Partial<Record<SettingName, string>>;
  /** Things the user should know, e.g. that `--client-secret` lands in shell history. */
  warnings: string[];
}

/**
 * Builds {@link ConnectionSettings} from parsed flags, `io.env` and the `.env` file
 * (`--dotenv`, else `./.env` when it exists); missing or invalid settings are a {@link UsageError}.
 */
export async function resolveConnection(
  values: FlagValues,
  io: CliIo,
  usage: string,
  command: string,
): Promise<ConnectionSettings> {
  const usageError = (message: string) => new UsageError(message, usage, command);
  const env = io.env ?? process.env;
  const fileEnv = loadEnvFile(
    stringFlag(values, 'dotenv') ?? stringFlag(values, 'env-file'),
    io.cwd ?? process.cwd(),
    usageError,
  );
  const sources: ConnectionSettings['sources'] = {};
  const warnings: string[] = [];

  const pick = (name: SettingName, flagValue: string | undefined): string | undefined => {
    const { flag, env: key } = SETTINGS[name];
    if (flagValue !== undefined) {
      sources[name] = flag;
      return flagValue;
    }
    const fromEnv = env[key]?.trim();
    if (fromEnv) {
      sources[name] = key;
      return fromEnv;
    }
    const fromFile = fileEnv?.values[key]?.trim();
    if (fromFile) {
      sources[name] = `${key} in ${fileEnv?.label}`;
      return fromFile;
    }
    return undefined;
  };

  const clientId = pick('clientId', stringFlag(values, 'client-id'));
  const clientSecret = await pickSecret(values, io, pick, sources, warnings, usageError);
  const scopesText = pick('scopes', stringFlag(values, 'scopes'));
  const tenantId = pick('tenantId', stringFlag(values, 'tenant-id'));
  const authority = pick('authority', stringFlag(values, 'authority'));
  const environment = pick('environment', stringFlag(values, 'environment'));
  const tokenUrl = pick('tokenUrl', stringFlag(values, 'token-url'));
  const authMethod = pick('authMethod', stringFlag(values, 'auth-method'));

  if (!clientId) throw usageError(missing('clientId', 'the client id'));
  if (!clientSecret) {
    throw usageError(
      `Missing the client secret: set ${SETTINGS.clientSecret.env} (in the environment or .env) or pipe it with --client-secret-stdin.`,
    );
  }
  const scopes = parseScopes(scopesText);
  if (scopes.length === 0) throw usageError(missing('scopes', 'the scopes to request'));
  if (environment !== undefined && environment !== 'production' && environment !== 'staging') {
    throw usageError(
      `${describe('environment', sources)} must be "production" or "staging", got "${environment}".`,
    );
  }
  if (authMethod !== undefined && !(AUTH_METHODS as readonly string[]).includes(authMethod)) {
    throw usageError(
      `${describe('authMethod', sources)} must be one of ${AUTH_METHODS.join(', ')}, got "${authMethod}".`,
    );
  }
  for (const name of ['authority', 'tokenUrl'] as const) {
    const url = name === 'authority' ? authority : tokenUrl;
    if (url !== undefined && !URL.canParse(url)) {
      throw usageError(`${describe(name, sources)} is not a URL: "${url}".`);
    }
  }

  const settings: ConnectionSettings = { clientId, clientSecret, scopes, sources, warnings };
  if (tenantId) settings.tenantId = tenantId;
  if (authority) settings.authority = authority.replace(/\/+$/, '');
  if (environment) settings.environment = environment;
  if (tokenUrl) settings.tokenUrl = tokenUrl;
  if (authMethod) settings.authMethod = authMethod as ConnectionSettings['authMethod'];
  return settings;
}

async function pickSecret(
  values: FlagValues,
  io: CliIo,
  pick: (name: SettingName, flagValue: string | undefined) => string | undefined,
  sources: ConnectionSettings['sources'],
  warnings: string[],
  usageError: (message: string) => UsageError,
): Promise<string | undefined> {
  const inline = typeof values['client-secret'] === 'string' ? values['client-secret'] : undefined;
  const fromStdin = values['client-secret-stdin'] === true;
  if (inline !== undefined && fromStdin) {
    throw usageError('Use either --client-secret-stdin or --client-secret, not both.');
  }
  if (fromStdin) {
    const stdin = io.stdin ?? (process.stdin as unknown as NonNullable<CliIo['stdin']>);
    const secret = await readSecret(stdin, io.stderr, io.signal);
    if (!secret) throw usageError('--client-secret-stdin was given but stdin was empty.');
    sources.clientSecret = 'stdin';
    return secret;
  }
  if (inline !== undefined) {
    warnings.push(
      '--client-secret leaves the secret in your shell history and the process list; prefer VISMA_CLIENT_SECRET or --client-secret-stdin.',
    );
    if (inline.trim() === '') return undefined;
    sources.clientSecret = '--client-secret';
    return inline.trim();
  }
  return pick('clientSecret', undefined);
}

interface LoadedEnvFile {
  label: string;
  values: Record<string, string | undefined>;
}

function loadEnvFile(
  explicit: string | undefined,
  cwd: string,
  usageError: (message: string) => UsageError,
): LoadedEnvFile | undefined {
  const path = resolve(cwd, explicit ?? '.env');
  if (!explicit && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : String(error);
    throw usageError(`Cannot read --dotenv ${explicit ?? path}: ${reason}.`);
  }
  return { label: explicit ?? '.env', values: parseEnv(text) };
}

/** Splits a scope list on spaces and commas, dropping empties and duplicates. */
export function parseScopes(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.split(/[\s,]+/).filter((s) => s !== ''))];
}

/** The authority to show and to run discovery against, filling in what the token provider defaults to. */
export function effectiveAuthority(settings: ConnectionSettings): string {
  if (settings.authority) return settings.authority;
  if (settings.tokenUrl) return new URL(settings.tokenUrl).origin;
  return settings.environment === 'staging' ? STAGING_AUTHORITY : PRODUCTION_AUTHORITY;
}

function missing(name: SettingName, what: string): string {
  const { flag, env } = SETTINGS[name];
  return `Missing ${what}: pass ${flag} or set ${env} (in the environment or .env).`;
}

function describe(name: SettingName, sources: ConnectionSettings['sources']): string {
  return sources[name] ?? SETTINGS[name].flag;
}
