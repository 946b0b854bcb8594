import { LunarDay, type SolarDay, SolarTerm } from 'tyme4ts';
import type { CalendarYear } from './calendar-year';
import { CALENDAR_MAX_YEAR } from './calendar-year';
import { dateOfDay, dayFromDate, weekdayOf } from './day-number';

/**
 * The statutory holidays (法定节假日) of the 全国年节及纪念日放假办法, in each version in force,
 * and the provisional calendar built from them for a year whose State Council notice is not
 * loaded. Lunar dates (春节, 端午, 中秋) and the 清明 solar term come from tyme4ts (6tail's
 * successor to lunar-javascript), not from a table of our own.
 *
 * What the provisional calendar cannot know: the bridge days the notice adds around a holiday
 * (e.g. 2026-02-15 and 02-20…23 around Spring Festival), which it counts as working days, and
 * the adjusted working days (调休上班) that pay for them, which it leaves as weekend days off.
 * So a deadline counted on it can differ from the official one by a day or two, but it never
 * counts a statutory holiday as a working day: every day off it gives is a day off in the notice
 * (checked against every notice shipped, `statutory-holidays.test.ts`).
 */

/** The holidays of all citizens (全体公民放假的节日), named as the notices and holiday-cn name them. */
export type StatutoryHolidayName = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

/** One statutory holiday day: the date and the holiday it belongs to. */
export interface StatutoryHoliday {
  name: StatutoryHolidayName;
  date: string;
}

/** The first year the provisional calendar covers: the 1999 revision's first full year. */
export const PROVISIONAL_MIN_YEAR = 2000;

type Ymd = readonly [year: number, month: number, day: number];

/** A version of the 放假办法: from which year it governs, and each holiday's days. */
interface LawVersion {
  /** The 国务院令 that made it, for the docs and the preview. */
  readonly decree: string;
  readonly from: number;
  readonly holidays: (year: number) => ReadonlyArray<readonly [StatutoryHolidayName, readonly Ymd[]]>;
}

const solar = (year: number, month: number, day: number): Ymd => [year, month, day];
const ymdOf = (day: SolarDay): Ymd => [day.getYear(), day.getMonth(), day.getDay()];
/** Day `offset` of lunar month `month` (1 = 正月, never the leap month) of lunar year `year`. */
const lunar = (year: number, month: number, day: number, offset = 0): Ymd =>
  ymdOf(LunarDay.fromYmd(year, month, day).getSolarDay().next(offset));
/** 除夕: the last day of the lunar year before 正月初一 of `year` (腊月廿九 or 三十). */
const newYearsEve = (year: number): Ymd => lunar(year, 1, 1, -1);
const qingming = (year: number): Ymd => ymdOf(SolarTerm.fromName(year, '清明').getSolarDay());

