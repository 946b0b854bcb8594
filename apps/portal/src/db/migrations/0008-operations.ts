import type { Kysely } from 'kysely';

/**
 * Operations: the lease a background job takes so that one worker of a deployment runs it at a
 * time (housekeeping), the mark of a complaint whose consumer's personal data was erased after
 * the retention period, and the indexes housekeeping and the reveal audit read by. Typed
 * `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('complaints').addColumn('personal_data_erased_at', 'bigint').execute();
  await db.schema
    .createIndex('webhook_attempts_started')
    .on('webhook_attempts')
    .columns(['started_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_delivered')
    .on('webhook_deliveries')
    .columns(['delivered_at'])
    .execute();
  await db.schema.createIndex('sessions_expires').on('sessions').columns(['expires_at']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'audit_log_action',
    'sessions_expires',
    'webhook_deliveries_delivered',
    'webhook_attempts_started',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('complaints').dropColumn('personal_data_erased_at').execute();
  await db.schema.dropTable('job_leases').execute();
}
