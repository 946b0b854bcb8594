import type { Status } from '../taxonomy';
import { outcome, runningState, type SlaState, type StageOutcome } from './sla-state';
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
    (c.status === 'escalated' || c.status === 'proposed') &&
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
 * A commission stage as a badge: running → `on_track`, `due_soon` or `overdue` (as the
 * merchant's deadlines are read); ended → `met` when in time, `overdue` when late.
 */
export function commissionStageState(stage: StageOutcome, now: number, calendar: WorkingCalendar): SlaState {
  if (stage.doneAt !== null || stage.dueAt === null) return stage.result === 'met' ? 'met' : 'overdue';
  return runningState(stage.dueAt, now, calendar);
}
