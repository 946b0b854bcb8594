import { type CalendarYear, defaultCalendar, type WorkingCalendar } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/**
 * The working-day calendar in force: the years shipped with `@redress/core`, overlaid with
 * the years commission admins loaded (`PUT /api/v1/calendars/{year}`). Read on every
 * deadline computation, so it is cached; another process's change is seen within `ttlMs`.
 */
export class CalendarStore {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 60_000,
  ) {}

  /** Pass the transaction when inside one: SQLite has a single connection, held by the transaction. */
  async get(now: number = Date.now(), db: Kysely<Database> = this.db): Promise<WorkingCalendar> {
    if (this.cached && now - this.cached.loadedAt < this.ttlMs && now >= this.cached.loadedAt)
      return this.cached.calendar;
    const rows = await db.selectFrom('calendars').selectAll().orderBy('year').execute();
    let calendar = defaultCalendar();
    for (const row of rows) {
      calendar = calendar.withYear({
        year: row.year,
        daysOff: JSON.parse(row.days_off) as string[],
        workdays: JSON.parse(row.workdays) as string[],
      });
    }
    this.cached = { calendar, loadedAt: now };
    return calendar;
  }

  /** Saves a year (replacing any data for it) and makes it visible at once in this process. */
  async put(year: CalendarYear, now: number): Promise<void> {
    const values = {
      year: year.year,
      days_off: JSON.stringify(year.daysOff),
      workdays: JSON.stringify(year.workdays),
      updated_at: now,
    };
    await this.db
      .insertInto('calendars')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('year')
          .doUpdateSet({ days_off: values.days_off, workdays: values.workdays, updated_at: now }),
      )
      .execute();
    this.cached = null;
  }
}
