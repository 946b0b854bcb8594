import { Invalid } from '../errors';
import { fieldErrors, parseInput } from '../field-errors';
import { CALENDAR_MAX_YEAR, type CalendarYear, CalendarYearSchema } from './calendar-year';
import { dayFromDate, firstDayOfYear, weekdayOf } from './day-number';
import { hasProvisionalYear, PROVISIONAL_MIN_YEAR, provisionalYear } from './statutory-holidays';

/**
 * Bits of a day code: bit 0 set when the day is a working day, bit 1 when its year has no data
 * at all (Monday–Friday assumed), bit 2 when its year has no notice loaded and the provisional
 * calendar (statutory holidays only) stands in.
 */
export const WORKING = 1;
export const NO_DATA = 2;
export const PROVISIONAL = 4;

const byWeekday = (day: number): number => {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6 ? 0 : WORKING;
};

/** 1 January of each year the provisional calendar covers, and of the year after the last. */
const provisionalStarts = Int32Array.from({ length: CALENDAR_MAX_YEAR - PROVISIONAL_MIN_YEAR + 2 }, (_, i) =>
  firstDayOfYear(PROVISIONAL_MIN_YEAR + i),
);
const PROVISIONAL_FIRST_DAY = provisionalStarts[0] as number;
const PROVISIONAL_END_DAY = provisionalStarts[provisionalStarts.length - 1] as number;

/**
 * The day codes of each year the provisional calendar covers, built on first use and shared by
 * every calendar: they depend on the year alone.
 */
const provisionalCodes: (Uint8Array | undefined)[] = [];
function provisionalYearCodes(index: number): Uint8Array {
  let codes = provisionalCodes[index];
  if (codes) return codes;
  const start = provisionalStarts[index] as number;
  codes = new Uint8Array((provisionalStarts[index + 1] as number) - start);
  for (let i = 0; i < codes.length; i++) codes[i] = byWeekday(start + i) | PROVISIONAL;
  for (const date of provisionalYear(PROVISIONAL_MIN_YEAR + index)?.daysOff ?? [])
    codes[dayFromDate(date) - start] = PROVISIONAL;
  provisionalCodes[index] = codes;
  return codes;
}

/** The code of a day outside the loaded years: provisional where covered, else Monday–Friday. */
function fallbackCode(day: number): number {
  if (!(day >= PROVISIONAL_FIRST_DAY && day < PROVISIONAL_END_DAY)) return byWeekday(day) | NO_DATA;
  let index = lastIndex;
  if (!((provisionalStarts[index] as number) <= day && day < (provisionalStarts[index + 1] as number))) {
    index = Math.floor((day - PROVISIONAL_FIRST_DAY) / 365.2425);
    while ((provisionalStarts[index + 1] as number) <= day) index++;
    while ((provisionalStarts[index] as number) > day) index--;
    lastIndex = index;
  }
  return provisionalYearCodes(index)[day - (provisionalStarts[index] as number)] as number;
}
/** The year looked up last: a deadline consults days of one year, or two. */
let lastIndex = 0;

/**
 * The working-day calendar (工作日): Monday–Friday that is not a statutory day off, plus every
 * adjusted working day (调休上班). Immutable; `withYear` returns a new calendar.
 *
 * A year without a notice loaded falls back to the provisional calendar of the statutory
 * holidays (`provisionalYear`; the deadline functions report `calendarProvisional: true`), and a
 * year the provisional calendar does not cover either (before 2000, after 2200) to
 * Monday–Friday (`calendarGap: true`). Neither throws.
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
      const parsed = parseInput(CalendarYearSchema, entry);
      if (!parsed.success) {
        throw new Invalid(`calendar year ${String(entry.year)} is not valid`, fieldErrors(parsed.error));
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
    for (let year = first ?? 0; last !== undefined && year <= last; year++) {
      if (!byYear.has(year) && hasProvisionalYear(year))
        this.#codes.set(provisionalYearCodes(year - PROVISIONAL_MIN_YEAR), firstDayOfYear(year) - this.#base);
    }
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
      throw new Invalid(`not a date: ${date}`, [
        { path: 'date', code: 'invalid_format', message: 'YYYY-MM-DD' },
      ]);
    return (this.dayCode(day) & WORKING) !== 0;
  }

  /** Whether the calendar has a notice's data for a year (otherwise see `isProvisional`). */
  hasYear(year: number): boolean {
    return this.#years.has(year);
  }

  /** Whether a year has no notice loaded and is counted on the provisional calendar. */
  isProvisional(year: number): boolean {
    return !this.#years.has(year) && hasProvisionalYear(year);
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
    return code === undefined ? fallbackCode(day) : code;
  }
}
