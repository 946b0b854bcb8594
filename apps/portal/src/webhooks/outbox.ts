import { newId } from '@redress/core';
import type { AppDeps } from '../context';
import { type EventListener, onEvent } from '../events/service';
import type { NewWebhookDelivery } from './table';

/**
 * Writes one delivery per enabled endpoint subscribed to the event: the merchant's endpoints
 * for its events, and the commission's endpoints for every event. It runs inside the event's
 * transaction (so it uses only `trx`), so an event and its deliveries commit together: a
 * delivery can be late, never lost.
 */
const writeOutbox: EventListener = async (trx, event) => {
  const merchantId = event.merchantId;
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types'])
    .where('enabled', '=', 1)
    .where((eb) =>
      merchantId === null
        ? eb('merchant_id', 'is', null)
        : eb.or([eb('merchant_id', '=', merchantId), eb('merchant_id', 'is', null)]),
    )
    .execute();
  const at = Date.parse(event.createdAt);
  const rows: NewWebhookDelivery[] = endpoints
    .filter((e) => (JSON.parse(e.event_types) as string[]).includes(event.type))
    .map((e) => ({
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
    }));
  if (rows.length > 0) await trx.insertInto('webhook_deliveries').values(rows).execute();
};

/**
 * Hooks the outbox into `appendEvent`. Every process that writes events calls it once at
 * start: `createApp` (the API) and the delivery job (which `redress worker` runs beside the
 * SLA sweeper, a writer of events too). Calling it again does nothing.
 */
export function registerWebhookOutbox(): void {
  onEvent(writeOutbox);
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
