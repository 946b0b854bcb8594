import type { Status } from '../taxonomy';
import { outcome, runningState, type StageOutcome } from './sla-state';
import type { WorkingCalendar } from './working-calendar';

/**
 * The commission's own deadlines under SAMR Order No. 121 (see `COMMISSION_TARGETS`):
 * `accept` — decide to accept (route) or refuse a new complaint within 7 working days of
 * receipt (art. 15); `mediation` — mediation ends within 60 calendar days of the escalation
 * (art. 23).
 */
export type CommissionStage = 'accept' | 'mediation';

/** What the commission's deadlines are read from. Instants are epoch ms; null when not (yet) set. */
export interface CommissionFacts {
  status: Status;
  acceptDueAt: number | null;
  /** When the complaint was first routed to a merchant, or refused (closed while `new`). */
  acceptedAt: number | null;
  escalatedAt: number | null;
  mediationDueAt: number | null;
  /** When mediation ended: settled, referred, closed or withdrawn. */
  mediationEndedAt: number | null;
}

/**
 * The statuses of a complaint in mediation, once escalated and until mediation ends: the
 * mediator at work (`escalated`) or a mediator's proposal waiting for the consumer (`proposed`).
 */
export const MEDIATION_STATUSES = ['escalated', 'proposed'] as const satisfies readonly Status[];

/**
 * The commission deadline running now, for the sweeper's notices to staff: accept while `new`,
 * mediation while escalated and not ended (a mediator's proposal waiting included); null otherwise.
 *
 * @example commissionDeadline({ status: 'new', acceptDueAt: a, ... }) // { stage: 'accept', dueAt: a }
 */
export function runningCommissionDeadline(
  c: CommissionFacts,
): { stage: CommissionStage; dueAt: number } | null {
  if (c.status === 'new') return c.acceptDueAt === null ? null : { stage: 'accept', dueAt: c.acceptDueAt };
  if (
    c.escalatedAt !== null &&
    (MEDIATION_STATUSES as readonly Status[]).includes(c.status) &&
    c.mediationEndedAt === null
  ) {
    return c.mediationDueAt === null ? null : { stage: 'mediation', dueAt: c.mediationDueAt };
  }
  return null;
}

/** Each commission stage a complaint had, with its result now (`mediation` null when never escalated). */
export function commissionStages(
  c: CommissionFacts,
  now: number,
): { accept: StageOutcome; mediation: StageOutcome | null } {
  return {
    accept: outcome(c.acceptDueAt, c.acceptedAt, now, false),
    mediation: c.escalatedAt === null ? null : outcome(c.mediationDueAt, c.mediationEndedAt, now, false),
  };
}

/**
 * Where a commission stage stands, as staff read it on their queues: running — `on_track`,
 * `due_soon` (its last day is today or the next working day, as the merchant's deadlines are
 * read) or `breached` (past the deadline, not ended); ended — `ended_in_time` or `ended_late`.
 */
export type CommissionProgress = 'on_track' | 'due_soon' | 'breached' | 'ended_in_time' | 'ended_late';

/**
 * A commission stage's progress at `now` (null without a deadline: never escalated, or
 * written before the deadlines were counted).
 *
 * @example commissionProgress({ dueAt, doneAt: null }, dueAt - 3_600_000, calendar) // 'due_soon'
 */
export function commissionProgress(
  stage: { dueAt: number | null; doneAt: number | null },
  now: number,
  calendar: WorkingCalendar,
): CommissionProgress | null {
  if (stage.dueAt === null) return null;
  if (stage.doneAt !== null)
    return outcome(stage.dueAt, stage.doneAt, now, false).result === 'met' ? 'ended_in_time' : 'ended_late';
  const running = runningState(stage.dueAt, now, calendar);
  return running === 'overdue' ? 'breached' : running;
}
