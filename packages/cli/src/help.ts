/** Help texts: the top-level overview and the connection options shared by `token` and `doctor`. */

/** One-line usage of the CLI as a whole. */
export const MAIN_USAGE = 'visma-auth <token|doctor|mock> [options]';

/** The connection options block shared by `token --help` and `doctor --help`. */
export const CONNECTION_HELP = `Connection (flag, else environment variable, else .env file):
  --client-id <id>            VISMA_CLIENT_ID      client id from the Visma Developer Portal
  --client-secret-stdin       VISMA_CLIENT_SECRET  read the secret from stdin (hidden prompt on a TTY)
  --scopes <list>             VISMA_SCOPES         scopes, space or comma separated
  --tenant-id <id>            VISMA_TENANT_ID      company tenant to act for (tenant-based APIs)
  --authority <url>           VISMA_AUTHORITY      default https://connect.visma.com
  --environment <name>        VISMA_ENVIRONMENT    production (default) or staging
  --token-url <url>           VISMA_TOKEN_URL      explicit token endpoint, skips discovery
  --auth-method <method>      VISMA_AUTH_METHOD    client_secret_post (default) or client_secret_basic
  --dotenv <path>                                  read this file instead of ./.env
  --timeout <seconds>                              network time limit (token: 30 in all; doctor: 10 per request)
  --client-secret <secret>                         discouraged: lands in shell history`;

/** The text of `visma-auth --help`. */
export const MAIN_HELP = `Usage: ${MAIN_USAGE}

Commands:
  token    get an access token and show its claims, scopes, tenant and expiry
  doctor   check a Visma Connect setup step by step, with a fix for each failure
  mock     run a local Visma Connect (and with --api a protected API) for development

Options:
  -h, --help      show help (also: visma-auth <command> --help)
  -v, --version   print the version

Exit codes: 0 ok, 1 a request or check failed, 2 usage error.`;
