import type { Status } from '../taxonomy';
import { merchantHolds, type SlaDeadlines } from './sla-state';

/** Why a complaint went to the commission's mediation (the `cause` of `complaint.escalated`). */
export type EscalationCause =
  | 'staff'
  | 'merchant_declined'
  | 'settle_deadline_passed'
  | 'consumer_rejected'
  | 'consumer_no_answer'
  /** Taken in about a business that is not a networked merchant: the commission handles it itself. */
  | 'not_networked';

export const ESCALATION_CAUSES: readonly EscalationCause[] = [
  'staff',
  'merchant_declined',
  'settle_deadline_passed',
  'consumer_rejected',
  'consumer_no_answer',
  'not_networked',
];

/** What `escalationDue` needs: the deadlines, the pause and the consumer's answer window. */
export interface EscalationFacts extends SlaDeadlines {
  pausedAt: number | null;
  /** The end of the consumer's answer window, while an in-time proposal waits. */
  answerDueAt: number | null;
}

/**
 * When the sweeper must escalate a complaint the merchant still holds, and why:
 *
 * - whatever the stage (`assigned` and never acknowledged included), at the settle deadline;
 * - not while paused for the consumer's material, unless it was paused at or after the settle
 *   deadline (a pause gives no time back, so the escalation was already due);
 * - while the consumer considers a proposal made before the settle deadline, not at the settle
 *   deadline but at the end of the consumer's answer window (`consumer_no_answer`).
 *
 * Null once the complaint has left the merchant's hands, and before a clock runs.
 *
 * @example escalationDue({ status: 'assigned', acknowledgeDueAt: a, settleDueAt: s, pausedAt: null, answerDueAt: null })
 * // { at: s, cause: 'settle_deadline_passed' }
 */
export function escalationDue(c: EscalationFacts): { at: number; cause: EscalationCause } | null {
  if (!merchantHolds(c) || c.settleDueAt === null) return null;
  if (c.status === 'awaiting_consumer') {
    return c.pausedAt !== null && c.pausedAt >= c.settleDueAt
      ? { at: c.settleDueAt, cause: 'settle_deadline_passed' }
      : null;
  }
  if (c.status === 'proposed' && (c.stoppedAt ?? null) !== null) {
    return c.answerDueAt === null ? null : { at: c.answerDueAt, cause: 'consumer_no_answer' };
  }
  return { at: c.settleDueAt, cause: 'settle_deadline_passed' };
}

/**
 * What a proposal does to the clock, decided when it is made:
 *
 * - `in_time`: made before the settle deadline (or revising a proposal that already stopped the
 *   clock): the settle clock stops and the consumer's answer window opens (a revision opens a new
 *   window: the consumer must consider the new terms).
 * - `too_late`: made at or after the settle deadline while the merchant still held the
 *   complaint: it changes nothing already decided. The settle stage stays missed and the
 *   complaint goes to mediation as the deadline required, with the offer kept for the mediator.
 * - `mediation`: made by staff in mediation: no merchant clock to stop, no answer window.
 *
 * @example proposalTiming({ status: 'acknowledged', acknowledgeDueAt, settleDueAt, stoppedAt: null }, now) // 'in_time'
 */
export function proposalTiming(c: SlaDeadlines, now: number): 'in_time' | 'too_late' | 'mediation' {
  if (!merchantHolds(c)) return 'mediation';
  if ((c.stoppedAt ?? null) !== null) return 'in_time';
  return c.settleDueAt !== null && now >= c.settleDueAt ? 'too_late' : 'in_time';
}

/** How a complaint leaves the merchant: the rows of `LEAVING_RULES`. */
export type LeavingWay =
  | 'acknowledged_late'
  | 'never_acknowledged'
  | 'proposal_before_deadline_accepted'
  | 'proposal_before_deadline_rejected'
  | 'proposal_before_deadline_unanswered'
  | 'proposal_after_deadline'
  | 'info_request_pauses'
  | 'settled_in_time';

/** What each way of leaving the merchant ends in: the status, the escalation cause, each stage's result. */
export interface LeavingRule {
  summary: string;
  status: Status;
  cause: EscalationCause | null;
  acknowledge: 'met' | 'missed';
  settle: 'met' | 'missed';
  /** The complaint's SLA state afterwards (`met` only if every stage was met). */
  state: 'met' | 'overdue';
}

/**
 * The rule table: each way a complaint can leave the merchant and what follows from the rules
 * above (`slaStages`, `slaState`, `escalationDue`, `proposalTiming`). The portal's tests drive
 * each row through the API and check the complaint against it; docs/lifecycle-and-sla.md
 * explains it.
 */
export const LEAVING_RULES: Readonly<Record<LeavingWay, LeavingRule>> = Object.freeze({
  acknowledged_late: {
    summary: 'acknowledged after the acknowledge deadline, then settled in time',
    status: 'settled',
    cause: null,
    acknowledge: 'missed',
    settle: 'met',
    state: 'overdue',
  },
  never_acknowledged: {
    summary: 'never acknowledged: escalated when the settle deadline passes',
    status: 'escalated',
    cause: 'settle_deadline_passed',
    acknowledge: 'missed',
    settle: 'missed',
    state: 'overdue',
  },
  proposal_before_deadline_accepted: {
    summary: 'proposal before the settle deadline, accepted after it, within the answer window',
    status: 'settled',
    cause: null,
    acknowledge: 'met',
    settle: 'met',
    state: 'met',
  },
  proposal_before_deadline_rejected: {
    summary: 'proposal before the settle deadline, rejected by the consumer',
    status: 'escalated',
    cause: 'consumer_rejected',
    acknowledge: 'met',
    settle: 'met',
    state: 'met',
  },
  proposal_before_deadline_unanswered: {
    summary: 'proposal before the settle deadline, no answer within the answer window',
    status: 'escalated',
    cause: 'consumer_no_answer',
    acknowledge: 'met',
    settle: 'met',
    state: 'met',
  },
  proposal_after_deadline: {
    summary: 'proposal after the settle deadline: escalated as the deadline decided',
    status: 'escalated',
    cause: 'settle_deadline_passed',
    acknowledge: 'met',
    settle: 'missed',
    state: 'overdue',
  },
  info_request_pauses: {
    summary:
      'an information request pauses the clock; settled after the first deadline, in the time given back',
    status: 'settled',
    cause: null,
    acknowledge: 'met',
    settle: 'met',
    state: 'met',
  },
  settled_in_time: {
    summary: 'acknowledged and settled in time',
    status: 'settled',
    cause: null,
    acknowledge: 'met',
    settle: 'met',
    state: 'met',
  },
});
