/**
 * The calendars Redress ships, 2024–2026. Further years are loaded by commission admins
 * through `PUT /api/v1/calendars/{year}`.
 *
 * Derived from holiday-cn by NateScarlet (https://github.com/NateScarlet/holiday-cn),
 * MIT License, Copyright (c) 2019 NateScarlet — which transcribes the State Council
 * notices (2024: gov.cn content_6911528, 2025: content_6986383, 2026: content_7047091).
 * The source files and their licence are kept in `calendars/holiday-cn/`;
 * `shipped-calendars.test.ts` checks the conversion against them. JSON has no comments, so
 * the attribution lives here.
 */
import type { CalendarYear } from './calendar-year';
import year2024 from './calendars/2024.json';
import year2025 from './calendars/2025.json';
import year2026 from './calendars/2026.json';
import { WorkingCalendar } from './working-calendar';

/** The shipped calendar years, oldest first. Frozen: build on them with `withYear`. */
export const SHIPPED_CALENDARS: readonly CalendarYear[] = Object.freeze([year2024, year2025, year2026]);

let shipped: WorkingCalendar | undefined;

/**
 * The calendar with the shipped years 2024–2026. Built once and shared: the calendar is
 * immutable, so sharing it is safe.
 *
 * @example
 * defaultCalendar().isWorkingDay('2026-02-14'); // true — a Saturday worked before Spring Festival
 */
export function defaultCalendar(): WorkingCalendar {
  shipped ??= new WorkingCalendar(SHIPPED_CALENDARS);
  return shipped;
}
