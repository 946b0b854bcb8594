import { type Event, NotFound, newId, toIso } from '@redress/core';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Principal } from '../auth/principal';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import type { EventRow } from './table';

export interface NewEvent {
  type: string;
  complaintId?: string | null;
  merchantId?: string | null;
  stationId?: string | null;
  /** `data.object` is the API object after the change; anything else is detail of the change. */
  data: { object: Record<string, unknown>; [detail: string]: unknown };
}

/** An arbitrary constant naming the event log's advisory lock in PostgreSQL. */
const EVENT_LOG_LOCK = 7_220_001;

/** Hooks that run inside the event's transaction (the webhook outbox writes its rows here). */
export type EventListener = (
  trx: Kysely<Database>,
  event: Event & { merchantId: string | null },
) => Promise<void>;
const listeners: EventListener[] = [];
export function onEvent(listener: EventListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/**
 * Writes one immutable event. Call it with the transaction that made the change, so the
 * change and its event commit together or not at all.
 */
export async function appendEvent(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'principal'>,
  e: NewEvent,
): Promise<Event> {
  const now = ctx.clock.now();
  const row = {
    id: newId('event', now),
    type: e.type,
    complaint_id: e.complaintId ?? null,
    merchant_id: e.merchantId ?? null,
    station_id: e.stationId ?? null,
    actor_kind: ctx.principal.kind,
    actor_id: ctx.principal.id,
    actor_role: ctx.principal.role,
    data: JSON.stringify(e.data),
    created_at: now,
  };
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    // Event writers take turns until commit, so `seq` order is commit order and a poller of
    // the feed never skips an event that commits after a later one. (SQLite has one writer.)
    await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`.execute(trx);
  }
  await trx.insertInto('events').values(row).execute();
  const event = toEvent(row);
  for (const listener of listeners) await listener(trx, { ...event, merchantId: row.merchant_id });
  return event;
}

export function toEvent(row: Omit<EventRow, 'seq'>): Event {
  return {
    id: row.id,
    type: row.type,
    createdAt: toIso(row.created_at),
    actor: { kind: row.actor_kind as Event['actor']['kind'], id: row.actor_id, role: row.actor_role },
    data: JSON.parse(row.data) as Event['data'],
  };
}

/** Limits an events query to what the principal may see: its merchant's, its station's, or all (staff). */
function visibleTo<Q extends { where: (...args: any[]) => Q }>(query: Q, p: Principal): Q {
  if (p.actor === 'staff') return query;
  if (p.actor === 'merchant') return query.where('merchant_id', '=', p.merchantId);
  if (p.actor === 'station') return query.where('station_id', '=', p.stationId);
  return query.where('id', '=', '');
}

/** The event feed: the caller's events after `after`, oldest first. */
export async function listEvents(
  ctx: ServiceContext,
  input: { after?: string | undefined; types?: string[] | undefined; limit: number },
): Promise<{ data: Event[]; nextCursor: string | null }> {
  let afterSeq = 0;
  if (input.after) {
    const anchor = await visibleTo(
      ctx.db.selectFrom('events').select('seq').where('id', '=', input.after),
      ctx.principal,
    ).executeTakeFirst();
    if (!anchor) throw new NotFound('event');
    afterSeq = anchor.seq;
  }
  let query = visibleTo(ctx.db.selectFrom('events').selectAll().where('seq', '>', afterSeq), ctx.principal);
  if (input.types?.length) query = query.where('type', 'in', input.types);
  const rows = await query.orderBy('seq').limit(input.limit).execute();
  const data = rows.map(toEvent);
  // The cursor of a feed is the last event seen: poll again with `after=` it.
  return { data, nextCursor: data.at(-1)?.id ?? input.after ?? null };
}

/** The timeline of one complaint, oldest first (visibility of the complaint is checked by the caller). */
export async function complaintTimeline(db: Kysely<Database>, complaintId: string): Promise<Event[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .orderBy('seq')
    .execute();
  return rows.map(toEvent);
}
