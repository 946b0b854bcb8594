import {
  type Channel,
  type ListComplaintsQuery,
  MEDIATION_STATUSES,
  NotFound,
  type Status,
} from '@redress/core';
import { type ExpressionBuilder, type Kysely, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../db/database';
import { builtOnce } from '../db/statement';
import { decodeCursor, encodeCursor, likePattern } from '../http/cursor';
import type { Principal } from '../http/principal';
import { FIRST_PASSED, overdueCondition, type SlaView, slaStateCondition } from '../sla';
import type { ComplaintRow } from './table';

type ComplaintQuery = SelectQueryBuilder<Database, 'complaints', any>;

/** The one rule of who sees which complaint: its merchant, its station, staff, the consumer's link. */
export function visibleComplaints<Q extends ComplaintQuery>(query: Q, p: Principal): Q {
  switch (p.actor) {
    case 'staff':
    case 'system':
      return query;
    case 'merchant':
      return query.where('complaints.merchant_id', '=', p.merchantId ?? '') as Q;
    case 'station':
      return query.where('complaints.station_id', '=', p.stationId ?? '') as Q;
    case 'consumer':
      return query.where('complaints.id', '=', p.id ?? '') as Q;
  }
}

/** The value `visibleComplaints` binds for the principal, if it adds a condition. */
function visibleParameter(p: Principal): string | undefined {
  switch (p.actor) {
    case 'staff':
    case 'system':
      return undefined;
    case 'merchant':
      return p.merchantId ?? '';
    case 'station':
      return p.stationId ?? '';
    case 'consumer':
      return p.id ?? '';
  }
}

/**
 * The complaint if the principal may see it; otherwise 404, whether it exists or not.
 * `lock` (PostgreSQL, inside a transaction): hold the row until the transaction ends, so that
 * concurrent actions on one complaint take turns instead of failing each other's version check.
 */
export async function loadComplaint(
  db: Kysely<Database>,
  p: Principal,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ComplaintRow> {
  // Every action reads this first: its text is built once per dialect, visibility and lock.
  const lock = options.lock ?? false;
  const visibility = visibleParameter(p);
  const adapter = db.getExecutor().adapter instanceof PostgresAdapter ? 'pg' : 'sqlite';
  const compiled = builtOnce<ComplaintRow>(
    `loadComplaint ${adapter} ${p.actor} ${lock}`,
    visibility === undefined ? [id] : [id, visibility],
    () => {
      const query = visibleComplaints(db.selectFrom('complaints').selectAll().where('id', '=', id), p);
      return lock ? query.forUpdate() : query;
    },
  );
  const [row] = (await db.executeQuery(compiled)).rows;
  if (!row) throw new NotFound('complaint');
  return row;
}

/** Whole rows by id, those the principal may see, in no particular order. */
export async function complaintsById(
  db: Kysely<Database>,
  p: Principal,
  ids: string[],
): Promise<ComplaintRow[]> {
  if (ids.length === 0) return [];
  return visibleComplaints(db.selectFrom('complaints').selectAll().where('id', 'in', ids), p).execute();
}

const FAR_FUTURE = 9_000_000_000_000_000;

/**
 * What a page of the list reads of each complaint: enough to order it, page it, know whether
 * its representation changed (`version`) and read its SLA state now. The rest of the row is
 * read only for complaints whose representation is not already at hand (see read.ts).
 */
export const PAGE_COLUMNS = [
  'id',
  'version',
  'status',
  'received_at',
  'next_due_at',
  'sla_policy',
  'ack_due_at',
  'settle_due_at',
  'acknowledged_at',
  'settled_at',
  'escalated_at',
  'closed_at',
  'paused_at',
  'stopped_at',
  'answer_due_at',
  'calendar_gap',
  'calendar_provisional',
  'staff_due_at',
] as const satisfies readonly (keyof ComplaintRow)[];

export type PageRow = Pick<ComplaintRow, (typeof PAGE_COLUMNS)[number]>;

/** What the staff's queues add to the list's query (not part of the API). */
export interface StaffQueueFilter {
  /** The overdue queue: `open` (still to do, earliest passed deadline first) or `ended` (ended late). */
  overdue?: 'open' | 'ended';
  /** The escalated queue: every complaint in mediation, a mediator's proposal waiting included. */
  inMediation?: boolean;
}

/**
 * In mediation, as core's `runningCommissionDeadline` reads it: escalated, mediation not ended,
 * the mediator at work or a proposal of theirs waiting for the consumer (`MEDIATION_STATUSES`).
 */
function inMediation(eb: ExpressionBuilder<Database, 'complaints'>) {
  return eb.and([
    eb('complaints.status', 'in', MEDIATION_STATUSES),
    eb('complaints.escalated_at', 'is not', null),
    eb('complaints.mediation_ended_at', 'is', null),
  ]);
}

/** The sort keys read in ascending order, with nulls last: each one's expression and its value in a row. */
const ASCENDING = {
  dueAt: {
    expr: sql<number>`coalesce(complaints.next_due_at, ${FAR_FUTURE})`,
    of: (r: PageRow) => r.next_due_at,
  },
  commissionDueAt: {
    expr: sql<number>`coalesce(complaints.staff_due_at, ${FAR_FUTURE})`,
    of: (r: PageRow) => r.staff_due_at,
  },
  firstPassed: {
    expr: sql<number>`coalesce(${FIRST_PASSED}, ${FAR_FUTURE})`,
    of: (r: PageRow) => r.next_due_at ?? r.staff_due_at,
  },
};

/** The list's filters (`GET /api/v1/complaints`), which the figures (`GET /api/v1/metrics`) take too. */
export type ComplaintFilters = Pick<
  ListComplaintsQuery,
  'status' | 'slaState' | 'category' | 'tag' | 'merchantId' | 'stationId' | 'q'
> &
  Partial<Pick<ListComplaintsQuery, 'receivedFrom' | 'receivedTo' | 'updatedSince'>> & { channel?: Channel };

/**
 * The list's filters on a query of complaints (joined to other tables or not): the one reading
 * of each filter, for the list and the figures.
 */
export function filterComplaints<Q extends SelectQueryBuilder<Database, any, any>>(
  input: Q,
  q: ComplaintFilters,
  view: SlaView,
): Q {
  let query = input as unknown as ComplaintQuery;
  if (q.status?.length) query = query.where('complaints.status', 'in', q.status);
  if (q.channel) query = query.where('complaints.channel', '=', q.channel);
  if (q.category) query = query.where('complaints.category', '=', q.category);
  if (q.merchantId) query = query.where('complaints.merchant_id', '=', q.merchantId);
  if (q.stationId) query = query.where('complaints.station_id', '=', q.stationId);
  if (q.receivedFrom) query = query.where('complaints.received_at', '>=', Date.parse(q.receivedFrom));
  if (q.receivedTo) query = query.where('complaints.received_at', '<', Date.parse(q.receivedTo));
  if (q.updatedSince) query = query.where('complaints.updated_at', '>=', Date.parse(q.updatedSince));
  if (q.tag) {
    const tag = q.tag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('complaint_tags')
          .select('complaint_tags.tag')
          .whereRef('complaint_tags.complaint_id', '=', 'complaints.id')
          .where('complaint_tags.tag', '=', tag),
      ),
    );
  }
  if (q.q) {
    const pattern = likePattern(q.q);
    query = query.where((eb) =>
      eb.or(
        ['subject', 'description', 'reference', 'consumer_name', 'external_ref'].map((col) =>
          eb(sql`lower(${sql.ref(`complaints.${col}`)})`, 'like', sql`${pattern} escape '\\'`),
        ),
      ),
    );
  }
  if (q.slaState) query = query.where((eb) => slaStateCondition(eb, q.slaState!, view));
  return query as unknown as Q;
}

