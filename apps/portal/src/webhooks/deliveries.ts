import { Conflict, type ListWebhookDeliveriesQuery, NotFound, type WebhookDelivery } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { visibleEndpoint } from './access';
import { toWebhookDelivery } from './mapper';
import type { WebhookDeliveryRow } from './table';

/** Deliveries with their attempts, oldest attempt first. */
async function withAttempts(db: Kysely<Database>, rows: WebhookDeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('seq')
    .execute();
  return rows.map((r) =>
    toWebhookDelivery(
      r,
      attempts.filter((a) => a.delivery_id === r.id),
    ),
  );
}

/** An endpoint's deliveries, newest first, each with its attempts. */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  endpointId: string,
  input: ListWebhookDeliveriesQuery,
): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
  await visibleEndpoint(ctx.db, ctx.principal, endpointId, 'read');
  let query = ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (input.status) query = query.where('status', '=', input.status);
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, ['number', 'string']) as [number, string];
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: await withAttempts(ctx.db, page),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}

/**
 * Retries a delivery by hand: it is due at once, whatever its status (a delivered event may be
 * sent again). It re-enables nothing: a disabled endpoint's delivery is refused with 409.
 */
export async function retryWebhookDelivery(ctx: ServiceContext, id: string): Promise<WebhookDelivery> {
  const row = await ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFound('webhook delivery');
  let endpoint: Awaited<ReturnType<typeof visibleEndpoint>>;
  try {
    endpoint = await visibleEndpoint(ctx.db, ctx.principal, row.endpoint_id, 'write');
  } catch (err) {
    throw err instanceof NotFound ? new NotFound('webhook delivery') : err;
  }
  if (endpoint.enabled !== 1) throw new Conflict('the endpoint is disabled: enable it first, then retry');
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
  const updated = await ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const [delivery] = await withAttempts(ctx.db, [updated]);
  return delivery!;
}
