import { describe, expect, it } from 'vitest';
import { weekday } from '../time';
import { CalendarYearSchema } from './calendar-year';
import source2023 from './calendars/holiday-cn/2023.json';
import source2024 from './calendars/holiday-cn/2024.json';
import source2025 from './calendars/holiday-cn/2025.json';
import source2026 from './calendars/holiday-cn/2026.json';
import { defaultCalendar, SHIPPED_CALENDARS } from './shipped-calendars';

/** holiday-cn's format: one file per notice; a file may list a day of the adjacent year. */
interface HolidayCnFile {
  year: number;
  days: { name: string; date: string; isOffDay: boolean }[];
}

const SOURCES: HolidayCnFile[] = [source2023, source2024, source2025, source2026];

/** The conversion, redone from the source: each date goes to the year it is in, not the file's. */
function fromHolidayCn(year: number) {
  const days = SOURCES.flatMap((file) => file.days).filter((day) => day.date.startsWith(`${year}-`));
  const sorted = (off: boolean) =>
    [...new Set(days.filter((d) => d.isOffDay === off).map((d) => d.date))].sort();
  return { year, daysOff: sorted(true), workdays: sorted(false) };
}

describe('the shipped calendars', () => {
  it('are 2024, 2025 and 2026', () => {
    expect(SHIPPED_CALENDARS.map((c) => c.year)).toEqual([2024, 2025, 2026]);
    expect(defaultCalendar().years()).toEqual([2024, 2025, 2026]);
  });

  it.each(SHIPPED_CALENDARS.map((c) => [c.year, c] as const))('%i matches holiday-cn', (year, shipped) => {
    expect(shipped).toEqual(fromHolidayCn(year));
  });

  it('keep a date in the year it belongs to, whatever file lists it', () => {
    // 2023.json lists 2022-12-31 (New Year 2023 began on a Saturday): it belongs to 2022.
    expect(source2023.days.map((d) => d.date)).toContain('2022-12-31');
    for (const shipped of SHIPPED_CALENDARS) {
      for (const date of [...shipped.daysOff, ...shipped.workdays])
        expect(date.slice(0, 4)).toBe(`${shipped.year}`);
    }
  });

  it('pass the schema admins load calendars with', () => {
    for (const shipped of SHIPPED_CALENDARS) expect(CalendarYearSchema.safeParse(shipped).success).toBe(true);
  });

  it('list every adjusted working day on a Saturday or Sunday', () => {
    for (const shipped of SHIPPED_CALENDARS) {
      for (const date of shipped.workdays) expect([0, 6]).toContain(weekday(date));
    }
  });

  it('agree with the notices on the long holidays', () => {
    const [y2024, y2025, y2026] = SHIPPED_CALENDARS;
    expect(y2024?.workdays).toEqual([
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ]);
    expect(y2025?.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(y2026?.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(y2024?.daysOff).toHaveLength(28);
    expect(y2025?.daysOff).toHaveLength(28);
    expect(y2026?.daysOff).toHaveLength(33);
  });
});
