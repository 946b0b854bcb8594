import { describe, expect, it } from 'vitest';
import { CALENDAR_MAX_YEAR, CalendarYearSchema } from './calendar-year';
import source2023 from './calendars/holiday-cn/2023.json';
import source2024 from './calendars/holiday-cn/2024.json';
import source2025 from './calendars/holiday-cn/2025.json';
import source2026 from './calendars/holiday-cn/2026.json';
import { SHIPPED_CALENDARS } from './shipped-calendars';
import {
  hasProvisionalYear,
  holidayLawOf,
  PROVISIONAL_MIN_YEAR,
  provisionalYear,
  statutoryHolidays,
} from './statutory-holidays';
import { WorkingCalendar } from './working-calendar';

/** Every notice we have: the shipped years, and 2023 (before the 2024 revision) from the same source. */
const NOTICES = [source2023, source2024, source2025, source2026];
const officialYear = (year: number) => {
  const days = NOTICES.flatMap((file) => file.days).filter((day) => day.date.startsWith(`${year}-`));
  const list = (off: boolean) => [...new Set(days.filter((d) => d.isOffDay === off).map((d) => d.date))];
  return { year, daysOff: list(true), workdays: list(false) };
};
const YEARS = [2023, 2024, 2025, 2026];

const datesOf = (year: number) => {
  const dates: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1))
    dates.push(d.toISOString().slice(0, 10));
  return dates;
};

describe('the provisional calendar against every notice we have', () => {
  it('has the shipped years among the notices it is checked against', () => {
    for (const shipped of SHIPPED_CALENDARS) expect(YEARS).toContain(shipped.year);
  });

  it.each(YEARS)('%i: every provisional day off is an official day off', (year) => {
    const notice = officialYear(year);
    const official = new WorkingCalendar([notice]);
    const provisional = new WorkingCalendar(); // no notice at all: every year provisional
    expect(provisional.isProvisional(year)).toBe(true);
    const daysOff = provisionalYear(year)?.daysOff ?? [];
    expect(daysOff.filter((date) => official.isWorkingDay(date))).toEqual([]);
    // Day by day, the calendars differ only by what the notice alone can say: the bridge days it
    // gives off (working days here) and the weekend days it makes worked (调休上班, off here).
    for (const date of datesOf(year)) {
      if (provisional.isWorkingDay(date) === official.isWorkingDay(date)) continue;
      if (official.isWorkingDay(date)) expect(notice.workdays, date).toContain(date);
      else expect(notice.daysOff, date).toContain(date);
    }
  });

  it.each(YEARS)(
    '%i: includes every statutory holiday, which the notice gives under the same name',
    (year) => {
      const provisional = provisionalYear(year);
      const holidays = statutoryHolidays(year);
      expect(holidays.length).toBe(year >= 2025 ? 13 : 11);
      for (const { name, date } of holidays) {
        expect(provisional?.daysOff).toContain(date);
        const listed = NOTICES.flatMap((f) => f.days).find((d) => d.date === date);
        expect(listed, `${name} ${date}`).toMatchObject({ isOffDay: true });
        expect(listed?.name.split('、')).toContain(name);
      }
    },
  );

  it('gives a weekend holiday a day off on the next working day (补假)', () => {
    // 2026: 清明 is Sunday 5 April → Monday 6 April. 2024: 初一 and 初二 on Sat/Sun → Tue 13, Wed 14.
    expect(provisionalYear(2026)?.daysOff).toEqual(expect.arrayContaining(['2026-04-05', '2026-04-06']));
    const spring2024 = provisionalYear(2024)?.daysOff.filter((d) => d.startsWith('2024-02'));
    expect(spring2024).toEqual(['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14']);
    // 2025: 端午 is Saturday 31 May → Monday 2 June.
    expect(provisionalYear(2025)?.daysOff).toContain('2025-06-02');
  });

  it('applies the law in force in each year', () => {
    expect(holidayLawOf(2024)).toBe('国务院令第644号 (2013)');
    expect(holidayLawOf(2025)).toBe('国务院令第795号 (2024)');
    const spring = (year: number) => statutoryHolidays(year).filter((h) => h.name === '春节');
    const labour = (year: number) => statutoryHolidays(year).filter((h) => h.name === '劳动节');
    expect(spring(2024).map((h) => h.date)).toEqual(['2024-02-10', '2024-02-11', '2024-02-12']); // 初一–初三
    expect(spring(2025).map((h) => h.date)).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']); // 除夕–初三
    expect(labour(2024)).toHaveLength(1);
    expect(labour(2025)).toHaveLength(2);
    // 2007 revision: 除夕, 初一, 初二; 1999 revision: no 清明, 端午, 中秋; 劳动节 three days.
    expect(spring(2010).map((h) => h.date)).toEqual(['2010-02-13', '2010-02-14', '2010-02-15']);
    expect(statutoryHolidays(2005).map((h) => h.name)).not.toContain('清明节');
    expect(labour(2005)).toHaveLength(3);
  });

  it('2027, worked out by hand from the 2024 revision', () => {
    expect(provisionalYear(2027)).toEqual({
      year: 2027,
      daysOff: [
        '2027-01-01', // 元旦, Friday
        '2027-02-05', // 除夕, Friday
        '2027-02-06', // 初一, Saturday
        '2027-02-07', // 初二, Sunday
        '2027-02-08', // 初三, Monday
        '2027-02-09', // 补假 for 初一
        '2027-02-10', // 补假 for 初二
        '2027-04-05', // 清明, Monday
        '2027-05-01', // 劳动节, Saturday
        '2027-05-02', // Sunday
        '2027-05-03', // 补假
        '2027-05-04', // 补假
        '2027-06-09', // 端午, Wednesday
        '2027-09-15', // 中秋, Wednesday
        '2027-10-01', // 国庆, Friday
        '2027-10-02', // Saturday
        '2027-10-03', // Sunday
        '2027-10-04', // 补假
        '2027-10-05', // 补假
      ],
      workdays: [],
    });
  });

  it('covers every year from 2000 to the last loadable one with a valid calendar and plausible dates', () => {
    expect(hasProvisionalYear(PROVISIONAL_MIN_YEAR - 1)).toBe(false);
    expect(provisionalYear(1999)).toBeUndefined();
    expect(hasProvisionalYear(CALENDAR_MAX_YEAR + 1)).toBe(false);
    const within = (date: string, from: string, to: string) => date.slice(5) >= from && date.slice(5) <= to;
    for (let year = PROVISIONAL_MIN_YEAR; year <= CALENDAR_MAX_YEAR; year++) {
      const parsed = CalendarYearSchema.safeParse(provisionalYear(year));
      expect(parsed.success, String(year)).toBe(true);
      for (const { name, date } of statutoryHolidays(year)) {
        const ok =
          (name === '春节' && within(date, '01-20', '02-23')) ||
          (name === '清明节' && within(date, '04-03', '04-06')) ||
          (name === '端午节' && within(date, '05-27', '06-26')) ||
          (name === '中秋节' && within(date, '09-06', '10-09')) ||
          ['元旦', '劳动节', '国庆节'].includes(name);
        expect(ok, `${year} ${name} ${date}`).toBe(true);
      }
    }
  });
});
