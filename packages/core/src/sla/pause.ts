import { Invalid } from '../errors';
import { dayOf, lastDayBefore } from './day-number';
import { type Deadline, deadline, type SlaUnit } from './deadline';
import { NO_DATA, PROVISIONAL, WORKING, type WorkingCalendar } from './working-calendar';

/**
 * Pausing the clock (art. 22): while a complaint is `awaiting_consumer` the clock stops. On
 * resume, what was left — the working or calendar days after the pause day up to the old
 * deadline's last day — is counted again from the resume day, by the usual rule.
 */

/** The days left, and whether counting them consulted a year without data. */
function countRemaining(
  calendar: WorkingCalendar,
  pausedAtMs: number,
  dueAtMs: number,
  unit: SlaUnit,
): { days: number; gap: boolean; provisional: boolean } {
  const pauseDay = dayOf(pausedAtMs);
  const lastDay = lastDayBefore(dueAtMs);
  if (lastDay <= pauseDay) return { days: 0, gap: false, provisional: false };
  if (unit === 'calendar_days') return { days: lastDay - pauseDay, gap: false, provisional: false };
  let days = 0;
  let codes = 0;
  for (let day = pauseDay + 1; day <= lastDay; day++) {
    const code = calendar.dayCode(day);
    codes |= code;
    if (code & WORKING) days++;
  }
  return { days, gap: (codes & NO_DATA) !== 0, provisional: (codes & PROVISIONAL) !== 0 };
}

/**
 * The working or calendar days left on a deadline when the clock is paused: those after the
 * pause day, up to and including the deadline's last day. 0 when paused on or after that day.
 *
 * @example
 * // Paused on Monday 2026-02-09, due 24:00 Thursday 2026-02-12: Tue, Wed, Thu are left.
 * remainingDays(defaultCalendar(), Date.parse('2026-02-09T11:00:00+08:00'),
 *   Date.parse('2026-02-13T00:00:00+08:00'), 'working_days'); // 3
 */
export function remainingDays(
  calendar: WorkingCalendar,
  pausedAtMs: number,
  dueAtMs: number,
  unit: SlaUnit,
): number {
  return countRemaining(calendar, pausedAtMs, dueAtMs, unit).days;
}

/** A paused deadline and the instants the clock stopped and started again. */
export interface ResumeInput {
  dueAt: number;
  pausedAt: number;
  resumedAt: number;
  unit: SlaUnit;
}

/**
 * The deadline after a pause: `deadline(calendar, resumedAt, remainingDays(…), unit)`.
 *
 * - Paused on the deadline's last day (before `dueAt`): nothing is left, so the merchant has
 *   until the end of the resume day, or of the next working day when it resumes on a day off.
 * - Paused at or after `dueAt`: the deadline had already passed, and a pause gives no time
 *   back; the old `dueAt` stands (still overdue), with `calendarGap` and `calendarProvisional` false.
 *
 * @throws Invalid when `resumedAt` is before `pausedAt`.
 * @example
 * resumeDeadline(defaultCalendar(), { dueAt, pausedAt, resumedAt: Date.now(), unit: 'working_days' });
 */
export function resumeDeadline(calendar: WorkingCalendar, input: ResumeInput): Deadline {
  const { dueAt, pausedAt, resumedAt, unit } = input;
  if (!(resumedAt >= pausedAt)) {
    throw new Invalid('the clock cannot resume before it was paused', [
      { path: 'resumedAt', code: 'too_early', message: 'must not be before pausedAt' },
    ]);
  }
  if (pausedAt >= dueAt) return { dueAt, calendarGap: false, calendarProvisional: false };
  const left = countRemaining(calendar, pausedAt, dueAt, unit);
  const next = deadline(calendar, resumedAt, left.days, unit);
  return {
    dueAt: next.dueAt,
    calendarGap: left.gap || next.calendarGap,
    calendarProvisional: left.provisional || next.calendarProvisional,
  };
}
