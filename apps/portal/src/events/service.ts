import {
  type EventAudience,
  type EventData,
  type EventType,
  isEventType,
  NotFound,
  newId,
  type TypedEvent,
  toIso,
} from '@redress/core';
import {
  CompiledQuery,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  PostgresAdapter,
  type Selectable,
  sql,
} from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import type { Principal } from '../http/principal';
import type { EventRow } from './table';

/**
 * An event to write, of one of core's `EVENT_TYPES`: `data.object` is the API object after the
 * change, and the rest of `data` the details that type carries (core's `EventDetails`).
 */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    complaintId?: string | null;
    merchantId?: string | null;
    stationId?: string | null;
    /** Only one side sees it (an internal note): core's `audienceReaches`. */
    audience?: EventAudience | null;
    data: EventData<T>;
  };
}[EventType];

/** An arbitrary constant naming the event log's advisory lock in PostgreSQL. */
const EVENT_LOG_LOCK = 7_220_001;

/** An event as written, with the merchant it belongs to and its audience (what the listeners are given). */
export type WrittenEvent = TypedEvent & { merchantId: string | null; audience: EventAudience | null };

/**
 * Hooks that run inside the events' transaction (the webhook outbox writes its rows here).
 * Called once per `appendEvents` call, with every event it wrote, in order. They are the
 * app's (`deps.eventListeners`, set by `openRuntime`), never the process's.
 */
export type EventListener = (trx: Kysely<Database>, events: readonly WrittenEvent[]) => Promise<void>;

/** Rows per multi-row INSERT: 500 rows of ≤ 60 columns stay under SQLite's 32,766 bound variables. */
const INSERT_CHUNK = 500;
/** The SQL text of each shape of INSERT made by `insertRows` (dialect, table, columns, rows, options). */
const insertTexts = new Map<string, string>();

/**
 * Inserts `rows` — plain values, every row with the same keys in the same order, `undefined`
 * written as null — with multi-row INSERTs of up to 500 rows; `onConflict: 'nothing'` skips the
 * rows that conflict, and `returning` gives those columns of the rows inserted. Compiled here
 * rather than by Kysely's builder, which parses and compiles every value anew: at thousands of
 * rows in a transaction (the SLA sweep's notices, events and webhook deliveries) that is a
 * tenth of the work. The text of each shape is kept, so SQLite's statement cache finds it again.
 * Table and column names come from the code, never from input.
 */
export async function insertRows<
  T extends keyof Database & string,
  K extends keyof Selectable<Database[T]> & string = never,
>(
  trx: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: { onConflict?: 'nothing'; returning?: readonly K[] } = {},
): Promise<Pick<Selectable<Database[T]>, K>[]> {
  const returned: Pick<Selectable<Database[T]>, K>[] = [];
  const first = rows[0];
  if (first === undefined) return returned;
  const columns = Object.keys(first);
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const suffix =
    (options.onConflict === 'nothing' ? ' on conflict do nothing' : '') +
    (options.returning?.length ? ` returning ${options.returning.map((c) => `"${c}"`).join(', ')}` : '');
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const end = Math.min(rows.length, start + INSERT_CHUNK);
    const parameters: unknown[] = [];
    for (let i = start; i < end; i++) {
      const row = rows[i] as Record<string, unknown>;
      for (const column of columns) parameters.push(row[column] ?? null);
    }
    const key = `${postgres ? 'pg' : 'sqlite'} ${table} ${columns.join(',')} ${end - start}${suffix}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      let n = 0;
      const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
      const values = Array.from({ length: end - start }, tuple).join(', ');
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}${suffix}`;
      if (insertTexts.size >= 100) insertTexts.clear();
      insertTexts.set(key, text);
    }
    const result = await trx.executeQuery<Pick<Selectable<Database[T]>, K>>(
      CompiledQuery.raw(text, parameters),
    );
    if (options.returning?.length) returned.push(...result.rows);
  }
  return returned;
}

/**
 * Writes one immutable event. Call it with the transaction that made the change, so the
 * change and its event commit together or not at all.
 */
export async function appendEvent(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'principal' | 'eventListeners'>,
  e: NewEvent,
): Promise<TypedEvent> {
  const [{ merchantId: _, audience: __, ...event }] = (await appendEvents(trx, ctx, [e])) as [WrittenEvent];
  return event;
}

/**
 * Writes several immutable events at once, in order (their `seq` follows the array), with
 * multi-row INSERTs; the app's listeners (`ctx.eventListeners`) run once with all of them. Same transaction rule as
 * `appendEvent`: the changes and their events commit together or not at all. Returns the
 * events as the listeners saw them (each with its `merchantId`, which an API `Event` has not).
 */
