import { type Complaint, nextDeadline, remainingDays, type WorkingCalendar } from '@redress/core';

const HOUR_MS = 3_600_000;

/**
 * What the SLA badge of a complaint says: the time left on the deadline that matters now, or
 * how long ago it passed. Working days are counted as the clock counts them: the days after
 * today up to the deadline's last day (剩余 2 个工作日); under a day, hours.
 */
export type TimeLeft =
  | { kind: 'left_days'; days: number }
  | { kind: 'left_hours'; hours: number }
  | { kind: 'overdue_hours'; hours: number }
  | { kind: 'overdue_days'; days: number }
  | { kind: 'missed' }
  | { kind: 'paused' }
  /** Stopped by a proposal made in time: the consumer is considering it. */
  | { kind: 'answer_wait' }
  | { kind: 'met' }
  | { kind: 'none' };

/**
 * @example timeLeft(complaint, Date.now(), calendar) // { kind: 'left_days', days: 2 }
 */
export function timeLeft(
  complaint: Pick<Complaint, 'status' | 'sla'>,
  now: number,
  calendar: WorkingCalendar,
): TimeLeft {
  const sla = complaint.sla;
  if (sla === null) return { kind: 'none' };
  if (sla.state === 'paused')
    return sla.stoppedAt !== null && sla.answerDueAt !== null ? { kind: 'answer_wait' } : { kind: 'paused' };
  if (sla.state === 'met') return { kind: 'met' };
  // The settle stage is done (the complaint left the merchant's hands): only "missed" is left to say.
  if (sla.stages.settle.doneAt !== null) return { kind: 'missed' };
  const next = nextDeadline({
    status: complaint.status,
    acknowledgeDueAt: sla.acknowledgeDueAt === null ? null : Date.parse(sla.acknowledgeDueAt),
    settleDueAt: sla.settleDueAt === null ? null : Date.parse(sla.settleDueAt),
  });
  if (next === null) {
    // Out of the merchant's hands (or paused late): only "missed" is left to say.
    return sla.state === 'overdue' ? { kind: 'missed' } : { kind: 'none' };
  }
  const diff = next.dueAt - now;
  if (diff <= 0) {
    const hours = Math.max(1, Math.floor(-diff / HOUR_MS));
    return hours < 24
      ? { kind: 'overdue_hours', hours }
      : { kind: 'overdue_days', days: Math.floor(hours / 24) };
  }
  const days = remainingDays(calendar, now, next.dueAt, 'working_days');
  if (days === 0 || diff < 24 * HOUR_MS)
    return { kind: 'left_hours', hours: Math.max(1, Math.ceil(diff / HOUR_MS)) };
  return { kind: 'left_days', days };
}
