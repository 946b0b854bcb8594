import type { Kysely } from 'kysely';

/**
 * Attachments on messages (issue 14): `attachments.message_event_id`, the event of the message,
 * information request or consumer's reply that carries the file (null while it is the
 * complaint's evidence only). A file is carried by one message at most. Typed `Kysely<any>` and
 * importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('message_event_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').dropColumn('message_event_id').execute();
}
