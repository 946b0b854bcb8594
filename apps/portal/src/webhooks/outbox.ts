import { audienceReaches, newId } from '@redress/core';
import { sql } from 'kysely';
import type { AppDeps } from '../context';
import { type EventListener, insertRows, type WrittenEvent } from '../events';
import type { NewWebhookDelivery } from './table';

/** Merchant ids per endpoints query (bound variables again). */
const MERCHANT_CHUNK = 500;

/**
 * Writes one delivery per enabled endpoint subscribed to an event: the merchant's endpoints
 * for its events, and the commission's endpoints for every event. It runs inside the events'
 * transaction (so it uses only `trx`), so events and their deliveries commit together: a
 * delivery can be late, never lost. Every runtime has it among its event listeners
 * (`openRuntime`), so whatever writes events (the API, the SLA sweeper, the CLI) fills the
 * outbox. One endpoints query and one multi-row INSERT per batch of
 * events (more only past 500 merchants or 500 deliveries).
 */
export const writeOutbox: EventListener = async (trx, events) => {
  if (events.length === 0) return;
  const merchantIds = [...new Set(events.map((e) => e.merchantId))].filter((m): m is string => m !== null);
  // Enabled endpoints by merchant id; the commission's under null.
  const endpoints = new Map<string | null, { id: string; types: Set<string> }[]>();
  const seen = new Set<string>();
  for (let i = 0; i === 0 || i < merchantIds.length; i += MERCHANT_CHUNK) {
    const chunk = merchantIds.slice(i, i + MERCHANT_CHUNK);
    // Written as SQL: it runs with every event, and building it took longer than running it.
    const mine = chunk.length === 0 ? sql`false` : sql`merchant_id in (${sql.join(chunk)})`;
    const { rows: found } = await sql<{ id: string; merchant_id: string | null; event_types: string }>`
      select id, merchant_id, event_types from webhook_endpoints
      where enabled = 1 and (${mine} or merchant_id is null)`.execute(trx);
    for (const e of found) {
      if (seen.has(e.id)) continue; // a commission endpoint, found again with the next chunk
      seen.add(e.id);
      const endpoint = { id: e.id, types: new Set(JSON.parse(e.event_types) as string[]) };
      const list = endpoints.get(e.merchant_id);
      if (list) list.push(endpoint);
      else endpoints.set(e.merchant_id, [endpoint]);
    }
  }
  if (endpoints.size === 0) return;
  // Each merchant's endpoints followed by the commission's: what an event of that merchant reaches.
  const commission = endpoints.get(null) ?? [];
  for (const [merchantId, own] of endpoints) if (merchantId !== null) own.push(...commission);
  const rows: NewWebhookDelivery[] = [];
  let createdAt = '';
  let at = 0;
  for (const event of events) {
    if (event.createdAt !== createdAt) {
      createdAt = event.createdAt;
      at = Date.parse(createdAt);
    }
    const reached = reachedEndpoints(event, endpoints, commission);
    for (const e of reached) {
      if (!e.types.has(event.type)) continue;
      rows.push({
        id: newId('webhookDelivery', at),
        endpoint_id: e.id,
        event_id: event.id,
        event_type: event.type,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        lease_until: null,
        lease_owner: null,
        last_status_code: null,
        last_error: null,
        created_at: at,
        updated_at: at,
        delivered_at: null,
      });
    }
  }
  await insertRows(trx, 'webhook_deliveries', rows);
};

/**
 * The endpoints an event reaches: its merchant's and the commission's; an event meant for one
 * side only (an internal note, core's `audienceReaches`) reaches that side's endpoints alone —
 * a merchant's note never the commission's, a staff note never a merchant's.
 */
function reachedEndpoints(
  event: WrittenEvent,
  endpoints: Map<string | null, { id: string; types: Set<string> }[]>,
  commission: { id: string; types: Set<string> }[],
): { id: string; types: Set<string> }[] {
  const mine = event.merchantId === null ? undefined : endpoints.get(event.merchantId);
  if (event.audience === null) return mine ?? commission;
  const merchantSide = audienceReaches(event.audience, 'merchant');
  const staffSide = audienceReaches(event.audience, 'staff');
  const own = merchantSide && event.merchantId !== null ? mine?.filter((e) => !commission.includes(e)) : [];
  return [...(own ?? []), ...(staffSide ? commission : [])];
}

/** A delivery claimed by one worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  type: string;
  data: string;
  event_created_at: number;
  url: string;
  enabled: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
}

/**
 * Claims up to `limit` due deliveries for `owner` until `now + leaseMs`: no other worker takes
 * them before the lease ends, and a worker that dies mid-delivery only delays them until then.
 * One UPDATE claims: on SQLite the single writer makes it atomic; on PostgreSQL the subselect
 * skips rows another worker is claiming (FOR UPDATE SKIP LOCKED).
 */
export async function claimDeliveries(
  deps: Pick<AppDeps, 'db' | 'dialect' | 'clock'>,
  owner: string,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const now = deps.clock.now();
  const due = deps.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(options.limit);
  const claimed = await deps.db
    .updateTable('webhook_deliveries')
    .set({ lease_until: now + options.leaseMs, lease_owner: owner })
    .where('id', 'in', deps.dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    // Checked again on the row itself: PostgreSQL re-reads a row that changed since the subselect.
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returning('id')
    .execute();
  if (claimed.length === 0) return [];
  return deps.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.endpoint_id',
      'd.event_id',
      'd.attempts',
      'e.type',
      'e.data',
      'e.created_at as event_created_at',
      'w.url',
      'w.enabled',
      'w.secret',
      'w.previous_secret',
      'w.previous_secret_expires_at',
    ])
    .where(
      'd.id',
      'in',
      claimed.map((c) => c.id),
    )
    .where('d.lease_owner', '=', owner)
    .execute();
}
