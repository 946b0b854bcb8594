import { type Kysely, sql } from 'kysely';

/**
 * A settlement the consumer accepted through their link was recorded "by" the complaint's id
 * (the link's principal is the complaint). It is the consumer's: `recorded_by` says `consumer`,
 * as `writeSettlement` now writes it. Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('settlements')
    .set({ recorded_by: 'consumer' })
    .where(sql`substr(recorded_by, 1, 4)`, '=', 'cmp_')
    .execute();
}

export async function down(): Promise<void> {
  // Which complaint a row was recorded by is its `complaint_id`; nothing to undo.
}
