import {
  type Complaint,
  deadline,
  type SlaState,
  type SlaStateInput,
  type StageOutcome,
  type Status,
  slaStages,
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
  | 'stopped_at'
>;

/** When the merchant's part ended: escalation (decline, rejection, missed deadline), settlement or closing. */
const merchantPartEnded = (row: SlaColumns) => row.escalated_at ?? row.settled_at ?? row.closed_at;

const slaInput = (row: SlaColumns, view: SlaView): SlaStateInput => ({
  now: view.now,
  status: row.status,
  acknowledgeDueAt: row.ack_due_at,
  settleDueAt: row.settle_due_at,
  acknowledgedAt: row.acknowledged_at,
  settledAt: merchantPartEnded(row),
  pausedAt: row.paused_at,
  stoppedAt: row.stopped_at,
  escalatedAt: row.escalated_at,
  calendar: view.calendar,
});

/** The values of the SLA object that move with the clock. */
export interface SlaMoving {
  state: string;
  acknowledge: string;
  settle: string;
}

/**
 * The values of the API's `sla` object that move with the clock (its state and each stage's
 * result), for the list's cached JSON (complaints/list-cache.ts); null before the clock starts.
 */
export function slaMoving(row: SlaColumns, view: SlaView): SlaMoving | null {
  if (row.sla_policy === null) return null;
  const input = slaInput(row, view);
  const stages = slaStages(input);
  return { state: slaState(input), acknowledge: stages.acknowledge.result, settle: stages.settle.result };
}

const iso = (ms: number | null) => (ms === null ? null : toIso(ms));

/**
 * The API's `sla` object (null before the clock starts). Its `state` and the stages' results
 * move with the clock: everything else is fixed by the row's version (see list-cache.ts).
 */
export function slaOf(
  row: SlaColumns & Pick<ComplaintRow, 'calendar_gap' | 'calendar_provisional' | 'answer_due_at'>,
  view: SlaView,
): Complaint['sla'] {
  if (row.sla_policy === null) return null;
  const input = slaInput(row, view);
  const stages = slaStages(input);
  const stage = (s: StageOutcome) => ({ dueAt: iso(s.dueAt), doneAt: iso(s.doneAt), result: s.result });
  return {
    policy: row.sla_policy,
    state: slaState(input),
    acknowledgeDueAt: iso(row.ack_due_at),
    settleDueAt: iso(row.settle_due_at),
    pausedAt: iso(row.paused_at),
    stoppedAt: iso(row.stopped_at),
    answerDueAt: iso(row.answer_due_at),
    stages: { acknowledge: stage(stages.acknowledge), settle: stage(stages.settle) },
    calendarGap: row.calendar_gap === 1,
    calendarProvisional: row.calendar_provisional === 1,
  };
}

/** The instant before which a running deadline counts as due soon: 24:00 of the next working day. */
export function dueSoonBefore(view: SlaView): number {
  return deadline(view.calendar, view.now, 1, 'working_days').dueAt;
}

const TERMINAL: Status[] = ['settled', 'escalated', 'referred', 'closed', 'withdrawn'];
const FAR_FUTURE = 9_000_000_000_000_000;

/** Waiting for the consumer's material since after the settle deadline: no time was given back. */
export function pausedAfterDeadline(eb: ExpressionBuilder<Database, 'complaints'>) {
  return eb.and([
    eb('complaints.status', '=', 'awaiting_consumer'),
    eb('complaints.paused_at', '>=', eb.ref('complaints.settle_due_at')),
  ]);
}

/**
 * The `slaState` filter as SQL, agreeing with `slaState` of `@redress/core` row by row
 * (a test checks that the two agree over every status and deadline): a complaint out of the
 * merchant's hands is `met` only if each stage was done before its deadline.
 */
export function slaStateCondition(
  eb: ExpressionBuilder<Database, 'complaints'>,
  state: SlaState,
  view: SlaView,
) {
  const soon = dueSoonBefore(view);
  const ended = sql`coalesce(complaints.escalated_at, complaints.settled_at, complaints.closed_at, ${FAR_FUTURE})`;
  const out = eb.or([eb('complaints.status', 'in', TERMINAL), eb('complaints.escalated_at', 'is not', null)]);
  const ackLate = eb.and([
    eb('complaints.ack_due_at', 'is not', null),
    eb(sql`coalesce(complaints.acknowledged_at, ${ended})`, '>=', eb.ref('complaints.ack_due_at')),
  ]);
  const settleLate = eb.and([
    eb('complaints.settle_due_at', 'is not', null),
    eb(sql`coalesce(complaints.stopped_at, ${ended})`, '>=', eb.ref('complaints.settle_due_at')),
  ]);
  const pausedLate = pausedAfterDeadline(eb);
  const stopped = eb.and([
    eb('complaints.status', '=', 'proposed'),
    eb('complaints.escalated_at', 'is', null),
    eb('complaints.stopped_at', 'is not', null),
  ]);
  const endedLate = eb.and([out, eb.or([ackLate, settleLate])]);
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
        return eb.or([
          eb.and([eb('complaints.status', '=', 'awaiting_consumer'), eb.not(pausedLate)]),
          stopped,
        ]);
      case 'met':
        return eb.and([out, eb.not(eb.or([ackLate, settleLate]))]);
    }
  };
  // Only complaints with a clock have an SLA state (`sla` is null before assignment).
  return eb.and([eb('complaints.sla_policy', 'is not', null), condition()]);
}