/** One page of complaints, keyset-paginated so that cursors stay stable under inserts. */
export async function listComplaints(
  db: Kysely<Database>,
  p: Principal,
  q: ListComplaintsQuery,
  view: SlaView,
  staff: StaffQueueFilter = {},
): Promise<{ rows: PageRow[]; nextCursor: string | null }> {
  let query = visibleComplaints(
    db.selectFrom('complaints').select(PAGE_COLUMNS.map((c) => `complaints.${c}` as const)),
    p,
  );
  query = filterComplaints(query, q, view);
  const overdue = staff.overdue;
  if (overdue) query = query.where((eb) => overdueCondition(eb, overdue, view));
  if (staff.inMediation) query = query.where(inMediation);

  const limit = q.limit;
  if (q.sort !== '-receivedAt') {
    const sort = ASCENDING[overdue === 'open' ? 'firstPassed' : q.sort];
    const due = sort.expr;
    if (q.cursor) {
      const [dueAt, id] = decodeCursor(q.cursor, ['number', 'string']);
      query = query.where((eb) =>
        eb.or([
          eb(due, '>', dueAt as number),
          eb.and([eb(due, '=', dueAt as number), eb('complaints.id', '>', id as string)]),
        ]),
      );
    }
    const rows = await query
      .orderBy(due)
      .orderBy('complaints.id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      rows: page,
      nextCursor: rows.length > limit && last ? encodeCursor([sort.of(last) ?? FAR_FUTURE, last.id]) : null,
    };
  }
  if (q.cursor) {
    const [receivedAt, id] = decodeCursor(q.cursor, ['number', 'string']);
    query = query.where((eb) =>
      eb.or([
        eb('complaints.received_at', '<', receivedAt as number),
        eb.and([
          eb('complaints.received_at', '=', receivedAt as number),
          eb('complaints.id', '<', id as string),
        ]),
      ]),
    );
  }
  const rows = await query
    .orderBy('complaints.received_at', 'desc')
    .orderBy('complaints.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor([last.received_at, last.id]) : null,
  };
}

