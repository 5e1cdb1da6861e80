import type { IncomingMessage } from 'node:http';
import { signAccessToken } from './access-token.js';
import { authenticateClient } from './client-auth.js';
import type { ClientRegistry } from './client-registry.js';
import type { ServerClock } from './clock.js';
import { isFormContentType, parseForm } from './form.js';
import { json, type Reply } from './http.js';
import { invalidRequest, OAuthError } from './oauth-error.js';
import type { ReplayStore } from './replay-store.js';
import type { SigningKey } from './signing-key.js';
import { validateGrant } from './token-request.js';
import type { RecordedRequest } from './types.js';

/** What the token endpoint needs from its server. */
export interface TokenEndpointDeps {
  registry: ClientRegistry;
  clock: ServerClock;
  replay: ReplayStore;
  key: SigningKey;
  issuer: string;
  tokenUrl: string;
  audience: string | string[] | undefined;
  lifetimeSeconds: number;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * Answers a `POST /connect/token` client_credentials request as Visma Connect does, filling in
 * `record` with what the request claimed.
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  body: string | undefined,
  record: RecordedRequest,
  deps: TokenEndpointDeps,
): Promise<Reply & { issued?: boolean }> {
  try {
    if (body === undefined) throw invalidRequest('The request body is larger than 64 KiB.');
    if (!isFormContentType(req.headers['content-type'])) {
      throw invalidRequest('Content-Type must be application/x-www-form-urlencoded.');
    }
    const form = parseForm(body);
    const [grantType, scope, tenantId] = ['grant_type', 'scope', 'tenant_id'].map((n) =>
      form.get(n),
    );
    note(record, { grantType, scope, tenantId });
    const nowMs = deps.clock.now();
    const { client } = await authenticateClient(
      form,
      req.headers.authorization,
      deps.registry,
      { audiences: [deps.tokenUrl, deps.issuer], nowMs, replay: deps.replay },
      (clientId, authMethod) => note(record, { clientId, authMethod }),
    );
    const grant = validateGrant(form, client);
    const lifetimeSeconds = client.tokenLifetimeSeconds ?? deps.lifetimeSeconds;
    const accessToken = await signAccessToken(grant, {
      key: deps.key,
      issuer: deps.issuer,
      audience: deps.audience,
      clientId: client.clientId,
      lifetimeSeconds,
      nowSeconds: Math.floor(nowMs / 1000),
    });
    const response = {
      access_token: accessToken,
      expires_in: lifetimeSeconds,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    return { ...json(200, response, NO_STORE), issued: true };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const body = { error: error.error, error_description: error.description };
    return json(error.status, body, { ...NO_STORE, ...error.headers });
  }
}

/** Copies the defined fields into the log record, so absent ones stay absent. */
function note(record: RecordedRequest, fields: Partial<RecordedRequest>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(record, { [name]: value });
  }
}
