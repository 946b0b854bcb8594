import {
  type Action,
  COMMISSION_TARGETS,
  deadline,
  type EscalationFacts,
  escalationDue,
  nextDeadline,
  proposalTiming,
  resumeDeadline,
  type Status,
  startClock,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { ComplaintRow, ComplaintUpdate } from '../complaints/table';
import type { Database } from '../db/database';
import type { CalendarStore } from './calendar-store';
import { commissionDeadline, staffDueColumns } from './commission';
import { merchantPolicy, policyAt } from './policies';

/** The columns `escalationFactsOf` reads. */
export type EscalationColumns = Pick<
  ComplaintRow,
  'status' | 'ack_due_at' | 'settle_due_at' | 'stopped_at' | 'escalated_at' | 'paused_at' | 'answer_due_at'
>;

/** What `escalationDue` and `proposalTiming` of `@redress/core` read of a stored row. */
export function escalationFactsOf(row: EscalationColumns): EscalationFacts {
  return {
    status: row.status,
    acknowledgeDueAt: row.ack_due_at,
    settleDueAt: row.settle_due_at,
    stoppedAt: row.stopped_at,
    escalatedAt: row.escalated_at,
    pausedAt: row.paused_at,
    answerDueAt: row.answer_due_at,
  };
}

export interface ClockChange {
  action: Action | 'intake';
  to: Status;
  now: number;
  merchantId: string | null;
  /** `escalated_at` after the change (the action's own update may set it). */
  escalatedAt: number | null;
}

/**
 * What a transition does to the SLA columns, using the rules of `@redress/core`: assignment
 * starts the clock with the merchant's policy (a policy change applies to complaints assigned
 * afterwards), `awaiting_consumer` pauses it and leaving that status (the consumer's reply, or
 * anything else) resumes it with the days that were left, a proposal made in time stops the
 * settle clock and opens the consumer's answer window, and the index columns always hold what
 * the sweeper must look at: `next_due_at` (the merchant's running deadline, for notices),
 * `escalate_at` (when to escalate) and `staff_due_at` (the commission's own deadline).
 */
export async function slaChanges(
  db: Kysely<Database>,
  calendars: CalendarStore,
  before: ComplaintRow,
  change: ClockChange,
): Promise<ComplaintUpdate> {
  const { now } = change;
  let ack = before.ack_due_at;
  let settle = before.settle_due_at;
  let paused = before.paused_at;
  let stopped = before.stopped_at;
  let answerDue = before.answer_due_at;
  let policyCode = before.sla_policy;
  const update: ComplaintUpdate = {};
  const calendar = () => calendars.get(now, db);
  if (change.action === 'intake') {
    const accept = await commissionDeadline(calendar, before.received_at, COMMISSION_TARGETS.accept);
    update.accept_due_at = accept.dueAt;
  }
  const leavesNew = before.status === 'new' || change.action === 'intake';
  if (leavesNew && change.to !== 'new' && before.accepted_at === null) {
    update.accepted_at = now;
  }
  if (
    change.action === 'assign' ||
    change.action === 'route_business' ||
    (change.action === 'intake' && change.to === 'assigned')
  ) {
    if (!change.merchantId) return update;
    const policy = await merchantPolicy(db, change.merchantId, now);
    const clock = startClock(await calendar(), policy, now);
    ack = clock.acknowledgeDueAt;
    settle = clock.settleDueAt;
    paused = null;
    stopped = null;
    answerDue = null;
    policyCode = policy.code;
    Object.assign(update, {
      sla_policy: policy.code,
      ack_due_at: ack,
      settle_due_at: settle,
      calendar_gap: clock.calendarGap ? 1 : 0,
      calendar_provisional: clock.calendarProvisional ? 1 : 0,
      acknowledged_at: null,
    });
  } else if (change.action === 'not_ours') {
    // Not the merchant's complaint: its clock stops and its deadlines are no longer anyone's.
    ack = null;
    settle = null;
    paused = null;
    stopped = null;
    answerDue = null;
    policyCode = null;
    Object.assign(update, {
      sla_policy: null,
      ack_due_at: null,
      settle_due_at: null,
      calendar_gap: 0,
      calendar_provisional: 0,
      acknowledged_at: null,
    });
  } else if (change.to === 'awaiting_consumer' && paused === null) {
    paused = now;
  } else if (paused !== null && change.to !== 'awaiting_consumer') {
    // However the wait ends (the reply, a decline, a withdrawal), the days left are given back.
    if (settle !== null && policyCode) {
      const policy = await policyAt(db, policyCode, before.assigned_at ?? now);
      const resumed = resumeDeadline(await calendar(), {
        dueAt: settle,
        pausedAt: paused,
        resumedAt: now,
        unit: policy.settle.unit,
      });
      settle = resumed.dueAt;
      update.settle_due_at = settle;
      if (resumed.calendarGap) update.calendar_gap = 1;
      if (resumed.calendarProvisional) update.calendar_provisional = 1;
    }
    paused = null;
  }
  if (change.action === 'propose' && change.to === 'proposed' && policyCode) {
    const facts = {
      status: before.status,
      acknowledgeDueAt: ack,
      settleDueAt: settle,
      stoppedAt: stopped,
    };
    if (proposalTiming({ ...facts, escalatedAt: before.escalated_at }, now) === 'in_time') {
      const policy = await policyAt(db, policyCode, before.assigned_at ?? now);
      stopped ??= now;
      answerDue = deadline(await calendar(), now, policy.answer.amount, policy.answer.unit).dueAt;
    }
  }
  if (change.to !== 'proposed') answerDue = null;
  update.paused_at = paused;
  update.stopped_at = stopped;
  update.answer_due_at = answerDue;

  if (change.escalatedAt !== null && before.escalated_at === null) {
    const mediation = await commissionDeadline(calendar, change.escalatedAt, COMMISSION_TARGETS.mediation);
    update.mediation_due_at = mediation.dueAt;
  }
  const mediating = change.escalatedAt !== null;
  if (
    mediating &&
    before.mediation_ended_at === null &&
    ['settled', 'referred', 'closed', 'withdrawn'].includes(change.to)
  ) {
    update.mediation_ended_at = now;
  }

  const facts = {
    status: change.to,
    acknowledgeDueAt: ack,
    settleDueAt: settle,
    stoppedAt: stopped,
    escalatedAt: change.escalatedAt,
    pausedAt: paused,
    answerDueAt: answerDue,
  };
  const next = nextDeadline(facts);
  update.next_due_at = next?.dueAt ?? null;
  update.next_due_stage = next?.stage ?? null;
  update.escalate_at = escalationDue(facts)?.at ?? null;
  Object.assign(
    update,
    staffDueColumns({
      status: change.to,
      accept_due_at: update.accept_due_at ?? before.accept_due_at,
      accepted_at: update.accepted_at ?? before.accepted_at,
      escalated_at: change.escalatedAt,
      mediation_due_at: update.mediation_due_at ?? before.mediation_due_at,
      mediation_ended_at: update.mediation_ended_at ?? before.mediation_ended_at,
    }),
  );
  return update;
}
