import { shanghaiDate } from '../time';
import type { WorkingCalendar } from './working-calendar';

/**
 * The day of the year (Shanghai time, MM-DD) from which the next year's State Council notice
 * is awaited. The notice usually appears in late October or November; deadlines counted in
 * December already reach into January.
 */
export const CALENDAR_REMINDER_FROM = '11-01';

/**
 * The year whose notice is missing and due now: from 1 November (Shanghai time), the next year
 * when the calendar has no notice loaded for it (shipped or loaded by an admin); otherwise null.
 * The portal shows admins a banner and `/readyz` a warning while it answers a year.
 *
 * @example calendarDue(Date.parse('2026-11-01T00:00:00+08:00'), defaultCalendar()); // 2027
 */
export function calendarDue(now: number, calendar: WorkingCalendar): number | null {
  const today = shanghaiDate(now);
  if (today.slice(5) < CALENDAR_REMINDER_FROM) return null;
  const next = Number(today.slice(0, 4)) + 1;
  return calendar.year(next) ? null : next;
}
