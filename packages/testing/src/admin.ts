import { json, type Reply } from './http.js';
import type { MockAdminCounts, MockApi, MockApiCounts, MockConnect, TokenFault } from './types.js';

/** Where the admin routes live on the mock Visma Connect's own server. */
export const ADMIN_PREFIX = '/__mock';

const ROUTES = `GET ${ADMIN_PREFIX}/counts, POST ${ADMIN_PREFIX}/reset, POST ${ADMIN_PREFIX}/fail-next`;
const FAULT_FIELDS = ['status', 'headers', 'body', 'delayMs', 'hang'] as const;
// setTimeout fires at once (with a warning) beyond this, so a longer delay would be no delay.
const MAX_DELAY_MS = 2_147_483_647;
const NO_STORE = { 'cache-control': 'no-store' };

/** What the admin routes act on. */
export interface AdminTarget {
  connect: MockConnect;
  /** The mock APIs started with this connect and still open. */
  apis(): Iterable<MockApi>;
}

/** Bad input to an admin route; `field` names the fault field at fault. */
class AdminInputError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A method other than the one a route takes. */
class MethodNotAllowed extends Error {
  constructor(readonly allow: string) {
    super(`Use ${allow}.`);
  }
}

/** Whether a socket's remote address is on this machine: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Answers a request under {@link ADMIN_PREFIX}: counters, reset and fault injection for tests in
 * another process. Clients not on loopback get 400, as the mock may listen on every interface.
 */
export function handleAdmin(
  path: string,
  method: string,
  remoteAddress: string | undefined,
  body: string | undefined,
  target: AdminTarget,
): Reply {
  try {
    if (!isLoopback(remoteAddress)) {
      throw new AdminInputError(
        `The mock's admin routes answer loopback clients only (127.0.0.1 or ::1), not ${remoteAddress ?? 'an unknown address'}.`,
        'not_loopback',
      );
    }
    const route = path.slice(ADMIN_PREFIX.length);
    if (route === '/counts') {
      expectMethod(method, 'GET');
      return json(200, adminCounts(target), NO_STORE);
    }
    if (route === '/reset') {
      expectMethod(method, 'POST');
      target.connect.reset();
      for (const api of target.apis()) api.reset();
      return { status: 204, headers: NO_STORE };
    }
    if (route === '/fail-next') {
      expectMethod(method, 'POST');
      target.connect.failNext(...parseFaults(body));
      return { status: 204, headers: NO_STORE };
    }
    return json(
      404,
      { error: 'not_found', message: `No admin route at ${path}; there are ${ROUTES}.` },
      NO_STORE,
    );
  } catch (error) {
    if (error instanceof MethodNotAllowed) {
      return json(
        405,
        { error: 'method_not_allowed', message: `Use ${error.allow} for ${path}.` },
        { ...NO_STORE, allow: error.allow },
      );
    }
    if (!(error instanceof AdminInputError)) throw error;
    const field = error.field === undefined ? {} : { field: error.field };
    return json(400, { error: error.code, ...field, message: error.message }, NO_STORE);
  }
}

function expectMethod(method: string, allowed: 'GET' | 'POST'): void {
  if (method !== allowed) throw new MethodNotAllowed(allowed);
}

/** The counters of the connect and, summed, of its open APIs (`null` when there is none). */
export function adminCounts(target: AdminTarget): MockAdminCounts {
  let api: MockApiCounts | null = null;
  for (const one of target.apis()) {
    const { requests, rejected, expired } = one.counts;
    api = api ?? { requests: 0, rejected: 0, expired: 0 };
    api.requests += requests;
    api.rejected += rejected;
    api.expired += expired;
  }
  return { connect: target.connect.counts, api };
}

/**
 * Reads the JSON body of `POST /__mock/fail-next`: one fault or an array of them, each with only
 * the fields `failNext` takes.
 */
export function parseFaults(body: string | undefined): TokenFault[] {
  if (body === undefined) {
    throw new AdminInputError('The request body is larger than 64 KiB.', 'invalid_json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AdminInputError(
      'The body must be JSON: a fault such as {"status":503} or an array of them.',
      'invalid_json',
    );
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) {
    throw new AdminInputError('The array of faults is empty; send at least one.', 'invalid_fault');
  }
  return list.map((fault, index) => parseFault(fault, Array.isArray(parsed) ? `[${index}].` : ''));
}

function parseFault(value: unknown, at: string): TokenFault {
  if (!isRecord(value)) {
    throw new AdminInputError(
      `Fault ${at || 'body '}must be an object with ${FAULT_FIELDS.join(', ')}.`,
      'invalid_fault',
    );
  }
  const fault: TokenFault = {};
  for (const [name, field] of Object.entries(value)) {
    const bad = (expected: string) =>
      new AdminInputError(
        `Fault field "${at}${name}" must be ${expected}.`,
        'invalid_fault',
        at + name,
      );
    switch (name) {
      case 'status':
        if (!(Number.isInteger(field) && Number(field) >= 200 && Number(field) <= 599)) {
          throw bad('an HTTP status from 200 to 599');
        }
        fault.status = Number(field);
        break;
      case 'headers':
        if (!(isRecord(field) && Object.values(field).every((v) => typeof v === 'string'))) {
          throw bad('an object of header names to string values');
        }
        fault.headers = { ...(field as Record<string, string>) };
        break;
      case 'body':
        if (!(typeof field === 'string' || (typeof field === 'object' && field !== null))) {
          throw bad('a string (sent as is) or a JSON object or array');
        }
        fault.body = field;
        break;
      case 'delayMs':
        if (!(typeof field === 'number' && field >= 0 && field <= MAX_DELAY_MS)) {
          throw bad(`a number of ms from 0 to ${MAX_DELAY_MS}`);
        }
        fault.delayMs = field;
        break;
      case 'hang':
        if (typeof field !== 'boolean') throw bad('true or false');
        fault.hang = field;
        break;
      default:
        throw new AdminInputError(
          `Unknown fault field "${at}${name}"; a fault has ${FAULT_FIELDS.join(', ')}.`,
          'invalid_fault',
          at + name,
        );
    }
  }
  return fault;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