/** The next human reference number of the year, taken inside the intake's transaction. */
export async function nextReferenceSequence(trx: Kysely<Database>, year: number): Promise<number> {
  const row = await trx
    .insertInto('sequences')
    .values({ name: `reference:${year}`, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`sequences.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** How many complaints the principal sees in each status (statuses with none are absent). */
export async function countComplaintsByStatus(
  db: Kysely<Database>,
  p: Principal,
): Promise<{ status: Status; count: number }[]> {
  const rows = await visibleComplaints(
    db
      .selectFrom('complaints')
      .select((eb) => ['complaints.status', eb.fn.countAll<number | string>().as('n')])
      .groupBy('complaints.status'),
    p,
  ).execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
}

/** A notice to staff the sweeper raised on a commission deadline still running (`sla/sweeper.ts`). */
export interface StaffNoticeRow {
  id: string;
  reference: string;
  subject: string;
  stage: string;
  due_at: number;
  /** `breached` once the sweeper raised that; else `due_soon`. */
  kind: string;
}

/**
 * The staff's open notices: each complaint whose running commission deadline (`staff_due_at`)
 * the sweeper has raised a notice on, with the latest kind raised, earliest deadline first; and
 * how many there are of each kind. A notice leaves the list when its deadline ends (the complaint
 * is routed, or mediation ends), since then `staff_due_at` no longer matches it.
 */
export async function openStaffNotices(
  db: Kysely<Database>,
  p: Principal,
  limit: number,
): Promise<{ rows: StaffNoticeRow[]; counts: { due_soon: number; breached: number } }> {
  const base = visibleComplaints(
    db
      .selectFrom('complaints')
      .innerJoin('sla_notices as n', (join) =>
        join
          .onRef('n.complaint_id', '=', 'complaints.id')
          .onRef('n.stage', '=', 'complaints.staff_due_stage')
          .onRef('n.due_at', '=', 'complaints.staff_due_at'),
      )
      .where('complaints.staff_due_at', 'is not', null),
    p,
  );
  // 'breached' sorts before 'due_soon': the least kind is the latest raised.
  const rows = await base
    .select((eb) => [
      'complaints.id',
      'complaints.reference',
      'complaints.subject',
      sql<string>`complaints.staff_due_stage`.as('stage'),
      sql<number>`complaints.staff_due_at`.as('due_at'),
      eb.fn.min('n.kind').as('kind'),
    ])
    .groupBy([
      'complaints.id',
      'complaints.reference',
      'complaints.subject',
      'complaints.staff_due_stage',
      'complaints.staff_due_at',
    ])
    .orderBy('complaints.staff_due_at')
    .orderBy('complaints.id')
    .limit(limit)
    .execute();
  const counted = await db
    .selectFrom(
      base
        .select((eb) => ['complaints.id', eb.fn.min('n.kind').as('kind')])
        .groupBy('complaints.id')
        .as('open'),
    )
    .select((eb) => ['open.kind', eb.fn.countAll<number | string>().as('n')])
    .groupBy('open.kind')
    .execute();
  const counts = { due_soon: 0, breached: 0 };
  for (const c of counted) if (c.kind === 'due_soon' || c.kind === 'breached') counts[c.kind] = Number(c.n);
  return { rows: rows.map((r) => ({ ...r, due_at: Number(r.due_at), kind: String(r.kind) })), counts };
}

/** How many complaints the principal sees in the staff's open overdue queue (`overdueCondition`). */
/** How many complaints are in mediation (the escalated queue's tab). */
export async function countInMediation(db: Kysely<Database>, p: Principal): Promise<number> {
  const row = await visibleComplaints(
    db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(inMediation),
    p,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countOpenOverdue(db: Kysely<Database>, p: Principal, view: SlaView): Promise<number> {
  const row = await visibleComplaints(
    db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => overdueCondition(eb, 'open', view)),
    p,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}
