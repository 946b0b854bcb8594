import type { Kysely } from 'kysely';

/**
 * Notices to people by mail (issue 14): each user's choices, the mails waiting for the
 * delivery job (a lease, retries, like webhook deliveries), and the daily digests with the
 * events waiting for them. The email channel joins `notifications`, where mails go without
 * SMTP. Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('digest_minute', 'integer', (c) => c.notNull().defaultTo(540))
    .addColumn('choices', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notice_mails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('digest_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('transport', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  // One mail per user and event at most (a digest's event_id is null: nulls are distinct).
  await db.schema
    .createIndex('notice_mails_event')
    .on('notice_mails')
    .columns(['event_id', 'user_id'])
    .unique()
    .execute();
  await db.schema.createIndex('notice_mails_due').on('notice_mails').columns(['next_attempt_at']).execute();

  await db.schema
    .createTable('notice_digests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('slot_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Exactly one digest per user and day, whichever worker claims it.
  await db.schema
    .createIndex('notice_digests_day')
    .on('notice_digests')
    .columns(['user_id', 'day'])
    .unique()
    .execute();

  await db.schema
    .createTable('notice_digest_items')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('digest_id', 'text')
    .addPrimaryKeyConstraint('notice_digest_items_pk', ['user_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('notice_digest_items_waiting')
    .on('notice_digest_items')
    .columns(['digest_id', 'user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_digest_items').execute();
  await db.schema.dropTable('notice_digests').execute();
  await db.schema.dropTable('notice_mails').execute();
  await db.schema.dropTable('notice_preferences').execute();
}
