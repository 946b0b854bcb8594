import { Invalid } from '../errors';
import { dayOf, startOf } from './day-number';
import { NO_DATA, PROVISIONAL, WORKING, type WorkingCalendar } from './working-calendar';

/** How a period is counted: 工作日 or 自然日. */
export type SlaUnit = 'working_days' | 'calendar_days';

/** When a period ends, and whether a day it consulted fell in a year without a notice loaded. */
export interface Deadline {
  /** Exclusive end (24:00 Shanghai of the last day): something done at `dueAt - 1` is in time. */
  dueAt: number;
  /** A day it consulted fell in a year with no data at all (before 2000 or after 2200): Monday–Friday. */
  calendarGap: boolean;
  /**
   * A day it consulted fell in a year with no notice loaded, counted on the provisional
   * calendar of the statutory holidays: the official calendar may end it a day or two later.
   */
  calendarProvisional: boolean;
}

/** The longest period the clock counts, about 27 years: a guard against runaway loops, not a rule. */
export const MAX_PERIOD_DAYS = 10_000;

/**
 * The end of a period of `amount` working or calendar days after an event (SAMR Order 121
 * art. 45, Civil Code arts. 201–203), in Asia/Shanghai.
 *
 * - The day of the event (its Shanghai date, whatever offset the instant was given in) is not
 *   counted.
 * - N working days end at 24:00 of the Nth working day after that day.
 * - N calendar days end at 24:00 of the Nth day after it, moved to 24:00 of the next working
 *   day when that day is not a working day.
 * - 0 days (either unit) ends at 24:00 of the event day when it is a working day, else of the
 *   next working day: "by the end of the working day".
 *
 * @throws Invalid when `fromMs` is not a finite instant, `amount` is not an integer
 *   0…MAX_PERIOD_DAYS, or `unit` is unknown.
 * @example
 * // Assigned on the eve of National Day 2025 (off 1–8 October): 2 working days run to Friday 10 October.
 * deadline(defaultCalendar(), Date.parse('2025-09-30T15:00:00+08:00'), 2, 'working_days');
 * // → { dueAt: Date.parse('2025-10-11T00:00:00+08:00'), calendarGap: false, calendarProvisional: false }
 */
export function deadline(calendar: WorkingCalendar, fromMs: number, amount: number, unit: SlaUnit): Deadline {
  checkPeriod(fromMs, amount, unit);
  let day = dayOf(fromMs);
  let codes = 0;
  if (unit === 'working_days' && amount > 0) {
    for (let left = amount; left > 0; ) {
      day++;
      const code = calendar.dayCode(day);
      codes |= code;
      if (code & WORKING) left--;
    }
  } else {
    day += amount;
    for (;;) {
      const code = calendar.dayCode(day);
      codes |= code;
      if (code & WORKING) break;
      day++;
    }
  }
  return {
    dueAt: startOf(day + 1),
    calendarGap: (codes & NO_DATA) !== 0,
    calendarProvisional: (codes & PROVISIONAL) !== 0,
  };
}

function checkPeriod(fromMs: number, amount: number, unit: SlaUnit): void {
  if (!Number.isFinite(fromMs)) {
    throw new Invalid('the start of a period must be an instant', [
      { path: 'from', code: 'invalid_format', message: 'not an instant' },
    ]);
  }
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_PERIOD_DAYS) {
    throw new Invalid('a period is a whole number of days', [
      { path: 'amount', code: 'invalid_value', message: `must be an integer from 0 to ${MAX_PERIOD_DAYS}` },
    ]);
  }
  if (unit !== 'working_days' && unit !== 'calendar_days') {
    throw new Invalid(`unknown unit ${String(unit)}`, [
      { path: 'unit', code: 'invalid_value', message: 'must be working_days or calendar_days' },
    ]);
  }
}
