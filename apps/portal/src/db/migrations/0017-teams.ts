import type { Kysely } from 'kysely';

/**
 * Working as a team (issue 14): a complaint's owner among its merchant's users, internal notes
 * (and the side an event is for, so a note reaches only its author's side), reply templates per
 * merchant, and the short consumer links the SMS carry. Typed `Kysely<any>` and importing
 * nothing from the app. Instants are bigint epoch milliseconds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('owner_id', 'text').execute();
  await db.schema
    .createIndex('complaints_owner')
    .on('complaints')
    .columns(['merchant_id', 'owner_id'])
    .execute();
  // null: every side that sees the complaint; 'merchant': only its merchant; 'staff': only staff.
  await db.schema.alterTable('events').addColumn('audience', 'text').execute();

  await db.schema
    .createTable('complaint_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text')
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('complaint_notes_complaint')
    .on('complaint_notes')
    .columns(['complaint_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('reply_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('reply_templates_name', ['merchant_id', 'name'])
    .execute();

  await db.schema
    .createTable('consumer_links')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consumer_links_expires').on('consumer_links').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consumer_links').execute();
  await db.schema.dropTable('reply_templates').execute();
  await db.schema.dropTable('complaint_notes').execute();
  await db.schema.alterTable('events').dropColumn('audience').execute();
  await db.schema.dropIndex('complaints_owner').execute();
  await db.schema.alterTable('complaints').dropColumn('owner_id').execute();
}
