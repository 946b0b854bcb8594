import { COMMISSION_TARGETS, Conflict, escalationDue, toIso } from '@redress/core';
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../context';
import type { Database } from '../db/database';
import { appendEvents, insertRows, type NewEvent } from '../events';
import { SYSTEM } from '../http/principal';
import type { Job } from '../jobs/runner';
import { commissionDeadline, dueSoonBefore, escalationFactsOf, staffDueColumns } from '../sla';
import { escalateComplaint } from './actions';
import { complaintObjects } from './read';
import type { ComplaintRow } from './table';

/** Rows one query of the sweeper reads (notices, escalations). Exported for the tests. */
export const BATCH = 1_000;
type Notice = 'due_soon' | 'breached';

/**
 * Whose deadline a notice is about: the merchant's (`next_due_at`, its stage `acknowledge` or
 * `settle`; events that reach the merchant) or the commission's own (`staff_due_at`, `accept`
 * or `mediation`; events for staff, with no merchant, so that only the commission's feed and
 * endpoints get them). Both claim their notices in `sla_notices`, whose stage names differ.
 */
export type Track = 'merchant' | 'commission';
const TRACKS = {
  merchant: {
    due: 'next_due_at',
    stage: 'next_due_stage',
    events: { due_soon: 'complaint.sla_due_soon', breached: 'complaint.sla_breached' },
  },
  commission: {
    due: 'staff_due_at',
    stage: 'staff_due_stage',
    events: { due_soon: 'complaint.commission_due_soon', breached: 'complaint.commission_breached' },
  },
} as const satisfies Record<
  Track,
  { due: keyof ComplaintRow; stage: keyof ComplaintRow; events: Record<Notice, string> }
>;

/** Where a sweep's claim of one kind of notice has got to: the last (due, id) it read. */
export type SweepCursor = readonly [dueAt: number, complaintId: string] | null;

/**
 * The next batch of complaints to notice: up to BATCH whose deadline is in the window and not
 * noticed yet, in (deadline, id) order, after `after`. The cursor walks the track's partial
 * index (`complaints_next_due` or `complaints_staff_due`, on (deadline, id)), so that each
 * batch starts where the previous one ended instead of scanning again past everything claimed
 * before it. Past the first batch the row value is the window's lower bound (for due-soon
 * notices, the cursor is in the window, so after `now`): a plain `due > ?` beside it would make
 * SQLite range over that instead.
 */
export function noticeCandidates(
  kind: Notice,
  now: number,
  soon: number,
  after: SweepCursor,
  track: Track = 'merchant',
) {
  const due = sql.ref(`c.${TRACKS[track].due}`);
  const stage = sql.ref(`c.${TRACKS[track].stage}`);
  const keyset = after !== null && (kind === 'breached' || after[0] > now);
  const window = keyset
    ? sql`(${due}, c.id) > (${after[0]}, ${after[1]}) and ${due} <= ${kind === 'due_soon' ? soon : now}`
    : kind === 'due_soon'
      ? sql`${due} > ${now} and ${due} <= ${soon}`
      : sql`${due} <= ${now}`;
  return sql<ComplaintRow>`
    select c.* from complaints c
    where ${due} is not null and ${window}
      and not exists (select 1 from sla_notices n where n.complaint_id = c.id and n.stage = ${stage}
                      and n.kind = ${kind} and n.due_at = ${due})
    order by ${due}, c.id
    limit ${BATCH}`;
}

/**
 * Claims the next batch of notices of one kind and writes their events (and, through the
 * listeners, their webhook deliveries), in one transaction. The notice's primary key
 * (complaint, stage, kind, deadline) is the claim: of two sweepers running at once, one inserts
 * it and raises the event, the other inserts nothing (ON CONFLICT DO NOTHING; on PostgreSQL it
 * waits for the first to commit). Returns how many complaints it read and raised, and the
 * cursor to go on from.
 */
