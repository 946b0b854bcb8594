import type { Status } from '../taxonomy';
import { dayOf, lastDayBefore } from './day-number';
import { WORKING, type WorkingCalendar } from './working-calendar';

/** The statuses in which the merchant's clock runs. */
const RUNNING: ReadonlySet<Status> = new Set<Status>(['assigned', 'acknowledged', 'proposed']);

/** Where a complaint stands against its deadlines (the API's `sla.state`). */
export type SlaState = 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'met';

/** Which of the merchant's deadlines matters now. */
export type SlaStage = 'acknowledge' | 'settle';

/** What `nextDeadline` needs to know about a complaint. Instants are epoch ms; null when not (yet) set. */
export interface SlaDeadlines {
  status: Status;
  acknowledgeDueAt: number | null;
  settleDueAt: number | null;
}

/** What `slaState` needs to know about a complaint. */
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

/**
 * The deadline that matters now, for the sweeper to index on: acknowledge while `assigned`,
 * settle while `acknowledged` or `proposed`; null when no clock runs (`new`), when it is
 * paused (`awaiting_consumer`), and once the complaint has left the merchant's hands.
 *
 * @example nextDeadline({ status: 'assigned', acknowledgeDueAt: a, settleDueAt: s }); // { stage: 'acknowledge', dueAt: a }
 */
export function nextDeadline(complaint: SlaDeadlines): { stage: SlaStage; dueAt: number } | null {
  switch (complaint.status) {
    case 'assigned':
      return complaint.acknowledgeDueAt === null
        ? null
        : { stage: 'acknowledge', dueAt: complaint.acknowledgeDueAt };
    case 'acknowledged':
    case 'proposed':
      return complaint.settleDueAt === null ? null : { stage: 'settle', dueAt: complaint.settleDueAt };
    default:
      return null;
  }
}

/**
 * The SLA state of a complaint at `now`:
 *
 * - `paused` while `awaiting_consumer`, unless it was paused at or after the settle deadline:
 *   a pause gives no time back (see `resumeDeadline`), so that stays `overdue`.
 * - While the clock runs (`assigned`, `acknowledged`, `proposed`), against `nextDeadline`:
 *   `overdue` once `now >= dueAt`; `due_soon` when the deadline's last day is today or the next
 *   working day after today; `on_track` otherwise.
 * - Once out of the merchant's hands (`settled`, `escalated`, `referred`, `closed`,
 *   `withdrawn`): `met` when `settledAt` came before the deadline that mattered then
 *   (acknowledge if it never acknowledged, else settle), `overdue` otherwise, including when
 *   `settledAt` is unknown. `met` when no clock ever ran (closed or withdrawn while `new`).
 * - `new`: no clock runs yet; `on_track`.
 *
 * @example slaState({ now: Date.now(), status: 'assigned', acknowledgeDueAt, settleDueAt,
 *   acknowledgedAt: null, settledAt: null, pausedAt: null, calendar: defaultCalendar() });
 */
export function slaState(input: SlaStateInput): SlaState {
  const { now, status } = input;
  if (status === 'new') return 'on_track';
  if (status === 'awaiting_consumer') {
    const due = input.settleDueAt;
    return due !== null && input.pausedAt !== null && input.pausedAt >= due ? 'overdue' : 'paused';
  }
  if (RUNNING.has(status)) {
    const next = nextDeadline(input);
    if (next === null) return 'on_track';
    if (now >= next.dueAt) return 'overdue';
    return lastDayBefore(next.dueAt) <= nextWorkingDay(input.calendar, dayOf(now)) ? 'due_soon' : 'on_track';
  }
  const due = input.acknowledgedAt === null ? input.acknowledgeDueAt : input.settleDueAt;
  if (due === null) return 'met';
  return input.settledAt !== null && input.settledAt < due ? 'met' : 'overdue';
}

/** The first working day after `day`. */
function nextWorkingDay(calendar: WorkingCalendar, day: number): number {
  let next = day + 1;
  while ((calendar.dayCode(next) & WORKING) === 0) next++;
  return next;
}
