import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Evidence on complaints (issue 14): `attachments`, one row per file attached to a complaint
 * (its detected type, size, SHA-256, who attached it, and where its bytes are: `blob_key`);
 * `attachment_chunks`, the bytes themselves on PostgreSQL (256 KiB `bytea` rows, so that every
 * portal process sharing the database reads them; on SQLite the bytes are files in the data
 * folder and this table stays empty); and `audit_log.attachment_id`, the file a read of a
 * consumer's attachment was of. Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('uploaded_by_kind', 'text', (c) => c.notNull())
    .addColumn('uploaded_by_id', 'text')
    .addColumn('uploaded_by_role', 'text')
    .addColumn('uploaded_by_actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_complaint')
    .on('attachments')
    .columns(['complaint_id', 'id'])
    .execute();
  await db.schema.createIndex('attachments_blob').on('attachments').column('blob_key').execute();
  await db.schema
    .createTable('attachment_chunks')
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('data', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['blob_key', 'n'])
    .execute();
  await db.schema.alterTable('audit_log').addColumn('attachment_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('attachment_id').execute();
  await db.schema.dropTable('attachment_chunks').execute();
  await db.schema.dropTable('attachments').execute();
}