async function raise(
  deps: AppDeps,
  track: Track,
  kind: Notice,
  now: number,
  soon: number,
  after: SweepCursor,
): Promise<{ seen: number; raised: number; last: SweepCursor }> {
  const { due, stage, events } = TRACKS[track];
  return deps.transact(async (trx) => {
    const candidates = (await noticeCandidates(kind, now, soon, after, track).execute(trx)).rows;
    const lastRow = candidates.at(-1);
    const lastDue = lastRow?.[due];
    if (!lastRow || lastDue == null) return { seen: 0, raised: 0, last: after };
    const notices = [];
    for (const c of candidates) {
      // A deadline always has its stage; a row without one could not be noticed anyway.
      const dueAt = c[due];
      const stageOf = c[stage];
      if (dueAt === null || stageOf === null) continue;
      notices.push({ complaint_id: c.id, stage: stageOf, kind, due_at: dueAt, created_at: now });
    }
    const claimed = await insertRows(trx, 'sla_notices', notices, {
      onConflict: 'nothing',
      returning: ['complaint_id'],
    });
    const mine = new Set(claimed.map((r) => r.complaint_id));
    const rows = mine.size === candidates.length ? candidates : candidates.filter((c) => mine.has(c.id));
    const last: SweepCursor = [lastDue, lastRow.id];
    if (rows.length === 0) return { seen: candidates.length, raised: 0, last };
    const ctx = { ...deps, principal: SYSTEM };
    const objects = await complaintObjects(trx, ctx, rows, 'masked');
    await appendEvents(
      trx,
      ctx,
      rows.map((row, i) => ({
        type: events[kind],
        complaintId: row.id,
        merchantId: track === 'merchant' ? row.merchant_id : null,
        stationId: track === 'merchant' ? row.station_id : null,
        data: {
          object: objects[i]!,
          stage: row[stage],
          dueAt: row[due] === null ? null : toIso(row[due]),
        },
        // A track's event types and its stage column go together (TRACKS): the merchant's stages
        // with `complaint.sla_*`, the commission's with `complaint.commission_*`.
      })) as NewEvent[],
    );
    return { seen: candidates.length, raised: rows.length, last };
  });
}

/**
 * One sweep: raise `complaint.sla_due_soon` and `complaint.sla_breached` once per complaint,
 * stage and deadline of the merchant's, `complaint.commission_due_soon` and
 * `complaint.commission_breached` the same way for the commission's own deadlines, and
 * escalate each complaint whose escalation is due. Reads only the complaints whose next
 * deadline is near, through the partial indexes on `next_due_at`, `staff_due_at` and
 * `escalate_at`.
 */
export async function sweep(deps: AppDeps): Promise<{
  dueSoon: number;
  breached: number;
  escalated: number;
  commissionDueSoon: number;
  commissionBreached: number;
}> {
  await fillCommissionDeadlines(deps);
  const now = deps.clock.now();
  const soon = dueSoonBefore({ now, calendar: await deps.calendars.get(now) });
  const counts = { merchant: { due_soon: 0, breached: 0 }, commission: { due_soon: 0, breached: 0 } };
  for (const track of ['merchant', 'commission'] as const) {
    for (const kind of ['due_soon', 'breached'] as const) {
      // Batch after batch along the index, until a batch finds nothing left to notice.
      for (let after: SweepCursor = null; ; ) {
        const batch = await raise(deps, track, kind, now, soon, after);
        if (batch.seen === 0) break;
        counts[track][kind] += batch.raised;
        after = batch.last;
      }
    }
  }
  // Every complaint whose escalation is due (`escalationDue` of @redress/core: the settle
  // deadline whatever the stage, or the end of the consumer's answer window) is escalated: also
  // one whose breach was noticed before a crash, or by another sweeper that lost the race after.
  // In batches of BATCH along the partial index (escalate_at, id), each after the last row read,
  // so a backlog (a sweeper down for a day) never reads every due row at once.
  let escalated = 0;
  const system = { ...deps, principal: SYSTEM };
  for (let after: SweepCursor = null; ; ) {
    const due = await escalationCandidates(deps.db, now, after);
    const last = due.at(-1);
    if (!last || last.escalate_at === null) break;
    after = [last.escalate_at, last.id];
    for (const row of due) {
      const decision = escalationDue(escalationFactsOf(row));
      if (decision === null || decision.at > now) continue;
      try {
        await escalateComplaint(system, row.id, { cause: decision.cause });
        escalated++;
      } catch (err) {
        // Another sweeper, or the merchant, moved it first: nothing to do.
        if (!(err instanceof Conflict)) throw err;
      }
    }
    if (due.length < BATCH) break;
  }
  return {
    dueSoon: counts.merchant.due_soon,
    breached: counts.merchant.breached,
    escalated,
    commissionDueSoon: counts.commission.due_soon,
    commissionBreached: counts.commission.breached,
  };
}

