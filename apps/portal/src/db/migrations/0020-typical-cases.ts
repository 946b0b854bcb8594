import type { Kysely } from 'kysely';

/**
 * Typical cases (issue 15): ended complaints published, anonymised, for consumers to learn from.
 * Unpublishing keeps the row (who, when, why). Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('typical_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('lesson', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('unpublished_by', 'text')
    .addColumn('unpublished_at', 'bigint')
    .addColumn('unpublish_reason', 'text')
    .execute();
  await db.schema
    .createIndex('typical_cases_published')
    .on('typical_cases')
    .columns(['published_at', 'id'])
    .execute();
  await db.schema.createIndex('typical_cases_complaint').on('typical_cases').column('complaint_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('typical_cases').execute();
}
