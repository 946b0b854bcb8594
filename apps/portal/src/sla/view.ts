import {
  type Complaint,
  deadline,
  type SlaState,
  type Status,
  slaState,
  toIso,
  type WorkingCalendar,
} from '@redress/core';
import { type ExpressionBuilder, sql } from 'kysely';
import type { ComplaintRow } from '../complaints/table';
import type { Database } from '../db/database';

/** What the SLA of a complaint is read against. */
export interface SlaView {
  now: number;
  calendar: WorkingCalendar;
}

/** The columns the SLA state is read from. */
export type SlaColumns = Pick<
  ComplaintRow,
  | 'status'
  | 'sla_policy'
  | 'ack_due_at'
  | 'settle_due_at'
  | 'acknowledged_at'
  | 'settled_at'
  | 'escalated_at'
  | 'closed_at'
  | 'paused_at'
>;

/** When the merchant's part ended: escalation (decline, rejection, missed deadline), settlement or closing. */
const merchantPartEnded = (row: SlaColumns) => row.escalated_at ?? row.settled_at ?? row.closed_at;

/** The state of a complaint's SLA now (null before the clock starts): the only part of a complaint that changes by itself. */
export function slaStateOf(row: SlaColumns, view: SlaView): SlaState | null {
  if (row.sla_policy === null) return null;
  return slaState({
    now: view.now,
    status: row.status as Status,
    acknowledgeDueAt: row.ack_due_at,
    settleDueAt: row.settle_due_at,
    acknowledgedAt: row.acknowledged_at,
    settledAt: merchantPartEnded(row),
    pausedAt: row.paused_at,
    calendar: view.calendar,
  });
}

export function slaOf(row: ComplaintRow, view: SlaView): Complaint['sla'] {
  const state = slaStateOf(row, view);
  if (row.sla_policy === null || state === null) return null;
  return {
    policy: row.sla_policy,
    state,
    acknowledgeDueAt: row.ack_due_at === null ? null : toIso(row.ack_due_at),
    settleDueAt: row.settle_due_at === null ? null : toIso(row.settle_due_at),
    pausedAt: row.paused_at === null ? null : toIso(row.paused_at),
    calendarGap: row.calendar_gap === 1,
    calendarProvisional: row.calendar_provisional === 1,
  };
}

/** The instant before which a running deadline counts as due soon: 24:00 of the next working day. */
export function dueSoonBefore(view: SlaView): number {
  return deadline(view.calendar, view.now, 1, 'working_days').dueAt;
}

const TERMINAL = ['settled', 'escalated', 'referred', 'closed', 'withdrawn'];

/**
 * The `slaState` filter as SQL, agreeing with `slaState` of `@redress/core` row by row
 * (a test checks that the two agree over every status and deadline).
 */
export function slaStateCondition(
  eb: ExpressionBuilder<Database, 'complaints'>,
  state: SlaState,
  view: SlaView,
) {
  const soon = dueSoonBefore(view);
  const relevantDue = sql`case when complaints.acknowledged_at is null then complaints.ack_due_at else complaints.settle_due_at end`;
  const ended = sql`coalesce(complaints.escalated_at, complaints.settled_at, complaints.closed_at)`;
  const pausedLate = eb.and([
    eb('complaints.status', '=', 'awaiting_consumer'),
    eb('complaints.paused_at', '>=', eb.ref('complaints.settle_due_at')),
  ]);
  const endedLate = eb.and([
    eb('complaints.status', 'in', TERMINAL),
    eb(relevantDue, 'is not', null),
    eb.or([eb(ended, 'is', null), eb(ended, '>=', relevantDue)]),
  ]);
  const condition = () => {
    switch (state) {
      case 'overdue':
        return eb.or([eb('complaints.next_due_at', '<=', view.now), pausedLate, endedLate]);
      case 'due_soon':
        return eb.and([
          eb('complaints.next_due_at', '>', view.now),
          eb('complaints.next_due_at', '<=', soon),
        ]);
      case 'on_track':
        return eb('complaints.next_due_at', '>', soon);
      case 'paused':
        return eb.and([eb('complaints.status', '=', 'awaiting_consumer'), eb.not(pausedLate)]);
      case 'met':
        return eb.and([eb('complaints.status', 'in', TERMINAL), eb.not(endedLate)]);
    }
  };
  // Only complaints with a clock have an SLA state (`sla` is null before assignment).
  return eb.and([eb('complaints.sla_policy', 'is not', null), condition()]);
}
