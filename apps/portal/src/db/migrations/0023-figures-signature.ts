import type { Kysely } from 'kysely';

/**
 * The dashboard's months are kept while their data's signature holds (figures/cache.ts): the
 * number of complaints received in the month and the sum of their versions. This index holds
 * both, so the signature of two years of months is read from the index alone, no complaint row.
 * (The settlements' signature, their number and last id, is `settlements_recorded`'s.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('complaints_received_version')
    .on('complaints')
    .columns(['received_at', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_received_version').execute();
}
