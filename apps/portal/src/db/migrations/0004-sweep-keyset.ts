import { type Kysely, sql } from 'kysely';

/**
 * The SLA sweeper claims its notices in batches walking (next_due_at, id) from where the last
 * batch stopped, so the partial index it reads gains `id`: each batch starts where the previous
 * one ended instead of scanning again past every complaint claimed before it. Same name, same
 * predicate. Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_next_due').execute();
  await db.schema
    .createIndex('complaints_next_due')
    .on('complaints')
    .columns(['next_due_at', 'id'])
    .where(sql.ref('next_due_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_next_due').execute();
  await db.schema
    .createIndex('complaints_next_due')
    .on('complaints')
    .columns(['next_due_at'])
    .where(sql.ref('next_due_at'), 'is not', null)
    .execute();
}
