import { Invalid } from '../errors';
import { type CalendarYear, CalendarYearSchema } from './calendar-year';
import { dayFromDate, firstDayOfYear, weekdayOf } from './day-number';

/** Bits of a day code: bit 0 set when the day is a working day, bit 1 when its year has no data. */
export const WORKING = 1;
export const NO_DATA = 2;

const byWeekday = (day: number): number => {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6 ? 0 : WORKING;
};

/**
 * The working-day calendar (工作日): Monday–Friday that is not a statutory day off, plus every
 * adjusted working day (调休上班). Immutable; `withYear` returns a new calendar.
 *
 * A year without data falls back to Monday–Friday; the deadline functions report that as
 * `calendarGap: true` and never throw for it.
 *
 * @example
 * const calendar = new WorkingCalendar([{ year: 2026, daysOff: ['2026-01-01'], workdays: ['2026-01-04'] }]);
 * calendar.isWorkingDay('2026-01-04'); // true — a Sunday worked in exchange for New Year
 */
export class WorkingCalendar {
  readonly #years: ReadonlyMap<number, CalendarYear>;
  /** Day number of the first entry in `#codes`. */
  readonly #base: number;
  /** One code per day from 1 January of the first year with data to 31 December of the last. */
  readonly #codes: Uint8Array;

  /**
   * @param years one entry per year; a later entry for the same year replaces an earlier one.
   * @throws Invalid when an entry does not pass `CalendarYearSchema`.
   */
  constructor(years: readonly CalendarYear[] = []) {
    const byYear = new Map<number, CalendarYear>();
    for (const entry of years) {
      const parsed = CalendarYearSchema.safeParse(entry);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new Invalid(`calendar year ${String(entry.year)} is not valid`, errors);
      }
      const { year, daysOff, workdays } = parsed.data;
      byYear.set(year, { year, daysOff: [...daysOff].sort(), workdays: [...workdays].sort() });
    }
    this.#years = byYear;

    const sorted = [...byYear.keys()].sort((a, b) => a - b);
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    this.#base = first === undefined ? 0 : firstDayOfYear(first);
    const length = last === undefined ? 0 : firstDayOfYear(last + 1) - this.#base;
    this.#codes = new Uint8Array(length);
    for (let i = 0; i < length; i++) this.#codes[i] = byWeekday(this.#base + i) | NO_DATA;
    for (const { year, daysOff, workdays } of byYear.values()) {
      const start = firstDayOfYear(year) - this.#base;
      const end = firstDayOfYear(year + 1) - this.#base;
      for (let i = start; i < end; i++) this.#codes[i] = byWeekday(this.#base + i);
      for (const date of daysOff) this.#codes[dayFromDate(date) - this.#base] = 0;
      for (const date of workdays) this.#codes[dayFromDate(date) - this.#base] = WORKING;
    }
  }

  /**
   * Whether a date is a working day.
   * @throws Invalid when `date` is not a real YYYY-MM-DD date.
   * @example defaultCalendar().isWorkingDay('2025-10-08'); // false — National Day and Mid-Autumn
   */
  isWorkingDay(date: string): boolean {
    const day = dayFromDate(date);
    if (Number.isNaN(day))
      throw new Invalid(`not a date: ${date}`, [{ path: 'date', message: 'YYYY-MM-DD' }]);
    return (this.dayCode(day) & WORKING) !== 0;
  }

  /** Whether the calendar has data for a year (otherwise Monday–Friday is assumed). */
  hasYear(year: number): boolean {
    return this.#years.has(year);
  }

  /** The years with data, ascending. */
  years(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** The data for one year (dates sorted), or undefined. A copy: the calendar stays immutable. */
  year(year: number): CalendarYear | undefined {
    const entry = this.#years.get(year);
    return entry && { year, daysOff: [...entry.daysOff], workdays: [...entry.workdays] };
  }

  /**
   * A new calendar with `entry` added, or replacing the data for its year.
   * @example const next = defaultCalendar().withYear({ year: 2027, daysOff: ['2027-01-01'], workdays: [] });
   */
  withYear(entry: CalendarYear): WorkingCalendar {
    return new WorkingCalendar([...this.#years.values(), entry]);
  }

  /**
   * The code of a day number (days since 1970-01-01, Shanghai): `WORKING` and `NO_DATA` bits.
   * @internal The deadline arithmetic's hot path; use `isWorkingDay` elsewhere.
   */
  dayCode(day: number): number {
    const code = this.#codes[day - this.#base];
    return code === undefined ? byWeekday(day) | NO_DATA : code;
  }
}
