import { type Kysely, sql } from 'kysely';

/**
 * 消费者满意度 — the consumer's rating (1–5) of how a complaint was handled, given through the
 * consumer link; one per complaint, the latest answer kept. Typed `Kysely<any>` and importing
 * nothing from the app. Instants are bigint epoch milliseconds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('satisfaction')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('satisfaction').execute();
}
