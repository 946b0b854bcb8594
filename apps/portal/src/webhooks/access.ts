import { Forbidden, NotFound } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Principal } from '../http/principal';
import type { WebhookEndpointRow } from './table';

/**
 * Who manages which endpoints: a merchant admin (a merchant's API client acts as one) its own
 * merchant's; a commission admin reads every endpoint but changes only the commission's
 * (merchant_id null), since changing a merchant's (a new secret) would break its integration.
 */
export type WebhookScope = { merchantId: string } | { merchantId: null; commission: true };

export function webhookScope(p: Principal): WebhookScope {
  if (p.role === 'merchant_admin' && p.merchantId) return { merchantId: p.merchantId };
  if (p.role === 'commission_admin') return { merchantId: null, commission: true };
  throw new Forbidden('your role may not manage webhook endpoints');
}

/**
 * The endpoint, if the caller may see it: another merchant's answers 404, as an unknown one.
 * With `write`, a commission admin asking to change a merchant's endpoint gets 403.
 */
export async function visibleEndpoint(
  db: Kysely<Database>,
  p: Principal,
  id: string,
  access: 'read' | 'write',
): Promise<WebhookEndpointRow> {
  const scope = webhookScope(p);
  let query = db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  if (scope.merchantId !== null) query = query.where('merchant_id', '=', scope.merchantId);
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFound('webhook endpoint');
  if (access === 'write' && scope.merchantId === null && row.merchant_id !== null) {
    throw new Forbidden("a commission admin changes only the commission's endpoints");
  }
  return row;
}

/**
 * Disables an endpoint with a reason the merchant admin sees, and gives up its pending
 * deliveries (they stay in the log and can be retried by hand once it is enabled again).
 * The endpoint row is written before its deliveries, in every transaction that writes both,
 * so that two such transactions never wait on each other.
 */
export async function disableEndpoint(
  trx: Kysely<Database>,
  endpointId: string,
  reason: string,
  now: number,
): Promise<void> {
  await trx
    .updateTable('webhook_endpoints')
    .set({ enabled: 0, disabled_reason: reason, disabled_at: now, updated_at: now })
    .where('id', '=', endpointId)
    .execute();
  await trx
    .updateTable('webhook_deliveries')
    .set({
      status: 'failed',
      next_attempt_at: null,
      last_error: `endpoint disabled: ${reason}`,
      updated_at: now,
    })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .execute();
}
