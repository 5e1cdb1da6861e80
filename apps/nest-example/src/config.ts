import { parseCallerKeys } from './caller/caller-keys.js';

/** The environment the app reads; `validate` below checks it once at boot. */
export interface VismaEnv {
  VISMA_CLIENT_ID: string;
  VISMA_CLIENT_SECRET: string;
  /** The company checked by `/health` and used outside callers' requests. */
  VISMA_TENANT_ID?: string;
  /** Another Visma Connect, e.g. https://connect.identity.stagaws.visma.com; production by default. */
  VISMA_AUTHORITY?: string;
  /** Visma.net ERP Service API base URL. */
  VISMA_ERP_URL: string;
  /** Business NXT GraphQL (service) endpoint. */
  VISMA_NXT_URL: string;
  /** The app's callers: `<api key>=<tenant id>` pairs, each key bound to one company. */
  CALLER_API_KEYS: string;
}

const DEFAULTS = {
  VISMA_ERP_URL: 'https://api.finance.visma.net',
  VISMA_NXT_URL: 'https://business.visma.net/api/graphql-service',
};

const REQUIRED = ['VISMA_CLIENT_ID', 'VISMA_CLIENT_SECRET', 'CALLER_API_KEYS'] as const;

/**
 * `ConfigModule.forRoot({ validate })` hook: fails the boot listing the missing variables by name
 * (never a value), or naming a malformed `CALLER_API_KEYS` entry, and fills in the production URLs.
 */
export function validate(config: Record<string, unknown>): VismaEnv {
  const missing = REQUIRED.filter(
    (name) => typeof config[name] !== 'string' || config[name] === '',
  );
  if (missing.length > 0) {
    throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  }
  const text = (name: string): string | undefined => {
    const value = config[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  // Parsed here too, so a malformed entry stops the boot rather than the first request.
  parseCallerKeys(String(config.CALLER_API_KEYS));
  return {
    VISMA_CLIENT_ID: String(config.VISMA_CLIENT_ID),
    VISMA_CLIENT_SECRET: String(config.VISMA_CLIENT_SECRET),
    VISMA_TENANT_ID: text('VISMA_TENANT_ID'),
    VISMA_AUTHORITY: text('VISMA_AUTHORITY'),
    VISMA_ERP_URL: text('VISMA_ERP_URL') ?? DEFAULTS.VISMA_ERP_URL,
    VISMA_NXT_URL: text('VISMA_NXT_URL') ?? DEFAULTS.VISMA_NXT_URL,
    CALLER_API_KEYS: String(config.CALLER_API_KEYS),
  };
}
