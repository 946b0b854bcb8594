import {
  type Channel,
  Invalid,
  type ListComplaintsQuery,
  MEDIATION_STATUSES,
  NotFound,
  type OverdueView,
  type Status,
} from '@redress/core';
import { type ExpressionBuilder, type Kysely, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../db/database';
import { builtOnce } from '../db/statement';
import { decodeKeyset, encodeKeyset, likePattern } from '../http/cursor';
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

/** The user `owner=` names: `me` is the signed-in user (an API client is nobody's colleague). */
function ownerFilter(owner: string, p: Principal): string {
  if (owner !== 'me') return owner;
  if (p.kind !== 'user' || !p.id)
    throw new Invalid('owner=me needs a signed-in user', [
      { path: 'owner', code: 'invalid_value', message: 'an API client owns no complaints: name a user id' },
    ]);
  return p.id;
}

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

/** What a staff queue adds to the list: the new queue nothing, the overdue one its view. */
export function staffQueueFilter(
  queue: 'new' | 'overdue' | 'escalated',
  overdue: OverdueView = 'open',
): StaffQueueFilter {
  return queue === 'overdue' ? { overdue } : queue === 'escalated' ? { inMediation: true } : {};
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

/**
 * What a search text asks of the phone column: the last four digits (shown in the masked number
 * anyway) or the whole number, with or without +86. Any other count of digits is no phone search:
 * matching on the digits the mask hides would let a caller uncover them one by one.
 */
export type PhoneSearch = { kind: 'last4'; digits: string } | { kind: 'whole'; digits: string };

export function phoneSearchOf(q: string | undefined): PhoneSearch | null {
  if (!q || !/^\+?[0-9][0-9 -]*$/.test(q)) return null;
  let digits = q.replace(/\D/g, '');
  if (digits.length === 4) return { kind: 'last4', digits };
  if (digits.length >= 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length >= 7 ? { kind: 'whole', digits } : null;
}

/** The list's filters (`GET /api/v1/complaints`), which the figures (`GET /api/v1/metrics`) take too. */
export type ComplaintFilters = Pick<
  ListComplaintsQuery,
  'status' | 'slaState' | 'category' | 'tag' | 'merchantId' | 'stationId' | 'q'
> &
  Partial<Pick<ListComplaintsQuery, 'receivedFrom' | 'receivedTo' | 'updatedSince' | 'owner'>> & {
    channel?: Channel;
  };

/**
 * The list's filters on a query of complaints (joined to other tables or not): the one reading
 * of each filter, for the list and the figures (`filterComplaints`).
 */
function filtered<Q extends SelectQueryBuilder<Database, any, any>>(
  query: Q,
  q: ComplaintFilters,
  view: SlaView,
  staff: StaffQueueFilter,
  p: Principal | null,
): Q {
  let out = query as unknown as ComplaintQuery;
  if (q.status?.length) out = out.where('complaints.status', 'in', q.status);
  if (q.category) out = out.where('complaints.category', '=', q.category);
  if (q.merchantId) out = out.where('complaints.merchant_id', '=', q.merchantId);
  if (q.stationId) out = out.where('complaints.station_id', '=', q.stationId);
  if (q.channel) out = out.where('complaints.channel', '=', q.channel);
  if (q.receivedFrom) out = out.where('complaints.received_at', '>=', Date.parse(q.receivedFrom));
  if (q.receivedTo) out = out.where('complaints.received_at', '<', Date.parse(q.receivedTo));
  if (q.updatedSince) out = out.where('complaints.updated_at', '>=', Date.parse(q.updatedSince));
  if (q.owner === 'none') out = out.where('complaints.owner_id', 'is', null);
  else if (q.owner && p) out = out.where('complaints.owner_id', '=', ownerFilter(q.owner, p));
  if (q.tag) {
    const tag = q.tag;
    out = out.where((eb) =>
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
    const phone = phoneSearchOf(q.q);
    const like = (expr: ReturnType<typeof sql>) => sql<boolean>`lower(${expr}) like ${pattern} escape '\\'`;
    out = out.where((eb) =>
      eb.or([
        // The business: one that is not networked by the name and code it was named with…
        ...[
          'subject',
          'description',
          'reference',
          'consumer_name',
          'external_ref',
          'business_name',
          'business_credit_code',
        ].map((col) => like(sql.ref(`complaints.${col}`))),
        // …a networked merchant by its registered name or credit code.
        eb.exists(
          eb
            .selectFrom('merchants as bm')
            .select('bm.id')
            .whereRef('bm.id', '=', 'complaints.merchant_id')
            .where((m) => m.or([like(sql.ref('bm.name')), like(sql.ref('bm.credit_code'))])),
        ),
        ...(phone?.kind === 'last4'
          ? [eb('complaints.consumer_phone', 'like', `%${phone.digits}`)]
          : phone?.kind === 'whole'
            ? [
                eb('complaints.consumer_phone', 'in', [
                  phone.digits,
                  `86${phone.digits}`,
                  `+86${phone.digits}`,
                ]),
              ]
            : []),
      ]),
    );
  }
  if (q.slaState) {
    const state = q.slaState;
    out = out.where((eb) => slaStateCondition(eb, state, view));
  }
  const overdue = staff.overdue;
  if (overdue) out = out.where((eb) => overdueCondition(eb, overdue, view));
  if (staff.inMediation) out = out.where(inMediation);
  return out as unknown as Q;
}

/** The list's filters as the figures read them (`GET /api/v1/metrics`): the same rules, no queue, no owner. */
export function filterComplaints<Q extends SelectQueryBuilder<Database, any, any>>(
  input: Q,
  q: ComplaintFilters,
  view: SlaView,
): Q {
  return filtered(input, q, view, {}, null);
}

/** The order of a list: its key's expression and value in a row, and its direction. */
function sortOf(q: Pick<ListComplaintsQuery, 'sort'>, staff: StaffQueueFilter) {
  if (q.sort === '-receivedAt') {
    return {
      expr: sql<number>`complaints.received_at`,
      of: (r: PageRow) => r.received_at,
      desc: true,
    };
  }
  const sort = ASCENDING[staff.overdue === 'open' ? 'firstPassed' : q.sort];
  return { expr: sort.expr, of: (r: PageRow) => sort.of(r) ?? FAR_FUTURE, desc: false };
}

/**
 * One page of complaints, keyset-paginated so that cursors stay stable under inserts: forward
 * from a `nextCursor`, or back from a `prevCursor` (the page before the row it names).
 */
export async function listComplaints(
  db: Kysely<Database>,
  p: Principal,
  q: ListComplaintsQuery,
  view: SlaView,
  staff: StaffQueueFilter = {},
): Promise<{ rows: PageRow[]; nextCursor: string | null; prevCursor: string | null }> {
  let query = filtered(
    visibleComplaints(
      db.selectFrom('complaints').select(PAGE_COLUMNS.map((c) => `complaints.${c}` as const)),
      p,
    ),
    q,
    view,
    staff,
    p,
  );
  const sort = sortOf(q, staff);
  const cursor = q.cursor ? decodeKeyset(q.cursor) : null;
  const back = cursor?.back ?? false;
  // Reading back is reading the other way from the cursor, then turning the page round.
  const later = sort.desc !== back ? '<' : '>';
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb(sort.expr, later, cursor.key),
        eb.and([eb(sort.expr, '=', cursor.key), eb('complaints.id', later, cursor.id)]),
      ]),
    );
  }
  const direction = sort.desc !== back ? 'desc' : 'asc';
  const limit = q.limit;
  const rows = await query
    .orderBy(sort.expr, direction)
    .orderBy('complaints.id', direction)
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (back) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const after = (r: PageRow | undefined) => (r ? encodeKeyset(sort.of(r), r.id, false) : null);
  const before = (r: PageRow | undefined) => (r ? encodeKeyset(sort.of(r), r.id, true) : null);
  return back
    ? { rows: page, nextCursor: after(last), prevCursor: more ? before(first) : null }
    : { rows: page, nextCursor: more ? after(last) : null, prevCursor: cursor ? before(first) : null };
}

