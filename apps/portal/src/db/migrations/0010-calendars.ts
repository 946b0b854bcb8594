import type { Kysely } from 'kysely';

/**
 * Calendars the admins manage (issue 11): a complaint remembers whether its deadlines were
 * counted on the provisional calendar (a year with no State Council notice loaded), so that
 * loading the notice recomputes exactly those; a loaded year remembers where it came from
 * (`api`, `json` file, pasted `notice` text) and who loaded it. Typed `Kysely<any>` and
 * importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('complaints')
    .addColumn('calendar_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('calendars')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('api'))
    .execute();
  await db.schema.alterTable('calendars').addColumn('loaded_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calendars').dropColumn('loaded_by').execute();
  await db.schema.alterTable('calendars').dropColumn('source').execute();
  await db.schema.alterTable('complaints').dropColumn('calendar_provisional').execute();
}