/** Newest first. Each version governs whole years from `from` (each took effect on 1 January, except 1999's). */
const LAW_VERSIONS: readonly LawVersion[] = [
  {
    decree: '国务院令第795号 (2024)',
    from: 2025,
    holidays: (y) => [
      ['元旦', [solar(y, 1, 1)]],
      ['春节', [newYearsEve(y), lunar(y, 1, 1), lunar(y, 1, 2), lunar(y, 1, 3)]],
      ['清明节', [qingming(y)]],
      ['劳动节', [solar(y, 5, 1), solar(y, 5, 2)]],
      ['端午节', [lunar(y, 5, 5)]],
      ['中秋节', [lunar(y, 8, 15)]],
      ['国庆节', [solar(y, 10, 1), solar(y, 10, 2), solar(y, 10, 3)]],
    ],
  },
  {
    decree: '国务院令第644号 (2013)',
    from: 2014,
    holidays: (y) => [
      ['元旦', [solar(y, 1, 1)]],
      ['春节', [lunar(y, 1, 1), lunar(y, 1, 2), lunar(y, 1, 3)]],
      ['清明节', [qingming(y)]],
      ['劳动节', [solar(y, 5, 1)]],
      ['端午节', [lunar(y, 5, 5)]],
      ['中秋节', [lunar(y, 8, 15)]],
      ['国庆节', [solar(y, 10, 1), solar(y, 10, 2), solar(y, 10, 3)]],
    ],
  },
  {
    decree: '国务院令第513号 (2007)',
    from: 2008,
    holidays: (y) => [
      ['元旦', [solar(y, 1, 1)]],
      ['春节', [newYearsEve(y), lunar(y, 1, 1), lunar(y, 1, 2)]],
      ['清明节', [qingming(y)]],
      ['劳动节', [solar(y, 5, 1)]],
      ['端午节', [lunar(y, 5, 5)]],
      ['中秋节', [lunar(y, 8, 15)]],
      ['国庆节', [solar(y, 10, 1), solar(y, 10, 2), solar(y, 10, 3)]],
    ],
  },
  {
    decree: '国务院令第270号 (1999)',
    from: PROVISIONAL_MIN_YEAR,
    holidays: (y) => [
      ['元旦', [solar(y, 1, 1)]],
      ['春节', [lunar(y, 1, 1), lunar(y, 1, 2), lunar(y, 1, 3)]],
      ['劳动节', [solar(y, 5, 1), solar(y, 5, 2), solar(y, 5, 3)]],
      ['国庆节', [solar(y, 10, 1), solar(y, 10, 2), solar(y, 10, 3)]],
    ],
  },
];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = ([y, m, d]: Ymd) => `${y}-${pad(m)}-${pad(d)}`;

/** Whether the provisional calendar covers a year: from the 1999 revision to the last loadable year. */
export function hasProvisionalYear(year: number): boolean {
  return Number.isInteger(year) && year >= PROVISIONAL_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
}

/** The version of the 放假办法 that governs `year`, e.g. '国务院令第795号 (2024)' for 2025 on. */
export function holidayLawOf(year: number): string | undefined {
  if (!hasProvisionalYear(year)) return undefined;
  return LAW_VERSIONS.find((law) => year >= law.from)?.decree;
}

/**
 * The statutory holiday days of a year under the law in force then, in date order. Empty for a
 * year the provisional calendar does not cover.
 *
 * @example statutoryHolidays(2027).filter((h) => h.name === '春节').map((h) => h.date);
 * // ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] — 除夕 to 初三
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const law = hasProvisionalYear(year) ? LAW_VERSIONS.find((v) => year >= v.from) : undefined;
  if (!law) return [];
  return law
    .holidays(year)
    .flatMap(([name, days]) => days.map((day) => ({ name, date: iso(day) })))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The provisional calendar of a year with no notice loaded: every statutory holiday is a day
 * off, and each that falls on a Saturday or Sunday gives a day off on the next working day
 * (补假, art. 6 of every version since 1999). No adjusted working days. Undefined for a year
 * the provisional calendar does not cover.
 *
 * Two holidays on one date (中秋 on 1 October, as in 2020) give one day off: the notices have
 * made up for that differently from year to year, so the provisional calendar leaves it to them.
 *
 * @example provisionalYear(2027)?.daysOff.slice(0, 1); // ['2027-01-01']
 */
export function provisionalYear(year: number): CalendarYear | undefined {
  const holidays = statutoryHolidays(year);
  if (holidays.length === 0) return undefined;
  const off = new Set(holidays.map((h) => h.date));
  const weekend = (day: number) => weekdayOf(day) === 0 || weekdayOf(day) === 6;
  for (const date of [...off].sort()) {
    let day = dayFromDate(date);
    if (!weekend(day)) continue;
    do day++;
    while (weekend(day) || off.has(dateOfDay(day)));
    off.add(dateOfDay(day));
  }
  return { year, daysOff: [...off].sort(), workdays: [] };
}
