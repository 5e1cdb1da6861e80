import { json } from '@sveltejs/kit';
import { isVismaAuthError } from '@visma-auth/core';
import { erp } from '../../lib/server/visma';
import type { RequestHandler } from './$types';

/** The customers of the tenant in `x-tenant-id` (or the configured one). */
export const GET: RequestHandler = async ({ request }) => {
  const tenantId = request.headers.get('x-tenant-id') ?? undefined;
  try {
    const res = await erp('/v1/customer', tenantId ? { vismaAuth: { tenantId } } : {});
    return json(
      { upstream: res.status, customers: await res.json() },
      { status: res.ok ? 200 : 502 },
    );
  } catch (error) {
    if (!isVismaAuthError(error)) throw error;
    // Name and code survive Vite's bundling; the message never holds a secret.
    console.error(`${error.name} (${error.code}): ${error.message}`);
    return json({ error: error.name, code: error.code }, { status: 502 });
  }
};
