import { isBasic, parseBasicAuth } from './basic-auth.js';
import {
  type AssertionContext,
  assertionClientId,
  verifyClientAssertion,
} from './client-assertion.js';
import { type ClientRegistry, secretMatches } from './client-registry.js';
import { invalidClient, invalidRequest } from './oauth-error.js';
import type { MockClient, RecordedRequest } from './types.js';

/** A client that proved who it is, and how. */
export interface AuthenticatedClient {
  client: MockClient;
  method: NonNullable<RecordedRequest['authMethod']>;
}

/**
 * Authenticates the client of a token request with exactly one of client_secret_basic,
 * client_secret_post or private_key_jwt; `note` receives what was claimed, for the request log.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export async function authenticateClient(
  form: Map<string, string>,
  authorization: string | undefined,
  registry: ClientRegistry,
  assertion: AssertionContext,
  note: (clientId: string | undefined, method?: AuthenticatedClient['method']) => void,
): Promise<AuthenticatedClient> {
  const methods: AuthenticatedClient['method'][] = [];
  if (isBasic(authorization)) methods.push('client_secret_basic');
  if (form.has('client_secret')) methods.push('client_secret_post');
  if (form.has('client_assertion') || form.has('client_assertion_type')) {
    methods.push('private_key_jwt');
  }
  const bodyClientId = form.get('client_id');
  const [method] = methods;
  if (methods.length > 1) {
    note(bodyClientId);
    throw invalidRequest(
      `Use exactly one client authentication method, not ${methods.join(' and ')}.`,
    );
  }
  if (method === undefined) {
    note(bodyClientId);
    throw invalidClient(
      bodyClientId
        ? `No client credentials were sent for client ${bodyClientId}.`
        : 'No client credentials were sent; send client_id and client_secret.',
    );
  }

  if (method === 'private_key_jwt') {
    const jwt = form.get('client_assertion');
    if (!jwt) throw invalidRequest('client_assertion is required with client_assertion_type.');
    const clientId = bodyClientId ?? assertionClientId(jwt);
    note(clientId, method);
    const client = registry.get(clientId);
    if (!client) throw invalidClient(`Unknown client ${clientId}.`);
    await verifyClientAssertion(jwt, form.get('client_assertion_type'), client, assertion);
    return { client, method };
  }

  const basic = method === 'client_secret_basic';
  const credentials = basic
    ? parseBasicAuth(authorization)
    : { clientId: bodyClientId, clientSecret: form.get('client_secret') ?? '' };
  const clientId = credentials?.clientId;
  note(clientId ?? bodyClientId, method);
  if (!clientId) throw invalidRequest('client_id is required.');
  if (basic && bodyClientId !== undefined && bodyClientId !== clientId) {
    throw invalidRequest('client_id in the body does not match the Authorization header.');
  }
  const client = registry.get(clientId);
  if (!client) throw invalidClient(`Unknown client ${clientId}.`, basic);
  if (!client.clientSecret) {
    throw invalidClient(
      `Client ${clientId} authenticates with private_key_jwt, not a secret.`,
      basic,
    );
  }
  if (!secretMatches(client.clientSecret, credentials?.clientSecret ?? '')) {
    throw invalidClient(`Wrong client secret for client ${clientId}.`, basic);
  }
  return { client, method };
}
