import { Conflict, type EventType, escalationDue, toIso } from '@redress/core';
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../context';
import type { Database } from '../db/database';
import { appendEvents, insertRows } from '../events';
import { SYSTEM } from '../http/principal';
import type { Job } from '../jobs/runner';
import { dueSoonBefore, escalationFactsOf } from '../sla';
import { escalateComplaint } from './actions';
import { complaintObjects } from './read';
import type { ComplaintRow } from './table';

/** Rows one query of the sweeper reads (notices, escalations). Exported for the tests. */
export const BATCH = 1_000;
type Notice = 'due_soon' | 'breached';
const EVENT_TYPES = {
  due_soon: 'complaint.sla_due_soon',
  breached: 'complaint.sla_breached',
} as const satisfies Record<Notice, EventType>;

/** Where a sweep's claim of one kind of notice has got to: the last (next_due_at, id) it read. */
export type SweepCursor = readonly [dueAt: number, complaintId: string] | null;

/**
 * The next batch of complaints to notice: up to BATCH whose deadline is in the window and not
 * noticed yet, in (next_due_at, id) order, after `after`. The cursor walks the partial index
 * `complaints_next_due` (next_due_at, id), so that each batch starts where the previous one
 * ended instead of scanning again past everything claimed before it. Past the first batch the
 * row value is the window's lower bound (for due-soon notices, the cursor is in the window, so
 * after `now`): a plain `next_due_at > ?` beside it would make SQLite range over that instead.
 */
export function noticeCandidates(kind: Notice, now: number, soon: number, after: SweepCursor) {
  const keyset = after !== null && (kind === 'breached' || after[0] > now);
  const window = keyset
    ? sql`(c.next_due_at, c.id) > (${after[0]}, ${after[1]}) and c.next_due_at <= ${kind === 'due_soon' ? soon : now}`
    : kind === 'due_soon'
      ? sql`c.next_due_at > ${now} and c.next_due_at <= ${soon}`
      : sql`c.next_due_at <= ${now}`;
  return sql<ComplaintRow>`
    select c.* from complaints c
    where c.next_due_at is not null and ${window}
      and not exists (select 1 from sla_notices n where n.complaint_id = c.id and n.stage = c.next_due_stage
                      and n.kind = ${kind} and n.due_at = c.next_due_at)
    order by c.next_due_at, c.id
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
  kind: Notice,
  now: number,
  soon: number,
  after: SweepCursor,
): Promise<{ seen: number; raised: number; last: SweepCursor }> {
  return deps.transact(async (trx) => {
    const candidates = (await noticeCandidates(kind, now, soon, after).execute(trx)).rows;
    const lastRow = candidates.at(-1);
    if (!lastRow || lastRow.next_due_at === null) return { seen: 0, raised: 0, last: after };
    const notices = [];
    for (const c of candidates) {
      // A deadline always has its stage; a row without one could not be noticed anyway.
      if (c.next_due_at === null || c.next_due_stage === null) continue;
      notices.push({
        complaint_id: c.id,
        stage: c.next_due_stage,
        kind,
        due_at: c.next_due_at,
        created_at: now,
      });
    }
    const claimed = await insertRows(trx, 'sla_notices', notices, {
      onConflict: 'nothing',
      returning: ['complaint_id'],
    });
    const mine = new Set(claimed.map((r) => r.complaint_id));
    const rows = mine.size === candidates.length ? candidates : candidates.filter((c) => mine.has(c.id));
    const last: SweepCursor = [lastRow.next_due_at, lastRow.id];
    if (rows.length === 0) return { seen: candidates.length, raised: 0, last };
    const ctx = { ...deps, principal: SYSTEM };
    const objects = await complaintObjects(trx, ctx, rows, 'masked');
    await appendEvents(
      trx,
      ctx,
      rows.map((row, i) => ({
        type: EVENT_TYPES[kind],
        complaintId: row.id,
        merchantId: row.merchant_id,
        stationId: row.station_id,
        data: {
          object: objects[i]!,
          stage: row.next_due_stage,
          dueAt: row.next_due_at === null ? null : toIso(row.next_due_at),
        },
      })),
    );
    return { seen: candidates.length, raised: rows.length, last };
  });
}

/**
 * One sweep: raise `complaint.sla_due_soon` and `complaint.sla_breached` once per complaint,
 * stage and deadline, and escalate each complaint whose escalation is due. Reads only the
 * complaints whose next deadline is near, through the partial indexes on `next_due_at` and
 * `escalate_at`.
 */
export async function sweep(
  deps: AppDeps,
): Promise<{ dueSoon: number; breached: number; escalated: number }> {
  const now = deps.clock.now();
  const soon = dueSoonBefore({ now, calendar: await deps.calendars.get(now) });
  let dueSoon = 0;
  let breached = 0;
  for (const kind of ['due_soon', 'breached'] as const) {
    // Batch after batch along the index, until a batch finds nothing left to notice.
    for (let after: SweepCursor = null; ; ) {
      const batch = await raise(deps, kind, now, soon, after);
      if (batch.seen === 0) break;
      if (kind === 'due_soon') dueSoon += batch.raised;
      else breached += batch.raised;
      after = batch.last;
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
  return { dueSoon, breached, escalated };
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
    if (result.dueSoon + result.breached + result.escalated > 0) runtime.log.info('sla sweep', result);
    return 0;
  },
};
