import { dayOf, lastDayBefore } from './day-number';
import { type Deadline, deadline, type SlaUnit } from './deadline';
import { WORKING, type WorkingCalendar } from './working-calendar';

/**
 * A running deadline counted again when the calendar changes (an admin loads a year's notice):
 * the same number of working days after the same start, counted on the new calendar. The days
 * it had on the old calendar — those after the start day up to the deadline's last day that
 * were working days — are counted again from the start on `after`. Exact for a deadline
 * counted once from `fromMs` (assignment); for one moved by a pause it keeps the span from
 * assignment. A calendar-day deadline keeps its last day, moved on to the next working day
 * when the new calendar makes that day a day off (art. 45's roll).
 *
 * @example recountDeadline(provisional, official, assignedAt, settleDueAt, 'working_days');
 */
export function recountDeadline(
  before: WorkingCalendar,
  after: WorkingCalendar,
  fromMs: number,
  dueAtMs: number,
  unit: SlaUnit,
): Deadline {
  const start = dayOf(fromMs);
  const last = lastDayBefore(dueAtMs);
  if (last <= start) return deadline(after, fromMs, 0, unit);
  if (unit === 'calendar_days') return deadline(after, fromMs, last - start, unit);
  let days = 0;
  for (let day = start + 1; day <= last; day++) if (before.dayCode(day) & WORKING) days++;
  return deadline(after, fromMs, days, unit);
}
