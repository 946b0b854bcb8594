import {
  type CommissionFacts,
  type Deadline,
  deadline,
  runningCommissionDeadline,
  type SlaTarget,
  type WorkingCalendar,
} from '@redress/core';
import type { ComplaintRow } from '../complaints/table';

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
