/** The environment the app reads; `validate` below checks it once at boot. */
export interface VismaEnv {
  VISMA_CLIENT_ID: string;
  VISMA_CLIENT_SECRET: string;
  /** Tenant for requests that carry no `x-visma-tenant` header. */
  VISMA_TENANT_ID?: string;
  /** Another Visma Connect, e.g. https://connect.identity.stagaws.visma.com; production by default. */
  VISMA_AUTHORITY?: string;
  /** Visma.net ERP Service API base URL. */
  VISMA_ERP_URL: string;
  /** Business NXT GraphQL (service) endpoint. */
  VISMA_NXT_URL: string;
}

const DEFAULTS = {
  VISMA_ERP_URL: 'https://api.finance.visma.net',
  VISMA_NXT_URL: 'https://business.visma.net/api/graphql-service',
};

const REQUIRED = ['VISMA_CLIENT_ID', 'VISMA_CLIENT_SECRET'] as const;

/**
 * `ConfigModule.forRoot({ validate })` hook: fails the boot listing the missing variables by name
 * (never a value), and fills in the production URLs.
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
  return {
    VISMA_CLIENT_ID: String(config.VISMA_CLIENT_ID),
    VISMA_CLIENT_SECRET: String(config.VISMA_CLIENT_SECRET),
    VISMA_TENANT_ID: text('VISMA_TENANT_ID'),
    VISMA_AUTHORITY: text('VISMA_AUTHORITY'),
    VISMA_ERP_URL: text('VISMA_ERP_URL') ?? DEFAULTS.VISMA_ERP_URL,
    VISMA_NXT_URL: text('VISMA_NXT_URL') ?? DEFAULTS.VISMA_NXT_URL,
  };
}