/**
 * Where a page stands in its list: how many complaints match the filters in all, and how many
 * come before the page's first row (so the page is rows `before + 1` to `before + n` of `total`).
 */
export async function listPosition(
  db: Kysely<Database>,
  p: Principal,
  q: ListComplaintsQuery,
  view: SlaView,
  staff: StaffQueueFilter,
  first: PageRow | undefined,
): Promise<{ total: number; before: number }> {
  const sort = sortOf(q, staff);
  const earlier = sort.desc ? '>' : '<';
  const base = filtered(visibleComplaints(db.selectFrom('complaints'), p), q, view, staff, p);
  const row = await base
    .select((eb) => [
      eb.fn.countAll<number | string>().as('total'),
      (first && q.cursor
        ? eb.fn.sum<number | string | null>(
            eb
              .case()
              .when(
                eb.or([
                  eb(sort.expr, earlier, sort.of(first)),
                  eb.and([eb(sort.expr, '=', sort.of(first)), eb('complaints.id', earlier, first.id)]),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
        : sql<number>`0`
      ).as('before'),
    ])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), before: Number(row.before ?? 0) };
}

/** The next human reference number of the year (the last of `count` taken at once), inside the intake's transaction. */
export async function nextReferenceSequence(trx: Kysely<Database>, year: number, count = 1): Promise<number> {
  const row = await trx
    .insertInto('sequences')
    .values({ name: `reference:${year}`, value: count })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`sequences.value + ${count}` }))
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
