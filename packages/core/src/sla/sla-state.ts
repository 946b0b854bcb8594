import { MERCHANT_STATUSES } from '../lifecycle';
import type { Status } from '../taxonomy';
import { dayOf, lastDayBefore } from './day-number';
import { WORKING, type WorkingCalendar } from './working-calendar';

/** Where a complaint stands against its deadlines (the API's `sla.state`). */
export type SlaState = 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';

/** The merchant's two deadlines: acknowledge (受理) and settle (和解). */
export type SlaStage = 'acknowledge' | 'settle';

/**
 * The result of one stage: `met` (done before its deadline), `missed` (done at or after it, or
 * not done and the deadline passed), `pending` (not done, deadline ahead), `paused` (the clock
 * is stopped while waiting for the consumer's material).
 */
export type StageResult = 'pending' | 'paused' | 'met' | 'missed';

/** What the SLA rules need to know about a complaint. Instants are epoch ms; null when not (yet) set. */
export interface SlaDeadlines {
  status: Status;
  acknowledgeDueAt: number | null;
  settleDueAt: number | null;
  /**
   * When a proposal made before the settle deadline stopped the merchant's settle clock
   * (the consumer is considering it). Null otherwise.
   */
  stoppedAt?: number | null;
  /** When the commission took the complaint over (decline, rejection, missed deadline, staff). */
  escalatedAt?: number | null;
}

/** What `slaState` and `slaStages` need to know about a complaint. */
export interface SlaStateInput extends SlaDeadlines {
  now: number;
  acknowledgedAt: number | null;
  /**
   * When the merchant's part ended: the settlement, or the decline, escalation or withdrawal
   * that took the complaint out of its hands. Null while it has not ended.
   */
  settledAt: number | null;
  /** When the clock was paused, while `awaiting_consumer`. */
  pausedAt: number | null;
  calendar: WorkingCalendar;
}

/** Whether the merchant still holds the complaint: a merchant status, and never escalated. */
export function merchantHolds(c: Pick<SlaDeadlines, 'status' | 'escalatedAt'>): boolean {
  return MERCHANT_STATUSES.includes(c.status) && (c.escalatedAt ?? null) === null;
}

/**
 * The merchant's deadline that is running now, for the due-soon and breached notices:
 * acknowledge while `assigned`, settle while `acknowledged` or `proposed` (unless an in-time
 * proposal stopped the clock). Null when no clock runs (`new`), while paused, and once the
 * complaint has left the merchant's hands (a mediation proposal included).
 *
 * @example nextDeadline({ status: 'assigned', acknowledgeDueAt: a, settleDueAt: s }); // { stage: 'acknowledge', dueAt: a }
 */
export function nextDeadline(complaint: SlaDeadlines): { stage: SlaStage; dueAt: number } | null {
  if (!merchantHolds(complaint)) return null;
  switch (complaint.status) {
    case 'assigned':
      return complaint.acknowledgeDueAt === null
        ? null
        : { stage: 'acknowledge', dueAt: complaint.acknowledgeDueAt };
    case 'proposed':
      if ((complaint.stoppedAt ?? null) !== null) return null;
      return complaint.settleDueAt === null ? null : { stage: 'settle', dueAt: complaint.settleDueAt };
    case 'acknowledged':
      return complaint.settleDueAt === null ? null : { stage: 'settle', dueAt: complaint.settleDueAt };
    default:
      return null;
  }
}

/** One stage of the merchant's SLA: its deadline, when it was done (null while not), and the result. */
export interface StageOutcome {
  dueAt: number | null;
  doneAt: number | null;
  result: StageResult;
}

export function outcome(
  dueAt: number | null,
  doneAt: number | null,
  now: number,
  paused: boolean,
): StageOutcome {
  // No deadline (no clock ever ran): nothing to miss.
  if (dueAt === null) return { dueAt, doneAt, result: 'met' };
  if (doneAt !== null) return { dueAt, doneAt, result: doneAt < dueAt ? 'met' : 'missed' };
  if (paused) return { dueAt, doneAt, result: 'paused' };
  return { dueAt, doneAt, result: now >= dueAt ? 'missed' : 'pending' };
}

