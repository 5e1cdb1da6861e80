import { customers } from '../../../lib/visma';

export const runtime = 'nodejs';
// Never prerendered: the build has no credentials, and each request asks Visma.
export const dynamic = 'force-dynamic';

export const GET = customers;
