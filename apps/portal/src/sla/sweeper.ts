import { Conflict, toIso } from '@redress/core';
import { type Kysely, sql } from 'kysely';
import { SYSTEM } from '../auth/principal';
import { escalateComplaint } from '../complaints/actions';
import { readComplaint } from '../complaints/read';
import type { ComplaintRow } from '../complaints/table';
import type { AppDeps } from '../context';
import type { Database } from '../db/database';
import { appendEvent } from '../events/service';
import type { Job } from '../jobs/runner';
import { dueSoonBefore } from './view';

const BATCH = 1_000;
type Notice = 'due_soon' | 'breached';
const EVENT_TYPES: Record<Notice, string> = {
  due_soon: 'complaint.sla_due_soon',
  breached: 'complaint.sla_breached',
};

/**
 * Claims up to BATCH notices of one kind and writes their events, in one transaction. The
 * notice's primary key (complaint, stage, kind, deadline) is the claim: of two sweepers
 * running at once, one inserts it and raises the event, the other inserts nothing.
 */
async function raise(deps: AppDeps, kind: Notice, now: number, soon: number): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const window =
      kind === 'due_soon'
        ? sql`c.next_due_at > ${now} and c.next_due_at <= ${soon}`
        : sql`c.next_due_at <= ${now}`;
    const claimed = await sql<{ complaint_id: string }>`
      insert into sla_notices (complaint_id, stage, kind, due_at, created_at)
      select c.id, c.next_due_stage, ${kind}, c.next_due_at, ${now} from complaints c
      where c.next_due_at is not null and ${window}
        and not exists (select 1 from sla_notices n where n.complaint_id = c.id and n.stage = c.next_due_stage
                        and n.kind = ${kind} and n.due_at = c.next_due_at)
      order by c.next_due_at
      limit ${BATCH}
      on conflict do nothing
      returning complaint_id`.execute(trx);
    const ids = claimed.rows.map((r) => r.complaint_id);
    if (ids.length === 0) return 0;
    const rows = await trx.selectFrom('complaints').selectAll().where('id', 'in', ids).execute();
    const ctx = { ...deps, principal: SYSTEM };
    for (const row of rows) await noticeEvent(trx, ctx, row, kind);
    return ids.length;
  });
}

async function noticeEvent(
  trx: Kysely<Database>,
  ctx: AppDeps & { principal: typeof SYSTEM },
  row: ComplaintRow,
  kind: Notice,
) {
  const object = await readComplaint(trx, ctx, row, 'masked');
  await appendEvent(trx, ctx, {
    type: EVENT_TYPES[kind],
    complaintId: row.id,
    merchantId: row.merchant_id,
    stationId: row.station_id,
    data: {
      object,
      stage: row.next_due_stage,
      dueAt: row.next_due_at === null ? null : toIso(row.next_due_at),
    },
  });
}

/**
 * One sweep: raise `complaint.sla_due_soon` and `complaint.sla_breached` once per complaint,
 * stage and deadline, and escalate each complaint whose settle deadline passed. Reads only
 * the complaints whose next deadline is near, through the partial index on `next_due_at`.
 */
export async function sweep(
  deps: AppDeps,
): Promise<{ dueSoon: number; breached: number; escalated: number }> {
  const now = deps.clock.now();
  const soon = dueSoonBefore({ now, calendar: await deps.calendars.get(now) });
  let dueSoon = 0;
  let breached = 0;
  for (let n = await raise(deps, 'due_soon', now, soon); n > 0; n = await raise(deps, 'due_soon', now, soon))
    dueSoon += n;
  for (let n = await raise(deps, 'breached', now, soon); n > 0; n = await raise(deps, 'breached', now, soon))
    breached += n;
  // Every complaint still with the merchant past its settle deadline is escalated: also one
  // whose breach was noticed before a crash, or by another sweeper that lost the race after.
  const overdue = await deps.db
    .selectFrom('complaints')
    .select('id')
    .where('next_due_stage', '=', 'settle')
    .where('next_due_at', '<=', now)
    .execute();
  let escalated = 0;
  const system = { ...deps, principal: SYSTEM };
  for (const { id } of overdue) {
    try {
      await escalateComplaint(system, id, { cause: 'settle_deadline_passed' });
      escalated++;
    } catch (err) {
      // Another sweeper, or the merchant, moved it first: nothing to do.
      if (!(err instanceof Conflict)) throw err;
    }
  }
  return { dueSoon, breached, escalated };
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