/**
 * Each stage of the merchant's SLA and its result at `now`.
 *
 * - acknowledge: done when acknowledged; a complaint that left the merchant's hands without
 *   being acknowledged is done when it left (so one escalated at the settle deadline missed it).
 * - settle: done when a proposal made before the deadline stopped the clock, else when the
 *   complaint left the merchant's hands (settled, declined, escalated, withdrawn). Paused while
 *   waiting for the consumer's material, unless paused after the deadline (a pause gives no
 *   time back).
 *
 * @example slaStages({ ...input, now }).acknowledge.result // 'missed'
 */
export function slaStages(input: SlaStateInput): Record<SlaStage, StageOutcome> {
  const ended = input.status !== 'new' && !merchantHolds(input);
  const endedAt = ended ? input.settledAt : null;
  const settleDue = input.settleDueAt;
  const pausedInTime =
    input.status === 'awaiting_consumer' &&
    !(settleDue !== null && input.pausedAt !== null && input.pausedAt >= settleDue);
  return {
    acknowledge: outcome(input.acknowledgeDueAt, input.acknowledgedAt ?? endedAt, input.now, false),
    settle: outcome(settleDue, input.stoppedAt ?? endedAt, input.now, pausedInTime),
  };
}

/**
 * The SLA state of a complaint at `now`:
 *
 * - `new`: no clock runs yet; `on_track`.
 * - Once out of the merchant's hands (`settled`, `escalated`, `referred`, `closed`,
 *   `withdrawn`, or a proposal made in mediation): `met` only when every stage it had was met
 *   (see `slaStages`: acknowledged in time *and* settled, or stopped by a proposal, in time),
 *   `overdue` otherwise.
 * - `paused` while `awaiting_consumer`, unless it was paused at or after the settle deadline:
 *   a pause gives no time back (see `resumeDeadline`), so that stays `overdue`. Also `paused`
 *   while the consumer considers a proposal made before the settle deadline.
 * - While the clock runs, against `nextDeadline`: `overdue` once `now >= dueAt`; `due_soon`
 *   when the deadline's last day is today or the next working day after today; `on_track`
 *   otherwise.
 *
 * @example slaState({ now: Date.now(), status: 'assigned', acknowledgeDueAt, settleDueAt,
 *   acknowledgedAt: null, settledAt: null, pausedAt: null, calendar: defaultCalendar() });
 */
export function slaState(input: SlaStateInput): SlaState {
  const { now, status } = input;
  if (status === 'new') return 'on_track';
  if (!merchantHolds(input)) {
    const stages = slaStages(input);
    return stages.acknowledge.result === 'met' && stages.settle.result === 'met' ? 'met' : 'overdue';
  }
  if (status === 'awaiting_consumer') {
    const due = input.settleDueAt;
    return due !== null && input.pausedAt !== null && input.pausedAt >= due ? 'overdue' : 'paused';
  }
  if (status === 'proposed' && (input.stoppedAt ?? null) !== null) return 'paused';
  const next = nextDeadline(input);
  if (next === null) return 'on_track';
  return runningState(next.dueAt, now, input.calendar);
}

/**
 * A running deadline at `now`: `overdue` once `now >= dueAt`; `due_soon` when its last day is
 * today or the next working day after today; `on_track` otherwise.
 */
export function runningState(
  dueAt: number,
  now: number,
  calendar: WorkingCalendar,
): 'on_track' | 'due_soon' | 'overdue' {
  if (now >= dueAt) return 'overdue';
  return lastDayBefore(dueAt) <= nextWorkingDay(calendar, dayOf(now)) ? 'due_soon' : 'on_track';
}

/** The first working day after `day`. */
function nextWorkingDay(calendar: WorkingCalendar, day: number): number {
  let next = day + 1;
  while ((calendar.dayCode(next) & WORKING) === 0) next++;
  return next;
}