export async function appendEvents(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'principal' | 'eventListeners'>,
  events: readonly NewEvent[],
): Promise<WrittenEvent[]> {
  if (events.length === 0) return [];
  const now = ctx.clock.now();
  const createdAt = toIso(now);
  const { kind, id: actorId, role } = ctx.principal;
  const actor = { kind, id: actorId, role };
  const rows: Omit<EventRow, 'seq'>[] = [];
  const written: WrittenEvent[] = [];
  for (const { complaintId, merchantId, stationId, audience, ...e } of events) {
    const row = {
      id: newId('event', now),
      type: e.type,
      complaint_id: complaintId ?? null,
      merchant_id: merchantId ?? null,
      station_id: stationId ?? null,
      actor_kind: kind,
      actor_id: actorId,
      actor_role: role,
      audience: audience ?? null,
      data: JSON.stringify(e.data),
      created_at: now,
    };
    rows.push(row);
    // The event as `toEvent` would read it back, without parsing the JSON just written.
    written.push({
      ...e,
      id: row.id,
      createdAt,
      actor: { ...actor },
      merchantId: row.merchant_id,
      audience: row.audience,
    });
  }
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    // Event writers take turns until commit, so `seq` order is commit order and a poller of
    // the feed never skips an event that commits after a later one. (SQLite has one writer.)
    await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`.execute(trx);
  }
  await insertRows(trx, 'events', rows);
  for (const listener of ctx.eventListeners) await listener(trx, written);
  return written;
}

/** An event row as the API answers it; its `data` is the JSON `appendEvents` wrote for its `type`. */
export function toEvent(row: Omit<EventRow, 'seq'>): TypedEvent {
  return {
    id: row.id,
    type: row.type,
    createdAt: toIso(row.created_at),
    actor: { kind: row.actor_kind, id: row.actor_id, role: row.actor_role },
    data: JSON.parse(row.data),
  } as TypedEvent;
}

/**
 * The events of a side's audience the principal reaches, as SQL: core's `audienceReaches` (an
 * event for everyone, or for the reader's own side). The one place the feed and the timelines
 * read it; the webhook outbox reads `audience` on the written events.
 */
function reachedBy<Q extends { where: (...args: any[]) => Q }>(query: Q, p: Principal): Q {
  const side: EventAudience | null = p.actor === 'merchant' || p.actor === 'staff' ? p.actor : null;
  return query.where((eb: ExpressionBuilder<Database, 'events'>) =>
    side === null
      ? eb('events.audience', 'is', null)
      : eb.or([eb('events.audience', 'is', null), eb('events.audience', '=', side)]),
  );
}

/**
 * Limits an events query to what the principal may see: its merchant's, its station's, or all
 * (staff), and of those the events meant for its side (`reachedBy`).
 */
function visibleTo<Q extends { where: (...args: any[]) => Q }>(query: Q, p: Principal): Q {
  if (p.actor === 'staff') return reachedBy(query, p);
  if (p.actor === 'merchant') return reachedBy(query.where('merchant_id', '=', p.merchantId), p);
  if (p.actor === 'station') return reachedBy(query.where('station_id', '=', p.stationId), p);
  return query.where('id', '=', '');
}

/** The event feed: the caller's events after `after`, oldest first. */
export async function listEvents(
  ctx: ServiceContext,
  input: { after?: string | undefined; types?: string[] | undefined; limit: number },
): Promise<{ data: TypedEvent[]; nextCursor: string | null }> {
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
  if (input.types?.length) {
    // A type Redress never writes matches no event.
    const types = input.types.filter(isEventType);
    if (types.length === 0) return { data: [], nextCursor: input.after ?? null };
    query = query.where('type', 'in', types);
  }
  const rows = await query.orderBy('seq').limit(input.limit).execute();
  const data = rows.map(toEvent);
  // The cursor of a feed is the last event seen: poll again with `after=` it.
  return { data, nextCursor: data.at(-1)?.id ?? input.after ?? null };
}

/**
 * The timeline of one complaint as `p` reads it, oldest first (visibility of the complaint is
 * checked by the caller): every event of it, but an event meant for one side only (an internal
 * note) when `p` is of that side — and a merchant's note only to that merchant, not to the next
 * merchant the complaint is routed to.
 */
export async function complaintTimeline(
  db: Kysely<Database>,
  complaintId: string,
  p: Principal,
): Promise<TypedEvent[]> {
  let query = reachedBy(db.selectFrom('events').selectAll().where('complaint_id', '=', complaintId), p);
  if (p.actor === 'merchant') {
    const merchantId = p.merchantId ?? '';
    query = query.where((eb) =>
      eb.or([eb('events.audience', 'is', null), eb('events.merchant_id', '=', merchantId)]),
    );
  }
  const rows = await query.orderBy('seq').execute();
  return rows.map(toEvent);
}
