import { type Kysely, sql } from 'kysely';

/**
 * One published typical case per complaint, held by the database: publishing checks first, but on
 * PostgreSQL (read committed) two staff publishing the same complaint at the same instant could both
 * pass the check. The partial unique index makes the second insert fail (409). Unpublished rows stay
 * out of it, so a complaint may be published again after it was taken down.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('typical_cases_one_published')
    .on('typical_cases')
    .column('complaint_id')
    .unique()
    .where(sql.ref('unpublished_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('typical_cases_one_published').execute();
}