/** The databases whose commission deadlines this process has filled in (once each). */
const filled = new WeakSet<Kysely<Database>>();

/**
 * Counts the commission's deadlines of the complaints waiting on one that have none indexed:
 * those written before migration 0009, which could not count working days. Since then every
 * intake and action writes them (sla/clock.ts), so this runs once per process and database, in
 * batches along the id.
 */
export async function fillCommissionDeadlines(
  deps: Pick<AppDeps, 'db' | 'calendars' | 'clock'>,
): Promise<number> {
  if (filled.has(deps.db)) return 0;
  const calendar = () => deps.calendars.get(deps.clock.now(), deps.db);
  let changed = 0;
  for (let after = ''; ; ) {
    const rows = await deps.db
      .selectFrom('complaints')
      .selectAll()
      .where('staff_due_at', 'is', null)
      .where('id', '>', after)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'new'),
          eb.and([
            eb('status', 'in', ['escalated', 'proposed']),
            eb('escalated_at', 'is not', null),
            eb('mediation_ended_at', 'is', null),
          ]),
        ]),
      )
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const update: Partial<ComplaintRow> = {};
      if (row.accept_due_at === null)
        update.accept_due_at = (
          await commissionDeadline(calendar, row.received_at, COMMISSION_TARGETS.accept)
        ).dueAt;
      if (row.escalated_at !== null && row.mediation_due_at === null)
        update.mediation_due_at = (
          await commissionDeadline(calendar, row.escalated_at, COMMISSION_TARGETS.mediation)
        ).dueAt;
      // Conditional on the version read: an action meanwhile wrote these columns itself.
      await deps.db
        .updateTable('complaints')
        // A new version: the list's cached JSON (list-cache.ts) carries the deadlines.
        .set({ ...update, ...staffDueColumns({ ...row, ...update }), version: row.version + 1 })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .execute();
      changed++;
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = last.id;
  }
  filled.add(deps.db);
  return changed;
}

/** The next BATCH complaints whose escalation is due by `now`, in (escalate_at, id) order after `after`. */
export function escalationCandidates(db: Kysely<Database>, now: number, after: SweepCursor) {
  let query = db
    .selectFrom('complaints')
    .select([
      'id',
      'status',
      'escalate_at',
      'ack_due_at',
      'settle_due_at',
      'stopped_at',
      'escalated_at',
      'paused_at',
      'answer_due_at',
    ])
    .where('escalate_at', '<=', now);
  if (after !== null) {
    query = query.where((eb) => eb(eb.refTuple('escalate_at', 'id'), '>', eb.tuple(after[0], after[1])));
  }
  return query.orderBy('escalate_at').orderBy('id').limit(BATCH).execute();
}

export const slaSweeper: Job = {
  name: 'sla-sweeper',
  intervalMs: 60_000,
  async run(runtime) {
    const result = await sweep(runtime);
    if (Object.values(result).some((n) => n > 0)) runtime.log.info('sla sweep', result);
    return 0;
  },
};
