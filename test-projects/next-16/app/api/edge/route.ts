import { customers } from '../../../lib/visma';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export const GET = customers;
