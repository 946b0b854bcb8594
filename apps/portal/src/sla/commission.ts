import {
  type CommissionFacts,
  type Complaint,
  type Deadline,
  deadline,
  ENDED_STATUSES,
  runningCommissionDeadline,
  type SlaTarget,
  toIso,
  type WorkingCalendar,
} from '@redress/core';
import { type ExpressionBuilder, sql } from 'kysely';
import type { ComplaintRow } from '../complaints/table';
import type { Database } from '../db/database';
import { pausedAfterDeadline, type SlaView, slaStateCondition } from './view';

/** A commission deadline (`COMMISSION_TARGETS`) counted from `fromMs`. */
export async function commissionDeadline(
  calendar: () => Promise<WorkingCalendar>,
  fromMs: number,
  target: SlaTarget,
): Promise<Deadline> {
  return deadline(await calendar(), fromMs, target.amount, target.unit);
}

/** The facts of the commission's deadlines, from a row as it is (or will be) written. */
export function commissionFacts(
  row: Pick<
    ComplaintRow,
    'status' | 'accept_due_at' | 'accepted_at' | 'escalated_at' | 'mediation_due_at' | 'mediation_ended_at'
  >,
): CommissionFacts {
  return {
    status: row.status,
    acceptDueAt: row.accept_due_at,
    acceptedAt: row.accepted_at,
    escalatedAt: row.escalated_at,
    mediationDueAt: row.mediation_due_at,
    mediationEndedAt: row.mediation_ended_at,
  };
}

/** The index columns of the commission deadline running now (the sweeper's notices to staff). */
export function staffDueColumns(
  row: Parameters<typeof commissionFacts>[0],
): Pick<ComplaintRow, 'staff_due_at' | 'staff_due_stage'> {
  const running = runningCommissionDeadline(commissionFacts(row));
  return { staff_due_at: running?.dueAt ?? null, staff_due_stage: running?.stage ?? null };
}

const iso = (ms: number | null) => (ms === null ? null : toIso(ms));

/** The API's `commission` object: each of the commission's deadlines and when its stage ended. */
export function commissionOf(row: Parameters<typeof commissionFacts>[0]): Complaint['commission'] {
  return {
    accept: { dueAt: iso(row.accept_due_at), doneAt: iso(row.accepted_at) },
    mediation:
      row.escalated_at === null
        ? null
        : { dueAt: iso(row.mediation_due_at), doneAt: iso(row.mediation_ended_at) },
  };
}

/**
 * The staff's overdue queue, as SQL. `open` (the default: what is still to do): a complaint not
 * ended with a running deadline passed — the merchant's next deadline, a pause made after the
 * settle deadline, or the commission's own (acceptance, mediation). `ended` (the history): a
 * complaint ended (settled, referred, closed, withdrawn) with a stage done late — the
 * merchant's (the `slaState=overdue` rule), the acceptance or the mediation.
 */
export function overdueCondition(
  eb: ExpressionBuilder<Database, 'complaints'>,
  which: 'open' | 'ended',
  view: SlaView,
) {
  const ended = eb('complaints.status', 'in', ENDED_STATUSES);
  if (which === 'open') {
    return eb.and([
      eb.not(ended),
      eb.or([
        eb('complaints.next_due_at', '<=', view.now),
        pausedAfterDeadline(eb),
        eb('complaints.staff_due_at', '<=', view.now),
      ]),
    ]);
  }
  return eb.and([
    ended,
    eb.or([
      slaStateCondition(eb, 'overdue', view),
      eb.and([
        eb('complaints.accept_due_at', 'is not', null),
        eb('complaints.accepted_at', '>=', eb.ref('complaints.accept_due_at')),
      ]),
      eb.and([
        eb('complaints.mediation_due_at', 'is not', null),
        eb('complaints.mediation_ended_at', '>=', eb.ref('complaints.mediation_due_at')),
      ]),
    ]),
  ]);
}

/** The order of the open overdue queue: the deadline that passed first (the merchant's or the commission's). */
export const FIRST_PASSED = sql<number | null>`coalesce(complaints.next_due_at, complaints.staff_due_at)`;
